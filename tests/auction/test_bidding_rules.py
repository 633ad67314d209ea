"""Every bid rule at its boundary, anti-sniping, the append-only record, proxies."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, InternalError, connection, transaction

from auction.models import Bid, Lot
from auction.services import bidding
from auction.services.bidding import BidRejected, place_bid, read_for_bid, set_proxy
from jbgs.exceptions import DomainError
from tests.auction.bidding import CLOSES, INCREMENT, OPENS, START, at, make_bidder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["written if unchanged", "under the lock", "under the lock in atomic()"])
def write_path(request, monkeypatch):
    """Every rule holds whichever way place_bid writes the bid: in one statement if the lot
    did not change since it was read, or under the lot's lock (races lost), in a chained
    transaction or in Django's (proxies, an opening)."""
    if request.param != "written if unchanged":
        monkeypatch.setattr(bidding, "_unlocked_write_may_apply", lambda lot: False)
    if request.param == "under the lock in atomic()":
        monkeypatch.setattr(bidding, "_chained_write_may_apply", lambda lot: False)
    return request.param


def bid(lot, who, amount, when=None):
    return place_bid(lot_id=lot.pk, bidder=who, amount=Decimal(amount), now=when or at(10))


def refused(lot, who, amount, when=None) -> str:
    with pytest.raises(BidRejected) as caught:
        bid(lot, who, amount, when)
    return caught.value.code


def test_the_first_bid_is_at_least_the_start_price_and_on_the_increment_grid(lot, alice):
    assert refused(lot, alice, START - Decimal("0.01")) == "bid_too_low"
    assert refused(lot, alice, START + INCREMENT / 2) == "not_increment_multiple"
    result = bid(lot, alice, START)
    assert result.lot.current_price == START and result.lot.status == "open"


def test_each_later_bid_rises_by_whole_increments(lot, alice, bob):
    bid(lot, alice, START)
    assert refused(lot, bob, START) == "bid_too_low"
    assert refused(lot, bob, START + INCREMENT - Decimal("0.01")) == "bid_too_low"  # one fen short
    assert refused(lot, bob, START + INCREMENT * Decimal("1.5")) == "not_increment_multiple"
    assert bid(lot, bob, START + INCREMENT).lot.current_price == START + INCREMENT  # exactly the increment
    assert bid(lot, alice, START + 4 * INCREMENT).lot.current_price == START + 4 * INCREMENT  # several at once


def test_the_leader_cannot_outbid_themselves(lot, alice):
    bid(lot, alice, START)
    assert refused(lot, alice, START + INCREMENT) == "already_leading"


def test_bids_count_only_while_the_lot_is_open_by_the_clock(admin_user, lot, alice):
    second = timedelta(seconds=1)
    assert refused(lot, alice, START, OPENS - second) == "lot_not_open"
    assert bid(lot, alice, START, OPENS).bid.pk  # at the opening second
    bob = make_bidder(admin_user, lot, "bob")
    late = bid(lot, bob, START + INCREMENT, CLOSES - second)  # the last second: accepted, and extended
    assert late.lot.effective_end == CLOSES - second + timedelta(minutes=5)


def test_a_bid_at_or_after_the_end_is_refused_even_if_no_job_closed_the_lot(lot, alice):
    assert refused(lot, alice, START, CLOSES) == "lot_not_open"
    lot.refresh_from_db()
    assert lot.status == "scheduled"  # nothing ran; the clock alone refused it


def test_unregistered_bidders_and_pending_deposits_cannot_bid(admin_user, lot, bidder):
    assert refused(lot, bidder, START) == "not_registered"
    pending = make_bidder(admin_user, lot, "pending", confirmed=False)
    assert refused(lot, pending, START) == "not_registered"


def test_a_bid_in_the_last_minutes_moves_the_end_and_the_cap_stops_it(lot, alice, bob):
    minute = at(0, 1) - at(0)
    early = bid(lot, alice, START, at(15, 50))
    assert early.lot.effective_end == CLOSES and early.bid.extended_to is None  # outside the window
    late = bid(lot, bob, START + INCREMENT, at(15, 57))
    assert late.lot.effective_end == at(16, 2) and late.bid.extended_to == at(16, 2)
    amount, who, when = START + 2 * INCREMENT, alice, at(16, 1)
    for _step in range(8):  # keep bidding in the last minute of each extension
        result = bid(lot, who, amount, when)
        amount, who, when = amount + INCREMENT, (bob if who == alice else alice), result.lot.effective_end - minute
    assert result.lot.effective_end == at(16, 30)  # 16:00 + the 30-minute cap, never beyond
    assert refused(lot, who, amount, at(16, 30)) == "lot_not_open"


def test_every_bid_is_kept_with_its_reason_and_the_record_cannot_change(lot, alice, bidder):
    bid(lot, alice, START)
    refused(lot, alice, START + INCREMENT)  # a registered bidder's refusal is kept with its reason
    refused(lot, bidder, START + INCREMENT)  # someone not registered is answered, not recorded (issue 12)
    record = list(Bid.objects.order_by("id").values_list("bidder__username", "amount", "accepted", "rejection",
                                                         "previous_price"))
    assert record == [("alice", START, True, "", None), ("alice", START + INCREMENT, False, "already_leading", START)]
    with pytest.raises(RuntimeError):
        Bid.objects.first().save()
    with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE auction_bid SET amount = 1")
    with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM auction_bid")


def test_two_accepted_bids_never_share_a_price(lot, alice):
    bid(lot, alice, START)
    first = Bid.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Bid.objects.create(lot=lot, registration=first.registration, bidder=alice, amount=START,
                           placed_at=at(10), accepted=True)


def test_a_proxy_answers_by_the_increment_up_to_its_ceiling(lot, alice, bob):
    set_proxy(bidder=alice, lot_id=lot.pk, ceiling=START + 3 * INCREMENT + 5, now=at(10))
    lot.refresh_from_db()
    assert (lot.current_price, lot.leader.bidder) == (START, alice)  # the first bid, for her
    result = bid(lot, bob, START + INCREMENT, at(10, 1))
    assert [(b.bidder.username, b.amount) for b in result.proxy_bids] == [("alice", START + 2 * INCREMENT)]
    result = bid(lot, bob, START + 3 * INCREMENT, at(10, 2))
    assert result.proxy_bids == [] and result.lot.leader.bidder == bob  # her ceiling is reached
    with pytest.raises(DomainError) as caught:
        set_proxy(bidder=alice, lot_id=lot.pk, ceiling=START, now=at(10, 3))
    assert caught.value.code == "ceiling_too_low" and "1,040,000.00 元" in caught.value.message


def test_two_proxies_settle_at_once_with_the_stronger_one_increment_above(lot, alice, bob):
    set_proxy(bidder=alice, lot_id=lot.pk, ceiling=START + 20 * INCREMENT, now=at(10))
    result = set_proxy(bidder=bob, lot_id=lot.pk, ceiling=START + 50 * INCREMENT, now=at(10, 1))
    assert (result.lot.current_price, result.lot.leader.bidder) == (START + 21 * INCREMENT, bob)
    accepted = list(Bid.objects.filter(accepted=True).order_by("id").values_list("bidder__username", "amount"))
    assert len(accepted) <= 4
    assert accepted[-2:] == [("alice", START + 20 * INCREMENT), ("bob", START + 21 * INCREMENT)]
    prices = [amount for _who, amount in accepted]
    assert prices == sorted(prices) and len(set(prices)) == len(prices)
    assert all((p - START) % INCREMENT == 0 for p in prices)
    assert all(a != b for (a, _x), (b, _y) in zip(accepted, accepted[1:], strict=False))  # nobody outbids themselves


def test_proxy_bids_extend_the_end_like_any_bid(lot, alice, bob):
    set_proxy(bidder=alice, lot_id=lot.pk, ceiling=START + 5 * INCREMENT, now=at(15, 58))
    result = bid(lot, bob, START + INCREMENT, at(15, 59))
    assert result.proxy_bids and result.lot.effective_end == at(16, 4)
    assert Lot.objects.get().effective_end == at(16, 4)


def test_a_bid_by_increments_is_priced_from_the_lot_as_the_lock_finds_it(admin_user, lot, alice, bob):
    first = place_bid(lot_id=lot.pk, bidder=alice, increments=1, now=at(10))
    assert first.bid.amount == START  # one increment "above" no bid: the start price
    stale = read_for_bid(lot.pk, bob)  # bob's bid reads the lot; carol's bid commits before it locks
    bid(lot, make_bidder(admin_user, lot, "carol"), START + 3 * INCREMENT)
    result = place_bid(lot_id=lot.pk, bidder=bob, increments=2, now=at(10, 1), seen=stale)
    assert result.bid.amount == START + 5 * INCREMENT  # two above the price it met, not the one bob saw
    assert result.lot.leader.bidder == bob


def test_a_bid_by_increments_keeps_to_its_maximum_and_every_other_rule(lot, alice, bob, bidder):
    bid(lot, alice, START)
    with pytest.raises(BidRejected) as caught:
        place_bid(lot_id=lot.pk, bidder=bob, increments=2, max_amount=START + INCREMENT, now=at(10, 1))
    assert caught.value.code == "bid_too_low"
    assert "1,010,000.00 元" in caught.value.message  # the maximum as every message writes yuan
    assert Bid.objects.filter(accepted=False).get().amount == START + 2 * INCREMENT  # recorded as it would have been
    exact = place_bid(lot_id=lot.pk, bidder=bob, increments=2, max_amount=START + 2 * INCREMENT, now=at(10, 2))
    assert exact.bid.amount == START + 2 * INCREMENT  # at the maximum: accepted
    for who, when, code in [(bob, at(10, 3), "already_leading"), (bidder, at(10, 3), "not_registered"),
                            (alice, CLOSES, "lot_not_open")]:
        with pytest.raises(BidRejected) as caught:
            place_bid(lot_id=lot.pk, bidder=who, increments=1, now=when)
        assert caught.value.code == code


def test_a_bid_is_an_amount_or_a_number_of_increments(lot, alice):
    for arguments in ({}, {"amount": START, "increments": 1}):
        with pytest.raises(ValueError):
            place_bid(lot_id=lot.pk, bidder=alice, now=at(10), **arguments)


def test_a_suspended_unit_can_neither_bid_nor_set_a_proxy_nor_win(admin_user, lot, alice, bob):
    from auction.models import Bid, Deal, Lot, Registration
    from auction.services import closing
    from auction.services.bidding import BidRejected, place_bid, set_proxy
    from jbgs.services.organizations import set_organization_suspended
    from tests.auction.bidding import CLOSES, INCREMENT, RESERVE, START, at

    place_bid(lot_id=lot.pk, bidder=alice, amount=START, now=at(10))
    place_bid(lot_id=lot.pk, bidder=bob, amount=RESERVE, now=at(11))
    set_organization_suspended(organization_id=bob.organization_id, actor=admin_user, suspended=True, reason="违规")
    with pytest.raises(BidRejected) as caught:
        place_bid(lot_id=lot.pk, bidder=bob, amount=RESERVE + 2 * INCREMENT, now=at(12))
    assert (caught.value.code, caught.value.status_code) == ("unit_not_active", 403)
    with pytest.raises(BidRejected) as caught:
        set_proxy(bidder=bob, lot_id=lot.pk, ceiling=RESERVE * 2, now=at(12))
    assert caught.value.code == "unit_not_active"
    assert Bid.objects.get(bidder=bob, accepted=False).rejection == "unit_not_active"
    closing.close_due_lots(CLOSES)
    assert Lot.objects.get(pk=lot.pk).status == "unsold" and not Deal.objects.exists()
    assert Registration.objects.get(bidder=bob).deposit_state == "released"


def test_a_suspended_units_proxy_no_longer_answers(admin_user, lot, alice, bob):
    from auction.models import Lot
    from auction.services.bidding import place_bid, set_proxy
    from jbgs.services.organizations import set_organization_suspended
    from tests.auction.bidding import INCREMENT, START, at

    set_proxy(bidder=bob, lot_id=lot.pk, ceiling=START + 10 * INCREMENT, now=at(10))
    set_organization_suspended(organization_id=bob.organization_id, actor=admin_user, suspended=True, reason="违规")
    place_bid(lot_id=lot.pk, bidder=alice, amount=START + INCREMENT, now=at(11))
    assert Lot.objects.get(pk=lot.pk).leader.bidder == alice


def test_a_bid_on_an_open_lot_without_proxies_takes_no_lock(lot, alice, bob, write_path, monkeypatch,
                                                          django_assert_num_queries):
    locks = []
    lock_lot = bidding.lock_lot
    monkeypatch.setattr(bidding, "lock_lot", lambda lot_id, **kw: locks.append(lot_id) or lock_lot(lot_id, **kw))
    bid(lot, alice, START)  # it opens the lot (the clock did, before the job): under the lock
    assert locks == [lot.pk]
    locks.clear()
    unlocked = write_path == "written if unchanged"
    # The read; then the write, or the lock and the write: chained, the savepoint (in the
    # test's transaction, for BEGIN) sent with the lock and its release with the write;
    # otherwise each on its own.
    with django_assert_num_queries({"written if unchanged": 2, "under the lock": 3}.get(write_path, 5)):
        bid(lot, bob, START + INCREMENT, at(10, 1))
    assert len(locks) == (0 if unlocked else 1)
    # Proxies to answer: under the lock, whatever the path.
    set_proxy(bidder=alice, lot_id=lot.pk, ceiling=START + 5 * INCREMENT, now=at(10, 2))
    locks.clear()
    bid(lot, bob, START + 3 * INCREMENT, at(10, 3))
    assert locks == [lot.pk]
    lot.refresh_from_db()
    assert lot.leader.bidder == alice and lot.current_price == START + 4 * INCREMENT
