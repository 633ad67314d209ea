from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuctionConfig(AppConfig):
    name = "auction"
    verbose_name = _("Patent (result) auction season")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from auction import demo, demo_bidding, importers, panels
        from auction.choices import AuctionAction
        from auction.models import AUCTION_RULE_FIELDS, AuctionRules
        from jbgs.choices import CampaignKind
        from jbgs.demo import feature_accounts, register_seeder
        from jbgs.rules import RulesSection, register_rules_section
        from jbgs.services.audit import register_actions

        panels.register()
        register_actions(AuctionAction)
        importers.register()
        register_seeder(demo.seed)
        register_seeder(demo_bidding.seed)
        feature_accounts(*(username for username, _person in demo_bidding.BIDDERS))
        # The year's rules, on the campaign's page and in its API (see jbgs.rules).
        register_rules_section(RulesSection(
            kind=CampaignKind.AUCTION, model=AuctionRules, fields=AUCTION_RULE_FIELDS,
            form="auction.forms.AuctionRulesForm", form_template="auction/campaigns/rules_form.html",
            detail_template="auction/campaigns/rules_detail.html",
            serializer="auction.api.serializers.AuctionRulesSerializer", shift_with_year=("patent_grant_cutoff",)))
