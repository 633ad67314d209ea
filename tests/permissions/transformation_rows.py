"""Patent transformation's rows: the calls and their pre-check are public; an institution's
figures are its own people's and the administrators', kept by its liaison and the
administrators; the list of institutions is the administrators'."""

from tests.permissions.table import (
    AUTH,
    CREATED,
    DONE,
    HIDDEN,
    LOGIN,
    OK,
    REDIRECT,
    admin_only,
    answers,
    api_row,
    public,
    row,
)
from transformation.models import Call

FIGURES = {"year": "2021", "ip_staff": "6", "ip_staff_full_time": "2", "patents_granted": "160",
           "invention_patents_granted": "40", "transformed_by_assignment": "10", "transformed_by_licence": "6",
           "transformed_by_equity": "0", "amount_by_assignment": "300", "amount_by_licence": "80",
           "amount_by_equity": ""}


def build(world) -> None:
    world.call = Call.objects.get(code="2022-university")


ROWS = [
    row("the project calls", "GET", ("transformation:calls",), public()),
    row("a project call", "GET", ("transformation:call", "@call"), public()),
    row("a call's pre-check", "POST", ("transformation:call", "@call"), public(),
        data={"ip_staff": "5", "ip_staff_full_time": "2", "grants_avg": "151"}),
    row("my unit's transformation figures", "GET", ("transformation:my-figures",),
        answers(LOGIN, signed_in=HIDDEN, liaison=REDIRECT, other_liaison=REDIRECT, expert=REDIRECT)),
    row("the institutions' figures", "GET", ("transformation:institutions",), admin_only()),
    row("an institution's figures", "GET", ("transformation:figures", "@seller_org"),
        answers(LOGIN, signed_in=HIDDEN, admin=OK, liaison=OK)),
    row("an institution's figures saved", "POST", ("transformation:figures", "@seller_org"),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, liaison=DONE), data=FIGURES),
    api_row("the project calls through the API", "GET", ("transformation-api:calls",), public(), query="year=2022"),
    api_row("a project call through the API", "GET", ("transformation-api:call", "@call"), public()),
    api_row("a call's pre-check through the API", "POST", ("transformation-api:call-check", "@call"), public(),
            data={"ip_staff": 5, "ip_staff_full_time": 2, "grants_avg": 151, "transformed_avg": 16}),
    api_row("an institution's figures through the API", "GET", ("transformation-api:institution-figures", "@seller_org"),
            answers(AUTH, signed_in=HIDDEN, admin=OK, liaison=OK)),
    api_row("an institution's figures saved through the API", "POST", ("transformation-api:institution-figures", "@seller_org"),
            answers(AUTH, signed_in=HIDDEN, admin=CREATED, liaison=CREATED),
            data={**FIGURES, "amount_by_assignment": "3000000", "amount_by_licence": "800000"}),
]

from tests.permissions import application_rows  # noqa: E402

_build_calls_and_figures = build


def build(world) -> None:  # noqa: F811
    _build_calls_and_figures(world)
    application_rows.build(world)


ROWS += application_rows.ROWS
