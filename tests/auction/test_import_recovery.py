"""Imports whose worker died, or whose task was never sent, do not stay waiting or running
for ever; an import keeps what was edited in the browser while it ran (issue 12, point 10).
One person, or one list, cannot queue imports without limit (point 11)."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from kombu.exceptions import OperationalError

from auction import importers
from auction.models import Item
from auction.services.items import save_item
from jbgs import tasks
from jbgs.models import ImportJob
from jbgs.services import imports
from tests.auction import spreadsheets
from tests.auction.conftest import valid_numbers
from tests.conftest import make_user

NUMBER = valid_numbers(1, year=2021)[0]
TEN_MINUTES = datetime.timedelta(minutes=10)


def form(price: str = "50万") -> bytes:
    """The official header and one patent, whose price changes from one test file to the next."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(spreadsheets.HEADER)
    writer.writerow(spreadsheets.row(1, "电池健康状态估计方法", NUMBER, "2022-01-01", price=price))
    return out.getvalue().encode()


def queue(liaison, unit_list, capture, content: bytes | None = None) -> ImportJob:
    """An import started and committed, its task collected and not run: no worker took it yet."""
    with capture():
        return imports.start_import(kind="auction.patent", target_id=unit_list.pk, actor=liaison,
                                    upload=SimpleUploadedFile("清单.csv", content or form()))


def broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_an_upload_made_while_redis_is_down_is_answered_and_then_run_by_the_sweep(
        api_as, liaison, unit_list, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(tasks.run_import, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        answer = api_as(liaison).post("/api/v1/auction/imports/", {
            "file": SimpleUploadedFile("清单.csv", form()), "kind": "patent", "campaign": unit_list.campaign_id},
            format="multipart")
    assert answer.status_code == 202
    job = ImportJob.objects.get()
    assert job.status == "pending"
    monkeypatch.undo()  # Redis is back
    imports.sweep_imports(now=job.queued_at + datetime.timedelta(minutes=1))
    job.refresh_from_db()
    assert job.status == "pending"  # it may yet be on its way to a worker
    imports.sweep_imports(now=job.queued_at + TEN_MINUTES)
    job.refresh_from_db()
    assert (job.status, job.created, job.attempts) == ("done", 1, 1)


def test_a_redelivered_task_takes_up_an_import_whose_worker_died(liaison, unit_list,
                                                                  django_capture_on_commit_callbacks):
    job = queue(liaison, unit_list, django_capture_on_commit_callbacks)
    assert imports.claim(job.pk, timezone.now() - TEN_MINUTES)  # a worker took it up, and died with it
    tasks.run_import.delay(job.pk)  # its task, delivered again (acks_late)
    job.refresh_from_db()
    assert (job.status, job.created, job.attempts) == ("done", 1, 2)


def test_a_redelivered_task_leaves_an_import_whose_worker_is_alive(liaison, unit_list,
                                                                    django_capture_on_commit_callbacks):
    job = queue(liaison, unit_list, django_capture_on_commit_callbacks)
    assert imports.claim(job.pk, timezone.now())
    tasks.run_import.delay(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created, job.attempts) == ("running", 0, 1)
    assert not Item.objects.exists()


def test_the_sweep_takes_up_an_import_left_running_even_one_of_before_the_heartbeat(
        liaison, unit_list, django_capture_on_commit_callbacks):
    silent = queue(liaison, unit_list, django_capture_on_commit_callbacks)
    imports.claim(silent.pk, timezone.now() - TEN_MINUTES)
    stuck = queue(liaison, unit_list, django_capture_on_commit_callbacks, form("80万"))
    ImportJob.objects.filter(pk=stuck.pk).update(status="running", heartbeat_at=None)  # as the incident left it
    alive = queue(liaison, unit_list, django_capture_on_commit_callbacks, form("90万"))
    imports.claim(alive.pk, timezone.now())
    tasks.sweep_imports.delay()
    for job in (silent, stuck, alive):
        job.refresh_from_db()
    assert (silent.status, silent.attempts, stuck.status, stuck.attempts) == ("done", 2, "done", 1)
    assert (alive.status, alive.attempts) == ("running", 1)


def test_an_import_interrupted_as_often_as_allowed_is_failed_with_the_reason(liaison, unit_list, settings,
                                                                            django_capture_on_commit_callbacks):
    job = queue(liaison, unit_list, django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(attempts=settings.IMPORT_MAX_ATTEMPTS - 1)
    imports.claim(job.pk, timezone.now() - TEN_MINUTES)  # its last attempt, and its worker died again
    imports.sweep_imports()
    job.refresh_from_db()
    assert job.status == "failed" and job.attempts == settings.IMPORT_MAX_ATTEMPTS
    assert str(settings.IMPORT_MAX_ATTEMPTS) in job.message and "中断" in job.message
    tasks.run_import.delay(job.pk)  # a delivery of its task still on its way takes nothing up
    job.refresh_from_db()
    assert job.status == "failed" and not Item.objects.exists()


def test_a_worker_that_lost_its_import_to_another_writes_nothing_more(liaison, unit_list,
                                                                      django_capture_on_commit_callbacks):
    job = queue(liaison, unit_list, django_capture_on_commit_callbacks)
    slow = imports.claim(job.pk, timezone.now() - TEN_MINUTES)
    assert imports.claim(job.pk, timezone.now()).attempts == 2  # another worker took it over
    with pytest.raises(imports.LeaseLost):
        imports.progress(slow, 250, force=True)
    slow.created = 99
    imports.finish(slow, "done")
    job.refresh_from_db()
    assert (job.status, job.created, job.attempts) == ("running", 0, 2)


def test_an_edit_made_in_the_browser_while_an_import_runs_is_kept_where_the_file_does_not_change_it(
        liaison, unit_list, monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        imports.start_import(kind="auction.patent", target_id=unit_list.pk, actor=liaison,
                             upload=SimpleUploadedFile("清单.csv", form("50万")))
    item = Item.objects.get()
    file_summary = item.summary
    chunk = importers._Run.chunk

    def edited_meanwhile(run, rows):  # after the import loaded the list's items, before it writes the row
        save_item(actor=liaison, submission_list=unit_list, item=Item.objects.get(pk=item.pk),
                  data={"summary": "在浏览器中改写的技术简介。", "asking_price": "600000"})
        return chunk(run, rows)

    monkeypatch.setattr(importers._Run, "chunk", edited_meanwhile)
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.start_import(kind="auction.patent", target_id=unit_list.pk, actor=liaison,
                                   upload=SimpleUploadedFile("清单.csv", form("80万")))
    job.refresh_from_db()
    item.refresh_from_db()
    assert (job.status, job.updated) == ("done", 1)
    assert file_summary != "在浏览器中改写的技术简介。" == item.summary  # the file did not change it: the edit stays
    assert item.asking_price == 800000  # the file changed the price: the file's price


def test_one_person_or_one_list_cannot_queue_imports_without_limit(api_as, liaison, university, unit_list, settings,
                                                                   django_capture_on_commit_callbacks):
    waiting = [queue(liaison, unit_list, django_capture_on_commit_callbacks)
               for _ in range(settings.IMPORT_MAX_WAITING)]
    with pytest.raises(imports.TooManyImports) as refused:
        queue(liaison, unit_list, django_capture_on_commit_callbacks)
    assert refused.value.code == "too_many_imports" and str(settings.IMPORT_MAX_WAITING) in str(refused.value.message)
    colleague = make_user("second_liaison", university, ["liaison"])
    answer = api_as(colleague).post("/api/v1/auction/imports/", {
        "file": SimpleUploadedFile("清单.csv", form()), "kind": "result", "campaign": unit_list.campaign_id},
        format="multipart")
    assert answer.status_code == 429 and answer.json()["code"] == "too_many_imports"
    assert ImportJob.objects.count() == settings.IMPORT_MAX_WAITING
    ImportJob.objects.filter(pk=waiting[0].pk).update(status="done")
    queue(colleague, unit_list, django_capture_on_commit_callbacks)  # one finished: another may wait
    assert ImportJob.objects.count() == settings.IMPORT_MAX_WAITING + 1
