from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from jbgs.choices import AuditAction
from jbgs.context import client_ip
from jbgs.db import insert_values
from jbgs.models import AuditEntry

# What each action code means, for people reading the log: the kernel's AuditAction and
# each app's own, registered from its AppConfig.ready(). audit() refuses a code without one.
ACTION_LABELS: dict[str, str] = {}


def register_actions(actions: type[models.TextChoices]) -> None:
    ACTION_LABELS.update(actions.choices)


register_actions(AuditAction)


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def state_label(entry: AuditEntry, code: str) -> str:
    """A state of an audit entry in words: the label of `code` among the choices of the
    audited model's fields (a lot's status, a registration's deposit, a deal's stage), or the
    code itself when none has it."""
    if not code or not entry.content_type_id:
        return code
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()  # cached per process
    for field in model._meta.fields if model is not None else ():
        labels = dict(field.flatchoices) if field.choices else {}
        if code in labels:
            return str(labels[code])
    return code


def audit(
    obj: models.Model | None,
    action: str,
    *,
    actor=None,
    from_state: str = "",
    to_state: str = "",
    data: dict | None = None,
    now=None,
) -> AuditEntry:
    """Record one state change. Call it inside the transaction that makes the change, so
    the change and its record commit or roll back together. `action` is a member of a
    registered actions class (AuditAction, an app's own): a code without a label is refused."""
    _check(action)
    content_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    entry = _entry(obj, action, actor, content_type, from_state, to_state, data, now or timezone.now())
    entry.save()
    return entry


def audit_each(objects, action: str, *, actor=None, from_state: str = "", to_state: str = "", data=None,
               now=None) -> None:
    """One entry per object, as audit() records it, in one INSERT (the rows of an import, the
    targets whose verdict a job changed): `data(obj)` gives each entry's data. Call it inside
    the transaction that makes the change."""
    _check(action)
    if not objects:
        return
    content_type = ContentType.objects.get_for_model(objects[0])
    actor, actor_name = _actor(actor)
    shared = (now or timezone.now(), actor.pk if actor else None, actor_name, action, content_type.pk)
    insert_values(AuditEntry, _COLUMNS, [
        (*shared, str(obj.pk), str(obj)[:300], str(from_state or ""), str(to_state or ""), data(obj) if data else {},
         client_ip.get())
        for obj in objects])


_COLUMNS = ("created_at", "actor", "actor_name", "action", "content_type", "object_id", "object_repr", "from_state",
            "to_state", "data", "ip_address")


def _check(action: str) -> None:
    if action not in ACTION_LABELS:
        raise ValueError(f"unknown audit action {action!r}: declare it, with its label, in an actions class")


def _actor(actor) -> tuple:
    """The acting person, and the name the log keeps of them ("system" for a background job)."""
    if actor is None or not actor.pk:
        return None, "system"
    return actor, actor.name or actor.username


def _entry(obj, action, actor, content_type, from_state, to_state, data, now) -> AuditEntry:
    actor, actor_name = _actor(actor)
    return AuditEntry(
        created_at=now,
        actor=actor,
        actor_name=actor_name,
        action=action,
        content_type=content_type,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        data=data or {},
        ip_address=client_ip.get(),
    )


def changed_fields(instance: models.Model, before: dict, fields) -> dict:
    """{field: [old, new]} for the fields whose value changed, for an audit entry's data."""
    changes = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def snapshot(instance: models.Model, fields) -> dict:
    return {name: getattr(instance, name) for name in fields}


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
