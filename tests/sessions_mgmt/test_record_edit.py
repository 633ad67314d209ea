"""A record changed in the browser: its form filled from it (the rows an activity or a roadshow
owns in the form's own lines), saved whole through the records' write path, a deal's evidence
kept when no new file is given, refusals beside their fields with nothing changed, and another
session's organiser not finding it."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jbgs.services.audit import AuditEntry
from jbgs.validators import credit_code_check_char
from sessions_mgmt.choices import SessionAction
from sessions_mgmt.models import Activity, DealRecord, MediaReport, ServedEnterprise
from sessions_mgmt.services import records
from tests.conftest import make_user, persona
from tests.sessions_mgmt.helpers import authority, make_session

pytestmark = pytest.mark.django_db
D = datetime.date


def code(n: int) -> str:
    first = f"91320506MA{n:07d}X"[:17]
    return first + credit_code_check_char(first)


def edit_url(record, kind: str) -> str:
    return reverse("sessions:record-edit", args=[record.session_id, kind, record.pk])


def form_data(form, kind: str) -> dict:
    """What the browser sends back for an edit form left as it was shown."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False) or name == "evidence":
            continue
        data[f"{kind}-{name}"] = [str(v) for v in value] if isinstance(value, list) else (
            "on" if value is True else str(value))
    return data


def test_an_activity_is_shown_as_typed_and_changed_with_its_enterprises(client_as):
    session = make_session()
    organiser = persona("organizer")
    zhou = records.add(actor=organiser, session=session, kind="server", data={"name": "周敏", "kind": "manager"})
    activity = records.add(actor=organiser, session=session, kind="activity", data={
        "kind": "visit", "held_on": D(2023, 6, 1), "title": "企业走访", "note": "只在 API 里写的备注",
        "enterprises": [{"credit_code": code(1), "name": "苏州甲公司"}], "servers": [zhou]})
    client = client_as(organiser)
    page = client.get(edit_url(activity, "activity"))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["enterprises"].value() == f"{code(1)} 苏州甲公司"
    assert form["held_on"].value() == "2023-06-01" and form["servers"].value() == [zhou.pk]
    data = form_data(form, "activity") | {
        "activity-title": "二次走访", "activity-enterprises": f"{code(2)} 苏州乙公司\n{code(3)}，苏州丙公司"}
    answer = client.post(edit_url(activity, "activity"), data)
    assert answer.status_code == 302 and answer["Location"].endswith("/records/#activity")
    activity.refresh_from_db()
    assert activity.title == "二次走访" and activity.note == "只在 API 里写的备注"
    assert sorted(activity.enterprises.values_list("name", flat=True)) == ["苏州丙公司", "苏州乙公司"]
    assert ServedEnterprise.objects.filter(activity__session=session).count() == 2
    assert list(activity.servers.all()) == [zhou]
    entry = AuditEntry.objects.filter(action=SessionAction.RECORD_CHANGED).latest("id")
    assert entry.data == {"kind": "activity", "title": "二次走访"}
    records_page = client.get(reverse("sessions:records", args=[session.pk]))
    assert edit_url(activity, "activity") in records_page.content.decode()


def test_a_roadshows_projects_and_units_go_round_the_form(client_as):
    session = make_session(co_hosts=[authority("无锡市科学技术局", "320200")])
    hosts = {host.is_main: host.organization for host in session.hosts.select_related("organization")}
    organiser = persona("organizer")
    show = records.add(actor=organiser, session=session, kind="roadshow", data={
        "held_on": D(2023, 6, 2), "title": "成果路演", "attendees": 80,
        "projects": [{"title": "固态电池", "presenter": "南京大学", "kind": "result", "major_result": True},
                     {"title": "储能需求", "presenter": "苏州企业", "kind": "demand", "major_result": False}],
        "units": [{"name": "甲单位", "invited_by": hosts[True].pk}, {"name": "乙单位", "invited_by": hosts[True].pk},
                  {"name": "丙单位", "invited_by": hosts[False].pk}]})
    client = client_as(organiser)
    form = client.get(edit_url(show, "roadshow")).context["form"]
    assert form["projects"].value() == "固态电池 | 南京大学 | 成果 | 是\n储能需求 | 苏州企业 | 需求 | 否"
    assert form["units"].value() == f"甲单位\n乙单位\n丙单位 | {hosts[False].name}"
    assert form["invited_by"].value() == str(hosts[True].pk)
    answer = client.post(edit_url(show, "roadshow"), form_data(form, "roadshow") | {"roadshow-attendees": "120"})
    assert answer.status_code == 302
    show.refresh_from_db()
    assert show.attendees == 120
    assert [(p.title, p.kind, p.major_result) for p in show.projects.all()] == [
        ("固态电池", "result", True), ("储能需求", "demand", False)]
    assert [(u.name, u.invited_by_id) for u in show.units.all()] == [
        ("甲单位", hosts[True].pk), ("乙单位", hosts[True].pk), ("丙单位", hosts[False].pk)]
    refused = client.post(edit_url(show, "roadshow"), form_data(form, "roadshow") | {"roadshow-units": "丁单位 | 某某局"})
    assert refused.status_code == 200 and "units" in refused.context["form"].errors
    assert show.units.count() == 3


def test_a_media_report_keeps_its_roadshow(client_as):
    session = make_session()
    organiser = persona("organizer")
    show = records.add(actor=organiser, session=session, kind="roadshow", data={
        "held_on": D(2023, 6, 2), "title": "成果路演", "attendees": 80})
    report = records.add(actor=organiser, session=session, kind="media_report", data={
        "outlet": "新华日报", "title": "路演", "url": "https://example.com/a", "published_on": D(2023, 6, 3),
        "roadshow": show})
    client = client_as(organiser)
    form = client.get(edit_url(report, "media_report")).context["form"]
    client.post(edit_url(report, "media_report"), form_data(form, "media_report") | {"media_report-title": "路演报道"})
    report = MediaReport.objects.get()
    assert (report.title, report.roadshow_id) == ("路演报道", show.pk)


def test_a_deal_keeps_its_evidence_unless_a_new_file_is_given(client_as):
    session = make_session()
    organiser = persona("organizer")
    deal = records.add(actor=organiser, session=session, kind="deal", data={
        "subject": "专利转让", "seller": "南京大学", "buyer": "苏州企业", "amount": Decimal("1234567.89"),
        "signed_on": D(2023, 7, 1), "contract_number": "OFFLINE-1",
        "evidence": SimpleUploadedFile("合同.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")})
    evidence = deal.evidence.name
    client = client_as(organiser)
    page = client.get(edit_url(deal, "deal"))
    form = page.context["form"]
    assert form["amount"].value() == "123.456789"
    assert reverse("sessions:record-file", args=[session.pk, "deal", deal.pk]) in page.content.decode()
    answer = client.post(edit_url(deal, "deal"), form_data(form, "deal") | {"deal-buyer": "苏州乙企业"})
    assert answer.status_code == 302
    deal.refresh_from_db()
    assert (deal.buyer, deal.amount, deal.evidence.name) == ("苏州乙企业", Decimal("1234567.89"), evidence)
    client.post(edit_url(deal, "deal"), form_data(form, "deal") | {
        "deal-evidence": SimpleUploadedFile("新合同.pdf", b"%PDF-1.4 new", content_type="application/pdf")})
    deal.refresh_from_db()
    assert deal.evidence.name != evidence


def test_a_refused_value_is_shown_on_its_field_and_nothing_changes(client_as):
    session = make_session()
    organiser = persona("organizer")
    activity = records.add(actor=organiser, session=session, kind="activity", data={
        "kind": "visit", "held_on": D(2023, 6, 1), "title": "企业走访",
        "enterprises": [{"credit_code": code(1), "name": "苏州甲公司"}]})
    client = client_as(organiser)
    form = client.get(edit_url(activity, "activity")).context["form"]
    answer = client.post(edit_url(activity, "activity"), form_data(form, "activity") | {
        "activity-title": "改过的标题", "activity-enterprises": f"{code(2)[:-1]}0 苏州乙公司"})
    assert answer.status_code == 200
    assert "enterprises" in answer.context["form"].errors
    activity.refresh_from_db()
    assert activity.title == "企业走访" and list(activity.enterprises.values_list("name", flat=True)) == ["苏州甲公司"]
    assert not AuditEntry.objects.filter(action=SessionAction.RECORD_CHANGED).exists()


def test_another_sessions_organiser_and_wrong_addresses_find_nothing(client_as):
    session = make_session()
    deal = records.add(actor=persona("organizer"), session=session, kind="deal", data={
        "subject": "专利转让", "seller": "南京大学", "buyer": "苏州企业", "amount": Decimal("100000"),
        "signed_on": D(2023, 7, 1), "contract_number": ""})
    wuxi = authority("无锡市科学技术局", "320200")
    other = make_user("wuxi-organiser", wuxi, ["organizer"])
    client = client_as(other)
    assert client.get(edit_url(deal, "deal")).status_code == 404
    assert client.post(edit_url(deal, "deal"), {"deal-subject": "改"}).status_code == 404
    elsewhere = make_session(host=wuxi, title="无锡专场")
    client = client_as(persona("organizer"))
    for kind, pk in (("deal", 999999), ("nothing", deal.pk), ("intention", deal.pk)):
        assert client.get(reverse("sessions:record-edit", args=[session.pk, kind, pk])).status_code == 404
    assert client.get(reverse("sessions:record-edit", args=[elsewhere.pk, "deal", deal.pk])).status_code == 404
    assert DealRecord.objects.get().subject == "专利转让" and not Activity.objects.exists()
