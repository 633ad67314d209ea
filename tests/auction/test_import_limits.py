"""Files that would sink a worker or swamp an answer (issue 12, point 9): a spreadsheet bomb
fails its job with the limit it broke; a file of bad rows stops at the limit of rows with
problems, saying how far it read; a job's errors are answered a page at a time."""

import csv
import io
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from auction.models import Item
from jbgs.models import ImportJob
from jbgs.services.imports import start_import
from tests.auction import spreadsheets
from tests.auction.conftest import valid_numbers
from tests.jbgs.workbooks import cell, row, xls, xlsx


def run(liaison, unit_list, name, content, django_capture_on_commit_callbacks) -> ImportJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_import(kind="auction.patent", target_id=unit_list.pk, actor=liaison,
                           upload=SimpleUploadedFile(name, content))
    job.refresh_from_db()
    return job


def bad_rows_csv(bad: int, good: int = 0) -> bytes:
    """The official header, `good` valid rows, then `bad` rows whose industry field does not exist."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(spreadsheets.HEADER)
    for seq, number in enumerate(valid_numbers(good, year=2021), start=1):
        writer.writerow(spreadsheets.row(seq, f"好专利{seq}", number, "2022-01-01"))
    for seq in range(good + 1, good + bad + 1):
        writer.writerow(spreadsheets.row(seq, f"坏专利{seq}", "2021100000001", "2022-01-01", field="量子计算"))
    return out.getvalue().encode()


@pytest.mark.parametrize("name, bomb", [
    ("清单.xlsx", lambda: xlsx(row(1, cell("A1", "专利名称")), row(1048576, cell("XFD1048576", "x")),
                              dimension="A1:XFD1048576")),
    ("清单.xls", lambda: xls({(0, 0): "专利名称", (65535, 255): "x"})),
], ids=["xlsx", "xls"])
def test_a_spreadsheet_bomb_fails_its_job_with_the_limit_it_broke(liaison, unit_list, name, bomb,
                                                                  django_capture_on_commit_callbacks):
    job = run(liaison, unit_list, name, bomb(), django_capture_on_commit_callbacks)
    assert job.status == "failed" and "20015" in job.message and "20000" in job.message, job.message
    assert not Item.objects.exists()


def test_a_file_of_bad_rows_stops_at_the_error_limit_saying_how_far_it_read(liaison, unit_list, settings,
                                                                             django_capture_on_commit_callbacks):
    job = run(liaison, unit_list, "清单.csv", bad_rows_csv(3000, good=10), django_capture_on_commit_callbacks)
    limit = settings.IMPORT_MAX_ROW_ERRORS
    assert job.status == "stopped"
    assert (job.total_rows, job.processed_rows, job.created, len(job.rejected)) == (3010, 10 + limit, 10, limit)
    assert len(job.errors) == limit  # one problem in each bad row, no more kept
    for figure in (limit, 10 + limit, 3010, 3000 - limit):
        assert str(figure) in job.message, job.message
    assert Item.objects.count() == 10  # what was read before the stop is saved


def test_reading_a_long_file_of_bad_rows_holds_no_list_of_the_whole_file(liaison, unit_list,
                                                                        django_capture_on_commit_callbacks):
    """The incident's 20 MB of bad rows took 1.9 GB and stored 635,778 errors. A file past the
    row limit is refused while it is read, holding at most the rows an import takes."""
    content = bad_rows_csv(45_000)
    assert len(content) > 11_000_000
    tracemalloc.start()
    try:
        job = run(liaison, unit_list, "清单.csv", content, django_capture_on_commit_callbacks)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert job.status == "failed" and "45001" in job.message and job.errors == []
    assert peak < 80 * 1024 * 1024, peak  # holding every row, as before, took about 120 MB


def test_the_api_answers_a_jobs_counts_and_pages_its_errors(api_as, liaison, unit_list, settings,
                                                             django_capture_on_commit_callbacks):
    job = run(liaison, unit_list, "清单.csv", bad_rows_csv(120), django_capture_on_commit_callbacks)
    client = api_as(liaison)
    answer = client.get(f"/api/v1/auction/imports/{job.pk}/")
    assert "errors" not in answer.json() and len(answer.content) < 1000
    assert (answer.json()["error_count"], answer.json()["rejected_rows"]) == (120, 120)
    first = client.get(f"/api/v1/auction/imports/{job.pk}/errors/").json()
    assert first["count"] == 120 and len(first["results"]) == 50 and first["next"]
    assert [error["row"] for error in first["results"]] == list(range(2, 52))
    assert set(first["results"][0]) == {"row", "column", "message"} and first["results"][0]["column"] == "所属产业领域"
    last = client.get(f"/api/v1/auction/imports/{job.pk}/errors/", {"page": 3}).json()
    assert [error["row"] for error in last["results"]] == list(range(102, 122)) and last["next"] is None
    assert client.get(f"/api/v1/auction/imports/{job.pk}/errors/", {"page": 4}).status_code == 404


def old_job(liaison, unit_list, rows: int) -> ImportJob:
    """A job as the importer left them before the limit of rows with problems: every bad row kept."""
    return ImportJob.objects.create(
        kind="auction.patent", target_id=unit_list.pk, owner=liaison, file="imports/old.csv", original_name="old.csv",
        status="done", total_rows=rows, processed_rows=rows,
        errors=[{"row": n, "column": "所属产业领域", "message": f"问题{n}"} for n in range(2, rows + 2)],
        rejected={str(n): {"title": f"坏专利{n}"} for n in range(2, rows + 2)})


def test_a_job_of_before_the_limit_is_answered_a_page_at_a_time(api_as, client_as, liaison, unit_list,
                                                               django_assert_max_num_queries):
    job = old_job(liaison, unit_list, 30_000)
    answer = api_as(liaison).get(f"/api/v1/auction/imports/{job.pk}/")
    assert answer.json()["error_count"] == 30_000 and len(answer.content) < 1000
    page = api_as(liaison).get(f"/api/v1/auction/imports/{job.pk}/errors/", {"page": 300, "page_size": 100}).json()
    assert [error["message"] for error in page["results"]][:2] == ["问题29902", "问题29903"]
    client = client_as(liaison)
    with django_assert_max_num_queries(10):  # the job, a page of its errors, that page's rows: not a query per row
        html = client.get(reverse("auction:import-detail", args=[job.pk]), {"page": 2}).content.decode()
    assert html.count("text-danger\">问题") == 100 and "问题102<" in html and "问题101<" not in html
    assert "坏专利102" in html and ">300<" in html  # the last page's link
    assert 'id="job-rejected">30000<' in html


def test_the_import_page_shows_a_stopped_jobs_message_and_its_first_errors(client_as, liaison, unit_list, settings,
                                                                           django_capture_on_commit_callbacks):
    settings.IMPORT_MAX_ROW_ERRORS = 150
    job = run(liaison, unit_list, "清单.csv", bad_rows_csv(400), django_capture_on_commit_callbacks)
    html = client_as(liaison).get(reverse("auction:import-detail", args=[job.pk])).content.decode()
    assert 'id="job-stopped"' in html and "250" in html and 'id="job-rejected">150<' in html
    assert html.count(reverse("auction:import-fix-row", args=[job.pk, 2])) == 1
    assert reverse("auction:import-fix-row", args=[job.pk, 102]) not in html  # on the second page
