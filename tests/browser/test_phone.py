"""On a phone (390 px wide, as the WeChat in-app browser shows pages): the header is one row,
the catalogue's results come before its filters, and tables become cards whose titles keep
the width of the screen (issue 13, point 15)."""

import pytest
from playwright.sync_api import expect

from tests.auction import bidding
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_bidder_on_a_phone_reads_titles_whole_and_the_header_in_one_row(page, live_server, admin_user):
    lot = bidding.make_lot(admin_user, bidding.published_items(admin_user))
    user = bidding.make_bidder(admin_user, lot, "phone_bidder")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, user.username, PASSWORD)
    header = page.locator("nav.portal-nav").bounding_box()
    assert header["height"] < 80  # one row: brand and menu button side by side
    page.goto(f"{live_server.url}/auction/bidding/mine/")
    title = page.get_by_role("link", name=lot.title)
    expect(title).to_be_visible()
    assert title.bounding_box()["width"] > 200  # not one character a line
    # The day's list too: each lot a card, its price and countdown labelled, nothing cut.
    page.goto(f"{live_server.url}/auction/bidding/days/{lot.day.date.isoformat()}/")
    row = page.locator(f"#lot-{lot.pk}")
    assert row.get_by_role("link").bounding_box()["width"] > 200
    expect(row.get_by_test_id("price")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(f"{live_server.url}/catalogue/")
    filters = page.locator("#catalogue-filters")
    expect(filters).to_be_hidden()  # folded under one button
    page.get_by_role("button", name="筛选条件").click()
    expect(filters).to_be_visible()
