"""The supply side's locks wait a bounded time, its writes leave no view, and every change
of a lot's status goes through LOT_TRANSITIONS."""

import pytest
from django.urls import reverse

from auction.choices import LOT_TRANSITIONS, LotStatus
from auction.models import Bid, Lot, Watch
from auction.services import lots
from auction.services.bidding import place_bid
from jbgs.exceptions import InvalidTransition
from jbgs.locking import Busy
from jbgs.models import AuditEntry
from tests.auction.bidding import BEFORE, at, make_bidder, seller_liaison
from tests.jbgs.test_locking import held


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_held_up_outside_any_helper_still_answers_busy_in_words(client_as, admin_user, lot):
    """Watching a lot inserts a row; a second insert of the same row waits on the first
    one's transaction, beyond lock(): the edge (BusyMiddleware) answers for it."""
    bidder = make_bidder(admin_user, lot, "watcher")
    client = client_as(bidder)
    with held("INSERT INTO auction_watch (user_id, lot_id, created_at) VALUES (%s, %s, now())", [bidder.pk, lot.pk]):
        page = client.post(reverse("auction:lot-watch", args=[lot.pk]))
        fragment = client.post(reverse("auction:lot-watch", args=[lot.pk]), HTTP_HX_REQUEST="true")
    assert page.status_code == 409 and "稍后" in page.content.decode() and "刷新页面" in page.content.decode()
    assert fragment.status_code == 409 and fragment["HX-Retarget"] == "#portal-alerts"
    assert Watch.objects.count() == 1  # the held insert, committed at the end; the waiting ones wrote nothing


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_bid_waiting_too_long_on_the_lots_lock_is_busy_and_recorded_nowhere(admin_user, lot):
    bidder = make_bidder(admin_user, lot, "waiting")
    with held("SELECT 1 FROM auction_lot WHERE id = %s FOR UPDATE", [lot.pk]), pytest.raises(Busy):
        place_bid(lot_id=lot.pk, bidder=bidder, increments=1, now=at(12))
    assert not Bid.objects.exists() and Lot.objects.get(pk=lot.pk).bid_count == 0


def test_watching_is_a_service_with_its_audit_entry(client_as, admin_user, lot):
    bidder = make_bidder(admin_user, lot, "follower")
    client = client_as(bidder)
    client.post(reverse("auction:lot-watch", args=[lot.pk]))
    client.post(reverse("auction:lot-watch", args=[lot.pk]))
    assert not Watch.objects.exists()
    assert list(AuditEntry.objects.filter(object_id=str(lot.pk), action__startswith="auction.lot.").exclude(
        action__in=["auction.lot.created", "auction.lot.confirmed", "auction.lot.scheduled"]).order_by("id")
        .values_list("action", flat=True)) == ["auction.lot.watched", "auction.lot.unwatched"]


def test_downloading_a_confirmation_stores_nothing(client_as, admin_user, lot, alice, bob):
    from auction.models import Deal
    from auction.services import closing, deals
    from tests.auction.bidding import CLOSES, RESERVE

    place_bid(lot_id=lot.pk, bidder=bob, amount=RESERVE, now=at(11))
    closing.close_due_lots(CLOSES)
    deal = Deal.objects.get()
    response = client_as(bob).get(reverse("auction:deal-confirmation", args=[deal.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response).startswith(b"%PDF")
    assert not Deal.objects.get().confirmation  # the task after the close keeps it, not a GET
    assert deals.store_missing_confirmations() == 1  # beat's sweep, for a task that was lost
    assert Deal.objects.get().confirmation and deals.store_missing_confirmations() == 0


def test_every_change_of_a_lots_status_follows_its_table(admin_user, lot):
    lot = Lot.objects.get(pk=lot.pk)
    assert lot.status == LotStatus.SCHEDULED
    changed = lots.update_terms(actor=admin_user, lot=lot, now=BEFORE, terms=lots.Terms(**{
        **{name: getattr(lot, name) for name in lots.TERM_FIELDS}, "title": "改过标题的拍品"}))
    assert changed.status == LotStatus.DRAFT and LotStatus.DRAFT in LOT_TRANSITIONS[LotStatus.SCHEDULED]
    withdrawn = lots.withdraw(actor=admin_user, lot=changed, reason="权属争议", now=BEFORE)
    with pytest.raises(InvalidTransition):
        lots.move_lot(withdrawn, LotStatus.OPEN)
    with pytest.raises(InvalidTransition):
        lots.confirm_terms(actor=seller_liaison(), lot=withdrawn, now=BEFORE)


def test_no_service_sets_a_lots_status_but_through_its_transition_table():
    """A lot's status written by hand would skip the table; the services write it with
    move_lot() (or, in the opening job's compare-and-set, from the table's sources())."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    by_hand = re.compile(r"\.status\b[^=!<>\n]*=(?!=).*LotStatus\.|\bstatus=LotStatus\.")
    offenders = [f"{path.name}:{line.strip()}" for path in (root / "auction" / "services").glob("*.py")
                 for line in path.read_text().splitlines()
                 if by_hand.search(line) and not re.search(r"filter\(|exclude\(", line)]
    assert offenders == ['closing.py:status=LotStatus.OPEN, version=F("version") + 1, updated_at=now)']


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_closing_job_leaves_a_lot_it_cannot_lock_for_its_next_run_and_closes_the_others(admin_user):
    from auction.services import closing
    from tests.auction.bidding import CLOSES, make_lot, published_items

    first, second = published_items(admin_user, count=2)
    held_lot, free_lot = make_lot(admin_user, [first]), make_lot(admin_user, [second])
    with held("SELECT 1 FROM auction_lot WHERE id = %s FOR UPDATE", [held_lot.pk]):
        assert closing.close_due_lots(CLOSES) == 1
    assert Lot.objects.get(pk=free_lot.pk).status == LotStatus.UNSOLD
    assert Lot.objects.get(pk=held_lot.pk).status == LotStatus.SCHEDULED
    assert closing.close_due_lots(CLOSES) == 1  # the next run settles it
    assert Lot.objects.get(pk=held_lot.pk).status == LotStatus.UNSOLD
