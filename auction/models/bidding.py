"""Online bidding (集中网络竞价): bidding days, lots, bidders' registrations and deposits,
the append-only record of bids, proxy ceilings and watchlists."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from auction.choices import (
    BidRejection,
    DayStatus,
    DepositState,
    LotStatus,
    ReserveState,
    TradeMode,
    UnsoldReason,
)
from jbgs.choices import OrganizationStatus
from jbgs.models.audit import AppendOnly

MONEY = {"max_digits": 14, "decimal_places": 2}
POSITIVE = [MinValueValidator(Decimal("0.01"))]


class BiddingDay(models.Model):
    """A day of centralised online bidding (每周三、五), laid out from the campaign's rules,
    or added by the administrator as a special day; a day can be cancelled (a holiday)."""

    campaign = models.ForeignKey("jbgs.Campaign", models.PROTECT, related_name="bidding_days")
    date = models.DateField(_("date"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(_("status"), max_length=20, choices=DayStatus.choices, default=DayStatus.SCHEDULED)
    special = models.BooleanField(_("special day"), default=False, help_text=_("Added outside the weekly pattern."))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["campaign", "date"], name="one_bidding_day_per_date")]
        verbose_name = _("bidding day")
        verbose_name_plural = _("bidding days")

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == DayStatus.CANCELLED


class Lot(models.Model):
    """One published item, or a package of several (专利包), offered on a bidding day.

    `current_price`, `leader` and `bid_count` follow the accepted bids; `effective_end` is the
    scheduled end moved by anti-sniping extensions, never beyond `hard_end`. `version` grows
    with every visible change, for the live page's ETag.
    """

    campaign = models.ForeignKey("jbgs.Campaign", models.PROTECT, related_name="lots")
    number = models.CharField(_("lot number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    items = models.ManyToManyField("auction.Item", through="LotItem", related_name="lots", verbose_name=_("items"))
    seller = models.ForeignKey("jbgs.Organization", models.PROTECT, related_name="lots", verbose_name=_("seller"))
    trade_mode = models.CharField(_("trade mode"), max_length=30, choices=TradeMode.choices)
    start_price = models.DecimalField(_("start price (yuan)"), validators=POSITIVE, **MONEY)
    reserve_price = models.DecimalField(
        _("reserve price (yuan)"), validators=POSITIVE, help_text=_("Hidden from bidders."), **MONEY
    )
    increment = models.DecimalField(_("increment (yuan)"), validators=POSITIVE, **MONEY)
    deposit = models.DecimalField(_("deposit (yuan)"), validators=[MinValueValidator(0)], **MONEY)
    snipe_window_minutes = models.PositiveSmallIntegerField(_("anti-sniping window (minutes)"))
    snipe_extension_minutes = models.PositiveSmallIntegerField(_("extension (minutes)"),
                                                               validators=[MinValueValidator(1)])
    snipe_cap_minutes = models.PositiveSmallIntegerField(_("extension cap (minutes)"))
    status = models.CharField(_("status"), max_length=20, choices=LotStatus.choices, default=LotStatus.DRAFT,
                              db_index=True)
    day = models.ForeignKey(BiddingDay, models.PROTECT, null=True, blank=True, related_name="lots",
                            verbose_name=_("bidding day"))
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("scheduled end"), null=True, blank=True)
    effective_end = models.DateTimeField(_("ends at"), null=True, blank=True, db_index=True)
    current_price = models.DecimalField(_("current price (yuan)"), null=True, blank=True, **MONEY)
    leader = models.ForeignKey("auction.Registration", models.PROTECT, null=True, blank=True, related_name="+")
    bid_count = models.PositiveIntegerField(_("bids"), default=0)
    version = models.PositiveIntegerField(default=0)
    # Set once a bidder asks for proxy bidding: until then a bid need not look for proxies.
    has_proxies = models.BooleanField(default=False)
    seller_confirmed_at = models.DateTimeField(_("terms confirmed at"), null=True, blank=True)
    seller_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                            related_name="+")
    relisted_from = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="relistings",
                                      verbose_name=_("relisted from"))
    # 竞价展示周期至全系列活动结束: unsold, the lot goes on to the next bidding day of the
    # season, until its seller stops the series or a negotiated deal concludes it.
    carry_over = models.BooleanField(_("carried to the next bidding day if unsold"), default=True)
    unsold_reason = models.CharField(_("why it ended unsold"), max_length=20, choices=UnsoldReason.choices,
                                     blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "number"]
        constraints = [
            models.CheckConstraint(condition=Q(reserve_price__gte=models.F("start_price")),
                                   name="lot_reserve_not_below_start"),
            models.CheckConstraint(condition=Q(starts_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                                   name="lot_ends_after_it_starts"),
        ]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def hard_end(self):
        """Extensions stop here."""
        from datetime import timedelta

        return self.ends_at + timedelta(minutes=self.snipe_cap_minutes) if self.ends_at else None

    def is_open_at(self, now) -> bool:
        """Open by the clock: scheduled or opened, started, not past its (extended) end."""
        return (self.status in (LotStatus.SCHEDULED, LotStatus.OPEN) and self.starts_at is not None
                and self.starts_at <= now < self.effective_end)

    @property
    def reserve_state(self) -> str:
        """Public: whether a reserve above the start price exists and the price reached it."""
        if self.reserve_price <= self.start_price:
            return ReserveState.NONE
        reached = self.current_price is not None and self.current_price >= self.reserve_price
        return ReserveState.MET if reached else ReserveState.NOT_MET

    def minimum_bid(self) -> Decimal:
        return self.start_price if self.current_price is None else self.current_price + self.increment


class LotItem(models.Model):
    lot = models.ForeignKey(Lot, models.CASCADE, related_name="lot_items")
    item = models.ForeignKey("auction.Item", models.PROTECT, related_name="lot_items")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["lot", "item"], name="item_once_per_lot")]


class Registration(models.Model):
    """A bidder's registration for a lot: the rules and disclaimer accepted, the deposit's
    life (awaited → held → retained for the winner, or released and refunded), and the alias
    (竞买人 A, B…) under which other people see their bids."""

    lot = models.ForeignKey(Lot, models.PROTECT, related_name="registrations")
    bidder = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="registrations")
    organization = models.ForeignKey("jbgs.Organization", models.PROTECT, related_name="+")
    alias = models.CharField(_("alias"), max_length=10)
    rules_accepted_at = models.DateTimeField(_("rules accepted at"))
    disclaimer_accepted_at = models.DateTimeField(_("disclaimer accepted at"))
    deposit_state = models.CharField(_("deposit"), max_length=20, choices=DepositState.choices,
                                     default=DepositState.AWAITING)
    deposit_amount = models.DecimalField(_("deposit (yuan)"), **MONEY)
    deposit_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    deposit_received_amount = models.DecimalField(_("amount received (yuan)"), null=True, blank=True, **MONEY)
    deposit_received_on = models.DateField(_("received on"), null=True, blank=True)
    deposit_confirmed_at = models.DateTimeField(_("deposit confirmed at"), null=True, blank=True)
    deposit_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                             related_name="+")
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    refunded_on = models.DateField(_("refunded on"), null=True, blank=True)
    refund_reference = models.CharField(_("refund reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["lot", "alias"]
        constraints = [
            models.UniqueConstraint(fields=["lot", "bidder"], name="one_registration_per_bidder"),
            models.UniqueConstraint(fields=["lot", "alias"], name="alias_unique_per_lot"),
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self):
        return f"{self.lot.number} · {self.alias}"

    @property
    def may_bid(self) -> bool:
        return self.deposit_state in (DepositState.HELD, DepositState.RETAINED)

    @property
    def transfer_note(self) -> str:
        """What the bidder writes in the transfer's remarks (附言) so that the exchange can tell
        whose deposit arrived: the lot's number and the bidder's alias."""
        return f"{self.lot.number}-{self.alias}"

    @property
    def unit_active(self) -> bool:
        """Is the bidder's unit active on the platform? A suspended unit neither bids nor wins.
        The bid's own query reads the status with the registration (`unit_status`)."""
        status = self.__dict__.get("unit_status") or self.organization.status
        return status == OrganizationStatus.ACTIVE


class Bid(AppendOnly, models.Model):
    """Every bid, accepted or refused with its reason. Append-only (the model refuses changes
    and a database trigger refuses them too); two accepted bids on a lot never share a price."""

    lot = models.ForeignKey(Lot, models.PROTECT, related_name="bids")
    registration = models.ForeignKey(Registration, models.PROTECT, null=True, blank=True, related_name="bids")
    bidder = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="bids")
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    # The lot's price when the bid came: with the bidder, the time and the amount, each row is
    # its own audit record (who, when, what, from which state).
    previous_price = models.DecimalField(_("price before"), null=True, blank=True, **MONEY)
    placed_at = models.DateTimeField(_("placed at"), db_index=True)
    accepted = models.BooleanField(_("accepted"))
    rejection = models.CharField(_("reason refused"), max_length=30, choices=BidRejection.choices, blank=True)
    proxy = models.BooleanField(_("placed by proxy"), default=False)
    extended_to = models.DateTimeField(_("end moved to"), null=True, blank=True)

    class Meta:
        ordering = ["placed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lot", "amount"], condition=Q(accepted=True),
                                    name="accepted_bid_prices_unique"),
        ]
        indexes = [models.Index(fields=["lot", "-amount"], condition=Q(accepted=True), name="bid_lot_amount_idx")]
        verbose_name = _("bid")
        verbose_name_plural = _("bids")

    def __str__(self):
        return f"{self.lot.number} {self.amount}"


class ProxyBid(models.Model):
    """A ceiling up to which the platform bids for the bidder, by the increment."""

    registration = models.OneToOneField(Registration, models.CASCADE, related_name="proxy")
    ceiling = models.DecimalField(_("ceiling (yuan)"), **MONEY)
    active = models.BooleanField(default=True)
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("proxy bid")
        verbose_name_plural = _("proxy bids")


class Watch(models.Model):
    """A lot on a bidder's watchlist; `reminded_at` once they were told it opens soon."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="watches")
    lot = models.ForeignKey(Lot, models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lot"], name="watch_once")]
