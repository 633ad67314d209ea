"""Opening and closing lots by the clock, without anyone watching (Celery beat).

Both flips are compare-and-set under the lot's row lock and idempotent: a job that runs
late or twice changes nothing that is settled, and one that never ran lets no late bid in
(bids check the clock themselves). A lot whose end an extension moved is left for a later run.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from auction import signals
from auction.choices import (
    LOT_TRANSITIONS,
    AuctionAction,
    BidRejection,
    DealMethod,
    LotStatus,
    UnsoldReason,
)
from auction.models import Deal, Lot, Registration, Watch
from auction.services.bidding import lock_lot
from auction.services.lots import carry_over, move_lot, release_deposits
from jbgs.locking import Busy, busy_on_timeout
from jbgs.money import wan
from jbgs.services.audit import audit
from jbgs.services.notifications import notify
from jbgs.transitions import sources

REMIND_BEFORE = datetime.timedelta(minutes=30)
log = logging.getLogger(__name__)


def open_due_lots(now=None) -> int:
    """Scheduled lots whose start has come (and whose end has not) become open. A lot whose
    row stays locked past the lock timeout is left for the next run, not the others."""
    now = now or timezone.now()
    openable = sources(LOT_TRANSITIONS, LotStatus.OPEN)
    due = Lot.objects.filter(status__in=openable, starts_at__lte=now, effective_end__gt=now)
    return sum(1 for lot_id in due.values_list("pk", flat=True) if _unless_busy(_open_lot, lot_id, openable, now))


def _open_lot(lot_id: int, openable: list[str], now) -> bool:
    with busy_on_timeout(), transaction.atomic():
        # Compare-and-set: only a lot still in a status the table opens from.
        before = Lot.objects.filter(pk=lot_id, status__in=openable).values_list("status", flat=True).first()
        changed = before and Lot.objects.filter(pk=lot_id, status=before).update(
            status=LotStatus.OPEN, version=F("version") + 1, updated_at=now)
        if not changed:
            return False
        lot = Lot.objects.get(pk=lot_id)
        audit(lot, AuctionAction.LOT_OPENED, now=now, from_state=before, to_state=LotStatus.OPEN)
        _after(lot)
        signals.lot_opened.send_on_commit(Lot, lot=lot)
    return True


def _unless_busy(job, *args):
    """One lot's step of a job; a lot still locked after the lock timeout (a bid, a person)
    is left for the next run, and the job goes on with the others."""
    try:
        return job(*args)
    except Busy:
        log.warning("lot %s is busy: left for the next run of %s", args[0], job.__name__)
        return None


def close_due_lots(now=None) -> int:
    """Lots past their effective end are settled: sold when the highest bid reaches the
    reserve, otherwise unsold."""
    now = now or timezone.now()
    due = Lot.objects.filter(status__in=[LotStatus.SCHEDULED, LotStatus.OPEN], effective_end__lte=now)
    return sum(1 for lot_id in due.values_list("pk", flat=True) if _unless_busy(_close, lot_id, now))


def _close(lot_id: int, now) -> Lot | None:
    return close_lot(lot_id, now=now)


def close_lot(lot_id: int, *, now=None) -> Lot | None:
    """Settle one lot under its row lock; None when another run settled it already, or a
    late bid moved its end meanwhile."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_lot(lot_id)
        if (locked is None or locked.status not in (LotStatus.SCHEDULED, LotStatus.OPEN)
                or locked.effective_end is None or locked.effective_end > now):
            return None
        # Read with its relations once locked, so the leader is the one of the last bid.
        lot = Lot.objects.select_related("leader__bidder", "leader__organization", "campaign").get(pk=lot_id)
        reached = lot.current_price is not None and lot.current_price >= lot.reserve_price
        # A unit suspended while it led wins nothing: the lot ends unsold, and says why.
        refused = BidRejection.UNIT_NOT_ACTIVE if reached and not lot.leader.unit_active else ""
        sold = reached and not refused
        previous = move_lot(lot, LotStatus.SOLD if sold else LotStatus.UNSOLD)
        lot.closed_at = now
        if not sold:
            lot.unsold_reason = (UnsoldReason.UNIT_NOT_ACTIVE if refused else UnsoldReason.NO_BIDS
                                 if lot.current_price is None else UnsoldReason.RESERVE_NOT_MET)
        lot.save(update_fields=["status", "closed_at", "unsold_reason", "version", "updated_at"])
        released = release_deposits(lot, keep=lot.leader if sold else None, now=now)
        deal = _record_deal(lot, now) if sold else None
        audit(lot, AuctionAction.LOT_CLOSED, now=now, from_state=previous, to_state=lot.status,
              data={"price": str(lot.current_price or ""), "bids": lot.bid_count, "deposits_released": released,
                    "deal": deal.number if deal else "", **({"refused": refused} if refused else {})})
        carried = None if sold else carry_over(lot, now)
        _tell_the_end(lot, deal, carried)
        _after(lot, deal)
        signals.lot_closed.send_on_commit(Lot, lot=lot, deal=deal)
        if deal is not None:
            signals.deal_concluded.send_on_commit(Deal, deal=deal)
    return lot


def _record_deal(lot: Lot, now) -> Deal:
    return Deal.objects.create(
        campaign=lot.campaign, number=f"CJ{lot.number}", lot=lot, method=DealMethod.BIDDING,
        buyer=lot.leader.organization, buyer_user=lot.leader.bidder, seller=lot.seller, price=lot.current_price,
        trade_mode=lot.trade_mode, concluded_at=now)


def _tell_the_end(lot: Lot, deal: Deal | None, carried: Lot | None = None) -> None:
    from auction import access as auction_access

    url = reverse("auction:lot", args=[lot.pk])
    if carried is not None:
        goes_on = _("It is offered again as lot %(number)s on %(date)s; register for it there.") % {
            "number": carried.number, "date": f"{carried.day.date:%Y-%m-%d}"}
        url = reverse("auction:lot", args=[carried.pk])
    others = Registration.objects.filter(lot=lot).select_related("bidder")
    if deal is not None:
        notify([lot.leader.bidder], kind="auction.lot.won",
               title=_("You won lot %(number)s") % {"number": lot.number},
               body=_("Deal price %(price)s × 10,000 yuan. Download the deal confirmation from the lot's page.")
               % {"price": wan(deal.price)}, url=url)
        others = others.exclude(pk=lot.leader_id)
    why = (_("It ended unsold: %(reason)s.") % {"reason": lot.get_unsold_reason_display()}
           if lot.unsold_reason else "")
    refund = _("Your deposit will be refunded.")
    notify([r.bidder for r in others], kind="auction.lot.ended",
           title=_("Lot %(number)s has ended") % {"number": lot.number},
           body=" ".join(part for part in (why, refund, goes_on if carried else "") if part), url=url)
    series = _("Unless you stop the series on the lot's page.") if carried else ""
    notify(auction_access.unit_liaisons(lot.seller), kind="auction.lot.ended",
           title=(_("Lot %(number)s was sold") if deal else _("Lot %(number)s ended unsold")) % {"number": lot.number},
           body=" ".join(part for part in (lot.title, why, goes_on if carried else "", series) if part), url=url)


def _after(lot: Lot, deal: Deal | None = None) -> None:
    from auction.services import live

    # Robust: the close is committed; a cache or broker failure must not stop the other lots'
    # closes (the cached state lives a second; deals.store_missing_confirmations keeps the PDF later).
    transaction.on_commit(lambda: live.lot_changed(lot), robust=True)
    if deal is not None:
        from auction import tasks

        transaction.on_commit(lambda: tasks.render_confirmation.delay(deal_id=deal.pk), robust=True)


def remind_watchers(now=None) -> int:
    """Tell each watcher once that a watched lot opens within REMIND_BEFORE."""
    now = now or timezone.now()
    due = (Watch.objects.filter(reminded_at__isnull=True, lot__status=LotStatus.SCHEDULED,
                                lot__starts_at__gt=now, lot__starts_at__lte=now + REMIND_BEFORE)
           .select_related("lot", "user"))
    count = 0
    for watch in due:
        with transaction.atomic():
            if not Watch.objects.filter(Q(pk=watch.pk) & Q(reminded_at__isnull=True)).update(reminded_at=now):
                continue
            start = timezone.localtime(watch.lot.starts_at)
            notify([watch.user], kind="auction.lot.opens_soon",
                   title=_("Lot %(number)s opens at %(time)s") % {"number": watch.lot.number,
                                                                 "time": f"{start:%H:%M}"},
                   body=watch.lot.title, url=reverse("auction:lot", args=[watch.lot_id]))
            count += 1
    return count
