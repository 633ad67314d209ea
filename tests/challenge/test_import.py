"""Collecting demands with the unified 《需求征集表》 (issue 14): a messy file's good rows saved as
drafts the uploader collected, every bad row reported by row and column with nothing of it
written, an unknown enterprise recorded as awaiting verification, a second import updating
rather than duplicating, and who may import what."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from challenge.choices import DEMAND_IMPORT
from challenge.models import Demand
from challenge.services import demands as demand_services
from jbgs.exceptions import NotAllowed
from jbgs.models import AuditEntry, ImportJob, Organization
from jbgs.services.imports import start_import
from tests.challenge import spreadsheets
from tests.challenge.conftest import post_demand

GOOD = {"耐高温密封材料", "高速电机轴承寿命提升", "电机控制器散热设计"}


def run(actor, campaign, content, capture, name="需求征集表.xlsx") -> ImportJob:
    with capture(execute=True):
        job = start_import(kind=DEMAND_IMPORT, target_id=campaign.pk, actor=actor,
                           upload=SimpleUploadedFile(name, content))
    job.refresh_from_db()
    return job


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


FORMATS = [
    ("需求征集表.xlsx", spreadsheets.xlsx),
    ("需求征集表-utf8.csv", lambda: spreadsheets.csv_bytes("utf-8-sig")),
    ("需求征集表-gbk.csv", lambda: spreadsheets.csv_bytes("gbk")),
]


@pytest.mark.parametrize("name, make", FORMATS, ids=[f[0] for f in FORMATS])
def test_a_messy_form_saves_its_good_rows_and_names_the_row_and_column_of_each_bad_one(
        organizer, enterprise_org, challenge_2023, capture, name, make):
    job = run(organizer, challenge_2023, make(), capture, name=name)
    assert job.status == "done", job.message
    assert (job.total_rows, job.created, job.updated) == (11, 3, 0)
    reported = {}
    for error in job.errors:
        reported.setdefault(error["row"], []).append(error["column"])
    assert reported == {row: [column] for row, column in spreadsheets.expected_problems().items()}, job.errors
    demands = {d.title: d for d in Demand.objects.select_related("organization")}
    assert set(demands) == GOOD
    first = demands["耐高温密封材料"]
    assert first.organization == enterprise_org and first.status == "draft" and first.number.startswith("XQ2023")
    assert (first.amount, first.valid_until) == (Decimal("500000.00"), datetime.date(2099, 3, 5))
    assert first.cooperation_modes == ["commissioned_development", "technical_service"]
    assert first.contact_phone == "051266668888" and first.field.name == "新材料"
    assert set(first.hidden_fields) == {"organization", "contact_name", "contact_phone", "contact_email"}
    assert [(t.indicator, t.value, t.unit) for t in first.targets.all()] == [("耐温", "350", "℃"),
                                                                            ("使用寿命", "≥3000", "小时")]
    second = demands["高速电机轴承寿命提升"]
    assert (second.amount, second.valid_until) == (Decimal("500000.00"), datetime.date(2099, 1, 10))
    assert second.cooperation_modes == ["cooperative_development", "technical_consulting"]
    assert second.hidden_fields == ["amount"] and second.region.full_name == "江苏省无锡市新吴区"
    assert demands["电机控制器散热设计"].amount == Decimal("800000.00")
    assert not demands["电机控制器散热设计"].targets.exists()


def test_the_reasons_say_what_is_wrong(organizer, enterprise_org, challenge_2023, capture):
    job = run(organizer, challenge_2023, spreadsheets.xlsx(), capture)
    problems = {error["row"]: error["message"] for error in job.errors}
    bad = {row: problems[row] for row in spreadsheets.expected_problems()}
    assert "意向投入金额" in bad[9] and "合作方式" in bad[10] and "有效" in bad[11]
    assert "校验" in bad[12] and "今天" in bad[13] and "量子计算" in bad[14] and "公式" in bad[15]
    assert "五十万" in bad[16]


def test_a_refused_row_writes_nothing_not_even_its_new_enterprise_and_no_formula_is_kept(
        organizer, enterprise_org, challenge_2023, capture):
    for content, name in ((spreadsheets.xlsx(), "表.xlsx"), (spreadsheets.csv_bytes("utf-8"), "表.csv")):
        run(organizer, challenge_2023, content, capture, name=name)
    assert not Organization.objects.filter(credit_code=spreadsheets.UNKNOWN_CODE).exists()
    assert not Demand.objects.filter(title__in=["新企业金额写错", "缺金额的需求", "已过期的需求"]).exists()
    assert not Demand.objects.filter(title__startswith="=").exists()
    assert not Organization.objects.filter(name__startswith="=").exists()


def test_an_unknown_enterprise_is_recorded_once_awaiting_verification(organizer, enterprise_org, challenge_2023,
                                                                     capture, admin_user, client_as):
    run(organizer, challenge_2023, spreadsheets.xlsx(), capture)
    recorded = Organization.objects.get(credit_code=spreadsheets.NEW_CODE)
    assert (recorded.name, recorded.kind, recorded.status) == (spreadsheets.NEW_ENTERPRISE, "enterprise", "pending")
    assert recorded.region.code == "320214" and recorded.contact_email == "chen@example.cn"
    assert recorded.demands.count() == 2 and not recorded.members.exists()
    entry = AuditEntry.objects.get(action="organization.recorded", object_id=str(recorded.pk))
    assert entry.actor == organizer and entry.to_state == "pending"
    # It waits in the administrators' queue like an application.
    from jbgs.selectors import pending_organizations
    from jbgs.services.organizations import approve_organization

    assert recorded in pending_organizations()
    assert client_as(admin_user).get(reverse("organization-review", args=[recorded.pk])).status_code == 200
    approve_organization(organization_id=recorded.pk, actor=admin_user, roles=["enterprise"])
    recorded.refresh_from_db()
    assert recorded.status == "active"


def test_the_uploader_collected_the_demands_and_the_enterprise_still_owns_them(
        organizer, enterprise_user, challenge_2023, capture, client_as):
    run(organizer, challenge_2023, spreadsheets.xlsx(), capture)
    demand = Demand.objects.get(title="耐高温密封材料")
    assert demand.collector == organizer and demand.created_by == organizer
    created = AuditEntry.objects.get(action="challenge.demand.created", object_id=str(demand.pk))
    assert created.actor == organizer and created.data["collector"] == organizer.pk
    assert AuditEntry.objects.filter(action="challenge.demands.imported", actor=organizer).count() == 1
    # The enterprise's own member finds it among its demands, and may change it.
    client = client_as(enterprise_user)
    assert "耐高温密封材料" in client.get(reverse("challenge:mine")).text
    demand_services.save_demand(actor=enterprise_user, demand=demand, data={"sub_field": "密封件"})
    # The collector may change and submit the demand it collected.
    demand_services.save_demand(actor=organizer, demand=demand, data={"expected_outcome": "完成中试并量产"})
    demand_services.submit(actor=organizer, demand=demand)


def test_importing_again_updates_the_same_demands_with_what_the_file_changes(
        organizer, enterprise_org, challenge_2023, capture):
    run(organizer, challenge_2023, spreadsheets.xlsx(), capture)
    lines = spreadsheets.table()
    lines[4][10] = "60"  # the first demand's amount, now 60万
    again = run(organizer, challenge_2023, spreadsheets.xlsx(lines), capture)
    assert (again.created, again.updated) == (0, 3), again.errors
    assert Demand.objects.count() == 3 and Organization.objects.filter(credit_code=spreadsheets.NEW_CODE).count() == 1
    demand = Demand.objects.get(title="耐高温密封材料")
    assert demand.amount == Decimal("600000.00") and demand.targets.count() == 2
    changed = AuditEntry.objects.get(action="challenge.demand.updated", object_id=str(demand.pk))
    assert changed.data["changes"]["amount"] == ["500000.00", "600000.00"]


def test_a_demand_taken_up_by_the_market_is_not_changed_by_importing_again(
        organizer, enterprise_org, challenge_2023, capture):
    run(organizer, challenge_2023, spreadsheets.xlsx(), capture)
    demand = Demand.objects.get(title="耐高温密封材料")
    demand_services.submit(actor=organizer, demand=demand)
    again = run(organizer, challenge_2023, spreadsheets.xlsx(), capture)
    assert (again.created, again.updated) == (0, 2)
    refused = [e for e in again.errors if e["row"] == 5]
    assert refused and refused[0]["column"] == "需求名称" and demand.number in refused[0]["message"]
    assert Demand.objects.filter(title="耐高温密封材料").count() == 1


def test_a_collector_cannot_change_an_enterprises_own_demand_or_another_collectors(
        organizer, manager, enterprise_user, challenge_2023, capture):
    own = post_demand(enterprise_user, title="耐高温密封材料", amount=Decimal("100000"))
    job = run(organizer, challenge_2023, spreadsheets.xlsx(), capture)
    refused = [e for e in job.errors if e["row"] == 5]
    assert refused and refused[0]["column"] == "需求名称" and own.number in refused[0]["message"]
    own.refresh_from_db()
    assert own.amount == Decimal("100000.00") and own.collector is None
    with pytest.raises(NotAllowed):
        demand_services.save_demand(actor=organizer, demand=own, data={"amount": Decimal("1")})
    with pytest.raises(NotAllowed):
        demand_services.withdraw(actor=organizer, demand=own, reason="代企业撤回")
    # Another collector importing the same rows changes none of the organizer's.
    other = run(manager, challenge_2023, spreadsheets.xlsx(), capture)
    assert (other.created, other.updated) == (0, 0)
    assert Demand.objects.filter(collector=organizer).count() == 2


@pytest.mark.parametrize("who", ["enterprise_user", "liaison", "solver", "expert", "bidder", "outsider"])
def test_who_does_not_collect_demands_cannot_import_them(who, request, challenge_2023, client_as):
    person = request.getfixturevalue(who)
    with pytest.raises(NotAllowed):
        start_import(kind=DEMAND_IMPORT, target_id=challenge_2023.pk, actor=person,
                     upload=SimpleUploadedFile("表.xlsx", spreadsheets.xlsx()))
    client = client_as(person)
    assert client.get(reverse("challenge:demand-import")).status_code == 403
    answer = client.post(reverse("challenge:demand-import"), {"file": SimpleUploadedFile("表.xlsx", spreadsheets.xlsx())})
    assert answer.status_code == 403 and not ImportJob.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, challenge_2023):
    for route in ("challenge:demand-import", "challenge:collected", "challenge:demand-form"):
        assert reverse("login") in client.get(reverse(route))["Location"]


def test_a_market_sub_centre_and_an_administrator_collect_too(admin_user, challenge_2023, enterprise_org, capture):
    from tests.conftest import make_organization, make_user

    branch = make_organization("江苏省技术产权交易市场苏州分中心", "market_branch", "320508")
    member = make_user("branch", branch, ["solver"])  # its people collect, whatever their roles
    assert demand_services.may_collect(member) and demand_services.may_collect(admin_user)
    assert run(member, challenge_2023, spreadsheets.xlsx(), capture).created == 3
    branch.status = "suspended"
    branch.save()
    member.refresh_from_db()
    assert not demand_services.may_collect(member)


def test_the_blank_form_has_the_years_choices_and_a_sample_that_imports(organizer, authority_org, challenge_2023,
                                                                       capture, client_as):
    response = client_as(organizer).get(reverse("challenge:demand-form"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet["A1"].value.startswith("2023") and sheet["A2"].value.endswith(authority_org.name)
    header = [cell.value for cell in sheet[3]]
    assert header[1:4] == ["企业名称*", "统一社会信用代码*", "所在地区"] and "意向投入金额（万元）*" in header
    formulas = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert '"技术转让,技术许可,委托开发,合作开发,技术服务,技术咨询,作价入股,其他"' in formulas
    assert any("新材料" in formula and "人工智能" in formula for formula in formulas)
    assert formulas.count('"是,否"') == 3 and "填写说明" in book.sheetnames
    sheet["A4"] = 1  # the sample, its 示例 mark taken off
    buffer = io.BytesIO()
    book.save(buffer)
    job = run(organizer, challenge_2023, buffer.getvalue(), capture)
    assert job.status == "done" and job.created == 1, job.errors
    assert Organization.objects.get(credit_code="91350100M000100Y43").status == "pending"


def test_the_blank_form_alone_fails_as_having_no_row(organizer, challenge_2023, capture, client_as):
    blank = client_as(organizer).get(reverse("challenge:demand-form")).content
    job = run(organizer, challenge_2023, blank, capture)
    assert job.status == "failed" and job.total_rows == 0 and "没有数据行" in job.message


def test_the_upload_leads_to_the_jobs_page_with_its_row_errors(organizer, enterprise_org, challenge_2023, capture,
                                                              client_as, manager):
    client = client_as(organizer)
    assert "《需求征集表》" in client.get(reverse("challenge:demand-import")).text
    with capture(execute=True):
        answer = client.post(reverse("challenge:demand-import"),
                             {"file": SimpleUploadedFile("需求征集表.xlsx", spreadsheets.xlsx())})
    job = ImportJob.objects.get()
    assert answer["Location"] == reverse("challenge:demand-import-job", args=[job.pk])
    page = client.get(answer["Location"]).text
    assert 'id="job-created">3<' in page and 'id="job-rejected">8<' in page
    assert "意向投入金额（万元）" in page and "缺金额的需求" in page
    fragment = client.get(answer["Location"], HTTP_HX_REQUEST="true").text
    assert "<html" not in fragment and 'id="row-errors"' in fragment
    assert "需求征集表.xlsx" in client.get(reverse("challenge:demand-import")).text  # among the earlier imports
    assert client_as(manager).get(answer["Location"]).status_code == 403


def test_demands_i_collected_lists_them_with_their_states_in_few_queries(
        organizer, enterprise_org, challenge_2023, capture, client_as, django_assert_max_num_queries):
    run(organizer, challenge_2023, spreadsheets.xlsx(), capture)
    demand_services.submit(actor=organizer, demand=Demand.objects.get(title="耐高温密封材料"))
    client = client_as(organizer)
    client.get(reverse("challenge:collected"))  # the session and the menus warmed
    # 8: the session, the user, the unit, the unit's region (which of an authority's menu entries
    # answer: a city's or a county's), and the page's own.
    with django_assert_max_num_queries(8):
        page = client.get(reverse("challenge:collected")).text
    assert all(title in page for title in GOOD) and spreadsheets.NEW_ENTERPRISE in page
    assert "table-stack" in page and 'data-label="状态"' in page
    assert "待审核" in page or "待核实" in page  # the recorded enterprise's status
    counts = page[page.index('id="collected-counts"'):].split("</p>")[0]
    assert "草稿" in counts and "已提交" in counts
    assert reverse("challenge:collected") in client.get(reverse("home")).text  # the menu leads there


def test_an_enterprise_registered_while_the_file_is_read_gets_its_rows(organizer, enterprise_org, challenge_2023,
                                                                       capture, monkeypatch):
    """Its code taken between reading and writing, the chunk is written again with the
    enterprise as registered, not recorded twice."""
    from challenge import importers
    from tests.conftest import make_organization

    load = importers._Run.load

    def registered_meanwhile(run, rows):
        load(run, rows)
        if not Organization.objects.filter(credit_code=spreadsheets.NEW_CODE).exists():
            make_organization(spreadsheets.NEW_ENTERPRISE, "enterprise", "320214")

    monkeypatch.setattr(importers._Run, "load", registered_meanwhile)
    monkeypatch.setattr("jbgs.services.imports.time.sleep", lambda seconds: None)
    job = run(organizer, challenge_2023, spreadsheets.xlsx(), capture)
    assert job.status == "done" and job.created == 3, job.errors
    registered = Organization.objects.get(credit_code=spreadsheets.NEW_CODE)
    assert registered.status == "active" and registered.demands.count() == 2
    assert not AuditEntry.objects.filter(action="organization.recorded").exists()
