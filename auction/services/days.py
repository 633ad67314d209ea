"""Bidding days (竞价日): laid out from the campaign's rules (每周三、五 inside the bidding
stage, at the year's hours), cancelled for a holiday, or added on any date."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auction.choices import AuctionAction, DayStatus, LotStatus
from auction.models import AuctionRules, BiddingDay
from jbgs import access
from jbgs.choices import Stage
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock, lock_first
from jbgs.services.audit import audit


def _require_admin(actor) -> None:
    if not access.is_admin(actor):
        raise NotAllowed()


def at(date: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and a wall-clock time in the portal's zone (Asia/Shanghai), as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(date, time))


def bidding_window(campaign) -> tuple[datetime.date, datetime.date]:
    stage = campaign.stages.filter(code=Stage.BIDDING).first()
    if stage is None or not stage.starts_on or not stage.ends_on:
        raise DomainError(_("Set the dates of the bidding stage of %(year)s first.") % {"year": campaign.year},
                          code="no_bidding_window")
    return stage.starts_on, stage.ends_on


def layout_days(*, actor, campaign) -> int:
    """A bidding day for every bidding weekday of the bidding stage. Days already there,
    cancelled ones included, are left as they are, so running it again adds only what is new
    (after the administrator changed the stage's dates or the weekdays). Returns the count."""
    _require_admin(actor)
    first, last = bidding_window(campaign)
    with transaction.atomic():
        rules = AuctionRules.of(campaign)
        taken = set(BiddingDay.objects.filter(campaign=campaign).values_list("date", flat=True))
        new = []
        day = first
        while day <= last:
            if day.weekday() in rules.bidding_weekdays and day not in taken:
                new.append(BiddingDay(campaign=campaign, date=day, opens_at=at(day, rules.bidding_opens_at),
                                      closes_at=at(day, rules.bidding_closes_at)))
            day += datetime.timedelta(days=1)
        BiddingDay.objects.bulk_create(new)
        audit(campaign, AuctionAction.DAYS_LAID_OUT, actor=actor,
              data={"days": len(new), "from": str(first), "to": str(last)})
    return len(new)


def add_day(*, actor, campaign, date: datetime.date, opens_at: datetime.time | None = None,
            closes_at: datetime.time | None = None, note: str = "") -> BiddingDay:
    """A bidding day added by hand (or a cancelled one brought back), within the year's
    bidding stage; on a day other than the year's bidding weekdays the note says why."""
    _require_admin(actor)
    rules = AuctionRules.of(campaign)
    opens_at, closes_at = opens_at or rules.bidding_opens_at, closes_at or rules.bidding_closes_at
    if closes_at <= opens_at:
        raise DomainError(_("Bidding must close after it opens."), code="invalid_hours", field="closes_at")
    first, last = bidding_window(campaign)
    if not first <= date <= last:
        raise DomainError(_("%(date)s is outside the bidding stage of %(year)s (%(first)s to %(last)s).")
                          % {"date": date, "year": campaign.year, "first": first, "last": last},
                          code="outside_bidding_stage", field="date")
    if date.weekday() not in rules.bidding_weekdays and not note.strip():
        raise DomainError(_("%(date)s is not one of the year's bidding weekdays (%(days)s): say why in the note.")
                          % {"date": date, "days": "、".join(str(d) for d in rules.bidding_weekday_labels())},
                          code="note_required", field="note")
    with transaction.atomic():
        day = lock_first(BiddingDay.objects.filter(campaign=campaign, date=date))
        if day is not None and not day.is_cancelled:
            raise DomainError(_("%(date)s is already a bidding day.") % {"date": date}, code="day_exists",
                              field="date")
        day = day or BiddingDay(campaign=campaign, date=date)
        before = day.status if day.pk else ""
        day.opens_at, day.closes_at, day.status, day.note = at(date, opens_at), at(date, closes_at), \
            DayStatus.SCHEDULED, note
        day.special = day.special or date.weekday() not in rules.bidding_weekdays
        day.save()
        audit(day, AuctionAction.DAY_ADDED, actor=actor, from_state=before, to_state=day.status,
              data={"opens_at": str(opens_at), "closes_at": str(closes_at), "note": note})
    return day


def cancel_day(*, actor, day: BiddingDay, reason: str) -> BiddingDay:
    """Cancel a day (a holiday). Its lots must be moved to another day first."""
    _require_admin(actor)
    if not reason.strip():
        raise DomainError(_("Give the reason."), code="reason_required", field="reason")
    with transaction.atomic():
        locked = lock(BiddingDay.objects, pk=day.pk)
        if locked.is_cancelled:
            return locked
        lots = locked.lots.exclude(status=LotStatus.WITHDRAWN).count()
        if lots:
            raise DomainError(_("%(n)s lots are scheduled on this day: move or withdraw them first.") % {"n": lots},
                              code="day_has_lots")
        locked.status, locked.note = DayStatus.CANCELLED, reason
        locked.save(update_fields=["status", "note"])
        audit(locked, AuctionAction.DAY_CANCELLED, actor=actor, from_state=DayStatus.SCHEDULED,
              to_state=DayStatus.CANCELLED, data={"reason": reason})
    return locked
