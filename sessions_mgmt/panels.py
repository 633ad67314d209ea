"""The special sessions' entries in the portal's frame (jbgs.ui): the public list of sessions
beside the catalogue and the demands for everyone; hosting applications and their sessions for
a local authority's organisers (their applications and reports in their own menu); the province's overview,
applications, selection, years, new sessions, reports and special awards for the
administrators, under the administration menu."""

from django.utils.translation import gettext_lazy as _

from jbgs.choices import Role
from jbgs.ui import ANYONE, NavItem, register_nav


def register() -> None:
    register_nav(NavItem("sessions-public", _("Special sessions"), "sessions:public-list", audience=(ANYONE,),
                         order=16))
    register_nav(NavItem("my-sessions", _("My sessions"), "sessions:mine", audience=(Role.ORGANIZER,), order=29))
    # Organisers' top bar is full at 1280 px: their applications and reports are in their own
    # menu, and on the page of their sessions.
    register_nav(NavItem("session-applications", _("Hosting (申办)"), "sessions:applications",
                         audience=(Role.ORGANIZER,), group="account", order=19))
    register_nav(NavItem("session-reports", _("Session reports"), "sessions:reports",
                         audience=(Role.ORGANIZER,), group="account", order=20))
    admin = (Role.ADMIN,)
    register_nav(NavItem("session-province-admin", _("Special sessions of the province"), "sessions:province",
                         audience=admin, group="admin", order=69))
    register_nav(NavItem("session-applications-admin", _("Hosting applications"), "sessions:applications",
                         audience=admin, group="admin", order=70))
    register_nav(NavItem("session-selection-admin", _("Sessions: plan and selection"), "sessions:selection",
                         audience=admin, group="admin", order=71))
    register_nav(NavItem("session-years-admin", _("Session years"), "sessions:years",
                         audience=admin, group="admin", order=72))
    register_nav(NavItem("session-new-admin", _("New special session"), "sessions:session-new",
                         audience=admin, group="admin", order=73))
    register_nav(NavItem("session-reports-admin", _("Session reports"), "sessions:reports",
                         audience=admin, group="admin", order=74))
    register_nav(NavItem("session-awards-admin", _("Special awards"), "sessions:awards",
                         audience=admin, group="admin", order=75))
