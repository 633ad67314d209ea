"""Starting and running spreadsheet imports. Importers register by kind from their app.

A job is sent to the workers after the commit that created it. A worker takes it up by a
compare-and-set (waiting → running, or running with no heartbeat for IMPORT_STALE_MINUTES:
its worker died) and beats at every chunk; every later write of the job is fenced by the
attempt that took it up, so a worker that lost its job to another writes nothing more. The
sweep, run by beat every minute, sends again a job whose task was lost (or never sent:
Redis was down at the commit), and gives a dead worker's job to another, up to
IMPORT_MAX_ATTEMPTS times in all; then it fails it with a reason.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jbgs.exceptions import DomainError
from jbgs.files import XLS, XLSX, FileType, validate_upload
from jbgs.imports import Column, RowProblem, SpreadsheetError, Table, cell_text, locate, read_rows
from jbgs.locking import Busy, lock
from jbgs.models import ImportJob, ImportStatus, User

log = logging.getLogger(__name__)
T = TypeVar("T")
CSV = FileType("CSV", (".csv",), (b"",))  # text has no signature; the reader checks the encoding
SPREADSHEETS = (XLSX, XLS, CSV)
PROGRESS_EVERY = 250  # rows between progress updates
UNFINISHED = (ImportStatus.PENDING, ImportStatus.RUNNING)


class Importer(Protocol):
    shared_target: bool  # optional: see check_can_queue()

    def authorize(self, actor, target_id: int) -> None:
        """Raise NotAllowed (or a DomainError) unless the actor may import into the target."""

    def run(self, job: ImportJob) -> None:
        """Read job.file, save or report every row, keep job's counts up to date (progress());
        raise Stopped once too_many_errors(job), after saving what was read."""


class TooManyImports(DomainError):
    code = "too_many_imports"
    status_code = 429
    default_message = gettext_lazy("Too many imports are waiting or running: wait until one has finished.")


class Stopped(Exception):
    """An importer stopped reading at the limit of rows with problems (IMPORT_MAX_ROW_ERRORS)."""


class LeaseLost(Exception):
    """Another worker took the job up (this one was silent too long): this one stops."""


@dataclass
class _Registry:
    importers: dict

    def get(self, kind: str) -> Importer:
        return self.importers[kind]


registry = _Registry({})


def register_importer(kind: str, importer: Importer) -> None:
    registry.importers[kind] = importer


def start_import(*, kind: str, target_id: int, actor, upload, now: datetime | None = None) -> ImportJob:
    """Check the file and the actor's right, keep the file, and send the job to the workers
    after commit. Locks the actor's row, so that one person's uploads are counted one at a
    time against IMPORT_MAX_WAITING. A failure to send (Redis down) is logged, not raised:
    the job waits, and the sweep sends it."""
    importer = registry.get(kind)
    importer.authorize(actor, target_id)
    validate_upload(upload, SPREADSHEETS)
    now = now or timezone.now()
    with transaction.atomic():
        lock(User.objects, pk=actor.pk)
        check_can_queue(kind=kind, target_id=target_id, actor=actor)
        job = ImportJob.objects.create(kind=kind, target_id=target_id, owner=actor, file=upload,
                                       original_name=upload.name[:255], queued_at=now)
    transaction.on_commit(lambda: _send(job.pk), robust=True)
    return job


def check_can_queue(*, kind: str, target_id: int, actor) -> None:
    """At most IMPORT_MAX_WAITING imports waiting or running for one person, and for one
    target (the importers of one app, `auction.patent` and `auction.result`, share targets).
    An importer whose target is everyone's (`challenge.demand`: the year's season, into which
    every collector imports) says so with `shared_target = True`: its person's are counted."""
    app = kind.split(".", 1)[0]
    limit = settings.IMPORT_MAX_WAITING
    mine = Q(owner=actor)
    if not getattr(registry.get(kind), "shared_target", False):
        mine |= Q(target_id=target_id, kind__startswith=f"{app}.")
    if ImportJob.objects.filter(mine, status__in=UNFINISHED).count() >= limit:
        raise TooManyImports(_("%(count)s imports are already waiting or running for you or this list: wait until "
                               "one has finished before you import another file.") % {"count": limit})


def _send(job_id: int) -> None:
    from jbgs.tasks import run_import

    try:
        run_import.delay(job_id)
    except Exception:  # the broker is down: the job waits, and the sweep sends it again
        log.exception("import %s could not be sent to the workers", job_id)


def run_import(job_id: int, now: datetime | None = None) -> None:
    """Take the job up (see claim()) and run it; its outcome is the job's status and message."""
    job = claim(job_id, now or timezone.now())
    if job is None:
        return
    try:
        registry.get(job.kind).run(job)
    except LeaseLost:
        log.warning("import %s was taken up by another worker: this one stops", job.pk)
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


def _takeable(now: datetime) -> Q:
    """Waiting; or running with no heartbeat for IMPORT_STALE_MINUTES, its worker dead (a job
    left running by a version of before the heartbeat has none)."""
    stale = now - timedelta(minutes=settings.IMPORT_STALE_MINUTES)
    silent = Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True)
    return Q(status=ImportStatus.PENDING) | (Q(status=ImportStatus.RUNNING) & silent)


def claim(job_id: int, now: datetime) -> ImportJob | None:
    """The job, taken up by this worker (compare-and-set: of two deliveries of its task, one
    runs it), its counts started afresh: a job taken up again reads its file again, updating
    the rows the attempt before saved. None if there is nothing to take up: the job finished,
    or runs with a live heartbeat; or it was taken up IMPORT_MAX_ATTEMPTS times already, and
    is failed instead."""
    takeable = ImportJob.objects.filter(_takeable(now), pk=job_id)
    if takeable.filter(attempts__lt=settings.IMPORT_MAX_ATTEMPTS).update(
            status=ImportStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1,
            total_rows=0, processed_rows=0, created=0, updated=0, errors=[], rejected={}, message=""):
        return ImportJob.objects.select_related("owner").get(pk=job_id)
    if takeable.update(status=ImportStatus.FAILED, finished_at=now, message=interrupted_message()):
        log.warning("import %s was interrupted %s times: given up", job_id, settings.IMPORT_MAX_ATTEMPTS)
    else:
        log.info("import %s: nothing to take up (finished, or running with a live heartbeat)", job_id)
    return None


def interrupted_message() -> str:
    return _("The import was interrupted %(count)s times before it could finish (its worker stopped), and was "
             "given up. Rows it saved stay saved: import the file again, and if this happens again, tell the "
             "platform's staff.") % {"count": settings.IMPORT_MAX_ATTEMPTS}


def too_many_errors(job: ImportJob) -> bool:
    """The job reported as many rows with problems as an import does: its importer stops reading."""
    return len(job.rejected) >= settings.IMPORT_MAX_ROW_ERRORS


def stopped_message(job: ImportJob) -> str:
    return _("The import stopped at %(limit)s rows with problems. It read %(read)s of the file's %(total)s rows "
             "and saved the good ones; the other %(rest)s rows were not read. Correct the file and import it "
             "again.") % {"limit": settings.IMPORT_MAX_ROW_ERRORS, "read": job.processed_rows,
                          "total": job.total_rows, "rest": job.total_rows - job.processed_rows}


def progress(job: ImportJob, processed: int, *, force: bool = False) -> None:
    """The job's counts so far, and its heartbeat. Raises LeaseLost if another worker took the
    job up meanwhile (this one was silent too long)."""
    if force or processed % PROGRESS_EVERY == 0:
        job.processed_rows = processed
        if not _fenced(job).update(processed_rows=processed, total_rows=job.total_rows, created=job.created,
                                   updated=job.updated, heartbeat_at=timezone.now()):
            raise LeaseLost()


def _fenced(job: ImportJob):
    """The job's row, if still running the attempt that `job` took up."""
    return ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, attempts=job.attempts)


def finish(job: ImportJob, status: str, message: str = "") -> None:
    job.status, job.message, job.finished_at = status, message, timezone.now()
    if status == ImportStatus.DONE:
        job.processed_rows = job.total_rows
    fields = ["status", "message", "finished_at", "processed_rows", "total_rows", "created", "updated", "errors",
              "rejected"]
    if not _fenced(job).update(**{name: getattr(job, name) for name in fields}):
        log.warning("import %s was taken up by another worker: this one's outcome is not kept", job.pk)


def sweep_imports(now: datetime | None = None) -> None:
    """Run by beat every minute. A job waiting IMPORT_STALE_MINUTES since it was sent is sent
    again (its task was lost, or never sent). A running job whose worker is silent as long is
    put back to wait and sent again, or failed with a reason once taken up
    IMPORT_MAX_ATTEMPTS times. Each move is a compare-and-set on what was seen, so that two
    sweeps, or a sweep and a worker, never both act on a job."""
    now = now or timezone.now()
    stale = now - timedelta(minutes=settings.IMPORT_STALE_MINUTES)
    waiting = ImportJob.objects.filter(Q(queued_at__lt=stale) | Q(queued_at__isnull=True), status=ImportStatus.PENDING)
    for job_id, queued_at in waiting.values_list("pk", "queued_at"):
        if ImportJob.objects.filter(pk=job_id, status=ImportStatus.PENDING, queued_at=queued_at).update(queued_at=now):
            _send(job_id)
    silent = Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True)
    for job_id, beat, attempts in ImportJob.objects.filter(silent, status=ImportStatus.RUNNING).values_list(
            "pk", "heartbeat_at", "attempts"):
        seen = ImportJob.objects.filter(pk=job_id, status=ImportStatus.RUNNING, heartbeat_at=beat, attempts=attempts)
        if attempts >= settings.IMPORT_MAX_ATTEMPTS:
            if seen.update(status=ImportStatus.FAILED, finished_at=now, message=interrupted_message()):
                log.warning("import %s was interrupted %s times: given up", job_id, attempts)
        elif seen.update(status=ImportStatus.PENDING, queued_at=now):
            log.warning("import %s lost its worker: sent again", job_id)
            _send(job_id)


def write_chunk(write: Callable[[], T], *, retry_on: tuple = (Busy,), again: Callable[[], None] | None = None,
                attempts: int = 3) -> T:
    """`write()` in one transaction, tried again up to `attempts` times in all when it fails
    on one of `retry_on` (a lock held past the lock timeout by a person's save or another
    import's chunk), a second longer each time; `again()` first looks up anew what the
    failure says changed meanwhile."""
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                return write()
        except retry_on:
            if attempt == attempts:
                raise
            if again is not None:
                again()
            time.sleep(attempt)
    raise AssertionError("unreachable")


class RowsRun:
    """One import job's reading of its table, as every importer reads: a chunk of rows at a
    time (`load()` what the chunk needs at once, stage each row with `row()`: what to write,
    or None once reported with `reject()`, then `write()` the chunk, and report the rows the
    write `refused()`), with the job's progress and counts. Reading stops at
    IMPORT_MAX_ROW_ERRORS rows with problems (`stopped`): a file of the wrong form, or
    shifted columns. An importer's run gives row(), write() and refused()."""

    chunk_size = 500

    def __init__(self, job: ImportJob, table: Table, columns: list[Column]):
        self.job, self.table, self.columns = job, table, columns
        self.problems: list[RowProblem] = []
        self.stopped = False

    @classmethod
    def of(cls, job: ImportJob, columns: list[Column], *args) -> "RowsRun":
        """The run of the job's file, its header located among `columns` (more arguments go
        to the importer's run)."""
        return cls(job, locate(read_rows(job.file.path, job.original_name), columns), columns, *args)

    def read(self) -> None:
        rows = self.table.rows
        if not rows:  # the blank form, as downloaded: "every row was imported" would be untrue
            raise SpreadsheetError(_("The file has no row of data below its header: fill in the form, then import "
                                     "it."))
        self.job.total_rows = len(rows)
        try:
            for start in range(0, len(rows), self.chunk_size):
                read = self.chunk(rows[start:start + self.chunk_size])
                progress(self.job, start + read, force=True)
                if self.stopped:
                    break
        finally:  # rows reported before a failure stay reported, beside the chunks written
            self.job.errors = [p.as_dict() for p in sorted(self.problems, key=lambda problem: problem.row)]

    def stop_if_stopped(self) -> None:
        """Raise Stopped if reading stopped at the limit (after the importer's audit entry)."""
        if self.stopped:
            raise Stopped()

    def chunk(self, rows: list[tuple[int, list]]) -> int:
        """Stage a chunk's rows, then write them. Returns how many rows were read."""
        self.load(rows)
        ready, read = [], 0
        for number, cells in rows:
            if too_many_errors(self.job):
                self.stopped = True
                break
            read += 1
            row = self.row(number, cells)
            if row:
                ready.append(row)
        written = self.write(ready)
        for number, cells, problems in self.refused(ready, written):
            self.reject(number, cells, problems)
        self.job.created += len(written.created)
        self.job.updated += len(written.updated)
        return read

    def parse(self, number: int, cells: list) -> tuple[dict, list[RowProblem]]:
        """The row's cells read by their columns' parsers: the values by field, and the
        problems, each with its column."""
        data, problems = {}, []
        for index, column in self.table.columns.items():
            value = cells[index] if index < len(cells) else None
            try:
                data[column.field] = column.parse(value, self.table.header_texts[index])
            except ValidationError as error:
                problems.append(RowProblem(number, self.table.header_texts[index], error.messages[0]))
        return data, problems

    def look_up(self, names, data: dict, field: str, number: int, problems: list[RowProblem]) -> None:
        """A value written by name (an industry field, a region) replaced in `data` by what
        `names` (jbgs.selectors.YearFields, RegionNames) finds: None when empty, a problem
        of its column when unknown."""
        if field not in data:
            return
        try:
            data[field] = names.get(data[field]) if data[field] else None
        except ValidationError as error:
            data[field] = None
            problems.append(RowProblem(number, self.label(field), error.messages[0]))

    def label(self, field: str) -> str:
        """The column of a field as this file names it, or as the form does."""
        for index, column in self.table.columns.items():
            if column.field == field:
                return self.table.header_texts[index]
        return next((column.label for column in self.columns if column.field == field), "")

    def reject(self, number: int, cells: list, problems: list[RowProblem]) -> None:
        """Report a row's problems, and keep its cells as typed (to show, or correct it)."""
        self.problems.extend(problems)
        self.job.rejected[str(number)] = {column.field: cell_text(cells[index] if index < len(cells) else None)
                                          for index, column in self.table.columns.items()}

    def load(self, rows: list[tuple[int, list]]) -> None:
        """Read at once what the chunk's rows need."""

    def row(self, number: int, cells: list):
        raise NotImplementedError

    def write(self, rows: list):
        """Write the staged rows: an outcome with `created` and `updated`."""
        raise NotImplementedError

    def refused(self, rows: list, written) -> list[tuple[int, list, list[RowProblem]]]:
        """The rows the write refused: (row number, cells, problems)."""
        return []


def mark_row_fixed(job: ImportJob, row: int, saved_pk: int) -> None:
    """Note that a rejected row was corrected in the browser (saved as `saved_pk`). Locks the
    job row, so that two rows fixed at once in two tabs both stay marked."""
    with transaction.atomic():
        locked = lock(ImportJob.objects, pk=job.pk)
        key = str(row)
        if key in locked.rejected:
            locked.rejected[key] = {**locked.rejected[key], "fixed_item": saved_pk}
            locked.save(update_fields=["rejected"])
