"""Celery tasks of the kernel: thin wrappers over services."""

import time

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.utils import timezone

from jbgs.models import Notification

HEARTBEAT_KEY = "celery:heartbeat"


@shared_task(name="jbgs.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Run by beat every few seconds on a worker: /healthz reads its age to know that both
    beat and a worker are alive."""
    record_heartbeat()


def record_heartbeat() -> None:
    cache.set(HEARTBEAT_KEY, time.time(), timeout=settings.CELERY_HEARTBEAT_MAX_AGE * 10)


@shared_task(
    name="jbgs.email_notifications",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=5,
)
def email_notifications(ids: list[int]) -> int:
    """E-mail notifications not yet e-mailed; a retry never sends one twice."""
    sent = 0
    for note in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related(
        "recipient"
    ):
        if not note.recipient.email:
            continue
        link = f"\n\n{settings.SITE_URL}{note.url}" if note.url else ""
        send_mail(note.title, f"{note.body}{link}", None, [note.recipient.email])
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


@shared_task(name="jbgs.run_import", ignore_result=True, acks_late=True)
def run_import(job_id: int) -> None:
    """A spreadsheet import (thin wrapper: the work is in services.imports). Delivered again
    after its worker died (acks_late), it takes the job up if its heartbeat is stale by then;
    if not, the sweep sends it again once it is."""
    from jbgs.services import imports

    imports.run_import(job_id)


@shared_task(name="jbgs.sweep_imports", ignore_result=True)
def sweep_imports() -> None:
    """Run by beat every minute: imports whose task was lost or whose worker died."""
    from jbgs.services import imports

    imports.sweep_imports()
