"""Who may see and do what in the stock-patent inventory.

- An institution's liaison (and the administrators) keeps its stock: imports it, records the
  inventor's self-assessment and the institution's review, gives patents to a reviewer,
  screens, registers and matches them.
- The third evaluation is the reviewer's: the institution gives a patent to one enterprise or
  third-party service body (REVIEWER_KINDS), and only that unit's people who act for it
  (liaison, enterprise user, technology manager) may record it, for that patent only.
- The coverage is seen by the administrators (every unit), an institution's own people (its
  stock), and a local authority's organisers (the institutions of their city).
"""

from django.db.models import Q

from jbgs.access import is_admin
from jbgs.choices import OrganizationKind, Role
from transformation.access import is_institution
from transformation.choices import EvaluatorKind

REVIEWER_KINDS = frozenset({OrganizationKind.ENTERPRISE, OrganizationKind.STATE_OWNED_ENTERPRISE,
                            OrganizationKind.TECH_TRANSFER_AGENCY, OrganizationKind.TECH_MANAGER_FIRM,
                            OrganizationKind.IP_OPERATION_CENTER})
REVIEWER_ROLES = (Role.LIAISON, Role.ENTERPRISE, Role.MANAGER)
ENTERPRISE_KINDS = (OrganizationKind.ENTERPRISE, OrganizationKind.STATE_OWNED_ENTERPRISE)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def may_keep_stock(user, organization) -> bool:
    """The institution's own liaison, or an administrator."""
    if is_admin(user):
        return True
    return (_active(user) and organization is not None and user.organization_id == organization.pk
            and user.has_role(Role.LIAISON) and is_institution(organization) and organization.is_active)


def organizer_city(user):
    """The city whose institutions a local authority's organiser follows, or None."""
    organization = getattr(user, "organization", None) if _active(user) else None
    if (organization is None or organization.kind != OrganizationKind.LOCAL_AUTHORITY
            or not user.has_role(Role.ORGANIZER) or organization.region is None):
        return None
    return organization.region.city


def in_city(city, prefix: str = "") -> Q:
    """Units (or, with `prefix`, the records of units) placed in the city or one of its counties."""
    return Q(**{f"{prefix}region": city.code}) | Q(**{f"{prefix}region__parent": city.code})


def may_see_stock(user, organization) -> bool:
    if is_admin(user):
        return True
    if not _active(user):
        return False
    if user.organization_id == organization.pk:
        return True
    city = organizer_city(user)
    region = organization.region
    return city is not None and region is not None and region.city is not None and region.city.code == city.code


def visible(user, patents):
    """`patents` narrowed to what the user may see: the administrators' all; an organiser's, its
    city's; an institution's people's, their own; a reviewer's, those given to its unit."""
    if is_admin(user):
        return patents
    if not _active(user) or not user.organization_id:
        return patents.none()
    mine = Q(organization=user.organization_id)
    if user.has_role(*REVIEWER_ROLES):
        mine |= Q(reviewer=user.organization_id)
    city = organizer_city(user)
    if city is not None:
        mine |= in_city(city, "organization__")
    return patents.filter(mine)


def may_review(user, patent) -> bool:
    """The unit asked for the third evaluation, by one of its people who act for it."""
    return (_active(user) and patent.reviewer_id is not None and user.organization_id == patent.reviewer_id
            and user.has_role(*REVIEWER_ROLES))


def may_evaluate(user, patent, kind: str) -> bool:
    if kind == EvaluatorKind.THIRD_PARTY:
        return is_admin(user) or may_review(user, patent)
    return may_keep_stock(user, patent.organization)
