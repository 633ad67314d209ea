from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransformationConfig(AppConfig):
    name = "transformation"
    verbose_name = _("Patent transformation")

    def ready(self):
        from jbgs.services.audit import register_actions
        from transformation import panels
        from transformation.choices import ApplicationAction, TransformationAction

        register_actions(TransformationAction)
        register_actions(ApplicationAction)
        panels.register()
        panels.register_applications()
