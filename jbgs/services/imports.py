"""Starting and running spreadsheet imports. Importers register by kind from their app."""

import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jbgs.exceptions import DomainError
from jbgs.files import XLS, XLSX, FileType, validate_upload
from jbgs.imports import SpreadsheetError
from jbgs.locking import lock
from jbgs.models import ImportJob, ImportStatus

log = logging.getLogger(__name__)
CSV = FileType("CSV", (".csv",), (b"",))  # text has no signature; the reader checks the encoding
SPREADSHEETS = (XLSX, XLS, CSV)
PROGRESS_EVERY = 250  # rows between progress updates


class Importer(Protocol):
    def authorize(self, actor, target_id: int) -> None:
        """Raise NotAllowed (or a DomainError) unless the actor may import into the target."""

    def run(self, job: ImportJob) -> None:
        """Read job.file, save or report every row, keep job's counts up to date (progress());
        raise Stopped once too_many_errors(job), after saving what was read."""


class Stopped(Exception):
    """An importer stopped reading at the limit of rows with problems (IMPORT_MAX_ROW_ERRORS)."""


@dataclass
class _Registry:
    importers: dict

    def get(self, kind: str) -> Importer:
        return self.importers[kind]


registry = _Registry({})


def register_importer(kind: str, importer: Importer) -> None:
    registry.importers[kind] = importer


def start_import(*, kind: str, target_id: int, actor, upload) -> ImportJob:
    """Check the file and the actor's right, keep the file, and queue the job after commit."""
    importer = registry.get(kind)
    importer.authorize(actor, target_id)
    validate_upload(upload, SPREADSHEETS)
    with transaction.atomic():
        job = ImportJob.objects.create(kind=kind, target_id=target_id, owner=actor, file=upload,
                                       original_name=upload.name[:255])
    from jbgs.tasks import run_import

    transaction.on_commit(lambda: run_import.delay(job.pk))
    return job


def run_import(job_id: int) -> None:
    """Claim a waiting job (compare-and-set, so a duplicate delivery does nothing) and run it."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    try:
        registry.get(job.kind).run(job)
    except Stopped:
        finish(job, ImportStatus.STOPPED, stopped_message(job))
    except SpreadsheetError as error:
        finish(job, ImportStatus.FAILED, str(error))
    except DomainError as error:  # e.g. the list was submitted before the job ran
        finish(job, ImportStatus.FAILED, str(error.message))
    except Exception:
        log.exception("import %s failed", job.pk)
        finish(job, ImportStatus.FAILED, _("The import stopped on an unexpected error; the platform's staff were told."))
        raise
    else:
        finish(job, ImportStatus.DONE)


def too_many_errors(job: ImportJob) -> bool:
    """The job reported as many rows with problems as an import does: its importer stops reading."""
    return len(job.rejected) >= settings.IMPORT_MAX_ROW_ERRORS


def stopped_message(job: ImportJob) -> str:
    return _("The import stopped at %(limit)s rows with problems. It read %(read)s of the file's %(total)s rows "
             "and saved the good ones; the other %(rest)s rows were not read. Correct the file and import it "
             "again.") % {"limit": settings.IMPORT_MAX_ROW_ERRORS, "read": job.processed_rows,
                          "total": job.total_rows, "rest": job.total_rows - job.processed_rows}


def progress(job: ImportJob, processed: int, *, force: bool = False) -> None:
    if force or processed % PROGRESS_EVERY == 0:
        job.processed_rows = processed
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=processed, total_rows=job.total_rows,
                                                   created=job.created, updated=job.updated)


def finish(job: ImportJob, status: str, message: str = "") -> None:
    job.status, job.message, job.finished_at = status, message, timezone.now()
    if status == ImportStatus.DONE:
        job.processed_rows = job.total_rows
    job.save(update_fields=["status", "message", "finished_at", "processed_rows", "total_rows", "created", "updated",
                            "errors", "rejected"])


def mark_row_fixed(job: ImportJob, row: int, saved_pk: int) -> None:
    """Note that a rejected row was corrected in the browser (saved as `saved_pk`). Locks the
    job row, so that two rows fixed at once in two tabs both stay marked."""
    with transaction.atomic():
        locked = lock(ImportJob.objects, pk=job.pk)
        key = str(row)
        if key in locked.rejected:
            locked.rejected[key] = {**locked.rejected[key], "fixed_item": saved_pk}
            locked.save(update_fields=["rejected"])
