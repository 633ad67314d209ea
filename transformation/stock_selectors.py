"""Read queries of the stock-patent inventory, for its pages, API and exports.

Coverage. Each patent is counted once per column, whatever number of evaluations it has: a
column counts the patents whose stage has reached it (StockStage, moving one way). A patent is
**evaluated** once it has at least one evaluation of any of the plan's three ways
(发明人自评、高校和科研机构集中评价、企业和第三方服务机构评价 are ways, 等方式: any one
covers it); the dashboard also shows, per way, how many patents have that way's evaluation
(again each patent once). Screened, registered and matched follow the stage.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from challenge import selectors as challenge_selectors
from jbgs.choices import OrganizationStatus
from jbgs.models import IndustryField, Organization
from transformation import stock_access
from transformation.choices import STOCK_REACHED, EvaluatorKind, StockStage
from transformation.models import StockEvaluation, StockMatch, StockPatent

# The Yangzhou plan: 力争2024年底前实现…存量专利评价、筛选、登记、匹配全覆盖.
COVERAGE_TARGET = datetime.date(2024, 12, 31)
COLUMNS = (StockStage.EVALUATED, StockStage.SCREENED, StockStage.REGISTERED, StockStage.MATCHED)


def patents() -> QuerySet[StockPatent]:
    return StockPatent.objects.select_related("organization", "field", "reviewer")


def visible_patents(user) -> QuerySet[StockPatent]:
    return stock_access.visible(user, patents())


def _has(kind: str) -> Exists:
    return Exists(StockEvaluation.objects.filter(patent=OuterRef("pk"), kind=kind))


def _counts() -> dict:
    counts = {"total": Count("pk")}
    counts.update({stage: Count("pk", filter=Q(stage__in=STOCK_REACHED[stage])) for stage in COLUMNS})
    counts.update({f"by_{kind}": Count("pk", filter=Q(_has(kind))) for kind in EvaluatorKind.values})
    return counts


@dataclass
class Coverage:
    total: int
    counts: dict  # stage → patents at or past it
    by_kind: dict  # evaluator kind → patents with that way's evaluation
    target: datetime.date
    today: datetime.date

    @property
    def days_left(self) -> int:
        return (self.target - self.today).days

    @property
    def days_past(self) -> int:
        return -self.days_left

    @property
    def columns(self) -> list[tuple[str, str, int, int]]:
        """(stage, label, count, percent) for each column of the dashboard."""
        return [(stage, StockStage(stage).label, self.counts[stage], _percent(self.counts[stage], self.total))
                for stage in COLUMNS]

    @property
    def ways(self) -> list[tuple[str, str, int]]:
        return [(kind, EvaluatorKind(kind).label, self.by_kind[kind]) for kind in EvaluatorKind.values]

    @property
    def left(self) -> int:
        return self.total - self.counts[StockStage.MATCHED]


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def coverage(scope: QuerySet[StockPatent], *, today: datetime.date | None = None) -> Coverage:
    """The scope's coverage in one query."""
    row = scope.order_by().aggregate(**_counts())
    return Coverage(total=row["total"], counts={stage: row[stage] for stage in COLUMNS},
                    by_kind={kind: row[f"by_{kind}"] for kind in EvaluatorKind.values},
                    target=COVERAGE_TARGET, today=today or timezone.localdate())


def coverage_by_institution(scope: QuerySet[StockPatent]) -> list[dict]:
    """One row per institution of the scope, with its counts, in one query."""
    return list(scope.order_by().values("organization", "organization__name").annotate(**_counts())
                .order_by("organization__name", "organization"))


def left(scope: QuerySet[StockPatent]) -> QuerySet[StockPatent]:
    """What is left to do: the patents not yet matched, those furthest behind first."""
    rank = Case(*(When(stage=stage, then=Value(position)) for position, stage in enumerate(StockStage.values)),
                output_field=IntegerField())
    return (scope.exclude(stage=StockStage.MATCHED).select_related("organization", "field")
            .order_by(rank, "organization__name", "application_number", "pk"))


def scope_for(user, *, unit: int | None = None, city: str = "") -> tuple[QuerySet[StockPatent], str]:
    """The patents a dashboard shows and how it is titled: what the user may see, narrowed to an
    institution (`unit`) or a city (`city`, a division code) when asked."""
    scope = visible_patents(user)
    title = ""
    if unit:
        scope = scope.filter(organization=unit)
        title = Organization.objects.filter(pk=unit).values_list("name", flat=True).first() or ""
    if city:
        scope = scope.filter(Q(organization__region=city) | Q(organization__region__parent=city))
    return scope, title


def evaluations_of(patent: StockPatent) -> dict[str, StockEvaluation]:
    return {e.kind: e for e in patent.evaluations.select_related("evaluator_organization", "recorded_by")}


def matches_of(patent: StockPatent) -> QuerySet[StockMatch]:
    return patent.matches.select_related("organization")


def suggestions(patent: StockPatent, limit: int = 20) -> list[Organization]:
    """Enterprises with published demands in the patent's field (those of its sub-field first),
    not yet matched with it: the demand side's matching by industry field and sub-field."""
    if patent.field_id is None:
        return []
    matched = patent.matches.values("organization")
    found = challenge_selectors.demanding_enterprises(patent.field.code, patent.sub_field,
                                                      kinds=stock_access.ENTERPRISE_KINDS)
    return list(found.exclude(pk__in=matched)[:limit])


def reviewers() -> QuerySet[Organization]:
    return Organization.objects.filter(kind__in=stock_access.REVIEWER_KINDS, status=OrganizationStatus.ACTIVE).order_by("name")


def review_queue(user) -> QuerySet[StockPatent]:
    """The patents the user's unit was asked to review."""
    if not user.is_authenticated or not user.organization_id or not user.has_role(*stock_access.REVIEWER_ROLES):
        return StockPatent.objects.none()
    return patents().filter(reviewer=user.organization_id).order_by("organization__name", "application_number")


def latest_fields() -> QuerySet[IndustryField]:
    """The latest year's industry fields: a stock patent is filed under one of them."""
    year = IndustryField.objects.order_by("-year").values_list("year", flat=True).first()
    return IndustryField.objects.filter(year=year).order_by("position", "code") if year else IndustryField.objects.none()


def latest_field_year() -> int | None:
    return IndustryField.objects.order_by("-year").values_list("year", flat=True).first()
