"""Patent transformation's rows: the calls and their pre-check are public; an institution's
figures are its own people's and the administrators', kept by its liaison and the
administrators; the list of institutions is the administrators'."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.permissions.table import (
    ACCEPTED,
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
    api_admin_only,
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
    build_stock(world)


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
    # Policy lists: the administrators', and an authority's organisers' for their own city.
    row("the policy lists", "GET", ("transformation:policy-lists",), admin_only(organizer=OK)),
    row("a policy list", "GET", ("transformation:policy-list", "project-support"), admin_only(organizer=OK),
        query="year=2023"),
    row("a policy list in Excel", "GET", ("transformation:policy-list", "transfer-rewards"), admin_only(organizer=OK),
        query="year=2023&format=xlsx"),
    api_row("a policy list through the API", "GET", ("transformation-api:policy-list", "innovation-vouchers"),
            api_admin_only(organizer=OK), query="year=2023"),
    # The partner feeds are public.
    api_row("the items feed through the API", "GET", ("transformation-api:feed-items",), public()),
    api_row("the items feed in Excel through the API", "GET", ("transformation-api:feed-items-xlsx",), public()),
    api_row("the open licences feed through the API", "GET", ("transformation-api:feed-open-licences",), public()),
    api_row("the open licences feed in Excel through the API", "GET",
            ("transformation-api:feed-open-licences-xlsx",), public()),
    api_row("the demands feed through the API", "GET", ("transformation-api:feed-demands",), public(),
            query="updated_since=2023-01-01T00:00:00%2B08:00"),
    api_row("the demands feed in Excel through the API", "GET", ("transformation-api:feed-demands-xlsx",), public()),
]


# --- The stock-patent inventory: the world's patent is the seller unit's (an institute in Suzhou,
# the organiser's city), screened, given to the enterprise persona's unit for review.


def build_stock(world) -> None:
    from jbgs.models import ImportJob
    from transformation.importers import STOCK_IMPORT
    from transformation.models import StockEvaluation, StockPatent

    liaison = world.users["liaison"]
    world.stock_patent = StockPatent.objects.create(
        organization=world.seller_org, application_number="201710601862.3", title="一种存量专利", patent_type="invention",
        stage="screened", selected=True, reviewer=world.users["enterprise"].organization)
    StockEvaluation.objects.create(patent=world.stock_patent, kind="institution", maturity=3, market=3, value=3,
                                   recommended=True, recorded_by=liaison, recorded_at="2024-01-01T00:00:00Z")
    world.stock_job = ImportJob.objects.create(kind=STOCK_IMPORT, target_id=world.seller_org.pk, owner=liaison,
                                               file="imports/stock.xlsx", original_name="存量专利.xlsx")
    world.enterprise_org = world.users["enterprise"].organization


def _stock_file(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.transformation.stock import rows, workbook

    return {"file": SimpleUploadedFile("存量专利.xlsx", workbook(rows(1)))}


STOCK_KEEPERS = {"admin": DONE, "liaison": DONE, "organizer": REFUSED, "enterprise": REFUSED}
EVALUATION = {"institution-kind": "institution", "institution-maturity": "4", "institution-market": "4",
              "institution-value": "4", "institution-recommended": "yes"}
STOCK_SEERS = {"admin": OK, "liaison": OK, "other_liaison": OK, "organizer": OK}
OWN_INSTITUTION = {"liaison": OK, "other_liaison": OK}
PATENT_SEERS = {"admin": OK, "liaison": OK, "organizer": OK, "enterprise": OK}

ROWS += [
    row("the stock-patent coverage", "GET", ("transformation:stock",), answers(LOGIN, signed_in=HIDDEN, **STOCK_SEERS)),
    row("the stock patents left, as Excel", "GET", ("transformation:stock-left-export",),
        answers(LOGIN, signed_in=HIDDEN, **STOCK_SEERS)),
    row("the blank stock-patent list", "GET", ("transformation:stock-form",),
        answers(LOGIN, signed_in=HIDDEN, admin=OK, **OWN_INSTITUTION)),
    row("the stock-patent import page", "GET", ("transformation:stock-import",),
        answers(LOGIN, signed_in=HIDDEN, admin=OK, **OWN_INSTITUTION)),
    # An administrator imports for the institution chosen on the page: none chosen here.
    row("a stock-patent list imported", "POST", ("transformation:stock-import",),
        answers(LOGIN, signed_in=HIDDEN, admin=REFUSED, liaison=DONE, other_liaison=DONE), data=_stock_file),
    row("a stock-patent import", "GET", ("transformation:stock-import-job", "@stock_job"),
        answers(LOGIN, signed_in=DENIED, admin=OK, liaison=OK)),
    row("the stock patents to review", "GET", ("transformation:stock-reviews",), answers(LOGIN, signed_in=OK)),
    row("a stock patent", "GET", ("transformation:stock-patent", "@stock_patent"),
        answers(LOGIN, signed_in=HIDDEN, **PATENT_SEERS)),
    row("a stock patent evaluated", "POST", ("transformation:stock-evaluate", "@stock_patent"),
        answers(LOGIN, signed_in=HIDDEN, **STOCK_KEEPERS), data=EVALUATION),
    row("a stock patent screened", "POST", ("transformation:stock-screen", "@stock_patent"),
        answers(LOGIN, signed_in=HIDDEN, **STOCK_KEEPERS), data={"selected": "yes", "note": ""}),
    row("a stock patent registered", "POST", ("transformation:stock-register", "@stock_patent"),
        answers(LOGIN, signed_in=HIDDEN, **STOCK_KEEPERS), data={"pool": "provincial"}),
    row("a stock patent given to a reviewer", "POST", ("transformation:stock-reviewer", "@stock_patent"),
        answers(LOGIN, signed_in=HIDDEN, **STOCK_KEEPERS), data=lambda world: {"reviewer": world.enterprise_org.pk}),
    # Not registered yet, and no enterprise demands in its field: refused even to its keepers.
    row("a stock patent pushed", "POST", ("transformation:stock-match", "@stock_patent"),
        answers(LOGIN, signed_in=HIDDEN, **{**STOCK_KEEPERS, "admin": REFUSED, "liaison": REFUSED}),
        data=lambda world: {"organizations": [world.enterprise_org.pk], "reason": "同一领域"}),
    api_row("the stock patents through the API", "GET", ("transformation-api:stock-patents",), answers(AUTH, signed_in=OK)),
    api_row("a stock patent through the API", "GET", ("transformation-api:stock-patent", "@stock_patent"),
            answers(AUTH, signed_in=HIDDEN, **PATENT_SEERS)),
    api_row("a stock patent evaluated through the API", "POST", ("transformation-api:stock-evaluations", "@stock_patent"),
            answers(AUTH, signed_in=HIDDEN, admin=CREATED, liaison=CREATED, organizer=DENIED, enterprise=DENIED),
            data={"kind": "institution", "maturity": 4, "market": 4, "value": 4, "recommended": True}),
    api_row("the stock-patent imports through the API", "GET", ("transformation-api:stock-imports",),
            answers(AUTH, signed_in=OK)),
    api_row("a stock-patent list imported through the API", "POST", ("transformation-api:stock-imports",),
            answers(AUTH, signed_in=DENIED, admin=REFUSED, liaison=ACCEPTED, other_liaison=ACCEPTED),
            data=_stock_file, format="multipart"),
    api_row("a stock-patent import through the API", "GET", ("transformation-api:stock-import", "@stock_job"),
            answers(AUTH, signed_in=HIDDEN, admin=OK, liaison=OK)),
    api_row("a stock-patent import's errors through the API", "GET",
            ("transformation-api:stock-import-errors", "@stock_job"), answers(AUTH, signed_in=HIDDEN, admin=OK, liaison=OK)),
]

ROWS += [
    row("a city's stock-patent target date set", "POST", ("transformation:stock-target",),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE), data={"region": "320500", "due_on": "2025-12-31"}),
]

ROWS += [
    row("a stock-patent list imported for a chosen institution", "POST", ("transformation:stock-import",),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, liaison=DONE, other_liaison=DONE),
        data=lambda world: {**_stock_file(world), "organization": world.seller_org.pk}),
    row("many stock patents given to a reviewer", "POST", ("transformation:stock-reviewer-many",),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, liaison=DONE),
        data=lambda world: {"unit": world.seller_org.pk, "reviewer": world.enterprise_org.pk, "which": "ticked",
                            "patents": [world.stock_patent.pk]}),
]

# The administrators keep the calls (transformation.views.call_admin); others are refused as on
# the administrators' other pages.
CALL_FIELDS = {"code": "2030-university", "year": "2030", "direction": "university", "title": "2030年度专利转化专项计划",
               "opens_on": "2030-01-01", "closes_on": "2030-01-30", "city_cap": "1",
               "rules": "ip_staff | 配有知识产权管理人员不少于5人 | ip_staff >= 5"}
ROWS += [
    row("a new project call's form", "GET", ("transformation:call-new",), admin_only()),
    row("a new project call created", "POST", ("transformation:call-new",), admin_only(DONE), data=CALL_FIELDS),
    row("a project call's edit form", "GET", ("transformation:call-edit", "@call"), admin_only()),
    row("a project call changed", "POST", ("transformation:call-edit", "@call"), admin_only(DONE),
        data={**CALL_FIELDS, "code": "2022-university", "year": "2022"}),
]
