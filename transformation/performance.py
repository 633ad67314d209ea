"""A funded project's performance, year by year, computed from the platform's records against
its call's targets (transformation.models.CallTarget, data like the eligibility rules): one
function reads every measure a target may name, for the years from the call's on, in a fixed
number of queries; the targets are judged by the same comparisons as eligibility.

University direction: patents transformed (the institution's figures, year on year), the
registered contracts it sold (auction.selectors.seller_contracts_by_year). Industry direction:
the demand pushes that reached the park's area (challenge.selectors.pushes_by_year), the
registered contracts its units bought (auction.selectors.buyer_contracts_by_year), the people
trained as the park declares them."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from auction import selectors as auction_selectors
from challenge import selectors as challenge_selectors
from jbgs.models import Region
from transformation.choices import Measure
from transformation.eligibility import COMPARE, SIGNS
from transformation.models import InstitutionFigures, ProjectApplication

WAN = Decimal("10000")
HUNDRED = Decimal("100")
YEARS_TRACKED = 3


@dataclass
class YearPerformance:
    year: int
    measures: dict  # {Measure code: Decimal | None}
    targets: list = field(default_factory=list)  # [{"code", "label", "passed", "conditions": [...]}]

    @property
    def met(self) -> bool:
        return bool(self.targets) and all(target["passed"] for target in self.targets)


def tracked_years(application: ProjectApplication, today=None) -> list[int]:
    """The project's years so far: from the call's year, at most three, none after this year."""
    today = today or timezone.localdate()
    first = application.call.year
    return [year for year in range(first, first + YEARS_TRACKED) if year <= today.year]


def _growth(now, before) -> Decimal | None:
    if now is None or before is None or not before:
        return None
    return ((Decimal(now) - Decimal(before)) / Decimal(before) * HUNDRED).quantize(Decimal("0.1"))


def _area(organization) -> list[str]:
    """The park's own region and the regions under it."""
    codes = [organization.region_id]
    codes += list(Region.objects.filter(parent_id=organization.region_id).values_list("code", flat=True))
    return codes


def measures(application: ProjectApplication, years: list[int]) -> dict[int, dict]:
    """Every measure for each of `years` (and the year before each, for growth)."""
    if not years:
        return {}
    organization = application.organization
    span = sorted(set(years) | {year - 1 for year in years})
    stored = {f.year: f for f in InstitutionFigures.objects.filter(organization=organization, year__in=span)}
    sold = auction_selectors.seller_contracts_by_year([organization.pk], span)
    area = _area(organization)
    pushes = challenge_selectors.pushes_by_year(area, years)
    bought = auction_selectors.buyer_contracts_by_year(area, years)

    def sold_amount(year):
        ways = sold.get((organization.pk, year))
        return sum((way["amount"] for way in ways.values()), Decimal(0)) / WAN if ways else Decimal(0)

    def transformed(year):
        return stored[year].transformed if year in stored else None

    found = {}
    for year in years:
        taken = bought.get(year, {"count": 0, "amount": Decimal(0)})
        trainees = application.trainees.get(str(year))
        found[year] = {
            Measure.TRANSFORMED_GROWTH: _growth(transformed(year), transformed(year - 1)),
            Measure.CONTRACT_AMOUNT: sold_amount(year).quantize(Decimal("0.01")),
            Measure.CONTRACT_GROWTH: _growth(sold_amount(year), sold_amount(year - 1)),
            Measure.PUSHES: pushes.get(year, 0),
            Measure.TAKEN_UP_PATENTS: taken["count"],
            Measure.TAKEN_UP_AMOUNT: (Decimal(taken["amount"]) / WAN).quantize(Decimal("0.01")),
            Measure.TRAINEES: trainees,
        }
    return found


def _judge(condition: dict, actual) -> tuple[bool, str]:
    label = Measure(condition["measure"]).label
    goal = Decimal(str(condition["value"]))
    text = f"{label} {SIGNS[condition['op']]} {goal.normalize():f}"
    if actual is None:
        return False, _("%(condition)s: no figure yet") % {"condition": text}
    return COMPARE[condition["op"]](Decimal(actual), goal), f"{text}: {Decimal(actual).normalize():f}"


def evaluate(application: ProjectApplication, today=None) -> list[YearPerformance]:
    """The project's targets judged for each tracked year (a target is met when any of its
    conditions holds). Reads the call's targets (prefetch them for many applications)."""
    years = tracked_years(application, today)
    by_year = measures(application, years)
    targets = list(application.call.targets.all())
    rows = []
    for year in years:
        values = by_year[year]
        outcomes = []
        for target in targets:
            conditions = []
            for condition in target.conditions:
                if condition.get("op") not in COMPARE:
                    continue
                passed, text = _judge(condition, values.get(condition["measure"]))
                conditions.append({**condition, "actual": values.get(condition["measure"]), "passed": passed,
                                   "text": text})
            outcomes.append({"code": target.code, "label": target.label,
                             "passed": any(c["passed"] for c in conditions), "conditions": conditions})
        rows.append(YearPerformance(year, values, outcomes))
    return rows


