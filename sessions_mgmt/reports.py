"""What the reports say, and their files: a session's 总结报告 and the year's summary as PDF
(WeasyPrint, Chinese fonts embedded, the targets' progress as an SVG drawn here), and the
Excel exports (the province table, a session's records, the year's recommended projects).

Each builder reads its records in a fixed number of queries, whatever their count, and
calls `step(percent)` as it goes: the report job's progress."""

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jbgs.exports import Sheet
from jbgs.pdf import render_pdf
from sessions_mgmt import selectors
from sessions_mgmt.choices import TargetKind, TargetStatus
from sessions_mgmt.models import (
    Activity,
    DealRecord,
    Intention,
    MediaReport,
    RecommendedProject,
    Roadshow,
    RoadshowProject,
    ServedEnterprise,
    Session,
    SessionTarget,
    SpecialAward,
    TypicalCase,
)

Step = Callable[[int], None]
STATUS_COLOURS = {TargetStatus.MET: "#198754", TargetStatus.ON_TRACK: "#0d6efd", TargetStatus.AT_RISK: "#fd7e14",
                  TargetStatus.MISSED: "#dc3545", TargetStatus.PENDING: "#adb5bd"}


def _quiet(_percent: int) -> None:
    return None


# What a target has reached, for a bar.


def progress_of(target: SessionTarget) -> int:
    """0–100: a `done` target is all or nothing, a maximum is full while not exceeded."""
    value, goal = target.value, target.goal
    if value is None:
        return 0
    if target.kind == TargetKind.DONE:
        return 100 if value >= 1 else 0
    if target.kind == TargetKind.MAX:
        return 100 if goal is not None and value <= goal else 0
    return min(100, int(value * 100 / goal)) if goal else 0


def progress_svg(targets: Sequence[SessionTarget]) -> str:
    """A horizontal bar per target, its length the progress, its colour the verdict: inline
    SVG for the PDF (WeasyPrint draws it; the text is in the page's CJK font)."""
    row, label_width, bar_width = 22, 230, 300
    height = row * len(targets) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 50}" height="{height}" '
             f'viewBox="0 0 {label_width + bar_width + 50} {height}" font-family="Noto Sans CJK SC" font-size="10" '
             f'role="img" aria-label="{escape(_("Progress of the targets"))}">']
    for index, target in enumerate(targets):
        y, percent = index * row + 4, progress_of(target)
        colour = STATUS_COLOURS.get(target.status, "#adb5bd")
        parts += [f'<text x="0" y="{y + 13}">{escape(target.label[:22])}</text>',
                  f'<rect x="{label_width}" y="{y}" width="{bar_width}" height="16" fill="#eeeeee"/>',
                  f'<rect x="{label_width}" y="{y}" width="{bar_width * percent // 100}" height="16" '
                  f'fill="{colour}"/>',
                  f'<text x="{label_width + bar_width + 6}" y="{y + 13}">{percent}%</text>']
    axis_y = row * len(targets) + 18
    for percent in (0, 50, 100):
        parts.append(f'<text x="{label_width + bar_width * percent // 100}" y="{axis_y}" fill="#666666" '
                     f'text-anchor="middle">{percent}%</text>')
    parts.append("</svg>")
    return "".join(parts)


# A session's summary report.


@dataclass
class SessionFacts:
    session: Session
    targets: list
    counts: dict
    roadshows: list
    media: list
    cases: list
    recommended: list
    intentions: list
    deals: list
    deal_total: Decimal


def session_facts(session: Session, step: Step = _quiet) -> SessionFacts:
    """Everything a session's report tells, in eleven queries."""
    targets = list(session.targets.all())
    roadshows = list(Roadshow.objects.filter(session=session).prefetch_related("projects").order_by("held_on"))
    step(30)
    media = list(MediaReport.objects.filter(session=session).order_by("published_on", "id"))
    cases = list(TypicalCase.objects.filter(session=session).order_by("recorded_on", "id"))
    recommended = list(RecommendedProject.objects.filter(session=session).order_by("recommended_on", "id"))
    intentions = list(Intention.objects.filter(session=session).order_by("reached_on", "id"))
    deals = list(DealRecord.objects.filter(session=session).order_by("signed_on", "id"))
    step(50)
    served = ServedEnterprise.objects.filter(activity__session=session)
    counts = {
        "activities": Activity.objects.filter(session=session).count(),
        "enterprises": served.values("credit_code").distinct().count(),
        "roadshows": len(roadshows),
        "projects": sum(len(show.projects.all()) for show in roadshows),
        "attendees": sum(show.attendees for show in roadshows),
        "media": len(media), "cases": len(cases), "recommended": len(recommended),
        "intentions": len(intentions), "offline_intentions": sum(1 for i in intentions if i.offline),
        "deals": len(deals),
    }
    return SessionFacts(session, targets, counts, roadshows, media, cases, recommended, intentions, deals,
                        sum((deal.amount for deal in deals), Decimal(0)))


def session_pdf(session: Session, step: Step = _quiet) -> bytes:
    facts = session_facts(session, step)
    hosts = list(session.hosts.select_related("organization"))
    step(60)
    pdf = render_pdf("sessions_mgmt/reports/session.html", {
        "facts": facts, "session": session, "hosts": hosts, "chart": progress_svg(facts.targets),
        "bars": [(target, progress_of(target)) for target in facts.targets], "now": timezone.localtime()})
    step(90)
    return pdf


# The year's summary.


def _per_session(model, year: int, **annotation) -> dict[int, dict]:
    """One grouped query: each session of the year's figures of one kind of record."""
    rows = model.objects.filter(session__year=year).values("session_id").annotate(**annotation)
    return {row.pop("session_id"): row for row in rows}


def city_of(session: Session) -> str:
    main = next((host for host in session.hosts.all() if host.is_main), None)
    region = main.organization.region if main else None
    city = region.city if region else None
    return city.name if city else (region.name if region else "—")


def year_sessions(year: int) -> list[Session]:
    return list(Session.objects.filter(year=year).select_related("field").prefetch_related(
        "hosts__organization__region__parent", "targets").order_by("session_type", "id"))


def year_facts(year: int, step: Step = _quiet) -> dict:
    """The year's sessions with their verdicts and figures, totals by type and by city, the
    exhibition's projects and special awards, in a fixed number of queries."""
    sessions = year_sessions(year)
    step(20)
    figures = defaultdict(dict)
    for source in (
        _per_session(Activity, year, activities=Count("id", distinct=True),
                     enterprises=Count("enterprises__credit_code", distinct=True)),
        _per_session(Roadshow, year, roadshows=Count("id")),
        _per_session(Intention, year, intentions=Count("id")),
        _per_session(DealRecord, year, deals=Count("id"), amount=Sum("amount")),
        _per_session(RecommendedProject, year, recommended=Count("id")),
        _per_session(TypicalCase, year, cases=Count("id")),
    ):
        for session_id, values in source.items():
            figures[session_id].update(values)
    step(50)
    rows = []
    for session in sessions:
        statuses = Counter(target.status for target in session.targets.all())
        rows.append({"session": session, "city": city_of(session), "statuses": statuses,
                     "targets": sum(statuses.values()), "figures": figures[session.pk]})
    return {"year": year, "rows": rows, "by_type": _totals(rows, lambda r: r["session"].get_session_type_display()),
            "by_city": _totals(rows, lambda r: r["city"]), "projects": recommended_of_year(year),
            "awards": list(awards_of_year(year)), "statuses": list(TargetStatus)}


FIGURES = ("activities", "enterprises", "roadshows", "intentions", "deals", "amount", "recommended", "cases")


def _totals(rows: list[dict], key: Callable[[dict], str]) -> list[dict]:
    totals: dict[str, dict] = {}
    for row in rows:
        total = totals.setdefault(key(row), {"name": key(row), "sessions": 0, "met": 0, "targets": 0,
                                             **{name: 0 for name in FIGURES}})
        total["sessions"] += 1
        total["met"] += row["statuses"][TargetStatus.MET]
        total["targets"] += row["targets"]
        for name in FIGURES:
            total[name] += row["figures"].get(name) or 0
    return sorted(totals.values(), key=lambda total: total["name"])


def year_pdf(year: int, step: Step = _quiet) -> bytes:
    facts = year_facts(year, step)
    step(60)
    pdf = render_pdf("sessions_mgmt/reports/year.html", {**facts, "now": timezone.localtime()})
    step(90)
    return pdf


# The exhibition's content, shared by the year's summary and the public page.


def recommended_of_year(year: int) -> list[RecommendedProject]:
    return list(RecommendedProject.objects.filter(session__year=year).select_related("session")
                .order_by("session__session_type", "session_id", "recommended_on", "id"))


def public_cases_of_year(year: int) -> list[TypicalCase]:
    return list(TypicalCase.objects.filter(session__year=year, public=True).select_related("session")
                .order_by("session_id", "recorded_on", "id"))


def awards_of_year(year: int):
    return SpecialAward.objects.filter(year=year).select_related("session", "case", "project").order_by("id")


# Excel.


def _number(value):
    return None if value is None else float(value) if isinstance(value, Decimal) else value


def province_sheets(year: int, step: Step = _quiet) -> list[Sheet]:
    """Every session of the year × its targets (value, goal, verdict), and a sheet of the
    sessions with their verdicts counted."""
    sessions = year_sessions(year)
    step(40)
    statuses = list(TargetStatus)
    targets = Sheet(_("Targets"), [_("Session"), _("Type"), _("City"), _("Target"), _("Kind"), _("Goal"),
                                   _("Deadline"), _("Value"), _("Status")], [
        [s.title, s.get_session_type_display(), city_of(s), t.label, t.get_kind_display(), _number(t.goal),
         t.deadline, _number(t.value), t.get_status_display()] for s in sessions for t in s.targets.all()])
    summary = Sheet(_("Sessions"), [_("Session"), _("Type"), _("City"), *[str(s.label) for s in statuses]], [
        [s.title, s.get_session_type_display(), city_of(s),
         *[sum(1 for t in s.targets.all() if t.status == status) for status in statuses]] for s in sessions])
    step(70)
    servers = Sheet(_("Service ranking"), [_("Rank"), _("Name"), _("Serves as"), _("Unit"), _("Session"),
                                           _("Enterprises served"), _("Intentions"), pgettext("figure", "Deals")], [
        [rank, server.name, server.get_kind_display(), server.organization.name if server.organization else "",
         server.session.title, server.enterprises, server.intention_count, server.deal_count]
        for rank, server in enumerate(selectors.server_ranking(year), start=1)])
    universities = Sheet(_("Universities' service results"), [_("University or institute"), _("Solutions"),
                                                               _("Intentions"), pgettext("figure", "Deals")], [
        [u["name"], u["solutions"], u["intentions"], u["deals"]] for u in selectors.university_results(year)])
    return [summary, targets, universities, servers]


def session_sheets(session: Session, step: Step = _quiet) -> list[Sheet]:
    """A session's records, one sheet per kind."""
    facts = session_facts(session, step)
    enterprises = ServedEnterprise.objects.filter(activity__session=session).select_related("activity").order_by(
        "activity__held_on", "id")
    activities = Activity.objects.filter(session=session).annotate(served=Count("enterprises")).order_by("held_on")
    projects = RoadshowProject.objects.filter(roadshow__session=session).select_related("roadshow").order_by(
        "roadshow__held_on", "id")
    return [
        Sheet(_("Targets"), [_("Target"), _("Kind"), _("Goal"), _("Deadline"), _("Value"), _("Status")],
              [[t.label, t.get_kind_display(), _number(t.goal), t.deadline, _number(t.value), t.get_status_display()]
               for t in facts.targets]),
        Sheet(_("Activities"), [_("Held on"), _("Kind"), _("Title"), _("Place"), _("Enterprises served")],
              [[a.held_on, a.get_kind_display(), a.title, a.place, a.served] for a in activities]),
        Sheet(_("Enterprises served"), [_("Activity"), _("Held on"), _("Enterprise"), _("Credit code")],
              [[e.activity.title, e.activity.held_on, e.name, e.credit_code] for e in enterprises]),
        Sheet(_("Roadshows"), [_("Held on"), _("Title"), _("Place"), _("Attendees")],
              [[r.held_on, r.title, r.place, r.attendees] for r in facts.roadshows]),
        Sheet(_("Roadshow projects"), [_("Roadshow"), _("Project"), _("Kind"), _("Presented by"), _("Major result")],
              [[p.roadshow.title, p.title, p.get_kind_display(), p.presenter, _("yes") if p.major_result else ""]
               for p in projects]),
        Sheet(_("Media reports"), [_("Published on"), _("Outlet"), _("Headline"), _("Link")],
              [[m.published_on, m.outlet, m.title, m.url] for m in facts.media]),
        Sheet(pgettext("sheet", "Typical cases"), [_("Recorded on"), _("Title"), _("Parties"), _("Summary"), _("Public")],
              [[c.recorded_on, c.title, c.parties, c.summary, _("yes") if c.public else _("no")] for c in facts.cases]),
        Sheet(_("Recommended projects"), [_("Recommended on"), _("Project"), _("Unit"), _("Summary")],
              [[p.recommended_on, p.title, p.unit, p.summary] for p in facts.recommended]),
        Sheet(_("Intentions"), [_("Reached on"), _("Subject"), _("Supply side"), _("Demand side"), _("Offline")],
              [[i.reached_on, i.subject, i.supply_party, i.demand_party, _("yes") if i.offline else _("no")]
               for i in facts.intentions]),
        Sheet(pgettext("sheet", "Deals"), [_("Signed on"), _("Subject"), _("Seller"), _("Buyer"), _("Amount (yuan)"),
                           _("Contract or registration number")],
              [[d.signed_on, d.subject, d.seller, d.buyer, _number(d.amount), d.contract_number] for d in facts.deals]),
    ]


def recommended_sheets(year: int, step: Step = _quiet) -> list[Sheet]:
    projects = recommended_of_year(year)
    step(50)
    return [Sheet(_("Recommended projects"), [_("Session"), _("Project"), _("Unit"), _("Summary"),
                                              _("Recommended on")],
                  [[p.session.title, p.title, p.unit, p.summary, p.recommended_on] for p in projects])]

