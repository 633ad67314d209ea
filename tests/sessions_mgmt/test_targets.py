"""An administrator changes a session's own targets; the next computation judges them."""

import datetime

import pytest
from django.urls import reverse

from jbgs.models import AuditEntry
from sessions_mgmt.choices import SessionAction, TargetStatus
from sessions_mgmt.models import TypicalCase
from sessions_mgmt.services.compliance import recompute
from tests.conftest import persona
from tests.sessions_mgmt.helpers import make_session

pytestmark = pytest.mark.django_db


def test_a_session_gets_its_own_goal_and_is_judged_by_it(client_as, admin_user):
    session = make_session(2023)
    TypicalCase.objects.create(session=session, title="案例", parties="甲乙", summary="…",
                               recorded_on=datetime.date(2023, 9, 1), created_by=persona("organizer"))
    client = client_as(admin_user)
    answer = client.post(reverse("sessions:targets", args=[session.pk]), {
        "code": "typical_cases", "label": "典型案例不少于 1 个", "kind": "min", "metric": "typical_cases", "goal": "1"})
    assert answer.status_code == 302
    recompute(day=datetime.date(2023, 9, 2), sessions=type(session).objects.filter(pk=session.pk))
    target = session.targets.get(code="typical_cases")
    assert (target.goal, target.status) == (1, TargetStatus.MET)
    assert AuditEntry.objects.filter(action=SessionAction.TARGET_SET).exists()
    # A share written as a percentage is refused beside its field; nothing is saved.
    page = client.post(reverse("sessions:targets", args=[session.pk]), {
        "code": "share", "label": "占比", "kind": "ratio", "metric": "cross_region_share", "goal": "30"})
    assert page.status_code == 200 and "0.30" in page.text
    assert not session.targets.filter(code="share").exists()
    client.post(reverse("sessions:target-remove", args=[session.pk, target.pk]))
    assert not session.targets.filter(code="typical_cases").exists()


def test_organisers_do_not_change_targets(client_as, organizer):
    session = make_session(2023)
    client = client_as(organizer)
    assert client.get(reverse("sessions:targets", args=[session.pk])).status_code == 403
    target = session.targets.first()
    assert client.post(reverse("sessions:target-remove", args=[session.pk, target.pk])).status_code == 403
    assert session.targets.filter(pk=target.pk).exists()


def test_the_province_creates_a_session_it_leads(client_as, admin_user):
    from sessions_mgmt.models import Session
    from tests.conftest import unit
    from tests.sessions_mgmt.helpers import authority, session_year

    session_year(2023)
    client = client_as(admin_user)
    answer = client.post(reverse("sessions:session-new"), {
        "year": "2023", "session_type": "instrument", "title": "2023年科学仪器专场", "main_host": unit("operator").pk,
        "starts_on": "2023年6月1日", "ends_on": "2023.11.30"})
    session = Session.objects.get(title="2023年科学仪器专场")
    assert answer.url == reverse("sessions:dashboard", args=[session.pk])
    assert session.starts_on == datetime.date(2023, 6, 1)
    assert set(session.targets.values_list("code", flat=True)) >= {"enterprises_served", "roadshow", "summary_report"}
    # A regional session with one authority is refused beside its co-hosts, and nothing is created.
    page = client.post(reverse("sessions:session-new"), {
        "year": "2023", "session_type": "regional", "title": "苏北区域专场", "main_host": unit("authority").pk})
    assert page.status_code == 200 and not Session.objects.filter(title="苏北区域专场").exists()
    xuzhou = authority("徐州市科学技术局", "320300")
    client.post(reverse("sessions:session-new"), {
        "year": "2023", "session_type": "regional", "title": "苏北区域专场", "main_host": unit("authority").pk,
        "co_hosts": [xuzhou.pk]})
    regional = Session.objects.get(title="苏北区域专场")
    assert set(regional.targets.values_list("code", flat=True)) >= {"cross_region_share", "invited_units_per_host"}
