"""In a real headless Chromium, the stock-patent inventory after the evaluations (issue 16): a
university's liaison screens a patent, registers it with an open licence (fee standard and
payment method), matches it to the enterprise demanding in its sub-field, and the enterprise's
user finds the push in the inbox; and the liaison gives the ticked patents of what is left to
a reviewer from the dashboard."""

import re

import pytest
from playwright.sync_api import Page, expect

from challenge.services import hot_lists
from jbgs.models import IndustryField
from tests.browser.conftest import sign_in, sign_out
from tests.challenge.conftest import approved_demand, challenge_campaign
from tests.conftest import PASSWORD, make_organization, persona
from tests.transformation.stock import stock
from transformation.models import StockPatent
from transformation.services import stock as services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
EVALUATION = {"maturity": "4", "market": "4", "value": "4", "recommended": "yes"}


def evaluated_patent(liaison) -> StockPatent:
    patent, = stock(liaison.organization, 1)
    StockPatent.objects.filter(pk=patent.pk).update(field=IndustryField.objects.get(year=2023, code="new_energy"),
                                                    sub_field="动力电池")
    services.evaluate(actor=liaison, patent_id=patent.pk, kind="institution", data=EVALUATION)
    patent.refresh_from_db()
    return patent


def publish_demand(enterprise_user) -> None:
    """The enterprise's demand in 新能源 / 动力电池, approved and on a published hot list."""
    admin = persona("admin_user")
    demand = approved_demand(enterprise_user, persona("expert"), title="固态电池电解质")
    hot_list = hot_lists.create_hot_list(actor=admin, campaign=challenge_campaign(), field=demand.field,
                                         title="新能源榜单", demand_ids=[demand.pk])
    hot_lists.publish_hot_list(actor=admin, hot_list=hot_list)


def test_a_liaison_screens_registers_and_pushes_a_patent_and_the_enterprise_finds_it(page: Page, live_server):
    liaison, enterprise_user = persona("liaison"), persona("enterprise_user")
    patent = evaluated_patent(liaison)
    publish_demand(enterprise_user)
    sign_in(page, live_server.url, "liaison", PASSWORD)
    page.goto(f"{live_server.url}/transformation/stock/patents/{patent.pk}/")
    expect(page.locator("#stage")).to_have_text("已评价")

    screening = page.locator("form[action$='/screen/']")
    screening.get_by_label("市场需求潜力较大、经济价值较高").select_option(label="是")
    screening.get_by_label("筛选说明").fill("动力电池企业需求旺盛")
    screening.get_by_role("button", name="保存筛选结果").click()
    expect(page.get_by_role("alert")).to_contain_text("筛选结果已保存。")
    expect(page.locator("#stage")).to_have_text("已筛选")

    registration = page.locator("form[action$='/register/']")
    registration.get_by_label("转化资源库").select_option(label="推荐纳入省专利转化资源库")
    registration.get_by_label("开放许可费用标准").fill("入门费 2 万元，另按销售额 3% 提成")
    registration.get_by_label("开放许可支付方式").fill("入门费一次性支付，提成按年结算")
    registration.get_by_role("button").click()
    expect(page.get_by_role("alert")).to_contain_text("专利已登记入转化资源库。")
    expect(page.locator("#stage")).to_have_text("已登记")
    expect(page.get_by_text("入门费 2 万元，另按销售额 3% 提成; 入门费一次性支付，提成按年结算")).to_be_visible()

    matching = page.locator("form[action$='/match/']")
    matching.get_by_label(enterprise_user.organization.name).check()
    matching.get_by_label("原因").fill("贵公司征集固态电池电解质技术，本专利同属动力电池细分领域")
    matching.get_by_role("button", name="推送").click()
    expect(page.get_by_role("alert")).to_contain_text("专利已推送给 1 家企业。")
    expect(page.locator("#stage")).to_have_text("已匹配")
    expect(page.locator("#matches")).to_contain_text(enterprise_user.organization.name)
    sign_out(page, liaison.name)

    sign_in(page, live_server.url, "enterprise", PASSWORD)
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_text(f"为您推荐专利：{patent.title}")).to_be_visible()
    expect(page.get_by_text(re.compile(f"{liaison.organization.name} 推荐专利 {re.escape(patent.application_number)}"))
           ).to_be_visible()


def test_the_liaison_gives_the_ticked_patents_to_a_reviewer_from_the_dashboard(page: Page, live_server):
    liaison = persona("liaison")
    first, second, third = stock(liaison.organization, 3)
    reviewer = make_organization("扬州技术转移中心有限公司", "tech_transfer_agency", "321002")
    sign_in(page, live_server.url, "liaison", PASSWORD)
    page.goto(f"{live_server.url}/transformation/stock/")
    page.get_by_label(f"勾选 {first.application_number}").check()
    page.get_by_label(f"勾选 {third.application_number}").check()
    bulk = page.get_by_role("form", name="将专利交评价机构评价")
    bulk.get_by_label("交评价机构", exact=True).select_option(label=reviewer.name)
    bulk.get_by_role("button", name="将勾选的专利交其评价").click()
    expect(page.get_by_role("alert")).to_contain_text(f"2 件专利已交给{reviewer.name}评价。")
    given = set(StockPatent.objects.filter(reviewer=reviewer).values_list("pk", flat=True))
    assert given == {first.pk, third.pk}
