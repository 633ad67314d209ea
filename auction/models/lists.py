from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from auction.choices import EDITABLE_LIST_STATES, ListStatus
from auction.models.rules import AuctionRules
from jbgs.files import private_upload_to


class SubmissionList(models.Model):
    """A unit's list of patents and results for one campaign year (报送清单), with its
    liaison (活动联络员) and the scanned sealed copy (盖章件)."""

    organization = models.ForeignKey(
        "jbgs.Organization", models.PROTECT, related_name="submission_lists", verbose_name=_("unit")
    )
    campaign = models.ForeignKey("jbgs.Campaign", models.PROTECT, related_name="submission_lists")
    status = models.CharField(_("status"), max_length=20, choices=ListStatus.choices, default=ListStatus.DRAFT)
    liaison_name = models.CharField(_("liaison"), max_length=100, blank=True)
    liaison_department = models.CharField(_("department and post"), max_length=200, blank=True)
    liaison_phone = models.CharField(_("liaison phone"), max_length=30, blank=True)
    liaison_email = models.EmailField(_("liaison e-mail"), blank=True)
    sealed_copy = models.FileField(
        _("sealed copy"),
        upload_to=private_upload_to("sealed"),
        blank=True,
        help_text=_("The signed and sealed list, scanned as PDF or image."),
    )
    max_items_override = models.PositiveSmallIntegerField(
        _("maximum granted by exception"),
        null=True,
        blank=True,
        help_text=_("Set by an administrator: this unit may list more items than the year's maximum."),
    )
    override_reason = models.TextField(_("reason for the exception"), blank=True)
    deadline_override = models.DateField(
        _("submission deadline extended to"), null=True, blank=True,
        help_text=_("Set by an administrator: this unit may hand its list in until this day."))
    deadline_reason = models.TextField(_("reason for the extension"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    review_comment = models.TextField(_("review comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-campaign__year", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "campaign"], name="one_list_per_unit_and_campaign")
        ]
        verbose_name = _("submission list")
        verbose_name_plural = _("submission lists")

    def __str__(self):
        return f"{self.organization} · {self.campaign.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_LIST_STATES

    @property
    def deadline(self):
        """The last day the unit may change and hand in its list (None: no deadline)."""
        return self.deadline_override or self.campaign.submission_deadline

    @property
    def max_items(self) -> int | None:
        return self.max_items_override or AuctionRules.of(self.campaign).max_items_per_unit


class ListExpert(models.Model):
    """A technical expert the unit names on its 活动联络员（及技术专家）信息表."""

    submission_list = models.ForeignKey(SubmissionList, models.CASCADE, related_name="experts")
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("professional title"), max_length=100, blank=True)
    speciality = models.CharField(_("speciality"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("technical expert")
        verbose_name_plural = _("technical experts")

    def __str__(self):
        return self.name
