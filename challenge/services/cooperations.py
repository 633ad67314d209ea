"""The project library (跟踪问效): cooperations followed up by their responsible manager at the
year's interval; a daily job reminds the manager when a follow-up is due."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenge.choices import (
    COOPERATION_OPEN,
    COOPERATION_TRANSITIONS,
    ChallengeAction,
)
from challenge.models import ChallengeRules, Cooperation, FollowUp
from jbgs import access
from jbgs.choices import Role
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.parsing import plain_text
from jbgs.services.audit import audit
from jbgs.services.notifications import notify
from jbgs.transitions import move


def may_follow_up(user, cooperation: Cooperation) -> bool:
    return access.is_admin(user) or (user.is_authenticated and user.pk == cooperation.manager_id)


def assign_manager(*, actor, cooperation: Cooperation, manager) -> Cooperation:
    """An administrator names who follows the cooperation up: a technology manager, an
    organiser or an administrator."""
    if not access.is_admin(actor):
        raise NotAllowed()
    if not (manager.is_active and manager.has_role(Role.MANAGER, Role.ORGANIZER, Role.ADMIN)):
        raise DomainError(_("Choose a technology manager, an organiser or an administrator."), code="not_a_manager",
                          field="manager")
    with transaction.atomic():
        locked = lock(Cooperation.objects, pk=cooperation.pk)
        locked.manager = manager
        locked.save(update_fields=["manager", "updated_at"])
        audit(locked, ChallengeAction.MANAGER_ASSIGNED, actor=actor, data={"manager": manager.username})
    return locked


def record_follow_up(*, actor, cooperation: Cooperation, note: str, stage: str,
                     next_on: datetime.date | None = None, now=None) -> FollowUp:
    """What the follow-up found, the stage it leaves the cooperation in (through the transition
    table), and when next: by default after the year's interval while it is still open."""
    now = now or timezone.now()
    note = plain_text(note)
    if not note:
        raise DomainError(_("Say what the follow-up found."), code="note_required", field="note")
    today = timezone.localdate(now)
    if next_on is not None and next_on <= today:
        raise DomainError(_("The next follow-up is after today."), code="next_in_past", field="next_on")
    with transaction.atomic():
        locked = lock(Cooperation.objects.select_related("demand__campaign"), pk=cooperation.pk)
        if not may_follow_up(actor, locked):
            raise NotAllowed()
        before = locked.stage
        if stage != before:
            move(locked, stage, COOPERATION_TRANSITIONS, field="stage")
        if locked.stage in COOPERATION_OPEN:
            interval = ChallengeRules.of(locked.demand.campaign).follow_up_days
            locked.next_follow_up_on = next_on or today + datetime.timedelta(days=interval)
        else:
            locked.next_follow_up_on = None
        locked.save()
        follow_up = FollowUp.objects.create(cooperation=locked, author=actor, note=note, stage=locked.stage,
                                            next_on=locked.next_follow_up_on)
        audit(locked, ChallengeAction.FOLLOW_UP_RECORDED, actor=actor, now=now, from_state=before,
              to_state=locked.stage, data={"next_on": str(locked.next_follow_up_on or "")})
    return follow_up


def remind_due(today: datetime.date | None = None) -> int:
    """Tell each responsible manager of the open cooperations whose follow-up is due, once a
    day at most (compare-and-set on reminded_on, so a repeated run tells nobody twice)."""
    today = today or timezone.localdate()
    due = Cooperation.objects.filter(stage__in=COOPERATION_OPEN, next_follow_up_on__lte=today,
                                     manager__isnull=False).exclude(reminded_on=today)
    reminded = 0
    for cooperation in due.select_related("manager", "demand", "solution__organization"):
        with transaction.atomic():
            claimed = Cooperation.objects.filter(pk=cooperation.pk).exclude(reminded_on=today).update(reminded_on=today)
            if claimed:
                notify([cooperation.manager], kind="challenge.cooperation.follow_up_due",
                       title=_("Follow-up due: %(number)s with %(unit)s") % {
                           "number": cooperation.demand.number, "unit": cooperation.solution.organization.name},
                       url=reverse("challenge:cooperation", args=[cooperation.pk]))
                reminded += 1
    return reminded
