"""The documents of the bidding: the payment terms a deal confirmation (成交确认书) states.

Reads only: nothing here changes state. The figures the documents state are computed here
once, from the deal and its year's rules (`AuctionRules`)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from auction.choices import DealMethod, DepositState
from auction.models import AuctionRules, Deal


@dataclass(frozen=True)
class Account:
    """The exchange's account that receives deposits and the balance of the price."""

    payee: str
    bank: str
    number: str


def account(rules: AuctionRules) -> Account | None:
    """The year's account, or None while the administrators have not set it: the documents
    then say that the exchange tells registered bidders (or the buyer) where to pay."""
    if not rules.takes_deposits:
        return None
    return Account(payee=rules.deposit_payee, bank=rules.deposit_bank, number=rules.deposit_account)


@dataclass(frozen=True)
class PaymentTerms:
    """How the buyer pays a deal: the price less the winner's deposit, by a date, into an account."""

    by_bidding: bool
    deposit: Decimal | None  # the winner's deposit applied to the price; None: there is none
    balance: Decimal
    days: int
    due_on: datetime.date
    account: Account | None


def payment_terms(deal: Deal) -> PaymentTerms:
    rules = AuctionRules.of(deal.campaign)
    deposit = retained_deposit(deal)
    return PaymentTerms(
        by_bidding=deal.method == DealMethod.BIDDING, deposit=deposit, balance=deal.price - (deposit or 0),
        days=rules.payment_days,
        due_on=timezone.localdate(deal.concluded_at) + datetime.timedelta(days=rules.payment_days),
        account=account(rules))


def retained_deposit(deal: Deal) -> Decimal | None:
    """The winner's deposit, retained at the close: a deal by bidding whose lot asked for one.
    A negotiated deal has none (its buyer may not even have registered)."""
    if deal.method != DealMethod.BIDDING:
        return None
    winner = deal.lot.leader
    if winner is None or winner.deposit_state != DepositState.RETAINED or not winner.deposit_amount:
        return None
    return winner.deposit_amount
