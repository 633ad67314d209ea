"""What a year asks of its special sessions, as data: which session types it holds and how
many (its plan), and each type's targets (承办要求). A target with an empty session type is
the year's basic requirement of every session (基本要求). No figure of the documents is a
constant in code: a new year is rows, added by an administrator."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sessions_mgmt.choices import Metric, PlanGroup, SessionType, TargetKind


def target_problem(kind: str, goal, deadline) -> tuple[str, str] | None:
    """What keeps a target (a template's or a session's own) from making sense, as (field,
    message), or None. The database checks the same (target_checks)."""
    if kind == TargetKind.DEADLINE and deadline is None:
        return "deadline", _("A deadline target needs its date.")
    if kind == TargetKind.RATIO and not (goal is not None and 0 < goal <= 1):
        return "goal", _("Write a share as a fraction: 0.30 for 30 %.")
    if kind != TargetKind.DONE and goal is None:
        return "goal", _("Give the goal.")
    if goal is not None and goal < 0:
        return "goal", _("A goal cannot be negative.")
    return None


def target_checks(prefix: str) -> list[models.CheckConstraint]:
    """The database's checks of a target's kind against its goal and date, named with `prefix`."""
    return [
        models.CheckConstraint(condition=~models.Q(kind="deadline") | models.Q(deadline__isnull=False),
                               name=f"{prefix}deadline_target_has_a_date"),
        models.CheckConstraint(condition=models.Q(kind="done") | models.Q(goal__isnull=False),
                               name=f"{prefix}counted_target_has_a_goal"),
        models.CheckConstraint(condition=~models.Q(kind="ratio") | models.Q(goal__gt=0, goal__lte=1),
                               name=f"{prefix}ratio_goal_is_a_fraction"),
    ]


class SessionPlan(models.Model):
    """How many sessions of a kind a year plans (the two campaigns' industry sessions counted
    together, as the documents count them); a year holds the session types of its plan."""

    year = models.PositiveSmallIntegerField(_("year"))
    group = models.CharField(_("sessions"), max_length=20, choices=PlanGroup.choices)
    planned_min = models.PositiveSmallIntegerField(_("sessions planned, at least"))
    planned_max = models.PositiveSmallIntegerField(_("sessions planned, at most"))

    class Meta:
        ordering = ["year", "group"]
        constraints = [
            models.UniqueConstraint(fields=["year", "group"], name="one_plan_per_group_and_year"),
            models.CheckConstraint(condition=models.Q(planned_min__lte=models.F("planned_max")),
                                   name="session_plan_min_within_max"),
        ]
        verbose_name = _("session plan")
        verbose_name_plural = _("session plans")

    def __str__(self):
        return f"{self.year} {self.get_group_display()}"


class TargetTemplate(models.Model):
    """One target of a year's session type: its kind, the metric it is measured by, the goal
    (a count; for a ratio, a fraction such as 0.30) and, for a deadline, the date by which the
    metric must reach the goal."""

    year = models.PositiveSmallIntegerField(_("year"))
    session_type = models.CharField(_("session type"), max_length=30, choices=SessionType.choices, blank=True,
                                    help_text=_("Empty: every session of the year (基本要求)."))
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices)
    metric = models.CharField(_("metric"), max_length=40, choices=Metric.choices)
    goal = models.DecimalField(_("goal"), max_digits=10, decimal_places=4, null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    torch_only = models.BooleanField(_("only for a 火炬科技成果直通车 host"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["year", "session_type", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "session_type", "code"], name="one_target_code_per_type"),
            *target_checks(""),
        ]
        verbose_name = _("target template")
        verbose_name_plural = _("target templates")

    def __str__(self):
        return f"{self.year} {self.session_type or '*'} {self.code}"

    def clean(self):
        problem = target_problem(self.kind, self.goal, self.deadline)
        if problem:
            raise ValidationError({problem[0]: problem[1]})
