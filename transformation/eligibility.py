"""The eligibility pre-check of a call, one function for the call's page, the API and the
application form: the call's rules (data) against an applicant's figures.

A rule is met when any of its conditions holds; a call is met when every rule is. A figure not
given fails its condition, and says so. The comparisons are the guide's words: 不少于 is "at
least" (≥), 超过 is "more than" (>, strictly: exactly 150 grants a year does not pass)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from transformation.choices import Comparison, Figure
from transformation.models import Call

COMPARE = {
    Comparison.AT_LEAST: lambda actual, goal: actual >= goal,
    Comparison.MORE_THAN: lambda actual, goal: actual > goal,
    Comparison.AT_MOST: lambda actual, goal: actual <= goal,
}
SIGNS = {Comparison.AT_LEAST: "≥", Comparison.MORE_THAN: ">", Comparison.AT_MOST: "≤"}


@dataclass
class RuleOutcome:
    code: str
    label: str
    passed: bool
    conditions: list[dict] = field(default_factory=list)


@dataclass
class Verdict:
    eligible: bool
    failed: list[str]
    rules: list[RuleOutcome]

    def as_detail(self) -> list[dict]:
        return [{"code": rule.code, "label": rule.label, "passed": rule.passed, "conditions": rule.conditions}
                for rule in self.rules]


def _holds(condition: dict, actual) -> tuple[bool, str]:
    op = condition["op"]
    label = Figure(condition["figure"]).label
    if op == Comparison.YES:
        return actual is True, (_("%(figure)s: confirmed") if actual is True
                                else _("%(figure)s: not confirmed")) % {"figure": label}
    goal = Decimal(str(condition["value"]))
    text = f"{label} {SIGNS[op]} {goal.normalize():f}"
    if actual is None or isinstance(actual, bool):
        return False, _("%(condition)s: not given") % {"condition": text}
    return COMPARE[op](Decimal(actual), goal), f"{text}: {Decimal(actual).normalize():f}"


def check(call: Call, figures: dict) -> Verdict:
    """The call's rules against `figures` ({Figure code: number, or True/False for a fact the
    applicant confirms, or None}). Reads the call's rules (prefetch them for many calls)."""
    outcomes = []
    for rule in call.rules.all():
        conditions = []
        for condition in rule.conditions:
            passed, text = _holds(condition, figures.get(condition["figure"]))
            conditions.append({"figure": condition["figure"], "op": condition["op"],
                               "value": condition.get("value"), "actual": figures.get(condition["figure"]),
                               "passed": passed, "text": text})
        outcomes.append(RuleOutcome(rule.code, rule.label, any(c["passed"] for c in conditions), conditions))
    failed = [outcome.code for outcome in outcomes if not outcome.passed]
    return Verdict(eligible=not failed, failed=failed, rules=outcomes)
