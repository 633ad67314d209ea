"""/api/v1/auction/: days, lots, registrations, bids with their stable codes, the live state
with ETags, deals; the reserve price and bidders' identities never leak."""

import json
import logging
from decimal import Decimal

import pytest
from django.urls import reverse
from freezegun import freeze_time

from auction.services import closing
from tests.auction.bidding import INCREMENT, RESERVE, START, at

pytestmark = pytest.mark.django_db
TEN = "2023-06-07 10:00:00+08:00"


@pytest.fixture(params=["django", "fast path"])
def api_as(request):
    """api_as(user): a client with the user's token, on each bid path in turn: through Django,
    and meeting the bid fast path first as gunicorn's requests do (tests.auction.fastpath_client)."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from tests.auction.fastpath_client import FastPathClient

    def client_for(user):
        client = (APIClient if request.param == "django" else FastPathClient)()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client

    return client_for


def bid(client, lot, amount):
    return client.post(f"/api/v1/auction/lots/{lot.pk}/bids/", {"amount": str(amount)}, format="json")


@freeze_time(TEN)
def test_bids_through_the_api_answer_201_with_the_lots_new_state(api_as, lot, alice):
    response = bid(api_as(alice), lot, START)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["bid"]["amount"] == "1000000.00" and body["bid"]["bidder"] == "A"
    assert body["lot"]["current_price"] == "1000000.00" and body["lot"]["status"] == "open"
    assert body["lot"]["my_state"] == "leading" and body["lot"]["bid_count"] == 1
    assert "reserve_price" not in body["lot"]


@freeze_time(TEN)
@pytest.mark.parametrize("amount, code, status", [
    (START - 1, "bid_too_low", 400),
    (START + INCREMENT / 2, "not_increment_multiple", 400),
])
def test_refused_bids_answer_with_their_code(api_as, lot, alice, amount, code, status):
    response = bid(api_as(alice), lot, amount)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["detail"]
    # The price as it stands, so that the bidder can bid again at once.
    assert response.json()["current_price"] is None and response.json()["minimum_bid"] == f"{START:.2f}"


@freeze_time(TEN)
def test_a_bidder_outbid_again_and_again_is_told_once_a_minute(api_as, lot, alice, bob,
                                                              django_capture_on_commit_callbacks):
    from jbgs.models import Notification

    for n in range(4):  # alice, bob, alice, bob: alice is outbid twice within the minute
        with django_capture_on_commit_callbacks(execute=True):
            assert bid(api_as(alice if n % 2 == 0 else bob), lot, START + n * INCREMENT).status_code == 201
    assert Notification.objects.filter(recipient=alice, kind="auction.bid.outbid").count() == 1
    assert Notification.objects.filter(recipient=bob, kind="auction.bid.outbid").count() == 1


@freeze_time(TEN)
def test_the_leader_again_and_an_unregistered_bidder_are_refused(api_as, lot, alice, bidder):
    bid(api_as(alice), lot, START)
    again = bid(api_as(alice), lot, START + INCREMENT)
    assert (again.status_code, again.json()["code"]) == (409, "already_leading")
    stranger = bid(api_as(bidder), lot, START + INCREMENT)
    assert (stranger.status_code, stranger.json()["code"]) == (403, "not_registered")


@freeze_time(TEN)
def test_refused_bids_are_not_logged_as_warnings_but_other_bad_requests_are(api_as, lot, alice, caplog):
    client = api_as(alice)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert bid(client, lot, START - 1).status_code == 400  # recorded in the bids table instead
        assert not caplog.records
        assert client.post(f"/api/v1/auction/lots/{lot.pk}/bids/", {}, format="json").status_code == 400
    assert [r.status_code for r in caplog.records] == [400]
    assert lot.bids.filter(accepted=False, rejection="bid_too_low").count() == 1


@freeze_time("2023-06-07 16:00:00+08:00")
def test_a_bid_after_the_end_is_lot_not_open(api_as, lot, alice):
    response = bid(api_as(alice), lot, START)
    assert (response.status_code, response.json()["code"]) == (409, "lot_not_open")


@freeze_time(TEN)
def test_registration_and_deposit_confirmation(api_as, lot, admin_user, bidder):
    registered = api_as(bidder).post(f"/api/v1/auction/lots/{lot.pk}/registrations/",
                                     {"rules_accepted": True, "disclaimer_accepted": True}, format="json")
    assert registered.status_code == 201 and registered.json()["deposit_state"] == "awaiting"
    pk = registered.json()["id"]
    assert api_as(bidder).post(f"/api/v1/auction/registrations/{pk}/confirm-deposit/").status_code == 403
    url = f"/api/v1/auction/registrations/{pk}/confirm-deposit/"
    missing = api_as(admin_user).post(url, {"reference": "BANK-9"}, format="json")
    assert missing.status_code == 400 and {"amount", "received_on"} <= {e["field"] for e in missing.json()["errors"]}
    short = api_as(admin_user).post(url, {"reference": "BANK-9", "amount": "100", "received_on": "2023-06-07"},
                                    format="json")
    assert (short.status_code, short.json()["code"]) == (400, "deposit_short")
    confirmed = api_as(admin_user).post(url, {"reference": "BANK-9", "amount": "50000", "received_on": "2023.6.7"},
                                        format="json")
    assert confirmed.status_code == 200 and confirmed.json()["deposit_state"] == "held"
    assert (confirmed.json()["deposit_received_amount"], confirmed.json()["deposit_received_on"]) == (
        "50000.00", "2023-06-07")
    assert bid(api_as(bidder), lot, START).status_code == 201


@freeze_time(TEN)
def test_the_reserve_is_shown_only_to_administrators_and_the_seller(api, api_as, lot, alice, admin_user, seller,
                                                                   liaison):
    path = f"/api/v1/auction/lots/{lot.pk}/"
    assert "reserve_price" not in api.get(path).json()
    assert "reserve_price" not in api_as(alice).get(path).json()
    assert api_as(admin_user).get(path).json()["reserve_price"] == "1200000.00"
    assert api_as(seller).get(path).json()["reserve_price"] == "1200000.00"  # the seller unit's liaison
    assert "reserve_price" not in api_as(liaison).get(path).json()  # another unit's
    listed = api.get("/api/v1/auction/lots/", {"day": "2023-06-07"}).json()
    assert [lot_["number"] for lot_ in listed["results"]] == [lot.number]
    assert "1200000" not in json.dumps(listed)


@freeze_time(TEN)
def test_the_history_shows_aliases_never_names(api, api_as, lot, alice, bob):
    bid(api_as(alice), lot, START)
    bid(api_as(bob), lot, START + INCREMENT)
    history = api.get(f"/api/v1/auction/lots/{lot.pk}/bids/").json()
    assert [(row["bidder"], row["amount"]) for row in history["results"]] == [("B", "1010000.00"), ("A", "1000000.00")]
    text = json.dumps(history) + json.dumps(api.get(f"/api/v1/auction/lots/{lot.pk}/").json())
    assert "alice" not in text and "bob" not in text


@freeze_time(TEN)
def test_the_live_state_answers_304_until_something_changes(api, api_as, lot, alice,
                                                            django_capture_on_commit_callbacks):
    path = f"/api/v1/auction/lots/{lot.pk}/state/"
    first = api.get(path)
    assert first.status_code == 200 and first.json()["status"] == "open"  # by the clock, before any job ran
    etag = first["ETag"]
    assert api.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):  # the cached state is dropped on commit
        bid(api_as(alice), lot, START)
    changed = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["current_price"] == "1000000.00"
    assert changed.json()["leader"] == "A" and changed["ETag"] != etag


@freeze_time(TEN)
def test_drafts_are_hidden_from_the_public(api, api_as, admin_user, lot_item, bidder):
    from tests.auction.bidding import make_lot

    draft = make_lot(admin_user, [lot_item], scheduled=False)
    assert api.get(f"/api/v1/auction/lots/{draft.pk}/").status_code == 404
    assert api_as(admin_user).get(f"/api/v1/auction/lots/{draft.pk}/").status_code == 200
    # A bid on it, or on no lot at all, is not found, and nothing is recorded.
    assert bid(api_as(bidder), draft, START).status_code == 404
    for missing in ("999999", "99999999999999999999", "²"):  # none, beyond bigint, not an ASCII digit
        assert api_as(bidder).post(f"/api/v1/auction/lots/{missing}/bids/", {"amount": "1"},
                                   format="json").status_code == 404
        assert api.get(f"/api/v1/auction/lots/{missing}/state/").status_code == 404
    assert not draft.bids.exists()


def test_administrators_create_lots_and_days(api_as, admin_user, lot_item, bidder):
    payload = {"items": [lot_item.pk], "title": "储能专利", "trade_mode": "assignment", "start_price": "50万",
               "increment": "10000", "deposit": "20000"}
    assert api_as(bidder).post("/api/v1/auction/lots/", payload, format="json").status_code == 403
    created = api_as(admin_user).post("/api/v1/auction/lots/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "draft" and created.json()["reserve_price"] == "500000.00"
    # A Wednesday of the 2023 bidding stage (a day outside it is refused: test_bidding_close).
    day = api_as(admin_user).post("/api/v1/auction/days/", {"date": "2023-06-14", "opens_at": "14:00",
                                                           "closes_at": "16:30"}, format="json")
    assert day.status_code == 201, day.json()
    assert api_as(bidder).post("/api/v1/auction/days/", {"date": "2023-06-16"}, format="json").status_code == 403


def test_deals_are_seen_by_their_parties_and_administrators(api_as, admin_user, seller, liaison, lot, alice,
                                                             bob):
    from auction.services.bidding import place_bid

    place_bid(lot_id=lot.pk, bidder=alice, amount=RESERVE, now=at(10))
    closing.close_due_lots(at(16))
    assert [d["buyer"] for d in api_as(alice).get("/api/v1/auction/deals/").json()["results"]] == ["alice科技有限公司"]
    assert api_as(bob).get("/api/v1/auction/deals/").json()["results"] == []
    assert len(api_as(seller).get("/api/v1/auction/deals/").json()["results"]) == 1
    assert api_as(liaison).get("/api/v1/auction/deals/").json()["results"] == []  # another unit's liaison
    deal = api_as(admin_user).get("/api/v1/auction/deals/").json()["results"][0]
    assert Decimal(deal["price"]) == RESERVE and deal["stage"] == "confirmed"


@freeze_time(TEN)
def test_watchers_are_answered_from_the_cache_in_front_of_django(api, lot, admin_user, monkeypatch):
    from auction.fastpath import LiveStateFastPath
    from auction.services import live
    from tests.auction.bidding import make_lot, published_items

    monkeypatch.setattr(live, "TTL", 60)  # Redis expires in real time: keep the state while the test runs

    passed_on, answered = [], {}

    def django(environ, start_response):
        passed_on.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    def start_response(status, headers):
        answered.update(status=status, headers=dict(headers))

    app = LiveStateFastPath(django)
    path = f"/api/v1/auction/lots/{lot.pk}/state/"
    app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response)
    assert passed_on == [path]  # nothing cached yet: Django answers, and fills the cache
    through_django = api.get(path)
    content = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response))
    assert passed_on == [path] and answered["status"] == "200 OK"
    fast = json.loads(content)
    assert {k: v for k, v in fast.items() if k != "server_time"} == {
        k: v for k, v in through_django.json().items() if k != "server_time"}
    assert answered["headers"]["ETag"] == through_django["ETag"]
    app({"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_IF_NONE_MATCH": through_django["ETag"]}, start_response)
    assert answered["status"] == "304 Not Modified"
    app({"PATH_INFO": path, "REQUEST_METHOD": "POST"}, start_response)  # only reads take the fast path
    assert passed_on == [path, path]
    # A lot that is not public is never answered from the cache, even when its state is there.
    draft = make_lot(admin_user, published_items(admin_user, year=2022), scheduled=False)
    assert live.stored_state(draft.pk)["status"] == "confirmed"  # terms confirmed, not yet on a day
    hidden = f"/api/v1/auction/lots/{draft.pk}/state/"
    app({"PATH_INFO": hidden, "REQUEST_METHOD": "GET"}, start_response)
    assert passed_on[-1] == hidden and api.get(hidden).status_code == 404


@freeze_time(TEN)
def test_a_bid_by_increments_through_the_api(api_as, lot, alice, bob):
    assert bid(api_as(alice), lot, START).status_code == 201
    url = f"/api/v1/auction/lots/{lot.pk}/bids/"
    response = api_as(bob).post(url, {"increments": 2}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["bid"]["amount"] == f"{START + 2 * INCREMENT:.2f}"
    capped = api_as(alice).post(url, {"increments": 1, "max_amount": "102万"}, format="json")
    assert (capped.status_code, capped.json()["code"], capped.json()["field"]) == (400, "bid_too_low", "max_amount")
    assert "1,020,000.00" in capped.json()["detail"] and capped.json()["minimum_bid"] == f"{START + 3 * INCREMENT:.2f}"


@freeze_time(TEN)
def test_a_bid_costs_a_fixed_number_of_queries(api_as, lot, alice, bob, django_assert_num_queries):
    url = f"/api/v1/auction/lots/{lot.pk}/bids/"
    client, rival = api_as(alice), api_as(bob)
    assert client.post(url, {"increments": 1}, format="json").status_code == 201
    fast = hasattr(rival, "fast_answers")
    # The token and its user; the lot with the bid's registration (the fast path reads the
    # three in one query); the lot's update with the bid's insert, in one statement (no lock,
    # no transaction of its own).
    with django_assert_num_queries(2 if fast else 3):
        assert rival.post(url, {"increments": 1}, format="json").status_code == 201
    # Refused from the committed state: nothing written but the refusal.
    with django_assert_num_queries(2 if fast else 3):
        assert rival.post(url, {"increments": 1}, format="json").status_code == 409
    assert getattr(rival, "fast_answers", 2) == 2  # both answered by the fast path, on its path


@freeze_time(TEN)
@pytest.mark.parametrize("body, field", [
    ({}, "amount"),
    ({"amount": "1000000", "increments": 1}, "amount"),
    ({"amount": "1000000", "max_amount": "1200000"}, "max_amount"),
    ({"increments": 0}, "increments"),
    ({"increments": 101}, "increments"),
    ({"increments": 1, "max_amount": ""}, "max_amount"),  # no maximum is no key, not a blank one
    ({"increments": 1, "max_amount": "面议"}, "max_amount"),
    ({"amount": ""}, "amount"),
])
def test_a_bid_is_an_amount_or_a_number_of_increments(api_as, lot, alice, body, field):
    response = api_as(alice).post(f"/api/v1/auction/lots/{lot.pk}/bids/", body, format="json")
    assert response.status_code == 400
    assert field in json.dumps(response.json()), response.json()
    assert "null" not in response.json()["detail"]  # said in words a bidder understands
    assert not lot.bids.exists()  # a malformed request is not a bid


@freeze_time("2023-06-07 10:00:00+08:00")
def test_refusals_to_someone_not_registered_are_answered_not_stored_and_a_script_is_slowed(
        api_as, client_as, lot, alice, bidder, settings):
    from django.core.cache import cache

    from auction.models import Bid
    from auction.services import live

    outsider = api_as(bidder)  # signed in, not registered for the lot
    for _ in range(5):
        assert outsider.post(f"/api/v1/auction/lots/{lot.pk}/bids/", {"increments": 1},
                             format="json").json()["code"] == "not_registered"
    assert not Bid.objects.exists()
    live.public_state(lot.pk)  # watchers' cached state
    client_as(bidder).post(reverse("auction:lot-bid", args=[lot.pk]), {"amount": "not an amount"},
                           HTTP_HX_REQUEST="true")
    assert cache.get(f"auction:lot:{lot.pk}:state") is not None  # an invalid request leaves it alone
    settings.BID_ATTEMPTS_PER_10S = 3
    answers = [api_as(alice).post(f"/api/v1/auction/lots/{lot.pk}/bids/", {"amount": "1"}, format="json")
               for _ in range(5)]
    assert [a.status_code for a in answers] == [400, 400, 400, 429, 429]
    assert answers[-1].json()["code"] == "too_many_bids"
    assert Bid.objects.filter(bidder=alice).count() == 3  # the refused ones of a registered bidder are kept
