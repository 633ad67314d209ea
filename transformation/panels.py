"""Patent transformation's entries in the portal's frame (jbgs.ui): the project calls and the
institution's figures in a liaison's own menu (and the calls in an organiser's, who recommends
for the city); the calls and every institution's figures for the administrators. An entry is
shown only to the kinds of unit whose page answers (a park's organiser applies but does not
recommend; an enterprise's liaison keeps no stock)."""

from django.utils.translation import gettext_lazy as _

from jbgs.choices import Role
from jbgs.ui import NavItem, register_nav
from transformation import access, application_access, stock_access


def _of_institution(user) -> bool:
    return access.is_institution(user.organization)


def _keeps_or_follows_stock(user) -> bool:
    """An institution's liaison (its own stock) or a city authority's organiser (the city's)."""
    return (stock_access.organizer_city(user) is not None
            or (_of_institution(user) and stock_access.may_keep_stock(user, user.organization)))


def _applies(user) -> bool:
    return application_access.may_apply_for(user, user.organization)


def _recommends(user) -> bool:
    return application_access.recommending_city(user) is not None


def register() -> None:
    register_nav(NavItem("transformation-calls", _("Project calls"), "transformation:calls",
                         audience=(Role.LIAISON, Role.ORGANIZER), group="account", order=21))
    register_nav(NavItem("transformation-figures", _("Transformation figures"), "transformation:my-figures",
                         audience=(Role.LIAISON,), group="account", order=22, shown=_of_institution))
    admin = (Role.ADMIN,)
    register_nav(NavItem("transformation-calls-admin", _("Project calls"), "transformation:calls",
                         audience=admin, group="admin", order=80))
    register_nav(NavItem("transformation-figures-admin", _("Institutions' transformation figures"),
                         "transformation:institutions", audience=admin, group="admin", order=81))
    # The stock-patent inventory (存量专利盘点): an institution's and its city's, the reviewers' list.
    register_nav(NavItem("transformation-stock", _("Stock patents"), "transformation:stock",
                         audience=(Role.LIAISON, Role.ORGANIZER), group="account", order=23,
                         shown=_keeps_or_follows_stock))
    register_nav(NavItem("transformation-stock-reviews", _("Patents to review"), "transformation:stock-reviews",
                         audience=(Role.ENTERPRISE, Role.MANAGER), group="account", order=24))
    register_nav(NavItem("transformation-stock-admin", _("Stock-patent coverage"), "transformation:stock",
                         audience=admin, group="admin", order=82))
    register_nav(NavItem("transformation-policy-lists", _("Policy lists"), "transformation:policy-lists",
                         audience=admin, group="admin", order=83))
    register_nav(NavItem("transformation-policy-lists-city", _("Policy lists"), "transformation:policy-lists",
                         audience=(Role.ORGANIZER,), group="account", order=25,
                         shown=access.may_see_policy_lists))
    # Project applications (立项申报): the applicant's, the city's recommendations, the province's.
    register_nav(NavItem("transformation-applications", _("Project applications"), "transformation:my-applications",
                         audience=(Role.LIAISON, Role.ORGANIZER), group="account", order=26, shown=_applies))
    register_nav(NavItem("transformation-city-applications", _("The city's project applications"),
                         "transformation:city-applications", audience=(Role.ORGANIZER,), group="account", order=27,
                         shown=_recommends))
    register_nav(NavItem("transformation-applications-admin", _("Project applications"),
                         "transformation:province-applications", audience=admin, group="admin", order=84))
