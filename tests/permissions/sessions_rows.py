"""The special sessions' rows: the years' target templates are public; a session's dashboard
is its host's organisers' and the administrators'."""

from tests.permissions.table import DONE, LOGIN, OK, admin_only, answers, api_row, public, row
from tests.sessions_mgmt.helpers import make_session


def build(world) -> None:
    # Hosted by 苏州市科学技术局, the table's organiser's unit.
    world.session = make_session(2023, title="2023年新能源产业专场（拍卖季）")
    world.session_target = world.session.targets.get(code="typical_cases")
    _records(world)


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

from django.core.files.base import ContentFile  # noqa: E402

from tests.conftest import persona  # noqa: E402
from tests.permissions.table import AUTH, CREATED, DONE, HIDDEN, REFUSED  # noqa: E402


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
