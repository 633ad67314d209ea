"""Importing an institution's stock patents: every bad row named by row and column with nothing
written, numbers in their canonical form by the auction's validator, a re-import updating the
patents by number and adding new grants (never twice), and the blank form."""

import io

import pytest
from openpyxl import load_workbook

from jbgs.models import AuditEntry
from tests.transformation.stock import institution, rows, run_import, workbook
from transformation.choices import StockAction
from transformation.models import StockPatent

pytestmark = pytest.mark.django_db


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_a_clean_list_is_imported_with_numbers_fields_and_types(capture):
    org, liaison = institution()
    lines = rows(3)
    lines[1][1] = "ZL" + lines[1][1].replace(".", "")  # the patent number form, without the dot
    lines[2][3] = ""  # the type read from the number
    job = run_import(liaison, org, workbook(lines), capture)
    assert job.status == "done", job.message
    assert (job.total_rows, job.created, job.updated) == (3, 3, 0)
    patents = list(StockPatent.objects.filter(organization=org).order_by("application_number"))
    assert [p.application_number for p in patents] == [line[1] for line in rows(3)]
    assert {p.patent_type for p in patents} == {"invention"}
    assert patents[0].field.name == "新能源" and patents[0].sub_field == "动力电池" and patents[0].stage == "imported"
    assert str(patents[0].grant_date) == "2021-05-06" and patents[0].inventors == "张三、李四"
    assert AuditEntry.objects.filter(action=StockAction.IMPORTED, data__created=3).count() == 1


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(capture):
    org, liaison = institution()
    lines = rows(6)
    lines[1][1] = "201710601862.4"  # wrong check character
    lines[2][2] = ""  # no title
    lines[3][7] = "量子计算"  # not a field of the year
    lines[4][1] = lines[0][1]  # the same patent twice
    lines[5][3] = "实用新型"  # an invention's number
    job = run_import(liaison, org, workbook(lines), capture)
    assert job.status == "failed"
    found = {(error["row"], error["column"]) for error in job.errors}
    # Data rows start on the sheet's row 3 (title, header above).
    assert found == {(4, "申请号"), (5, "专利名称"), (6, "领域"), (7, "申请号"), (8, "专利类型")}, job.errors
    assert not StockPatent.objects.exists()


def test_a_reimport_updates_by_number_and_adds_new_grants_never_twice(capture):
    org, liaison = institution()
    run_import(liaison, org, workbook(rows(3)), capture)
    again = rows(4)
    again[0][2] = "一种改了名称的存量专利"
    again[1][1] = "CN " + again[1][1]  # the same number written otherwise
    job = run_import(liaison, org, workbook(again), capture)
    assert job.status == "done", job.message
    assert (job.created, job.updated) == (1, 3)
    assert StockPatent.objects.filter(organization=org).count() == 4
    assert StockPatent.objects.get(application_number=rows(1)[0][1]).title == "一种改了名称的存量专利"


def test_a_reimport_keeps_what_the_file_does_not_say_and_the_stage(capture):
    org, liaison = institution()
    run_import(liaison, org, workbook(rows(2)), capture)
    StockPatent.objects.filter(organization=org).update(stage="evaluated", sub_field="储能")
    short = [[line[0], line[1], line[2], "2022-01-01"] for line in rows(2)]
    job = run_import(liaison, org, workbook(short, header=HEADER_SHORT), capture)
    assert job.status == "done", job.message
    assert set(StockPatent.objects.values_list("stage", "sub_field", "grant_date__year")) == {("evaluated", "储能", 2022)}


HEADER_SHORT = ["序号", "专利号", "专利名称", "授权公告日"]


def test_the_same_number_in_two_institutions_is_two_patents(capture):
    org, liaison = institution()
    other, other_liaison = institution("扬州工业职业技术学院", username="other-liaison")
    other.kind = "vocational_college"
    other.save(update_fields=["kind"])
    run_import(liaison, org, workbook(rows(1)), capture)
    run_import(other_liaison, other, workbook(rows(1)), capture)
    assert StockPatent.objects.count() == 2


def test_the_blank_form_reads_back_as_having_no_rows(capture, client_as):
    org, liaison = institution()
    response = client_as(liaison).get("/transformation/stock/form.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in book.worksheets[0][3]]
    assert header[:3] == ["序号", "申请号*", "专利名称*"] and "领域" in header
    job = run_import(liaison, org, response.content, capture)
    assert job.status == "failed" and not StockPatent.objects.exists()


def test_only_the_institutions_liaison_imports_into_it(capture, enterprise_user):
    from jbgs.exceptions import NotAllowed

    org, _liaison = institution()
    with pytest.raises(NotAllowed):
        run_import(enterprise_user, org, workbook(rows(1)), capture)


def test_a_whole_stock_may_be_longer_than_a_list_but_not_without_end(capture, settings):
    settings.IMPORT_MAX_ROWS, settings.STOCK_IMPORT_MAX_ROWS = 2, 5
    org, liaison = institution()
    job = run_import(liaison, org, workbook(rows(4)), capture)
    assert job.status == "done" and job.created == 4, job.message
    job = run_import(liaison, org, workbook(rows(30)), capture)
    assert job.status == "failed" and "5" in job.message
