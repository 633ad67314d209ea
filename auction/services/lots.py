"""Lots (拍品): one published item or a package of several, with its listing terms, confirmed
by the seller unit, scheduled on a bidding day, moved, withdrawn before it opens, relisted
after it ends unsold, or carried on to the next bidding day until the season ends."""

from dataclasses import dataclass, fields
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from auction import access as auction_access
from auction.choices import (
    LOT_ENDED,
    LOT_TRANSITIONS,
    AuctionAction,
    DayStatus,
    DepositState,
    LotStatus,
    TradeMode,
)
from auction.models import AuctionRules, BiddingDay, Item, Lot, LotItem, Registration, Watch
from jbgs import access
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.locking import lock
from jbgs.money import yuan
from jbgs.services.audit import audit, changed_fields, snapshot
from jbgs.services.notifications import notify
from jbgs.transitions import move


@dataclass
class Terms:
    """The listing terms of a lot; a reserve left empty equals the start price, and the
    anti-sniping rule left empty comes from the campaign year."""

    title: str
    trade_mode: str
    start_price: Decimal
    increment: Decimal
    deposit: Decimal = Decimal(0)
    reserve_price: Decimal | None = None
    snipe_window_minutes: int | None = None
    snipe_extension_minutes: int | None = None
    snipe_cap_minutes: int | None = None


TERM_FIELDS = tuple(f.name for f in fields(Terms))


def _require_admin(actor) -> None:
    if not access.is_admin(actor):
        raise NotAllowed()


def move_lot(lot: Lot, target: str) -> str:
    """Every change of a lot's status: through LOT_TRANSITIONS, with a new version of its
    live state. The caller holds the lot's lock and saves it; returns the previous status."""
    previous = move(lot, target, LOT_TRANSITIONS,
                    message=_("The lot is %(state)s.") % {"state": lot.get_status_display()})
    lot.version += 1
    return previous


def _apply_terms(lot: Lot, terms: Terms) -> None:
    rules = AuctionRules.of(lot.campaign)  # the year's anti-sniping rule, unless the terms set their own
    lot.title, lot.trade_mode = terms.title.strip(), terms.trade_mode
    lot.start_price, lot.increment, lot.deposit = yuan(terms.start_price), yuan(terms.increment), yuan(terms.deposit)
    lot.reserve_price = yuan(terms.reserve_price) if terms.reserve_price is not None else lot.start_price
    for name in ("snipe_window_minutes", "snipe_extension_minutes", "snipe_cap_minutes"):
        value = getattr(terms, name)
        setattr(lot, name, value if value is not None else getattr(rules, name))
    lot.full_clean(exclude=["number", "items", "leader", "day", "created_by", "campaign", "seller"])


def _check_trade_mode(items, trade_mode: str) -> None:
    """A lot is sold by a trade mode that each of its items offers."""
    if any(trade_mode not in item.trade_modes for item in items):
        raise DomainError(_("%(mode)s is not a trade mode every item of the lot offers.")
                          % {"mode": TradeMode(trade_mode).label}, code="trade_mode_not_offered", field="trade_mode")


def _check_items(items: list[Item], lot: Lot | None = None) -> None:
    if not items:
        raise DomainError(_("Choose at least one published item."), code="no_items", field="items")
    if any(item.published_at is None for item in items):
        raise DomainError(_("Only published items can be put up for bidding."), code="not_published", field="items")
    if len({item.organization_id for item in items}) > 1:
        raise DomainError(_("A package holds items of one seller unit only."), code="several_sellers", field="items")
    busy = LotItem.objects.filter(item__in=items).exclude(lot__status__in=[LotStatus.UNSOLD, LotStatus.WITHDRAWN])
    if lot is not None:
        busy = busy.exclude(lot=lot)
    taken = busy.select_related("item", "lot").first()
    if taken:
        raise DomainError(_("%(item)s is already in lot %(lot)s.") % {"item": taken.item, "lot": taken.lot.number},
                          code="item_in_another_lot", field="items")


def _next_number(campaign) -> str:
    """Lot numbers run per year: 2026-0001, 2026-0002… (the caller holds the campaign's lock)."""
    last = Lot.objects.filter(campaign=campaign).aggregate(n=Max("number"))["n"]
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{campaign.year}-{serial:04d}"


def create_lot(*, actor, campaign, items: list[Item], terms: Terms) -> Lot:
    """A lot in draft, waiting for the seller unit to confirm its terms."""
    with transaction.atomic():
        lot = _create(actor, campaign, items, terms)
        _ask_seller(lot)
    return lot


def _create(actor, campaign, items, terms: Terms, relisted_from: Lot | None = None, *, action=None) -> Lot:
    """Locks the campaign row to number lots one at a time. `actor` None: the platform itself
    (a lot carried over), on behalf of whoever created the lot before it."""
    from jbgs.models import Campaign

    if actor is not None:
        _require_admin(actor)
    items = list(items)
    _check_items(items)
    _check_trade_mode(items, terms.trade_mode)
    with transaction.atomic():
        lock(Campaign.objects, pk=campaign.pk)
        lot = Lot(campaign=campaign, number=_next_number(campaign), seller=items[0].organization,
                  created_by=actor or relisted_from.created_by, relisted_from=relisted_from)
        _apply_terms(lot, terms)
        lot.save()
        LotItem.objects.bulk_create([LotItem(lot=lot, item=item, position=n) for n, item in enumerate(items)])
        action = action or (AuctionAction.LOT_RELISTED if relisted_from else AuctionAction.LOT_CREATED)
        audit(lot, action, actor=actor, to_state=lot.status,
              data={"items": [item.pk for item in items], **_terms_data(lot),
                    "relisted_from": relisted_from.number if relisted_from else ""})
    return lot


def _terms_data(lot: Lot) -> dict:
    return {name: str(getattr(lot, name)) for name in TERM_FIELDS}


def _ask_seller(lot: Lot) -> None:
    notify(auction_access.unit_liaisons(lot.seller), kind="auction.lot.confirm",
           title=_("Confirm the terms of lot %(number)s") % {"number": lot.number},
           body=lot.title, url=reverse("auction:lot-terms", args=[lot.pk]))


def update_terms(*, actor, lot: Lot, terms: Terms, now=None) -> Lot:
    """Change the terms before bidding can start. The seller confirmed the old terms, so a
    confirmed or scheduled lot goes back to draft (off its day) until they confirm again."""
    _require_admin(actor)
    with transaction.atomic():
        locked = lock(Lot.objects.select_related("campaign"), pk=lot.pk)
        _require_not_started(locked, now)
        before = snapshot(locked, TERM_FIELDS)
        _check_trade_mode(locked.items.all(), terms.trade_mode)
        _apply_terms(locked, terms)
        changes = changed_fields(locked, before, TERM_FIELDS)
        if not changes:
            return locked
        previous = locked.status
        if previous != LotStatus.DRAFT:
            move_lot(locked, LotStatus.DRAFT)
            locked.day, locked.starts_at, locked.ends_at, locked.effective_end = None, None, None, None
            locked.seller_confirmed_at = locked.seller_confirmed_by = None
        else:
            locked.version += 1
        locked.save()
        audit(locked, AuctionAction.LOT_TERMS_CHANGED, actor=actor, from_state=previous, to_state=locked.status,
              data={"changes": changes})
        if previous != LotStatus.DRAFT:
            _ask_seller(locked)
    return locked


def _require_not_started(lot: Lot, now=None) -> None:
    now = now or timezone.now()
    if lot.status in LOT_ENDED or lot.status == LotStatus.OPEN or (lot.starts_at and lot.starts_at <= now):
        raise InvalidTransition(_("Bidding on this lot has started or ended: its terms and day are fixed."))


def confirm_terms(*, actor, lot: Lot, seen_version: int | None = None, now=None) -> Lot:
    """The seller unit's liaison accepts the listing terms (委托挂牌): those they saw, when
    `seen_version` says which (the lot's version then); if an administrator changed them
    meanwhile, the confirmation is refused and the new terms are shown. Locks the lot row."""
    if not auction_access.is_unit_liaison(actor, lot.seller):
        raise NotAllowed(_("Only the seller unit's liaison confirms the terms."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(Lot.objects, pk=lot.pk)
        if seen_version is not None and locked.version != seen_version:
            raise InvalidTransition(_("The terms changed after you opened them: read them again before confirming."),
                                    code="terms_changed")
        previous = move_lot(locked, LotStatus.CONFIRMED)
        locked.seller_confirmed_at, locked.seller_confirmed_by = now, actor
        locked.save()
        audit(locked, AuctionAction.LOT_CONFIRMED, actor=actor, from_state=previous, to_state=locked.status, now=now,
              data=_terms_data(locked))
    return locked


def schedule(*, actor, lot: Lot, day: BiddingDay, starts_at=None, ends_at=None, now=None) -> Lot:
    """Put a confirmed lot on a bidding day (by default for the day's hours), or move a
    scheduled one to another day or time before it opens. Registered bidders are told."""
    _require_admin(actor)
    now = now or timezone.now()
    starts_at, ends_at = starts_at or day.opens_at, ends_at or day.closes_at
    if day.status != DayStatus.SCHEDULED or day.campaign_id != lot.campaign_id:
        raise DomainError(_("Choose a bidding day of this campaign that is not cancelled."), code="invalid_day",
                          field="day")
    if not now < starts_at < ends_at:
        raise DomainError(_("The lot must start in the future and end after it starts."), code="invalid_times",
                          field="starts_at")
    with transaction.atomic():
        locked = lock(Lot.objects, pk=lot.pk)
        _require_not_started(locked, now)
        moving = locked.status == LotStatus.SCHEDULED
        previous = move_lot(locked, LotStatus.SCHEDULED)
        old = {"day": str(locked.day or ""), "starts_at": locked.starts_at, "ends_at": locked.ends_at}
        locked.day, locked.starts_at, locked.ends_at, locked.effective_end = day, starts_at, ends_at, ends_at
        locked.save()
        audit(locked, AuctionAction.LOT_MOVED if moving else AuctionAction.LOT_SCHEDULED, actor=actor, now=now,
              from_state=previous, to_state=locked.status,
              data={"from": old, "day": str(day), "starts_at": starts_at, "ends_at": ends_at})
        if moving:
            _tell_registered(locked, _("Lot %(number)s was moved") % {"number": locked.number},
                             _("It now opens at %(time)s.") % {"time": f"{timezone.localtime(starts_at):%Y-%m-%d %H:%M}"})
    return locked


def withdraw(*, actor, lot: Lot, reason: str, now=None) -> Lot:
    """Take a lot off before it opens; deposits already held are released for refund."""
    _require_admin(actor)
    if not reason.strip():
        raise DomainError(_("Give the reason."), code="reason_required", field="reason")
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(Lot.objects, pk=lot.pk)
        _require_not_started(locked, now)
        previous = move_lot(locked, LotStatus.WITHDRAWN)
        locked.closed_at = now
        locked.save()
        released = release_deposits(locked, now=now)
        audit(locked, AuctionAction.LOT_WITHDRAWN, actor=actor, from_state=previous, to_state=locked.status, now=now,
              data={"reason": reason, "deposits_released": released})
        _tell_registered(locked, _("Lot %(number)s was withdrawn") % {"number": locked.number}, reason)
    return locked


def release_deposits(lot: Lot, *, keep: Registration | None = None, now=None) -> int:
    """Held deposits become due for refund, except the winner's, which is retained; deposits
    still awaited are no longer needed. Returns how many are due for refund.

    Awaited ones first: a confirmation of one in flight (it locks the registration) makes
    this statement wait, and its row, held by then, is released by the next statement,
    which reads afresh. A confirmation that comes later finds the deposit lapsed."""
    now = now or timezone.now()
    Registration.objects.filter(lot=lot, deposit_state=DepositState.AWAITING).update(
        deposit_state=DepositState.LAPSED)
    held = Registration.objects.filter(lot=lot, deposit_state=DepositState.HELD)
    if keep is not None:
        held.filter(pk=keep.pk).update(deposit_state=DepositState.RETAINED)
        held = held.exclude(pk=keep.pk)
    return held.update(deposit_state=DepositState.RELEASED, released_at=now)


def relist(*, actor, lot: Lot, terms: Terms | None = None) -> Lot:
    """A new lot of the same items after this one ended unsold (or was withdrawn): with the
    same terms it is ready to schedule (the seller confirmed them), with new ones it waits
    for the seller's confirmation."""
    if lot.status not in (LotStatus.UNSOLD, LotStatus.WITHDRAWN):
        raise InvalidTransition(_("Only a lot that ended unsold or was withdrawn can be relisted."))
    if lot.deals.exists():  # a deal negotiated after it ended unsold concluded it
        raise InvalidTransition(_("Lot %(number)s has a deal: its items are sold.") % {"number": lot.number})
    same = terms is None
    terms = terms or Terms(**{name: getattr(lot, name) for name in TERM_FIELDS})
    with transaction.atomic():
        new = _create(actor, lot.campaign, lot.items.all(), terms, relisted_from=lot)
        if same and lot.seller_confirmed_at:
            move_lot(new, LotStatus.CONFIRMED)
            new.seller_confirmed_at, new.seller_confirmed_by = lot.seller_confirmed_at, lot.seller_confirmed_by
            new.save(update_fields=["status", "version", "seller_confirmed_at", "seller_confirmed_by", "updated_at"])
        else:
            _ask_seller(new)
    return new


def next_bidding_day(lot: Lot, now) -> BiddingDay | None:
    """The first bidding day of the lot's season after its own that has not opened yet, or
    None when the season is over."""
    days = BiddingDay.objects.filter(campaign=lot.campaign_id, status=DayStatus.SCHEDULED, opens_at__gt=now)
    if lot.day_id:
        days = days.filter(date__gt=lot.day.date)
    return days.order_by("date").first()


def carry_over(lot: Lot, now) -> Lot | None:
    """An unsold lot goes on to the next bidding day, same items and terms, confirmed as its
    seller confirmed them, its watchers following (竞价展示周期至全系列活动结束). Called by the
    close under the lot's lock. None when the season has no day left, or the items cannot be
    offered again (the reason is audited): the close stands either way."""
    if not lot.carry_over or lot.status != LotStatus.UNSOLD:  # a deal comes only after the close
        return None
    day = next_bidding_day(lot, now)
    if day is None:
        audit(lot, AuctionAction.LOT_CARRIED, now=now, data={"carried_to": "", "reason": "season_over"})
        return None
    terms = Terms(**{name: getattr(lot, name) for name in TERM_FIELDS})
    try:
        with transaction.atomic():  # a savepoint: the close stands without the carried lot
            new = _create(None, lot.campaign, lot.items.all(), terms, relisted_from=lot,
                          action=AuctionAction.LOT_CARRIED)
            move_lot(new, LotStatus.CONFIRMED)
            move_lot(new, LotStatus.SCHEDULED)
            new.seller_confirmed_at, new.seller_confirmed_by = lot.seller_confirmed_at, lot.seller_confirmed_by
            new.day, new.starts_at, new.ends_at, new.effective_end = day, day.opens_at, day.closes_at, day.closes_at
            new.save()
            Watch.objects.bulk_create([Watch(user_id=user_id, lot=new)
                                       for user_id in lot.watches.values_list("user_id", flat=True)])
    except DomainError as error:  # e.g. an item withdrawn from the catalogue meanwhile
        audit(lot, AuctionAction.LOT_CARRIED, now=now, data={"carried_to": "", "reason": str(error.message)})
        return None
    audit(lot, AuctionAction.LOT_CARRIED, now=now, data={"carried_to": new.number, "day": str(day)})
    return new


def live_successors(lot: Lot):
    """The lots that carry this one's items on and have not ended."""
    return Lot.objects.filter(relisted_from=lot).exclude(status__in=LOT_ENDED)


def stop_series(*, actor, lot: Lot, reason: str, now=None) -> Lot:
    """The seller (or an administrator) stops offering the items on later bidding days: the
    lot ends where it is without being carried on, and a lot that carries it on and has not
    opened is withdrawn. Returns the lot that was stopped."""
    if not (access.is_admin(actor) or auction_access.is_unit_liaison(actor, lot.seller)):
        raise NotAllowed(_("Only the seller unit's liaison or an administrator stops the series."))
    if not reason.strip():
        raise DomainError(_("Give the reason."), code="reason_required", field="reason")
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(Lot.objects, pk=lot.pk)
        if locked.status in LOT_ENDED:
            successor = live_successors(locked).first()
            if successor is None:
                raise InvalidTransition(_("Lot %(number)s has ended and is not carried on.")
                                        % {"number": locked.number}, code="series_over")
            locked = lock(Lot.objects, pk=successor.pk)
        locked.carry_over = False
        previous = locked.status
        started = locked.status == LotStatus.OPEN or (locked.starts_at and locked.starts_at <= now)
        if not started:
            move_lot(locked, LotStatus.WITHDRAWN)
            locked.closed_at = now
        locked.save()
        released = 0 if started else release_deposits(locked, now=now)
        audit(locked, AuctionAction.LOT_SERIES_STOPPED, actor=actor, now=now, from_state=previous,
              to_state=locked.status, data={"reason": reason, "deposits_released": released})
        if not started:
            _tell_registered(locked, _("Lot %(number)s was withdrawn") % {"number": locked.number}, reason)
    return locked


def end_series_for_deal(lot: Lot, deal_number: str, now) -> None:
    """A negotiated deal concluded the unsold lot: a lot carrying it on that has not opened is
    withdrawn; one already in bidding is refused (its items are on offer there). The caller
    holds the unsold lot's lock."""
    for successor in live_successors(lot):
        locked = lock(Lot.objects, pk=successor.pk)
        if locked.status == LotStatus.OPEN or (locked.starts_at and locked.starts_at <= now):
            raise InvalidTransition(_("The items are in bidding in lot %(number)s: record the deal after it ends.")
                                    % {"number": locked.number}, code="items_in_bidding")
        previous = move_lot(locked, LotStatus.WITHDRAWN)
        locked.carry_over, locked.closed_at = False, now
        locked.save()
        released = release_deposits(locked, now=now)
        reason = _("Concluded by the negotiated deal %(deal)s.") % {"deal": deal_number}
        audit(locked, AuctionAction.LOT_WITHDRAWN, now=now, from_state=previous, to_state=locked.status,
              data={"reason": reason, "deposits_released": released})
        _tell_registered(locked, _("Lot %(number)s was withdrawn") % {"number": locked.number}, reason)


def _tell_registered(lot: Lot, title: str, body: str) -> None:
    from jbgs.models import User

    people = User.objects.filter(pk__in=Registration.objects.filter(lot=lot).values("bidder"))
    notify(people, kind="auction.lot.changed", title=title, body=body, url=reverse("auction:lot", args=[lot.pk]))
