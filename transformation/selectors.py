"""How patent transformation is read: calls with their rules, an institution's figures by year
with their averages, changes and the platform's cross-check, and the figures a call's
eligibility reads."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery

from auction import selectors as auction_selectors
from jbgs.models import Organization
from transformation.access import INSTITUTION_KINDS
from transformation.choices import Figure
from transformation.models import Call, CallRule, InstitutionFigures

YEARS_AVERAGED = 3  # 近 3 年内…年均
WAN = Decimal("10000")  # the guide's amounts are in 万元; the figures are kept in yuan
COUNTS = ("ip_staff", "ip_staff_full_time", "patents_granted", "invention_patents_granted",
          "transformed_by_assignment", "transformed_by_licence", "transformed_by_equity")
AMOUNTS = ("amount_by_assignment", "amount_by_licence", "amount_by_equity")
WAYS = ("assignment", "licence", "equity")


def calls(year: int | None = None) -> QuerySet[Call]:
    found = Call.objects.prefetch_related(Prefetch("rules", queryset=CallRule.objects.order_by("position", "pk")))
    return found.filter(year=year) if year else found


def call_years() -> list[int]:
    return list(Call.objects.order_by("-year").values_list("year", flat=True).distinct())


def figures_of(organization) -> QuerySet[InstitutionFigures]:
    return InstitutionFigures.objects.filter(organization=organization).order_by("-year")


def averaged_years(call_year: int) -> list[int]:
    """The years a call of `call_year` averages: the three before it (a 2022 call reads 2019–2021)."""
    return list(range(call_year - YEARS_AVERAGED, call_year))


def _change(now, before):
    """Year-on-year change as a fraction (0.2 = +20 %), None without a base to compare with."""
    if before is None or now is None or not before:
        return None
    return (Decimal(now) - Decimal(before)) / Decimal(before)


@dataclass
class YearRow:
    year: int
    figures: InstitutionFigures | None
    platform: dict = field(default_factory=dict)  # {way: {"count", "amount"}} of registered contracts
    transformed_change: Decimal | None = None
    amount_change: Decimal | None = None
    grants_change: Decimal | None = None

    @property
    def platform_count(self) -> int:
        return sum(way["count"] for way in self.platform.values())

    @property
    def platform_amount(self) -> Decimal:
        return sum((way["amount"] for way in self.platform.values()), Decimal("0.00"))

    @property
    def short_of_platform(self) -> list[str]:
        """The ways the declared figures count fewer patents, or less money, than the contracts
        the platform itself registered for the year: figures to look at again."""
        if self.figures is None:
            return [way for way in WAYS if self.platform.get(way, {}).get("count")]
        return [way for way in WAYS if self.platform.get(way) and (
            getattr(self.figures, f"transformed_by_{way}") < self.platform[way]["count"]
            or getattr(self.figures, f"amount_by_{way}") < self.platform[way]["amount"])]


def year_table(organization, years: list[int] | None = None) -> list[YearRow]:
    """The institution's figures by year, newest first, each beside the year before (changes)
    and the platform's registered contracts (two queries)."""
    stored = {f.year: f for f in figures_of(organization)}
    if years is None:
        years = sorted(stored, reverse=True)
    platform = auction_selectors.seller_contracts_by_year([organization.pk], years)
    rows = []
    for year in years:
        now, before = stored.get(year), stored.get(year - 1)
        row = YearRow(year, now, platform.get((organization.pk, year), {}))
        if now is not None and before is not None:
            row.transformed_change = _change(now.transformed, before.transformed)
            row.amount_change = _change(now.transformed_amount, before.transformed_amount)
            row.grants_change = _change(now.patents_granted, before.patents_granted)
        rows.append(row)
    return rows


@dataclass
class Averages:
    years: list[int]
    missing: list[int]
    figures: dict  # {Figure code: Decimal | None}


def call_figures(organization, call_year: int) -> Averages:
    """The figures a call of `call_year` reads for `organization`: staff of the latest of the
    three years before it, and three-year averages of grants and transformations (a year with
    no figures counts as nought, and is named). Amounts in 万元."""
    years = averaged_years(call_year)
    stored = {f.year: f for f in figures_of(organization).filter(year__in=years)}
    missing = [year for year in years if year not in stored]
    if not stored:
        return Averages(years, missing, dict.fromkeys([
            Figure.IP_STAFF, Figure.IP_STAFF_FULL_TIME, Figure.GRANTS_AVG, Figure.INVENTION_GRANTS_AVG,
            Figure.TRANSFORMED_AVG, Figure.TRANSFORMED_AMOUNT_AVG]))
    latest = stored[max(stored)]

    def average(value) -> Decimal:
        return (sum((Decimal(value(f)) for f in stored.values()), Decimal(0)) / YEARS_AVERAGED).quantize(
            Decimal("0.01"))

    return Averages(years, missing, {
        Figure.IP_STAFF: latest.ip_staff,
        Figure.IP_STAFF_FULL_TIME: latest.ip_staff_full_time,
        Figure.GRANTS_AVG: average(lambda f: f.patents_granted),
        Figure.INVENTION_GRANTS_AVG: average(lambda f: f.invention_patents_granted),
        Figure.TRANSFORMED_AVG: average(lambda f: f.transformed),
        Figure.TRANSFORMED_AMOUNT_AVG: average(lambda f: f.transformed_amount / WAN),
    })


def institutions_with_figures() -> QuerySet:
    """The institutions that keep figures, with their latest year's: for the administrators' list."""
    latest = InstitutionFigures.objects.filter(organization=OuterRef("pk")).order_by("-year")
    return (Organization.objects.filter(kind__in=INSTITUTION_KINDS).select_related("region")
            .annotate(latest_year=Max("transformation_figures__year"),
                      latest_grants=Subquery(latest.values("patents_granted")[:1]),
                      latest_staff=Subquery(latest.values("ip_staff")[:1]))
            .order_by("-latest_year", "name"))
