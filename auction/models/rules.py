"""The auction season's rules of a campaign year: what units may submit and how bidding
runs. The kernel's Campaign keeps what every kind of campaign shares; this is registered
with it as a rules section (auction.apps), so the campaign page and API carry it."""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from auction.choices import Column, MinimumScope, TradeMode
from jbgs.choices import Weekday
from jbgs.models import Campaign
from jbgs.rules import stored_or_default

# What an administrator edits, in the campaign form's and the API's order.
AUCTION_RULE_FIELDS = (
    "patent_grant_cutoff",
    "invention_only",
    "max_items_per_unit",
    "min_items_per_unit",
    "min_items_scope",
    "minimum_in_jiangsu_only",
    "programme_related_min",
    "roadshow_picks",
    "bidding_weekdays",
    "bidding_opens_at",
    "bidding_closes_at",
    "snipe_window_minutes",
    "snipe_extension_minutes",
    "snipe_cap_minutes",
    "deposit_payee",
    "deposit_bank",
    "deposit_account",
    "deposit_lead_hours",
    "payment_days",
    "featured_price_min",
    "columns",
    "trade_modes",
)


class AuctionRules(models.Model):
    """One auction year's rules, as the year's notice or plan gives them."""

    campaign = models.OneToOneField(Campaign, models.CASCADE, primary_key=True, related_name="auction_rules",
                                    limit_choices_to={"kind": "auction"})
    # What units may submit.
    patent_grant_cutoff = models.DateField(
        _("patents granted on or after"), null=True, blank=True,
        help_text=_("A patent granted before this date is not accepted."))
    invention_only = models.BooleanField(
        _("invention patents only"), default=False,
        help_text=_("When set, utility models and designs are refused."))
    max_items_per_unit = models.PositiveSmallIntegerField(_("maximum items per unit"), null=True, blank=True)
    min_items_per_unit = models.PositiveSmallIntegerField(_("minimum items per unit"), null=True, blank=True)
    min_items_scope = models.CharField(_("minimum applies to"), max_length=30, choices=MinimumScope.choices,
                                       default=MinimumScope.NONE)
    minimum_in_jiangsu_only = models.BooleanField(
        _("minimums bind Jiangsu's own units only"), default=True,
        help_text=_("Universities outside Jiangsu are welcome and bound by no minimum (2022 and 2023)."))
    programme_related_min = models.PositiveSmallIntegerField(
        _("minimum programme-related items"), default=0,
        help_text=_("Items tied to national or provincial science programmes, for units the minimum applies to."))
    roadshow_picks = models.PositiveSmallIntegerField(
        _("roadshow picks"), default=0, help_text=_("Items each unit the minimum applies to picks for roadshows."))
    featured_price_min = models.DecimalField(
        _("out-of-province column threshold (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True,
        help_text=_("Published items of units outside Jiangsu at this price or more go to their own column "
                    "(百万级以上)."))
    columns = ArrayField(models.CharField(max_length=30, choices=Column.choices), verbose_name=_("special columns"),
                         default=list, blank=True,
                         help_text=_("The catalogue's columns this year (2022: 双碳 and out-of-province results of a "
                                     "million yuan and more; 2023: none)."))
    trade_modes = ArrayField(models.CharField(max_length=30, choices=TradeMode.choices),
                             verbose_name=_("trade modes"), default=list, blank=True,
                             help_text=_("The trade modes items may offer this year (股权转让 from 2023); none "
                                         "chosen: any."))
    # Bidding days, their hours, and the anti-sniping rule new lots start from (each lot keeps its own).
    bidding_weekdays = ArrayField(models.PositiveSmallIntegerField(choices=Weekday.choices),
                                  verbose_name=_("bidding weekdays"), default=list, blank=True)
    bidding_opens_at = models.TimeField(_("bidding opens at"), default=datetime.time(9, 30))
    bidding_closes_at = models.TimeField(_("bidding closes at"), default=datetime.time(16, 0))
    snipe_window_minutes = models.PositiveSmallIntegerField(
        _("anti-sniping window (minutes)"), default=5, help_text=_("A bid in the last minutes of a lot moves its end."))
    snipe_extension_minutes = models.PositiveSmallIntegerField(
        _("extension (minutes)"), default=5, validators=[MinValueValidator(1)],
        help_text=_("The end moves to this many minutes after such a bid."))
    snipe_cap_minutes = models.PositiveSmallIntegerField(
        _("extension cap (minutes)"), default=30,
        help_text=_("Extensions never move the end more than this beyond the scheduled end."))
    # Where bidders pay deposits and when, and when a buyer pays the balance: what the lot's
    # announcement, the registration and the deal confirmation tell them.
    deposit_payee = models.CharField(_("deposit account name"), max_length=100, blank=True,
                                     help_text=_("The exchange's account that receives deposits."))
    deposit_bank = models.CharField(_("deposit bank"), max_length=100, blank=True)
    deposit_account = models.CharField(_("deposit account number"), max_length=40, blank=True)
    deposit_lead_hours = models.PositiveSmallIntegerField(
        _("deposits due (hours before the lot opens)"), default=24,
        help_text=_("A deposit must have arrived this many hours before its lot opens."))
    payment_days = models.PositiveSmallIntegerField(
        _("balance due (days after the deal)"), default=10, validators=[MinValueValidator(1)],
        help_text=_("The buyer pays the price, less the deposit, within this many days of the deal."))

    class Meta:
        verbose_name = _("auction rules")
        verbose_name_plural = _("auction rules")

    def __str__(self):
        return str(self.campaign)

    def clean(self):
        errors = {}
        if self.min_items_per_unit and self.max_items_per_unit and self.min_items_per_unit > self.max_items_per_unit:
            errors["min_items_per_unit"] = _("The minimum cannot exceed the maximum.")
        if self.min_items_scope != MinimumScope.NONE and not self.min_items_per_unit:
            errors["min_items_per_unit"] = _("Set the minimum, or say it applies to no unit.")
        if self.bidding_opens_at and self.bidding_closes_at and self.bidding_closes_at <= self.bidding_opens_at:
            errors["bidding_closes_at"] = _("Bidding must close after it opens.")
        if self.deposit_account and not (self.deposit_payee and self.deposit_bank):
            errors["deposit_payee"] = _("Give the account's name and bank with its number.")
        if errors:
            raise ValidationError(errors)

    @property
    def takes_deposits(self) -> bool:
        """Whether bidders can be told where to pay: the account is set."""
        return bool(self.deposit_account)

    def allows_trade_mode(self, mode: str) -> bool:
        return not self.trade_modes or mode in self.trade_modes

    def trade_mode_labels(self) -> list[str]:
        return [str(TradeMode(code).label) for code in self.trade_modes if code in TradeMode.values]

    def column_labels(self) -> list[str]:
        return [str(Column(code).label) for code in self.columns if code in Column.values]

    def bidding_weekday_labels(self) -> list[str]:
        return [Weekday(day).label for day in sorted(self.bidding_weekdays)]

    @classmethod
    def of(cls, campaign: Campaign) -> "AuctionRules":
        """The year's rules; the defaults (no limits) for a year that has none stored."""
        return stored_or_default(cls, campaign)
