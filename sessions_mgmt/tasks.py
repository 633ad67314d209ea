"""Celery tasks of the special sessions: thin wrappers over services."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# A change to a session's records asks for a computation this many seconds later; the changes
# made meanwhile ride on the same one.
SOON_SECONDS = 30
SOON_KEY = "sessions:compliance-soon"


@shared_task(name="sessions.compute_compliance", ignore_result=True)
def compute_compliance() -> int:
    """Run by beat every hour, and soon after a change: every session still computed is
    measured as of today. A repeated run changes nothing."""
    from sessions_mgmt.services.compliance import recompute

    return recompute().targets


def recompute_soon() -> None:
    """Ask for a computation soon (after a commit that changed what sessions count). Changes
    within SOON_SECONDS share one computation; with Redis down, nothing is queued and the
    hourly run catches up."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):  # set only where tests and benches run tasks inline
        compute_compliance.delay()
        return
    if not cache.add(SOON_KEY, 1, timeout=SOON_SECONDS):
        return
    try:
        compute_compliance.apply_async(countdown=SOON_SECONDS, expires=SOON_SECONDS + 3600)
    except Exception:  # the broker is down: the hourly run will measure the change
        cache.delete(SOON_KEY)
        logger.warning("compliance computation not queued", exc_info=True)


@shared_task(name="sessions.run_report", ignore_result=True, acks_late=True)
def run_report(job_id: int) -> None:
    """Make a report a person asked for (sessions_mgmt.services.reports)."""
    from sessions_mgmt.services import reports

    reports.run_report(job_id)


@shared_task(name="sessions.sweep_reports", ignore_result=True)
def sweep_reports() -> int:
    """Run by beat every minute: reports whose task was lost or whose worker died."""
    from sessions_mgmt.services import reports

    return reports.sweep_reports()
