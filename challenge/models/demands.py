"""A technology demand (技术需求) of an enterprise, and its technical targets."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from challenge.choices import (
    DEMAND_PUBLIC,
    HIDDEN_BY_DEFAULT,
    CooperationMode,
    DemandStatus,
    EnterpriseFlag,
    HideableField,
    Verdict,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


def hidden_by_default() -> list[str]:
    return list(HIDDEN_BY_DEFAULT)


class Demand(models.Model):
    """What an enterprise needs, with the three things the documents require of every demand:
    the intended investment (意向投入金额), the cooperation modes (合作方式) and the validity
    (有效期限). `hidden_fields` says what publication leaves out (challenge.public)."""

    campaign = models.ForeignKey("jbgs.Campaign", models.PROTECT, related_name="demands",
                                 limit_choices_to={"kind": "challenge"})
    number = models.CharField(_("demand number"), max_length=20, unique=True)
    organization = models.ForeignKey("jbgs.Organization", models.PROTECT, related_name="demands",
                                     verbose_name=_("enterprise"))
    title = models.CharField(_("title"), max_length=200)
    field = models.ForeignKey("jbgs.IndustryField", models.PROTECT, related_name="demands",
                              verbose_name=_("industry field"))
    sub_field = models.CharField(_("sub-field"), max_length=50, blank=True)
    description = models.TextField(_("the problem and its current state"), max_length=5000)
    expected_outcome = models.TextField(_("expected outcome"), max_length=2000, blank=True)
    amount = models.DecimalField(_("intended investment (yuan)"), validators=[MinValueValidator(0)], **MONEY)
    cooperation_modes = ArrayField(models.CharField(max_length=30, choices=CooperationMode.choices),
                                   verbose_name=_("cooperation modes"))
    valid_until = models.DateField(_("valid until"))
    region = models.ForeignKey("jbgs.Region", models.PROTECT, related_name="+", null=True, blank=True,
                               verbose_name=_("region"))
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    hidden_fields = ArrayField(models.CharField(max_length=20, choices=HideableField.choices),
                               verbose_name=_("hidden on publication"), default=hidden_by_default, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=DemandStatus.choices, default=DemandStatus.DRAFT,
                              db_index=True)
    diagnosis_comment = models.TextField(_("diagnosis comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    repushed_at = models.DateTimeField(_("last pushed again at"), null=True, blank=True,
                                       help_text=_("Unanswered long, it was pushed again to its best-matched solvers."))
    collector = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="collected_demands", verbose_name=_("collected by"),
                                  help_text=_("Who collected it for the enterprise (a local authority, a sub-centre, a "
                                              "technology manager); it counts toward their targets."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Chinese full text, as the catalogue's (auction.search): the words of the public text
    # only (title, sub-field, problem, expected outcome; never a hideable field), written at
    # publication, after which a demand no longer changes.
    search_title = models.TextField(default="", editable=False)
    search_body = models.TextField(default="", editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("search_title", weight="A", config="simple")
        + SearchVector("search_body", weight="B", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "valid_until"], name="demand_status_validity"),
                   GinIndex(fields=["search_vector"], name="demand_search_idx"),
                   # The province's funnel of a campaign (challenge.selectors.funnel) from the index alone.
                   models.Index(fields=["campaign", "field", "status", "published_at"],
                                include=["id", "organization"], name="demand_campaign_funnel_idx"),
                   # The partner feeds (selectors.feed_demands) resume on (updated_at, id).
                   models.Index(fields=["updated_at", "id"], name="demand_feed_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="demand_amount_not_negative"),
            models.CheckConstraint(condition=~models.Q(cooperation_modes=[]), name="demand_has_a_cooperation_mode"),
        ]
        verbose_name = _("demand")
        verbose_name_plural = _("demands")

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_public(self) -> bool:
        return self.status in DEMAND_PUBLIC

    def hides(self, name: str) -> bool:
        return name in self.hidden_fields

    def cooperation_mode_labels(self) -> list[str]:
        return [str(CooperationMode(code).label) for code in self.cooperation_modes if code in CooperationMode.values]

    def enterprise_flag_labels(self) -> list[str]:
        """The enterprise's qualifications, as its unit's record states them (one place)."""
        org = self.organization
        flags = [(org.is_high_tech, EnterpriseFlag.HIGH_TECH), (org.is_tech_sme, EnterpriseFlag.TECH_SME),
                 (org.is_industry_leader, EnterpriseFlag.INDUSTRY_LEADER)]
        return [str(flag.label) for on, flag in flags if on]


class DemandTarget(models.Model):
    """A technical target the solution must reach (indicator, value, unit); one may be hidden."""

    demand = models.ForeignKey(Demand, models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(default=0)
    indicator = models.CharField(_("indicator"), max_length=100)
    value = models.CharField(_("value"), max_length=60)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    hidden = models.BooleanField(_("hidden on publication"), default=False)

    class Meta:
        ordering = ["demand", "position"]
        verbose_name = _("technical target")
        verbose_name_plural = _("technical targets")

    def __str__(self):
        return f"{self.indicator} {self.value}{self.unit}"


class Diagnosis(models.Model):
    """One verdict on a demand (需求诊断), by an expert or at a diagnosis meeting: the marks on
    the year's criteria, the comment the enterprise reads, and the verdict. Append-only:
    a demand revised and diagnosed again gets another."""

    demand = models.ForeignKey(Demand, models.CASCADE, related_name="diagnoses")
    diagnosed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    scores = models.JSONField(_("marks by criterion"), default=dict, blank=True)
    total = models.DecimalField(_("weighted total"), max_digits=5, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["demand", "-created_at"]
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")

    def __str__(self):
        return f"{self.demand.number} · {self.get_verdict_display()}"
