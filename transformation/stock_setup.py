"""What the stock-patent inventory plugs into the kernel (called from the app's ready()): its
audit actions, its importer and its navigation entries."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from jbgs.choices import Role
    from jbgs.services.audit import register_actions
    from jbgs.ui import NavItem, register_nav
    from transformation import importers
    from transformation.choices import StockAction

    register_actions(StockAction)
    importers.register()
    register_nav(NavItem("transformation-stock", _("Stock patents"), "transformation:stock",
                         audience=(Role.LIAISON, Role.ORGANIZER), group="account", order=23))
    register_nav(NavItem("transformation-stock-reviews", _("Patents to review"), "transformation:stock-reviews",
                         audience=(Role.ENTERPRISE, Role.MANAGER), group="account", order=24))
    register_nav(NavItem("transformation-stock-admin", _("Stock-patent coverage"), "transformation:stock",
                         audience=(Role.ADMIN,), group="admin", order=82))
