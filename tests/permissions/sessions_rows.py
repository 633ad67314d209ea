"""The special sessions' rows: the years' target templates are public; a session's dashboard
is its host's organisers' and the administrators'."""

from tests.permissions.table import (
    AUTH,
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


ROWS = [
    api_row("the years' session targets", "GET", ("sessions-api:templates",), public(), query="year=2023"),
    row("a session's dashboard", "GET", ("sessions:dashboard", "@session"),
        answers(LOGIN, signed_in="DENIED", admin=OK, organizer=OK)),
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
