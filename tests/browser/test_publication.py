"""In a real headless Chromium: the administrator's publication desk names the selected items
a batch leaves out, and why, before and after publishing (issue 13, point 9)."""

import pytest
from playwright.sync_api import expect

from auction.models import Item
from auction.services import selection
from auction.services.lists import review_list

# The supply side's fixtures, used here by name.
from tests.auction.conftest import auction_2023, field_2023, unit_list  # noqa: F401
from tests.auction.test_selection_and_catalogue import experts, panel, score_all, submitted_list  # noqa: F401
from tests.browser.conftest import accept_next_dialog, sign_in
from tests.browser.test_supply_flow import admin_menu
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_desk_names_the_items_a_batch_leaves_out_and_why(page, live_server, admin_user, request):
    submitted, campaign, field = (request.getfixturevalue(name) for name in ("submitted_list", "auction_2023",
                                                                               "field_2023"))
    score_all(request.getfixturevalue("panel"), submitted, request.getfixturevalue("experts"), admin_user)
    selection.select(actor=admin_user, campaign=campaign, field=field, top_n=5)
    sign_in(page, live_server.url, admin_user.username, PASSWORD)
    admin_menu(page, "发布管理")
    page.goto(f"{page.url.split('?')[0]}?campaign={campaign.pk}")
    held = page.get_by_test_id("held-back")
    expect(held.locator("li")).to_have_count(5)  # nothing ready: the list is not accepted yet
    expect(held.first).to_contain_text("清单接收后方可发布")

    review_list(actor=admin_user, submission_list=submitted, accept=True)
    returned = Item.objects.filter(selected=True).order_by("id").first()
    Item.objects.filter(pk=returned.pk).update(review_state="returned")  # sent back after the selection
    page.reload()
    row = page.get_by_role("row", name=field.name).first
    accept_next_dialog(page)
    row.get_by_role("button", name="发布").click()
    expect(page.get_by_role("alert").first).to_contain_text("发布 4 项")
    held = page.get_by_test_id("held-back")
    expect(held.locator("li")).to_have_count(1)
    expect(held).to_contain_text(returned.title)
    expect(held).to_contain_text("审核状态为“已退回”")
