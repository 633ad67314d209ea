"""The sessions' pages and endpoints under attack: absurd ids, amounts and names, a workbook
bomb's size, and Redis gone; the answer is a clear refusal or a 404, never a 500."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.conftest import persona
from tests.sessions_mgmt.helpers import make_session

pytestmark = pytest.mark.django_db
HUGE = 10**30


def test_absurd_ids_are_not_found(client_as, api_as):
    client, api = client_as(persona("admin_user")), api_as(persona("admin_user"))
    for name in ("sessions:dashboard", "sessions:targets", "sessions:records", "sessions:collection",
                 "sessions:session", "sessions:application"):
        assert client.get(reverse(name, args=[HUGE])).status_code == 404, name
    for name in ("sessions-api:session", "sessions-api:compliance", "sessions-api:records"):
        assert api.get(reverse(name, args=[HUGE])).status_code == 404, name
    assert client.get(reverse("sessions:province"), {"year": "99999999999"}).status_code in (200, 400)
    assert api.get(reverse("sessions-api:sessions"), {"year": "x"}).status_code == 400


def test_absurd_records_are_refused_by_field(api_as):
    session = make_session()
    api = api_as(persona("organizer"))
    url = reverse("sessions-api:records", args=[session.pk])
    deal = {"kind": "deal", "subject": "成交", "seller": "南京大学", "buyer": "苏州企业", "signed_on": "2023-07-01",
            "contract_number": ""}
    for amount in ("1e30", "-5", "0", "NaN", "12345678901234567890"):
        answer = api.post(url, {**deal, "amount": amount}, format="json")
        assert answer.status_code == 400 and answer.json()["field"] == "amount", amount
    answer = api.post(url, {"kind": "case", "title": "=HYPERLINK(\"http://x\")", "parties": "甲\x00乙", "summary": "…",
                            "recorded_on": "2023-07-01"}, format="json")
    assert answer.status_code in (201, 400)
    if answer.status_code == 201:
        from sessions_mgmt.models import TypicalCase

        assert "\x00" not in TypicalCase.objects.get(session=session).parties


def test_the_province_works_with_redis_down(client_as, settings):
    make_session()
    down = {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}
    with override_settings(CACHES={"default": down}):
        from django.core.cache import caches

        caches["default"].set("probe", 1)
        assert caches["default"].get("probe") is None  # Redis is really gone: nothing is kept
        page = client_as(persona("admin_user")).get(reverse("sessions:province"), {"year": 2023})
        assert page.status_code == 200
