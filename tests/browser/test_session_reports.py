"""In Chromium: an organiser asks for the session's summary report, watches it wait for a
worker, then finds it ready to download without reloading; the annual exhibition reads well
on a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import celery_tasks_queued, sign_in
from tests.conftest import PASSWORD, persona
from tests.sessions_mgmt.helpers import make_session
from tests.sessions_mgmt.test_reports import with_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_organiser_watches_the_summary_report_being_made_and_downloads_it(page, live_server):
    session = with_records(make_session(2023, title="2023年新能源产业专场"))
    sign_in(page, live_server.url, persona("organizer").username, PASSWORD)
    with celery_tasks_queued() as start_worker:
        page.goto(f"{live_server.url}/sessions/reports/")
        page.get_by_label("报告").select_option("session_pdf")
        page.get_by_label("专场").select_option(str(session.pk))
        page.get_by_role("button", name="生成报告").click()
        row = page.locator("#report-jobs tbody tr").first
        expect(row).to_have_attribute("data-status", "queued")
        start_worker()
        download_link = row.get_by_role("link", name="下载")
        expect(download_link).to_be_visible(timeout=30_000)  # polled in, no reload
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith("总结报告.pdf")


def test_the_exhibition_on_a_phone(page, live_server):
    with_records(make_session(2023, title="2023年新能源产业专场"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/sessions/exhibition/2023/")
    title = page.get_by_role("heading", name="高镍正极材料包覆工艺")
    expect(title).to_be_visible()
    assert title.bounding_box()["width"] > 250
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
