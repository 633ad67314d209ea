from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from jbgs import access


class IsPlatformAdmin(BasePermission):
    message = _("Only platform administrators may do this.")

    def has_permission(self, request, view):
        return access.is_admin(request.user)


class ReadOnlyOrAdmin(BasePermission):
    """Anyone may read (the campaign rules are public); only administrators write."""

    message = _("Only platform administrators may change this.")
    anonymous_methods = SAFE_METHODS  # for the schema (jbgs.api.schema)

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or access.is_admin(request.user)
