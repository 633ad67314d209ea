"""The figures workbook: every year saved or none, each wrong cell named by row and column,
amounts in 万元 unless the header says 元, a year given twice refused; the page shows the list."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jbgs.choices import Role
from jbgs.exceptions import DomainError
from tests.conftest import make_organization, make_user
from transformation.choices import FiguresSource
from transformation.models import InstitutionFigures
from transformation.services.figures import blank_workbook, import_figures

pytestmark = pytest.mark.django_db

HEADER = ["年度", "知识产权管理人员", "专职从事专利转化人员", "专利授权量", "发明专利授权量", "转让专利件数",
          "许可专利件数", "作价入股专利件数", "转让金额（万元）", "许可金额（元）", "作价入股金额（万元）"]


@pytest.fixture
def institute():
    org = make_organization("江苏大学", "undergraduate_university", "321102")
    return org, make_user("ujs-liaison", org, [Role.LIAISON], name="孙倩")


def upload(*rows, header=HEADER, name="转化数据.xlsx"):
    book = Workbook()
    book.active.append(["江苏大学专利转化数据"])  # a title line above the header, as people write
    book.active.append(header)
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_every_year_is_saved_amounts_in_the_unit_of_their_header(institute):
    org, liaison = institute
    saved = import_figures(actor=liaison, organization=org, upload=upload(
        [2020, 7, 2, 400, 150, 12, 5, 1, 900, 300000, 50], ["2021年", 8, 3, 420, 160, 14, 6, 0, "1,200", "", ""]))
    assert [f.year for f in saved] == [2020, 2021]
    first = InstitutionFigures.objects.get(organization=org, year=2020)
    assert first.amount_by_assignment == Decimal("9000000.00")  # 900 万元
    assert first.amount_by_licence == Decimal("300000.00")  # the header says 元
    assert first.source == FiguresSource.IMPORTED and first.transformed == 18


def test_one_wrong_cell_and_nothing_is_saved_each_named_by_row_and_column(institute):
    org, liaison = institute
    with pytest.raises(DomainError) as refused:
        import_figures(actor=liaison, organization=org, upload=upload(
            [2020, 7, 2, 400, 150, 12, 5, 1, 900, "", ""],
            [2021, 5, 3, "很多", 10, 1, 0, 0, "", "", ""],
            [2020, 7, 2, 400, 150, 12, 5, 1, 900, "", ""]))
    errors = refused.value.extra["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (4, "专利授权量"), (5, "年度")]
    assert "第 4 行" in str(refused.value.message) or "Row 4" in str(refused.value.message)
    assert not InstitutionFigures.objects.filter(organization=org).exists()


def test_a_file_that_is_not_a_workbook_is_refused_by_name(institute):
    org, liaison = institute
    with pytest.raises(DomainError) as refused:
        import_figures(actor=liaison, organization=org, upload=SimpleUploadedFile("数据.xlsx", b"not a zip"))
    assert refused.value.field == "file"
    with pytest.raises(DomainError):
        import_figures(actor=liaison, organization=org, upload=upload(header=["甲", "乙", "丙"]))


def test_the_page_imports_and_lists_the_problems(client_as, institute):
    org, liaison = institute
    client = client_as(liaison)
    url = reverse("transformation:figures-import", args=[org.pk])
    page = client.post(url, {"file": upload([2021, 1, 3, 10, 5, 0, 0, 0, "", "", ""])})
    assert page.status_code == 200 and 'data-testid="import-errors"' in page.content.decode()
    assert "专职从事专利转化人员" in page.content.decode()
    done = client.post(url, {"file": upload([2021, 5, 3, 10, 5, 0, 0, 0, "", "", ""])})
    assert done.status_code == 302 and InstitutionFigures.objects.get(organization=org).ip_staff == 5


def test_the_blank_workbook_has_the_columns_it_reads():
    header = [cell.value for cell in load_workbook(io.BytesIO(blank_workbook())).active[1]]
    assert header[0] == "年度" and "转让金额（万元）" in header and len(header) == 11
