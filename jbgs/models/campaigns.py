import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jbgs.choices import STAGES_BY_KIND, CampaignKind, Stage

# The fields an administrator edits on a campaign year (its year and kind are fixed once
# created); the form, the API and the audit of changes all use this list. Each app's
# rules for its kind of campaign are its own (jbgs.rules.RulesSection).
CAMPAIGN_FIELDS = (
    "title",
    "starts_on",
    "ends_on",
    "submission_deadline",
    "deal_support_threshold",
    "source",
)


class Campaign(models.Model):
    """One campaign year of one kind: its dates, stages and the rules every kind shares.

    The figures come from the year's notice or plan; an administrator edits them in the
    portal and nothing in the code assumes a year's value. What one kind alone needs is
    kept by its app, one-to-one with the campaign (jbgs.rules).
    """

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    submission_deadline = models.DateField(_("submission deadline"), null=True, blank=True)
    deal_support_threshold = models.DecimalField(
        _("project support threshold (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "A deal whose single contract amount reaches this qualifies for 揭榜挂帅 project support."
        ),
    )
    source = models.CharField(_("source document"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="one_campaign_per_year_and_kind")
        ]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The campaign cannot end before it starts.")
        if self.year and self.starts_on and self.starts_on.year != self.year:
            errors["starts_on"] = _("The campaign must start in its own year.")
        if errors:
            raise ValidationError(errors)

    def stage_on(self, day: datetime.date):
        """The stages under way on a day (stages overlap in the documents)."""
        return [stage for stage in self.stages.all() if stage.covers(day)]

    def is_running(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class CampaignStage(models.Model):
    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="stages")
    code = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    position = models.PositiveSmallIntegerField(default=0, editable=False)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    ongoing = models.BooleanField(
        _("ongoing"), default=False, help_text=_("Runs continuously (常态化) after it starts.")
    )

    class Meta:
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="one_stage_per_code")
        ]
        verbose_name = _("campaign stage")
        verbose_name_plural = _("campaign stages")

    def __str__(self):
        return self.get_code_display()

    def save(self, *args, **kwargs):
        order = STAGES_BY_KIND.get(self.campaign.kind, [])
        self.position = order.index(self.code) if self.code in order else len(order)
        super().save(*args, **kwargs)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A stage cannot end before it starts.")})

    def state_on(self, day: datetime.date) -> str:
        """ "done", "current", "upcoming", or "unscheduled" when the dates are not set."""
        if self.covers(day):
            return "current"
        if not self.starts_on:
            return "unscheduled"
        return "upcoming" if day < self.starts_on else "done"

    def covers(self, day: datetime.date) -> bool:
        if not self.starts_on or day < self.starts_on:
            return False
        return self.ongoing or self.ends_on is None or day <= self.ends_on


class IndustryField(models.Model):
    """An industry field (产业领域) of a year: items, demands and sessions are filed under one."""

    year = models.PositiveSmallIntegerField(_("year"))
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["-year", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="field_code_unique_per_year"),
            models.UniqueConstraint(fields=["year", "name"], name="field_name_unique_per_year"),
        ]
        verbose_name = _("industry field")
        verbose_name_plural = _("industry fields")

    def __str__(self):
        return self.name
