"""The metrics a session's targets are measured by: one named computation per `Metric` code,
each over every given session at once, as of a day (the records dated on or before it).

A computation takes a `Scope` (the sessions, the day, and what it knows of their hosts) and
answers {session id: value}; a session without records has 0. The platform's own records
(the catalogue, demands, cooperations, deals) are read through the auction's and the demand
side's selectors; the session's own records directly. Most metrics cost one grouped query for
all the sessions; the deals and intentions, whose platform part is a union of sets, a query
for the platform's records of all the sessions' collections and one for which session collected
them, per source.

Definitions, where the documents leave room:
- an enterprise is counted once per session by its credit code, however many activities
  served it;
- "outside the host region" is outside the main host's own division (its city, or its county
  for a county host), read from a served enterprise's credit code (its 3rd to 8th characters
  are the division where it is registered) or from an item's or demand's unit;
- the roadshow's attendees is the largest attendance of one roadshow (the limit is per event);
- an intention or deal the organiser reports that the platform also recorded is counted once.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max
from django.utils import timezone

from auction import selectors as auction_selectors
from challenge import selectors as challenge_selectors
from jbgs.choices import OrganizationKind, RegionLevel
from sessions_mgmt.choices import CoHostRole, Metric
from sessions_mgmt.models import (
    DealRecord,
    Intention,
    MediaReport,
    RecommendedProject,
    Roadshow,
    RoadshowProject,
    RoadshowUnit,
    ServedEnterprise,
    Server,
    Session,
    SessionDemand,
    SessionHost,
    SessionItem,
    SummaryReport,
    TypicalCase,
)

ZERO = Decimal(0)


def day_end(day: datetime.date) -> datetime.datetime:
    """The first instant after `day` in the portal's time zone: records before it are of the day or earlier."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


def home_division(region) -> str:
    """The prefix of the division codes that lie within a host's own region: its county's six
    digits for a county host, its city's four for a city."""
    return region.code[:6] if region.level == RegionLevel.COUNTY else region.code[:4]


@dataclass
class Scope:
    sessions: list[Session]
    day: datetime.date
    # Each session's main host's division prefix (4 digits for a city, 6 for a county) and
    # the authorities hosting it.
    home: dict[int, str] = field(default_factory=dict)
    authorities: dict[int, list[int]] = field(default_factory=dict)
    firms: dict[int, set[int]] = field(default_factory=dict)

    @property
    def ids(self) -> list[int]:
        return [session.pk for session in self.sessions]

    @property
    def end(self) -> datetime.datetime:
        return day_end(self.day)

    @classmethod
    def of(cls, sessions, day: datetime.date) -> "Scope":
        """The scope of `sessions` as of `day`, with their hosts read in one query."""
        scope = cls(list(sessions), day)
        for host in SessionHost.objects.filter(session__in=scope.ids).select_related("organization__region"):
            region = host.organization.region
            if host.is_main:
                scope.home[host.session_id] = home_division(region)
            if host.role == CoHostRole.AUTHORITY:
                scope.authorities.setdefault(host.session_id, []).append(host.organization_id)
            if host.role == CoHostRole.MANAGER_FIRM:
                scope.firms.setdefault(host.session_id, set()).add(host.organization_id)
        return scope

    def outside(self, session_id: int, division: str | None) -> bool:
        home = self.home.get(session_id)
        return bool(home) and not (division or "").startswith(home)


def _counts(rows, key: str = "session_id") -> dict[int, Decimal]:
    return {row[key]: Decimal(row["n"]) for row in rows}


def enterprises_served(scope: Scope) -> dict[int, Decimal]:
    return _counts(ServedEnterprise.objects.filter(activity__session__in=scope.ids, activity__held_on__lte=scope.day)
                   .values("activity__session_id").annotate(n=Count("credit_code", distinct=True)),
                   "activity__session_id")


def _served_by_division(scope: Scope):
    """(session, division, distinct enterprises): an enterprise has one division, so the
    distinct counts of a session's divisions add up without counting anyone twice."""
    return (ServedEnterprise.objects.filter(activity__session__in=scope.ids, activity__held_on__lte=scope.day)
            .values_list("activity__session_id", "division").annotate(n=Count("credit_code", distinct=True)))


def cross_region_enterprises(scope: Scope) -> dict[int, Decimal]:
    values: dict[int, Decimal] = defaultdict(Decimal)
    for session_id, division, n in _served_by_division(scope):
        if scope.outside(session_id, division):
            values[session_id] += n
    return dict(values)


def _collected_items(scope: Scope, session_ids=None):
    return SessionItem.objects.filter(session__in=session_ids or scope.ids,
                                      item__in=auction_selectors.published_items(end=scope.end))


def _collected_demands(scope: Scope, session_ids=None):
    return SessionDemand.objects.filter(session__in=session_ids or scope.ids,
                                        demand__in=challenge_selectors.published_demands(end=scope.end))


def published_items(scope: Scope) -> dict[int, Decimal]:
    return _counts(_collected_items(scope).values("session_id").annotate(n=Count("item_id", distinct=True)))


def programme_related_items(scope: Scope) -> dict[int, Decimal]:
    return _counts(_collected_items(scope).filter(
        item__in=auction_selectors.published_items(end=scope.end).filter(programme_related=True))
        .values("session_id").annotate(n=Count("item_id", distinct=True)))


def valid_demands(scope: Scope) -> dict[int, Decimal]:
    return _counts(_collected_demands(scope).values("session_id").annotate(n=Count("demand_id", distinct=True)))


def cross_region_share(scope: Scope) -> dict[int, Decimal]:
    """The share of the session's published items and demands whose unit lies outside the
    main host's division, as a fraction."""
    served: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for rows in (_collected_items(scope).values_list("session_id", "item__organization__region_id")
                 .annotate(n=Count("item_id", distinct=True)),
                 _collected_demands(scope).values_list("session_id", "demand__organization__region_id")
                 .annotate(n=Count("demand_id", distinct=True))):
        for session_id, region, n in rows:
            served[session_id][1] += n
            if scope.outside(session_id, region):
                served[session_id][0] += n
    return {session_id: (Decimal(outside) / Decimal(total)).quantize(Decimal("0.0001"))
            for session_id, (outside, total) in served.items() if total}


def _by_session(pairs, collected, key: str) -> dict[int, set]:
    """{session: record ids} from (collected id, record id) pairs of the platform and the
    sessions' collection rows (`collected`, whose `key` is the item or demand)."""
    records_of: dict[int, set] = defaultdict(set)
    for collected_id, record in pairs:
        records_of[collected_id].add(record)
    found: dict[int, set] = defaultdict(set)
    if records_of:
        for session_id, collected_id in collected.filter(**{f"{key}__in": list(records_of)}).values_list(
                "session_id", key):
            found[session_id] |= records_of[collected_id]
    return found


def _union_count(scope: Scope, platform: dict[int, set], reported) -> dict[int, Decimal]:
    """A session's platform records (a set of ids each) together with those its organisers
    reported, a report of a platform record counted once."""
    linked: dict[int, set] = defaultdict(set)
    alone: dict[int, int] = defaultdict(int)
    for session_id, record_id in reported:
        if record_id is None:
            alone[session_id] += 1
        else:
            linked[session_id].add(record_id)
    values = {}
    for session in scope.sessions:
        total = len(platform.get(session.pk, set()) | linked[session.pk]) + alone[session.pk]
        if total:
            values[session.pk] = Decimal(total)
    return values


def intentions(scope: Scope) -> dict[int, Decimal]:
    """The intentions recorded on the platform (cooperations on the session's demands) and
    those the organisers reported, offline or online: a query for each, whatever the sessions."""
    demands = SessionDemand.objects.filter(session__in=scope.ids)
    platform = _by_session(challenge_selectors.cooperations_by_demand(demands.values("demand_id"), end=scope.end),
                           demands, "demand_id")
    reported = Intention.objects.filter(session__in=scope.ids, reached_on__lte=scope.day).values_list(
        "session_id", "cooperation_id")
    return _union_count(scope, platform, reported)


def deals(scope: Scope) -> dict[int, Decimal]:
    """The deals of the session's collection on the platform (its items' lots sold, its
    demands' contracts) and those the organisers reported, a reported deal the platform also
    registered counted once."""
    items = SessionItem.objects.filter(session__in=scope.ids)
    demands = SessionDemand.objects.filter(session__in=scope.ids)
    platform = _by_session(auction_selectors.deals_by_item(items.values("item_id"), end=scope.end), items, "item_id")
    for session_id, ids in _by_session(challenge_selectors.deals_by_demand(demands.values("demand_id"), end=scope.end),
                                       demands, "demand_id").items():
        platform[session_id] |= ids
    reported = DealRecord.objects.filter(session__in=scope.ids, signed_on__lte=scope.day).values_list(
        "session_id", "deal_id")
    return _union_count(scope, platform, reported)


def _roadshow_projects(scope: Scope):
    return RoadshowProject.objects.filter(roadshow__session__in=scope.ids, roadshow__held_on__lte=scope.day)


def roadshow_projects(scope: Scope) -> dict[int, Decimal]:
    return _counts(_roadshow_projects(scope).values("roadshow__session_id").annotate(n=Count("id")),
                   "roadshow__session_id")


def major_results_in_roadshow(scope: Scope) -> dict[int, Decimal]:
    return _counts(_roadshow_projects(scope).filter(major_result=True).values("roadshow__session_id")
                   .annotate(n=Count("id")), "roadshow__session_id")


def roadshow_attendees(scope: Scope) -> dict[int, Decimal]:
    return {row["session_id"]: Decimal(row["n"]) for row in Roadshow.objects.filter(
        session__in=scope.ids, held_on__lte=scope.day).values("session_id").annotate(n=Max("attendees"))}


def participating_units(scope: Scope) -> dict[int, Decimal]:
    return _counts(RoadshowUnit.objects.filter(roadshow__session__in=scope.ids, roadshow__held_on__lte=scope.day)
                   .values("roadshow__session_id").annotate(n=Count("name", distinct=True)), "roadshow__session_id")


def invited_units_per_host(scope: Scope) -> dict[int, Decimal]:
    """The fewest units invited by one of the session's local authorities: each host must
    invite enough (各承办单位邀请参会单位不少于20家)."""
    invited = {(session_id, host): n for session_id, host, n in RoadshowUnit.objects.filter(
        roadshow__session__in=scope.ids, roadshow__held_on__lte=scope.day, invited_by__isnull=False)
        .values_list("roadshow__session_id", "invited_by_id").annotate(n=Count("name", distinct=True))}
    return {session.pk: Decimal(min(invited.get((session.pk, host), 0) for host in scope.authorities[session.pk]))
            for session in scope.sessions if scope.authorities.get(session.pk)}


def media_reports(scope: Scope) -> dict[int, Decimal]:
    return _counts(MediaReport.objects.filter(session__in=scope.ids, published_on__lte=scope.day)
                   .values("session_id").annotate(n=Count("id")))


def typical_cases(scope: Scope) -> dict[int, Decimal]:
    return _counts(TypicalCase.objects.filter(session__in=scope.ids, recorded_on__lte=scope.day)
                   .values("session_id").annotate(n=Count("id")))


def recommended_projects(scope: Scope) -> dict[int, Decimal]:
    return _counts(RecommendedProject.objects.filter(session__in=scope.ids, recommended_on__lte=scope.day)
                   .values("session_id").annotate(n=Count("id")))


MANAGER_FIRM_KINDS = [OrganizationKind.TECH_MANAGER_FIRM, OrganizationKind.TECH_TRANSFER_AGENCY]


def tech_manager_firms(scope: Scope) -> dict[int, Decimal]:
    """The technology-manager firms and transfer agencies involved: those hosting, and those
    whose people served enterprises for the session."""
    firms: dict[int, set] = defaultdict(set)
    for session_id, organization in Server.objects.filter(
            session__in=scope.ids, organization__kind__in=MANAGER_FIRM_KINDS,
            created_at__lt=scope.end).values_list("session_id", "organization_id"):
        firms[session_id].add(organization)
    for session_id, organizations in scope.firms.items():
        firms[session_id] |= organizations
    return {session_id: Decimal(len(ids)) for session_id, ids in firms.items() if ids}


def summary_report(scope: Scope) -> dict[int, Decimal]:
    return {session_id: Decimal(1) for session_id in SummaryReport.objects.filter(
        session__in=scope.ids, submitted_on__lte=scope.day).values_list("session_id", flat=True)}


REGISTRY: dict[str, Callable[[Scope], dict[int, Decimal]]] = {
    Metric.ENTERPRISES_SERVED: enterprises_served,
    Metric.PUBLISHED_ITEMS: published_items,
    Metric.PROGRAMME_RELATED_ITEMS: programme_related_items,
    Metric.MAJOR_RESULTS_IN_ROADSHOW: major_results_in_roadshow,
    Metric.VALID_DEMANDS: valid_demands,
    Metric.CROSS_REGION_ENTERPRISES: cross_region_enterprises,
    Metric.CROSS_REGION_SHARE: cross_region_share,
    Metric.INTENTIONS: intentions,
    Metric.DEALS: deals,
    Metric.ROADSHOW_PROJECTS: roadshow_projects,
    Metric.ROADSHOW_ATTENDEES: roadshow_attendees,
    Metric.PARTICIPATING_UNITS: participating_units,
    Metric.MEDIA_REPORTS: media_reports,
    Metric.TYPICAL_CASES: typical_cases,
    Metric.RECOMMENDED_PROJECTS: recommended_projects,
    Metric.TECH_MANAGER_FIRMS: tech_manager_firms,
    Metric.INVITED_UNITS_PER_HOST: invited_units_per_host,
    Metric.SUMMARY_REPORT: summary_report,
}
assert set(REGISTRY) == set(Metric.values), "every metric has its computation"


def compute(metric: str, scope: Scope) -> dict[int, Decimal]:
    """`metric` for every session of `scope`: 0 where a session has nothing to count."""
    values = REGISTRY[metric](scope)
    return {session.pk: values.get(session.pk, ZERO) for session in scope.sessions}
