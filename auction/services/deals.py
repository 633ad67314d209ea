"""Deals (成交): the 成交确认书, the contract and its registration (合同登记), the transfer of
ownership (权属交割), and deals reached by negotiation after an unsold lot (协议成交)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auction import documents, signals
from auction.choices import DEAL_TRANSITIONS, AuctionAction, DealMethod, DealStage, LotStatus
from auction.models import Deal, Lot
from auction.services.lots import end_series_for_deal
from jbgs import access
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.files import DOCUMENTS, validate_upload
from jbgs.locking import lock
from jbgs.money import yuan
from jbgs.pdf import render_pdf
from jbgs.services.audit import audit
from jbgs.transitions import move

CONTRACT_FIELDS = ("contract_number", "contract_amount", "contract_signed_on", "contract_trade_form")
REGISTRATION_FIELDS = ("registration_number", "registered_on")


def _require_admin(actor) -> None:
    if not access.is_admin(actor):
        raise NotAllowed()


def confirmation_pdf(deal: Deal) -> bytes:
    lot = deal.lot
    return render_pdf("auction/deals/confirmation.html", {
        "deal": deal, "lot": lot, "items": list(lot.items.select_related("field")),
        "winner": lot.leader if deal.method == DealMethod.BIDDING else None,
        "payment": documents.payment_terms(deal),
    })


def store_confirmation(deal_id: int) -> Deal:
    """Render the confirmation once and keep it with the deal (the task after the hammer)."""
    deal = Deal.objects.select_related("lot__leader", "buyer", "seller", "campaign").get(pk=deal_id)
    if not deal.confirmation:
        deal.confirmation.save(f"{deal.number}.pdf", ContentFile(confirmation_pdf(deal)), save=False)
        Deal.objects.filter(pk=deal.pk, confirmation="").update(confirmation=deal.confirmation.name)
    return deal


def store_missing_confirmations(limit: int = 50) -> int:
    """Keep the confirmation of deals that have none (its task was lost with the broker, or
    failed): run by beat. Until then a download renders one without storing it."""
    missing = list(Deal.objects.filter(confirmation="").order_by("pk").values_list("pk", flat=True)[:limit])
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


def record_contract(*, actor, deal: Deal, contract_number: str, contract_amount, signed_on, trade_form: str,
                    now=None) -> Deal:
    """合同签署: the contract the buyer and the seller signed."""
    _require_admin(actor)
    if not contract_number.strip():
        raise DomainError(_("Give the contract number."), code="required", field="contract_number")
    amount = yuan(contract_amount)
    if amount <= 0:
        raise DomainError(_("Give the contract amount."), code="required", field="contract_amount")
    return _advance(deal, DealStage.CONTRACT_SIGNED, actor, {
        "contract_number": contract_number.strip(), "contract_amount": amount, "contract_signed_on": signed_on,
        "contract_trade_form": trade_form}, AuctionAction.DEAL_CONTRACT_SIGNED, now or timezone.now(),
        signals.contract_recorded)


def register_contract(*, actor, deal: Deal, registration_number: str, registered_on, scan=None,
                      now=None) -> Deal:
    """合同登记: the technology contract's registration number, date and scanned copy."""
    _require_admin(actor)
    if not registration_number.strip():
        raise DomainError(_("Give the registration number."), code="required", field="registration_number")
    values = {"registration_number": registration_number.strip(), "registered_on": registered_on}
    if scan is not None:
        validate_upload(scan, DOCUMENTS)
        values["contract_scan"] = scan
    return _advance(deal, DealStage.REGISTERED, actor, values, AuctionAction.DEAL_REGISTERED, now or timezone.now(),
                    signals.contract_registered)


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
