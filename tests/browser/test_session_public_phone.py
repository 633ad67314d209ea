"""A session's public page on a phone (390 px, as the WeChat in-app browser shows it): nothing
wider than the screen, its chart-free cards readable, and the dashboard's SVG chart within the
Content-Security-Policy (the browser fixtures fail a test on any violation)."""

import datetime
import os

import pytest
from playwright.sync_api import expect

from sessions_mgmt.models import Roadshow, Session
from sessions_mgmt.services.compliance import recompute
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, persona
from tests.sessions_mgmt.helpers import make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_public_page_fits_a_phone_and_the_dashboard_draws_its_chart(page, live_server):
    session = make_session(title="2023年新能源产业专场（拍卖季）")
    Roadshow.objects.create(session=session, held_on=datetime.date(2023, 9, 1), title="新能源成果路演",
                            attendees=80, created_by=persona("organizer"))
    for day in (datetime.date(2023, 6, 1), datetime.date(2023, 9, 2)):
        recompute(day=day, sessions=Session.objects.filter(pk=session.pk))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/sessions/public/{session.pk}/")
    expect(page.get_by_role("heading", name=session.title)).to_be_visible()
    expect(page.get_by_text("新能源成果路演")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if os.environ.get("SHOT_DIR"):
        page.screenshot(path=f"{os.environ['SHOT_DIR']}/session390.png", full_page=True)

    sign_in(page, live_server.url, persona("organizer").username, PASSWORD)
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    expect(page.get_by_role("img", name="各项目标每日完成进度（占目标的百分比）")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if os.environ.get("SHOT_DIR"):
        page.screenshot(path=f"{os.environ['SHOT_DIR']}/dashboard390.png", full_page=True)

    page.context.clear_cookies()
    sign_in(page, live_server.url, persona("admin_user").username, PASSWORD)
    page.goto(f"{live_server.url}/sessions/province/?year=2023")
    expect(page.get_by_test_id("province-table").get_by_role("link", name=session.title)).to_be_visible()
    expect(page.get_by_role("img", name="目标完成状态统计")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the wide table scrolls in its box
    if os.environ.get("SHOT_DIR"):
        page.screenshot(path=f"{os.environ['SHOT_DIR']}/province390.png", full_page=True)
