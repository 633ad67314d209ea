from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JbgsConfig(AppConfig):
    name = "jbgs"
    verbose_name = _("Platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from axes.signals import user_locked_out

        from jbgs import lockout, panels, signals  # noqa: F401  (signals: the Celery worker's heartbeat)

        panels.register()
        user_locked_out.connect(lockout.audit_lockout, dispatch_uid="jbgs.audit_lockout")
