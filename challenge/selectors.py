"""Read queries of the demand side, for its pages, API and jobs, and for the apps above it."""

from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet, Value
from django.db.models.functions import ExtractYear

from auction.search import like_pattern, search_query
from challenge.choices import (
    CONTEST_PUBLIC,
    DEMAND_IMPORT,
    DEMAND_PUBLIC,
    ContestStatus,
    CooperationStage,
    DemandStatus,
    SolutionStatus,
)
from challenge.models import (
    Contest,
    ContestScore,
    Cooperation,
    Demand,
    HonoursList,
    HotList,
    Match,
    Nomination,
    Push,
    PushReason,
    Solution,
)
from challenge.public import public_honour, public_pair
from jbgs.choices import SUPPLY_KINDS, CampaignKind, Role
from jbgs.models import Campaign, ImportJob, Organization
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


def pushes_by_year(region_codes, years) -> dict[int, int]:
    """How many demand pushes reached units of `region_codes`, by year pushed (an industry IP
    operation centre's 5,000 a year). One query."""
    rows = (Push.objects.filter(organization__region_id__in=list(region_codes), created_at__year__in=list(years))
            .annotate(year=ExtractYear("created_at")).values("year").annotate(n=Count("pk")).order_by())
    return {row["year"]: row["n"] for row in rows}

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
    from django.db.models import Case, F, When

    from challenge.choices import SolutionStatus
    from challenge.models import Cooperation, Diagnosis

    if by == "city":
        group = Case(When(organization__region__level="county", then=F("organization__region__parent__name")),
                     default=F("organization__region__name"))
    else:
        group = F("field__name")
    # Each step an uncorrelated IN set of the campaign's demands, hashed once by PostgreSQL: a
    # correlated EXISTS per demand made the planner cost the scan at millions and JIT-compile it.
    mine = {"demand__campaign": campaign}
    diagnosed = Q(pk__in=Diagnosis.objects.filter(**mine).values("demand_id"))
    answered = Q(pk__in=Solution.objects.filter(**mine).exclude(status=SolutionStatus.WITHDRAWN).values("demand_id"))
    intention = Q(pk__in=Cooperation.objects.filter(**mine).values("demand_id"))
    contract = Q(pk__in=Cooperation.objects.filter(**mine, deal__isnull=False).values("demand_id"))
    rows = (Demand.objects.filter(campaign=campaign).exclude(status=DemandStatus.DRAFT).annotate(group=group)
            .values("group").annotate(
                collected=Count("pk"), diagnosed_n=Count("pk", filter=diagnosed),
                published=Count("pk", filter=Q(published_at__isnull=False)), answered_n=Count("pk", filter=answered),
                intention_n=Count("pk", filter=intention), contract_n=Count("pk", filter=contract))
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


# --- Contests (竞榜) ------------------------------------------------------------------------


def public_contests() -> QuerySet:
    """The announced contests, latest first, with their numbers of pairs."""
    return (Contest.objects.filter(status__in=CONTEST_PUBLIC).select_related("campaign", "field")
            .annotate(pair_count=Count("pairs")).order_by("-held_on", "-pk"))


def contest_pairs(contest) -> QuerySet:
    """The contest's pairs in their order, with what their pages show: two queries."""
    return (contest.pairs.select_related("cooperation__demand__field", "cooperation__demand__organization",
                                         "cooperation__demand__region", "cooperation__solution__organization",
                                         "cooperation__solution__solver")
            .prefetch_related("cooperation__demand__targets").order_by("position", "pk"))


def contest_results(contest) -> dict:
    """Each pair's (number of experts who marked it, their mean weighted total): one query."""
    rows = (ContestScore.objects.filter(pair__contest=contest).values("pair")
            .annotate(experts=Count("pk"), mean=Avg("total")))
    return {row["pair"]: (row["experts"], Decimal(row["mean"]).quantize(Decimal("0.01"))) for row in rows}


def public_contest_pairs(contest) -> list:
    """The contest's pairs as the public sees them (challenge.public.public_pair): in their
    order while the contest is announced; once it is held, with each pair's aggregate, best
    first. The aggregate is computed nowhere else for a public page."""
    pairs = list(contest_pairs(contest))
    if contest.status != ContestStatus.HELD:
        return [public_pair(pair) for pair in pairs]
    results = contest_results(contest)
    shown = [public_pair(pair, results.get(pair.pk, (0, None))) for pair in pairs]
    return sorted(shown, key=lambda p: (p.mean is None, -(p.mean or 0), p.position))


def participant_contests(user) -> QuerySet:
    """The announced contests `user` is invited to: as an expert, or as a member with the
    financier role of an invited financial institution."""
    invited = Q(experts__expert_id=user.pk) if user.has_role(Role.EXPERT) else Q(pk__in=[])
    if user.organization_id and user.has_role(Role.FINANCIER):
        invited |= Q(institutions__organization_id=user.organization_id)
    return (Contest.objects.filter(invited, status__in=CONTEST_PUBLIC).distinct().select_related("field")
            .order_by("-held_on", "-pk"))


def contest_candidates(contest) -> QuerySet:
    """The season's cooperations that may become the contest's pairs (not stopped, not in it
    yet), for the administrator to choose from; why one is not ready is the service's."""
    return (Cooperation.objects.filter(demand__campaign=contest.campaign_id).exclude(stage=CooperationStage.STOPPED)
            .exclude(contest_pairs__contest=contest)
            .select_related("demand", "solution__organization").order_by("-created_at"))


# --- Awards (奖榜) --------------------------------------------------------------------------


def published_honours() -> QuerySet:
    """The published honours lists, latest year first."""
    return HonoursList.objects.select_related("campaign").order_by("-campaign__year")


def nominations(campaign) -> QuerySet:
    return (Nomination.objects.filter(campaign=campaign)
            .select_related("cooperation__demand__field", "cooperation__demand__organization",
                            "cooperation__demand__region", "cooperation__solution__organization",
                            "contest_pair__contest", "nominated_by")
            .prefetch_related("cooperation__demand__targets").order_by("nominated_at", "pk"))


def pair_means(pair_ids) -> dict:
    """The experts' mean weighted total of each of the given contest pairs: one query."""
    rows = (ContestScore.objects.filter(pair__in=[pk for pk in pair_ids if pk]).values("pair")
            .annotate(mean=Avg("total")))
    return {row["pair"]: Decimal(row["mean"]).quantize(Decimal("0.01")) for row in rows}


def honours(campaign, categories: dict[str, str]) -> list[tuple[str, list]]:
    """The year's honours as the public sees them (challenge.public.public_honour), by category
    in the year's order: the mean of a contest only where the contest is held."""
    found = list(nominations(campaign))
    means = pair_means(n.contest_pair_id for n in found
                       if n.contest_pair_id and n.contest_pair.contest.status == ContestStatus.HELD)
    return [(label, [public_honour(n, means.get(n.contest_pair_id)) for n in found if n.category == code])
            for code, label in categories.items()]


# --- What the special sessions count (sessions_mgmt.metrics) --------------------------------

def published_demands(*, end=None) -> QuerySet[Demand]:
    """Demands published before `end` and not withdrawn since (those that expired or were
    solved were valid when published): a session's valid demands."""
    qs = Demand.objects.filter(published_at__isnull=False).exclude(status=DemandStatus.WITHDRAWN)
    return qs if end is None else qs.filter(published_at__lt=end)


def cooperation_ids_of_demands(demands, *, end=None) -> QuerySet:
    """The ids of the cooperations (intentions recorded on the platform) on `demands` (ids or a
    queryset of them), recorded before `end`."""
    qs = Cooperation.objects.filter(demand__in=demands)
    return (qs if end is None else qs.filter(created_at__lt=end)).values_list("id", flat=True)


def cooperations_by_demand(demands, *, end=None) -> QuerySet:
    """(demand id, cooperation id) of the cooperations on `demands` recorded before `end`: the
    intentions of many sessions' collections, in one query."""
    qs = Cooperation.objects.filter(demand__in=demands)
    return (qs if end is None else qs.filter(created_at__lt=end)).values_list("demand_id", "id")


def deals_by_demand(demands, *, end=None) -> QuerySet:
    """(demand id, deal id) of the contracts signed on `demands`' cooperations, concluded before `end`."""
    qs = Cooperation.objects.filter(demand__in=demands, deal__isnull=False)
    return (qs if end is None else qs.filter(deal__concluded_at__lt=end)).values_list("demand_id", "deal_id")


def university_results(year: int) -> list[dict]:
    """Each university's or institute's service results in the year's challenge (省内各高等学校
    的服务成效): solutions handed in (not withdrawn), intentions (the cooperations they opened)
    and deals (the contracts those signed), most deals first. One grouped query: a solution
    opens at most one cooperation, so the counts do not multiply."""
    rows = (Solution.objects.filter(demand__campaign__year=year, organization__kind__in=SUPPLY_KINDS)
            .exclude(status=SolutionStatus.WITHDRAWN)
            .values("organization_id", "organization__name")
            .annotate(solutions=Count("pk"), intentions=Count("cooperation"), deals=Count("cooperation__deal"))
            .order_by("-deals", "-intentions", "-solutions", "organization__name"))
    return [{"organization_id": row["organization_id"], "name": row["organization__name"],
             "solutions": row["solutions"], "intentions": row["intentions"], "deals": row["deals"]} for row in rows]


def demanding_enterprises(field_code: str, sub_field: str = "", *, kinds=()) -> QuerySet:
    """The units with published demands in an industry field (by the field's code, the same in
    every year), for the apps above that push supply to them (the stock-patent inventory's
    matching): each with `demand_count` in the field and `sub_field_demands` in the sub-field (the
    same words, whatever the case), those of the sub-field first. `kinds` narrows the units'
    kinds. One query."""
    in_field = Q(demands__status__in=DEMAND_PUBLIC, demands__field__code=field_code)
    units = Organization.objects.filter(in_field)
    if kinds:
        units = units.filter(kind__in=kinds)
    sub_field = plain_text(sub_field or "")[:50]
    return units.annotate(
        demand_count=Count("demands", filter=in_field, distinct=True),
        sub_field_demands=Count("demands", filter=in_field & Q(demands__sub_field__iexact=sub_field),
                                distinct=True) if sub_field else Value(0),
    ).order_by("-sub_field_demands", "-demand_count", "name", "pk")

# --- What the partner markets' feeds read (transformation.feeds) ------------------------------

def feed_demands() -> QuerySet[Demand]:
    """Demands as the partner feeds see them, in (updated_at, id) order (demand_feed_idx): those
    the public sees (`in_public`; show them through challenge.public only), and those published
    once and since withdrawn or expired (a feed reports them as deletions). A demand never
    published is not here."""
    from django.db.models import BooleanField, ExpressionWrapper

    return (Demand.objects.filter(Q(status__in=DEMAND_PUBLIC) | Q(published_at__isnull=False))
            .select_related("field", "organization", "region").prefetch_related("targets")
            .annotate(in_public=ExpressionWrapper(Q(status__in=DEMAND_PUBLIC), output_field=BooleanField()))
            .order_by("updated_at", "pk"))
