"""Sessions and their targets: a session is created when the province selects a host (or by an
administrator directly), with its hosts and a copy of its year's targets; an administrator may
then change a session's own targets. Every change is audited."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from jbgs import access
from jbgs.choices import OrganizationKind
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.services.audit import audit
from sessions_mgmt import tasks
from sessions_mgmt.choices import CoHostRole, SessionAction, SessionType
from sessions_mgmt.models import Session, SessionHost, SessionTarget, SessionYear, TargetTemplate
from sessions_mgmt.models.templates import target_problem

ROLE_OF_KIND = {
    OrganizationKind.LOCAL_AUTHORITY: CoHostRole.AUTHORITY,
    OrganizationKind.UNDERGRADUATE_UNIVERSITY: CoHostRole.UNIVERSITY,
    OrganizationKind.INDEPENDENT_COLLEGE: CoHostRole.UNIVERSITY,
    OrganizationKind.VOCATIONAL_COLLEGE: CoHostRole.UNIVERSITY,
    OrganizationKind.RESEARCH_INSTITUTE: CoHostRole.UNIVERSITY,
    OrganizationKind.NEW_RD_INSTITUTION: CoHostRole.UNIVERSITY,
    OrganizationKind.SCIENCE_PARK: CoHostRole.SCIENCE_PARK,
    OrganizationKind.MARKET_BRANCH: CoHostRole.SUB_CENTRE,
    OrganizationKind.TECH_MANAGER_FIRM: CoHostRole.MANAGER_FIRM,
    OrganizationKind.TECH_TRANSFER_AGENCY: CoHostRole.MANAGER_FIRM,
}


def role_of(organization) -> str:
    """What a unit brings as a co-host, read from its kind."""
    return ROLE_OF_KIND.get(organization.kind, CoHostRole.OTHER)


def session_year(year: int) -> SessionYear:
    found = SessionYear.objects.filter(year=year).first()
    if found is None:
        raise DomainError(_("The year %(year)s has no special sessions yet.") % {"year": year}, code="no_such_year",
                          field="year")
    return found


def templates_for(year: int, session_type: str, *, torch: bool) -> list[TargetTemplate]:
    """The year's targets of a session type: its basic requirements of every session, then the
    type's own (those asked only of a 火炬 host when the session is one)."""
    rows = TargetTemplate.objects.filter(year=year, session_type__in=["", session_type]).order_by(
        "session_type", "position", "code")
    return [row for row in rows if torch or not row.torch_only]


def create_session(*, actor, year: int, session_type: str, title: str, main_host, co_hosts=(), field=None,
                   torch: bool = False, starts_on: datetime.date | None = None,
                   ends_on: datetime.date | None = None, application=None, summary: str = "") -> Session:
    """A session of `year` with its main host, its co-hosts and a copy of the year's targets
    of its type. Call inside the caller's transaction (the selection of a host) or alone."""
    if not access.is_admin(actor):
        raise NotAllowed()
    settings_ = session_year(year)
    if torch and session_type != SessionType.AUCTION_INDUSTRY:
        raise DomainError(_("Only an auction-season industry session hosts the 火炬科技成果直通车."), code="torch_type",
                          field="torch")
    if session_type in (SessionType.AUCTION_INDUSTRY, SessionType.CHALLENGE_INDUSTRY) and field is None:
        raise DomainError(_("An industry session names its industry field."), code="field_required", field="field")
    if field is not None and field.year != year:
        raise DomainError(_("Choose one of the year's industry fields."), code="field_year", field="field")
    if session_type == SessionType.REGIONAL:
        authorities = {unit.pk for unit in (main_host, *co_hosts) if role_of(unit) == CoHostRole.AUTHORITY}
        if len(authorities) < settings_.regional_authorities:
            raise DomainError(_("A regional session is hosted by at least %(count)s local authorities; add another "
                                "authority as co-host.") % {"count": settings_.regional_authorities},
                              code="regional_authorities", field="co_hosts")
    starts_on = starts_on or settings_.sessions_start
    ends_on = ends_on or settings_.sessions_end
    if starts_on >= ends_on:
        raise DomainError(_("The session must end after it starts."), code="dates", field="ends_on")
    with transaction.atomic():
        session = Session.objects.create(
            year=year, session_type=session_type, title=title, field=field, torch=torch, application=application,
            starts_on=starts_on, ends_on=ends_on, summary=summary, created_by=actor)
        hosts = [SessionHost(session=session, organization=main_host, role=role_of(main_host), is_main=True)]
        hosts += [SessionHost(session=session, organization=unit, role=role_of(unit))
                  for unit in dict.fromkeys(co_hosts) if unit.pk != main_host.pk]
        SessionHost.objects.bulk_create(hosts)
        SessionTarget.objects.bulk_create([
            SessionTarget(session=session, code=row.code, label=row.label, kind=row.kind, metric=row.metric,
                          goal=row.goal, deadline=row.deadline, position=position)
            for position, row in enumerate(templates_for(year, session_type, torch=torch))])
        audit(session, SessionAction.SESSION_CREATED, actor=actor, to_state=session.status,
              data={"title": title, "type": session_type, "main_host": main_host.name})
        transaction.on_commit(tasks.recompute_soon)
    return session


def set_target(*, actor, session: Session, code: str, label: str, kind: str, metric: str, goal: Decimal | None,
               deadline: datetime.date | None = None) -> SessionTarget:
    """Add a target to a session or change one of its own (by code); the next computation
    judges it."""
    if not access.is_admin(actor):
        raise NotAllowed()
    target = SessionTarget(session=session, code=code, label=label, kind=kind, metric=metric, goal=goal,
                           deadline=deadline)
    _check_target(target)
    with transaction.atomic():
        lock(Session.objects, pk=session.pk)
        existing = SessionTarget.objects.filter(session=session, code=code).first()
        before = None
        if existing is not None:
            before = {"kind": existing.kind, "metric": existing.metric, "goal": _text(existing.goal),
                      "deadline": _text(existing.deadline)}
            for name in ("label", "kind", "metric", "goal", "deadline"):
                setattr(existing, name, getattr(target, name))
            existing.save()
            target = existing
        else:
            target.position = SessionTarget.objects.filter(session=session).count()
            target.save()
        audit(target, SessionAction.TARGET_SET, actor=actor, data={
            "code": code, "before": before, "after": {"kind": kind, "metric": metric, "goal": _text(goal),
                                                      "deadline": _text(deadline)}})
        transaction.on_commit(tasks.recompute_soon)
    return target


def remove_target(*, actor, target: SessionTarget) -> None:
    if not access.is_admin(actor):
        raise NotAllowed()
    with transaction.atomic():
        audit(target.session, SessionAction.TARGET_REMOVED, actor=actor, data={"code": target.code})
        target.delete()


def _check_target(target: SessionTarget) -> None:
    problem = target_problem(target.kind, target.goal, target.deadline)
    if problem:
        field, message = problem
        raise DomainError(message, code=f"target_{field}", field=field)


def _text(value):
    return None if value is None else str(value)
