"""Template helpers of the bidding pages."""

from django import template

from auction.choices import DepositState, LotStatus

register = template.Library()


@register.filter
def lot_status_label(code) -> str:
    return str(LotStatus(code).label) if code in LotStatus.values else code


@register.filter
def deposit_label(code) -> str:
    return str(DepositState(code).label) if code in DepositState.values else code
