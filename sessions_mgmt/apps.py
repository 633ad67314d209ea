from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsMgmtConfig(AppConfig):
    name = "sessions_mgmt"
    verbose_name = _("Special sessions")

    def ready(self):
        from jbgs.demo import feature_accounts, register_seeder
        from jbgs.services.audit import register_actions
        from sessions_mgmt import demo, importers, panels, receivers
        from sessions_mgmt.choices import SessionAction

        register_actions(SessionAction)
        receivers.connect()
        importers.register()
        panels.register()
        register_seeder(demo.seed)
        feature_accounts(*(username for username, _name, _unit in demo.ORGANISERS))
