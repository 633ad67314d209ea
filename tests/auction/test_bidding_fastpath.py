"""The bid fast path (auction.fastpath.BidFastPath) answers exactly as the API view does,
byte for byte, and passes on to Django what it does not expect. The rules themselves are the
services': the API tests run on both paths (test_bidding_api's `api_as`)."""

import io
import json
from decimal import Decimal

import pytest
from django.db import transaction
from freezegun import freeze_time
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from auction.fastpath import BidFastPath
from tests.auction.bidding import INCREMENT, START
from tests.auction.fastpath_client import FastPathClient

pytestmark = pytest.mark.django_db
TEN = "2023-06-07 10:00:00+08:00"


def clients(user) -> tuple[APIClient, FastPathClient]:
    key = Token.objects.get_or_create(user=user)[0].key
    pair = APIClient(), FastPathClient()
    for client in pair:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return pair


def rolled_back(client, url, body):
    """The answer to a bid, the bid's changes undone, so that the other path meets the same lot."""
    with transaction.atomic():
        response = client.post(url, body, format="json")
        transaction.set_rollback(True)
    return response


def headers(response) -> dict:
    return dict(response.headers.items())


CASES = {  # name: (bidder, body, what happened before, expected status and code)
    "accepted": ("alice", {"amount": str(START)}, [], (201, None)),
    "accepted by increments": ("bob", {"increments": 2}, [("alice", START)], (201, None)),
    "bid_too_low": ("alice", {"amount": str(START - 1)}, [], (400, "bid_too_low")),
    "over its maximum": ("bob", {"increments": 1, "max_amount": "100万"}, [("alice", START)], (400, "bid_too_low")),
    "not_increment_multiple": ("alice", {"amount": str(START + INCREMENT / 2)}, [], (400, "not_increment_multiple")),
    "already_leading": ("alice", {"amount": str(START + INCREMENT)}, [("alice", START)], (409, "already_leading")),
    "not_registered": ("bidder", {"amount": str(START)}, [], (403, "not_registered")),
}


@freeze_time(TEN)
@pytest.mark.parametrize("case", CASES)
def test_the_fast_path_answers_byte_for_byte_as_the_api_view(case, lot, alice, bob, bidder):
    people = {"alice": alice, "bob": bob, "bidder": bidder}
    name, body, before, (status, code) = CASES[case]
    url = f"/api/v1/auction/lots/{lot.pk}/bids/"
    for who, amount in before:
        assert clients(people[who])[0].post(url, {"amount": str(amount)}, format="json").status_code == 201
    django, fast = clients(people[name])
    expected = rolled_back(django, url, body)
    answer = rolled_back(fast, url, body)
    assert fast.fast_answers == 1  # answered in front of Django
    assert (answer.status_code, answer.json().get("code")) == (status, code)
    content = expected.content
    if status == 201:  # the bid undone kept its id: the next one has another
        content = content.replace(b'{"bid":{"id":%d,' % expected.json()["bid"]["id"],
                                  b'{"bid":{"id":%d,' % answer.json()["bid"]["id"])
    assert answer.content == content
    assert headers(answer) == headers(expected)


@freeze_time("2023-06-07 16:00:00+08:00")
def test_a_bid_after_the_end_is_answered_alike_on_both_paths(lot, alice):
    url = f"/api/v1/auction/lots/{lot.pk}/bids/"
    django, fast = clients(alice)
    expected, answer = django.post(url, {"increments": 1}, format="json"), fast.post(url, {"increments": 1},
                                                                                     format="json")
    assert fast.fast_answers == 1 and answer.json()["code"] == "lot_not_open"
    assert (answer.status_code, answer.content, headers(answer)) == (
        expected.status_code, expected.content, headers(expected))


@freeze_time(TEN)
def test_too_many_bids_are_answered_alike_on_both_paths(lot, alice, settings):
    settings.BID_ATTEMPTS_PER_10S = 1
    url = f"/api/v1/auction/lots/{lot.pk}/bids/"
    django, fast = clients(alice)
    assert django.post(url, {"amount": "1"}, format="json").status_code == 400
    expected, answer = django.post(url, {"amount": "1"}, format="json"), fast.post(url, {"amount": "1"}, format="json")
    assert fast.fast_answers == 1 and answer.status_code == 429
    assert (answer.content, headers(answer)) == (expected.content, headers(expected))


@freeze_time(TEN)
@pytest.mark.parametrize("body", [b"{}", b'{"amount": "1000000", "increments": 1}', b"[1]", b'{"amount": NaN}',
                                  b"not json", b'{"increments": 1e400}'])
def test_a_malformed_body_is_answered_400_by_django_itself(lot, alice, body):
    url = f"/api/v1/auction/lots/{lot.pk}/bids/"
    django, fast = clients(alice)
    expected = django.post(url, body, content_type="application/json")
    answer = fast.post(url, body, content_type="application/json")
    assert fast.fast_answers == 0 and answer.status_code == 400  # Django read the body the fast path read
    assert (answer.content, headers(answer)) == (expected.content, headers(expected))
    assert not lot.bids.exists()


@freeze_time(TEN)
def test_what_the_fast_path_does_not_expect_goes_to_django_unchanged(lot, alice, client_as, admin_user):
    from jbgs.services.organizations import set_organization_suspended

    url = f"/api/v1/auction/lots/{lot.pk}/bids/"
    _django, fast = clients(alice)
    # A session (a page's post carries its cookie and its CSRF token): DRF's session authentication.
    client_as(alice)
    fast.cookies = client_as(alice).cookies
    fast.credentials()
    assert fast.post(url, {"amount": str(START)}, format="json").status_code == 201
    # Another media type, a wrong token, a lot that does not exist.
    _django, fast = clients(alice)
    assert fast.post(url, {"amount": str(START + INCREMENT)}, format="multipart").status_code == 409
    assert fast.post(url, {"amount": str(START)}, format="json", HTTP_ACCEPT="text/html").status_code == 409
    fast.credentials(HTTP_AUTHORIZATION="Token nonsense")
    assert fast.post(url, {"increments": 1}, format="json").status_code == 401
    _django, fast = clients(alice)
    assert fast.post(f"/api/v1/auction/lots/{lot.pk + 1000}/bids/", {"increments": 1},
                     format="json").status_code == 404
    assert fast.post(f"/api/v1/auction/lots/{10**30}/bids/", {"increments": 1},  # beyond any id
                     format="json").status_code == 404
    fast.credentials(HTTP_AUTHORIZATION="Token " + "f" * 5000)  # an absurd token: refused, not a 500
    assert fast.post(url, {"increments": 1}, format="json").status_code == 401
    assert not BidFastPath.wanted({"REQUEST_METHOD": "POST", "PATH_INFO": url, "HTTP_HOST": "testserver",
                                   "HTTP_AUTHORIZATION": "Token a\x00b", "CONTENT_TYPE": "application/json"})
    _django, fast = clients(alice)
    # A suspended unit's token is refused by the API's authentication.
    set_organization_suspended(organization_id=alice.organization_id, actor=admin_user, suspended=True, reason="违规")
    answer = fast.post(url, {"increments": 1}, format="json")
    assert (answer.status_code, answer.json()["code"]) == (401, "authentication_failed")
    assert fast.fast_answers == 0
    assert lot.bids.filter(accepted=True).count() == 1


@freeze_time(TEN)
def test_the_wsgi_application_places_bids_on_the_fast_path_and_records_them_once(lot, alice, bob, monkeypatch):
    """config.wsgi as gunicorn calls it: a bid by token is answered in front of Django."""
    from django.core import signals
    from django.db import close_old_connections

    from config import wsgi

    seen = []
    monkeypatch.setattr(BidFastPath, "answer", lambda self, environ, real=BidFastPath.answer: seen.append(1)
                        or real(self, environ))
    # As Django's test client does: the test's transaction keeps its connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        answers, started = [], []
        for user in (alice, bob):
            body = json.dumps({"increments": 1}).encode()
            environ = {**APIClient()._base_environ(), "REQUEST_METHOD": "POST",
                       "PATH_INFO": f"/api/v1/auction/lots/{lot.pk}/bids/", "CONTENT_TYPE": "application/json",
                       "CONTENT_LENGTH": str(len(body)), "HTTP_COOKIE": "",
                       "HTTP_AUTHORIZATION": f"Token {Token.objects.get_or_create(user=user)[0].key}"}
            environ["wsgi.input"] = io.BytesIO(body)
            content = b"".join(wsgi.application(environ, lambda status, headers: started.append(status)))
            answers.append((started[-1], json.loads(content)))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert [status for status, _ in answers] == ["201 Created", "201 Created"] and len(seen) == 2
    assert [Decimal(body["bid"]["amount"]) for _, body in answers] == [START, START + INCREMENT]
    assert list(lot.bids.filter(accepted=True).values_list("amount", flat=True).order_by("id")) == [
        START, START + INCREMENT]
