import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jbgs.choices import NotificationLevel
from jbgs.models import Notification

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """One person's message: its own texts, and whether it is also e-mailed."""

    recipient: object
    title: str
    body: str = ""
    url: str = ""
    email: bool = True


def notify(
    recipients: Iterable,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    level: str = NotificationLevel.INFO,
    email: bool = True,
) -> list[Notification]:
    """Put the same message in each recipient's inbox and, after commit, e-mail it to those
    with an address. Texts are rendered by the caller, in the language of the platform."""
    people = {u.pk: u for u in recipients if u is not None}.values()
    return notify_each([Message(user, title, body, url, email) for user in people], kind=kind, level=level)


def notify_each(messages: Iterable[Message], *, kind: str,
                level: str = NotificationLevel.INFO) -> list[Notification]:
    """Each message in its recipient's inbox, all in one insert, and after commit one task
    e-mails those that say so to the recipients with an address (a digest's thousands of
    personal messages cost the same statements as one)."""
    messages = list(messages)
    notes = Notification.objects.bulk_create([
        Notification(recipient=m.recipient, kind=kind, title=str(m.title)[:200], body=str(m.body), url=m.url,
                     level=level)
        for m in messages])
    ids = [note.pk for note, m in zip(notes, messages, strict=True) if m.email and m.recipient.email]
    if ids:
        transaction.on_commit(lambda: _queue_emails(ids), robust=True)
    return notes


def _queue_emails(ids: list[int]) -> None:
    from jbgs.tasks import email_notifications

    try:
        email_notifications.delay(ids)
    except Exception:  # the broker is down: the messages are in the inboxes, the e-mails wait
        logger.warning("e-mails of %s notifications not queued", len(ids), exc_info=True)


def mark_read(user, ids: Iterable[int] | None = None, *, now=None) -> int:
    """Mark the user's notifications (all unread ones when ids is None) as read."""
    qs = Notification.objects.filter(recipient=user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=now or timezone.now())
