"""Many bidders at once on real PostgreSQL: no bid lost, none recorded twice, prices rising."""

import threading
from decimal import Decimal

import pytest
from django.db import connections

from auction.models import Bid, Lot
from auction.services.bidding import BidRejected, place_bid
from tests.auction.bidding import INCREMENT, at, make_bidder, make_lot, published_items

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
