"""Reports asked for in the browser, made by a Celery job and kept for download.

A job is sent to the workers after the commit that created it; with the broker down it stays
queued, says so, and the sweep (run by beat every minute) sends it again. A worker takes it
up by a compare-and-set (queued → running), so of two deliveries of its task one makes it;
its progress and its outcome are written only while it is still running."""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jbgs import access as kernel_access
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.exports import workbook_bytes
from jbgs.locking import lock
from jbgs.models import User
from jbgs.services.audit import audit
from sessions_mgmt import access, reports
from sessions_mgmt.choices import SESSION_REPORTS, ReportKind, ReportStatus, SessionAction
from sessions_mgmt.models import ReportJob, Session, SessionYear

log = logging.getLogger(__name__)
MAX_WAITING = 5  # reports one person may have queued or running at once
RESEND_AFTER = timedelta(minutes=2)  # a job still queued this long after its task was sent is sent again
GIVE_UP_AFTER = timedelta(minutes=30)  # a job running this long lost its worker
UNFINISHED = (ReportStatus.QUEUED, ReportStatus.RUNNING)


def broker_down_message() -> str:
    return _("The report could not be handed to the workers just now; it waits in the queue and starts by itself "
             "as soon as they are back.")


class TooManyReports(DomainError):
    code = "too_many_reports"
    status_code = 429
    default_message = gettext_lazy("Several of your reports are still being made: wait until one has finished.")


def may_request(actor, kind: str, session: Session | None) -> bool:
    """A session's reports: its organisers and the administrators; a year's: the administrators."""
    if kind in SESSION_REPORTS:
        return session is not None and access.may_manage(actor, session)
    return kernel_access.is_admin(actor)


def may_download(actor, job: ReportJob) -> bool:
    return job.requested_by_id == actor.pk or kernel_access.is_admin(actor)


def request_report(actor, kind: str, year: int | None = None, session: Session | None = None,
                   now: datetime | None = None) -> ReportJob:
    """Queue a report. Locks the actor's row, so that one person's requests are counted one at
    a time against MAX_WAITING. The task is sent after commit; a failure to send leaves the
    job queued with a message, for the sweep to send again."""
    if kind not in ReportKind.values:
        raise DomainError(_("Choose which report to make."), code="invalid", field="kind")
    if kind in SESSION_REPORTS and session is None:
        raise DomainError(_("Choose the session of the report."), code="invalid", field="session")
    if not may_request(actor, kind, session):
        raise NotAllowed()
    year = session.year if kind in SESSION_REPORTS else year
    if kind not in SESSION_REPORTS and not SessionYear.objects.filter(year=year or 0).exists():
        raise DomainError(_("Choose a year that has special sessions."), code="invalid", field="year")
    now = now or timezone.now()
    with transaction.atomic():
        lock(User.objects, pk=actor.pk)
        if ReportJob.objects.filter(requested_by=actor, status__in=UNFINISHED).count() >= MAX_WAITING:
            raise TooManyReports()
        job = ReportJob.objects.create(kind=kind, year=year, session=session if kind in SESSION_REPORTS else None,
                                       requested_by=actor, queued_at=now)
        audit(job, SessionAction.REPORT_REQUESTED, actor=actor, data={"kind": kind, "year": year})
    transaction.on_commit(lambda: send(job.pk), robust=True)
    return job


def send(job_id: int) -> None:
    from sessions_mgmt.tasks import run_report

    try:
        run_report.delay(job_id)
    except Exception:  # the broker is down: the job waits, saying so, and the sweep sends it
        log.exception("report %s could not be sent to the workers", job_id)
        ReportJob.objects.filter(pk=job_id, status=ReportStatus.QUEUED).update(error=broker_down_message())


def _running(job_id: int):
    return ReportJob.objects.filter(pk=job_id, status=ReportStatus.RUNNING)


def _progress(job_id: int) -> Callable[[int], None]:
    def step(percent: int) -> None:
        _running(job_id).update(progress=max(0, min(99, percent)))

    return step


BUILDERS = {
    ReportKind.SESSION_PDF: (lambda job, step: reports.session_pdf(job.session, step), "pdf"),
    ReportKind.SESSION_XLSX: (lambda job, step: workbook_bytes(reports.session_sheets(job.session, step)), "xlsx"),
    ReportKind.YEAR_PDF: (lambda job, step: reports.year_pdf(job.year, step), "pdf"),
    ReportKind.PROVINCE_XLSX: (lambda job, step: workbook_bytes(reports.province_sheets(job.year, step)), "xlsx"),
    ReportKind.RECOMMENDED_XLSX: (lambda job, step: workbook_bytes(reports.recommended_sheets(job.year, step)),
                                  "xlsx"),
}
FILE_NAMES = {
    ReportKind.SESSION_PDF: "总结报告", ReportKind.SESSION_XLSX: "专场记录", ReportKind.YEAR_PDF: "年度总结",
    ReportKind.PROVINCE_XLSX: "全省专场目标", ReportKind.RECOMMENDED_XLSX: "成效展推荐项目",
}


def file_name(job: ReportJob, extension: str) -> str:
    subject = f"{job.session.title}-" if job.session_id else ""
    return f"{subject}{job.year}{FILE_NAMES[job.kind]}.{extension}".replace("/", "-")


def run_report(job_id: int, now: datetime | None = None) -> None:
    """Take the job up (compare-and-set: queued → running) and make its file; the outcome is
    the job's status. Nothing to do if another delivery took it up or it finished."""
    now = now or timezone.now()
    if not ReportJob.objects.filter(pk=job_id, status=ReportStatus.QUEUED).update(
            status=ReportStatus.RUNNING, progress=5, error=""):
        log.info("report %s: nothing to take up", job_id)
        return
    job = ReportJob.objects.select_related("session").get(pk=job_id)
    build, extension = BUILDERS[job.kind]
    try:
        with translation.override(settings.LANGUAGE_CODE):  # reports are issued in Chinese
            content = build(job, _progress(job_id))
        name = file_name(job, extension)
        job.file.save(name, ContentFile(content), save=False)
    except Exception:
        log.exception("report %s failed", job_id)
        _running(job_id).update(status=ReportStatus.FAILED, finished_at=timezone.now(), error=_(
            "The report could not be made because of an unexpected error; the platform's staff were told. Ask "
            "for it again later."))
        return
    if not _running(job_id).update(status=ReportStatus.DONE, progress=100, file=job.file.name, filename=name,
                                   finished_at=timezone.now()):
        job.file.delete(save=False)  # the sweep gave the job up meanwhile


def sweep_reports(now: datetime | None = None) -> int:
    """Run by beat every minute: a job still queued RESEND_AFTER after its task was sent is
    sent again (lost, or never sent: the broker was down); one running GIVE_UP_AFTER since
    it was sent lost its worker and is failed with a reason. Compare-and-set on what was
    seen, so two sweeps never both send a job. Returns the jobs sent again."""
    now = now or timezone.now()
    waiting = ReportJob.objects.filter(Q(queued_at__lt=now - RESEND_AFTER) | Q(queued_at__isnull=True),
                                       status=ReportStatus.QUEUED)
    sent = 0
    for job_id, queued_at in waiting.values_list("pk", "queued_at"):
        if ReportJob.objects.filter(pk=job_id, status=ReportStatus.QUEUED, queued_at=queued_at).update(
                queued_at=now):
            send(job_id)
            sent += 1
    ReportJob.objects.filter(status=ReportStatus.RUNNING, queued_at__lt=now - GIVE_UP_AFTER).update(
        status=ReportStatus.FAILED, finished_at=now,
        error=_("The report's worker stopped before it was finished. Ask for it again."))
    return sent


def jobs_of(actor):
    return ReportJob.objects.filter(requested_by=actor).select_related("session")
