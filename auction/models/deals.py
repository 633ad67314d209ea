"""Deals (成交): from the hammer or a negotiation, through the contract and its registration
(合同登记) to the transfer of ownership (权属交割); and the technology contracts signed in the
J-TOP challenge, which have no lot: one model for every contract of both campaigns, so that the
≥ 20万 project support and the year's totals are counted in one place."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from auction.choices import DealMethod, DealStage, TradeMode
from auction.models.bidding import MONEY
from jbgs.files import private_upload_to


class Deal(models.Model):
    campaign = models.ForeignKey("jbgs.Campaign", models.PROTECT, related_name="deals")
    number = models.CharField(_("confirmation number"), max_length=30, unique=True)
    # None for a contract reached in the challenge (DealMethod.CHALLENGE), and only then.
    lot = models.ForeignKey("auction.Lot", models.PROTECT, related_name="deals", null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True,
                               help_text=_("What a deal without a lot is about: the demand a challenge contract answers."))
    method = models.CharField(_("how it was reached"), max_length=20, choices=DealMethod.choices)
    buyer = models.ForeignKey("jbgs.Organization", models.PROTECT, related_name="purchases", verbose_name=_("buyer"))
    buyer_user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True)
    seller = models.ForeignKey("jbgs.Organization", models.PROTECT, related_name="sales", verbose_name=_("seller"))
    price = models.DecimalField(_("deal price (yuan)"), **MONEY)
    trade_mode = models.CharField(_("trade mode"), max_length=30, choices=TradeMode.choices, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=DealStage.choices, default=DealStage.CONFIRMED)
    concluded_at = models.DateTimeField(_("concluded at"))
    confirmation = models.FileField(_("deal confirmation (PDF)"), upload_to=private_upload_to("deals"), blank=True)
    # 合同签署 and 合同登记.
    contract_number = models.CharField(_("contract number"), max_length=60, blank=True)
    contract_amount = models.DecimalField(_("contract amount (yuan)"), null=True, blank=True, **MONEY)
    contract_signed_on = models.DateField(_("signed on"), null=True, blank=True)
    contract_trade_form = models.CharField(_("trade form in the contract"), max_length=30, choices=TradeMode.choices,
                                           blank=True)
    registration_number = models.CharField(_("technology contract registration number"), max_length=60, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    contract_scan = models.FileField(_("contract scan"), upload_to=private_upload_to("contracts"), blank=True)
    # 权属交割: the day the patent office recorded the change of owner or the licence.
    transferred_on = models.DateField(_("ownership recorded on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-concluded_at"]
        constraints = [
            # One lot, one deal: by bidding, or negotiated after it ended unsold.
            models.UniqueConstraint(fields=["lot"], name="one_deal_per_lot"),
            # A deal by bidding or negotiation is a lot's; a challenge contract is no lot's.
            models.CheckConstraint(
                condition=models.Q(method=DealMethod.CHALLENGE, lot__isnull=True)
                | (~models.Q(method=DealMethod.CHALLENGE) & models.Q(lot__isnull=False)),
                name="deal_has_lot_unless_challenge"),
            # A challenge deal is its contract: it exists once the contract is signed. (NULL > 0
            # is not false in SQL, hence the explicit NOT NULL.)
            models.CheckConstraint(
                condition=~models.Q(method=DealMethod.CHALLENGE)
                | (models.Q(contract_amount__isnull=False, contract_amount__gt=0) & ~models.Q(contract_number="")
                   & models.Q(contract_signed_on__isnull=False)),
                name="challenge_deal_has_contract"),
        ]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def title(self) -> str:
        """What was traded: the lot's title, or the subject of a deal without a lot."""
        return self.lot.title if self.lot_id else self.subject

    @property
    def support_eligible(self) -> bool:
        """揭榜挂帅 project support: a single contract of at least the year's threshold."""
        threshold = self.campaign.deal_support_threshold
        return bool(threshold and self.contract_amount and self.contract_amount >= threshold)


# The same rule as Deal.support_eligible, for counting in the database (auction.selectors).
SUPPORT_ELIGIBLE = models.Q(campaign__deal_support_threshold__gt=0,
                            contract_amount__gte=models.F("campaign__deal_support_threshold"))
