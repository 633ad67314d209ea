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
