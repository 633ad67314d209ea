"""In a real headless Chromium, the demand side's way (issue 14): an enterprise posts a demand
with its contact hidden; an expert approves it with marks; the administrator puts it on a hot
list and publishes it; a university liaison finds the list in their inbox; a solver answers
it; the enterprise records an intention; a visitor on a phone sees the demand without what
was hidden."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import accept_next_dialog, sign_in, sign_out, watch_csp
from tests.browser.test_supply_flow import admin_menu
from tests.conftest import PASSWORD, persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "耐高温氟橡胶密封件老化问题"


def test_a_demand_from_the_enterprise_to_the_public_with_its_contact_hidden(page, live_server):
    base = live_server.url
    enterprise, expert, admin = persona("enterprise_user"), persona("expert"), persona("admin_user")
    liaison, solver = persona("liaison"), persona("solver")
    refused = watch_csp(page.context)

    sign_in(page, base, enterprise.username, PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="我的需求").click()
    page.get_by_role("link", name="发布需求").click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("产业领域").select_option(label="新材料")
    page.get_by_label("存在问题及现状").fill("现有氟橡胶密封件在 300℃ 工况下三个月即老化开裂，需要新的配方或工艺。")
    page.get_by_label("意向投入金额（万元）").fill("120")
    page.get_by_label("合作开发").check()
    page.get_by_label("有效期至").fill(f"{timezone.localdate().year + 1}年6月30日")
    page.get_by_role("textbox", name="联系人", exact=True).fill("陈立群")
    page.get_by_role("textbox", name="联系电话", exact=True).fill("0512-66881234")
    page.get_by_label("指标 1").fill("长期耐温")
    page.get_by_label("数值 1").fill("300")
    page.get_by_label("单位 1").fill("℃")
    expect(page.get_by_label("隐去：联系电话")).to_be_checked()  # the contact is hidden unless shown
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存")
    number = re.search(r"XQ\d+", page.locator(".page-header").inner_text()).group(0)
    page.get_by_role("button", name="提交诊断").click()
    expect(page.get_by_role("alert")).to_contain_text("已提交诊断")
    sign_out(page, enterprise.name)

    sign_in(page, base, expert.username, PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="待诊断需求").click()
    page.get_by_role("row", name=re.compile(TITLE)).get_by_role("link", name="诊断").click()
    for label, mark in (("完整性", "90"), ("技术参数的先进性", "85"), ("经济合理性", "80"), ("需求可行性", "88")):
        page.get_by_label(re.compile(f"^{label}")).fill(mark)
    expect(page.locator("[data-score-total]")).to_have_text("85.75")
    page.get_by_label("通过", exact=True).check()
    page.get_by_role("button", name="提交诊断结论").click()
    expect(page.get_by_role("alert")).to_contain_text(f"需求 {number} 已完成诊断")
    sign_out(page, expert.name)

    sign_in(page, base, admin.username, PASSWORD)
    admin_menu(page, "热门需求榜单")
    page.get_by_label("榜单标题").fill("新材料热门需求榜单（第一批）")
    page.get_by_label("产业领域").select_option(label="新材料")
    page.get_by_label(re.compile(TITLE)).check()
    page.get_by_role("button", name="编制榜单").click()
    accept_next_dialog(page)
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_role("alert")).to_contain_text("已发布")
    sign_out(page, admin.name)

    sign_in(page, base, liaison.username, PASSWORD)
    page.goto(f"{base}/notifications/")
    page.get_by_role("link", name=re.compile("新材料热门需求榜单")).first.click()
    expect(page.get_by_role("heading", name="新材料热门需求榜单（第一批）")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    sign_out(page, liaison.name)

    sign_in(page, base, solver.username, PASSWORD)
    page.goto(f"{base}/challenge/demands/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="我要揭榜").click()
    page.get_by_label("团队负责人").fill("李振华")
    page.get_by_label("技术路线").fill("采用全氟醚橡胶与纳米填料复合配方，提高高温稳定性。")
    page.get_by_label("进度安排").fill("10 个月完成配方与中试")
    page.get_by_label("数值 1").fill("320")
    page.get_by_role("button", name="提交方案").click()
    expect(page.get_by_role("alert")).to_contain_text("您的方案已发送给需求企业")
    sign_out(page, solver.name)

    sign_in(page, base, enterprise.username, PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="我的需求").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name=solver.organization.name).click()
    expect(page.get_by_text("320 ℃")).to_be_visible()
    accept_next_dialog(page)
    page.get_by_role("button", name="记录合作意向").click()
    expect(page.locator(".page-header")).to_contain_text("意向合作")
    sign_out(page, enterprise.name)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/challenge/demands/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    body = page.locator("main, body").first.inner_text()
    assert "120" in body and "长期耐温" in body and enterprise.organization.name in body
    assert "陈立群" not in body and "66881234" not in body
    expect(page.get_by_text("应需求方要求，以下信息未公开")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert refused == [], f"refused by the Content-Security-Policy: {refused}"
