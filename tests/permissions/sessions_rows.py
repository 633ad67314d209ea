"""The special sessions' rows: the years' target templates are public; a session's dashboard
is its host's organisers' and the administrators'; a report is asked for by them and
downloaded by who asked and the administrators; the annual exhibition is public, its awards
the administrators'."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from sessions_mgmt.models import ReportJob, SpecialAward, TypicalCase
from sessions_mgmt.services import hosting
from tests.conftest import persona
from tests.permissions.table import (
    AUTH,
    CREATED,
    DENIED,
    DONE,
    HIDDEN,
    LOGIN,
    OK,
    REDIRECT,
    REFUSED,
    admin_only,
    answers,
    api_row,
    public,
    row,
)
from tests.sessions_mgmt.helpers import field_of, make_session


def build(world) -> None:
    # Hosted by 苏州市科学技术局, the table's organiser's unit.
    world.session = make_session(2023, title="2023年新能源产业专场（拍卖季）")
    world.session_target = world.session.targets.get(code="typical_cases")
    _records(world)
    _applications(world)
    build_reports(world)


def _applications(world) -> None:
    """A draft of the organiser's authority (苏州市) with a file, and one submitted (the table's
    clock, 2023-06-07, is after the 2023 window: a submission is refused)."""
    organizer = world.users["organizer"]
    data = {"session_type": "challenge_industry", "field": field_of(2023), "title": "苏州生物医药专场",
            "plan": "五月启动", "liaison_name": "吴海燕", "liaison_phone": "0512-68660001"}
    world.application = hosting.save_application(actor=organizer, year=2023, data=data, co_hosts=[])
    world.application_file = hosting.add_file(actor=organizer, application=world.application,
                                              upload=SimpleUploadedFile("申办方案.pdf", b"%PDF-1.4\n%%EOF\n"))
    world.submitted_application = hosting.save_application(actor=organizer, year=2023,
                                                            data={**data, "title": "苏州新材料专场"}, co_hosts=[])
    hosting.submit(actor=organizer, application=world.submitted_application,
                   now=datetime.datetime(2023, 3, 1, 10, tzinfo=datetime.UTC))


ROWS = [
    api_row("the years' session targets", "GET", ("sessions-api:templates",), public(), query="year=2023"),
    row("a session's dashboard", "GET", ("sessions:dashboard", "@session"),
        answers(LOGIN, signed_in="DENIED", admin=OK, organizer=OK)),
    row("a new session", "GET", ("sessions:session-new",), admin_only()),
    row("a session's own targets", "GET", ("sessions:targets", "@session"), admin_only()),
    row("a session's target changed", "POST", ("sessions:targets", "@session"), admin_only(DONE),
        data={"code": "media_reports", "label": "主流媒体报道不少于 3 次", "kind": "min", "metric": "media_reports",
              "goal": "3"}),
    row("a session's target removed", "POST", ("sessions:target-remove", "@session", "@session_target"),
        admin_only(DONE)),
]


# --- A session's records (its host's organisers and the administrators; others: 404) ----------



def _records(world) -> None:
    from sessions_mgmt.models import Intention

    world.intention = Intention.objects.create(
        session=world.session, subject="线下意向", supply_party="南京大学", demand_party="苏州企业",
        reached_on=world.session.starts_on, created_by=persona("organizer"),
        evidence=ContentFile(b"%PDF-1.4 evidence", name="evidence.pdf"))


_MANAGERS = {"admin": OK, "organizer": OK}
_ACTIVITY = {"activity-activity_kind": "visit", "activity-held_on": "2023-06-01", "activity-title": "企业走访",
             "activity-enterprises": ""}
ROWS += [
    row("a session's records", "GET", ("sessions:records", "@session"),
        answers(LOGIN, signed_in=HIDDEN, **_MANAGERS)),
    row("a session record added", "POST", ("sessions:record-add", "@session", "activity"),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, organizer=DONE), data=_ACTIVITY),
    row("a session record removed", "POST", ("sessions:record-remove", "@session", "intention", "@intention"),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, organizer=DONE)),
    row("a session record's form", "GET", ("sessions:record-edit", "@session", "intention", "@intention"),
        answers(LOGIN, signed_in=HIDDEN, **_MANAGERS)),
    row("a session record changed", "POST", ("sessions:record-edit", "@session", "intention", "@intention"),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, organizer=DONE),
        data={"intention-subject": "线下意向（更新）", "intention-supply_party": "南京大学",
              "intention-demand_party": "苏州企业", "intention-reached_on": "2023-06-01", "intention-offline": "on"}),
    row("a session record's evidence", "GET", ("sessions:record-file", "@session", "intention", "@intention"),
        answers(LOGIN, signed_in=HIDDEN, **_MANAGERS)),
    row("a session's summary report submitted", "POST", ("sessions:report-submit", "@session"),
        answers(LOGIN, signed_in=HIDDEN, admin=REFUSED, organizer=REFUSED)),
    row("a session's blank records workbook", "GET", ("sessions:records-template", "@session"),
        answers(LOGIN, signed_in=HIDDEN, **_MANAGERS)),
    row("a session's records workbook uploaded", "POST", ("sessions:records-import", "@session"),
        answers(LOGIN, signed_in=HIDDEN, admin=REFUSED, organizer=REFUSED)),
    row("a session's records import", "GET", ("sessions:records-import-job", "@session", 999999),
        answers(LOGIN, signed_in=HIDDEN, admin=HIDDEN, organizer=HIDDEN)),
    row("a session's collection", "GET", ("sessions:collection", "@session"),
        answers(LOGIN, signed_in=HIDDEN, **_MANAGERS)),
    row("a session's collection: collect", "POST", ("sessions:collection", "@session"),
        answers(LOGIN, signed_in=HIDDEN, admin=REFUSED, organizer=REFUSED), data={"what": "item", "id": "999999"}),
    api_row("a session's records (API)", "GET", ("sessions-api:records", "@session"),
            answers(AUTH, signed_in=HIDDEN, **_MANAGERS)),
    api_row("a session record added (API)", "POST", ("sessions-api:records", "@session"),
            answers(AUTH, signed_in=HIDDEN, admin=CREATED, organizer=CREATED),
            data={"kind": "media_report", "outlet": "新华日报", "title": "专场路演", "url": "https://example.com/a",
                  "published_on": "2023-06-01"}),
]


# Hosting (申办): an authority's organiser and the administrators; another's application is not found.
APPLICANTS = answers(LOGIN, signed_in=DENIED, admin=OK, organizer=OK)
OWN_APPLICATION = answers(LOGIN, signed_in=HIDDEN, admin=OK, organizer=OK)
API_OWN = answers(AUTH, signed_in=DENIED, admin=OK, organizer=OK)
NEW_APPLICATION = {"year": 2023, "session_type": "talent", "title": "苏州人才专场", "plan": "试点",
                   "liaison_name": "吴海燕", "liaison_phone": "0512-68660001"}
ROWS += [
    row("hosting applications", "GET", ("sessions:applications",), APPLICANTS),
    # 2023-06-07: no year accepts applications; the organiser is told so on the list.
    row("a new hosting application's form", "GET", ("sessions:application-new",),
        answers(LOGIN, signed_in=DENIED, organizer=REDIRECT)),
    row("a hosting application", "GET", ("sessions:application", "@application"), OWN_APPLICATION),
    row("a hosting application's form", "GET", ("sessions:application-edit", "@application"), OWN_APPLICATION),
    row("a hosting application saved without its plan", "POST", ("sessions:application-edit", "@application"),
        answers(LOGIN, signed_in=HIDDEN, admin=REFUSED, organizer=REFUSED), data={"title": "无计划"}),
    row("a hosting application submitted after the window", "POST", ("sessions:application-submit", "@application"),
        answers(LOGIN, signed_in=HIDDEN, admin=REFUSED, organizer=REFUSED)),
    row("a hosting application withdrawn", "POST", ("sessions:application-withdraw", "@application"),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, organizer=DONE)),
    row("a host selected", "POST", ("sessions:application-select", "@submitted_application"),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, organizer=REFUSED)),
    row("a hosting application declined without a comment", "POST",
        ("sessions:application-decline", "@submitted_application"),
        answers(LOGIN, signed_in=HIDDEN, admin=REFUSED, organizer=REFUSED)),
    row("a file added to a hosting application without a file", "POST",
        ("sessions:application-file-add", "@application"),
        answers(LOGIN, signed_in=HIDDEN, admin=REFUSED, organizer=REFUSED)),
    row("a hosting application's file", "GET", ("sessions:application-file", "@application_file"),
        OWN_APPLICATION),
    row("a hosting application's file removed", "POST", ("sessions:application-file-remove", "@application_file"),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, organizer=DONE)),
    row("the year's plan and selection", "GET", ("sessions:selection",), admin_only()),
    row("session years", "GET", ("sessions:years",), admin_only()),
    row("a new session year's form", "GET", ("sessions:year-new",), admin_only()),
    row("an existing session year added again", "POST", ("sessions:year-new",), admin_only(REFUSED),
        data={"year": "2023", "applications_open": "2023-02-01", "applications_close": "2023-04-30",
              "sessions_start": "2023-05-15", "sessions_end": "2023-11-30", "city_cap": "2", "county_cap": "1",
              "regional_authorities": "2"}),
    api_row("hosting applications through the API", "GET", ("sessions-api:application-list",), API_OWN),
    api_row("a hosting application created through the API", "POST", ("sessions-api:application-list",),
            answers(AUTH, signed_in=DENIED, organizer=CREATED), data=NEW_APPLICATION),
    api_row("a hosting application through the API", "GET", ("sessions-api:application-detail", "@application"),
            answers(AUTH, signed_in=DENIED, admin=OK, organizer=OK)),
    api_row("a hosting application submitted after the window through the API", "POST",
            ("sessions-api:application-submit", "@application"),
            answers(AUTH, signed_in=DENIED, admin=REFUSED, organizer=REFUSED)),
    api_row("a hosting application withdrawn through the API", "POST", ("sessions-api:application-withdraw", "@application"),
            answers(AUTH, signed_in=DENIED, admin=OK, organizer=OK)),
    api_row("a host selected through the API", "POST", ("sessions-api:application-select", "@submitted_application"),
            answers(AUTH, signed_in=DENIED, admin=CREATED)),
    api_row("a hosting application declined without a comment through the API", "POST",
            ("sessions-api:application-decline", "@submitted_application"),
            answers(AUTH, signed_in=DENIED, admin=REFUSED)),
]


def build_reports(world) -> None:
    """A finished report the organiser asked for, a typical case and a special award."""
    organiser, admin = persona("organizer"), persona("admin_user")
    world.report = ReportJob(kind="session_xlsx", year=2023, session=world.session, requested_by=organiser,
                             status="done", progress=100, filename="专场记录.xlsx")
    world.report.file.save("report.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    world.case = TypicalCase.objects.create(session=world.session, title="钙钛矿组件中试合作", parties="南京大学",
                                            summary="中试", recorded_on=datetime.date(2023, 6, 1), created_by=organiser)
    world.award = SpecialAward.objects.create(year=2023, title="最佳组织奖", recipient="苏州市科学技术局",
                                              created_by=admin)


ORGANISERS = answers(LOGIN, signed_in=DENIED, admin=OK, organizer=OK)
ROWS += [
    row("one's reports", "GET", ("sessions:reports",), ORGANISERS),
    row("a session's records asked for as a report", "POST", ("sessions:report-request",),
        answers(LOGIN, signed_in=DENIED, admin=DONE, organizer=DONE),
        data=lambda world: {"kind": "session_xlsx", "session": world.session.pk}),
    row("a report's file", "GET", ("sessions:report-file", "@report"),
        answers(LOGIN, signed_in=HIDDEN, admin=OK, organizer=OK)),
    row("the annual exhibition", "GET", ("sessions:exhibition", 2023), public()),
    row("the special awards", "GET", ("sessions:awards",), admin_only()),
    row("a special award recorded", "POST", ("sessions:awards",), admin_only(DONE),
        data={"year": "2023", "title": "最佳案例奖", "recipient": "南京大学"}),
    row("a special award removed", "POST", ("sessions:award-remove", "@award"), admin_only(DONE)),
    row("a typical case taken off the exhibition", "POST", ("sessions:award-case", "@case"), admin_only(DONE),
        data={"public": "0"}),
]


# Dashboards, the public pages and the sessions API (the dashboards' helper).
RUNNERS = answers(LOGIN, signed_in="DENIED", admin=OK, organizer=OK)
ROWS += [
    row("the sessions a person runs", "GET", ("sessions:mine",), RUNNERS),
    row("the province's sessions", "GET", ("sessions:province",), admin_only(), query="year=2023"),
    row("the public list of sessions", "GET", ("sessions:public-list",), public()),
    row("a session's public page", "GET", ("sessions:session", "@session"), public()),
    api_row("the sessions", "GET", ("sessions-api:sessions",), public(), query="year=2023"),
    api_row("a session with its targets", "GET", ("sessions-api:session", "@session"), public()),
    api_row("a session's compliance", "GET", ("sessions-api:compliance", "@session"),
            answers(AUTH, signed_in=HIDDEN, admin=OK, organizer=OK)),
]
