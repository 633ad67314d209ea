"""In Chromium: a university applies to an open call with the eligibility pre-check beside its
form, submits, downloads its 申报书 carrying the digest; 苏州's organiser recommends it; the
administrator funds it."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in, sign_out
from tests.conftest import PASSWORD, persona
from tests.transformation.application_helpers import applicant
from transformation.models import Call, CallRule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def open_call() -> Call:
    today = datetime.date.today()
    source = Call.objects.get(code="2022-university")
    call = Call.objects.create(code=f"{today.year}-university-open", year=today.year, direction="university",
                               title=f"{today.year}年度省专利转化专项计划·高校院所", city_cap=1,
                               opens_on=today - datetime.timedelta(days=10), closes_on=today + datetime.timedelta(days=10))
    CallRule.objects.bulk_create([CallRule(call=call, code=r.code, label=r.label, position=r.position,
                                           conditions=r.conditions) for r in source.rules.all()])
    return call


def test_a_university_applies_the_city_recommends_the_province_funds(page, live_server):
    base = live_server.url
    call = open_call()
    year = call.year
    _, liaison = applicant(years=(year - 3, year - 2, year - 1))
    admin, organiser = persona("admin_user"), persona("organizer")

    sign_in(page, base, liaison.username, PASSWORD)
    page.goto(f"{base}/transformation/calls/{call.pk}/apply/")
    expect(page.get_by_test_id("verdict")).to_have_attribute("data-eligible", "true")
    page.get_by_label("项目名称").fill("苏州大学知识产权运营中心")
    page.get_by_label("实施方案").fill("组建专业化团队，实体化运行。")
    page.get_by_label("承诺目标").fill("转化专利年增长20%。")
    page.get_by_label("联络人", exact=True).fill("张老师")
    page.get_by_label("联络人电话").fill("0512-65880000")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "submitted")
    digest = page.get_by_test_id("digest").inner_text().strip()
    assert len(digest) == 64
    with page.expect_download() as download:
        page.get_by_role("link", name="下载申报书").click()
    assert download.value.suggested_filename.endswith("申报书.pdf")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    sign_out(page, liaison.name)

    sign_in(page, base, organiser.username, PASSWORD)
    page.goto(f"{base}/transformation/applications/city/")
    page.get_by_role("link", name="苏州大学知识产权运营中心").click()
    page.get_by_role("button", name="推荐", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "recommended")
    sign_out(page, organiser.name)

    sign_in(page, base, admin.username, PASSWORD)
    page.goto(f"{base}/transformation/applications/province/?status=recommended")
    page.get_by_role("link", name="苏州大学知识产权运营中心").click()
    page.get_by_role("button", name="立项支持").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "funded")
    expect(page.get_by_test_id("performance")).to_be_visible()
