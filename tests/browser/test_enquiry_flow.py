"""In a real headless Chromium on a phone (390 px wide): an enterprise's person asks the seller
about a catalogue entry from its card, which answers in place (htmx), cleared and with a
confirmation; the seller unit's liaison finds it in the inbox and answers it; the asker reads
the answer in "My enquiries", whose table is cards on the phone."""

import pytest
from playwright.sync_api import expect

from tests.auction import bidding
from tests.browser.conftest import sign_in, sign_out
from tests.conftest import PASSWORD, persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUESTION = "请问该专利是否接受普通许可？"
ANSWER = "接受普通许可，费用面议，欢迎来所洽谈。"


PHONE = {"width": 390, "height": 844}


def _sign_out(page, name: str) -> None:
    """On a desktop's width, where the menu is not folded; then back to the phone."""
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_out(page, name)
    page.set_viewport_size(PHONE)


def test_an_enquiry_asked_answered_and_read_on_a_phone(page, live_server, admin_user):
    item = bidding.published_items(admin_user)[0]
    seller, asker = bidding.seller_liaison(), persona("enterprise_user")
    base = live_server.url
    page.set_viewport_size(PHONE)

    sign_in(page, base, asker.username, PASSWORD)
    page.goto(f"{base}/catalogue/{item.pk}/")
    card = page.locator("#enquiry")
    card.get_by_label("联系电话").fill("0512-62870001")
    card.get_by_label("咨询内容").fill(QUESTION)
    card.get_by_role("button", name="发送咨询").click()
    expect(page.locator("#enquiry .alert-success")).to_contain_text("咨询已发送给卖方")
    expect(page.locator("#enquiry").get_by_label("咨询内容")).to_have_value("")
    expect(page.locator("#enquiry").get_by_label("联系电话")).to_have_value("0512-62870001")
    _sign_out(page, asker.name)

    sign_in(page, base, seller.username, PASSWORD)
    page.goto(f"{base}/auction/enquiries/")
    page.get_by_role("link", name=item.title).click()
    page.get_by_label("回复").fill(ANSWER)
    page.get_by_role("button", name="发送回复").click()
    expect(page.get_by_text("回复已发送给咨询人")).to_be_visible()
    _sign_out(page, seller.name)

    sign_in(page, base, asker.username, PASSWORD)
    page.goto(f"{base}/auction/my-enquiries/")
    title = page.get_by_role("link", name=item.title)
    expect(title).to_be_visible()
    # A card on the phone: the title's cell keeps the screen's width, not one character a line.
    assert title.locator("xpath=ancestor::td").bounding_box()["width"] > 300
    expect(page.get_by_text(ANSWER)).to_be_visible()
