"""A session's records through their one write path: the rules, enterprises counted once by
credit code, a reported deal linked to the platform's deal of its number and counted once,
refusals naming their field, and only the session's organisers writing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jbgs.exceptions import NotAllowed
from jbgs.services.audit import AuditEntry
from jbgs.validators import credit_code_check_char
from sessions_mgmt.choices import SessionAction
from sessions_mgmt.models import Activity, DealRecord, SessionTarget, SummaryReport
from sessions_mgmt.services import records
from sessions_mgmt.services.compliance import recompute
from tests.conftest import make_user, persona
from tests.sessions_mgmt.helpers import authority, make_session

pytestmark = pytest.mark.django_db
D = datetime.date


def code(n: int, division: str = "320506") -> str:
    first = f"91{division}MA{n:07d}X"[:17]
    return first + credit_code_check_char(first)


def visit(**more) -> dict:
    return {"kind": "visit", "held_on": D(2023, 6, 1), "title": "企业走访", "enterprises": [], **more}


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def test_an_activity_keeps_each_enterprise_once_with_its_division():
    session = make_session()
    activity = records.add(actor=persona("organizer"), session=session, kind="activity", data=visit(enterprises=[
        {"name": "苏州甲公司", "credit_code": code(1)}, {"name": "苏州甲公司（重复）", "credit_code": code(1).lower()},
        {"name": "无锡乙公司", "credit_code": code(2, "320214")}]))
    rows = list(activity.enterprises.order_by("-division"))
    assert [(row.name, row.division) for row in rows] == [("苏州甲公司", "320506"), ("无锡乙公司", "320214")]
    entry = AuditEntry.objects.filter(action=SessionAction.RECORD_ADDED).latest("id")
    assert entry.data == {"kind": "activity", "title": "企业走访"}


def test_a_wrong_credit_code_or_a_missing_name_is_refused_by_field():
    session = make_session()
    with pytest.raises(ValidationError) as refused:
        records.add(actor=persona("organizer"), session=session, kind="activity", data=visit(
            title="", enterprises=[{"name": "甲", "credit_code": code(1)[:-1] + "0"}, {"name": "", "credit_code": code(2)}]))
    errors = refused.value.message_dict
    assert set(errors) == {"title", "enterprises"}
    assert "第 1 家企业" in errors["enterprises"][0] and "第 2 家企业" in errors["enterprises"][1]
    assert not Activity.objects.exists()


@pytest.mark.parametrize(("data", "field"), [
    ({"held_on": D(2021, 12, 31)}, "held_on"),
    ({"held_on": D(2099, 1, 1)}, "held_on"),
    ({"kind": "party"}, "kind"),
])
def test_dates_out_of_range_and_unknown_kinds_are_refused(data, field):
    with pytest.raises(ValidationError) as refused:
        records.add(actor=persona("organizer"), session=make_session(), kind="activity", data=visit(**data))
    assert field in refused.value.message_dict


def test_a_media_report_link_must_be_http():
    session = make_session()
    data = {"outlet": "新华日报", "title": "路演", "url": "javascript:alert(1)", "published_on": D(2023, 6, 1)}
    with pytest.raises(ValidationError) as refused:
        records.add(actor=persona("organizer"), session=session, kind="media_report", data=data)
    assert "url" in refused.value.message_dict
    report = records.add(actor=persona("organizer"), session=session, kind="media_report",
                         data=data | {"url": "https://news.example.com/1"})
    assert report.url == "https://news.example.com/1"


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), Decimal("100000000000")])
def test_a_deal_amount_must_be_positive_and_sane(amount):
    data = {"subject": "转让", "seller": "南京大学", "buyer": "苏州企业", "amount": amount, "signed_on": D(2023, 7, 1)}
    with pytest.raises(ValidationError) as refused:
        records.add(actor=persona("organizer"), session=make_session(), kind="deal", data=data)
    assert "amount" in refused.value.message_dict


def test_a_roadshow_unit_is_invited_by_one_of_the_hosts():
    session = make_session()
    stranger = authority("无锡市科学技术局", "320200")
    data = {"held_on": D(2023, 10, 20), "title": "路演", "attendees": 90,
            "projects": [{"title": "项目", "kind": "result", "presenter": "南京大学", "major_result": True}],
            "units": [{"name": "甲单位", "invited_by": stranger.pk}]}
    with pytest.raises(ValidationError) as refused:
        records.add(actor=persona("organizer"), session=session, kind="roadshow", data=data)
    assert "units" in refused.value.message_dict
    host = session.hosts.get(is_main=True).organization
    show = records.add(actor=persona("organizer"), session=session, kind="roadshow",
                       data=data | {"units": [{"name": "甲单位", "invited_by": host.pk}, {"name": "甲单位"}]})
    assert show.units.count() == 1 and show.projects.get().major_result


def test_a_deal_reported_with_a_platform_deals_number_is_linked_and_counted_once(
        sold_deal_2023, django_capture_on_commit_callbacks):
    session = make_session()
    deal = sold_deal_2023(session)
    organiser = persona("organizer")
    with django_capture_on_commit_callbacks(execute=True):
        reported = records.add(actor=organiser, session=session, kind="deal", data={
            "subject": "重复上报", "seller": "南京大学", "buyer": "苏州企业", "amount": Decimal("300000"),
            "signed_on": D(2023, 7, 1), "contract_number": "JS2023-0701", "evidence": pdf()})
        records.add(actor=organiser, session=session, kind="deal", data={
            "subject": "线下成交", "seller": "东南大学", "buyer": "苏州企业", "amount": Decimal("100000"),
            "signed_on": D(2023, 7, 2), "contract_number": "OFFLINE-1"})
    assert reported.deal_id == deal.pk and reported.evidence.name.startswith("sessions/")
    recompute(day=D(2023, 7, 3), sessions=type(session).objects.filter(pk=session.pk))
    assert SessionTarget.objects.get(session=session, code="deals").value == 2


def test_changing_and_removing_a_record_are_audited():
    session = make_session()
    organiser = persona("organizer")
    activity = records.add(actor=organiser, session=session, kind="activity",
                           data=visit(enterprises=[{"name": "甲", "credit_code": code(1)}]))
    records.change(actor=organiser, record=activity, data=visit(title="二次走访", enterprises=[
        {"name": "乙", "credit_code": code(2)}, {"name": "丙", "credit_code": code(3)}]))
    activity.refresh_from_db()
    assert activity.title == "二次走访" and activity.enterprises.count() == 2
    records.remove(actor=organiser, record=activity)
    assert not Activity.objects.exists()
    actions = list(AuditEntry.objects.filter(action__startswith="sessions.record.").values_list("action", flat=True))
    assert set(actions) == {SessionAction.RECORD_ADDED, SessionAction.RECORD_CHANGED, SessionAction.RECORD_REMOVED}


def test_a_new_summary_report_replaces_the_old_one():
    session = make_session()
    records.submit_report(actor=persona("organizer"), session=session, upload=pdf("第一稿.pdf"))
    records.submit_report(actor=persona("organizer"), session=session, upload=pdf("定稿.pdf"))
    assert list(SummaryReport.objects.values_list("original_name", flat=True)) == ["定稿.pdf"]
    with pytest.raises(ValidationError):
        records.submit_report(actor=persona("organizer"), session=session,
                              upload=SimpleUploadedFile("报告.exe", b"MZ"))


def test_an_organiser_of_another_authority_records_nothing():
    session = make_session()
    other = make_user("wuxi-organiser", authority("无锡市科学技术局", "320200"), ["organizer"])
    for actor in (other, persona("enterprise_user")):
        with pytest.raises(NotAllowed):
            records.add(actor=actor, session=session, kind="activity", data=visit())
    activity = records.add(actor=persona("admin_user"), session=session, kind="activity", data=visit())
    with pytest.raises(NotAllowed):
        records.remove(actor=other, record=activity)
    with pytest.raises(NotAllowed):
        records.submit_report(actor=other, session=session, upload=pdf())
    assert not DealRecord.objects.exists() and Activity.objects.count() == 1


def test_control_characters_are_cleaned_from_names():
    activity = records.add(actor=persona("organizer"), session=make_session(), kind="activity", data=visit(
        title="走\x00访", enterprises=[{"name": "苏州\x00甲公司", "credit_code": code(1)}]))
    assert (activity.title, activity.enterprises.get().name) == ("走访", "苏州甲公司")


def test_service_people_are_credited_and_ranked_for_the_talent_session(client_as):
    """服务大比拼: an activity names the people who served (by the page's form), an intention and a
    deal the one who brought them about; a name the session has not recorded is refused."""
    from django.urls import reverse

    from sessions_mgmt.selectors import server_ranking

    session = make_session(2023, "talent", title="苏州科技人才服务专场")
    organiser = persona("organizer")
    zhou = records.add(actor=organiser, session=session, kind="server",
                       data={"name": "周敏", "kind": "town_team", "organization": None, "phone": ""})
    records.add(actor=organiser, session=session, kind="server",
                data={"name": "钱进", "kind": "manager", "organization": None, "phone": ""})
    client = client_as(organiser)
    answer = client.post(reverse("sessions:record-add", args=[session.pk, "activity"]), {
        "activity-activity_kind": "visit", "activity-held_on": "2023-06-01", "activity-title": "走访企业",
        "activity-enterprises": f"{code(1)} 苏州甲公司\n{code(2)} 苏州乙公司", "activity-servers": [zhou.pk]})
    assert answer.status_code == 302
    records.add(actor=organiser, session=session, kind="intention", data={
        "subject": "意向", "supply_party": "南京大学", "demand_party": "苏州甲公司", "reached_on": D(2023, 7, 1),
        "offline": True, "server": "周敏"})
    with pytest.raises(ValidationError) as refused:
        records.add(actor=organiser, session=session, kind="deal", data={
            "subject": "成交", "seller": "南京大学", "buyer": "苏州甲公司", "amount": Decimal("100000"),
            "signed_on": D(2023, 8, 1), "contract_number": "", "server": "孙无名"})
    assert "server" in refused.value.error_dict
    ranking = list(server_ranking(2023))
    assert [(p.name, p.enterprises, p.intention_count) for p in ranking] == [("周敏", 2, 1), ("钱进", 0, 0)]
def test_who_served_is_one_of_the_sessions_service_people_and_kept_when_not_given_again():
    """The 服务大比拼 ranks service people by the activities, intentions and deals they are named on."""
    session, other = make_session(), make_session(title="另一专场")
    organiser = persona("organizer")
    server = records.add(actor=organiser, session=session, kind="server", data={"name": "陆文博", "kind": "manager"})
    stranger = records.add(actor=organiser, session=other, kind="server", data={"name": "韩志明", "kind": "manager"})
    with pytest.raises(ValidationError) as refused:
        records.add(actor=organiser, session=session, kind="activity", data=visit(servers=[server, stranger.pk]))
    assert "servers" in refused.value.message_dict
    activity = records.add(actor=organiser, session=session, kind="activity", data=visit(servers=[server.pk]))
    records.change(actor=organiser, record=activity, data=visit(title="二次走访"))
    assert list(activity.servers.all()) == [server]
    intention = {"subject": "合作意向", "supply_party": "南京大学", "demand_party": "苏州企业", "reached_on": D(2023, 7, 1)}
    with pytest.raises(ValidationError) as refused:
        records.add(actor=organiser, session=session, kind="intention", data=intention | {"server": stranger})
    assert "server" in refused.value.message_dict
    added = records.add(actor=organiser, session=session, kind="intention", data=intention | {"server": server})
    records.change(actor=organiser, record=added, data=intention | {"subject": "合作意向（更新）"})
    added.refresh_from_db()
    assert added.server == server
