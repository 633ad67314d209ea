from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransformationConfig(AppConfig):
    name = "transformation"
    verbose_name = _("Patent transformation")

    def ready(self):
        from jbgs.demo import feature_accounts, register_seeder
        from jbgs.services.audit import register_actions
        from transformation import demo, importers, panels
        from transformation.choices import ApplicationAction, StockAction, TransformationAction

        register_actions(TransformationAction)
        register_actions(StockAction)
        register_actions(ApplicationAction)
        importers.register()
        panels.register()
        register_seeder(demo.seed)
        feature_accounts(*(username for username, _name in demo.APPLICANT_LIAISONS.values()))
