"""Deals (成交): the 成交确认书, the contract and its registration (合同登记), the transfer of
ownership (权属交割), deals reached by negotiation after an unsold lot (协议成交), and the
contracts signed in the J-TOP challenge (揭榜挂帅对接), which are deals without a lot.

The steps have one write each, `do_*`, which checks the input and changes the deal; who may
take a step is checked before it: the administrators' for the auction's pages (the functions
without `do_`), the demand side's for the parties of a cooperation."""

import datetime
from decimal import InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auction import documents, signals
from auction.choices import DEAL_TRANSITIONS, AuctionAction, DealMethod, DealStage, LotStatus
from auction.models import Deal, Lot
from auction.services.lots import end_series_for_deal
from jbgs import access
from jbgs.db import reserve_ids
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.files import DOCUMENTS, validate_upload
from jbgs.locking import lock
from jbgs.money import yuan
from jbgs.parsing import MAX_AMOUNT, plain_text
from jbgs.pdf import render_pdf
from jbgs.services.audit import audit
from jbgs.transitions import move

CONTRACT_FIELDS = ("contract_number", "contract_amount", "contract_signed_on", "contract_trade_form")
REGISTRATION_FIELDS = ("registration_number", "registered_on")


def _require_admin(actor) -> None:
    if not access.is_admin(actor):
        raise NotAllowed()


def confirmation_pdf(deal: Deal) -> bytes:
    """The 成交确认书 of a lot's deal (a challenge contract has none)."""
    lot = deal.lot
    return render_pdf("auction/deals/confirmation.html", {
        "deal": deal, "lot": lot, "items": list(lot.items.select_related("field")),
        "winner": lot.leader if deal.method == DealMethod.BIDDING else None,
        "payment": documents.payment_terms(deal),
    })


def store_confirmation(deal_id: int) -> Deal:
    """Render the confirmation once and keep it with the deal (the task after the hammer)."""
    deal = Deal.objects.select_related("lot__leader", "buyer", "seller", "campaign").get(pk=deal_id)
    if not deal.confirmation and deal.lot_id is not None:
        deal.confirmation.save(f"{deal.number}.pdf", ContentFile(confirmation_pdf(deal)), save=False)
        Deal.objects.filter(pk=deal.pk, confirmation="").update(confirmation=deal.confirmation.name)
    return deal


def store_missing_confirmations(limit: int = 50) -> int:
    """Keep the confirmation of deals that have none (its task was lost with the broker, or
    failed): run by beat. Until then a download renders one without storing it. A contract of
    the challenge has no lot and no 成交确认书: the contract is its record."""
    missing = list(Deal.objects.filter(confirmation="", lot__isnull=False).order_by("pk")
                   .values_list("pk", flat=True)[:limit])
    for deal_id in missing:
        store_confirmation(deal_id)
    return len(missing)


def _advance(deal: Deal, target: str, actor, values: dict, action: str, now, signal) -> Deal:
    """Move the deal to its next stage. Locks the deal row; `signal` goes out after commit."""
    with transaction.atomic():
        locked = lock(Deal.objects, pk=deal.pk)
        previous = move(locked, target, DEAL_TRANSITIONS, field="stage",
                        message=_("The deal is at the stage: %(stage)s.") % {"stage": locked.get_stage_display()})
        for name, value in values.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["confirmation", "contract_scan"])
        locked.save()
        audit(locked, action, actor=actor, now=now, from_state=previous, to_state=target,
              data={k: str(v) for k, v in values.items() if k != "contract_scan"})
        signal.send_on_commit(Deal, deal=locked)
    return locked


def _contract_terms(contract_number: str, contract_amount, signed_on) -> dict:
    """The contract's number, amount (yuan) and signing day, checked: one rule for the contract
    of an auction deal and of a challenge contract."""
    number = plain_text(contract_number)
    if not number:
        raise DomainError(_("Give the contract number."), code="required", field="contract_number")
    if len(number) > 60:
        raise DomainError(_("A contract number has at most 60 characters."), code="too_long",
                          field="contract_number")
    try:
        amount = yuan(contract_amount)
    except (InvalidOperation, TypeError, ValueError):
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0:
        raise DomainError(_("Give the contract amount."), code="required", field="contract_amount")
    if amount > MAX_AMOUNT:
        raise DomainError(_("%(value)s is too large to be a price.") % {"value": contract_amount},
                          code="invalid_amount", field="contract_amount")
    if not isinstance(signed_on, datetime.date):
        raise DomainError(_("Give the day the contract was signed."), code="required", field="signed_on")
    return {"contract_number": number, "contract_amount": amount, "contract_signed_on": signed_on}


def record_contract(*, actor, deal: Deal, contract_number: str, contract_amount, signed_on, trade_form: str,
                    now=None) -> Deal:
    """合同签署: the contract the buyer and the seller signed."""
    _require_admin(actor)
    terms = _contract_terms(contract_number, contract_amount, signed_on)
    return _advance(deal, DealStage.CONTRACT_SIGNED, actor, {**terms, "contract_trade_form": trade_form},
                    AuctionAction.DEAL_CONTRACT_SIGNED, now or timezone.now(), signals.contract_recorded)


def register_contract(*, actor, deal: Deal, registration_number: str, registered_on, scan=None,
                      now=None) -> Deal:
    """合同登记, from the administrators' deal page."""
    _require_admin(actor)
    return do_register_contract(actor=actor, deal=deal, registration_number=registration_number,
                                registered_on=registered_on, scan=scan, now=now)


def do_register_contract(*, actor, deal: Deal, registration_number: str, registered_on, scan=None,
                         now=None) -> Deal:
    """合同登记: the technology contract's registration number, date and scanned copy. The one
    write of a registration; the caller has checked that `actor` may. Locks the deal row."""
    number = plain_text(registration_number)
    if not number:
        raise DomainError(_("Give the registration number."), code="required", field="registration_number")
    if len(number) > 60:
        raise DomainError(_("A registration number has at most 60 characters."), code="too_long",
                          field="registration_number")
    if not isinstance(registered_on, datetime.date):
        raise DomainError(_("Give the day the contract was registered."), code="required", field="registered_on")
    if deal.contract_signed_on and registered_on < deal.contract_signed_on:
        raise DomainError(_("A contract is registered after it was signed."), code="date_order",
                          field="registered_on")
    values = {"registration_number": number, "registered_on": registered_on}
    if scan is not None:
        validate_upload(scan, DOCUMENTS)
        values["contract_scan"] = scan
    return _advance(deal, DealStage.REGISTERED, actor, values, AuctionAction.DEAL_REGISTERED, now or timezone.now(),
                    signals.contract_registered)


def do_record_contract_deal(*, actor, campaign, buyer, seller, subject: str, contract_number: str, contract_amount,
                            signed_on: datetime.date, registration_number: str = "",
                            registered_on: datetime.date | None = None, now=None) -> Deal:
    """A technology contract signed in the J-TOP challenge (揭榜挂帅对接), recorded as a deal
    without a lot: `buyer` the enterprise, `seller` the solver's unit, `campaign` the demand's
    (the challenge campaign of the year, whose threshold decides the project support), its
    price the contract amount, concluded on the day it was signed (so that it counts in that
    day's period), at the stage 合同签署; with the registration too when it is given.

    The caller has checked that `actor` may record it (the demand side: a cooperation's
    enterprise, manager or administrators) and keeps the deal with its own record (a cooperation
    points to its deal; the deal knows nothing of it). Inserts the deal (locked by the insert);
    one transaction, the caller's when it has one: a registration refused leaves no deal behind."""
    now = now or timezone.now()
    terms = _contract_terms(contract_number, contract_amount, signed_on)
    if signed_on > timezone.localdate(now):
        raise DomainError(_("A contract is recorded once it is signed: the day cannot be after today."),
                          code="signed_in_future", field="signed_on")
    if buyer.pk == seller.pk:
        raise DomainError(_("The buyer cannot be the seller."), code="buyer_is_seller", field="buyer")
    concluded_at = timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time()))
    with transaction.atomic():
        (pk,) = reserve_ids(Deal, 1)
        deal = Deal(pk=pk, number=f"JB{campaign.year}{pk:06d}", campaign=campaign, method=DealMethod.CHALLENGE,
                    subject=plain_text(subject)[:300], buyer=buyer, seller=seller, price=terms["contract_amount"],
                    stage=DealStage.CONTRACT_SIGNED, concluded_at=concluded_at, **terms)
        deal.full_clean(exclude=["confirmation", "contract_scan"])
        deal.save(force_insert=True)
        audit(deal, AuctionAction.DEAL_CONTRACT_SIGNED, actor=actor, now=now, to_state=deal.stage,
              data={"method": deal.method, "buyer": str(buyer), "seller": str(seller),
                    **{name: str(value) for name, value in terms.items()}})
        signals.deal_concluded.send_on_commit(Deal, deal=deal)
        signals.contract_recorded.send_on_commit(Deal, deal=deal)
        if registration_number or registered_on:
            deal = do_register_contract(actor=actor, deal=deal, registration_number=registration_number,
                                        registered_on=registered_on, now=now)
    return deal


def record_transfer(*, actor, deal: Deal, transferred_on, now=None) -> Deal:
    """权属交割: the day the patent office recorded the new owner (or the licence)."""
    _require_admin(actor)
    if deal.registered_on and transferred_on < deal.registered_on:
        raise DomainError(_("The transfer cannot be recorded before the contract was registered."),
                          code="date_order", field="transferred_on")
    return _advance(deal, DealStage.TRANSFERRED, actor, {"transferred_on": transferred_on},
                    AuctionAction.DEAL_TRANSFERRED, now or timezone.now(), signals.ownership_transferred)


def record_negotiated_deal(*, actor, lot: Lot, buyer, price, trade_mode: str, note: str = "", now=None) -> Deal:
    """协议成交: after a lot ended unsold, the seller and a buyer agreed outside the bidding."""
    _require_admin(actor)
    now = now or timezone.now()
    if lot.status != LotStatus.UNSOLD:
        raise InvalidTransition(_("A negotiated deal follows a lot that ended unsold."))
    if buyer.pk == lot.seller_id:
        raise DomainError(_("The buyer cannot be the seller."), code="buyer_is_seller", field="buyer")
    with transaction.atomic():
        lock(Lot.objects, pk=lot.pk)
        existing = Deal.objects.filter(lot=lot).first()
        if existing is not None:
            raise InvalidTransition(_("Lot %(lot)s already has its deal, %(deal)s: one lot, one deal.")
                                    % {"lot": lot.number, "deal": existing.number})
        number = f"XY{lot.number}"
        end_series_for_deal(lot, number, now)  # the deal concludes the bidding series
        deal = Deal.objects.create(
            campaign=lot.campaign, number=number, lot=lot, method=DealMethod.NEGOTIATED,
            buyer=buyer, seller=lot.seller, price=yuan(price), trade_mode=trade_mode, concluded_at=now, note=note)
        audit(deal, AuctionAction.DEAL_NEGOTIATED, actor=actor, now=now, to_state=deal.stage,
              data={"lot": lot.number, "buyer": str(buyer), "price": str(deal.price)})
        signals.deal_concluded.send_on_commit(Deal, deal=deal)
    from auction import tasks

    # Robust: the deal is committed; without the broker, store_missing_confirmations() keeps it later.
    transaction.on_commit(lambda: tasks.render_confirmation.delay(deal_id=deal.pk), robust=True)
    return deal
