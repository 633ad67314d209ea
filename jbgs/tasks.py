"""Celery tasks of the kernel: thin wrappers over services."""

import time

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection, send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jbgs.models import Notification, User

EMAIL_CHUNK = 50


def heartbeat_key(queue: str) -> str:
    return f"celery:heartbeat:{queue}"


@shared_task(name="jbgs.heartbeat", ignore_result=True)
def heartbeat(queue: str = "default") -> None:
    """Run by beat every few seconds on each queue (settings.CELERY_WORKER_QUEUES): /healthz
    reads its age to know that beat and a worker of that queue are alive."""
    record_heartbeat([queue])


def record_heartbeat(queues) -> None:
    for queue in queues:
        cache.set(heartbeat_key(queue), time.time(), timeout=settings.CELERY_HEARTBEAT_MAX_AGE * 10)


@shared_task(
    name="jbgs.email_notifications",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=5,
)
def email_notifications(ids: list[int]) -> int:
    """E-mail notifications not yet e-mailed, over one SMTP connection, a few dozen at a time,
    each chunk marked sent as soon as it is: a retry sends again at most the chunk that failed
    midway, and thousands of messages cost a few statements, not two each."""
    sent = 0
    notes = [note for note in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True)
             .select_related("recipient").order_by("pk") if note.recipient.email]
    with get_connection() as connection:
        for start in range(0, len(notes), EMAIL_CHUNK):
            chunk = notes[start:start + EMAIL_CHUNK]
            connection.send_messages([
                EmailMessage(note.title, note.body + (f"\n\n{settings.SITE_URL}{note.url}" if note.url else ""),
                             None, [note.recipient.email])
                for note in chunk])
            Notification.objects.filter(pk__in=[note.pk for note in chunk]).update(emailed_at=timezone.now())
            sent += len(chunk)
    return sent


@shared_task(
    name="jbgs.email_password_reset",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=5,
)
def email_password_reset(user_id: int, domain: str, protocol: str, language: str) -> bool:
    """E-mail an account the link to choose a new password (asked for on the reset page,
    jbgs.forms.PasswordResetForm). An account that can no longer reset gets nothing."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return False
    context = {
        "email": user.email, "domain": domain, "site_name": domain, "protocol": protocol, "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user),
    }
    with translation.override(language):  # Django's own sending would swallow an SMTP error: no retry
        subject = "".join(render_to_string("registration/password_reset_subject.txt", context).splitlines())
        body = render_to_string("registration/password_reset_email.html", context)
    send_mail(subject, body, None, [user.email])
    return True


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
