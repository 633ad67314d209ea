"""Who may see and do what in patent transformation."""

from jbgs.access import is_admin
from jbgs.choices import OrganizationKind, Role
from transformation.choices import APPLICANT_KINDS, Direction

INSTITUTION_KINDS = frozenset(APPLICANT_KINDS[Direction.UNIVERSITY])


def is_institution(organization) -> bool:
    return organization is not None and organization.kind in INSTITUTION_KINDS


def may_keep_figures(user, organization) -> bool:
    """The institution's own liaison, or an administrator."""
    if is_admin(user):
        return True
    return (user.is_authenticated and user.is_active and user.organization_id == organization.pk
            and user.has_role(Role.LIAISON) and is_institution(organization) and organization.is_active)


def may_see_figures(user, organization) -> bool:
    return is_admin(user) or (user.is_authenticated and user.organization_id == organization.pk)


def may_see_policy_lists(user) -> bool:
    """The administrators, and the organisers of an active local authority (their own region's rows)."""
    return is_admin(user) or _authority_organiser(user)


def policy_region(user) -> str | None:
    """The region whose rows a person sees in the policy lists: an authority's own city (or
    county), None (every region) for the administrators."""
    return None if is_admin(user) else user.organization.region_id


def _authority_organiser(user) -> bool:
    organization = getattr(user, "organization", None) if user.is_authenticated else None
    return bool(organization is not None and user.is_active and user.has_role(Role.ORGANIZER)
                and organization.kind == OrganizationKind.LOCAL_AUTHORITY and organization.is_active)
