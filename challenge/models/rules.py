"""The demand side's rules of a campaign year: how demands are diagnosed and followed up.
Registered with the kernel's campaign as a rules section (challenge.apps), like the auction's."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from challenge.scoring import criteria_error
from jbgs.models import Campaign
from jbgs.rules import stored_or_default

# What an administrator edits, in the campaign form's and the API's order.
CHALLENGE_RULE_FIELDS = ("diagnosis_criteria", "follow_up_days", "match_threshold", "repush_days",
                         "contest_criteria", "award_categories")


def default_criteria() -> list[dict]:
    """The 2023 plan's four criteria (完整性、技术参数的先进性、经济合理性、需求可行性), equally weighted."""
    return [{"code": "completeness", "label": "完整性", "weight": 25},
            {"code": "advancement", "label": "技术参数的先进性", "weight": 25},
            {"code": "economic_rationality", "label": "经济合理性", "weight": 25},
            {"code": "feasibility", "label": "需求可行性", "weight": 25}]


def default_contest_criteria() -> list[dict]:
    """How the experts mark a pair at a contest (竞榜). The notices name no criteria for the
    roadshow: these follow what the stage is for (方案点评, 嫁接金融资源, 促进技术交易) and the
    diagnosis's own; an administrator changes them on the year's page."""
    return [{"code": "advancement", "label": "技术先进性", "weight": 25},
            {"code": "feasibility", "label": "方案可行性", "weight": 25},
            {"code": "fit", "label": "供需匹配度", "weight": 20},
            {"code": "economic_benefit", "label": "经济效益", "weight": 15},
            {"code": "industry_driving", "label": "产业带动性", "weight": 15}]


def default_award_categories() -> list[dict]:
    """The year's special awards (奖榜: 评选产生年度活动专项奖，对各获奖单位或个人予以表彰). The notices
    do not name them; these honour the pair, its solver and its enterprise, and an administrator
    names the year's own on its page."""
    return [{"code": "project", "label": "年度优秀技术转移合作项目"},
            {"code": "solver", "label": "年度优秀揭榜团队"},
            {"code": "enterprise", "label": "年度优秀发榜企业"}]


def award_categories_error(categories) -> str | None:
    if not isinstance(categories, list) or not categories or not all(
            isinstance(c, dict) and c.get("code") and c.get("label") for c in categories):
        return _("Give each award category a code and a name.")
    codes = [c["code"] for c in categories]
    if len(set(codes)) != len(codes):
        return _("Two award categories have the same code.")
    return None


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
    contest_criteria = models.JSONField(
        _("contest criteria"), default=default_contest_criteria,
        help_text=_("How the experts mark each pair at a contest: each criterion's code, label and weight "
                    "(the weights add up to 100)."))
    award_categories = models.JSONField(
        _("award categories"), default=default_award_categories,
        help_text=_("The year's special awards (奖榜): each category's code and name."))

    class Meta:
        verbose_name = _("challenge rules")
        verbose_name_plural = _("challenge rules")

    def __str__(self):
        return str(self.campaign)

    def clean(self):
        errors = {name: error for name in ("diagnosis_criteria", "contest_criteria")
                  if (error := criteria_error(getattr(self, name)))}
        if error := award_categories_error(self.award_categories):
            errors["award_categories"] = error
        if errors:
            raise ValidationError(errors)

    @classmethod
    def of(cls, campaign: Campaign) -> "ChallengeRules":
        return stored_or_default(cls, campaign)
