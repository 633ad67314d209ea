"""/api/v1/sessions/applications/: an organiser applies, submits and withdraws; the refusals of
the year's rules come back in the house's error body; an administrator selects (the session's
id) or declines (with a comment); another authority's application is not found."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from sessions_mgmt.models import Session
from tests.conftest import make_user, persona, unit
from tests.sessions_mgmt.helpers import authority, field_of, session_year

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_2023")]

LIST = reverse("sessions-api:application-list")


@pytest.fixture
def open_2023():
    session_year(2023)
    field_of(2023)
    with freeze_time(datetime.datetime(2023, 3, 1, 10, tzinfo=datetime.UTC)):
        yield


def body(**changes) -> dict:
    return {"year": 2023, "session_type": "auction_industry", "field": "new_energy", "title": "新能源产业专场",
            "torch": False, "co_hosts": [unit("university").pk], "plan": "五月启动，十月路演", "policies": "",
            "groundwork": "", "liaison_name": "吴海燕", "liaison_phone": "0512-68660001",
            "liaison_email": "wu@example.com", **changes}


def action(pk: int, name: str) -> str:
    return reverse(f"sessions-api:application-{name}", args=[pk])


def created(api_as, **changes) -> dict:
    response = api_as(persona("organizer")).post(LIST, body(**changes), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_an_organiser_applies_and_submits(api_as):
    answer = created(api_as)
    assert answer["status"] == "draft" and answer["field"] == "new_energy"
    assert answer["co_hosts"] == [{"id": unit("university").pk, "name": "南京工业大学", "role": "university"}]
    submitted = api_as(persona("organizer")).post(action(answer["id"], "submit"))
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"


def test_an_unknown_field_and_co_host_are_named(api_as):
    client = api_as(persona("organizer"))
    response = client.post(LIST, body(field="no_such_field"), format="json")
    assert response.status_code == 400 and response.json()["field"] == "field"
    response = client.post(LIST, body(co_hosts=[999999]), format="json")
    assert response.status_code == 400 and response.json()["field"] == "co_hosts"


def test_the_city_cap_refusal_names_the_earlier_titles(api_as):
    client = api_as(persona("organizer"))
    for title in ("新能源产业专场", "生物医药产业专场"):
        assert client.post(action(created(api_as, title=title)["id"], "submit")).status_code == 200
    third = created(api_as, title="集成电路产业专场")
    refused = client.post(action(third["id"], "submit"))
    assert refused.status_code == 400
    assert refused.json()["code"] == "hosting_rules" and refused.json()["field"] == "applicant"
    assert "《新能源产业专场》" in refused.json()["detail"]


def test_withdraw_then_the_list_filters(api_as):
    client = api_as(persona("organizer"))
    first = created(api_as)
    assert client.post(action(first["id"], "withdraw")).json()["status"] == "withdrawn"
    created(api_as, title="第二个专场")
    assert [a["title"] for a in client.get(LIST, {"status": "withdrawn"}).json()["results"]] == ["新能源产业专场"]
    assert client.get(LIST, {"year": 2022}).json()["results"] == []
    assert client.post(action(first["id"], "withdraw")).status_code == 409


def test_the_administrator_selects_and_gets_the_session(api_as):
    answer = created(api_as)
    api_as(persona("organizer")).post(action(answer["id"], "submit"))
    admin = api_as(persona("admin_user"))
    assert api_as(persona("organizer")).post(action(answer["id"], "select")).status_code == 403
    response = admin.post(action(answer["id"], "select"), {"comment": "产业基础扎实"}, format="json")
    assert response.status_code == 201
    session = Session.objects.get()
    assert response.json()["session"] == session.pk and response.json()["application"]["status"] == "selected"
    assert admin.get(action(answer["id"], "detail")).json()["session"] == session.pk


def test_a_decline_needs_a_comment(api_as):
    answer = created(api_as)
    api_as(persona("organizer")).post(action(answer["id"], "submit"))
    admin = api_as(persona("admin_user"))
    refused = admin.post(action(answer["id"], "decline"), {}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "comment"
    declined = admin.post(action(answer["id"], "decline"), {"comment": "与已选专场重复"}, format="json")
    assert declined.json()["status"] == "declined" and declined.json()["decision_comment"] == "与已选专场重复"


def test_others_neither_see_nor_apply(api_as):
    answer = created(api_as)
    other = make_user("wuxi", authority("无锡市科学技术局", "320200"), ["organizer"])
    client = api_as(other)
    assert client.get(action(answer["id"], "detail")).status_code == 404
    assert client.post(action(answer["id"], "submit")).status_code == 404
    assert client.get(LIST).json()["results"] == []
    enterprise = api_as(persona("enterprise_user"))
    assert enterprise.post(LIST, body(), format="json").status_code == 403
    assert enterprise.get(LIST).status_code == 403
    assert api_as(persona("admin_user")).get(LIST).json()["count"] == 1


def test_a_refusal_lists_every_broken_rule_with_its_field(api_as):
    """A regional session of one authority that also asks for the 火炬 station: each rule it
    breaks is listed in `errors` beside its field."""
    client = api_as(persona("organizer"))
    regional = created(api_as, title="苏南区域专场", session_type="regional", field=None, torch=True)
    refused = client.post(action(regional["id"], "submit")).json()
    assert refused["code"] == "hosting_rules"
    assert [error["field"] for error in refused["errors"]] == ["torch", "co_hosts"]
    assert all(error["message"] for error in refused["errors"])
