"""Who may see and do what in patent transformation."""

from jbgs.access import is_admin
from jbgs.choices import Role
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
