"""Hidden details on request: a solver asks the enterprise for what it hid on publication; the
enterprise grants or refuses (audited); only a solver it granted then sees them, on the
demand's page. Everyone else still sees the public projection only."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenge import access as challenge_access
from challenge.choices import ChallengeAction, DemandStatus, DetailRequestStatus
from challenge.models import Demand, DetailRequest
from jbgs.choices import Role
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.locking import lock
from jbgs.parsing import plain_text
from jbgs.services.audit import audit
from jbgs.services.notifications import notify


def request_details(*, actor, demand: Demand, message: str) -> DetailRequest:
    if not (actor.is_authenticated and actor.has_role(Role.SOLVER) and actor.organization_id):
        raise NotAllowed()
    message = plain_text(message)[:500]
    if not message:
        raise DomainError(_("Say why you need the details."), code="message_required", field="message")
    demand = Demand.objects.select_related("organization").get(pk=demand.pk)  # its state now, not the caller's
    if demand.status != DemandStatus.PUBLISHED or not (demand.hidden_fields or demand.targets.filter(hidden=True)):
        raise DomainError(_("This demand has no hidden details to ask for."), code="nothing_hidden")
    try:
        with transaction.atomic():
            request = DetailRequest.objects.create(demand=demand, solver=actor, organization=actor.organization,
                                                   message=message)
            audit(request, ChallengeAction.DETAILS_REQUESTED, actor=actor, to_state=request.status,
                  data={"demand": demand.number})
            notify(demand.organization.members.filter(is_active=True, roles__contains=[Role.ENTERPRISE]),
                   kind="challenge.details.requested",
                   title=_("%(unit)s asks for the hidden details of %(number)s") % {
                       "unit": actor.organization.name, "number": demand.number},
                   body=message, url=reverse("challenge:demand-mine-detail", args=[demand.pk]))
    except IntegrityError:
        raise DomainError(_("You have already asked for this demand's details."), code="already_asked") from None
    return request


def decide(*, actor, request: DetailRequest, grant: bool, now=None) -> DetailRequest:
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(DetailRequest.objects.select_related("demand"), pk=request.pk)
        if not challenge_access.is_member(actor, locked.demand):
            raise NotAllowed()
        if locked.status != DetailRequestStatus.REQUESTED:
            raise InvalidTransition(_("This request is already decided."))
        locked.status = DetailRequestStatus.GRANTED if grant else DetailRequestStatus.REFUSED
        locked.decided_by, locked.decided_at = actor, now
        locked.save()
        audit(locked, ChallengeAction.DETAILS_DECIDED, actor=actor, now=now, from_state=DetailRequestStatus.REQUESTED,
              to_state=locked.status, data={"demand": locked.demand.number, "solver": locked.solver.username})
        notify([locked.solver], kind="challenge.details.decided",
               title=_("Hidden details of %(number)s: %(state)s") % {"number": locked.demand.number,
                                                                   "state": locked.get_status_display()},
               url=reverse("challenge:demand", args=[locked.demand_id]))
    return locked


def granted(user, demand: Demand) -> bool:
    """Whether the enterprise granted this solver its demand's hidden details."""
    return bool(user.is_authenticated and DetailRequest.objects.filter(
        demand=demand, solver=user, status=DetailRequestStatus.GRANTED).exists())
