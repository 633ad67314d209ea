"""Template helpers of the bidding pages."""

from django import template

from auction.choices import DepositState, LotStatus, ReserveState, UnsoldReason

register = template.Library()


@register.filter
def lot_status_label(code) -> str:
    return str(LotStatus(code).label) if code in LotStatus.values else code


@register.filter
def reserve_label(code) -> str:
    return str(ReserveState(code).label) if code in ReserveState.values else ""


@register.filter
def unsold_label(code) -> str:
    return str(UnsoldReason(code).label) if code in UnsoldReason.values else ""


@register.filter
def deposit_label(code) -> str:
    return str(DepositState(code).label) if code in DepositState.values else code
