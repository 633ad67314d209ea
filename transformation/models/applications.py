"""A project application (立项申报书) to a call: the applicant's form, what eligibility read at
submission, the content's digest printed on the 申报书 PDF, the sealed scan, the city's
recommendation and the province's decision; and the performance targets a call sets for the
projects it funds, as rows of data (like its eligibility rules)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jbgs.files import private_upload_to
from transformation.choices import ApplicationStatus
from transformation.models.calls import MEASURES, ConditionRow


class ProjectApplication(models.Model):
    call = models.ForeignKey("transformation.Call", models.PROTECT, related_name="applications",
                             verbose_name=_("call"))
    organization = models.ForeignKey("jbgs.Organization", models.PROTECT, related_name="project_applications",
                                     verbose_name=_("applicant"))
    # The applicant's city when it applied: whose organisers recommend it, and whose cap it counts in.
    city = models.ForeignKey("jbgs.Region", models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("city"))
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)
    title = models.CharField(_("project title"), max_length=200)
    plan = models.TextField(_("implementation plan"), blank=True)
    targets = models.TextField(_("targets promised"), blank=True)
    liaison_name = models.CharField(_("liaison"), max_length=50, blank=True)
    liaison_phone = models.CharField(_("liaison's phone"), max_length=30, blank=True)
    # What an industry-direction applicant declares ({Figure code: value}).
    declared = models.JSONField(_("figures declared"), default=dict, blank=True)
    deal = models.ForeignKey("auction.Deal", models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("deal"))
    # Fixed at submission: the figures eligibility read, its verdict, the content and its digest.
    figures = models.JSONField(_("figures at submission"), default=dict, blank=True)
    verdict = models.JSONField(_("eligibility at submission"), default=list, blank=True)
    content = models.JSONField(_("submitted content"), default=dict, blank=True)
    digest = models.CharField(_("content digest (SHA-256)"), max_length=64, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    scan = models.FileField(_("sealed scan"), upload_to=private_upload_to("applications"), blank=True)
    scan_uploaded_at = models.DateTimeField(_("scan uploaded at"), null=True, blank=True)
    recommended_at = models.DateTimeField(_("recommended at"), null=True, blank=True)
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name=_("recommended by"))
    recommendation = models.TextField(_("the city's comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decision = models.TextField(_("the province's comment"), blank=True)
    trainees = models.JSONField(_("people trained by year"), default=dict, blank=True)  # {"2023": 240}
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "organization"], name="one_application_per_call",
                                    condition=~models.Q(status=ApplicationStatus.WITHDRAWN)),
        ]
        indexes = [models.Index(fields=["call", "city", "status"], name="application_city_idx")]
        verbose_name = _("project application")
        verbose_name_plural = _("project applications")

    def __str__(self):
        return self.title


class CallTarget(ConditionRow):
    """A performance target of the projects a call funds (绩效目标), met in a year when ANY of
    its conditions holds. A condition is {"measure", "op", "value"}: a measure of `Measure`, a
    comparison of `Comparison`, a number."""

    vocabulary = MEASURES
    call = models.ForeignKey("transformation.Call", models.CASCADE, related_name="targets", verbose_name=_("call"))
    label = models.CharField(_("target"), max_length=200)
    conditions = models.JSONField(_("conditions, any of which meets the target"))

    class Meta(ConditionRow.Meta):
        constraints = [models.UniqueConstraint(fields=["call", "code"], name="call_target_code_once")]
        verbose_name = _("performance target")
        verbose_name_plural = _("performance targets")
