"""The 专场活动数据汇交表: a workbook of good rows is imported whole; one bad row anywhere writes
nothing and is reported with its sheet, row and column; a formula is never kept as a name (a NUL, which a workbook cannot
hold, is cleaned by the service: test_records)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from jbgs.models import ImportJob, ImportStatus
from jbgs.services.imports import run_import, start_import
from sessions_mgmt.importers import RECORDS_IMPORT, blank_workbook
from sessions_mgmt.models import (
    Activity,
    DealRecord,
    Intention,
    MediaReport,
    Roadshow,
    ServedEnterprise,
)
from tests.conftest import persona
from tests.sessions_mgmt.helpers import make_session
from tests.sessions_mgmt.test_records import code

pytestmark = pytest.mark.django_db

HEADERS = {
    "服务活动": ["日期", "活动类型", "活动名称", "地点", "企业名称", "统一社会信用代码"],
    "路演": ["日期", "路演名称", "参会人数", "项目名称", "项目类型", "路演单位", "重大成果"],
    "意向": ["日期", "意向事项", "供给方", "需求方", "线下达成"],
    "成交": ["日期", "成交事项", "卖方", "买方", "成交金额（万元）", "合同编号"],
    "媒体报道": ["日期", "媒体", "标题", "链接"],
}


def good_rows() -> dict:
    return {
        "服务活动": [["2023-06-01", "走访", "新能源走访", "园区", "苏州甲公司", code(1)],
                 ["2023-06-01", "走访", "新能源走访", "园区", "苏州乙公司", code(2)],
                 ["2023-06-01", "走访", "新能源走访", "园区", "苏州甲公司", code(1)],
                 ["2023-06-05", "沙龙", "技术沙龙", "", "无锡丙公司", code(3, "320214")]],
        "路演": [["2023-10-20", "专场路演", 90, "固态电池", "成果", "南京大学", "是"],
               ["2023-10-20", "专场路演", 90, "隔膜需求", "需求", "苏州甲公司", "否"]],
        "意向": [["2023-07-01", "合作开发", "东南大学", "苏州乙公司", "是"]],
        "成交": [["2023-08-01", "专利转让", "南京工业大学", "苏州甲公司", "30", "HT-2023-1"]],
        "媒体报道": [["2023-10-21", "新华日报", "专场路演举行", "https://news.example.com/1"]],
    }


def workbook(rows: dict) -> SimpleUploadedFile:
    book = Workbook()
    for position, (name, headers) in enumerate(HEADERS.items()):
        sheet = book.active if position == 0 else book.create_sheet(name)
        sheet.title = name
        sheet.append(headers)
        for values in rows.get(name, []):
            sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("汇交表.xlsx", buffer.getvalue())


def imported(session, rows: dict) -> ImportJob:
    job = start_import(kind=RECORDS_IMPORT, target_id=session.pk, actor=persona("organizer"), upload=workbook(rows))
    run_import(job.pk)
    return ImportJob.objects.get(pk=job.pk)


def test_a_workbook_of_good_rows_is_imported_whole():
    session = make_session()
    job = imported(session, good_rows())
    assert (job.status, job.created, job.errors) == (ImportStatus.DONE, 6, [])
    assert Activity.objects.filter(session=session).count() == 2
    assert ServedEnterprise.objects.filter(activity__session=session).count() == 3  # 甲 once in its activity
    show = Roadshow.objects.get(session=session)
    assert (show.attendees, show.projects.count(), show.projects.filter(major_result=True).count()) == (90, 2, 1)
    assert Intention.objects.get(session=session).offline
    assert str(DealRecord.objects.get(session=session).amount) == "300000.00"  # 30 万元
    assert MediaReport.objects.filter(session=session).count() == 1


def test_one_bad_row_writes_nothing_and_is_named_by_sheet_row_and_column():
    session = make_session()
    rows = good_rows()
    rows["成交"].append(["2023-08-02", "许可", "东南大学", "苏州乙公司", "很多", ""])
    rows["服务活动"][1][5] = "91320506MA0000000X"
    job = imported(session, rows)
    assert job.status == ImportStatus.FAILED and "本次未导入任何数据" in job.message
    where = {(error["sheet"], error["row"], error["column"]) for error in job.errors}
    assert where == {("成交", 3, "成交金额（万元）"), ("服务活动", 3, "统一社会信用代码")}
    assert not (Activity.objects.exists() or DealRecord.objects.exists() or MediaReport.objects.exists())


def test_a_formula_in_a_name_is_reported_and_writes_nothing():
    session = make_session()
    rows = good_rows()
    rows["意向"][0][2] = '=HYPERLINK("http://evil.example","东南大学")'
    job = imported(session, rows)
    assert [(e["sheet"], e["row"], e["column"]) for e in job.errors] == [("意向", 2, "供给方")]
    assert not Intention.objects.exists()


def test_the_blank_workbook_has_a_sheet_per_kind_and_imports_as_nothing():
    session = make_session()
    book = load_workbook(io.BytesIO(blank_workbook(session)))
    assert book.sheetnames[:5] == list(HEADERS)
    job = start_import(kind=RECORDS_IMPORT, target_id=session.pk, actor=persona("organizer"),
                       upload=SimpleUploadedFile("blank.xlsx", blank_workbook(session)))
    run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and not Activity.objects.exists()
