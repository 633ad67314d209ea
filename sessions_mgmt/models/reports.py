"""Reports made by a Celery job and kept for download: a session's summary report and records,
a year's summary, the province table, the year's recommended projects."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jbgs.files import private_upload_to
from sessions_mgmt.choices import ReportKind, ReportStatus


class ReportJob(models.Model):
    """One report asked for by a person: queued (sent to the workers after commit; sent again
    by the sweep if its task was lost), running with its progress (0–100), then done with its
    file, or failed with the reason. `queued_at` is when its task was last sent."""

    kind = models.CharField(_("report"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    session = models.ForeignKey("sessions_mgmt.Session", models.CASCADE, null=True, blank=True,
                                related_name="report_jobs", verbose_name=_("special session"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="session_reports")
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to=private_upload_to("session-reports"), blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="report_job_requester")]
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=100), name="report_progress_percent")]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)
