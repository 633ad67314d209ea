from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsMgmtConfig(AppConfig):
    name = "sessions_mgmt"
    verbose_name = _("Special sessions")
