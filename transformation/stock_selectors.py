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

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast
from django.utils import timezone

from challenge import selectors as challenge_selectors
from jbgs import access as kernel_access
from jbgs.choices import OrganizationStatus, RegionLevel
from jbgs.models import AuditEntry, IndustryField, Organization, Region
from transformation import stock_access
from transformation.choices import STOCK_REACHED, EvaluatorKind, StockAction, StockStage
from transformation.models import CoverageTarget, StockEvaluation, StockMatch, StockPatent
from transformation.models.stock import STAGE_RANK

COLUMNS = (StockStage.EVALUATED, StockStage.SCREENED, StockStage.REGISTERED, StockStage.MATCHED)


def patents() -> QuerySet[StockPatent]:
    return StockPatent.objects.select_related("organization", "field", "reviewer")


def visible_patents(user) -> QuerySet[StockPatent]:
    return stock_access.visible(user, patents())


@dataclass
class Coverage:
    total: int
    counts: dict  # stage → patents at or past it
    by_kind: dict  # evaluator kind → patents with that way's evaluation
    target: datetime.date | None  # the city's target date (CoverageTarget), None when none is set
    today: datetime.date

    @property
    def days_left(self) -> int | None:
        return None if self.target is None else (self.target - self.today).days

    @property
    def days_past(self) -> int | None:
        return None if self.target is None else -self.days_left

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


def coverage(scope: QuerySet[StockPatent], *, whole: Q | None = None,
             target: datetime.date | None = None, today: datetime.date | None = None) -> Coverage:
    """The scope's coverage in one query: its patents by stage (read from the index of
    institution and stage), and its evaluations by way (one per patent and way), as one UNION.

    `whole` (whole_stock): the scope is every patent of the institutions this condition on an
    evaluation's institution picks; their evaluations are then counted from the index of their
    own institution and way (stock_eval_institution) alone. Else each way counts the
    evaluations of the scope's patents, joining the scope's ids: bench.stock_inventory, 50,000
    patents with 32,013 evaluations, the join hashed the 50,000 ids for about 50 ms a request
    (several times the index's), and the planner gave the UNION two parallel workers."""
    stages = scope.order_by().values_list("stage").annotate(n=Count("*"))
    evaluations = (StockEvaluation.objects.filter(whole) if whole is not None
                   else StockEvaluation.objects.filter(patent__in=scope.order_by().values("pk")))
    ways = evaluations.order_by().values_list("kind").annotate(n=Count("*"))
    by_stage, by_kind = {}, {kind: 0 for kind in EvaluatorKind.values}
    for key, n in stages.union(ways, all=True):
        if key in by_kind and key not in StockStage.values:
            by_kind[key] = n
        else:
            by_stage[key] = n
    return Coverage(total=sum(by_stage.values()),
                    counts={stage: sum(by_stage.get(s, 0) for s in STOCK_REACHED[stage]) for stage in COLUMNS},
                    by_kind=by_kind, target=target, today=today or timezone.localdate())


def coverage_targets() -> QuerySet[CoverageTarget]:
    """Every city's target date, by division code (the province-wide dashboard lists them)."""
    return CoverageTarget.objects.select_related("region").order_by("region")


def city_targets() -> QuerySet[Region]:
    """Jiangsu's cities, each with its target date and document (`due_on` None when none is set),
    in one statement: the province-wide dashboard's list and its form's choice of city."""
    target = CoverageTarget.objects.filter(region=OuterRef("pk"))
    return (Region.objects.jiangsu_cities().order_by("code")
            .annotate(due_on=Subquery(target.values("due_on")[:1]), document=Subquery(target.values("document")[:1])))


def coverage_target(*, unit: int | None = None, city=None) -> CoverageTarget | None:
    """The target date of the dashboard's city, in one statement: an institution's (`unit`) is
    its region's city's (its region, or the city its county is in); a city's (`city`, a Region,
    or a county of it) its own. None when the city has none set."""
    if unit:
        placed = Organization.objects.filter(pk=unit)
        found = coverage_targets().filter(Q(region__in=placed.values("region"))
                                          | Q(region__in=placed.values("region__parent")))
    elif city is not None:
        found = coverage_targets().filter(region__in=[code for code in (city.code, city.parent_id) if code])
    else:
        return None
    return found.filter(region__level=RegionLevel.CITY).first()


def coverage_by_institution(scope: QuerySet[StockPatent]) -> list[dict]:
    """One row per institution of the scope, with its counts by stage, in one query."""
    counts = {"total": Count("pk")}
    counts.update({stage: Count("pk", filter=Q(stage__in=STOCK_REACHED[stage])) for stage in COLUMNS})
    return list(scope.order_by().values("organization", "organization__name").annotate(**counts)
                .order_by("organization__name", "organization"))


def _left_order(one_institution: bool) -> tuple:
    if one_institution:
        return (STAGE_RANK, "application_number", "pk")
    return (STAGE_RANK, "organization__name", "application_number", "pk")


def left(scope: QuerySet[StockPatent], *, one_institution: bool = False) -> QuerySet[StockPatent]:
    """What is left to do: the patents not yet matched, those furthest behind first. An
    institution's own (`one_institution`) in the order of the index stock_org_left (stage,
    number), so that a page is read, not the institution's whole stock sorted."""
    left = scope.exclude(stage=StockStage.MATCHED).select_related("organization", "field")
    return left.order_by(*_left_order(one_institution))


class LeftPages:
    """What is left, for a Paginator: a page's ids first, then those rows with their joins, in
    one statement (`id IN (the page's ids)`). The ids of an institution's page are read from the
    index stock_org_left alone (institution, stage rank, number, id, stage: an index-only scan),
    so a deep page skips its OFFSET's rows in the index instead of reading each of them from
    the table with its institution and field. bench.stock_inventory, 50,000 patents, run side by
    side with the code before on a busy 2-CPU machine: the middle page's p50 441 → 176 ms, p95
    908 → 383 ms, as much as the dashboard's first page now (its coverage counts dominate).
    The dashboard passes its `count` (Coverage.left) instead of counting what is left again."""

    # The columns the dashboard's list shows: a page's rows read no others.
    SHOWN = ("application_number", "title", "sub_field", "stage", "organization__name", "field__name")

    def __init__(self, scope: QuerySet[StockPatent], *, one_institution: bool = False, count: int | None = None):
        self.rows = left(scope, one_institution=one_institution)
        self.order = _left_order(one_institution)
        self.known = count  # how many are left when the caller knows (the dashboard's Coverage.left)

    def count(self) -> int:
        return self.rows.count() if self.known is None else self.known

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key:key + 1][0]
        ids = self.rows.values("pk")[key]
        return list(StockPatent.objects.filter(pk__in=ids).select_related("organization", "field")
                    .only(*self.SHOWN).order_by(*self.order))


def whole_institution(user, unit: int | None) -> int | None:
    """`unit` when the user sees every patent of that institution (the administrators and its
    own people), else None."""
    if unit and (kernel_access.is_admin(user)
                 or (user.is_authenticated and user.is_active and user.organization_id == unit)):
        return unit
    return None


def whole_stock(user, *, unit: int | None = None, city: Region | None = None) -> Q | None:
    """When the dashboard's scope (scope_for's, with the same `unit` and `city`) is every patent
    of some institutions, the condition on an evaluation's institution that picks them (for
    coverage's `whole`): an institution's for the administrators and its own people, a city's
    for the administrators and the city's own organisers, every institution's for the
    administrators. None when the user may see only part of them (an organiser's view of an
    institution, a reviewer's patents) or both a unit and a city narrow it."""
    if unit:
        return Q(institution=unit) if city is None and whole_institution(user, unit) else None
    if city is not None:
        own_city = getattr(stock_access.organizer_city(user), "code", None) == city.code
        return stock_access.in_city(city, "institution__") if kernel_access.is_admin(user) or own_city else None
    return Q() if kernel_access.is_admin(user) else None


def institution_patents(user, unit: int) -> QuerySet[StockPatent]:
    """The institution's patents the user may see: all of them for the administrators and its
    own people (without the reviewer's and the city's alternatives, which would keep the
    planner off the institution's indexes), else what the user may see of them."""
    if whole_institution(user, unit):
        return patents().filter(organization=unit)
    return visible_patents(user).filter(organization=unit)


def scope_for(user, *, unit: int | None = None, city: str = "") -> tuple[QuerySet[StockPatent], str]:
    """The patents a dashboard shows and how it is titled: what the user may see, narrowed to an
    institution (`unit`) or a city (`city`, a division code) when asked."""
    scope = visible_patents(user)
    title = ""
    if unit:
        scope = institution_patents(user, unit)
        if unit == user.organization_id:  # the user's own, read with the user
            title = user.organization.name
        else:
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


# --- What the partner feeds read (transformation.feeds) ---------------------------------------

OFFERED = (Q(stage__in=STOCK_REACHED[StockStage.REGISTERED]) & ~Q(open_licence_fee="")
           & ~Q(open_licence_payment=""))


def feed_open_licences() -> QuerySet[StockPatent]:
    """Stock patents as the open-licence feed sees them, in (updated_at, id) order: those
    registered with an open licence now (`offered`: show them through their public fields only,
    never their evaluations, screening or reviewer), and those whose open licence was published
    once and withdrawn since (registered again without a fee: the audit of a registration with
    a fee says it was published; a feed reports them as deletions). A patent never registered
    with an open licence is not here."""
    published = (AuditEntry.objects.filter(action=StockAction.REGISTERED,
                                           content_type=ContentType.objects.get_for_model(StockPatent),
                                           object_id=Cast(OuterRef("pk"), CharField()),
                                           data__has_key="open_licence_fee")
                 .exclude(data__open_licence_fee=""))
    return (StockPatent.objects.filter(OFFERED | Exists(published))
            .select_related("organization__region__parent__parent", "field")
            .annotate(offered=ExpressionWrapper(OFFERED, output_field=BooleanField()))
            .order_by("updated_at", "pk"))
