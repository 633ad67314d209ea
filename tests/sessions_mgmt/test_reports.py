"""Reports and the annual exhibition: a session's 总结报告 rendered as a real PDF in Chinese, the
Excel exports' sheets and rows, the report job's progress, the broker down, who may ask and
download, and the public exhibition page with its special awards."""

import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from openpyxl import load_workbook

from jbgs.exceptions import NotAllowed
from jbgs.services.audit import AuditEntry
from sessions_mgmt import reports, tasks
from sessions_mgmt.choices import ReportKind, ReportStatus, SessionAction
from sessions_mgmt.models import (
    Activity,
    DealRecord,
    Intention,
    MediaReport,
    RecommendedProject,
    ReportJob,
    Roadshow,
    RoadshowProject,
    ServedEnterprise,
    SpecialAward,
    TypicalCase,
)
from sessions_mgmt.services import awards
from sessions_mgmt.services import reports as report_services
from tests.auction.bidding import pdf_words
from tests.conftest import make_user, persona
from tests.sessions_mgmt.helpers import authority, make_session

pytestmark = pytest.mark.django_db

D = datetime.date


def with_records(session, *, private_case=False):
    """A session with one of each record, as its organiser keeps them."""
    organiser = persona("organizer")
    activity = Activity.objects.create(session=session, kind="visit", held_on=D(2023, 6, 1), title="走访苏州光电企业",
                                       created_by=organiser)
    ServedEnterprise.objects.create(activity=activity, credit_code="91320506MA1XXXXX0X", name="苏州微纳光电科技有限公司",
                                    division="320506")
    show = Roadshow.objects.create(session=session, held_on=D(2023, 9, 20), title="新能源成果路演", place="苏州国际博览中心",
                                   attendees=95, created_by=organiser)
    RoadshowProject.objects.create(roadshow=show, title="固态电解质薄膜制备", kind="result", presenter="南京大学")
    MediaReport.objects.create(session=session, roadshow=show, outlet="新华日报", title="新能源专场路演成功举办",
                               url="https://example.com/xhrb/1", published_on=D(2023, 9, 21), created_by=organiser)
    TypicalCase.objects.create(session=session, title="钙钛矿组件中试合作", parties="南京大学、苏州协鑫",
                               summary="高校成果在本地中试", recorded_on=D(2023, 10, 1), created_by=organiser)
    TypicalCase.objects.create(session=session, title="未公开的内部案例", parties="某企业", summary="内部",
                               recorded_on=D(2023, 10, 2), public=not private_case, created_by=organiser)
    RecommendedProject.objects.create(session=session, title="高镍正极材料包覆工艺", unit="东南大学",
                                      summary="包覆工艺提升循环寿命", recommended_on=D(2023, 10, 5), created_by=organiser)
    Intention.objects.create(session=session, subject="储能系统合作意向", supply_party="河海大学",
                             demand_party="常州锂源新能源科技有限公司", reached_on=D(2023, 8, 1), created_by=organiser)
    DealRecord.objects.create(session=session, subject="电池回收技术转让", seller="江苏大学", buyer="苏州再生资源公司",
                              amount=Decimal("1250000"), signed_on=D(2023, 8, 15), contract_number="JS2023-0815",
                              created_by=organiser)
    return session


def made(actor, kind, *, captured, year=None, session=None) -> ReportJob:
    with captured(execute=True):
        job = report_services.request_report(actor, kind, year=year, session=session)
    job.refresh_from_db()
    assert job.status == ReportStatus.DONE, job.error
    return job


def other_organiser():
    return make_user("wuxi-organiser", authority("无锡市科学技术局", "320200"), ["organizer"], name="钱卫东")


class TestSessionReport:
    def test_the_summary_report_is_a_pdf_in_chinese_with_its_records_and_fonts_embedded(
            self, django_capture_on_commit_callbacks, tmp_path):
        session = with_records(make_session(2023, title="2023年新能源产业专场"))
        job = made(persona("organizer"), ReportKind.SESSION_PDF, session=session,
                   captured=django_capture_on_commit_callbacks)
        assert job.progress == 100 and job.filename.endswith("总结报告.pdf")
        pdf = job.file.read()
        text = pdf_words(pdf, tmp_path)
        for words in ("2023年新能源产业专场", "总结报告", "苏州市科学技术局", "新能源成果路演", "固态电解质薄膜制备",
                      "新华日报", "https://example.com/xhrb/1", "钙钛矿组件中试合作", "高镍正极材料包覆工艺",
                      "储能系统合作意向", "电池回收技术转让", "125"):
            assert words in text, words
        fonts = subprocess.run(["pdffonts", str(tmp_path / "document.pdf")], capture_output=True, text=True).stdout
        assert "NotoSansCJK" in fonts.replace("-", "")

    def test_the_targets_chart_is_a_bar_per_target_as_svg(self):
        session = make_session(2023)
        targets = list(session.targets.all())
        svg = reports.progress_svg(targets)
        assert svg.startswith("<svg") and svg.count('fill="#eeeeee"') == len(targets)

    def test_the_records_workbook_has_a_sheet_per_kind(self, django_capture_on_commit_callbacks):
        session = with_records(make_session(2023))
        job = made(persona("admin_user"), ReportKind.SESSION_XLSX, session=session,
                   captured=django_capture_on_commit_callbacks)
        book = load_workbook(io.BytesIO(job.file.read()))
        assert book.sheetnames == ["目标", "服务活动", "服务企业", "路演", "路演项目", "媒体报道", "典型案例",
                                   "推荐项目", "意向", "成交"]
        assert book["目标"].max_row == session.targets.count() + 1
        assert [c.value for c in book["成交"][2]][1:5] == ["电池回收技术转让", "江苏大学", "苏州再生资源公司", 1250000]
        assert book["典型案例"].max_row == 3


class TestYearReports:
    def test_the_province_table_is_every_session_by_its_targets(self, django_capture_on_commit_callbacks):
        first, second = make_session(2023), make_session(2023, "challenge_industry", title="挑战季专场")
        job = made(persona("admin_user"), ReportKind.PROVINCE_XLSX, year=2023,
                   captured=django_capture_on_commit_callbacks)
        book = load_workbook(io.BytesIO(job.file.read()))
        assert book.sheetnames == ["专场", "目标", "省内各高等学校的服务成效", "服务大比拼"]
        assert book["专场"].max_row == 3
        assert book["目标"].max_row == first.targets.count() + second.targets.count() + 1
        assert {row[0] for row in book["目标"].iter_rows(min_row=2, values_only=True)} == {first.title, "挑战季专场"}

    def test_the_recommended_projects_of_the_year(self, django_capture_on_commit_callbacks):
        with_records(make_session(2023, title="新能源专场"))
        job = made(persona("admin_user"), ReportKind.RECOMMENDED_XLSX, year=2023,
                   captured=django_capture_on_commit_callbacks)
        rows = list(load_workbook(io.BytesIO(job.file.read()))["推荐项目"].iter_rows(min_row=2, values_only=True))
        assert [row[:3] for row in rows] == [("新能源专场", "高镍正极材料包覆工艺", "东南大学")]

    def test_the_year_summary_tells_the_sessions_the_exhibition_and_the_awards(
            self, django_capture_on_commit_callbacks, tmp_path):
        session = with_records(make_session(2023, title="新能源产业专场"))
        awards.record_award(persona("admin_user"), 2023, "最佳组织奖", "苏州市科学技术局", session=session)
        job = made(persona("admin_user"), ReportKind.YEAR_PDF, year=2023, captured=django_capture_on_commit_callbacks)
        text = pdf_words(job.file.read(), tmp_path)
        for words in ("2023年专场年度总结", "新能源产业专场", "苏州市", "高镍正极材料包覆工艺", "最佳组织奖"):
            assert words in text, words


class TestWhoMay:
    def test_an_organiser_may_not_ask_for_a_year_report_nor_another_authoritys_session(self):
        session = make_session(2023)
        with pytest.raises(NotAllowed):
            report_services.request_report(persona("organizer"), ReportKind.YEAR_PDF, year=2023)
        with pytest.raises(NotAllowed):
            report_services.request_report(other_organiser(), ReportKind.SESSION_PDF, session=session)

    def test_only_the_requester_and_the_administrators_download(self, client_as, django_capture_on_commit_callbacks):
        session = make_session(2023)
        job = made(persona("organizer"), ReportKind.SESSION_XLSX, session=session,
                   captured=django_capture_on_commit_callbacks)
        url = reverse("sessions:report-file", args=[job.pk])
        assert client_as(other_organiser()).get(url).status_code == 404
        assert client_as(persona("enterprise_user")).get(url).status_code == 404
        for person in ("organizer", "admin_user"):
            response = client_as(persona(person)).get(url)
            assert response.status_code == 200
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")

    def test_a_report_not_finished_is_not_downloaded(self, client_as):
        job = ReportJob.objects.create(kind=ReportKind.SESSION_PDF, year=2023, session=make_session(2023),
                                       requested_by=persona("organizer"), status=ReportStatus.RUNNING, progress=40)
        assert client_as(persona("organizer")).get(reverse("sessions:report-file", args=[job.pk])).status_code == 404


class TestProgress:
    def test_a_builder_reports_its_progress_as_it_goes(self):
        seen = []
        reports.session_pdf(make_session(2023), seen.append)
        assert seen == sorted(seen) and len(seen) >= 3 and seen[-1] < 100

    def test_the_page_polls_while_a_report_runs_and_links_it_when_done(self, client_as):
        organiser = persona("organizer")
        job = ReportJob.objects.create(kind=ReportKind.SESSION_PDF, year=2023, session=make_session(2023),
                                       requested_by=organiser, status=ReportStatus.RUNNING, progress=40)
        page = client_as(organiser).get(reverse("sessions:reports")).content.decode()
        assert 'hx-trigger="every 2s"' in page and 'data-width="40"' in page
        ReportJob.objects.filter(pk=job.pk).update(status=ReportStatus.DONE, progress=100, file="x.pdf",
                                                   filename="x.pdf")
        fragment = client_as(organiser).get(reverse("sessions:reports"), HTTP_HX_REQUEST="true").content.decode()
        assert "every 2s" not in fragment and reverse("sessions:report-file", args=[job.pk]) in fragment
        assert "<html" not in fragment

    def test_with_the_broker_down_the_report_waits_and_the_sweep_sends_it(
            self, client_as, monkeypatch, django_capture_on_commit_callbacks):
        session = make_session(2023)

        def broker_down(*args, **kwargs):
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        monkeypatch.setattr(tasks.run_report, "delay", broker_down)
        client = client_as(persona("organizer"))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("sessions:report-request"),
                                   {"kind": ReportKind.SESSION_XLSX, "session": session.pk})
        assert response.status_code == 302
        job = ReportJob.objects.get()
        assert job.status == ReportStatus.QUEUED and "waits in the queue" in job.error or "队列" in job.error
        assert job.error in client.get(reverse("sessions:reports")).content.decode()
        monkeypatch.undo()
        report_services.sweep_reports(now=job.queued_at + datetime.timedelta(minutes=3))
        job.refresh_from_db()
        assert job.status == ReportStatus.DONE and job.error == ""


class TestExhibition:
    def test_the_public_page_lists_the_projects_and_only_the_public_cases(self, client):
        with_records(make_session(2023, title="新能源产业专场"), private_case=True)
        awards.record_award(persona("admin_user"), 2023, "最佳案例奖", "南京大学",
                            case=TypicalCase.objects.get(title="钙钛矿组件中试合作"), citation="示范作用突出")
        page = client.get(reverse("sessions:exhibition", args=[2023])).content.decode()
        for words in ("高镍正极材料包覆工艺", "东南大学", "新能源产业专场", "钙钛矿组件中试合作", "最佳案例奖", "示范作用突出"):
            assert words in page, words
        assert "未公开的内部案例" not in page
        assert "125" not in page and "电池回收技术转让" not in page  # no deal on the public page
        assert 'name="viewport"' in page

    def test_a_year_without_sessions_is_not_found(self, client):
        assert client.get(reverse("sessions:exhibition", args=[1999])).status_code == 404

    def test_an_administrator_records_and_removes_an_award_audited(self, client_as):
        session = make_session(2023)
        client = client_as(persona("admin_user"))
        response = client.post(reverse("sessions:awards") + "?year=2023", {
            "year": "2023", "title": "最佳组织奖", "recipient": "苏州市科学技术局", "session": session.pk,
            "citation": "组织有力"})
        assert response.status_code == 302
        award = SpecialAward.objects.get()
        assert (award.title, award.session, award.year) == ("最佳组织奖", session, 2023)
        assert AuditEntry.objects.filter(action=SessionAction.AWARD_RECORDED).count() == 1
        client.post(reverse("sessions:award-remove", args=[award.pk]))
        assert not SpecialAward.objects.exists()
        assert AuditEntry.objects.filter(action=SessionAction.AWARD_REMOVED).count() == 1

    def test_an_award_needs_a_name_and_its_records_of_the_year(self, client_as):
        session_2022 = make_session(2022)
        response = client_as(persona("admin_user")).post(reverse("sessions:awards") + "?year=2023", {
            "year": "2023", "title": "", "recipient": "某单位"})
        assert response.status_code == 400 and not SpecialAward.objects.exists()
        with pytest.raises(Exception, match="2023"):
            awards.record_award(persona("admin_user"), 2023, "奖", "某单位", session=session_2022)

    def test_an_organiser_records_no_award(self):
        with pytest.raises(NotAllowed):
            awards.record_award(persona("organizer"), 2023, "奖", "某单位")

    def test_the_administrator_picks_the_cases_shown(self, client_as, client):
        session = with_records(make_session(2023), private_case=True)
        hidden = TypicalCase.objects.get(title="未公开的内部案例")
        client_as(persona("admin_user")).post(reverse("sessions:award-case", args=[hidden.pk]), {"public": "1"})
        hidden.refresh_from_db()
        assert hidden.public
        client.logout()
        assert "未公开的内部案例" in client.get(reverse("sessions:exhibition", args=[session.year])).content.decode()


def test_the_exhibition_page_reads_in_the_same_queries_whatever_its_size(client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("sessions:exhibition", args=[2023])).status_code == 200
        return len(captured)

    with_records(make_session(2023, title="第一专场"))
    few = queries()
    for title in ("第二专场", "第三专场"):
        with_records(make_session(2023, title=title))
    assert queries() == few


def test_a_report_taken_up_twice_is_made_once_and_one_whose_worker_died_fails_with_a_reason():
    organiser = persona("organizer")
    session = make_session(2023)
    job = ReportJob.objects.create(kind=ReportKind.SESSION_XLSX, year=2023, session=session, requested_by=organiser,
                                   queued_at=timezone.now())
    report_services.run_report(job.pk)
    job.refresh_from_db()
    name = job.file.name
    report_services.run_report(job.pk)  # its task delivered again
    job.refresh_from_db()
    assert job.status == ReportStatus.DONE and job.file.name == name
    lost = ReportJob.objects.create(kind=ReportKind.SESSION_XLSX, year=2023, session=session, requested_by=organiser,
                                    status=ReportStatus.RUNNING, progress=30, queued_at=timezone.now())
    report_services.sweep_reports(now=lost.queued_at + datetime.timedelta(minutes=31))
    lost.refresh_from_db()
    assert lost.status == ReportStatus.FAILED and lost.error
