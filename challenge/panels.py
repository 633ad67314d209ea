"""The demand side's entries in the portal's frame (jbgs.ui)."""

from django.utils.translation import gettext_lazy as _

from jbgs.choices import Role
from jbgs.ui import ANYONE, HomePanel, NavItem, register_nav, register_panel


def _matches(request):
    """The best five demands matched to the person, on their home page, when there are any."""
    from challenge import access, selectors
    from challenge.public import public_demand

    if not access.is_matched(request.user):
        return None
    best = list(selectors.matches_of(request.user)[:5])
    return {"matches": [(m.score, public_demand(m.demand)) for m in best]} if best else None


def _my_demands(request):
    """The enterprise's demands still being worked on, and the solutions they received."""
    from challenge import access, selectors

    if not access.posts_demands(request.user):
        return None
    demands = list(selectors.open_demands_with_answers(request.user.organization)[:5])
    return {"demands": demands} if demands else None


def register() -> None:
    register_nav(NavItem("demands", _("Technology demands"), "challenge:demands", audience=(ANYONE,), order=12))
    register_nav(NavItem("my-demands", _("My demands"), "challenge:mine", audience=(Role.ENTERPRISE,), order=24))
    register_nav(NavItem("my-solutions", _("My solutions"), "challenge:my-solutions", audience=(Role.SOLVER,),
                         order=26))
    register_nav(NavItem("matched-demands", _("Demands matched to you"), "challenge:matches",
                         audience=(Role.SOLVER, Role.EXPERT), order=25))
    # Liaisons' top bar is full at 1280 px: theirs is in their own menu (and on their home page).
    register_nav(NavItem("matched-demands-liaison", _("Demands matched to you"), "challenge:matches",
                         audience=(Role.LIAISON,), group="account", order=12))
    # Those who collect and follow demands up have three entries: one menu in the top bar.
    work = _("Demand services")
    register_nav(NavItem("collected-demands", _("Demands I collected"), "challenge:collected",
                         audience=(Role.ORGANIZER, Role.MANAGER), order=27, menu=work))
    register_nav(NavItem("demand-diagnosis", _("Demands to diagnose"), "challenge:diagnosis-queue",
                         audience=(Role.EXPERT,), order=25))
    register_nav(NavItem("demand-diagnosis-admin", _("Demands to diagnose"), "challenge:diagnosis-queue",
                         audience=(Role.ADMIN,), group="admin", order=60))
    register_nav(NavItem("demand-import-admin", _("Import demands in bulk"), "challenge:demand-import",
                         audience=(Role.ADMIN,), group="admin", order=64))
    register_nav(NavItem("hot-lists", _("Hot demand lists"), "challenge:hot-lists", audience=(Role.ADMIN,),
                         group="admin", order=61))
    register_nav(NavItem("push-coverage", _("Push coverage"), "challenge:push-coverage", audience=(Role.ADMIN,),
                         group="admin", order=62))
    register_nav(NavItem("cooperations-admin", _("Project library"), "challenge:cooperations",
                         audience=(Role.ADMIN,), group="admin", order=64))
    register_nav(NavItem("cooperations", _("Project library"), "challenge:cooperations",
                         audience=(Role.MANAGER, Role.ORGANIZER), order=27, menu=work))
    register_nav(NavItem("long-standing", _("Long-standing demands"), "challenge:long-standing",
                         audience=(Role.MANAGER, Role.ORGANIZER), order=28, menu=work))
    register_nav(NavItem("long-standing-admin", _("Long-standing demands"), "challenge:long-standing",
                         audience=(Role.ADMIN,), group="admin", order=65))
    register_nav(NavItem("demand-funnel", _("Demand funnel"), "challenge:funnel", audience=(Role.ADMIN,),
                         group="admin", order=63))
    register_panel(HomePanel("matched-demands", "challenge/panels/matches.html", _matches,
                             audience=(Role.LIAISON, Role.SOLVER, Role.EXPERT), order=16))
    register_panel(HomePanel("my-demands", "challenge/panels/demands.html", _my_demands,
                             audience=(Role.ENTERPRISE,), order=14))
    register_nav(NavItem("disclaimer", _("Disclaimer"), "challenge:disclaimer",
                         audience=(Role.ENTERPRISE, Role.SOLVER, Role.EXPERT), group="account", order=40))
    register_nav(NavItem("disclaimers-admin", _("Disclaimer versions"), "challenge:disclaimers-manage",
                         audience=(Role.ADMIN,), group="admin", order=67))
    register_nav(NavItem("contests", _("Contests"), "challenge:contests", audience=(ANYONE,), order=14))
    register_nav(NavItem("my-contests", _("My contests"), "challenge:my-contests",
                         audience=(Role.EXPERT, Role.FINANCIER), order=28))
    register_nav(NavItem("contests-admin", _("Contests"), "challenge:contests-manage", audience=(Role.ADMIN,),
                         group="admin", order=65))
    register_nav(NavItem("honours", _("Awards"), "challenge:honours-index", audience=(ANYONE,), order=15))
    register_nav(NavItem("awards-admin", _("Awards"), "challenge:awards-manage", audience=(Role.ADMIN,),
                         group="admin", order=66))
