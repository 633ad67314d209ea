"""In Chromium: the administrator opens a new call from the calls list, types its rules one a
line, is told which line is wrong, corrects it, and the call's page shows the conditions and
pre-checks against them; the Edit action reopens the form with the rules as typed."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RULES = ("ip_staff | 配有知识产权管理人员不少于5人 | ip_staff >= 5\n"
         "patent_output | 年均专利授权量超过150件或者发明专利授权量超过50件 | grants_avg > 150 or invention_grants_avg more 50")


def test_the_administrator_creates_a_call_and_a_wrong_rule_line_is_named(page, live_server):
    base = live_server.url
    admin = persona("admin_user")
    sign_in(page, base, admin.username, PASSWORD)
    page.goto(f"{base}/transformation/calls/")
    page.get_by_test_id("call-new").click()
    page.locator("#id_code").fill("2031-university")
    page.locator("#id_year").fill("2031")
    page.locator("#id_direction").select_option("university")
    page.locator("#id_title").fill("2031年度省专利转化专项计划·高校院所")
    page.locator("#id_opens_on").fill("2031-03-01")
    page.locator("#id_closes_on").fill("2031-04-30")
    page.locator("#id_city_cap").fill("1")
    page.locator("#id_rules").fill(RULES)
    page.get_by_role("button", name="保存申报项目").click()
    expect(page.get_by_test_id("call-form")).to_contain_text("第 2 行")
    page.locator("#id_rules").fill(RULES.replace("more 50", "> 50"))
    page.get_by_role("button", name="保存申报项目").click()
    expect(page.get_by_test_id("rules").locator("li")).to_have_count(2)
    page.locator("#id_ip_staff").fill("5")
    page.locator("#id_grants_avg").fill("150")
    page.locator("#id_invention_grants_avg").fill("51")
    page.get_by_role("button", name="预检").click()
    expect(page.get_by_test_id("verdict")).to_have_attribute("data-eligible", "true")
    page.get_by_test_id("call-edit").click()
    expect(page.locator("#id_rules")).to_have_value(RULES.replace("more 50", "> 50"))
