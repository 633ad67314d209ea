"""The stock-patent inventory (存量专利盘点) of the Yangzhou plan: every valid patent an institution
holds, imported from its patent-list export, evaluated (inventor, institution, enterprise or
third party), screened, registered into the transformation resource pool and matched to
enterprises by industry sub-field."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from auction.choices import LegalStatus, PatentType
from transformation.choices import EvaluatorKind, StockPool, StockStage

SCORE = [MinValueValidator(1), MaxValueValidator(5)]
# A patent's place on the way (imported first, matched last): what is left is listed furthest
# behind first. An expression of the stage, indexed with the institution and the number so that
# an institution's list of what is left reads a page in its order instead of sorting its stock.
STAGE_RANK = models.Case(*(models.When(stage=stage, then=models.Value(position))
                           for position, stage in enumerate(StockStage.values)), output_field=models.IntegerField())


class StockPatent(models.Model):
    organization = models.ForeignKey("jbgs.Organization", models.CASCADE, related_name="stock_patents",
                                     verbose_name=_("institution"))
    # Canonical (201710601862.3), by auction.identifiers.parse_application_number, as the lists keep it.
    application_number = models.CharField(_("application number"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    patent_type = models.CharField(_("patent type"), max_length=10, choices=PatentType.choices)
    grant_date = models.DateField(_("grant date"), null=True, blank=True)
    inventors = models.CharField(_("inventors"), max_length=500, blank=True)
    legal_status = models.CharField(_("legal status"), max_length=10, choices=LegalStatus.choices,
                                    default=LegalStatus.VALID)
    field = models.ForeignKey("jbgs.IndustryField", models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("industry field"))
    sub_field = models.CharField(_("sub-field"), max_length=50, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=StockStage.choices, default=StockStage.IMPORTED,
                             db_index=True)
    # The enterprise or third-party service body asked for the third evaluation (one at a time).
    reviewer = models.ForeignKey("jbgs.Organization", models.SET_NULL, null=True, blank=True,
                                 related_name="stock_reviews", verbose_name=_("reviewer"))
    # Screening (筛选): whether the patent shows high market potential and value.
    selected = models.BooleanField(_("selected at screening"), null=True, blank=True)
    screening_note = models.CharField(_("screening note"), max_length=500, blank=True)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    # Registration (登记) into the transformation resource pool.
    pool = models.CharField(_("resource pool"), max_length=12, choices=StockPool.choices, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    open_licence_fee = models.CharField(_("open licence fee standard"), max_length=300, blank=True)
    open_licence_payment = models.CharField(_("open licence payment method"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["organization", "application_number"]
        constraints = [models.UniqueConstraint(fields=["organization", "application_number"],
                                               name="stock_patent_once_per_institution")]
        indexes = [models.Index(fields=["organization", "stage"], name="stock_org_stage"),
                   models.Index(models.F("organization"), STAGE_RANK, models.F("application_number"), models.F("id"),
                                models.F("stage"),
                                name="stock_org_left"),
                   # The dashboard's evaluations by way join an institution's patent ids: read from
                   # this index alone (not the table, as the institution's index of its name has to).
                   models.Index(fields=["organization", "id"], name="stock_org_id"),
                   # The open-licence feed's keyset (transformation.feeds): pages in (updated_at, id).
                   models.Index(fields=["updated_at", "id"], name="stock_feed_idx")]
        verbose_name = _("stock patent")
        verbose_name_plural = _("stock patents")

    def __str__(self):
        return f"{self.application_number} {self.title}"

    @property
    def open_licence(self) -> bool:
        return bool(self.open_licence_fee)


class StockEvaluation(models.Model):
    """One evaluation of a patent by one of the three ways; evaluating again replaces it."""

    patent = models.ForeignKey(StockPatent, models.CASCADE, related_name="evaluations", verbose_name=_("patent"))
    # The patent's institution, kept beside it (saving fills it in; a patent never changes
    # institution) so that an institution's evaluations by way are counted from the index
    # stock_eval_institution alone, without joining its stock: see stock_selectors.coverage.
    institution = models.ForeignKey("jbgs.Organization", models.CASCADE, related_name="+", db_index=False,
                                    verbose_name=_("institution"))
    kind = models.CharField(_("evaluator"), max_length=12, choices=EvaluatorKind.choices)
    maturity = models.PositiveSmallIntegerField(_("technology maturity"), validators=SCORE)
    market = models.PositiveSmallIntegerField(_("market potential"), validators=SCORE)
    value = models.PositiveSmallIntegerField(_("economic value"), validators=SCORE)
    recommended = models.BooleanField(_("recommended for transformation"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    evaluator_name = models.CharField(_("evaluated by"), max_length=100, blank=True)
    evaluator_organization = models.ForeignKey("jbgs.Organization", models.SET_NULL, null=True, blank=True,
                                               related_name="+", verbose_name=_("evaluating unit"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["patent", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["patent", "kind"], name="stock_evaluation_once_per_kind"),
            *(models.CheckConstraint(condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                                     name=f"stock_evaluation_{name}_1_to_5") for name in ("maturity", "market", "value")),
        ]
        indexes = [models.Index(fields=["institution", "kind"], name="stock_eval_institution")]
        verbose_name = _("stock patent evaluation")
        verbose_name_plural = _("stock patent evaluations")

    def __str__(self):
        return f"{self.patent_id} {self.kind}"

    def save(self, *args, **kwargs):
        if self.institution_id is None and self.patent_id is not None:
            self.institution_id = self.patent.organization_id
        super().save(*args, **kwargs)


class StockMatch(models.Model):
    """A patent matched to an enterprise and pushed to its people (匹配推送), with the reason."""

    patent = models.ForeignKey(StockPatent, models.CASCADE, related_name="matches", verbose_name=_("patent"))
    organization = models.ForeignKey("jbgs.Organization", models.CASCADE, related_name="stock_matches",
                                     verbose_name=_("enterprise"))
    reason = models.CharField(_("reason"), max_length=300)
    matched_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                                   verbose_name=_("matched by"))
    matched_at = models.DateTimeField(_("matched at"))
    pushed_to = models.PositiveSmallIntegerField(_("people pushed to"), default=0)

    class Meta:
        ordering = ["-matched_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["patent", "organization"], name="stock_match_once")]
        verbose_name = _("stock patent match")
        verbose_name_plural = _("stock patent matches")

    def __str__(self):
        return f"{self.patent_id} → {self.organization_id}"
