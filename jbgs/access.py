"""Who may do what: one helper per kind of object, used by views, the API and services.
List querysets are filtered here too, so every page shows only what its reader may see."""

from django.utils.translation import gettext as _

from jbgs.choices import OrganizationStatus, Role
from jbgs.models import Organization, User

# Roles whose holders submit things on their unit's behalf and so accept its agreement.
SUBMITTING_ROLES = (Role.LIAISON, Role.ENTERPRISE)


def sign_in_refusal(user) -> tuple[str, str] | None:
    """Why this account may not sign in, on the login page or for an API token, as (code,
    message), or None."""
    if not user.is_active:
        return "inactive", _("This account is not active yet: its unit's application may still be under review.")
    org = user.organization
    if org is not None and org.status == OrganizationStatus.SUSPENDED:
        return "unit_suspended", _("Your unit is suspended on the platform; contact the administrator.")
    return None


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_platform_admin)


def can_review_organizations(user) -> bool:
    return is_admin(user)


def can_manage_users(user) -> bool:
    return is_admin(user)


def can_edit_campaigns(user) -> bool:
    return is_admin(user)


def can_read_audit(user) -> bool:
    return is_admin(user)


def can_view_organization(user, organization: Organization) -> bool:
    return is_admin(user) or (user.is_authenticated and user.organization_id == organization.pk)


def can_accept_agreement(user, organization: Organization) -> bool:
    if is_admin(user):
        return True
    return (
        user.is_authenticated
        and user.is_active
        and user.organization_id == organization.pk
        and organization.is_active
        and user.has_role(*SUBMITTING_ROLES)
    )


def visible_organizations(user):
    qs = Organization.objects.select_related("region__parent__parent")
    if is_admin(user):
        return qs
    if user.is_authenticated and user.organization_id:
        return qs.filter(pk=user.organization_id)
    return qs.none()


def visible_users(user):
    qs = User.objects.select_related("organization")
    if is_admin(user):
        return qs
    return qs.filter(pk=user.pk) if user.is_authenticated else qs.none()
