"""Solutions (揭榜): a solver's answer to a published demand, the thread with the enterprise,
and the cooperation an intention opens in the project library (跟踪问效)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from challenge.choices import CooperationStage, DetailRequestStatus, SolutionStatus

MONEY = {"max_digits": 14, "decimal_places": 2}


class Solution(models.Model):
    demand = models.ForeignKey("challenge.Demand", models.PROTECT, related_name="solutions")
    solver = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="solutions")
    organization = models.ForeignKey("jbgs.Organization", models.PROTECT, related_name="solutions",
                                     verbose_name=_("solver's unit"))
    leader = models.CharField(_("team leader"), max_length=50)
    members = models.CharField(_("team members"), max_length=500, blank=True)
    approach = models.TextField(_("technical approach"), max_length=5000)
    promises = models.JSONField(_("indicators promised"), default=list, blank=True)
    timeline = models.CharField(_("timeline"), max_length=500)
    budget = models.DecimalField(_("budget (yuan)"), validators=[MinValueValidator(0)], null=True, blank=True,
                                 **MONEY)
    items = models.ManyToManyField("auction.Item", related_name="solutions", blank=True,
                                   verbose_name=_("linked patents and results"))
    status = models.CharField(_("status"), max_length=20, choices=SolutionStatus.choices,
                              default=SolutionStatus.SUBMITTED, db_index=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(
            fields=["demand", "solver"], condition=~models.Q(status="withdrawn"), name="one_live_solution_per_solver")]
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")

    def __str__(self):
        return f"{self.demand.number} · {self.organization}"


class SolutionMessage(models.Model):
    """A question or an answer between the enterprise and the solver, on one solution."""

    solution = models.ForeignKey(Solution, models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    body = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["solution", "created_at"]


class Cooperation(models.Model):
    """A pair the enterprise chose (意向对接), followed in the project library until it ends."""

    demand = models.ForeignKey("challenge.Demand", models.PROTECT, related_name="cooperations")
    solution = models.OneToOneField(Solution, models.PROTECT, related_name="cooperation")
    stage = models.CharField(_("stage"), max_length=20, choices=CooperationStage.choices,
                             default=CooperationStage.INTENTION, db_index=True)
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True, db_index=True)
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("responsible manager"))
    reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)
    # The signed technology contract, kept as the auction's deals are (one contract model for
    # both campaigns: the ≥ 20万 project support and the year's totals are counted there).
    deal = models.OneToOneField("auction.Deal", models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("contract"))
    created_at = models.DateTimeField(_("intention recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")

    def __str__(self):
        return f"{self.demand.number} × {self.solution.organization}"


class FollowUp(models.Model):
    """One follow-up of a cooperation (跟踪问效): what was found, the stage after it, and when next."""

    cooperation = models.ForeignKey(Cooperation, models.CASCADE, related_name="follow_ups")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    note = models.TextField(_("what was found"), max_length=2000)
    stage = models.CharField(_("stage after it"), max_length=20, choices=CooperationStage.choices)
    next_on = models.DateField(_("next follow-up"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cooperation", "-created_at"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")


class DetailRequest(models.Model):
    """A solver asks the enterprise for the details it hid on publication; the enterprise grants
    or refuses, and only a solver it granted sees them."""

    demand = models.ForeignKey("challenge.Demand", models.CASCADE, related_name="detail_requests")
    solver = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="detail_requests")
    organization = models.ForeignKey("jbgs.Organization", models.CASCADE, related_name="+")
    message = models.CharField(_("why the details are needed"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=DetailRequestStatus.choices,
                              default=DetailRequestStatus.REQUESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["demand", "solver"], name="one_detail_request_per_solver")]
        verbose_name = _("request for hidden details")
        verbose_name_plural = _("requests for hidden details")
