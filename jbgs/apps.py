from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JbgsConfig(AppConfig):
    name = "jbgs"
    verbose_name = _("Platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from jbgs import panels, signals  # noqa: F401  (signals: the Celery worker's heartbeat)

        panels.register()
