"""Read queries of the special sessions, for their pages, API and jobs."""

from sessions_mgmt.choices import GROUP_OF, SessionType
from sessions_mgmt.models import SessionPlan, TargetTemplate


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


def sessions():
    from sessions_mgmt.models import Session

    return Session.objects.select_related("field").prefetch_related("hosts__organization")


def target_cards(session) -> list[dict]:
    """Each target of a session with its progress towards the goal (0–100, for a bar)."""
    cards = []
    for target in session.targets.all():
        value, goal = target.value, target.goal
        if target.kind == "done":
            progress = 100 if value and value >= 1 else 0
        elif goal and value is not None:
            progress = min(100, int(value * 100 / goal))
        else:
            progress = 0
        cards.append({"target": target, "progress": progress})
    return cards


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
