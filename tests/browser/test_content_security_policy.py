"""In a real headless Chromium, under the portal's strict Content-Security-Policy: the pages,
their htmx updates and small behaviours, the language switch, the API documentation and the
back office all work, and Chromium refuses nothing (the `page` fixture fails a test on any
refusal, see conftest)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_organization, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_pages_work_under_the_policy_and_nothing_is_refused(page, live_server):
    base = live_server.url
    operator = make_organization("江苏省技术产权交易市场", "platform_operator", "320102")
    make_user("admin", operator, ["admin"], name="王明睿")
    make_organization("南京工业大学", "undergraduate_university", "320111")
    make_organization("苏州微纳光电科技有限公司", "enterprise", "320506")

    response = page.goto(f"{base}/apply/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    page.get_by_label("单位类型").select_option("undergraduate_university")
    expect(page.get_by_label("部省属")).to_be_visible()  # portal.js, from its own file

    sign_in(page, base, "admin", PASSWORD)
    page.goto(f"{base}/organizations/")
    page.get_by_role("searchbox", name="搜索").fill("微纳")  # htmx swaps the table in
    expect(page.locator("#org-table")).to_contain_text("苏州微纳光电科技有限公司")
    expect(page.locator("#org-table")).not_to_contain_text("南京工业大学")

    page.get_by_label("语言").select_option("en")  # submits itself (data-autosubmit)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto(f"{base}/api/docs/")
    expect(page.locator(".swagger-ui").get_by_text("/api/v1/me/").first).to_be_visible(timeout=15_000)

    page.goto(f"{base}/backoffice/")
    expect(page.locator("#site-name")).to_be_visible()
