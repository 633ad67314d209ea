from rest_framework import serializers

from challenge.models import CHALLENGE_RULE_FIELDS, ChallengeRules
from jbgs.api.fields import BlankChoicesKept


class ChallengeRulesSerializer(BlankChoicesKept, serializers.ModelSerializer):
    """The demand side's rules of a year, merged into /api/v1/campaigns/ (a jbgs.rules section)."""

    class Meta:
        model = ChallengeRules
        fields = list(CHALLENGE_RULE_FIELDS)
