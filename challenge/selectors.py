"""Read queries of the demand side, for its pages, API and jobs, and for the apps above it."""

from django.db.models import Count, Q, QuerySet

from auction.search import like_pattern, search_query
from challenge.choices import DEMAND_IMPORT, DEMAND_PUBLIC, DemandStatus, SolutionStatus
from challenge.models import Demand, HotList, Match, Push, PushReason, Solution
from jbgs.choices import CampaignKind
from jbgs.models import Campaign, ImportJob
from jbgs.parsing import plain_text
from jbgs.selectors import import_jobs


def current_campaign() -> Campaign | None:
    """The latest year's challenge season: the one demands are posted and collected in."""
    return Campaign.objects.filter(kind=CampaignKind.CHALLENGE).order_by("-year").first()


def public_demands() -> QuerySet[Demand]:
    return (Demand.objects.filter(status__in=DEMAND_PUBLIC).select_related("field", "organization", "region")
            .prefetch_related("targets").order_by("-published_at", "-pk"))


def search_public(q: str = "", field_code: str = "") -> QuerySet[Demand]:
    """Published demands by words of their public text (title, description, expected outcome,
    sub-field): never by a hidden field, so a search cannot reveal what is hidden."""
    return search(public_demands(), q, field_code)


def search(demands: QuerySet[Demand], q: str = "", field_code: str = "") -> QuerySet[Demand]:
    """`demands` narrowed to an industry field's code and to words of their public text, as
    search_public() finds them, whatever else the caller may see of them. Words as the
    catalogue finds them (auction.search: jieba, every word must match) in published demands'
    index; a fragment of the text as typed, in any demand the caller may see (drafts have no
    index yet)."""
    if field_code:
        demands = demands.filter(field__code=plain_text(field_code)[:40])
    q = plain_text(q).strip()[:100]
    if q:
        words = search_query(q)
        fragment = like_pattern(q)
        match = (Q(title__ilike=fragment) | Q(sub_field__ilike=fragment) | Q(description__icontains=q)
                 | Q(expected_outcome__icontains=q))
        if words is not None:
            match |= Q(search_vector=words)
        demands = demands.filter(match)
    return demands


def matches_of(user) -> QuerySet[Match]:
    """The published demands matched to the person's unit (as its liaison or solver) or to
    their own profile, best first, one entry per demand."""
    from challenge import access

    unit = access.matched_unit(user)
    mine = Q(user=user) if access.matched_person(user) else Q(pk__in=[])
    if unit is not None:
        mine |= Q(organization_id=unit)
    best = (Match.objects.filter(mine, demand__status=DemandStatus.PUBLISHED)
            .order_by("demand_id", "-score", "pk").distinct("demand_id").values("pk"))
    return (Match.objects.filter(pk__in=best)
            .select_related("demand__field", "demand__organization", "demand__region")
            .prefetch_related("demand__targets").order_by("-score", "-demand__published_at", "pk"))


def organization_demands(organization) -> QuerySet[Demand]:
    return Demand.objects.filter(organization=organization).select_related("field").order_by("-created_at")


def open_demands_with_answers(organization) -> QuerySet[Demand]:
    """The enterprise's demands still in play, each with how many live solutions it received."""
    return (organization_demands(organization)
            .exclude(status__in=(DemandStatus.WITHDRAWN, DemandStatus.EXPIRED, DemandStatus.REJECTED))
            .annotate(answers=Count("solutions", filter=~Q(solutions__status=SolutionStatus.WITHDRAWN))))


def long_standing(now=None, *, repushed_before: bool = False) -> QuerySet[Demand]:
    """Published demands still without a live solution the year's re-push interval after their
    publication (长期未揭榜), the longest waiting first, with their pushes and matches counted.
    `repushed_before`: only those not pushed again within the interval, due for it now."""
    import datetime

    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from challenge.models import ChallengeRules

    now = now or timezone.now()
    due = Q(pk__in=[])
    for campaign in Campaign.objects.filter(kind=CampaignKind.CHALLENGE):
        cutoff = now - datetime.timedelta(days=ChallengeRules.of(campaign).repush_days)
        these = Q(campaign=campaign, published_at__lte=cutoff)
        if repushed_before:
            these &= Q(repushed_at__isnull=True) | Q(repushed_at__lte=cutoff)
        due |= these
    live = Solution.objects.filter(demand=OuterRef("pk")).exclude(status=SolutionStatus.WITHDRAWN)
    return (Demand.objects.filter(due, status=DemandStatus.PUBLISHED).exclude(Exists(live))
            .select_related("field", "organization", "region").prefetch_related("targets")
            .annotate(push_count=Count("pushes", distinct=True), match_count=Count("matches", distinct=True))
            .order_by("published_at", "pk"))


def awaiting_diagnosis() -> QuerySet[Demand]:
    return (Demand.objects.filter(status__in=(DemandStatus.SUBMITTED, DemandStatus.IN_DIAGNOSIS))
            .select_related("field", "organization").order_by("submitted_at"))


def approved_demands(campaign, field=None) -> QuerySet[Demand]:
    demands = Demand.objects.filter(campaign=campaign, status=DemandStatus.APPROVED).select_related("field",
                                                                                                   "organization")
    return demands.filter(field=field) if field is not None else demands


def published_hot_lists() -> QuerySet[HotList]:
    return HotList.objects.filter(published_at__isnull=False).select_related("field", "campaign")


def push_coverage(campaign) -> dict:
    """How far the year's pushes reached (the documents count pushes: an operation centre
    targets 5,000 a year): each published demand's units and people reached and how many
    opened it; each unit's demands received and opened; the year's total, by how they went
    (hot lists, digests, pushed again). Three queries."""
    pushes = Push.objects.filter(demand__campaign=campaign)
    demands = (Demand.objects.filter(campaign=campaign, status__in=DEMAND_PUBLIC)
               .annotate(units=Count("pushes__organization", distinct=True),
                         people=Count("pushes__recipient", distinct=True),
                         opened=Count("pushes__recipient", filter=Q(pushes__opened_at__isnull=False), distinct=True))
               .select_related("field").order_by("-published_at", "pk"))
    units = (pushes.values("organization__name")
             .annotate(demands=Count("demand", distinct=True),
                       opened=Count("demand", filter=Q(opened_at__isnull=False), distinct=True))
             .order_by("-demands", "organization__name"))
    by_reason = dict(pushes.values_list("reason").annotate(n=Count("pk")).order_by())
    return {"demands": demands, "units": units, "total": sum(by_reason.values()),
            "by_reason": [(label, by_reason.get(code, 0)) for code, label in PushReason.choices]}


def solver_items(organization):
    """The catalogue's items of the solver's unit, to link to a solution."""
    from auction import selectors as auction_selectors

    return list(auction_selectors.catalogue_items().filter(organization=organization).order_by("title")[:200])


def solver_solutions(user) -> QuerySet[Solution]:
    return Solution.objects.filter(solver=user).select_related("demand", "organization").order_by("-created_at")


def demand_solutions(demand) -> QuerySet[Solution]:
    return demand.solutions.select_related("organization", "solver").order_by("-created_at")


FUNNEL_STEPS = ("collected", "diagnosed", "published", "answered", "intention", "contract")


def funnel(campaign, by: str) -> list[dict]:
    """The year's demands through the funnel (collected → diagnosed → published → answered →
    intention → contract: a cooperation's signed contract recorded), by industry field
    (`by="field"`) or by the enterprise's city (`by="city"`), with the totals last. One query."""
    from django.db.models import Case, Exists, F, OuterRef, When

    from challenge.choices import SolutionStatus
    from challenge.models import Cooperation, Diagnosis

    if by == "city":
        group = Case(When(organization__region__level="county", then=F("organization__region__parent__name")),
                     default=F("organization__region__name"))
    else:
        group = F("field__name")
    demands = (Demand.objects.filter(campaign=campaign).exclude(status=DemandStatus.DRAFT)
               .annotate(group=group,
                         diagnosed=Exists(Diagnosis.objects.filter(demand=OuterRef("pk"))),
                         answered=Exists(Solution.objects.filter(demand=OuterRef("pk")).exclude(
                             status=SolutionStatus.WITHDRAWN)),
                         intention=Exists(Cooperation.objects.filter(demand=OuterRef("pk"))),
                         contract=Exists(Cooperation.objects.filter(demand=OuterRef("pk"), deal__isnull=False))))
    rows = (demands.values("group").annotate(
        collected=Count("pk"), diagnosed_n=Count("pk", filter=Q(diagnosed=True)),
        published=Count("pk", filter=Q(published_at__isnull=False)), answered_n=Count("pk", filter=Q(answered=True)),
        intention_n=Count("pk", filter=Q(intention=True)), contract_n=Count("pk", filter=Q(contract=True)))
        .order_by("group"))
    table = [{"group": row["group"] or "—", "collected": row["collected"], "diagnosed": row["diagnosed_n"],
              "published": row["published"], "answered": row["answered_n"], "intention": row["intention_n"],
              "contract": row["contract_n"]} for row in rows]
    if table:
        table.append({"group": None, **{step: sum(row[step] for row in table) for step in FUNNEL_STEPS}})
    return table


def cooperations(manager=None) -> QuerySet:
    """The project library: every cooperation, or those `manager` follows up."""
    from challenge.models import Cooperation

    found = Cooperation.objects.select_related("demand__organization", "solution__organization", "manager",
                                               "deal__campaign")
    if manager is not None:
        found = found.filter(manager=manager)
    return found.order_by("next_follow_up_on", "-created_at")


def solution_cooperation(solution):
    """The cooperation a solution opened, with its contract (a deal), or None."""
    from challenge.models import Cooperation

    return Cooperation.objects.select_related("demand", "deal__campaign").filter(solution=solution).first()


def possible_managers() -> QuerySet:
    from jbgs.choices import Role
    from jbgs.models import User

    return (User.objects.filter(is_active=True).filter(
        Q(roles__contains=[Role.MANAGER]) | Q(roles__contains=[Role.ORGANIZER]) | Q(roles__contains=[Role.ADMIN]))
        .select_related("organization").order_by("organization__name", "name"))
def collected_demands(user) -> QuerySet[Demand]:
    """The demands `user` collected for enterprises (需求征集表, or posted on their behalf)."""
    return (Demand.objects.filter(collector=user).select_related("field", "organization", "campaign")
            .order_by("-created_at", "-pk"))


def collected_counts(user) -> list[tuple[str, str, int]]:
    """How many of the demands `user` collected are in each state: (code, label, count)."""
    counts = dict(Demand.objects.filter(collector=user).values_list("status").annotate(n=Count("pk")))
    return [(status.value, status.label, counts[status]) for status in DemandStatus if counts.get(status)]


def demand_imports(user) -> QuerySet[ImportJob]:
    """The person's latest 需求征集表 imports, newest first, with their counts of rows with problems."""
    return import_jobs(ImportJob.objects.filter(kind=DEMAND_IMPORT, owner=user))[:10]
