from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengeConfig(AppConfig):
    name = "challenge"
    verbose_name = _("J-TOP innovation challenge season")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from challenge import demo, importers, panels
        from challenge.choices import ChallengeAction
        from challenge.models import CHALLENGE_RULE_FIELDS, ChallengeRules
        from jbgs.choices import CampaignKind
        from jbgs.demo import register_seeder
        from jbgs.rules import RulesSection, register_rules_section
        from jbgs.services.audit import register_actions

        register_actions(ChallengeAction)
        panels.register()
        importers.register()
        register_seeder(demo.seed)
        register_rules_section(RulesSection(
            kind=CampaignKind.CHALLENGE, model=ChallengeRules, fields=CHALLENGE_RULE_FIELDS,
            form="challenge.forms.ChallengeRulesForm", form_template="challenge/campaigns/rules_form.html",
            detail_template="challenge/campaigns/rules_detail.html",
            serializer="challenge.api.serializers.ChallengeRulesSerializer"))
