"""Opening and closing by the clock (late, repeated and missing jobs), deposits, deals and
the 成交确认书, bidding days from the year's rules."""

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from freezegun import freeze_time

from auction.models import BiddingDay, Deal, Lot, Registration
from auction.services import closing, days, deals, lots
from auction.services.bidding import BidRejected, place_bid
from jbgs.exceptions import DomainError, InvalidTransition
from jbgs.models import AuditEntry, Campaign
from tests.auction.bidding import (
    CLOSES,
    INCREMENT,
    OPENS,
    RESERVE,
    START,
    at,
    make_bidder,
    pdf_words,
    set_account,
)

pytestmark = pytest.mark.django_db


def test_the_beat_opens_a_lot_at_its_start_once(lot):
    assert closing.open_due_lots(OPENS - datetime.timedelta(seconds=1)) == 0
    assert closing.open_due_lots(OPENS) == 1
    assert closing.open_due_lots(OPENS + datetime.timedelta(seconds=5)) == 0  # again: nothing changes
    assert Lot.objects.get().status == "open"
    assert AuditEntry.objects.filter(action="auction.lot.opened").count() == 1


def test_a_lot_closes_sold_when_the_highest_bid_reaches_the_reserve(lot, alice, bob):
    place_bid(lot_id=lot.pk, bidder=alice, amount=START, now=at(10))
    place_bid(lot_id=lot.pk, bidder=bob, amount=RESERVE, now=at(11))
    assert closing.close_due_lots(at(15, 59)) == 0  # not yet
    assert closing.close_due_lots(CLOSES) == 1
    lot.refresh_from_db()
    deal = Deal.objects.get()
    assert (lot.status, deal.price, deal.buyer.name, deal.method) == ("sold", RESERVE, "bob科技有限公司", "bidding")
    deposits = dict(Registration.objects.values_list("bidder__username", "deposit_state"))
    assert deposits == {"alice": "released", "bob": "retained"}
    assert closing.close_due_lots(CLOSES + datetime.timedelta(minutes=3)) == 0  # a repeated run: nothing
    assert Deal.objects.count() == 1
    entry = AuditEntry.objects.get(action="auction.lot.closed")
    assert (entry.from_state, entry.to_state, Decimal(entry.data["price"])) == ("open", "sold", RESERVE)


def test_a_lot_below_its_reserve_ends_unsold_and_can_be_relisted(admin_user, lot, alice):
    place_bid(lot_id=lot.pk, bidder=alice, amount=START, now=at(10))
    closing.close_due_lots(at(17))  # a late run settles it all the same
    lot.refresh_from_db()
    assert lot.status == "unsold" and not Deal.objects.exists()
    assert Registration.objects.get().deposit_state == "released"
    again = lots.relist(actor=admin_user, lot=lot)
    assert again.status == "confirmed" and again.relisted_from == lot and list(again.items.all()) == list(lot.items.all())


def test_a_late_bid_that_extended_the_lot_keeps_it_open_for_the_closing_job(lot, alice, bob):
    place_bid(lot_id=lot.pk, bidder=alice, amount=START, now=at(15, 58))
    assert closing.close_due_lots(CLOSES) == 0  # the end moved to 16:03
    assert closing.close_due_lots(at(16, 3)) == 1


def test_a_lot_nobody_bid_on_closes_unsold_even_if_it_never_opened(lot):
    assert closing.close_due_lots(CLOSES) == 1
    assert Lot.objects.get().status == "unsold"


def test_the_deal_confirmation_is_a_pdf_in_chinese_with_the_amount_in_words(admin_user, lot, alice, bob,
                                                                            client_as, tmp_path):
    set_account(lot.campaign)
    place_bid(lot_id=lot.pk, bidder=alice, amount=START, now=at(10))
    place_bid(lot_id=lot.pk, bidder=bob, amount=Decimal("1250000"), now=at(11))
    closing.close_due_lots(CLOSES)
    deal = deals.store_confirmation(Deal.objects.get().pk)
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(deal.confirmation.read())
    text = pdf_words(pdf.read_bytes(), tmp_path)
    assert "成交确认书" in text and "bob科技有限公司" in text and lot.number in text
    # The price, bob's deposit applied to it and the balance: in yuan, in 万元 and in words.
    for fact in ["成交价1,250,000.00元（125万元）大写：人民币壹佰贰拾伍万元整",
                 "抵作价款的保证金50,000.00元（5万元）",
                 "应付余款1,200,000.00元（120万元）大写：人民币壹佰贰拾万元整",
                 "付款期限2023年6月17日（成交之日起10日内）",  # closed on 7 June; the year's 10 days
                 "户名：江苏省技术产权交易市场", "中国银行南京河西支行", "466158201234"]:
        assert fact in text, fact
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJK" in fonts.replace("-", "")
    # The winner downloads it; another bidder cannot.
    from jbgs.models import User

    bob_user = User.objects.get(username="bob")
    assert client_as(bob_user).get(reverse("auction:deal-confirmation", args=[deal.pk])).status_code == 200
    alice_user = User.objects.get(username="alice")
    assert client_as(alice_user).get(reverse("auction:deal-confirmation", args=[deal.pk])).status_code == 403




def test_a_negotiated_deals_confirmation_has_no_deposit_and_leaves_the_account_to_the_exchange(
        admin_user, lot, alice, tmp_path):
    closing.close_due_lots(CLOSES)
    lot.refresh_from_db()
    deal = deals.record_negotiated_deal(actor=admin_user, lot=lot, buyer=alice.organization, price=Decimal("900000"),
                                        trade_mode="assignment")
    text = pdf_words(deals.confirmation_pdf(deal), tmp_path)
    for fact in ["抵作价款的保证金无（协议成交，未经竞价，无竞买保证金）", "应付余款900,000.00元（90万元）",
                 "收款账户按交易市场通知支付"]:
        assert fact in text, fact


def test_the_deal_moves_through_contract_registration_and_transfer(admin_user, lot, alice):
    place_bid(lot_id=lot.pk, bidder=alice, amount=RESERVE, now=at(10))
    closing.close_due_lots(CLOSES)
    deal = Deal.objects.get()
    with pytest.raises(InvalidTransition):
        deals.record_transfer(actor=admin_user, deal=deal, transferred_on=datetime.date(2023, 8, 1))
    deal = deals.record_contract(actor=admin_user, deal=deal, contract_number="HT-2023-001",
                                 contract_amount=Decimal("1200000"), signed_on=datetime.date(2023, 6, 20),
                                 trade_form="assignment")
    assert deal.support_eligible  # a single contract of at least 200,000 yuan
    deal = deals.register_contract(actor=admin_user, deal=deal, registration_number="32010020230001",
                                   registered_on=datetime.date(2023, 6, 25))
    with pytest.raises(DomainError):
        deals.record_transfer(actor=admin_user, deal=deal, transferred_on=datetime.date(2023, 6, 1))
    deal = deals.record_transfer(actor=admin_user, deal=deal, transferred_on=datetime.date(2023, 8, 1))
    assert deal.stage == "transferred"
    assert list(AuditEntry.objects.filter(action__startswith="auction.deal").order_by("id")
                .values_list("from_state", "to_state")) == [
        ("confirmed", "contract_signed"), ("contract_signed", "registered"), ("registered", "transferred")]


def test_a_small_contract_is_not_eligible_for_project_support(admin_user, lot, alice):
    lot.refresh_from_db()
    place_bid(lot_id=lot.pk, bidder=alice, amount=RESERVE, now=at(10))
    closing.close_due_lots(CLOSES)
    deal = deals.record_contract(actor=admin_user, deal=Deal.objects.get(), contract_number="HT-2",
                                 contract_amount=Decimal("199999.99"), signed_on=datetime.date(2023, 6, 20),
                                 trade_form="assignment")
    assert not deal.support_eligible


def test_a_negotiated_deal_follows_an_unsold_lot(admin_user, lot, alice):
    with pytest.raises(InvalidTransition):
        deals.record_negotiated_deal(actor=admin_user, lot=lot, buyer=alice.organization, price=900000,
                                     trade_mode="assignment")
    closing.close_due_lots(CLOSES)
    lot.refresh_from_db()
    deal = deals.record_negotiated_deal(actor=admin_user, lot=lot, buyer=alice.organization, price=900000,
                                        trade_mode="license_exclusive")
    assert (deal.method, deal.price, deal.stage) == ("negotiated", Decimal("900000.00"), "confirmed")


def test_deposits_open_bidding_only_once_confirmed_and_refunds_are_recorded(admin_user, lot):
    pending = make_bidder(admin_user, lot, "carol", confirmed=False)
    with pytest.raises(BidRejected):
        place_bid(lot_id=lot.pk, bidder=pending, amount=START, now=at(10))
    closing.close_due_lots(CLOSES)
    registration = Registration.objects.get()
    assert registration.deposit_state == "lapsed"  # nothing was held, nothing to refund
    with pytest.raises(InvalidTransition):
        from auction.services.bidding import record_refund

        record_refund(actor=admin_user, registration=registration, refunded_on=datetime.date(2023, 6, 9),
                      reference="R1")


def test_withdrawing_before_the_start_releases_the_deposits(admin_user, lot, alice):
    withdrawn = lots.withdraw(actor=admin_user, lot=lot, reason="专利权人变更", now=at(9))
    assert withdrawn.status == "withdrawn"
    assert Registration.objects.get().deposit_state == "released"
    with pytest.raises(InvalidTransition):
        lots.withdraw(actor=admin_user, lot=lot, reason="again", now=at(9))


def test_terms_are_fixed_once_bidding_started(admin_user, lot, alice):
    place_bid(lot_id=lot.pk, bidder=alice, amount=START, now=at(10))
    terms = lots.Terms(title="x", trade_mode="assignment", start_price=START, increment=INCREMENT)
    with pytest.raises(InvalidTransition):
        lots.update_terms(actor=admin_user, lot=lot, terms=terms, now=at(10, 1))


def test_changed_terms_wait_for_the_sellers_confirmation_again(admin_user, lot):
    terms = lots.Terms(title=lot.title, trade_mode="assignment", start_price=START, increment=INCREMENT * 2,
                       deposit=Decimal("50000"), reserve_price=RESERVE)
    changed = lots.update_terms(actor=admin_user, lot=lot, terms=terms, now=at(8))
    assert (changed.status, changed.day, changed.seller_confirmed_at) == ("draft", None, None)


def test_bidding_days_are_wednesdays_and_fridays_of_the_bidding_stage(admin_user):
    campaign = Campaign.objects.get(year=2023, kind="auction")
    created = days.layout_days(actor=admin_user, campaign=campaign)
    dates = list(BiddingDay.objects.values_list("date", flat=True))
    assert dates[0] == datetime.date(2023, 4, 5) and dates[-1] == datetime.date(2023, 11, 29)  # Apr 1 – Nov 30
    assert {d.weekday() for d in dates} == {2, 4} and created == len(dates) == 69
    assert days.layout_days(actor=admin_user, campaign=campaign) == 0  # again: nothing new
    first = BiddingDay.objects.first()
    assert (first.opens_at.hour, first.opens_at.minute) == (1, 30)  # 09:30 in Shanghai is 01:30 UTC
    days.cancel_day(actor=admin_user, day=first, reason="清明节调休")
    assert days.layout_days(actor=admin_user, campaign=campaign) == 0  # a cancelled day stays cancelled
    special = days.add_day(actor=admin_user, campaign=campaign, date=datetime.date(2023, 4, 8),  # a Saturday
                           opens_at=datetime.time(14, 0), closes_at=datetime.time(17, 0), note="专场加场")
    assert special.special


def test_a_day_with_lots_cannot_be_cancelled(admin_user, lot):
    with pytest.raises(DomainError) as caught:
        days.cancel_day(actor=admin_user, day=lot.day, reason="节假日")
    assert caught.value.code == "day_has_lots"


def test_one_lot_one_deal_a_negotiated_deal_is_recorded_once_and_the_lot_is_not_relisted(admin_user, lot, alice):
    from django.db import IntegrityError, transaction

    from tests.conftest import make_organization

    closing.close_due_lots(CLOSES)  # no bid: unsold
    buyer = make_organization("协议买方有限公司", "enterprise", "320412")
    lot.refresh_from_db()
    deal = deals.record_negotiated_deal(actor=admin_user, lot=lot, buyer=buyer, price=Decimal("900000"),
                                        trade_mode="assignment")
    with pytest.raises(InvalidTransition, match=deal.number):
        deals.record_negotiated_deal(actor=admin_user, lot=lot, buyer=buyer, price=Decimal("950000"),
                                     trade_mode="assignment")
    with pytest.raises(InvalidTransition):
        lots.relist(actor=admin_user, lot=lot)
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database says so too
        Deal.objects.create(campaign=lot.campaign, number="XY-again", lot=lot, method="negotiated", buyer=buyer,
                            seller=lot.seller, price=1, trade_mode="assignment", concluded_at=CLOSES)
    assert Deal.objects.filter(lot=lot).count() == 1


def test_a_deposit_still_awaited_when_the_lot_ends_lapses_and_cannot_be_confirmed_after(admin_user, lot):
    from tests.auction.bidding import deposit_arrived

    late = Registration.objects.get(bidder=make_bidder(admin_user, lot, "late", confirmed=False))
    closing.close_due_lots(CLOSES)
    late.refresh_from_db()
    assert late.deposit_state == "lapsed"
    with pytest.raises(InvalidTransition):
        deposit_arrived(admin_user, late, "BANK-9")
    assert Registration.objects.get(pk=late.pk).deposit_state == "lapsed"


def test_a_lot_is_sold_by_a_trade_mode_its_items_offer(admin_user):
    from tests.auction.bidding import make_lot, published_items

    items = published_items(admin_user, trade_modes=["assignment"])
    with pytest.raises(DomainError) as caught:
        make_lot(admin_user, items, trade_mode="license_exclusive")
    assert (caught.value.code, caught.value.field) == ("trade_mode_not_offered", "trade_mode")
    lot = make_lot(admin_user, items, scheduled=False)
    terms = lots.Terms(**{**{name: getattr(lot, name) for name in lots.TERM_FIELDS}, "trade_mode": "equity_transfer"})
    with pytest.raises(DomainError):
        lots.update_terms(actor=admin_user, lot=lot, terms=terms)


def test_a_day_added_by_hand_lies_in_the_bidding_stage_and_an_odd_weekday_says_why(admin_user, api_as):
    campaign = Campaign.objects.get(year=2023, kind="auction")  # bidding stage 2023-04-01 to 2023-11-30
    for date in (datetime.date(2023, 3, 29), datetime.date(2023, 12, 6), datetime.date(765, 2, 24)):
        with pytest.raises(DomainError) as caught:
            days.add_day(actor=admin_user, campaign=campaign, date=date, note="加场")
        assert (caught.value.code, caught.value.field) == ("outside_bidding_stage", "date")
    with pytest.raises(DomainError) as caught:
        days.add_day(actor=admin_user, campaign=campaign, date=datetime.date(2023, 4, 8))  # a Saturday, no note
    assert (caught.value.code, caught.value.field) == ("note_required", "note")
    assert days.add_day(actor=admin_user, campaign=campaign, date=datetime.date(2023, 4, 12)).special is False
    api = api_as(admin_user).post("/api/v1/auction/days/", {"date": "0765-02-24T10:00:00"}, format="json")
    assert api.status_code == 400 and not BiddingDay.objects.filter(date__year=765).exists()


FRIDAY = datetime.date(2023, 6, 9)


def _next_day(admin_user, lot, date=FRIDAY):
    return days.add_day(actor=admin_user, campaign=lot.campaign, date=date, opens_at=datetime.time(9, 30),
                        closes_at=datetime.time(16, 0))


def test_an_unsold_lot_is_carried_to_the_next_bidding_day_until_the_season_ends(admin_user, lot, alice):
    """竞价展示周期至全系列活动结束 (issue 12, point 6)."""
    from auction.models import Watch
    from auction.services import watches
    from jbgs.models import Notification

    friday = _next_day(admin_user, lot)
    watches.toggle_watch(user=alice, lot=lot)
    place_bid(lot_id=lot.pk, bidder=alice, amount=START, now=at(10))  # below the reserve
    closing.close_due_lots(CLOSES)
    lot.refresh_from_db()
    carried = Lot.objects.get(relisted_from=lot)
    assert lot.status == "unsold" and carried.status == "scheduled" and carried.day == friday
    assert (carried.starts_at, carried.ends_at) == (friday.opens_at, friday.closes_at)
    assert list(carried.items.all()) == list(lot.items.all())
    assert (carried.start_price, carried.reserve_price, carried.increment, carried.deposit) == (
        lot.start_price, lot.reserve_price, lot.increment, lot.deposit)
    assert carried.seller_confirmed_by == lot.seller_confirmed_by  # the terms its seller confirmed
    assert Watch.objects.filter(lot=carried, user=alice).exists()  # watchers follow it
    assert not carried.registrations.exists()  # bidders register (and pay the deposit) again
    assert carried.number in Notification.objects.filter(recipient=alice).latest("pk").body
    entry = AuditEntry.objects.get(action="auction.lot.carried", object_id=str(lot.pk))
    assert entry.data["carried_to"] == carried.number
    # On the last bidding day of the season it ends unsold for good.
    assert closing.close_due_lots(friday.closes_at) == 1
    carried.refresh_from_db()
    assert carried.status == "unsold" and not Lot.objects.filter(relisted_from=carried).exists()
    assert AuditEntry.objects.filter(action="auction.lot.carried", object_id=str(carried.pk)).latest("pk").data == \
        {"carried_to": "", "reason": "season_over"}


def test_a_sold_lot_or_a_cancelled_day_is_not_carried_on(admin_user, lot, alice, bob):
    friday = _next_day(admin_user, lot)
    days.cancel_day(actor=admin_user, day=friday, reason="端午节")
    closing.close_due_lots(CLOSES)  # nobody bid, the only later day is cancelled
    assert not Lot.objects.filter(relisted_from=lot).exists()


def test_the_seller_stops_the_series_and_a_negotiated_deal_concludes_it(admin_user, client_as):
    from auction.services.bidding import place_bid as bid
    from jbgs.exceptions import NotAllowed
    from tests.auction.bidding import make_lot, published_items, seller_liaison

    lot_items, *spare = published_items(admin_user, count=4)  # of one list, submitted once
    lot = make_lot(admin_user, [lot_items])
    alice = make_bidder(admin_user, lot, "alice")
    _next_day(admin_user, lot)
    closing.close_due_lots(CLOSES)
    carried = Lot.objects.get(relisted_from=lot)
    # Nobody but the seller's liaison or an administrator stops it.
    with pytest.raises(NotAllowed):
        lots.stop_series(actor=alice, lot=lot, reason="不卖了")
    assert client_as(alice).post(reverse("auction:lot-stop-series", args=[lot.pk]),
                                 {"series-reason": "不卖了"}).status_code in (403, 404)
    # Its pages say where it went on: the public page, the seller's and the desk, with the stop.
    assert carried.number in client_as(alice).get(reverse("auction:lot", args=[lot.pk])).text
    seller_page = client_as(seller_liaison()).get(reverse("auction:lot-terms", args=[lot.pk])).text
    desk_page = client_as(admin_user).get(reverse("auction:manage-lot", args=[lot.pk])).text
    for page in (seller_page, desk_page):
        assert carried.number in page and reverse("auction:lot-stop-series", args=[lot.pk]) in page
    # The seller stops it from the ended lot's page: the lot carrying it on is withdrawn.
    with freeze_time("2023-06-08 10:00:00+08:00"):
        response = client_as(seller_liaison()).post(reverse("auction:lot-stop-series", args=[lot.pk]),
                                                     {"series-reason": "已与企业协商转让"})
    assert response.status_code == 302
    carried.refresh_from_db()
    assert (carried.status, carried.carry_over) == ("withdrawn", False)
    assert AuditEntry.objects.filter(action="auction.lot.series_stopped", object_id=str(carried.pk)).exists()

    # A lot whose series is stopped while it runs ends without being carried on.
    other = make_lot(admin_user, [spare[0]], title="另一拍品")
    lots.stop_series(actor=seller_liaison(), lot=other, reason="只拍这一次", now=at(10))
    other.refresh_from_db()
    assert (other.status, other.carry_over) == ("scheduled", False)  # started: it runs to its end
    closing.close_due_lots(CLOSES)
    assert Lot.objects.get(pk=other.pk).status == "unsold" and not Lot.objects.filter(relisted_from=other).exists()

    # A negotiated deal on an unsold lot concludes its series: its next lot is withdrawn...
    third = make_lot(admin_user, [spare[1]], title="第三拍品")
    bidder = make_bidder(admin_user, third, "carol")
    closing.close_due_lots(CLOSES + datetime.timedelta(minutes=1))
    next_lot = Lot.objects.get(relisted_from=third)
    deals.record_negotiated_deal(actor=admin_user, lot=Lot.objects.get(pk=third.pk), buyer=bidder.organization,
                                 price=900000, trade_mode="assignment", now=at(17))
    assert Lot.objects.get(pk=next_lot.pk).status == "withdrawn"

    # ...but not one already in bidding: the deal waits for its end.
    fourth = make_lot(admin_user, [spare[2]], title="第四拍品")
    closing.close_due_lots(CLOSES + datetime.timedelta(minutes=2))
    running = Lot.objects.get(relisted_from=fourth)
    dave = make_bidder(admin_user, running, "dave")
    bid(lot_id=running.pk, bidder=dave, amount=START, now=running.starts_at + datetime.timedelta(minutes=1))
    with pytest.raises(InvalidTransition) as refused:
        deals.record_negotiated_deal(actor=admin_user, lot=Lot.objects.get(pk=fourth.pk), buyer=dave.organization,
                                     price=900000, trade_mode="assignment",
                                     now=running.starts_at + datetime.timedelta(minutes=2))
    assert refused.value.code == "items_in_bidding"
    assert not Deal.objects.filter(lot=fourth).exists()
