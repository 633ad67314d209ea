from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jbgs.files import private_upload_to


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")  # at the limit of rows with problems: what was read before is saved
    FAILED = "failed", _("Failed")


FINISHED = (ImportStatus.DONE, ImportStatus.STOPPED, ImportStatus.FAILED)


class ImportJob(models.Model):
    """A spreadsheet someone uploaded, read row by row by a Celery job.

    `kind` names the importer (e.g. `auction.patent`); `target_id` is what it imports
    into (a unit's list). Each row is saved whole or reported in `errors` with its row
    number, column and reason; `rejected` keeps the values of the rejected rows so that
    they can be corrected in the browser. Both are bounded by IMPORT_MAX_ROW_ERRORS rows, and
    read a page at a time (jbgs.selectors): jobs of before that limit may hold many more.

    A worker that runs the job beats (`heartbeat_at`) at every chunk; `attempts` counts the
    times a worker took it up, and `queued_at` when its task was last sent (see the sweep in
    jbgs.services.imports).
    """

    kind = models.CharField(_("kind"), max_length=40)
    target_id = models.PositiveBigIntegerField(_("target"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="import_jobs")
    file = models.FileField(_("file"), upload_to=private_upload_to("imports"))
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    rejected = models.JSONField(default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return int(self.processed_rows * 100 / self.total_rows) if self.total_rows else 0
