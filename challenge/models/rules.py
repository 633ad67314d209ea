"""The demand side's rules of a campaign year: how demands are diagnosed and followed up.
Registered with the kernel's campaign as a rules section (challenge.apps), like the auction's."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jbgs.models import Campaign
from jbgs.rules import stored_or_default

# What an administrator edits, in the campaign form's and the API's order.
CHALLENGE_RULE_FIELDS = ("diagnosis_criteria", "follow_up_days", "match_threshold", "repush_days")


def default_criteria() -> list[dict]:
    """The 2023 plan's four criteria (完整性、技术参数的先进性、经济合理性、需求可行性), equally weighted."""
    return [{"code": "completeness", "label": "完整性", "weight": 25},
            {"code": "advancement", "label": "技术参数的先进性", "weight": 25},
            {"code": "economic_rationality", "label": "经济合理性", "weight": 25},
            {"code": "feasibility", "label": "需求可行性", "weight": 25}]


class ChallengeRules(models.Model):
    """One challenge year's rules, as its notice or plan gives them."""

    campaign = models.OneToOneField(Campaign, models.CASCADE, primary_key=True, related_name="challenge_rules",
                                    limit_choices_to={"kind": "challenge"})
    diagnosis_criteria = models.JSONField(
        _("diagnosis criteria"), default=default_criteria,
        help_text=_("Each criterion's code, label and weight (the weights add up to 100)."))
    follow_up_days = models.PositiveSmallIntegerField(
        _("follow-up interval (days)"), default=90, validators=[MinValueValidator(1)],
        help_text=_("A cooperation is followed up at least this often."))
    match_threshold = models.PositiveSmallIntegerField(
        _("match threshold (0–100)"), default=30, validators=[MaxValueValidator(100)],
        help_text=_("Matches scoring at least this are pushed in the daily digests."))
    repush_days = models.PositiveSmallIntegerField(
        _("re-push interval (days)"), default=30, validators=[MinValueValidator(7)],
        help_text=_("A published demand without a solution this long is pushed again to its best-matched solvers, "
                    "and again after as long, and listed for the managers as long-standing."))

    class Meta:
        verbose_name = _("challenge rules")
        verbose_name_plural = _("challenge rules")

    def __str__(self):
        return str(self.campaign)

    def clean(self):
        criteria = self.diagnosis_criteria
        if not isinstance(criteria, list) or not criteria or not all(
                isinstance(c, dict) and c.get("code") and c.get("label") and isinstance(c.get("weight"), int)
                and c["weight"] > 0 for c in criteria):
            raise ValidationError({"diagnosis_criteria": _(
                "Give each criterion a code, a label and a positive whole weight.")})
        codes = [c["code"] for c in criteria]
        if len(set(codes)) != len(codes):
            raise ValidationError({"diagnosis_criteria": _("Two criteria have the same code.")})
        if sum(c["weight"] for c in criteria) != 100:
            raise ValidationError({"diagnosis_criteria": _("The weights add up to %(total)s, not 100.") % {
                "total": sum(c["weight"] for c in criteria)}})

    @classmethod
    def of(cls, campaign: Campaign) -> "ChallengeRules":
        return stored_or_default(cls, campaign)
