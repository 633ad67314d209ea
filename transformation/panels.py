"""Patent transformation's entries in the portal's frame (jbgs.ui): the project calls and the
institution's figures in a liaison's own menu (and the calls in an organiser's, who recommends
for the city); the calls and every institution's figures for the administrators."""

from django.utils.translation import gettext_lazy as _

from jbgs.choices import Role
from jbgs.ui import NavItem, register_nav


def register() -> None:
    register_nav(NavItem("transformation-calls", _("Project calls"), "transformation:calls",
                         audience=(Role.LIAISON, Role.ORGANIZER), group="account", order=21))
    register_nav(NavItem("transformation-figures", _("Transformation figures"), "transformation:my-figures",
                         audience=(Role.LIAISON,), group="account", order=22))
    admin = (Role.ADMIN,)
    register_nav(NavItem("transformation-calls-admin", _("Project calls"), "transformation:calls",
                         audience=admin, group="admin", order=80))
    register_nav(NavItem("transformation-figures-admin", _("Institutions' transformation figures"),
                         "transformation:institutions", audience=admin, group="admin", order=81))


def register_applications() -> None:
    register_nav(NavItem("transformation-applications", _("Project applications"), "transformation:my-applications",
                         audience=(Role.LIAISON, Role.ORGANIZER), group="account", order=23))
    register_nav(NavItem("transformation-city-applications", _("The city's project applications"),
                         "transformation:city-applications", audience=(Role.ORGANIZER,), group="account", order=24))
    register_nav(NavItem("transformation-applications-admin", _("Project applications"),
                         "transformation:province-applications", audience=(Role.ADMIN,), group="admin", order=82))
