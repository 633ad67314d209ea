"""Many bidders at once on real PostgreSQL: no bid lost, none recorded twice, prices rising."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from auction.choices import DepositState, LotStatus
from auction.models import Bid, Deal, Lot, Registration
from auction.services.bidding import BidRejected, place_bid
from auction.services.closing import close_lot
from tests.auction.bidding import (
    INCREMENT,
    RESERVE,
    START,
    at,
    make_bidder,
    make_lot,
    published_items,
)

# serialized_rollback: like the other transactional tests, so that its flush leaves the
# migrations' data for the next one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_concurrent_bids_are_serialised_by_the_lot_lock(admin_user):
    lot = make_lot(admin_user, published_items(admin_user))
    bidders = [make_bidder(admin_user, lot, f"bidder{n}") for n in range(8)]
    accepted, refused, errors = [], [], []
    start = threading.Barrier(len(bidders))

    def storm(user):
        try:
            start.wait()
            for _attempt in range(15):
                current = Lot.objects.get(pk=lot.pk)
                try:
                    result = place_bid(lot_id=lot.pk, bidder=user, amount=current.minimum_bid(), now=at(12))
                    accepted.append(result.bid.pk)
                except BidRejected as error:
                    refused.append(error.code)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=storm, args=(user,)) for user in bidders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert len(accepted) + len(refused) == 8 * 15 and accepted
    assert set(refused) <= {"bid_too_low", "already_leading"}  # lost races, never a crash
    lot.refresh_from_db()
    bids = list(Bid.objects.filter(lot=lot, accepted=True).order_by("id"))
    assert sorted(b.pk for b in bids) == sorted(accepted)  # each accepted bid recorded exactly once
    prices = [b.amount for b in bids]
    assert all(later - earlier == INCREMENT for earlier, later in zip(prices, prices[1:], strict=False))
    assert lot.current_price == prices[-1] and lot.leader.bidder_id == bids[-1].bidder_id
    assert lot.bid_count == len(bids)
    assert all(b.previous_price == (prices[n - 1] if n else None) for n, b in enumerate(bids))
    assert Bid.objects.filter(lot=lot, accepted=False).count() == len(refused)
    assert prices[0] == Decimal(lot.start_price)


HOLD = 0.5  # seconds a held bid keeps the lot's lock


def while_a_bid_holds_the_lock(lot, bidder, amount, now, call):
    """Run `call()` while another connection has placed a bid on the lot and not yet
    committed it (for HOLD seconds); returns what `call` returned or raised, and how long it
    waited."""
    ready, errors = threading.Event(), []

    def hold():
        try:
            with transaction.atomic():
                place_bid(lot_id=lot.pk, bidder=bidder, amount=amount, now=now)
                ready.set()
                time.sleep(HOLD)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
            ready.set()
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    ready.wait()
    began = time.monotonic()
    try:
        outcome = call()
    except Exception as error:  # noqa: BLE001 (the test looks at it)
        outcome = error
    waited = time.monotonic() - began
    holder.join()
    assert not errors, errors
    return outcome, waited


def _lot_with_a_first_bid(admin_user, *names):
    lot = make_lot(admin_user, published_items(admin_user))
    bidders = [make_bidder(admin_user, lot, name) for name in names]
    place_bid(lot_id=lot.pk, bidder=bidders[0], amount=START, now=at(10))
    return lot, bidders


def test_a_bid_that_waited_on_the_lock_outbids_the_leader_of_the_bid_before_it(admin_user):
    lot, (_first, second, third) = _lot_with_a_first_bid(admin_user, "racer1", "racer2", "racer3")
    # Waits for the held bid's commit, then sees the lot as that bid left it.
    result, waited = while_a_bid_holds_the_lock(
        lot, second, START + INCREMENT, at(10, 1),
        lambda: place_bid(lot_id=lot.pk, bidder=third, amount=START + 2 * INCREMENT, now=at(10, 2)))

    assert waited >= HOLD * 0.6  # it did wait on the lock
    assert result.outbid == [Registration.objects.get(lot=lot, bidder=second).pk]
    lot.refresh_from_db()
    assert lot.leader.bidder == third and lot.bid_count == 3


def test_a_close_that_waited_on_a_last_bid_gives_the_deal_to_that_bidder(admin_user):
    lot, (first, second) = _lot_with_a_first_bid(admin_user, "closer1", "closer2")
    closed, waited = while_a_bid_holds_the_lock(lot, second, RESERVE, at(15, 50),
                                                lambda: close_lot(lot.pk, now=at(16, 1)))

    assert waited >= HOLD * 0.6  # it did wait on the lock
    assert closed.status == LotStatus.SOLD and closed.current_price == RESERVE
    deal = Deal.objects.get(lot=lot)
    assert deal.buyer_user == second and deal.price == RESERVE
    deposits = dict(Registration.objects.filter(lot=lot).values_list("bidder_id", "deposit_state"))
    assert deposits == {first.pk: DepositState.RELEASED, second.pk: DepositState.RETAINED}


def test_a_bid_the_committed_price_already_refuses_does_not_wait_for_the_lock(admin_user):
    lot, (_first, second, third) = _lot_with_a_first_bid(admin_user, "quick1", "quick2", "quick3")
    # Too low against the committed price already.
    refused, waited = while_a_bid_holds_the_lock(
        lot, second, START + INCREMENT, at(10, 1),
        lambda: place_bid(lot_id=lot.pk, bidder=third, amount=START, now=at(10, 2)))

    assert isinstance(refused, BidRejected) and refused.code == "bid_too_low" and waited < HOLD * 0.6
    record = Bid.objects.get(lot=lot, bidder=third)
    assert not record.accepted and record.previous_price == START and record.rejection == "bid_too_low"


def test_confirming_a_deposit_does_not_wait_for_a_bid_on_its_lot(admin_user):
    """The confirmation locks the registration only: locking its lot as well would take the
    rows in the opposite order to a bid (lot, then the registrations its inserts reference)."""
    from tests.auction.bidding import deposit_arrived

    lot, (_first, second) = _lot_with_a_first_bid(admin_user, "deposit1", "deposit2")
    late = Registration.objects.get(lot=lot, bidder=make_bidder(admin_user, lot, "deposit3", confirmed=False))
    confirmed, waited = while_a_bid_holds_the_lock(
        lot, second, START + INCREMENT, at(10, 1),
        lambda: deposit_arrived(admin_user, late, "BANK-2", now=at(10, 2)))

    assert confirmed.deposit_state == DepositState.HELD and waited < HOLD * 0.6


def test_a_bid_by_increments_that_waited_on_the_lock_is_priced_from_the_bid_before_it(admin_user):
    lot, (_first, second, third) = _lot_with_a_first_bid(admin_user, "steps1", "steps2", "steps3")
    # It read the price the held bid is about to move; the lock gives it the moved one.
    result, waited = while_a_bid_holds_the_lock(
        lot, second, START + 3 * INCREMENT, at(10, 1),
        lambda: place_bid(lot_id=lot.pk, bidder=third, increments=1, now=at(10, 2)))

    assert waited >= HOLD * 0.6  # it did wait on the lock
    assert result.bid.amount == START + 4 * INCREMENT and result.lot.leader.bidder == third
    assert list(Bid.objects.filter(lot=lot, accepted=True).order_by("id").values_list("amount", flat=True)) == [
        START, START + 3 * INCREMENT, START + 4 * INCREMENT]


def test_cancelling_a_proxy_waits_for_the_bid_it_may_answer(admin_user):
    """A proxy being answered in a bid's transaction is not cancelled under it: the cancel
    waits for the lot's lock, so once it returns the platform bids no more for the bidder."""
    from auction.models import ProxyBid
    from auction.services.bidding import cancel_proxy, set_proxy

    lot, (first, second) = _lot_with_a_first_bid(admin_user, "proxy1", "proxy2")
    set_proxy(bidder=first, lot_id=lot.pk, ceiling=START + 10 * INCREMENT, now=at(10, 1))
    outcome, waited = while_a_bid_holds_the_lock(
        lot, second, START + INCREMENT, at(10, 2),
        lambda: cancel_proxy(bidder=first, lot_id=lot.pk, now=at(10, 3)))

    assert not isinstance(outcome, Exception), outcome
    assert waited >= HOLD * 0.6  # it did wait on the lock
    assert not ProxyBid.objects.get(registration__lot=lot, registration__bidder=first).active
    lot.refresh_from_db()
    assert lot.leader.bidder == first  # the proxy answered the held bid, before the cancel


def test_a_bid_whose_lot_changed_after_it_was_read_is_judged_again_on_the_change(admin_user):
    """The unlocked write applies only to the state it was judged on: a bid placed between
    the read and the write makes it read and judge again."""
    from auction.services.bidding import read_for_bid

    lot, (_first, second, third) = _lot_with_a_first_bid(admin_user, "stale1", "stale2", "stale3")
    stale = read_for_bid(lot.pk, third)
    place_bid(lot_id=lot.pk, bidder=second, amount=START + INCREMENT, now=at(10, 1))
    with pytest.raises(BidRejected) as caught:  # acceptable on what it read, too low on what it would change
        place_bid(lot_id=lot.pk, bidder=third, amount=START + INCREMENT, now=at(10, 2), seen=stale)
    assert caught.value.code == "bid_too_low"
    assert Bid.objects.get(lot=lot, bidder=third).previous_price == START + INCREMENT

    stale = read_for_bid(lot.pk, third)
    place_bid(lot_id=lot.pk, bidder=second.__class__.objects.get(username="stale1"), amount=START + 2 * INCREMENT,
              now=at(10, 3))
    result = place_bid(lot_id=lot.pk, bidder=third, increments=1, now=at(10, 4), seen=stale)
    assert result.bid.amount == START + 3 * INCREMENT and result.bid.previous_price == START + 2 * INCREMENT
    lot.refresh_from_db()
    assert (lot.current_price, lot.bid_count, lot.leader.bidder) == (START + 3 * INCREMENT, 4, third)


def test_a_lot_closed_after_the_bid_read_it_refuses_the_bid(admin_user):
    """Any change to the lot's row stops the unlocked write, not only a bid's: here the
    close, which leaves the lot's version (its count of bids) as it was."""
    from auction.services.bidding import read_for_bid

    lot, (_first, second) = _lot_with_a_first_bid(admin_user, "late1", "late2")
    stale = read_for_bid(lot.pk, second)
    close_lot(lot.pk, now=at(16, 1))
    with pytest.raises(BidRejected) as caught:
        place_bid(lot_id=lot.pk, bidder=second, amount=START + INCREMENT, now=at(15, 59), seen=stale)
    assert caught.value.code == "lot_not_open"
    lot.refresh_from_db()
    assert lot.status != LotStatus.OPEN and lot.bid_count == 1
    assert not Bid.objects.filter(lot=lot, bidder=second, accepted=True).exists()


def test_a_lot_whose_bids_lose_races_takes_the_lock_for_a_while(admin_user, monkeypatch):
    from auction.services import bidding

    lot, (first, second, third) = _lot_with_a_first_bid(admin_user, "hot1", "hot2", "hot3")
    locks = []
    lock_lot = bidding.lock_lot
    monkeypatch.setattr(bidding, "lock_lot", lambda lot_id, **kw: locks.append(lot_id) or lock_lot(lot_id, **kw))
    place_bid(lot_id=lot.pk, bidder=second, increments=1, now=at(10, 1))
    assert locks == []  # unlocked
    stale = bidding.read_for_bid(lot.pk, third)
    place_bid(lot_id=lot.pk, bidder=first, increments=1, now=at(10, 2))
    place_bid(lot_id=lot.pk, bidder=third, increments=1, now=at(10, 3), seen=stale)  # lost its race: the lock
    with CaptureQueriesContext(connection) as queries:  # contested: the lock at once
        place_bid(lot_id=lot.pk, bidder=second, increments=1, now=at(10, 4))
    assert locks == [lot.pk, lot.pk]
    # Outside any transaction, as a request runs it: the read, then BEGIN with the lock and
    # COMMIT with the write (jbgs.db.Chain); the outbid notice after it (Celery runs eagerly).
    read, locked, written = (q["sql"] for q in queries.captured_queries[:3])
    assert locked.startswith("BEGIN; ") and written.endswith("; COMMIT")
    assert Bid.objects.filter(lot=lot, accepted=True).latest("id").bidder == second
    bidding._lost_races[lot.pk] -= bidding.CONTESTED_FOR  # a while later
    place_bid(lot_id=lot.pk, bidder=first, increments=1, now=at(10, 5))
    assert locks == [lot.pk, lot.pk]
    assert list(Bid.objects.filter(lot=lot, accepted=True).order_by("id").values_list("amount", flat=True)) == [
        START + n * INCREMENT for n in range(6)]


def test_the_contested_lots_are_forgotten_once_quiet_and_many():
    from auction.services import bidding

    for pk in range(10_001):
        bidding._lost_race(pk, 100.0)
    bidding._lost_race(-1, 100.0 + bidding.CONTESTED_FOR + 1)
    assert list(bidding._lost_races) == [-1]
