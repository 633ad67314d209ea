"""Patent transformation's rows: the calls and their pre-check are public; an institution's
figures are its own people's and the administrators', kept by its liaison and the
administrators; the list of institutions is the administrators'."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

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


def _workbook(world) -> dict:
    book = Workbook()
    book.active.append(["年度", "知识产权管理人员", "专职从事专利转化人员", "专利授权量", "发明专利授权量", "转让专利件数"])
    book.active.append([2020, 6, 2, 160, 40, 12])
    buffer = io.BytesIO()
    book.save(buffer)
    return {"file": SimpleUploadedFile("转化数据.xlsx", buffer.getvalue())}


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
    row("an institution's figures imported", "POST", ("transformation:figures-import", "@seller_org"),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, liaison=DONE), data=_workbook),
    row("the blank figures workbook", "GET", ("transformation:figures-template",), answers(LOGIN, signed_in=OK)),
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
