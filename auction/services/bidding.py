"""Bids (出价): registration and deposits, the bid rules, anti-sniping, proxy bidding.

Every accepted bid on a lot is judged on the lot's state it changes: written in one
statement only if the lot's row is still the one read (see place_bid), or else in one
transaction under a row lock on the lot (SELECT … FOR NO KEY UPDATE, see lock_lot). So bids
on one lot are strictly serialised and each sees the price the previous one left; a unique
index refuses two accepted bids at one price even if that ever failed. A bid the committed
state already refuses is refused without writing the lot. Acceptance checks the server's
clock itself, so a late bid is refused even if the job that closes lots has not run yet.
"""

import functools
import string
import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from auction import selectors, signals
from auction.choices import LOT_TRANSITIONS, AuctionAction, BidRejection, DepositState, LotStatus
from auction.models import Bid, Lot, ProxyBid, Registration
from auction.services import live
from jbgs import access
from jbgs.api import authentication
from jbgs.choices import Role
from jbgs.db import (
    Chain,
    beyond_bigint,
    bulk_insert,
    chained,
    columns,
    execute_prepared,
    load,
    row_version,
    save_and_insert,
    save_fields,
    width,
)
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.locking import busy_on_timeout, lock
from jbgs.money import rmb_upper, wan, yuan, yuan_text
from jbgs.selectors import active_admins
from jbgs.services.audit import audit
from jbgs.services.notifications import notify
from jbgs.transitions import move

# What a bid changes on its lot.
BID_FIELDS = ["current_price", "leader", "bid_count", "version", "status", "effective_end", "has_proxies",
              "updated_at"]
OUTBID_NOTICE_EVERY = 60  # seconds: a bidder outbid again and again on one lot is told once a minute
REJECTION_STATUS = {
    BidRejection.LOT_NOT_OPEN: 409,
    BidRejection.NOT_REGISTERED: 403,
    BidRejection.BID_TOO_LOW: 400,
    BidRejection.NOT_INCREMENT_MULTIPLE: 400,
    BidRejection.ALREADY_LEADING: 409,
    BidRejection.UNIT_NOT_ACTIVE: 403,
}


class BidRejected(DomainError):
    """A refused bid; `code` is one of BidRejection's stable codes. Routine: on a contested
    lot most bids lose their race, and each is recorded with its reason."""

    routine = True

    def __init__(self, rejection: str, lot: Lot | None = None, *, maximum: Decimal | None = None):
        self.status_code = REJECTION_STATUS[rejection]
        self.lot = lot
        # The price as it stands, so that a bidder who lost a race can bid again at once.
        state = {} if lot is None else live.snapshot(lot)
        extra = {name: state[name] for name in ("current_price", "minimum_bid") if name in state}
        detail, field = str(BidRejection(rejection).label), "amount"
        if maximum is not None:  # a bid by increments: the price has passed what the bidder would pay
            detail = _("The bid would be above your maximum of %(amount)s yuan.") % {"amount": yuan_text(maximum)}
            field = "max_amount"
        elif lot is not None and rejection in (BidRejection.BID_TOO_LOW, BidRejection.NOT_INCREMENT_MULTIPLE):
            detail = f"{detail} {valid_amounts_hint(lot)}"
        super().__init__(detail, code=rejection, field=field, extra=extra)


def valid_amounts(lot: Lot, count: int = 3) -> list[Decimal]:
    """The lowest acceptable bid and the next valid ones, by whole increments."""
    minimum = lot.minimum_bid()
    return [minimum + n * lot.increment for n in range(count)]


def valid_amounts_hint(lot: Lot) -> str:
    amounts = valid_amounts(lot)
    return _("The lowest acceptable bid is %(minimum)s × 10,000 yuan; valid bids: %(amounts)s × 10,000 yuan…") % {
        "minimum": wan(amounts[0]), "amounts": "、".join(wan(a) for a in amounts)}


@dataclass
class BidResult:
    bid: Bid
    lot: Lot
    proxy_bids: list[Bid] = field(default_factory=list)
    outbid: list[int] = field(default_factory=list)  # the registrations that lost the lead


# --- Registration and deposits ------------------------------------------------------------


def _alias(index: int) -> str:
    """竞买人 A, B, … Z, AA, AB, …"""
    letters = string.ascii_uppercase
    alias = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        alias = letters[rest] + alias
    return alias


def register(*, bidder, lot: Lot, rules_accepted: bool, disclaimer_accepted: bool, now=None) -> Registration:
    """A bidder signs up for a lot, accepting the bidding rules and the disclaimer (免责声明).
    Bidding waits for the administrator to confirm the deposit, unless the lot asks none.
    Locks the lot row to hand out aliases in order."""
    if not (bidder.is_authenticated and bidder.has_role(Role.BIDDER) and bidder.organization_id
            and bidder.organization.is_active):
        raise NotAllowed(_("Only an active bidder account can register for a lot."))
    if not (rules_accepted and disclaimer_accepted):
        raise DomainError(_("Accept the bidding rules and the disclaimer to register."), code="terms_required",
                          field="rules_accepted")
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_lot(lot.pk)
        if locked.status not in (LotStatus.SCHEDULED, LotStatus.OPEN) or (
                locked.effective_end and locked.effective_end <= now):
            raise InvalidTransition(_("Registration is open while the lot is scheduled or open."))
        if locked.seller_id == bidder.organization_id:
            raise NotAllowed(_("A unit cannot bid for its own lot."))
        existing = Registration.objects.filter(lot=locked, bidder=bidder).first()
        if existing:
            return existing
        free = locked.deposit == 0
        registration = Registration.objects.create(
            lot=locked, bidder=bidder, organization=bidder.organization,
            alias=_alias(Registration.objects.filter(lot=locked).count()),
            rules_accepted_at=now, disclaimer_accepted_at=now, deposit_amount=locked.deposit,
            deposit_state=DepositState.HELD if free else DepositState.AWAITING,
            deposit_confirmed_at=now if free else None)
        audit(registration, AuctionAction.REGISTRATION_CREATED, actor=bidder, now=now, to_state=registration.deposit_state,
              data={"lot": locked.number, "deposit": str(locked.deposit)})
        if not free:
            _tell_how_to_pay(registration)
            notify(active_admins(), kind="auction.deposit.awaited", email=False,
                   title=_("%(unit)s registered for lot %(number)s") % {"unit": bidder.organization,
                                                                      "number": locked.number},
                   body=_("Confirm the deposit of %(amount)s × 10,000 yuan when it arrives.") % {
                       "amount": wan(locked.deposit)},
                   url=reverse("auction:lot-registrations", args=[locked.pk]))
    return registration


def _tell_how_to_pay(registration: Registration) -> None:
    """The new bidder's notice (and e-mail): the deposit, where to pay it, the remark to
    write and the deadline, as the lot's page shows them."""
    payment = selectors.deposit_payment(registration.lot, registration)
    lines = [_("Pay the deposit of %(amount)s yuan (%(upper)s).") % {
        "amount": yuan_text(payment.amount), "upper": rmb_upper(payment.amount)}]
    if payment.account_known:
        lines.append(_("Account name: %(payee)s; bank: %(bank)s; account number: %(account)s.") % {
            "payee": payment.payee, "bank": payment.bank, "account": payment.account})
    else:
        lines.append(_("The exchange tells registered bidders the account to pay into."))
    lines.append(_("Write %(note)s in the transfer's remark.") % {"note": payment.note})
    if payment.due_at:
        lines.append(_("It must arrive by %(due)s.") % {
            "due": timezone.localtime(payment.due_at).strftime("%Y-%m-%d %H:%M")})
    notify([registration.bidder], kind="auction.deposit.instructions",
           title=_("Registered for lot %(number)s as bidder %(alias)s") % {
               "number": registration.lot.number, "alias": registration.alias},
           body=" ".join(lines), url=reverse("auction:lot", args=[registration.lot_id]) + "#deposit")


def confirm_deposit(*, actor, registration: Registration, reference: str, amount, received_on, now=None) -> Registration:
    """The administrator saw the deposit arrive (offline payment), as the bank statement shows
    it: the payment's reference, the amount received and the day. The bidder may then bid.
    Less than the deposit is refused; more is recorded (the excess goes back with the refund)."""
    if not access.is_admin(actor):
        raise NotAllowed()
    now = now or timezone.now()
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(_("Give the payment's reference, as the bank statement shows it."),
                          code="reference_required", field="reference")
    amount = yuan(amount)
    if received_on > timezone.localdate(now):
        raise DomainError(_("The deposit cannot have arrived after today."), code="received_in_future",
                          field="received_on")
    with transaction.atomic():
        # The registration's row only (`of`): locking its lot too, after the registration,
        # would take the two rows in the opposite order to a bid or a close, and deadlock.
        locked = lock(Registration.objects.select_related("lot"), of=("self",), pk=registration.pk)
        if locked.deposit_state != DepositState.AWAITING:
            raise InvalidTransition(_("This deposit is %(state)s.") % {"state": locked.get_deposit_state_display()})
        if locked.lot.status not in (LotStatus.SCHEDULED, LotStatus.OPEN):
            raise InvalidTransition(_("The lot has ended."))
        if amount < locked.deposit_amount:
            raise DomainError(_("%(received)s yuan arrived, less than the deposit of %(deposit)s yuan.") % {
                "received": yuan_text(amount), "deposit": yuan_text(locked.deposit_amount)}, code="deposit_short", field="amount")
        registered_on = timezone.localdate(locked.rules_accepted_at)
        if received_on < registered_on:
            raise DomainError(_("The deposit cannot have arrived before the bidder registered (%(date)s).") % {
                "date": registered_on.isoformat()}, code="received_before_registration", field="received_on")
        locked.deposit_state, locked.deposit_reference = DepositState.HELD, reference
        locked.deposit_received_amount, locked.deposit_received_on = amount, received_on
        locked.deposit_confirmed_at, locked.deposit_confirmed_by = now, actor
        locked.save()
        due = selectors.deposit_due_at(locked.lot)
        audit(locked, AuctionAction.DEPOSIT_CONFIRMED, actor=actor, now=now, from_state=DepositState.AWAITING,
              to_state=DepositState.HELD, data={"reference": reference, "amount": str(amount),
                                                "deposit": str(locked.deposit_amount), "received_on": str(received_on),
                                                "late": bool(due and now > due)})
        notify([locked.bidder], kind="auction.deposit.confirmed",
               title=_("Your deposit for lot %(number)s is confirmed") % {"number": locked.lot.number},
               body=_("%(amount)s yuan received on %(date)s. You can bid when the lot opens.") % {
                   "amount": yuan_text(amount), "date": received_on.isoformat()},
               url=reverse("auction:lot", args=[locked.lot_id]))
    return locked


def record_refund(*, actor, registration: Registration, refunded_on, reference: str) -> Registration:
    """The released deposit went back to the bidder: the refund's date and reference."""
    if not access.is_admin(actor):
        raise NotAllowed()
    with transaction.atomic():
        locked = lock(Registration.objects, pk=registration.pk)
        if locked.deposit_state != DepositState.RELEASED:
            raise InvalidTransition(_("Only a released deposit can be refunded."))
        locked.deposit_state, locked.refunded_on, locked.refund_reference = (
            DepositState.REFUNDED, refunded_on, reference.strip())
        locked.save()
        audit(locked, AuctionAction.DEPOSIT_REFUNDED, actor=actor, from_state=DepositState.RELEASED,
              to_state=DepositState.REFUNDED, data={"on": str(refunded_on), "reference": reference})
    return locked


# --- Bids -----------------------------------------------------------------------------------


def lock_lot(lot_id: int, *, chain: Chain | None = None) -> Lot | None:
    """The lot under its row lock (None for no such lot). Never joins another table: when the
    lock waited on a bid, PostgreSQL re-checks the lot's new row but keeps the joined rows it
    read before (EvalPlanQual), so a joined leader would be the old one or, with an outer
    join, none at all. Relations are read afterwards.

    FOR NO KEY UPDATE, as the UPDATE of the lot takes anyway: it excludes other bids and the
    close, but not the inserts that only reference the lot (a refused bid's record checks
    its foreign key with FOR KEY SHARE), which FOR UPDATE would hold up. Written by hand,
    like read_for_bid(), since every bid runs it (see jbgs.db.columns).

    `chain`: a bid's transaction, which the lock begins (see place_bid); the id of the bid
    to write under it is drawn with it, as `lot.next_bid_id`, since the write that commits
    the chain is not read back."""
    if beyond_bigint(lot_id):
        return None
    bid_id = ", nextval(pg_get_serial_sequence('auction_bid', 'id'))" if chain else ""
    with busy_on_timeout(), connection.cursor() as cursor:
        execute_prepared(cursor, f"SELECT {columns(Lot, 'l')}{bid_id} FROM auction_lot l WHERE l.id = %s "
                         "FOR NO KEY UPDATE", [lot_id], chain=chain)
        row = cursor.fetchone()
    lot = None if row is None else load(Lot, row)
    if lot is not None and chain:
        lot.next_bid_id = row[-1]
    return lot


def check_bid(lot: Lot, registration: Registration | None, amount: Decimal, now, limit: Decimal | None = None) -> str:
    """The first rule the bid breaks (a BidRejection code), or "" when it is acceptable.
    `limit`: the most the bidder will pay for a bid by increments."""
    if not lot.is_open_at(now):
        return BidRejection.LOT_NOT_OPEN
    if registration is None or not registration.may_bid:
        return BidRejection.NOT_REGISTERED
    if not registration.unit_active:
        return BidRejection.UNIT_NOT_ACTIVE
    if lot.leader_id == registration.pk:
        return BidRejection.ALREADY_LEADING
    if amount < lot.minimum_bid() or (limit is not None and limit < amount):
        return BidRejection.BID_TOO_LOW
    base = lot.start_price if lot.current_price is None else lot.current_price
    if (amount - base) % lot.increment:
        return BidRejection.NOT_INCREMENT_MULTIPLE
    return ""


def read_for_bid(lot_id: int, bidder) -> tuple[Lot | None, Registration | None]:
    """The lot as last committed, with its row's version (`lot.row_version`, see place_bid),
    and the bidder's registration for it (None when there is none) with its unit's status,
    in one query without a lock."""
    if beyond_bigint(lot_id):
        return None, None
    with connection.cursor() as cursor:
        execute_prepared(cursor, f"SELECT {_read_columns()} FROM auction_lot l {_read_joins('%s')} WHERE l.id = %s",
                         [bidder.pk, lot_id])
        return _read(cursor.fetchone())


def read_for_bid_by_token(lot_id: int, key: str):
    """(user, lot, registration): the caller of an API token, checked as the API's token
    authentication checks it (AuthenticationFailed otherwise), and what read_for_bid()
    reads for them, in one query where the two take one each: for the bid's fast path."""
    select, tables = authentication.token_query()
    with connection.cursor() as cursor:
        execute_prepared(cursor, f"SELECT {select}, {_read_columns()} FROM {tables} LEFT JOIN auction_lot l ON l.id = %s "
                         f"{_read_joins('u.id')} WHERE {authentication.TOKEN_KEY} = %s",
                         [None if beyond_bigint(lot_id) else lot_id, key])
        row = cursor.fetchone()
    user, _token = authentication.credentials(row)
    return (user, *_read(row, authentication.token_width()))


@functools.cache
def _read_columns() -> str:
    """What read_for_bid() reads: the lot, its row's version, the registration, its unit's status."""
    return f"{columns(Lot, 'l')}, {row_version('l')}, {columns(Registration, 'r')}, ro.status"


def _read_joins(bidder: str) -> str:
    return (f"LEFT JOIN auction_registration r ON r.lot_id = l.id AND r.bidder_id = {bidder} "
            "LEFT JOIN jbgs_organization ro ON ro.id = r.organization_id")


def _read(row, start: int = 0) -> tuple[Lot | None, Registration | None]:
    """The lot and registration of a row whose columns at `start` are _read_columns()."""
    lot = None if row is None else load(Lot, row, start)
    if lot is None:
        return None, None
    lot.row_version = row[start + width(Lot)]
    registration = load(Registration, row, start + width(Lot) + 1)
    if registration is not None:
        registration.lot, registration.unit_status = lot, row[-1]
    return lot, registration


class TooManyBids(DomainError):
    code = "too_many_bids"
    status_code = 429
    routine = True
    default_message = gettext_lazy("Too many bids on this lot in a few seconds: wait a moment.")


def _count_attempt(user_id: int, lot_id: int, now) -> None:
    """At most settings.BID_ATTEMPTS_PER_10S bids per account and lot in ten seconds (a
    person clicks far fewer): a script hammering a lot is answered, not queued on its lock.
    Counted in Redis; without Redis, not counted."""
    window = int(now.timestamp()) // 10
    if cache.count(f"auction:attempts:{lot_id}:{user_id}:{window}", 20) > settings.BID_ATTEMPTS_PER_10S:
        raise TooManyBids()


def check_amount(*, lot_id: int, bidder, amount, now=None) -> BidRejected | None:
    """Why a bid of `amount` would be refused now (for the confirmation step, before the
    bidder confirms), or None: the same rules as place_bid, read without a lock."""
    now = now or timezone.now()
    lot, registration = read_for_bid(lot_id, bidder)
    if lot is None:
        raise Lot.DoesNotExist(lot_id)
    rejection = check_bid(lot, registration, yuan(amount), now)
    return BidRejected(rejection, lot) if rejection else None


def place_bid(*, lot_id: int, bidder, amount=None, increments: int | None = None, max_amount=None, now=None,
              seen: tuple[Lot, Registration | None] | None = None) -> BidResult:
    """Check the rules on the lot as last committed, then record the bid and move the price,
    the leader and the end, on that same state of the lot only. A refused bid is recorded
    too, with its reason, and raises BidRejected. The caller owns no transaction.

    The bid is either an `amount`, or a number of `increments` above the price the bid is
    judged on (1 is the minimum bid), at most `max_amount` when given: what a bidder means by
    "one more increment" in a storm, where the price shown is stale by the time the bid
    arrives. Both follow every rule; the second cannot lose its race by being too low.

    How the judged state is kept, in the order tried:
    - A bid that the lot as last committed already refuses is refused without a lock: as if
      it had arrived just before whatever commits next, which it did. On a contested lot most
      bids lose their race; they never queue behind the winners.
    - An acceptable bid on an open lot without proxies is written in one statement (the
      lot's update and the bid's insert), only if the lot's row has not changed since it
      was read (jbgs.db.save_and_insert): nothing holds the lot between the read and the
      write, and a bid costs two round trips.
    - Otherwise (the write lost its race to a change committed in between, the lot is
      contested lately, it has proxies to answer, or the clock opened it before its job
      did) the lot is locked FOR NO KEY UPDATE, the bid judged again on the locked state,
      which may refuse it, and written in a transaction, which every other bid waits for.
      On an open lot without proxies that transaction is chained (jbgs.db.Chain): BEGIN is
      sent with the lock and COMMIT with the write, two round trips where four were, and
      the lot is held for one of them.
    Either way each accepted bid was judged on the state it changed: bids on one lot are
    strictly serialised (and a unique index refuses two accepted bids at one price).

    `seen` is what the caller read with read_for_bid(), read here otherwise. The
    registration is judged with the lot: a deposit is released only when the lot closes,
    which changes the lot, and a closed lot refuses the bid whatever the registration says."""
    if (amount is None) == (increments is None):
        raise ValueError("a bid is an amount or a number of increments")
    now = now or timezone.now()
    _count_attempt(bidder.pk, lot_id, now)
    lot, registration = seen or read_for_bid(lot_id, bidder)
    if lot is None:
        raise Lot.DoesNotExist(lot_id)
    limit = None if max_amount is None else yuan(max_amount)

    def judge(lot: Lot, registration: Registration | None) -> tuple[Decimal, str]:
        """The bid's amount on this state of the lot, and the first rule it breaks there."""
        wanted = yuan(amount) if increments is None else lot.minimum_bid() + (increments - 1) * lot.increment
        return wanted, check_bid(lot, registration, wanted, now, limit)

    bid_amount, rejection = judge(lot, registration)
    result = None
    if not rejection and _unlocked_write_may_apply(lot):
        result = _write_if_unchanged(lot, registration, bid_amount, now)
        if result is None:  # it lost its race to a change committed in between
            _lost_race(lot_id, time.monotonic())
    if result is None and not rejection and _chained_write_may_apply(lot):
        lot, bid_amount, rejection, result = _write_chained(lot_id, registration, judge, now)
    if result is None and not rejection:  # an opening, proxies to answer
        with transaction.atomic():
            lot = lock_lot(lot_id)
            bid_amount, rejection = judge(lot, registration)
            if not rejection:
                result = _write_locked(lot, registration, bid_amount, now)
    if rejection:
        if registration is not None:  # a registered bidder's refusal is kept; anyone else's is only answered
            _record(Bid(lot=lot, registration=registration, bidder=bidder, amount=bid_amount,
                        previous_price=lot.current_price, placed_at=now, accepted=False, rejection=rejection))
        # A bid by increments is never below the minimum: too low, it is above its maximum.
        over = rejection == BidRejection.BID_TOO_LOW and increments is not None
        raise BidRejected(rejection, lot, maximum=limit if over else None)
    _after_commit(result)
    return result


# Unlocked writes (place_bid). On a lot where one lost its race lately, bids take the lock
# at once for CONTESTED_FOR seconds: when every worker bids on one lot, most unlocked writes
# lose (measured by bench/bid_fastpath.py: more than half), and each loss costs a round trip
# before the lock. The lots are remembered per process, which costs no round trip.
CONTESTED_FOR = 2.0
_lost_races: dict[int, float] = {}  # lot id → when (time.monotonic()) an unlocked write on it lost


def _lost_race(lot_id: int, now: float) -> None:
    if len(_lost_races) > 10_000:  # forget the quiet ones (a copy: threads may be adding)
        for pk, when in _lost_races.copy().items():
            if now - when > CONTESTED_FOR:
                _lost_races.pop(pk, None)
    _lost_races[lot_id] = now


def _contested(lot_id: int) -> bool:
    """Whether an unlocked write on the lot lost its race in the last CONTESTED_FOR seconds."""
    lost = _lost_races.get(lot_id)
    return lost is not None and time.monotonic() - lost < CONTESTED_FOR


def _unlocked_write_may_apply(lot: Lot) -> bool:
    """Whether a bid on this lot may be written without the lock: one that may be written
    alone under it (below), read with its row's version, on a lot not contested."""
    return _chained_write_may_apply(lot) and getattr(lot, "row_version", None) is not None and not _contested(lot.pk)


def _chained_write_may_apply(lot: Lot) -> bool:
    """Whether a bid on this lot may be written under the lock in a chained transaction, the
    lock and the write its only statements: an open lot (opening one is audited and
    announced after its commit, which needs Django's transaction), without proxies
    (answering them reads their rows and writes their bids)."""
    return lot.status == LotStatus.OPEN and not lot.has_proxies


def _write_if_unchanged(lot: Lot, registration: Registration, amount: Decimal, now) -> BidResult | None:
    """The accepted bid applied to the lot as read and written in one statement, or None
    (nothing written) when the lot's row changed since it was read."""
    version, result = lot.row_version, BidResult(bid=None, lot=lot)
    result.bid = _accept(lot, registration, amount, now, result)
    lot.row_version = None  # what it was read at no longer describes it
    return result if save_and_insert(lot, BID_FIELDS, insert=result.bid, version=version) else None


def _write_chained(lot_id: int, registration: Registration, judge, now) -> tuple[Lot, Decimal, str, BidResult | None]:
    """The bid judged on the locked lot and written, in two round trips: BEGIN and the lock,
    then the write and COMMIT (jbgs.db.Chain), so the lot is held for one round trip and the
    judging in between. (lot, amount, rejection, result); no result and no rejection when
    the locked lot needs the whole transaction (proxies set since it was read), which was let
    go unchanged."""
    with chained() as chain:
        lot = lock_lot(lot_id, chain=chain)
        bid_amount, rejection = judge(lot, registration)
        if rejection or not _chained_write_may_apply(lot):
            chain.abort()  # nothing written: let the lot go
            return lot, bid_amount, rejection, None
        return lot, bid_amount, "", _write_locked(lot, registration, bid_amount, now, chain=chain)


def _write_locked(lot: Lot, registration: Registration, amount: Decimal, now, chain: Chain | None = None
                  ) -> BidResult:
    """The accepted bid applied to the locked lot, the proxies' answers after it, and written:
    in `chain`, committing it (no proxies there)."""
    result = BidResult(bid=None, lot=lot)
    result.bid = _accept(lot, registration, amount, now, result)
    if lot.has_proxies:  # their bids follow it in the record, in the order accepted
        _record(result.bid)
        _answer_with_proxies(lot, now, result)
        save_fields(lot, BID_FIELDS)
    elif chain:
        result.bid.pk = lot.next_bid_id
        save_and_insert(lot, BID_FIELDS, insert=result.bid, chain=chain.last())
    else:
        save_and_insert(lot, BID_FIELDS, insert=result.bid)
    return result


def set_proxy(*, bidder, lot_id: int, ceiling, now=None) -> BidResult | None:
    """Let the platform bid for the bidder by the increment, up to `ceiling`, following the
    same rules and extensions; others see ordinary bids. Under the lot's row lock."""
    now = now or timezone.now()
    ceiling = yuan(ceiling)
    with transaction.atomic():
        lot = lock_lot(lot_id)
        registration = Registration.objects.filter(lot=lot, bidder=bidder).select_related("organization").first()
        if not lot.is_open_at(now):
            raise BidRejected(BidRejection.LOT_NOT_OPEN, lot)
        if registration is None or not registration.may_bid:
            raise BidRejected(BidRejection.NOT_REGISTERED, lot)
        if not registration.unit_active:
            raise BidRejected(BidRejection.UNIT_NOT_ACTIVE, lot)
        floor = lot.current_price if lot.leader_id == registration.pk else lot.minimum_bid()
        if ceiling < floor:
            raise DomainError(_("The ceiling must be at least %(amount)s yuan.") % {"amount": yuan_text(floor)},
                              code="ceiling_too_low", field="ceiling")
        ProxyBid.objects.update_or_create(registration=registration,
                                          defaults={"ceiling": ceiling, "active": True, "set_at": now})
        lot.has_proxies = True
        audit(registration, AuctionAction.PROXY_SET, actor=bidder, now=now, data={"ceiling": str(ceiling)})
        result = BidResult(bid=None, lot=lot)
        _answer_with_proxies(lot, now, result)
        save_fields(lot, BID_FIELDS)
    _after_commit(result)
    return result


def cancel_proxy(*, bidder, lot_id: int, now=None) -> None:
    """Stop the platform bidding for the bidder. Under the lot's row lock, as bids are: a bid
    being answered by proxies finishes first, and none bids for the bidder once this returns."""
    with transaction.atomic():
        lock_lot(lot_id)
        updated = ProxyBid.objects.filter(registration__lot_id=lot_id, registration__bidder=bidder,
                                          active=True).update(active=False)
        if updated:
            registration = Registration.objects.get(lot_id=lot_id, bidder=bidder)
            audit(registration, AuctionAction.PROXY_CANCELLED, actor=bidder, now=now)


def _accept(lot: Lot, registration: Registration, amount: Decimal, now, result: BidResult, proxy=False) -> Bid:
    """Apply an accepted bid to the lot in hand: price, leader, count, and the anti-sniping
    extension (never beyond the hard end). The bid's record is returned, not yet written."""
    extended = None
    window = timedelta(minutes=lot.snipe_window_minutes)
    if window and lot.effective_end - now <= window:
        new_end = min(now + timedelta(minutes=lot.snipe_extension_minutes), lot.hard_end)
        if new_end > lot.effective_end:
            lot.effective_end = extended = new_end
    bid = Bid(lot=lot, registration=registration, bidder_id=registration.bidder_id, amount=amount,
              previous_price=lot.current_price, placed_at=now, accepted=True, proxy=proxy, extended_to=extended)
    if lot.leader_id and lot.leader_id != registration.pk:
        result.outbid.append(lot.leader_id)
    if lot.status == LotStatus.SCHEDULED:  # the clock opened it before the opening job ran
        move(lot, LotStatus.OPEN, LOT_TRANSITIONS)  # the version moves below, with the price
        audit(lot, AuctionAction.LOT_OPENED, now=now, from_state=LotStatus.SCHEDULED, to_state=LotStatus.OPEN,
              data={"by": "first bid"})
        signals.lot_opened.send_on_commit(Lot, lot=lot)
    lot.current_price, lot.leader, lot.bid_count = amount, registration, lot.bid_count + 1
    lot.version += 1
    return bid


def _record(bid: Bid) -> Bid:
    """Add a bid to the record. The INSERT and the lot's UPDATE (save_fields) are written
    without the ORM's compilation: they run under the lot's lock, which every other bid on
    the lot waits for."""
    bulk_insert([bid])
    return bid


def _answer_with_proxies(lot: Lot, now, result: BidResult) -> None:
    """Proxies outbid the leader by the increment, in turn, while their ceilings allow.

    When the leader has a proxy too, the two would answer each other one increment at a
    time; the outcome is computed at once and only the last answers are recorded (at most
    three bids, each a whole number of increments above the price before it)."""
    if not lot.has_proxies:
        return
    proxies = list(ProxyBid.objects.filter(registration__lot=lot, active=True)
                   .select_related("registration__organization").order_by("set_at", "id"))
    for _round in range(2 * len(proxies) + 1):
        challengers = [p for p in proxies if p.registration_id != lot.leader_id and p.registration.may_bid
                       and p.registration.unit_active and p.ceiling >= lot.minimum_bid()]
        if not challengers:
            return
        best = max(challengers, key=lambda p: (p.ceiling, -p.set_at.timestamp(), -p.pk))
        defender = next((p for p in proxies if p.registration_id == lot.leader_id), None)
        for registration, amount in _duel(lot, best, defender):
            result.proxy_bids.append(_record(_accept(lot, registration, amount, now, result, proxy=True)))


def _duel(lot: Lot, challenger: ProxyBid, defender: ProxyBid | None) -> list[tuple[Registration, Decimal]]:
    """The bids of a challenger's proxy against the leader (and the leader's proxy, if any),
    answering one increment at a time until one of them cannot: only the last (up to three)
    answers, starting with the challenger's, so no one ever outbids themselves."""
    if lot.current_price is None:  # the first bid of the lot: the start price
        return [(challenger.registration, lot.start_price)]
    price, step = lot.current_price, lot.increment
    if defender is None:
        return [(challenger.registration, price + step)]
    # Turn k (k = 1, 2, …) bids price + k·step: the challenger on odd turns, the defender on
    # even ones. The duel stops before the first turn its bidder cannot afford.
    stop = min(_first_unaffordable(price, step, challenger.ceiling, odd=True),
               _first_unaffordable(price, step, defender.ceiling, odd=False))
    last = stop - 1
    first = last - 1 if (last - 1) % 2 == 1 else last - 2
    turns = range(max(first, 1), last + 1)
    return [((challenger if k % 2 else defender).registration, price + k * step) for k in turns]


def _first_unaffordable(price: Decimal, step: Decimal, ceiling: Decimal, *, odd: bool) -> int:
    affordable = int((ceiling - price) // step)  # the highest turn within the ceiling
    first = affordable + 1
    return first if (first % 2 == 1) == odd else first + 1


def _after_commit(result: BidResult) -> None:
    lot = result.lot
    outbid = sorted(set(result.outbid) - {lot.leader_id})
    # Robust: the bid is committed by now, and a cache or broker failure must not answer it
    # with an error (the cached state lives a second; the notice is a courtesy).
    transaction.on_commit(lambda: _announce(lot.pk, outbid), robust=True)


def _announce(lot_id: int, outbid: list[int]) -> None:
    """Drop the lot's cached live state and queue the outbid notices, at most one per bidder
    and lot a minute (the live page shows it at once anyway): one Redis round trip."""
    from auction import tasks

    marks = {f"auction:outbid:{pk}": pk for pk in outbid}
    due = cache.delete_and_add([live.state_key(lot_id)], list(marks), OUTBID_NOTICE_EVERY)
    if due:
        tasks.notify_outbid.delay(lot_id=lot_id, registration_ids=[marks[key] for key in due])
