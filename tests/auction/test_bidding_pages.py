"""The bidding pages as each role uses them, with the clock frozen on a bidding day."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from auction.models import Deal, Lot, Registration
from auction.services import closing
from auction.services.bidding import place_bid
from tests.auction import bidding
from tests.auction.bidding import RESERVE, START, at, make_lot

pytestmark = pytest.mark.django_db
TEN = "2023-06-07 10:00:00+08:00"
RESERVE_WAN = "120"  # the reserve, as the pages would print it in 万元


def lot_pages(lot):
    return [reverse("auction:lot", args=[lot.pk]), reverse("auction:lot-live", args=[lot.pk]),
            reverse("auction:bidding-day", args=["2023-06-07"]), reverse("auction:bidding")]


@freeze_time(TEN)
def test_a_visitor_sees_the_lot_but_not_the_reserve(client, lot):
    page = client.get(reverse("auction:lot", args=[lot.pk]))
    assert page.status_code == 200
    assert "起拍价" in page.text and "请使用竞买人账号登录" in page.text
    # That there is a reserve and whether the price reached it is public; its amount is not.
    assert "有保留价 · 未达保留价" in page.text
    for path in lot_pages(lot):
        text = client.get(path).text
        assert "不公开" not in text and f">{RESERVE_WAN}<" not in text and RESERVE_WAN + " 万元" not in text, path


def test_a_bidder_is_told_how_to_pay_the_deposit_before_and_after_registering(client_as, bidder, admin_user, lot):
    """The amount (and in words), the exchange's account, the remark that identifies the
    payment and the deadline: on the registration page, the lot's page and in the notice."""
    from auction.models import AuctionRules
    from jbgs.models import Notification

    rules = AuctionRules.of(lot.campaign)
    rules.deposit_payee, rules.deposit_bank, rules.deposit_account = "江苏省技术产权交易市场", "某银行南京分行", "3201 9988 7766"
    rules.deposit_lead_hours = 18
    rules.save()
    client = client_as(bidder)
    with freeze_time(bidding.BEFORE):
        before = client.get(reverse("auction:lot-register", args=[lot.pk])).text
        assert "50,000.00 元" in before and "伍万元整" in before and "3201 9988 7766" in before
        assert "2023-06-06 15:30" in before  # 18 hours before the lot opens at 09:30
        page = client.post(reverse("auction:lot-register", args=[lot.pk]),
                           {"rules_accepted": "on", "disclaimer_accepted": "on"})
        assert page.url.endswith("#deposit")
        after = client.get(page.url).text
    registration = Registration.objects.get(bidder=bidder)
    note = f"{lot.number}-{registration.alias}"
    assert f'data-testid="transfer-note">{note}<' in after and "某银行南京分行" in after
    with freeze_time(bidding.BEFORE):
        assert f'/auction/lots/{lot.pk}/#deposit">缴纳方式' in client.get(reverse("auction:my-bidding")).text
    notice = Notification.objects.get(recipient=bidder, kind="auction.deposit.instructions")
    assert note in notice.body and "3201 9988 7766" in notice.body and "2023-06-06 15:30" in notice.body
    # Once the deposit is confirmed the instructions go; another bidder never sees the remark.
    bidding.deposit_arrived(admin_user, registration, now=bidding.BEFORE)
    with freeze_time(bidding.BEFORE):
        assert 'data-testid="deposit-payment"' not in client.get(reverse("auction:lot", args=[lot.pk])).text
        other = client_as(admin_user).get(reverse("auction:lot", args=[lot.pk])).text
    assert note not in other.replace(f"{lot.number} ", "")


def test_without_an_account_set_the_bidder_is_told_the_exchange_will_say(client_as, bidder, lot):
    with freeze_time(bidding.BEFORE):
        page = client_as(bidder).get(reverse("auction:lot-register", args=[lot.pk])).text
    assert "缴款账户由交易市场另行通知" in page and "开户银行" not in page


@freeze_time(TEN)
def test_a_bidder_registers_pays_and_bids_from_the_page(client_as, bidder, admin_user, lot):
    page = client_as(bidder).post(reverse("auction:lot-register", args=[lot.pk]),
                                  {"rules_accepted": "on", "disclaimer_accepted": "on"}, follow=True)
    assert "报名成功" in page.text and "缴纳保证金 50,000.00 元" in page.text
    registration = Registration.objects.get(bidder=bidder)
    assert registration.deposit_state == "awaiting"
    desk = client_as(admin_user)
    confirm = reverse("auction:manage-deposit", args=[registration.pk])
    # What the bank statement says, or a clear refusal saying what is wrong; nothing recorded then.
    for data, error in [({"reference": "", "amount": "50000", "received_on": "2023-06-07"}, "付款凭证号"),
                        ({"reference": "B-1", "amount": "49999.99", "received_on": "2023-06-07"},
                         "到账 49,999.99 元，少于应交保证金 50,000.00 元"),
                        ({"reference": "B-1", "amount": "abc", "received_on": "2023-06-07"}, "到账金额（元）"),
                        ({"reference": "B-1", "amount": "50000", "received_on": "2023.6.8"}, "不能晚于今天"),
                        ({"reference": "B-1", "amount": "1e400", "received_on": "2023-06-07"}, "到账金额（元）")]:
        answer = desk.post(confirm, data, follow=True)
        assert error in answer.text, data
        registration.refresh_from_db()
        assert registration.deposit_state == "awaiting" and not registration.deposit_reference
    desk.post(confirm, {"reference": "B-1", "amount": "5万", "received_on": "2023年6月7日"})
    registration.refresh_from_db()
    assert registration.deposit_state == "held"
    assert (registration.deposit_reference, registration.deposit_received_amount, registration.deposit_received_on) == (
        "B-1", Decimal("50000.00"), datetime.date(2023, 6, 7))
    row = desk.get(reverse("auction:manage-lot", args=[lot.pk])).text
    assert "B-1" in row and "50,000.00 元" in row and "2023-06-07" in row
    client = client_as(bidder)
    live = client.post(reverse("auction:lot-bid", args=[lot.pk]), {"amount": "100"}, HTTP_HX_REQUEST="true")
    assert live.status_code == 200 and "您当前出价最高" in live.text and "出价 100 万元成功" in live.text
    for path in lot_pages(lot) + [reverse("auction:my-bidding"), reverse("home")]:
        text = client.get(path).text
        assert "不公开" not in text and f">{RESERVE_WAN}<" not in text, path


@freeze_time(TEN)
def test_the_confirmation_step_shows_the_amount_in_words(client_as, alice, lot):
    step = client_as(alice).get(reverse("auction:lot-bid-confirm", args=[lot.pk]), {"amount": "125万"})
    assert "壹佰贰拾伍万元整" in step.text and "确认出价" in step.text
    wrong = client_as(alice).get(reverse("auction:lot-bid-confirm", args=[lot.pk]), {"amount": "一百万"})
    assert "不是有效金额" in wrong.text


@freeze_time(TEN)
def test_a_refused_bid_says_why_beside_the_live_panel(client_as, alice, lot):
    live = client_as(alice).post(reverse("auction:lot-bid", args=[lot.pk]), {"amount": "99"}, HTTP_HX_REQUEST="true")
    assert "出价低于当前最低可接受价格" in live.text


@freeze_time(TEN)
def test_a_page_bid_costs_its_read_its_write_and_the_history(client_as, alice, bob, lot, django_assert_num_queries):
    """As the API's bid: the lot with the bidder's registration read once (for the page's
    access and the rules), one statement written; then the panel's history, up to the bid."""
    place_bid(lot_id=lot.pk, bidder=alice, amount=START, now=at(10))  # opens the lot
    client, url = client_as(bob), reverse("auction:lot-bid", args=[lot.pk])
    # The session and its user; the lot and registration; the bid; the history it left.
    with django_assert_num_queries(5):
        live = client.post(url, {"amount": "101万"}, HTTP_HX_REQUEST="true")
    assert "您当前出价最高" in live.text and "出价 101 万元成功" in live.text
    rows = re.findall(r"竞买人 ([A-Z])(.*?)</td><td class=\"text-end\">([\d.,]+)</td>", live.text)
    assert [(alias, ">我<" in mark, amount) for alias, mark, amount in rows] == [("B", True, "101"), ("A", False, "100")]
    # Refused on the state as committed: the refusal's record, then the state as it is.
    with django_assert_num_queries(5):
        refused = client.post(url, {"amount": "101万"}, HTTP_HX_REQUEST="true")
    assert "您已是当前最高出价人" in refused.text and "data-version=\"4\"" in refused.text
    # A signed-in watcher's poll: the session, its user and the registration (the state is cached).
    poll = reverse("auction:lot-live", args=[lot.pk])
    client.get(poll)
    with django_assert_num_queries(3):
        assert client.get(poll).status_code == 200
    # Without htmx (no script): back to the lot's page, which says how the bid went.
    plain = client_as(alice).post(url, {"amount": "102万"}, follow=True)
    assert plain.redirect_chain[-1][0] == reverse("auction:lot", args=[lot.pk]) and "出价 102 万元成功" in plain.text
    for missing in (999999, 2**63, 2**64):
        assert client.post(reverse("auction:lot-bid", args=[missing]), {"amount": "1"}).status_code == 404
        assert client.get(reverse("auction:lot-live", args=[missing])).status_code == 404


@freeze_time(TEN)
def test_the_live_state_is_read_in_one_query_and_a_bid_shows_the_state_it_left(alice, bob, lot,
                                                                               django_assert_num_queries):
    from auction.services import live

    bids = [place_bid(lot_id=lot.pk, bidder=(alice, bob)[n % 2], amount=START + n * bidding.INCREMENT,
                      now=at(10, 0, n)).bid for n in range(12)]
    with django_assert_num_queries(1):
        state = live.stored_state(lot.pk, fresh=True)
    assert [row["amount"] for row in state["history"]] == [f"{bid.amount:.2f}" for bid in bids[::-1][:10]]
    assert state["leader_alias"] == "B" and state["bid_count"] == 12
    # What the sixth bid left, although six more were committed since: its lot, its history.
    lot.current_price, lot.bid_count = bids[5].amount, 6
    with django_assert_num_queries(1):
        left = live.state_left_by(lot, bids[5].pk, at(10))
    assert [row["amount"] for row in left["history"]] == [f"{bid.amount:.2f}" for bid in bids[5::-1]]
    assert left["current_price"] == f"{bids[5].amount:.2f}" and left["status"] == "open"
    assert live.stored_state(2**63) is None and live.stored_state(999999) is None


@freeze_time(TEN)
def test_the_live_panel_answers_304_to_an_unchanged_state(client, lot):
    path = reverse("auction:lot-live", args=[lot.pk])
    first = client.get(path)
    assert first.status_code == 200 and first["Cache-Control"].startswith("no-cache")
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@freeze_time(TEN)
def test_the_seller_confirms_terms_and_only_the_seller(client_as, admin_user, seller, liaison, lot_item, bidder):
    draft = make_lot(admin_user, [lot_item], scheduled=False)
    Lot.objects.filter(pk=draft.pk).update(status="draft", seller_confirmed_at=None)
    path = reverse("auction:lot-terms", args=[draft.pk])
    assert client_as(bidder).get(path).status_code == 404  # a draft is not public yet
    assert client_as(liaison).get(path).status_code == 404  # another unit's liaison
    page = client_as(seller).get(path)
    assert "确认挂牌条件" in page.text and "保留价" in page.text  # the seller sees its reserve
    shown = re.search(r'name="version" value="(\d+)"', page.text).group(1)  # the terms as shown
    client_as(seller).post(path, {"version": shown})
    assert Lot.objects.get(pk=draft.pk).status == "confirmed"


@freeze_time(TEN)
def test_the_seller_confirms_the_terms_they_saw_not_terms_changed_meanwhile(client_as, admin_user, seller, lot_item):
    from auction.services import lots

    draft = make_lot(admin_user, [lot_item], scheduled=False)
    Lot.objects.filter(pk=draft.pk).update(status="draft", seller_confirmed_at=None)
    path = reverse("auction:lot-terms", args=[draft.pk])
    shown = re.search(r'name="version" value="(\d+)"', client_as(seller).get(path).text).group(1)
    draft.refresh_from_db()
    lots.update_terms(actor=admin_user, lot=draft, terms=lots.Terms(**{
        **{name: getattr(draft, name) for name in lots.TERM_FIELDS}, "start_price": Decimal("900000"),
        "reserve_price": Decimal("1200000")}))
    page = client_as(seller).post(path, {"version": shown}, follow=True)
    assert Lot.objects.get(pk=draft.pk).status == "draft"
    assert "挂牌条件已变更" in page.text and "90" in page.text  # refused, the new start price shown


@freeze_time("2023-06-05 10:00:00+08:00")
def test_the_administrator_puts_an_item_up_and_schedules_it(client_as, admin_user, seller, lot_item):
    from auction.services.days import add_day
    from jbgs.models import Campaign

    client = client_as(admin_user)
    form = client.get(reverse("auction:manage-lot-create"), {"item": lot_item.pk})
    assert lot_item.title in form.text
    created = client.post(reverse("auction:manage-lot-create"), {
        "item_pk": lot_item.pk, "items": [lot_item.pk], "title": "储能专利", "trade_mode": "assignment",
        "start_price": "80", "reserve_price": "", "increment": "2", "deposit": "5", "snipe_window_minutes": "5",
        "snipe_extension_minutes": "5", "snipe_cap_minutes": "30"}, follow=True)
    lot = Lot.objects.get()
    assert "已通知卖方确认挂牌条件" in created.text and lot.reserve_price == lot.start_price == 800000
    from auction.services.lots import confirm_terms

    confirm_terms(actor=seller, lot=lot)
    campaign = Campaign.objects.get(year=2023, kind="auction")
    day = add_day(actor=admin_user, campaign=campaign, date=datetime.date(2023, 6, 7))
    client.post(reverse("auction:manage-lot", args=[lot.pk]), {"schedule": "1", "schedule-day": day.pk})
    lot.refresh_from_db()
    assert lot.status == "scheduled" and lot.starts_at == day.opens_at


@pytest.mark.parametrize("persona", ["liaison", "bidder", "expert", "enterprise_user", "outsider"])
def test_only_administrators_manage_days_lots_and_deposits(request, client_as, persona, lot):
    user = request.getfixturevalue(persona)
    client = client_as(user)
    for path in (reverse("auction:manage-days"), reverse("auction:manage-lots"),
                 reverse("auction:manage-lot", args=[lot.pk])):
        assert client.get(path).status_code == 403, (persona, path)


def test_deals_pages_and_export(client_as, admin_user, alice, bob, lot):
    place_bid(lot_id=lot.pk, bidder=alice, amount=RESERVE, now=at(10))
    closing.close_due_lots(at(16))
    deal = Deal.objects.get()
    listing = client_as(admin_user).get(reverse("auction:deals"))
    assert deal.number in listing.text
    export = client_as(admin_user).get(reverse("auction:deals"), {"format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_as(bob).get(reverse("auction:deal", args=[deal.pk])).status_code == 403
    assert client_as(alice).get(reverse("auction:deal", args=[deal.pk])).status_code == 200
    advance = client_as(admin_user).post(reverse("auction:deal-advance", args=[deal.pk]), {
        "contract_number": "HT-1", "contract_amount": "120", "signed_on": "2023年6月20日",
        "trade_form": "assignment"}, follow=True)
    deal.refresh_from_db()
    assert deal.stage == "contract_signed" and deal.contract_amount == RESERVE and "成交进度已更新" in advance.text


@freeze_time(TEN)
def test_day_and_lot_pages_run_a_fixed_number_of_queries(client, client_as, admin_user,
                                                         django_assert_max_num_queries):
    from tests.auction.bidding import make_bidder, published_items

    items = published_items(admin_user, count=6)
    lots = [make_lot(admin_user, [item], start_price=START) for item in items]
    for lot in lots:
        place_bid(lot_id=lot.pk, bidder=make_bidder(admin_user, lot, f"b{lot.pk}"), amount=START, now=at(10))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("auction:bidding-day", args=["2023-06-07"])).status_code == 200
    admin = client_as(admin_user)
    with django_assert_max_num_queries(14):
        assert admin.get(reverse("auction:manage-lots")).status_code == 200
    with django_assert_max_num_queries(14):
        assert admin.get(reverse("auction:manage-lot", args=[lots[0].pk])).status_code == 200


@freeze_time(TEN)
@pytest.mark.parametrize("typed", ["100000000万", "1000000000000元", "125.0000001万"])
def test_an_absurd_amount_in_the_bid_and_proxy_forms_is_refused_in_words(client_as, api_as, alice, lot, typed):
    from auction.models import Bid, ProxyBid

    client = client_as(alice)
    bid = client.post(reverse("auction:lot-bid", args=[lot.pk]), {"amount": typed}, HTTP_HX_REQUEST="true")
    proxy = client.post(reverse("auction:lot-proxy", args=[lot.pk]), {"ceiling": typed}, follow=True)
    api = api_as(alice).post(f"/api/v1/auction/lots/{lot.pk}/bids/", {"amount": typed}, format="json")
    assert bid.status_code == 200 and ("超出了价格的有效范围" in bid.text or "两位小数" in bid.text)
    assert proxy.status_code == 200 and ("超出了价格的有效范围" in proxy.text or "两位小数" in proxy.text)
    assert api.status_code == 400 and api.json()["code"] == "invalid_amount"
    check = client.get(reverse("auction:lot-bid-confirm", args=[lot.pk]), {"amount": typed}, HTTP_HX_REQUEST="true")
    assert check.status_code == 200 and "确认出价" not in check.text  # the check step too, in words
    assert "超出了价格的有效范围" in check.text or "两位小数" in check.text
    assert not Bid.objects.exists() and not ProxyBid.objects.exists()


@freeze_time(TEN)
@pytest.mark.parametrize("reason", ["", "   ", "=HYPERLINK(\"http://x\")"])
def test_stopping_a_series_with_bad_input_answers_in_words(client, client_as, lot, alice, reason):
    """Anonymous: to the sign-in page; a bidder: refused; a missing reason: said; an id that
    does not exist: not found; a formula-like reason is kept as text."""
    from jbgs.models import AuditEntry
    from tests.auction.bidding import seller_liaison

    url = reverse("auction:lot-stop-series", args=[lot.pk])
    assert client.post(url, {"series-reason": "x"})["Location"].startswith("/accounts/login/")
    assert client_as(alice).post(url, {"series-reason": "x"}).status_code in (403, 404)
    assert client_as(seller_liaison()).post(reverse("auction:lot-stop-series", args=[999999]),
                                            {"series-reason": "x"}).status_code == 404
    answer = client_as(seller_liaison()).post(url, {"series-reason": reason}, follow=True)
    assert answer.status_code == 200
    stopped = AuditEntry.objects.filter(action="auction.lot.series_stopped").first()
    if reason.strip():
        assert stopped.data["reason"] == reason
    else:
        assert stopped is None and "请填写原因。" in answer.text


def test_confirming_a_deposit_by_a_malformed_id_is_not_found_for_anyone(api_as, admin_user, alice, lot):
    from auction.models import Registration

    for user in (admin_user, alice):
        assert api_as(user).post("/api/v1/auction/registrations/abc/confirm-deposit/").status_code == 404
    mine = Registration.objects.get(bidder=alice)
    assert api_as(alice).post(f"/api/v1/auction/registrations/{mine.pk}/confirm-deposit/").status_code == 403


@freeze_time(TEN)
def test_quick_bids_say_what_they_bid_and_post_the_exact_amount(client_as, admin_user,
                                                                 django_capture_on_commit_callbacks):
    import re

    from tests.auction.bidding import make_lot, published_items

    odd = make_lot(admin_user, published_items(admin_user), start_price=Decimal("1600000"),
                   reserve_price=Decimal("1600000"), increment=Decimal("32050"))
    from tests.auction.bidding import make_bidder

    carol, dave = make_bidder(admin_user, odd, "carol"), make_bidder(admin_user, odd, "dave")
    first = client_as(carol).get(reverse("auction:lot-live", args=[odd.pk])).text
    labels = re.findall(r'type="submit"[^>]*>([^<]+)</button>', first)
    assert [label.split(" · ")[0].strip() for label in labels] == ["按起拍价出价", "+1 个加价幅度", "+4 个加价幅度"]
    assert [label.split(" · ")[1] for label in labels] == ["160", "163.205", "172.82"]
    posted = re.findall(r'name="amount" value="([^"]+)"', first)
    assert posted == ["1600000.00元", "1632050.00元", "1728200.00元"]
    with django_capture_on_commit_callbacks(execute=True):  # the bid drops the watchers' state after its commit
        client_as(carol).post(reverse("auction:lot-bid", args=[odd.pk]), {"amount": posted[1]},
                              HTTP_HX_REQUEST="true")
    after = client_as(dave).get(reverse("auction:lot-live", args=[odd.pk])).text
    assert re.findall(r'name="amount" value="([^"]+)"', after) == ["1664100.00元", "1696150.00元", "1792300.00元"]
    client_as(dave).post(reverse("auction:lot-bid", args=[odd.pk]), {"amount": "1664100.00元"}, HTTP_HX_REQUEST="true")
    odd.refresh_from_db()
    assert (odd.current_price, odd.bid_count) == (Decimal("1664100"), 2)


def test_the_reserve_is_a_public_fact_and_an_unsold_lot_says_why(client, client_as, admin_user,
                                                                 django_capture_on_commit_callbacks):
    """有保留价 / 无保留价, 已达 / 未达 while bidding, never the amount; after the close, 流拍 and
    why, on the page and in the notice; the winner is told they won (issue 13, points 2 and 6)."""
    from auction.services import watches
    from jbgs.models import Notification
    from tests.auction.bidding import make_bidder, published_items

    first, second = published_items(admin_user, count=2)
    lot, other = make_lot(admin_user, [first]), make_lot(admin_user, [second], title="未达保留价的拍品")
    alice, bob, carol = (make_bidder(admin_user, lot, "alice"), make_bidder(admin_user, lot, "bob"),
                         make_bidder(admin_user, other, "carol"))
    place_bid(lot_id=other.pk, bidder=carol, amount=START, now=at(9, 45))
    live = reverse("auction:lot-live", args=[lot.pk])
    with freeze_time(at(10)):
        place_bid(lot_id=lot.pk, bidder=alice, amount=START, now=at(10))
        assert "未达保留价" in client.get(live).text
    with freeze_time(at(10, 5)):
        with django_capture_on_commit_callbacks(execute=True):  # the bid drops the cached state
            place_bid(lot_id=lot.pk, bidder=bob, amount=RESERVE, now=at(10, 5))
        assert "已达保留价" in client.get(live).text
    watches.toggle_watch(user=alice, lot=lot)
    with freeze_time(at(16, 1)):
        with django_capture_on_commit_callbacks(execute=True):
            closing.close_due_lots(at(16, 1))
        panel = client_as(bob).get(live).text
        assert "您已竞得该拍品" in panel and "您当前出价最高" not in panel
        assert "该拍品竞价已结束" in client_as(alice).get(live).text
        mine = client_as(alice).get(reverse("auction:my-bidding")).text
        assert lot.number in mine.split("关注的拍品")[1]  # a registered lot one watches is in the watchlist

    # A lot that ends below its reserve: 流拍, and why, for everyone and in the bidders' notices.
    with freeze_time(at(16, 2)):
        text = client.get(reverse("auction:lot-live", args=[other.pk])).text
        assert "流拍：最高出价未达保留价" in text and "领先" not in text
        mine = client_as(carol).get(reverse("auction:my-bidding")).text
        assert "领先" not in mine.split("关注的拍品")[0]
    assert Lot.objects.get(pk=other.pk).unsold_reason == "reserve_not_met"
    assert "最高出价未达保留价" in Notification.objects.filter(recipient=carol).latest("pk").body


@freeze_time(TEN)
@pytest.mark.parametrize("typed", ["100", "100.5", "0"])
def test_the_check_step_refuses_a_wrong_amount_with_the_valid_ones(client_as, lot, alice, bob, typed):
    """At 100万 led by bob, increments of 1万: 100 (the price), 100.5 (off the increments) and 0
    are refused before the confirmation, with the lowest acceptable bid and the next valid
    ones (issue 13, point 3)."""
    place_bid(lot_id=lot.pk, bidder=bob, amount=START, now=at(9, 45))
    answer = client_as(alice).get(reverse("auction:lot-bid-confirm", args=[lot.pk]), {"amount": typed},
                                  HTTP_HX_REQUEST="true").text
    assert "确认出价" not in answer and "人民币" not in answer
    assert "当前最低可接受出价为 101 万元，可出价：101、102、103 万元" in answer
    ok = client_as(alice).get(reverse("auction:lot-bid-confirm", args=[lot.pk]), {"amount": "102"},
                              HTTP_HX_REQUEST="true").text
    assert "确认出价" in ok and "人民币壹佰零贰万元整" in ok


def test_audit_screens_say_states_and_actions_in_words(client_as, admin_user, lot, alice):
    """No raw code on the audit log or the home page's recent changes (issue 13, point 10):
    a lot's 待卖方确认 → 已确认, a deposit's 待缴纳 → 已缴纳, each action by its label."""
    from jbgs.models import AuditEntry

    codes = set(AuditEntry.objects.values_list("to_state", flat=True)) - {""}
    assert {"held", "scheduled"} <= codes
    for path in (reverse("audit-list"), reverse("home")):
        page = client_as(admin_user).get(path).text
        for raw in ("→ draft", "→ held", "→ scheduled", ">awaiting<", ">auction.lot.created<", "<td>held</td>"):
            assert raw not in page, (path, raw)
    page = client_as(admin_user).get(reverse("audit-list")).text
    assert "<td>保证金已缴</td>" in page


def test_an_extension_is_said_with_the_new_end(client, lot, alice):
    """结束时间顺延至 … in the live panel, not only a badge (issue 13, point 7, part)."""
    place_bid(lot_id=lot.pk, bidder=alice, amount=START, now=at(15, 58, 10))  # within the last 5 minutes
    with freeze_time(at(15, 59)):
        panel = client.get(reverse("auction:lot-live", args=[lot.pk])).text
    assert "结束时间顺延至 16:03:10" in panel


def test_a_catalogue_entry_leads_to_its_lot(client, lot):
    """From the catalogue, the lot its item is offered in (issue 13, point 7, part)."""
    item = lot.items.get()
    page = client.get(reverse("catalogue:detail", args=[item.pk])).text
    assert lot.number in page and reverse("auction:lot", args=[lot.pk]) in page


def test_the_lot_page_says_how_many_bidders_registered(client, lot, alice, bob):
    page = client.get(reverse("auction:lot", args=[lot.pk])).text
    assert re.search(r'已报名竞买人</dt><dd class="col-6" data-testid="registered">2<', page)
    assert "alice" not in page and "bob" not in page  # how many, never who


def test_the_day_list_is_polled_with_an_etag_while_lots_are_yet_to_end(client, admin_user, lot, alice):
    url = reverse("auction:bidding-day-live", args=[lot.day.date.isoformat()])
    with freeze_time(TEN):
        first = client.get(url)
        assert first.status_code == 200 and 'hx-trigger="every 5s"' in first.text and first["X-Server-Time"]
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        place_bid(lot_id=lot.pk, bidder=alice, amount=START)
        after = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert after.status_code == 200 and after["ETag"] != first["ETag"] and ">100<" in after.text
    with freeze_time("2023-06-07 16:30:00+08:00"):  # past the end: the page stops polling
        closing.close_due_lots(timezone.now())
        ended = client.get(url)
    assert "hx-trigger" not in ended.text and 'data-status="unsold"' in ended.text
    for bad in ("2023-13-01", "yesterday"):
        assert client.get(f"/auction/bidding/days/{bad}/live/").status_code == 404
