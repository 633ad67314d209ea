"""The documents of the bidding: a lot's announcement (拍卖公告) and bidding terms (竞买须知),
and the payment terms its deal confirmation (成交确认书) states.

Reads only: nothing here changes state. The figures the documents state are computed here
once, from the lot and its year's rules (`AuctionRules`); the lot's documents are given
those figures, not the lot, so none of them can print the reserve price, only whether
there is one."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from auction import selectors
from auction.choices import DealMethod, DepositState, ReserveState
from auction.models import AuctionRules, Deal, Item, Lot
from jbgs.pdf import cached_pdf

ANNOUNCEMENT = "auction/documents/announcement.html"
BIDDING_TERMS = "auction/documents/bidding_terms.html"


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
class LotTerms:
    """What a lot's announcement and notice to bidders say of it: its terms and its year's
    rules. Whether it has a reserve, never the reserve's amount."""

    campaign: str
    number: str
    title: str
    seller: str
    trade_mode: str
    items: list[Item]
    start_price: Decimal
    increment: Decimal
    deposit: Decimal
    has_reserve: bool
    starts_at: datetime.datetime | None  # None: not on a bidding day yet
    ends_at: datetime.datetime | None
    hard_end: datetime.datetime | None
    snipe_window_minutes: int
    snipe_extension_minutes: int
    snipe_cap_minutes: int
    deposit_lead_hours: int
    deposit_due: datetime.datetime | None
    payment_days: int
    account: Account | None


def lot_terms(lot: Lot) -> LotTerms:
    """The one place the lot documents' figures are worked out: deposits are due the year's
    lead hours before the lot opens, extensions stop at its hard end."""
    rules = AuctionRules.of(lot.campaign)
    items = list(selectors.lot_items(lot))
    return LotTerms(
        campaign=lot.campaign.title, number=lot.number, title=lot.title, seller=lot.seller.name,
        trade_mode=lot.get_trade_mode_display(), items=items, start_price=lot.start_price,
        increment=lot.increment, deposit=lot.deposit, has_reserve=lot.reserve_state != ReserveState.NONE,
        starts_at=lot.starts_at, ends_at=lot.ends_at, hard_end=lot.hard_end,
        snipe_window_minutes=lot.snipe_window_minutes, snipe_extension_minutes=lot.snipe_extension_minutes,
        snipe_cap_minutes=lot.snipe_cap_minutes, deposit_lead_hours=rules.deposit_lead_hours,
        deposit_due=selectors.deposit_due_at(lot, rules),
        payment_days=rules.payment_days, account=account(rules))


def announcement_pdf(lot: Lot) -> bytes:
    """The lot's 拍卖公告."""
    return cached_pdf(ANNOUNCEMENT, {"terms": lot_terms(lot)})


def bidding_terms_pdf(lot: Lot) -> bytes:
    """The lot's 竞买须知."""
    return cached_pdf(BIDDING_TERMS, {"terms": lot_terms(lot)})


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
