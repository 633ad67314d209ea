from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuctionConfig(AppConfig):
    name = "auction"
    verbose_name = _("Patent (result) auction season")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from auction import demo, demo_bidding, importers, panels
        from jbgs.demo import register_seeder

        panels.register()
        importers.register()
        register_seeder(demo.seed)
        register_seeder(demo_bidding.seed)
