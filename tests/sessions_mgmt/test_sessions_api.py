"""/api/v1/sessions/: the public list and detail with targets, and a session's compliance in
its stable shape, for its organisers and the administrators only."""

import datetime

import pytest
from django.urls import reverse

from sessions_mgmt.models import Session, SessionTarget
from sessions_mgmt.services.compliance import recompute
from tests.conftest import persona
from tests.sessions_mgmt.helpers import authority, make_session

pytestmark = pytest.mark.django_db

VERDICTS = {"met", "on_track", "at_risk", "missed"}


def test_anyone_lists_the_sessions_and_narrows_them_by_year_and_type(api):
    session = make_session(2023, title="2023年新能源专场")
    make_session(2023, "talent", title="2023年人才专场")
    make_session(2022, title="2022年专场", starts_on=datetime.date(2022, 5, 15), ends_on=datetime.date(2022, 11, 30))
    answer = api.get(reverse("sessions-api:sessions"), {"year": 2023, "session_type": "auction_industry"}).json()
    assert [row["title"] for row in answer["results"]] == ["2023年新能源专场"]
    row = answer["results"][0]
    assert row == {"id": session.pk, "year": 2023, "session_type": "auction_industry", "title": "2023年新能源专场",
                   "field": {"code": "new_energy", "name": "新能源"}, "torch": False, "hosts": ["苏州市科学技术局"],
                   "starts_on": "2023-05-15", "ends_on": "2023-11-30"}
    assert api.get(reverse("sessions-api:sessions"), {"year": "soon"}).status_code == 400
    assert api.get(reverse("sessions-api:sessions"), {"session_type": "party"}).status_code == 400


def test_a_session_s_detail_gives_its_targets_with_numbers(api):
    session = make_session(session_type="regional", co_hosts=[authority("无锡市科学技术局", "320200")])
    answer = api.get(reverse("sessions-api:session", args=[session.pk])).json()
    targets = {t["code"]: t for t in answer["targets"]}
    assert targets["cross_region_share"]["goal"] == 0.3 and targets["cross_region_share"]["kind"] == "ratio"
    assert set(targets["cross_region_share"]) == {"code", "label", "kind", "metric", "goal", "deadline", "value",
                                                  "status"}
    assert all(t["goal"] is None or isinstance(t["goal"], int | float) for t in answer["targets"])
    assert api.get(reverse("sessions-api:session", args=[999999])).status_code == 404


def test_compliance_is_measured_on_first_reading_and_answers_its_stable_shape(api_as):
    session = make_session()
    assert Session.objects.get(pk=session.pk).computed_at is None
    answer = api_as(persona("organizer")).get(reverse("sessions-api:compliance", args=[session.pk])).json()
    assert set(answer) == {"computed_at", "targets"} and answer["computed_at"]
    assert len(answer["targets"]) == SessionTarget.objects.filter(session=session).count() > 0
    for target in answer["targets"]:
        assert set(target) == {"code", "kind", "metric", "goal", "value", "status"}
        assert target["status"] in VERDICTS
        assert isinstance(target["value"], int | float)
        assert target["goal"] is None if target["kind"] == "done" else isinstance(target["goal"], int | float)
    # A reading stores nothing and tells no one: the job does.
    assert Session.objects.get(pk=session.pk).computed_at is None
    assert not SessionTarget.objects.filter(session=session, computed_at__isnull=False).exists()


def test_compliance_after_the_job_gives_its_values(api_as):
    session = make_session()
    recompute(day=datetime.date(2023, 6, 1), sessions=Session.objects.filter(pk=session.pk))
    answer = api_as(persona("admin_user")).get(reverse("sessions-api:compliance", args=[session.pk])).json()
    stored = {t.code: t.status for t in SessionTarget.objects.filter(session=session)}
    assert {t["code"]: t["status"] for t in answer["targets"]} == stored


def test_compliance_is_hidden_from_other_organisers_and_asks_visitors_to_sign_in(api, api_as):
    session = make_session(host=authority("南京市科学技术局", "320100"))
    assert api_as(persona("organizer")).get(reverse("sessions-api:compliance", args=[session.pk])).status_code == 404
    assert api.get(reverse("sessions-api:compliance", args=[session.pk])).status_code == 401
    assert api_as(persona("admin_user")).get(reverse("sessions-api:compliance", args=[999999])).status_code == 404
