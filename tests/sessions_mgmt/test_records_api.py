"""/api/v1/sessions/{id}/records/: the session's organisers and the administrators read every
kind grouped and add one record through the same rules; others get 404."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sessions_mgmt.models import Activity
from tests.conftest import make_user, persona
from tests.sessions_mgmt.helpers import authority, make_session
from tests.sessions_mgmt.test_records import code

pytestmark = pytest.mark.django_db


def client_of(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(session) -> str:
    return reverse("sessions-api:records", args=[session.pk])


def test_an_organiser_adds_an_activity_and_reads_every_kind_grouped():
    session = make_session()
    client = client_of(persona("organizer"))
    answer = client.post(url(session), {
        "kind": "activity", "activity_kind": "visit", "held_on": "2023-06-01", "title": "走访",
        "enterprises": [{"name": "甲", "credit_code": code(1)}, {"name": "甲", "credit_code": code(1)}]}, format="json")
    assert answer.status_code == 201, answer.data
    assert len(answer.data["enterprises"]) == 1
    deal = client.post(url(session), {"kind": "deal", "subject": "转让", "seller": "南京大学", "buyer": "苏州企业",
                                      "amount": "300000.00", "signed_on": "2023-07-01"}, format="json")
    assert deal.status_code == 201 and deal.data["amount"] == "300000.00"
    grouped = client.get(url(session)).data
    assert set(grouped) == {"activities", "servers", "roadshows", "media_reports", "cases", "recommended",
                            "intentions", "deals", "summary_report"}
    assert [a["title"] for a in grouped["activities"]] == ["走访"] and grouped["summary_report"] is None


def test_bad_input_is_a_400_naming_the_field():
    session = make_session()
    answer = client_of(persona("organizer")).post(url(session), {
        "kind": "media_report", "outlet": "新华日报", "title": "路演", "url": "ftp://x", "published_on": "2023-06-01"},
        format="json")
    assert answer.status_code == 400 and answer.data["field"] == "url"


def test_another_authority_and_outsiders_get_404():
    session = make_session()
    other = make_user("wuxi-organiser", authority("无锡市科学技术局", "320200"), ["organizer"])
    for user in (other, persona("enterprise_user")):
        client = client_of(user)
        assert client.get(url(session)).status_code == 404
        assert client.post(url(session), {"kind": "activity"}, format="json").status_code == 404
    assert not Activity.objects.exists()
