"""The special sessions' rows: the years' target templates are public; a session's dashboard
is its host's organisers' and the administrators'; a report is asked for by them and
downloaded by who asked and the administrators; the annual exhibition is public, its awards
the administrators'."""

import datetime

from django.core.files.base import ContentFile

from sessions_mgmt.models import ReportJob, SpecialAward, TypicalCase
from tests.conftest import persona
from tests.permissions.table import (
    DENIED,
    DONE,
    HIDDEN,
    LOGIN,
    OK,
    admin_only,
    answers,
    api_row,
    public,
    row,
)
from tests.sessions_mgmt.helpers import make_session


def build(world) -> None:
    # Hosted by 苏州市科学技术局, the table's organiser's unit.
    world.session = make_session(2023, title="2023年新能源产业专场（拍卖季）")
    build_reports(world)


ROWS = [
    api_row("the years' session targets", "GET", ("sessions-api:templates",), public(), query="year=2023"),
    row("a session's dashboard", "GET", ("sessions:dashboard", "@session"),
        answers(LOGIN, signed_in="DENIED", admin=OK, organizer=OK)),
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
