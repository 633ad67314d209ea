"""With Redis unreachable the portal works from the database: lot pages, the live state,
bids and the token endpoint answer; /healthz says Redis is down."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from freezegun import freeze_time

from auction.models import Bid
from tests.auction.test_bidding_pages import TEN
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["django", "fast path"])
def api(request):
    """An API client on each bid path in turn (tests.auction.fastpath_client)."""
    from rest_framework.test import APIClient

    from tests.auction.fastpath_client import FastPathClient

    return (APIClient if request.param == "django" else FastPathClient)()


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {**settings.CACHES, "default": {
        **settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there
    with pytest.raises(Exception):  # noqa: B017 (any error: the client cannot connect)
        cache._cache.get_client().ping()
    yield


@freeze_time(TEN)
def test_lot_pages_bids_and_tokens_work_without_redis(redis_down, client, client_as, api, alice, lot):
    assert client.get(reverse("auction:lot", args=[lot.pk])).status_code == 200
    assert client.get(reverse("auction:lot-live", args=[lot.pk])).status_code == 200
    assert client.get(f"/api/v1/auction/lots/{lot.pk}/state/").status_code == 200
    token = api.post("/api/v1/auth/token/", {"username": alice.username, "password": PASSWORD}, format="json")
    assert token.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    bid = api.post(f"/api/v1/auction/lots/{lot.pk}/bids/", {"increments": 1}, format="json")
    assert bid.status_code == 201 and Bid.objects.filter(accepted=True).count() == 1
    assert getattr(api, "fast_answers", 1) == 1  # the fast path's variant did answer the bid
    page = client_as(alice).post(reverse("auction:lot-bid", args=[lot.pk]), {"amount": "200"}, HTTP_HX_REQUEST="true")
    assert page.status_code == 200


def test_healthz_says_redis_is_down(redis_down, client):
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["redis"] != "ok"
