"""Who may see and do what with project applications: the applicant unit's liaison (or, for
a park committee, its organiser) fills in and submits; the organisers of the city's local
authority see the city's submitted applications and recommend; the administrators (the
province) see everything and decide."""

from django.db.models import Q, QuerySet

from jbgs.access import is_admin
from jbgs.choices import OrganizationKind, OrganizationStatus, RegionLevel, Role
from transformation.choices import APPLICANT_KINDS, ApplicationStatus
from transformation.models import ProjectApplication


def city_of(organization):
    """The prefecture-level city of a unit (None outside Jiangsu's cities)."""
    region = organization.region if organization is not None else None
    return region.city if region is not None else None


def may_apply_for(user, organization) -> bool:
    """A person of the applicant unit who speaks for it: its liaison, or a park's organiser."""
    return bool(user.is_authenticated and user.is_active and organization is not None
                and user.organization_id == organization.pk and organization.status == OrganizationStatus.ACTIVE
                and user.has_role(Role.LIAISON, Role.ORGANIZER)
                and organization.kind != OrganizationKind.LOCAL_AUTHORITY)


def may_apply_to(user, call, today) -> bool:
    """Whether `user` may start an application of their unit to `call` on `today`: one who
    speaks for the unit (may_apply_for), a unit of a kind the call's direction admits, the call's
    window open (services.applications.save_draft checks the same and refuses otherwise)."""
    organization = user.organization if user.is_authenticated else None
    kinds = APPLICANT_KINDS.get(call.direction)
    return (may_apply_for(user, organization) and call.is_open(today)
            and (kinds is None or organization.kind in kinds))


def recommending_city(user):
    """The city whose applications `user` recommends: an organiser of a city's local authority."""
    organization = getattr(user, "organization", None) if user.is_authenticated else None
    if (organization is None or not user.is_active or not user.has_role(Role.ORGANIZER)
            or organization.kind != OrganizationKind.LOCAL_AUTHORITY
            or organization.status != OrganizationStatus.ACTIVE or organization.region.level != RegionLevel.CITY):
        return None
    return organization.region


def visible_applications(user) -> QuerySet[ProjectApplication]:
    found = ProjectApplication.objects.all()
    if is_admin(user):
        return found.exclude(status=ApplicationStatus.DRAFT)
    if not user.is_authenticated:
        return found.none()
    own = Q(organization_id=user.organization_id) if user.organization_id else Q(pk__in=[])
    city = recommending_city(user)
    if city is not None:
        return found.filter(own | (Q(city=city) & ~Q(status=ApplicationStatus.DRAFT)))
    return found.filter(own)


def may_see(user, application: ProjectApplication) -> bool:
    return visible_applications(user).filter(pk=application.pk).exists()


def may_edit(user, application: ProjectApplication) -> bool:
    return may_apply_for(user, application.organization)


def may_recommend(user, application: ProjectApplication) -> bool:
    city = recommending_city(user)
    return city is not None and application.city_id == city.pk


def may_decide(user) -> bool:
    return is_admin(user)
