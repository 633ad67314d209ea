from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from jbgs.choices import NotificationLevel
from jbgs.models import Notification


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
    """Put a message in each recipient's inbox and, after commit, e-mail it to those with
    an address. Texts are rendered by the caller, in the language of the platform."""
    notes = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                title=str(title)[:200],
                body=str(body),
                url=url,
                level=level,
            )
            for user in {u.pk: u for u in recipients if u is not None}.values()
        ]
    )
    if email:
        ids = [n.pk for n in notes if n.recipient.email]
        if ids:
            from jbgs.tasks import email_notifications

            transaction.on_commit(lambda: email_notifications.delay(ids))
    return notes


def mark_read(user, ids: Iterable[int] | None = None, *, now=None) -> int:
    """Mark the user's notifications (all unread ones when ids is None) as read."""
    qs = Notification.objects.filter(recipient=user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=now or timezone.now())
