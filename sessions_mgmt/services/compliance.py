"""The compliance job: every session's targets measured as of a day, a verdict for each, a
dated snapshot for the charts, and the organisers told when a target turns at risk or a
deadline is a week away.

A figure as of a day counts the records dated on or before it, so computing a day again, or
late, gives the same figures and verdicts and tells no one twice. A target's verdict and value
are those of the latest day computed: an older day computed afterwards writes its snapshot and
leaves them alone.

Verdicts (`judge`), for a session running from `starts_on` to `ends_on`:
- min: met once the value reaches the goal; missed if the session ended short of it; before
  that, at risk when the value projected from the time elapsed falls short of the goal;
- max: met while the value is within the goal, missed once it exceeds it;
- ratio: met at or above the share; below it, at risk while the session runs, then missed;
- deadline: the value as of the deadline day: met once it reaches the goal by then, missed the
  day after the deadline if it did not, projected like a minimum before;
- done: met once done; missed after the session ended; at risk in its last week.
"""

import dataclasses
import datetime
import logging
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jbgs.db import bulk_update
from jbgs.services.audit import audit_each
from jbgs.services.notifications import Message, notify_each
from sessions_mgmt import access, metrics
from sessions_mgmt.choices import SessionAction, TargetKind, TargetStatus
from sessions_mgmt.models import Session, SessionTarget, Snapshot

logger = logging.getLogger(__name__)

REMIND_DAYS = 7  # the organisers are reminded a week before a deadline
KEEP_COMPUTING_DAYS = 60  # a session is still computed this long after it ended


def judge(kind: str, goal: Decimal | None, value: Decimal, *, day: datetime.date, starts_on: datetime.date,
          ends_on: datetime.date, deadline: datetime.date | None = None) -> str:
    """The verdict on one target as of `day` (see the module's docstring)."""
    if kind == TargetKind.MAX:
        return TargetStatus.MET if value <= goal else TargetStatus.MISSED
    if kind == TargetKind.DONE:
        if value >= 1:
            return TargetStatus.MET
        if day > ends_on:
            return TargetStatus.MISSED
        return TargetStatus.AT_RISK if (ends_on - day).days < REMIND_DAYS else TargetStatus.ON_TRACK
    if value >= goal:
        return TargetStatus.MET
    due = deadline if kind == TargetKind.DEADLINE else ends_on
    if day > due:
        return TargetStatus.MISSED
    if kind == TargetKind.RATIO:
        return TargetStatus.AT_RISK
    if day < starts_on:
        return TargetStatus.ON_TRACK
    elapsed = Decimal((day - starts_on).days + 1) / Decimal(max((due - starts_on).days + 1, 1))
    return TargetStatus.ON_TRACK if value >= goal * elapsed else TargetStatus.AT_RISK


def sessions_to_compute(day: datetime.date):
    """The sessions still running on `day`, or ended less than KEEP_COMPUTING_DAYS ago."""
    return Session.objects.filter(ends_on__gte=day - datetime.timedelta(days=KEEP_COMPUTING_DAYS))


@dataclasses.dataclass
class Outcome:
    sessions: int = 0
    targets: int = 0
    changed: int = 0
    notified: int = 0


def recompute(*, day: datetime.date | None = None, sessions=None, now=None) -> Outcome:
    """Measure the targets of `sessions` (default: those still computed) as of `day` (default:
    today), store the day's snapshots, the verdicts, and tell the organisers what turned."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    sessions = list((sessions if sessions is not None else sessions_to_compute(day)).order_by("pk"))
    if not sessions:
        return Outcome()
    targets = list(SessionTarget.objects.filter(session__in=sessions).order_by("session", "position", "code"))
    by_session = {session.pk: session for session in sessions}
    measured = measure(sessions, targets, day)

    outcome = Outcome(sessions=len(sessions), targets=len(targets))
    snapshots: dict[int, Snapshot] = {
        session.pk: Snapshot(session=session, day=day, values={}, statuses={}, computed_at=now) for session in sessions}
    changed, turned_at_risk, reminders = [], [], []
    for target in targets:
        session = by_session[target.session_id]
        value, status = measured[target.pk]
        snapshots[session.pk].values[target.code] = _plain(value)
        snapshots[session.pk].statuses[target.code] = status
        if target.computed_on is not None and target.computed_on > day:
            continue  # a later day was computed already: its verdict stands
        if status != target.status or value != target.value:
            if status != target.status:
                changed.append((target, target.status))
                if status == TargetStatus.AT_RISK:
                    turned_at_risk.append(target)
            target.value, target.status = value, status
        target.computed_at, target.computed_on = now, day
        if (target.kind == TargetKind.DEADLINE and status != TargetStatus.MET and target.reminded_on is None
                and 0 <= (target.deadline - day).days <= REMIND_DAYS):
            target.reminded_on = day
            reminders.append(target)

    with transaction.atomic():
        Snapshot.objects.bulk_create(snapshots.values(), update_conflicts=True, unique_fields=["session", "day"],
                                     update_fields=["values", "statuses", "computed_at"])
        fresh = [target for target in targets if target.computed_on == day]
        bulk_update(fresh, ["value", "status", "computed_at", "computed_on", "reminded_on"])
        Session.objects.filter(pk__in=[s.pk for s in sessions]).exclude(computed_on__gt=day).update(
            computed_at=now, computed_on=day)
        _audit_changes(changed, day, now)
        outcome.changed = len(changed)
        outcome.notified = _tell(by_session, turned_at_risk, reminders)
    return outcome


def measure(sessions: list[Session], targets: list[SessionTarget], day: datetime.date
            ) -> dict[int, tuple[Decimal, str]]:
    """Each target's value as of `day` and its verdict, computed and not stored: one
    computation per metric and as-of day (a deadline target is measured as of its deadline)."""
    by_session = {session.pk: session for session in sessions}
    wanted: dict[tuple[str, datetime.date], list[int]] = defaultdict(list)
    for target in targets:
        wanted[target.metric, _as_of(target, day)].append(target.session_id)
    base = metrics.Scope.of(sessions, day)
    values: dict[tuple[str, datetime.date], dict[int, Decimal]] = {}
    for (metric, as_of), session_ids in wanted.items():
        scope = dataclasses.replace(base, sessions=[by_session[pk] for pk in dict.fromkeys(session_ids)], day=as_of)
        values[metric, as_of] = metrics.compute(metric, scope)
    measured = {}
    for target in targets:
        session = by_session[target.session_id]
        value = values[target.metric, _as_of(target, day)][target.session_id]
        measured[target.pk] = value, judge(target.kind, target.goal, value, day=day, starts_on=session.starts_on,
                                           ends_on=session.ends_on, deadline=target.deadline)
    return measured


def preview(session: Session, *, now=None) -> list[SessionTarget]:
    """A session's targets measured now, for a reader who cannot wait for the job: the values
    and verdicts are set on the returned objects, nothing is stored, no one is told."""
    now = now or timezone.now()
    targets = list(session.targets.order_by("position", "code"))
    measured = measure([session], targets, timezone.localdate(now))
    for target in targets:
        target.value, target.status = measured[target.pk]
        target.computed_at = now
    return targets


def _audit_changes(changed, day, now) -> None:
    """One audit entry per target whose verdict changed, from which verdict to which: one
    insert for each pair of verdicts."""
    by_move = defaultdict(list)
    for target, previous in changed:
        by_move[previous, target.status].append(target)
    for (previous, status), targets in by_move.items():
        audit_each(targets, SessionAction.TARGET_STATUS, from_state=previous, to_state=status, now=now,
                   data=lambda target: {"code": target.code, "value": _plain(target.value), "day": day.isoformat()})


def _tell(by_session: dict, turned_at_risk: list, reminders: list) -> int:
    """The organisers of each session, told of its targets turned at risk and its deadlines a
    week away, in one message per session and reason (after the commit)."""
    people = access.organisers_of(by_session)
    messages = []
    for reason, targets in (("at_risk", turned_at_risk), ("deadline", reminders)):
        grouped = defaultdict(list)
        for target in targets:
            grouped[target.session_id].append(target)
        for session_id, group in grouped.items():
            session = by_session[session_id]
            labels = "；".join(target.label for target in group)
            if reason == "at_risk":
                title = _("%(session)s: targets at risk") % {"session": session.title}
                body = _("These targets are behind the pace the time elapsed asks for: %(labels)s.") % {
                    "labels": labels}
            else:
                title = _("%(session)s: a deadline is a week away") % {"session": session.title}
                body = _("Due by %(day)s and not met yet: %(labels)s.") % {
                    "day": group[0].deadline.isoformat(), "labels": labels}
            url = reverse("sessions:dashboard", args=[session_id])
            messages += [Message(recipient=person, title=title, body=body, url=url)
                         for person in people.get(session_id, ())]
    if messages:
        transaction.on_commit(lambda: notify_each(messages, kind="sessions.compliance"))
    return len(messages)


def _as_of(target: SessionTarget, day: datetime.date) -> datetime.date:
    return min(day, target.deadline) if target.kind == TargetKind.DEADLINE else day


def _plain(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
