"""Solutions (揭榜): a solver answers a published demand; the enterprise shortlists, declines or
records an intention (意向对接), which opens a cooperation in the project library; both sides
talk in the solution's thread. Solutions are seen by the enterprise, the solver's side and
the administrators only."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenge import access as challenge_access
from challenge import signals
from challenge.choices import (
    DEMAND_TRANSITIONS,
    SOLUTION_TRANSITIONS,
    ChallengeAction,
    DemandStatus,
    SolutionStatus,
)
from challenge.models import ChallengeRules, Cooperation, Demand, Solution, SolutionMessage
from jbgs import access
from jbgs.choices import Role
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.parsing import MAX_AMOUNT, plain_text
from jbgs.services.audit import audit
from jbgs.services.notifications import notify
from jbgs.transitions import move

MAX_PROMISES = 20


def may_see(user, solution: Solution) -> bool:
    """The enterprise's members, the solver's unit (its solver and liaisons) and administrators."""
    if not user.is_authenticated:
        return False
    return (access.is_admin(user) or challenge_access.is_member(user, solution.demand)
            or user.pk == solution.solver_id or (user.organization_id == solution.organization_id
                                                 and user.has_role(Role.LIAISON)))


def submit_solution(*, actor, demand: Demand, leader: str, approach: str, timeline: str, members: str = "",
                    promises: list[dict] | None = None, budget: Decimal | None = None, items=(), now=None) -> Solution:
    """A solver of an active unit answers a published demand; one live solution per solver."""
    if not (actor.is_authenticated and actor.has_role(Role.SOLVER) and actor.organization_id
            and actor.organization.is_active):
        raise NotAllowed(_("Only a solver of an active unit can answer a demand."))
    if actor.organization_id == demand.organization_id:
        raise DomainError(_("An enterprise does not answer its own demand."), code="own_demand")
    errors = {}
    for name, value in (("leader", leader), ("approach", approach), ("timeline", timeline)):
        if not (value or "").strip():
            errors[name] = [_("This is required.")]
    if budget is not None and not (Decimal(0) <= budget <= MAX_AMOUNT):
        errors["budget"] = [_("The budget cannot be negative or beyond what the platform records.")]
    rows = []
    for position, row in enumerate((promises or [])[:MAX_PROMISES], start=1):
        indicator, value = str(row.get("indicator") or "").strip(), str(row.get("value") or "").strip()
        if indicator or value:
            if not (indicator and value):
                errors.setdefault("promises", []).append(
                    _("Indicator %(n)s: give both the indicator and the value promised.") % {"n": position})
            rows.append({"indicator": indicator[:100], "value": value[:60], "unit": str(row.get("unit") or "")[:20]})
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(Demand.objects.select_related("organization"), pk=demand.pk)
        if locked.status != DemandStatus.PUBLISHED:
            raise DomainError(_("Only a published demand can be answered; this one is %(state)s.") % {
                "state": locked.get_status_display()}, code="not_published")
        try:
            with transaction.atomic():
                solution = Solution.objects.create(
                    demand=locked, solver=actor, organization=actor.organization, leader=leader.strip(),
                    members=members.strip(), approach=approach.strip(), promises=rows, timeline=timeline.strip(),
                    budget=budget)
        except IntegrityError:
            raise DomainError(_("You have already answered this demand: change or withdraw that solution."),
                              code="already_answered") from None
        solution.items.set(list(items))
        audit(solution, ChallengeAction.SOLUTION_SUBMITTED, actor=actor, now=now, to_state=solution.status,
              data={"demand": locked.number, "unit": actor.organization.name})
        notify(locked.organization.members.filter(is_active=True, roles__contains=[Role.ENTERPRISE]),
               kind="challenge.solution.submitted",
               title=_("A solution to your demand %(number)s") % {"number": locked.number},
               body=_("%(unit)s answered “%(title)s”.") % {"unit": actor.organization.name, "title": locked.title},
               url=reverse("challenge:solution", args=[solution.pk]))
    return solution


def _decide(*, actor, solution: Solution, target: str, action: str, now=None) -> Solution:
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(Solution.objects.select_related("demand", "organization"), pk=solution.pk)
        if target == SolutionStatus.WITHDRAWN:
            if actor.pk != locked.solver_id:
                raise NotAllowed()
        elif not (challenge_access.is_member(actor, locked.demand) or access.is_admin(actor)):
            raise NotAllowed()
        before = move(locked, target, SOLUTION_TRANSITIONS)
        locked.save()
        audit(locked, action, actor=actor, now=now, from_state=before, to_state=target)
        if target != SolutionStatus.WITHDRAWN:
            notify([locked.solver], kind=action, title=_("Your solution to %(number)s: %(state)s") % {
                "number": locked.demand.number, "state": locked.get_status_display()},
                url=reverse("challenge:solution", args=[locked.pk]))
    return locked


def shortlist(*, actor, solution: Solution, now=None) -> Solution:
    return _decide(actor=actor, solution=solution, target=SolutionStatus.SHORTLISTED,
                   action=ChallengeAction.SOLUTION_SHORTLISTED, now=now)


def decline(*, actor, solution: Solution, now=None) -> Solution:
    return _decide(actor=actor, solution=solution, target=SolutionStatus.DECLINED,
                   action=ChallengeAction.SOLUTION_DECLINED, now=now)


def withdraw_solution(*, actor, solution: Solution, now=None) -> Solution:
    return _decide(actor=actor, solution=solution, target=SolutionStatus.WITHDRAWN,
                   action=ChallengeAction.SOLUTION_WITHDRAWN, now=now)


def record_intention(*, actor, solution: Solution, now=None) -> Cooperation:
    """The enterprise means to work with this solver (意向对接): a cooperation opens in the
    project library, to be followed up at the year's interval, and the demand is in cooperation."""
    now = now or timezone.now()
    with transaction.atomic():
        demand = lock(Demand.objects.select_related("campaign", "organization"), pk=solution.demand_id)
        solution = _decide(actor=actor, solution=solution, target=SolutionStatus.INTENTION,
                           action=ChallengeAction.INTENTION_RECORDED, now=now)
        if demand.status == DemandStatus.PUBLISHED:
            before = move(demand, DemandStatus.IN_COOPERATION, DEMAND_TRANSITIONS)
            demand.save(update_fields=["status", "updated_at"])
            audit(demand, ChallengeAction.INTENTION_RECORDED, actor=actor, now=now, from_state=before,
                  to_state=demand.status, data={"solution": solution.pk})
        interval = ChallengeRules.of(demand.campaign).follow_up_days
        cooperation = Cooperation.objects.create(
            demand=demand, solution=solution,
            next_follow_up_on=timezone.localdate(now) + datetime.timedelta(days=interval))
        signals.intention_recorded.send_on_commit(Cooperation, cooperation=cooperation)
        return cooperation


def post_message(*, actor, solution: Solution, body: str) -> SolutionMessage:
    """A question or answer in the solution's thread; the other side is told."""
    body = plain_text(body)
    if not body:
        raise DomainError(_("Write the message."), code="message_required", field="body")
    if len(body) > 2000:
        raise DomainError(_("A message has at most 2,000 characters."), code="message_too_long", field="body")
    if not may_see(actor, solution):
        raise NotAllowed()
    message = SolutionMessage.objects.create(solution=solution, author=actor, body=body)
    enterprise_side = challenge_access.is_member(actor, solution.demand) or access.is_admin(actor)
    others = ([solution.solver] if enterprise_side else
              list(solution.demand.organization.members.filter(is_active=True, roles__contains=[Role.ENTERPRISE])))
    notify(others, kind="challenge.solution.message",
           title=_("A message on the solution to %(number)s") % {"number": solution.demand.number},
           body=body[:200], url=reverse("challenge:solution", args=[solution.pk]))
    return message
