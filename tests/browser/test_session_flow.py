"""In Chromium, a special session from end to end (issue 15): a city applies to host one with
the 申办表, the administrator selects it and its session is created, the organiser records a
roadshow of five projects on the records page, the compliance job (run by the portal after the
record, as in production soon after a change) turns the roadshow target met on the dashboard,
and the session's 总结报告 is made by a real worker and downloaded, its Chinese text read."""

import datetime
import re
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sessions_mgmt.models import Session, SessionYear
from sessions_mgmt.services.years import copy_templates
from tests.browser.conftest import accept_next_dialog, celery_tasks_queued, sign_in, sign_out
from tests.conftest import PASSWORD, persona, unit
from tests.sessions_mgmt.helpers import field_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "新能源拍卖季产业专场"
PROJECTS = ["固态电解质薄膜制备", "钙钛矿叠层电池封装", "高镍正极材料包覆工艺", "氢燃料电池双极板", "储能变流器控制算法"]


def open_year() -> int:
    """A year whose applications close today and whose sessions start today, with the 2023
    targets: this year while its roadshow deadline (10-30) is still ahead, else the next."""
    today = timezone.localdate()
    year = today.year if today <= datetime.date(today.year, 10, 30) else today.year + 1
    SessionYear.objects.create(
        year=year, applications_open=today - datetime.timedelta(days=30), applications_close=today,
        sessions_start=today, sessions_end=datetime.date(year, 11, 30), auction_needs_university=True)
    copy_templates(2023, year)
    field_of(year, "new_energy", "新能源")
    return year


def test_a_city_hosts_a_session_records_its_roadshow_sees_the_target_met_and_gets_its_report(
        page, live_server, tmp_path):
    year = open_year()
    organiser, admin = persona("organizer"), persona("admin_user")
    unit("university")  # 南京工业大学, the co-host the year's rules ask of an auction session
    base = live_server.url
    today = timezone.localdate()

    # 1. The city's organiser fills in the 申办表 and submits it.
    sign_in(page, base, organiser.username, PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="我的专场").click()
    expect(page.get_by_test_id("my-sessions")).to_contain_text("您没有承办的专场。")
    page.get_by_role("link", name="专场申办").click()
    page.get_by_role("link", name=f"申办{year}年专场").click()
    expect(page.get_by_role("heading", name="申办专场")).to_be_visible()
    expect(page.get_by_label("年度")).to_have_value(str(year))
    page.get_by_label("专场类型").select_option("auction_industry")
    expect(page.get_by_label("专场类型")).to_contain_text("拍卖季产业专场")
    page.get_by_label("产业领域").select_option(label=f"{year} 新能源")
    page.get_by_label("专场名称").fill(TITLE)
    page.get_by_label("联合承办单位").select_option(label="南京工业大学")
    page.get_by_label("工作方案").fill("聚焦新能源产业链，组织高校成果路演与企业对接。")
    page.get_by_role("textbox", name="联络人", exact=True).fill("吴海燕")
    page.get_by_label("联络人电话").fill("0512-68661234")
    page.get_by_role("button", name="保存为草稿").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_test_id("co-hosts")).to_contain_text("南京工业大学")
    accept_next_dialog(page)
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator(".page-header")).to_contain_text("已提交")
    sign_out(page, organiser.name)

    # 2. The administrator reads it and selects the city as host: the session is created.
    sign_in(page, base, admin.username, PASSWORD)
    page.goto(f"{base}/sessions/applications/?year={year}")
    page.get_by_role("link", name=TITLE).click()
    accept_next_dialog(page)
    page.get_by_role("button", name="确定承办").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()  # the session's dashboard
    session = Session.objects.get(title=TITLE)
    assert session.year == year and session.application.applicant == organiser.organization
    actions = page.get_by_test_id("session-actions")
    expect(actions.get_by_role("link", name="目标")).to_be_visible()  # the administrators' own
    roadshow = page.locator('[data-target="roadshow"]')
    expect(roadshow).not_to_have_attribute("data-status", "met")
    sign_out(page, admin.name)

    # 3. The organiser finds the session under 我的专场 and records its roadshow.
    sign_in(page, base, organiser.username, PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="我的专场").click()
    page.get_by_test_id("my-sessions").get_by_role("link", name=TITLE).click()
    actions = page.get_by_test_id("session-actions")
    expect(actions.get_by_role("link", name="目标")).to_have_count(0)
    actions.get_by_role("link", name="专场工作记录").click()
    section = page.locator("#roadshow")
    section.locator("summary").click()
    form = page.locator("#add-roadshow")
    form.get_by_label("举办日期").fill(today.isoformat())
    form.get_by_label("活动名称").fill("新能源成果路演")
    form.get_by_label("地点").fill("苏州国际博览中心")
    form.get_by_label("参会人数").fill("96")
    form.get_by_label("路演项目").fill("\n".join(f"{title} | 南京工业大学 | 成果 | 否" for title in PROJECTS))
    form.get_by_role("button", name="保存").click()
    row = page.locator("#roadshow tbody tr").first
    expect(row).to_contain_text("新能源成果路演")
    expect(row.locator("td").nth(3)).to_contain_text("5")

    # 4. The compliance job ran after the record: on the dashboard the roadshow target is met.
    page.get_by_role("link", name="专场看板").click()
    roadshow = page.locator('[data-target="roadshow"]')
    expect(roadshow).to_have_attribute("data-status", "met")
    expect(roadshow).to_contain_text("已达标")
    expect(roadshow.locator("[data-value]")).to_contain_text("5")

    # 5. The 总结报告, asked for on the dashboard, made by a worker, downloaded and read.
    with celery_tasks_queued() as start_worker:
        page.get_by_test_id("session-actions").get_by_role("button", name="生成总结报告（PDF）").click()
        expect(page.get_by_role("heading", name="报告", exact=True)).to_be_visible()
        job = page.locator("#report-jobs tbody tr").first
        expect(job).to_have_attribute("data-status", "queued")
        start_worker()
        download_link = job.get_by_role("link", name="下载")
        expect(download_link).to_be_visible(timeout=60_000)  # polled in, no reload
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith("总结报告.pdf")
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                              check=True).stdout)
    for words in (TITLE, "总结报告", "苏州市科学技术局", "路演", "新能源成果路演", PROJECTS[0]):
        assert words in text, words
