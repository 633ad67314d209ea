"""A special session (专场): its hosts, its targets (copied from the year's templates when the
session is created, then the session's own to change) and the compliance job's dated
snapshots of its figures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sessions_mgmt.choices import (
    CoHostRole,
    Metric,
    SessionStatus,
    SessionType,
    TargetKind,
    TargetStatus,
)
from sessions_mgmt.models.templates import target_checks


class Session(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    session_type = models.CharField(_("session type"), max_length=30, choices=SessionType.choices)
    title = models.CharField(_("title"), max_length=200)
    field = models.ForeignKey("jbgs.IndustryField", models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("industry field"))
    torch = models.BooleanField(_("火炬科技成果直通车（江苏站）"), default=False)
    application = models.OneToOneField("sessions_mgmt.HostingApplication", models.PROTECT, null=True, blank=True,
                                       related_name="session")
    status = models.CharField(_("status"), max_length=20, choices=SessionStatus.choices,
                              default=SessionStatus.PLANNED)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    summary = models.TextField(_("introduction"), blank=True)
    computed_at = models.DateTimeField(_("figures computed at"), null=True, blank=True)
    computed_on = models.DateField(_("figures as of"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "session_type", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_on__lt=models.F("ends_on")),
                                   name="session_dates_in_order"),
        ]
        verbose_name = _("special session")
        verbose_name_plural = _("special sessions")

    def __str__(self):
        return self.title


class SessionHost(models.Model):
    """A unit hosting the session: the main host (the local authority that applied), and the
    co-hosts. A regional session has at least two local authorities among them."""

    session = models.ForeignKey(Session, models.CASCADE, related_name="hosts")
    organization = models.ForeignKey("jbgs.Organization", models.PROTECT, related_name="hosted_sessions",
                                     verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=20, choices=CoHostRole.choices)
    is_main = models.BooleanField(_("main host"), default=False)

    class Meta:
        ordering = ["-is_main", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "organization"], name="session_host_once")]
        indexes = [models.Index(fields=["organization", "session"], name="session_host_org")]
        verbose_name = _("session host")
        verbose_name_plural = _("session hosts")

    def __str__(self):
        return str(self.organization)


class SessionTarget(models.Model):
    """A session's own target: a copy of a template row (or one an administrator added), with
    the compliance job's last value and verdict."""

    session = models.ForeignKey(Session, models.CASCADE, related_name="targets")
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices)
    metric = models.CharField(_("metric"), max_length=40, choices=Metric.choices)
    goal = models.DecimalField(_("goal"), max_digits=10, decimal_places=4, null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TargetStatus.choices,
                              default=TargetStatus.PENDING)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    computed_on = models.DateField(_("figures as of"), null=True, blank=True)
    reminded_on = models.DateField(_("deadline reminder sent on"), null=True, blank=True)

    class Meta:
        ordering = ["session", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["session", "code"], name="session_target_code_once"),
            *target_checks("session_"),
        ]
        verbose_name = _("session target")
        verbose_name_plural = _("session targets")

    def __str__(self):
        return f"{self.session_id} {self.code}"


class Snapshot(models.Model):
    """A session's figures as of a day (every metric of its targets, counted from the records
    dated on or before it): the history its charts draw. One per session and day; computing
    the day again overwrites it with the same figures."""

    session = models.ForeignKey(Session, models.CASCADE, related_name="snapshots")
    day = models.DateField(_("day"))
    values = models.JSONField(_("figures"), default=dict)
    statuses = models.JSONField(_("statuses"), default=dict)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["session", "day"]
        constraints = [models.UniqueConstraint(fields=["session", "day"], name="snapshot_once_a_day")]
        verbose_name = _("compliance snapshot")
        verbose_name_plural = _("compliance snapshots")

    def __str__(self):
        return f"{self.session_id} {self.day}"
