"""A project call (立项申报): its year, direction, application window, the cap on each city's
recommendations, and its eligibility rules as rows of data (the 2022 guide's 申报条件)."""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from transformation.choices import MAX_FIGURE, YES_FIGURES, Comparison, Direction, Figure, Measure


class Call(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"))
    city_cap = models.PositiveSmallIntegerField(
        _("recommendations a city may make"), null=True, blank=True,
        help_text=_("每个设区市推荐…各不超过一个: empty when the call sets no cap."))
    guide = models.TextField(_("what the call supports"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "direction", "code"]
        constraints = [models.CheckConstraint(condition=models.Q(opens_on__lte=models.F("closes_on")),
                                              name="call_window_in_order")]
        verbose_name = _("project call")
        verbose_name_plural = _("project calls")

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_on and self.closes_on and self.opens_on > self.closes_on:
            raise ValidationError({"closes_on": _("The window must close after it opens.")})

    def is_open(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


@dataclass(frozen=True)
class Vocabulary:
    """What the conditions of one kind of row read: a call's eligibility rules read the
    applicant's figures (`Figure`), its performance targets a funded project's measures
    (`Measure`). `key` is the condition's name for it; `yes` the ones confirmed or not."""

    key: str
    known: type[models.TextChoices]
    yes: frozenset
    unknown: str  # the message for a condition naming none of them

    def label(self, code: str) -> str:
        return str(self.known(code).label)


FIGURES = Vocabulary("figure", Figure, YES_FIGURES, _("Condition %(n)s names no known figure."))
MEASURES = Vocabulary("measure", Measure, frozenset(), _("Condition %(n)s names no known measure."))


def condition_errors(conditions, vocabulary: Vocabulary = FIGURES) -> list[str]:
    """What is wrong with a rule's (or a target's) conditions, one message per wrong condition
    (numbered from 1): a known figure (measure) and comparison; a yes/no figure (YES_FIGURES)
    confirmed with "yes", any other compared with a number from 0 to MAX_FIGURE with at most two
    decimals, as the pre-check takes its figures. The one check of conditions: the models'
    clean and the calls' service."""
    if not isinstance(conditions, list) or not conditions:
        return [str(_("A rule needs at least one condition."))]
    errors = []
    for number, condition in enumerate(conditions, start=1):
        if not isinstance(condition, dict) or condition.get(vocabulary.key) not in vocabulary.known.values:
            errors.append(str(vocabulary.unknown % {"n": number}))
        elif condition.get("op") not in Comparison.values:
            errors.append(str(_("Condition %(n)s has no known comparison.") % {"n": number}))
        else:
            errors += _value_errors(number, vocabulary, condition)
    return errors


def _value_errors(number: int, vocabulary: Vocabulary, condition: dict) -> list[str]:
    code = condition[vocabulary.key]
    facts = {"n": number, "figure": vocabulary.label(code)}
    if code in vocabulary.yes:
        return [] if condition["op"] == Comparison.YES else [str(
            _("Condition %(n)s: “%(figure)s” is confirmed or not; write “yes”.") % facts)]
    if condition["op"] == Comparison.YES:
        return [str(_("Condition %(n)s: “%(figure)s” is a number; compare it with a number.") % facts)]
    try:
        value = Decimal(str(condition.get("value")))
    except ArithmeticError:
        return [str(_("Condition %(n)s needs a number.") % {"n": number})]
    if not value.is_finite() or not 0 <= value <= MAX_FIGURE or value != value.quantize(Decimal("0.01"), ROUND_DOWN):
        return [str(_("Condition %(n)s: the number must be from 0 to %(max)s, with at most two decimals.")
                    % {**facts, "max": MAX_FIGURE})]
    return []


class ConditionRow(models.Model):
    """A row of a call met when ANY of its conditions holds, checked by `condition_errors`
    against the subclass's `vocabulary`: the call's eligibility rules, its performance targets."""

    vocabulary: Vocabulary = FIGURES
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["call", "position", "pk"]

    def __str__(self):
        return self.label

    def clean(self):
        errors = condition_errors(self.conditions, self.vocabulary)
        if errors:
            raise ValidationError({"conditions": errors})


class CallRule(ConditionRow):
    """One condition of eligibility (申报条件): met when ANY of its conditions holds (年均专利授权量
    超过 150 件 或者 发明专利授权量超过 50 件). A condition is {"figure", "op", "value"}: a figure
    of `Figure`, a comparison of `Comparison`, a number (none for "yes")."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="rules", verbose_name=_("call"))
    label = models.CharField(_("condition"), max_length=200)
    conditions = models.JSONField(_("conditions, any of which meets the rule"))

    class Meta(ConditionRow.Meta):
        constraints = [models.UniqueConstraint(fields=["call", "code"], name="call_rule_code_once")]
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
