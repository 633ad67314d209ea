"""Who may see and do what in the special sessions: an organiser (a person with the organiser
role) of a unit hosting a session runs that session; a local authority's organisers apply to
host; the administrators see and do everything. Everyone sees a session's public page."""

from django.db.models import QuerySet

from jbgs import access
from jbgs.choices import OrganizationKind, OrganizationStatus, Role
from jbgs.models import User
from sessions_mgmt.models import HostingApplication, Session, SessionHost


def is_organiser(user) -> bool:
    return bool(user.is_authenticated and user.organization_id and user.has_role(Role.ORGANIZER))


def may_apply(user) -> bool:
    """An organiser of an active local authority: who fills in a hosting application."""
    return (is_organiser(user) and user.organization.kind == OrganizationKind.LOCAL_AUTHORITY
            and user.organization.status == OrganizationStatus.ACTIVE)


def visible_applications(user) -> QuerySet[HostingApplication]:
    applications = HostingApplication.objects.all()
    if access.is_admin(user):
        return applications
    if is_organiser(user):
        return applications.filter(applicant_id=user.organization_id)
    return applications.none()


def may_edit_application(user, application: HostingApplication) -> bool:
    return access.is_admin(user) or (may_apply(user) and user.organization_id == application.applicant_id)


def managed_sessions(user) -> QuerySet[Session]:
    """The sessions a person runs: those their unit hosts, for an organiser; all of them for
    the administrators."""
    sessions = Session.objects.all()
    if access.is_admin(user):
        return sessions
    if is_organiser(user):
        return sessions.filter(hosts__organization_id=user.organization_id).distinct()
    return sessions.none()


def may_manage(user, session: Session) -> bool:
    return access.is_admin(user) or (is_organiser(user) and SessionHost.objects.filter(
        session=session, organization_id=user.organization_id).exists())


def unit_organisers(organization_ids) -> QuerySet[User]:
    """The active people with the organiser role of some units."""
    return User.objects.filter(organization_id__in=organization_ids, is_active=True, roles__contains=[Role.ORGANIZER])


def organisers_of(sessions) -> dict[int, list[User]]:
    """The active organisers of each session's host units, in one query: whom the compliance
    job tells."""
    hosts = SessionHost.objects.filter(session__in=list(sessions)).values_list("session_id", "organization_id")
    by_unit: dict[int, list[int]] = {}
    for session_id, organization_id in hosts:
        by_unit.setdefault(organization_id, []).append(session_id)
    people: dict[int, list[User]] = {}
    for user in unit_organisers(by_unit):
        for session_id in by_unit[user.organization_id]:
            people.setdefault(session_id, []).append(user)
    return people
