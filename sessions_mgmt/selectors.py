"""Read queries of the special sessions, for their pages, API and jobs: the years' templates,
a session's target cards and history, the province's overview and a session's public face."""

from decimal import Decimal
from functools import partial

from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, pgettext

from auction import selectors as auction_selectors
from challenge import selectors as challenge_selectors
from jbgs.choices import CampaignKind, RegionLevel
from jbgs.models import Campaign
from sessions_mgmt import access, charts
from sessions_mgmt.choices import (
    GROUP_OF,
    ActivityKind,
    Metric,
    SessionType,
    TargetKind,
    TargetStatus,
)
from sessions_mgmt.models import (
    Activity,
    DealRecord,
    Intention,
    MediaReport,
    Roadshow,
    ServedEnterprise,
    Server,
    Session,
    SessionDemand,
    SessionHost,
    SessionItem,
    SessionPlan,
    SessionTarget,
    Snapshot,
    TargetTemplate,
    TypicalCase,
)


def template_years() -> list[int]:
    return sorted(set(SessionPlan.objects.values_list("year", flat=True)))


def year_templates(year: int) -> list[dict]:
    """Each session type the year holds (those of its plan), with its plan and its targets:
    the year's basic requirements of every session first, then its own. Two queries."""
    plans = {plan.group: plan for plan in SessionPlan.objects.filter(year=year)}
    rows = list(TargetTemplate.objects.filter(year=year))
    common = [row for row in rows if not row.session_type]
    return [{"plan": plans[GROUP_OF[session_type]], "session_type": session_type,
             "targets": [*common, *(row for row in rows if row.session_type == session_type)]}
            for session_type in SessionType.values if GROUP_OF[session_type] in plans]


def sessions() -> QuerySet[Session]:
    return Session.objects.select_related("field").prefetch_related("hosts__organization")


def session_records(session) -> dict:
    """Everything a session's organisers recorded, by kind, with the rows each shows: one
    query a kind (and one for each kind's rows)."""
    from sessions_mgmt.models import SummaryReport

    return {
        "activities": session.activities.prefetch_related("enterprises"),
        "servers": session.servers.select_related("organization"),
        "roadshows": session.roadshows.prefetch_related("projects", "units__invited_by", "media_reports"),
        "media_reports": session.media_reports.all(),
        "cases": session.cases.all(),
        "recommended": session.recommended.all(),
        "intentions": session.intentions.all(),
        "deals": session.deal_records.all(),
        "summary_report": SummaryReport.objects.filter(session=session).first(),
    }


def collection(session) -> dict:
    """The session's collected catalogue items and demands, newest first."""
    return {"items": session.collected_items.select_related("item__organization"),
            "demands": session.collected_demands.select_related("demand__organization")}
# --- hosting (申办) -----------------------------------------------------------------------


def open_years(day) -> list:
    """The years whose application window includes `day`."""
    from sessions_mgmt.models import SessionYear

    return list(SessionYear.objects.filter(applications_open__lte=day, applications_close__gte=day).order_by("year"))


def next_window(day):
    """The year whose window opens next after `day`, or None."""
    from sessions_mgmt.models import SessionYear

    return SessionYear.objects.filter(applications_open__gt=day).order_by("applications_open").first()


def session_years():
    from sessions_mgmt.models import SessionYear

    return SessionYear.objects.order_by("-year")


def applications(queryset, *, year=None, status=""):
    """Applications of `queryset` (what the reader may see), by city (the applicant's region
    code orders a county after its city), newest year first."""
    if year:
        queryset = queryset.filter(year=year)
    if status:
        queryset = queryset.filter(status=status)
    return (queryset.select_related("applicant__region__parent", "field")
            .order_by("-year", "applicant__region_id", "applicant__name", "-id"))


def city_of(organization):
    """The 设区市 an authority belongs to: its region, or for a county its region's parent."""
    region = organization.region
    return region.parent if region is not None and region.level == "county" and region.parent_id else region


def application_detail(pk: int, visible):
    return (visible.select_related("applicant__region__parent", "field", "decided_by", "created_by")
            .prefetch_related("co_hosts__organization", "attachments").filter(pk=pk).first())


def co_host_choices(exclude_id=None) -> list[tuple[str, list[tuple[int, str]]]]:
    """Active units that may co-host, grouped by what they bring (universities and institutes,
    science parks, sub-centres, technology-manager firms, other local authorities). One query."""
    from jbgs.models import Organization
    from sessions_mgmt.choices import CoHostRole
    from sessions_mgmt.services.sessions import ROLE_OF_KIND

    units = (Organization.objects.filter(status="active", kind__in=list(ROLE_OF_KIND))
             .exclude(pk=exclude_id).order_by("region_id", "name").only("id", "name", "kind"))
    groups: dict[str, list] = {role: [] for role in CoHostRole.values}
    for unit in units:
        groups[ROLE_OF_KIND[unit.kind]].append((unit.pk, unit.name))
    return [(CoHostRole(role).label, choices) for role, choices in groups.items() if choices]


def selection(year: int) -> dict:
    """The year's plan against its selection: per plan group the sessions planned (min–max),
    the sessions there are and the applications awaiting a decision, with a warning outside
    the plan; per main host its sessions and pending applications. Four queries."""
    from django.db.models import Count

    from sessions_mgmt.choices import ApplicationStatus
    from sessions_mgmt.models import HostingApplication, Session, SessionHost

    sessions = dict(Session.objects.filter(year=year).values_list("session_type").annotate(n=Count("id")))
    pending_apps = HostingApplication.objects.filter(year=year, status=ApplicationStatus.SUBMITTED)
    pending = dict(pending_apps.values_list("session_type").annotate(n=Count("id")))
    groups = []
    for plan in SessionPlan.objects.filter(year=year).order_by("group"):
        types = [t for t, group in GROUP_OF.items() if group == plan.group]
        selected = sum(sessions.get(t, 0) for t in types)
        warning = "above" if selected > plan.planned_max else "below" if selected < plan.planned_min else ""
        groups.append({"plan": plan, "types": types, "selected": selected,
                       "pending": sum(pending.get(t, 0) for t in types), "warning": warning})
    hosts: dict[int, dict] = {}
    main_hosts = (SessionHost.objects.filter(session__year=year, is_main=True)
                  .values_list("organization_id", "organization__name", "organization__region_id")
                  .annotate(n=Count("session")))
    for unit_id, name, region, count in main_hosts:
        hosts[unit_id] = {"name": name, "region": region, "sessions": count, "pending": 0}
    waiting = pending_apps.values_list("applicant_id", "applicant__name", "applicant__region_id").annotate(
        n=Count("id"))
    for unit_id, name, region, count in waiting:
        hosts.setdefault(unit_id, {"name": name, "region": region, "sessions": 0, "pending": 0})["pending"] = count
    return {"groups": groups, "hosts": sorted(hosts.values(), key=lambda h: (h["region"] or "", h["name"]))}

# --- Dashboards ------------------------------------------------------------------------------

# Where the records behind each metric are listed on the session's records page (its anchors).
RECORDS_ANCHOR = {
    Metric.ENTERPRISES_SERVED: "activities", Metric.CROSS_REGION_ENTERPRISES: "activities",
    Metric.PUBLISHED_ITEMS: "items", Metric.PROGRAMME_RELATED_ITEMS: "items", Metric.CROSS_REGION_SHARE: "items",
    Metric.VALID_DEMANDS: "demands", Metric.INTENTIONS: "intentions", Metric.DEALS: "deals",
    Metric.MAJOR_RESULTS_IN_ROADSHOW: "roadshows", Metric.ROADSHOW_PROJECTS: "roadshows",
    Metric.ROADSHOW_ATTENDEES: "roadshows", Metric.PARTICIPATING_UNITS: "roadshows",
    Metric.INVITED_UNITS_PER_HOST: "roadshows", Metric.MEDIA_REPORTS: "media", Metric.TYPICAL_CASES: "cases",
    Metric.RECOMMENDED_PROJECTS: "recommended", Metric.TECH_MANAGER_FIRMS: "servers",
    Metric.SUMMARY_REPORT: "report",
}


def records_url(session_id: int, metric: str) -> str | None:
    """The records page's list behind a metric, or None while the portal has no records page."""
    try:
        return reverse("sessions:records", args=[session_id]) + "#" + RECORDS_ANCHOR.get(metric, "")
    except NoReverseMatch:
        return None


def _shown(kind: str, value: Decimal | None) -> str:
    """A value or goal as the documents write it: a share in per cent, done as yes or no."""
    if value is None:
        return "—"
    if kind == TargetKind.RATIO:
        return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"
    if kind == TargetKind.DONE:
        return gettext("Yes") if value >= 1 else gettext("No")
    return f"{value.normalize():f}"


def _progress(target: SessionTarget) -> int:
    value, goal = target.value, target.goal
    if value is None:
        return 0
    if target.kind == TargetKind.DONE:
        return 100 if value >= 1 else 0
    return min(100, int(value * 100 / goal)) if goal else 0


def target_cards(session: Session, *, links: bool = True) -> list[dict]:
    """Each target of a session as a card: its value against its goal as the documents write
    them, its progress towards the goal (0–100, for a bar), and where its records are."""
    url = partial(records_url, session.pk) if links else (lambda metric: None)
    return [{"target": target, "progress": _progress(target), "value": _shown(target.kind, target.value),
             "goal": _shown(target.kind, target.goal) if target.kind != TargetKind.DONE else gettext("Yes"),
             "records_url": url(target.metric)} for target in session.targets.all()]


def history(session: Session) -> dict:
    """The session's snapshots as chart series: each target's value as a share of its goal
    (per cent) day by day, and the raw figures for the table beside the chart. One query."""
    targets = list(session.targets.all())
    snapshots = list(Snapshot.objects.filter(session=session).order_by("day").values_list("day", "values"))
    days = [day for day, _ in snapshots]
    series, rows = [], []
    for target in targets:
        points = []
        for _, values in snapshots:
            value = values.get(target.code)
            points.append(None if value is None else float(_progress(
                SessionTarget(kind=target.kind, goal=target.goal, value=Decimal(str(value))))))
        series.append((target.label, points))
    for day, values in snapshots:
        rows.append({"day": day, "values": [_shown(t.kind, None if values.get(t.code) is None
                                                   else Decimal(str(values[t.code]))) for t in targets]})
    chart = None
    if snapshots:
        chart = charts.line_chart(gettext("Progress towards each goal, day by day, as a share of the goal"),
                                  [day.strftime("%m-%d") for day in days], series, y_max=100, unit="%")
    return {"chart": chart, "targets": targets, "rows": rows}


def session_page(pk: int) -> Session | None:
    """A session with its field, hosts and targets, for its dashboard and public page."""
    return (Session.objects.select_related("field").prefetch_related("targets", Prefetch(
        "hosts", queryset=SessionHost.objects.select_related("organization__region__parent")))
        .filter(pk=pk).first())


def my_sessions(user) -> QuerySet[Session]:
    return access.managed_sessions(user).select_related("field").prefetch_related(
        "hosts__organization", "targets").order_by("-year", "starts_on", "pk")


# --- The province ----------------------------------------------------------------------------

STATUS_ORDER = [TargetStatus.MET, TargetStatus.ON_TRACK, TargetStatus.AT_RISK, TargetStatus.MISSED,
                TargetStatus.PENDING]


def years_with_sessions() -> list[int]:
    return sorted(set(Session.objects.values_list("year", flat=True)) | set(template_years()), reverse=True)


def _city(session: Session) -> str:
    """The main host's city (a county's parent city)."""
    main = next((host for host in session.hosts.all() if host.is_main), None)
    if main is None:
        return "—"
    region = main.organization.region
    return region.parent.name if region.level == RegionLevel.COUNTY and region.parent else region.name


def _tally(sessions_: list[Session], key) -> list[dict]:
    groups: dict[str, dict] = {}
    for session in sessions_:
        group = groups.setdefault(key(session), {"group": key(session), "sessions": 0,
                                                 **{status: 0 for status in STATUS_ORDER}})
        group["sessions"] += 1
        for target in session.targets.all():
            group[target.status] += 1
    return sorted(groups.values(), key=lambda group: str(group["group"]))


def province(year: int) -> dict:
    """Every session of the year with each target's status, the counts by status, by the main
    host's city and by session type. Three queries whatever the number of sessions."""
    sessions_ = list(Session.objects.filter(year=year).select_related("field").prefetch_related(
        "targets", Prefetch("hosts", queryset=SessionHost.objects.select_related("organization__region__parent")))
        .order_by("session_type", "starts_on", "pk"))
    codes: dict[str, str] = {}
    for session in sessions_:
        for target in session.targets.all():
            codes.setdefault(target.code, target.label)
    rows = []
    for session in sessions_:
        mine = {target.code: target for target in session.targets.all()}
        rows.append({"session": session, "city": _city(session), "cells": [mine.get(code) for code in codes]})
    counts = {status: sum(1 for row in rows for cell in row["cells"] if cell and cell.status == status)
              for status in STATUS_ORDER}
    types = dict(SessionType.choices)
    return {"columns": list(codes.items()), "rows": rows, "counts": counts,
            "by_city": _tally(sessions_, _city), "by_type": _tally(sessions_, lambda s: types[s.session_type]),
            "chart": charts.bar_chart(gettext("Targets by status"), [
                (TargetStatus(status).label, counts[status], charts.STATUS_COLOURS[status])
                for status in STATUS_ORDER])}


def funnels(year: int) -> list[dict]:
    """The year's campaign funnels: the auction's items (submitted → published → in lots →
    sold, with the deals) and the challenge's demands (collected → … → contract). Four queries."""
    campaigns = {campaign.kind: campaign for campaign in Campaign.objects.filter(
        year=year, kind__in=[CampaignKind.AUCTION, CampaignKind.CHALLENGE])}
    auction = campaigns.get(CampaignKind.AUCTION)
    challenge = campaigns.get(CampaignKind.CHALLENGE)
    items = auction_selectors.item_funnel(auction)
    deals = auction_selectors.concluded_deals(campaign=auction).count() if auction else 0
    demand_rows = challenge_selectors.funnel(challenge, "field") if challenge else []
    demands = demand_rows[-1] if demand_rows else dict.fromkeys(challenge_selectors.FUNNEL_STEPS, 0)
    steps = {"items": [(gettext("Submitted"), items["submitted"]), (gettext("Published"), items["published"]),
                       (gettext("In lots"), items["in_lots"]), (gettext("Sold"), items["sold"]),
                       (pgettext("figure", "Deals"), deals)],
             "demands": [(gettext("Collected"), demands["collected"]), (gettext("Diagnosed"), demands["diagnosed"]),
                         (gettext("Published"), demands["published"]), (gettext("Answered"), demands["answered"]),
                         (gettext("Intention"), demands["intention"]), (gettext("Contract"), demands["contract"])]}
    titles = {"items": gettext("Patents and results, from the lists to the sale"),
              "demands": gettext("Demands, from collection to contract")}
    return [{"kind": kind, "title": titles[kind], "steps": rows, "chart": charts.bar_chart(titles[kind], [
        (label, n, charts.PALETTE[0]) for label, n in rows])} for kind, rows in steps.items()]


def _scalar_count(queryset, field: str, distinct: bool = False):
    """COUNT over `queryset` as a scalar subquery (no GROUP BY): one figure per outer row."""
    template = "%(function)s(DISTINCT %(expressions)s)" if distinct else "%(function)s(%(expressions)s)"
    return Coalesce(Subquery(queryset.order_by().annotate(
        n=Func(F(field), function="COUNT", template=template, output_field=IntegerField())).values("n")[:1]), 0)


def server_ranking(year: int) -> QuerySet[Server]:
    """The talent sessions' service people ranked by their results (服务大比拼): the distinct
    enterprises their activities served, the intentions and the deals they brought about. One
    query."""
    return (Server.objects.filter(session__year=year, session__session_type=SessionType.TALENT)
            .select_related("session", "organization")
            .annotate(enterprises=_scalar_count(ServedEnterprise.objects.filter(activity__servers=OuterRef("pk")),
                                                "credit_code", distinct=True),
                      intention_count=_scalar_count(Intention.objects.filter(server=OuterRef("pk")), "id"),
                      deal_count=_scalar_count(DealRecord.objects.filter(server=OuterRef("pk")), "id"))
            .order_by("-deal_count", "-intention_count", "-enterprises", "name"))


def ranking_head(year: int, rows: int) -> tuple[list[Server], int]:
    """The first `rows` of the service ranking and how many people it ranks, in one query."""
    head = list(server_ranking(year).annotate(total=Window(Count("pk")))[:rows])
    return head, (head[0].total if head else 0)


def university_results(year: int) -> list[dict]:
    return challenge_selectors.university_results(year)


# --- The public face -------------------------------------------------------------------------

PUBLIC_ROWS = 30  # the most recent rows a public list shows: a small page for a phone


def public_sessions(year: int | None = None) -> QuerySet[Session]:
    found = sessions().order_by("-year", "starts_on", "pk")
    return found.filter(year=year) if year else found


def public_supply(session: Session) -> dict:
    """The session's published items and public demands (through the lower apps' public
    selectors, so nothing unpublished or hidden can show), the newest first, and how many."""
    items = auction_selectors.catalogue_items().filter(
        pk__in=SessionItem.objects.filter(session=session).values("item_id")).order_by("-published_at", "-pk")
    demands = challenge_selectors.public_demands().filter(
        pk__in=SessionDemand.objects.filter(session=session).values("demand_id"))
    return {"items": list(items.select_related(None).only("pk", "title", "kind", "application_number",
                                                          "published_at")[:PUBLIC_ROWS]),
            "item_count": items.count(),
            "demands": list(demands.select_related(None).prefetch_related(None)
                            .only("pk", "title", "number", "published_at")[:PUBLIC_ROWS]),
            "demand_count": demands.count()}


def public_trading(session: Session) -> dict:
    """The deals and intentions the session registered, as the public may see them: the day
    and the subject, never an amount nor a party."""
    deals_ = DealRecord.objects.filter(session=session)
    intentions_ = Intention.objects.filter(session=session)
    return {"deals": list(deals_.values("signed_on", "subject")[:PUBLIC_ROWS]), "deal_count": deals_.count(),
            "intentions": list(intentions_.values("reached_on", "subject")[:PUBLIC_ROWS]),
            "intention_count": intentions_.count()}


def public_events(session: Session) -> dict:
    """The session's roadshows (with their projects counted), its activities by kind and its
    media reports."""
    kinds = dict(ActivityKind.choices)
    return {
        "roadshows": list(Roadshow.objects.filter(session=session).annotate(project_count=Count("projects"))
                          .values("held_on", "title", "place", "attendees", "project_count")[:PUBLIC_ROWS]),
        "activities": [(kinds.get(kind, kind), n) for kind, n in Activity.objects.filter(session=session)
                       .values_list("kind").annotate(n=Count("id")).order_by("kind")],
        "media": list(MediaReport.objects.filter(session=session).values(
            "outlet", "title", "url", "published_on")[:PUBLIC_ROWS]),
        "cases": list(TypicalCase.objects.filter(session=session, public=True).values(
            "title", "parties", "summary", "recorded_on")[:PUBLIC_ROWS]),
    }
