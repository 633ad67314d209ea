"""The special sessions' entries in the portal's frame (jbgs.ui): hosting applications for a
local authority's organisers; applications, the year's selection and the years for the
administrators."""

from django.utils.translation import gettext_lazy as _

from jbgs.choices import Role
from jbgs.ui import NavItem, register_nav


def register() -> None:
    register_nav(NavItem("session-applications", _("Hosting (申办)"), "sessions:applications",
                         audience=(Role.ORGANIZER,), order=29))
    register_nav(NavItem("session-applications-admin", _("Hosting applications"), "sessions:applications",
                         audience=(Role.ADMIN,), group="admin", order=70))
    register_nav(NavItem("session-selection-admin", _("Sessions: plan and selection"), "sessions:selection",
                         audience=(Role.ADMIN,), group="admin", order=71))
    register_nav(NavItem("session-years-admin", _("Session years"), "sessions:years",
                         audience=(Role.ADMIN,), group="admin", order=72))
