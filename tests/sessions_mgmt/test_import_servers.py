"""The 专场活动数据汇交表 credits the session's service people (服务人员) with the activities
they served, by name in the activity sheet's optional 服务人员 column, through the records'
one rule: a name the session has not recorded is reported by row and column and nothing is
written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from jbgs.models import ImportJob, ImportStatus
from jbgs.services.imports import run_import, start_import
from sessions_mgmt.importers import RECORDS_IMPORT, blank_workbook
from sessions_mgmt.models import Activity
from sessions_mgmt.selectors import server_ranking
from sessions_mgmt.services import records
from tests.conftest import persona
from tests.sessions_mgmt.helpers import make_session
from tests.sessions_mgmt.test_records import code

pytestmark = pytest.mark.django_db

HEADERS = ["日期", "活动类型", "活动名称", "地点", "企业名称", "统一社会信用代码", "服务人员"]


def upload(rows: list[list]) -> SimpleUploadedFile:
    book = Workbook()
    book.active.title = "服务活动"
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("汇交表.xlsx", buffer.getvalue())


def imported(session, rows) -> ImportJob:
    job = start_import(kind=RECORDS_IMPORT, target_id=session.pk, actor=persona("organizer"), upload=upload(rows))
    run_import(job.pk)
    return ImportJob.objects.get(pk=job.pk)


@pytest.fixture
def talent_session():
    session = make_session(2023, "talent", title="苏州科技人才服务专场")
    for name, kind in (("周敏", "town_team"), ("钱进", "manager"), ("陆文博", "manager")):
        records.add(actor=persona("organizer"), session=session, kind="server", data={"name": name, "kind": kind})
    return session


def test_the_people_named_on_any_row_of_an_activity_are_credited(talent_session):
    job = imported(talent_session, [
        ["2023-06-01", "走访", "人才走访", "园区", "苏州甲公司", code(1), "周敏、钱进"],
        ["2023-06-01", "走访", "人才走访", "园区", "苏州乙公司", code(2), "钱进，周敏"],
        ["2023-06-01", "走访", "人才走访", "园区", "苏州丙公司", code(3), ""],
        ["2023-06-05", "沙龙", "技术沙龙", "", "苏州丁公司", code(4), ""]])
    assert (job.status, job.errors) == (ImportStatus.DONE, [])
    visit, salon = Activity.objects.filter(session=talent_session).order_by("held_on")
    assert sorted(visit.servers.values_list("name", flat=True)) == ["周敏", "钱进"]
    assert not salon.servers.exists()
    ranking = {person.name: person.enterprises for person in server_ranking(2023)}
    assert ranking == {"周敏": 3, "钱进": 3, "陆文博": 0}


def test_an_unknown_name_is_reported_by_row_and_column_and_nothing_is_written(talent_session):
    job = imported(talent_session, [
        ["2023-06-01", "走访", "人才走访", "园区", "苏州甲公司", code(1), ""],
        ["2023-06-01", "走访", "人才走访", "园区", "苏州乙公司", code(2), "周敏、孙无名"],
        ["2023-06-05", "沙龙", "技术沙龙", "", "苏州丁公司", code(4), "陆文博"]])
    assert job.status == ImportStatus.FAILED
    assert [(e["sheet"], e["row"], e["column"]) for e in job.errors] == [("服务活动", 3, "服务人员")]
    assert "孙无名" in job.errors[0]["message"]
    assert not Activity.objects.exists()


def test_the_blank_workbook_has_the_column_and_says_how_to_fill_it():
    book = load_workbook(io.BytesIO(blank_workbook(make_session())))
    headers = [str(cell.value or "") for row in book["服务活动"].iter_rows(max_row=4) for cell in row]
    assert any(header.startswith("服务人员") for header in headers)
    notes = "\n".join(str(cell.value) for cell in book["填写说明"]["A"] if cell.value)
    assert "服务人员" in notes and "服务大比拼" in notes
