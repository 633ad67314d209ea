"""The special sessions' rows: the years' target templates are public; a session's dashboard
is its host's organisers' and the administrators'."""

from tests.permissions.table import DONE, LOGIN, OK, admin_only, answers, api_row, public, row
from tests.sessions_mgmt.helpers import make_session


def build(world) -> None:
    # Hosted by 苏州市科学技术局, the table's organiser's unit.
    world.session = make_session(2023, title="2023年新能源产业专场（拍卖季）")
    world.session_target = world.session.targets.get(code="typical_cases")


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
