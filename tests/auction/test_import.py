"""Importing the official form as people really fill it: every accepted format, every bad
row reported exactly once, good rows saved whole, a second import updating not duplicating."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from auction.models import Item
from jbgs.models import AuditEntry, ImportJob
from jbgs.services.imports import start_import
from tests.auction import spreadsheets


def run(liaison, unit_list, name, content, django_capture_on_commit_callbacks, kind="auction.patent"):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_import(kind=kind, target_id=unit_list.pk, actor=liaison,
                           upload=SimpleUploadedFile(name, content))
    job.refresh_from_db()
    return job


FORMATS = [
    ("清单.xlsx", spreadsheets.xlsx),
    ("清单.xls", spreadsheets.xls),
    ("清单-utf8.csv", lambda: spreadsheets.csv_bytes("utf-8-sig")),
    ("清单-gbk.csv", lambda: spreadsheets.csv_bytes("gbk")),
]


@pytest.mark.parametrize("name, make", FORMATS, ids=[f[0] for f in FORMATS])
def test_a_messy_file_saves_its_good_rows_and_reports_each_bad_row_once(
        liaison, unit_list, name, make, django_capture_on_commit_callbacks):
    job = run(liaison, unit_list, name, make(), django_capture_on_commit_callbacks)
    assert job.status == "done", job.message
    assert (job.total_rows, job.created, job.updated) == (10, 4, 0)
    expected = {cells[0] + 4: column for cells, column in spreadsheets.rows() if column}
    expected = {row + (1 if row > 8 else 0): column for row, column in expected.items()}  # the blank row
    reported = {}
    for error in job.errors:
        reported.setdefault(error["row"], []).append(error["column"])
    assert reported == {row: [column] for row, column in expected.items()}, job.errors
    items = {item.title: item for item in Item.objects.all()}
    assert set(items) == {"电池健康状态估计方法", "钠离子电池正极材料", "光伏组件清洗机器人", "储能系统故障诊断"}
    first = items["电池健康状态估计方法"]
    assert first.grant_date == datetime.date(2021, 3, 5) and first.asking_price == Decimal("500000")
    assert first.application_number == spreadsheets.GOOD and first.trade_modes == ["assignment", "license_ordinary"]
    assert items["钠离子电池正极材料"].asking_price == Decimal("500000")
    assert items["光伏组件清洗机器人"].asking_price is None
    assert items["储能系统故障诊断"].grant_date == datetime.date(2021, 3, 5)
    assert first.carbon_related and first.field.name == "新能源"


def test_the_reasons_say_what_is_wrong(liaison, unit_list, django_capture_on_commit_callbacks):
    job = run(liaison, unit_list, "清单.xlsx", spreadsheets.xlsx(), django_capture_on_commit_callbacks)
    messages = {error["row"]: error["message"] for error in job.errors}
    assert "2020-01-01" in messages[10] and "量子计算" in messages[12] and "五十万" in messages[13]
    assert "5" in messages[15]  # repeats the patent of row 5


def test_importing_the_same_file_again_updates_instead_of_duplicating(liaison, unit_list,
                                                                       django_capture_on_commit_callbacks):
    run(liaison, unit_list, "清单.xlsx", spreadsheets.xlsx(), django_capture_on_commit_callbacks)
    again = run(liaison, unit_list, "清单.xlsx", spreadsheets.xlsx(), django_capture_on_commit_callbacks)
    assert (again.created, again.updated) == (0, 4)
    assert Item.objects.count() == 4
    assert AuditEntry.objects.filter(action="auction.list.imported").count() == 2


def test_a_file_without_the_forms_header_fails_as_a_whole(liaison, unit_list, django_capture_on_commit_callbacks):
    job = run(liaison, unit_list, "随便.csv", "姓名,电话\n张三,123\n".encode(), django_capture_on_commit_callbacks)
    assert job.status == "failed" and "表头" in job.message or "header" in job.message
    assert not Item.objects.exists()


def test_a_renamed_binary_is_refused_before_any_job(liaison, unit_list):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        start_import(kind="auction.patent", target_id=unit_list.pk, actor=liaison,
                     upload=SimpleUploadedFile("清单.xlsx", b"MZ\x90\x00not excel"))
    assert not ImportJob.objects.exists()


def test_rows_beyond_the_years_maximum_are_reported(liaison, unit_list, field_2023, django_capture_on_commit_callbacks):
    from auction.services.items import save_item
    from tests.auction.conftest import patent_data, valid_numbers

    for number in valid_numbers(48):
        save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023, number))
    job = run(liaison, unit_list, "清单.xlsx", spreadsheets.xlsx(), django_capture_on_commit_callbacks)
    assert job.created == 2 and Item.objects.count() == 50
    assert sum(e["column"] == "" for e in job.errors) == 2  # the list is full: no column is at fault


def test_the_blank_form_has_header_sample_and_drop_downs(client_as, liaison, unit_list):
    response = client_as(liaison).get(reverse("auction:blank-form", args=["patent"]),
                                      {"campaign": unit_list.campaign_id})
    import io

    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet["A1"].value.startswith("2023年") and sheet["A2"].value.startswith("单位名称")
    assert sheet["B3"].value == "专利名称*" and sheet["A4"].value.startswith("示例")
    formulas = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert any("新能源" in formula for formula in formulas) and any("有效" in formula for formula in formulas)
    assert "填写说明" in book.sheetnames
    # The unit's own name in 单位名称, and each choice once, by its official name (issue 13, 11).
    assert sheet["A2"].value == f"单位名称（盖章）：{liaison.organization.name}"
    assert '"发明,实用新型,外观设计"' in formulas and '"有效,审中,失效"' in formulas
    assert not any("发明专利" in formula for formula in formulas)


def test_the_blank_forms_sample_row_keeps_the_years_rules(liaison, unit_list, client_as,
                                                          django_capture_on_commit_callbacks):
    """Its 示例 mark taken off, the sample row imports without a problem (issue 13, point 11)."""
    import io

    from auction.models import AuctionRules

    response = client_as(liaison).get(reverse("auction:blank-form", args=["patent"]),
                                      {"campaign": unit_list.campaign_id})
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    cutoff = AuctionRules.of(unit_list.campaign).patent_grant_cutoff
    sheet["A4"] = 1
    buffer = io.BytesIO()
    book.save(buffer)
    job = run(liaison, unit_list, "示例.xlsx", buffer.getvalue(), django_capture_on_commit_callbacks)
    assert job.status == "done" and job.created == 1, job.errors
    assert Item.objects.get().grant_date >= cutoff


def test_the_blank_form_imports_back_with_only_its_sample_skipped(liaison, unit_list, client_as,
                                                                  django_capture_on_commit_callbacks):
    response = client_as(liaison).get(reverse("auction:blank-form", args=["patent"]),
                                      {"campaign": unit_list.campaign_id})
    job = run(liaison, unit_list, "空表.xlsx", response.content, django_capture_on_commit_callbacks)
    # Nothing to import is said so, never "every row was imported" (issue 13, point 12).
    assert job.status == "failed" and job.total_rows == 0 and "没有数据行" in job.message


def test_the_import_page_shows_progress_then_row_errors_to_correct(client_as, liaison, unit_list,
                                                                   django_capture_on_commit_callbacks):
    client = client_as(liaison)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("auction:import-upload", args=[unit_list.pk]),
                               {"kind": "patent", "file": SimpleUploadedFile("清单.xlsx", spreadsheets.xlsx())})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("auction:import-detail", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "授权公告日" in page and reverse("auction:import-fix-row", args=[job.pk, 10]) in page
    form = client.get(reverse("auction:import-fix-row", args=[job.pk, 10]))
    assert form.context["form"].initial["title"] == "早年授权的专利"
    data = {name: value for name, value in form.context["form"].initial.items() if value not in (None, "")}
    data.update({"grant_date": "2021-06-30", "field": form.context["form"].initial["field"], "trade_modes": ["assignment"],
                 "patent_type": "invention", "legal_status": "valid", "maturity": "pilot"})
    saved = client.post(reverse("auction:import-fix-row", args=[job.pk, 10]), data)
    assert saved.status_code == 302, saved.context["form"].errors
    assert Item.objects.filter(title="早年授权的专利").exists()
    job.refresh_from_db()
    assert job.rejected["10"]["fixed_item"]
    # The counter counts the rows still to correct (issue 13, point 12).
    before = len(job.rejected)
    page = client.get(reverse("auction:import-detail", args=[job.pk])).content.decode()
    assert f'id="job-rejected">{before - 1}<' in page


def test_someone_else_cannot_read_the_job(client_as, liaison, unit_list, solver, django_capture_on_commit_callbacks):
    job = run(liaison, unit_list, "清单.xlsx", spreadsheets.xlsx(), django_capture_on_commit_callbacks)
    assert client_as(solver).get(reverse("auction:import-detail", args=[job.pk])).status_code == 403


def test_a_roadshow_pick_beyond_the_years_number_is_refused_on_every_path(
        liaison, unit_list, field_2023, client_as, django_capture_on_commit_callbacks):
    """2023: each unit picks 10 items for the roadshow. An 11th is refused in the form, the API
    and the importer alike (issue 13, point 12), and the panel reads "at most"."""
    from django.core.exceptions import ValidationError

    from auction.services.items import save_item
    from tests.auction.conftest import patent_data, valid_numbers

    numbers = valid_numbers(12)
    picked = [save_item(actor=liaison, submission_list=unit_list,
                        data=patent_data(field_2023, number, roadshow_pick=True)) for number in numbers[:10]]
    with pytest.raises(ValidationError) as refused:
        save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023, numbers[10], roadshow_pick=True))
    assert refused.value.error_dict["roadshow_pick"][0].code == "too_many_roadshow_picks"
    # An item already picked is changed as before; one unpicked frees a pick.
    save_item(actor=liaison, submission_list=unit_list, item=picked[0], data={"summary": "摘要已修改，仍推荐路演。"})
    save_item(actor=liaison, submission_list=unit_list, item=picked[1], data={"roadshow_pick": False})
    save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023, numbers[10], roadshow_pick=True))
    api = client_as(liaison)
    assert "至多" in api.get(reverse("auction:list-detail", args=[unit_list.pk])).content.decode()
    assert Item.objects.filter(submission_list=unit_list, roadshow_pick=True).count() == 10
