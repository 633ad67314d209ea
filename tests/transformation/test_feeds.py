"""The partner markets' feeds: a keyset cursor that loses and repeats nothing while entries
change between pages, `updated_since`, withdrawn entries as deletions, drafts never shown,
public fields only (no reserve price, no hidden demand field), the settling time, the Excel
of the same entries."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from auction.models import Item
from auction.services import publication
from challenge.services import demands as demand_services
from tests.auction.bidding import make_lot, published_items
from tests.challenge.conftest import challenge_2023, leaks, post_demand, published  # noqa: F401 (fixtures)
from transformation import feeds

pytestmark = pytest.mark.django_db

OPEN = {"trade_modes": ["license_open", "assignment"], "open_license_fee": "入门费5万元，提成3%",
        "open_license_payment": "一次性支付入门费，按年支付提成", "open_license_term": "5年"}
PRIVATE_ITEM_FIELDS = {"reserve_price", "review_state", "review_comment", "score", "score_count", "selected",
                       "submission_list", "batch", "roadshow_pick", "search_title", "search_body", "created_at"}


@pytest.fixture(autouse=True)
def _no_settling(settings):
    settings.FEEDS_SETTLE_SECONDS = 0


def read_all(api, url, limit, between_pages=None, **params):
    """Every page of a feed, in order; `between_pages(n)` runs after page n."""
    entries, cursor, n = [], "", 0
    while True:
        answer = api.get(url, {**params, "limit": limit, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.content
        body = answer.json()
        entries += body["results"]
        cursor, n = body["next_cursor"], n + 1
        if between_pages:
            between_pages(n)
        if not body["has_more"]:
            return entries, cursor


def touch(*items):
    """A change to the items' records, as any service's save stamps it."""
    Item.objects.filter(pk__in=[item.pk for item in items]).update(updated_at=timezone.now())


def test_pages_lose_and_repeat_nothing_while_entries_change_between_them(api, admin_user):
    items = published_items(admin_user, count=7)  # one batch: the same updated_at, ordered by id
    first_page = set()

    def change(n):
        if n == 1:
            first_page.update(items[:3])
            touch(items[1], items[5])  # one read already, one not yet

    entries, _ = read_all(api, reverse("transformation-api:feed-items"), 3, between_pages=change)
    ids = [entry["id"] for entry in entries]
    assert set(ids) == {f"item-{item.pk}" for item in items}
    # The unchanged come once; the one changed after it was read comes again, last, with its new time;
    # the one changed before it was read comes once, at its new place.
    assert ids.count(f"item-{items[1].pk}") == 2 and ids.count(f"item-{items[5].pk}") == 1
    assert ids[-2:] == sorted([f"item-{items[1].pk}", f"item-{items[5].pk}"], key=lambda i: int(i.split("-")[1]))
    stamps = [entry["updated_at"] for entry in entries]
    assert [datetime.datetime.fromisoformat(s) for s in stamps] == sorted(
        datetime.datetime.fromisoformat(s) for s in stamps)


def test_a_partner_resumes_later_from_its_cursor_and_gets_only_what_changed(api, admin_user):
    items = published_items(admin_user, count=3)
    url = reverse("transformation-api:feed-items")
    _, cursor = read_all(api, url, 10)
    assert api.get(url, {"cursor": cursor}).json()["results"] == []
    touch(items[2])
    again = api.get(url, {"cursor": cursor}).json()
    assert [entry["id"] for entry in again["results"]] == [f"item-{items[2].pk}"]
    assert again["next_cursor"] != cursor and not again["has_more"]


def test_updated_since_leaves_out_what_changed_before(api, admin_user):
    items = published_items(admin_user, count=3)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Item.objects.filter(pk__in=[items[0].pk, items[1].pk]).update(updated_at=long_ago)
    since = (long_ago + datetime.timedelta(days=1)).isoformat()
    answer = api.get(reverse("transformation-api:feed-items"), {"updated_since": since}).json()
    assert [entry["id"] for entry in answer["results"]] == [f"item-{items[2].pk}"]


def test_a_withdrawn_item_is_a_deletion_and_a_draft_never_appears(api, admin_user):
    items = published_items(admin_user, count=2)
    draft = Item.objects.exclude(pk__in=[item.pk for item in items]).filter(published_at__isnull=True)
    publication.withdraw(actor=admin_user, item=items[0], reason="专利权人信息有误")
    entries = api.get(reverse("transformation-api:feed-items")).json()["results"]
    by_id = {entry["id"]: entry for entry in entries}
    assert by_id[f"item-{items[0].pk}"]["deleted"] is True and by_id[f"item-{items[0].pk}"]["data"] is None
    assert by_id[f"item-{items[1].pk}"]["deleted"] is False
    assert by_id[f"item-{items[1].pk}"]["data"]["title"] == items[1].title
    assert not any(f"item-{pk}" in by_id for pk in draft.values_list("pk", flat=True))
    assert len(by_id) == 2


def test_items_carry_public_fields_only_never_a_lots_reserve_price(api, admin_user):
    items = published_items(admin_user, count=1)
    make_lot(admin_user, items)
    answer = api.get(reverse("transformation-api:feed-items"))
    data = answer.json()["results"][0]["data"]
    assert not PRIVATE_ITEM_FIELDS & set(data)
    assert "1200000" not in answer.content.decode()  # tests.auction.bidding.RESERVE, in any form


def test_open_licences_are_the_items_offered_under_one_with_their_terms(api, admin_user):
    items = published_items(admin_user, count=3, **OPEN)
    Item.objects.filter(pk=items[0].pk).update(trade_modes=["assignment"])
    entries = api.get(reverse("transformation-api:feed-open-licences")).json()["results"]
    assert [entry["id"] for entry in entries] == [f"item-{items[1].pk}", f"item-{items[2].pk}"]
    assert entries[0]["data"]["open_license_fee"] == OPEN["open_license_fee"]
    assert entries[0]["data"]["open_license_payment"] == OPEN["open_license_payment"]


def test_demands_show_what_the_public_sees_and_a_withdrawn_one_is_a_deletion(api, published, enterprise_user):  # noqa: F811
    post_demand(enterprise_user, title="未发布的草稿需求")
    url = reverse("transformation-api:feed-demands")
    answer = api.get(url)
    [entry] = answer.json()["results"]
    assert entry["id"] == f"demand-{published.pk}" and entry["data"]["number"] == published.number
    assert not leaks({url: answer.content.decode()})
    assert "contact_phone" not in entry["data"] and "organization" not in entry["data"]
    workbook = api.get(reverse("transformation-api:feed-demands-xlsx"))
    assert not leaks({"xlsx": " ".join(str(cell) for row in _rows(workbook) for cell in row)})
    demand_services.withdraw(actor=enterprise_user, demand=published, reason="需求已解决")
    [entry] = api.get(url).json()["results"]
    assert entry["deleted"] is True and entry["data"] is None


def test_entries_are_held_back_while_they_settle(api, admin_user, settings):
    published_items(admin_user, count=1)
    settings.FEEDS_SETTLE_SECONDS = 120
    answer = api.get(reverse("transformation-api:feed-items")).json()
    assert answer["results"] == [] and answer["next_cursor"] is None
    later = timezone.now() + datetime.timedelta(minutes=3)
    assert len(feeds.read(feeds.ITEMS, now=later).entries) == 1


def test_a_cursor_or_a_date_that_is_not_one_is_refused_by_name(api):
    url = reverse("transformation-api:feed-items")
    answer = api.get(url, {"cursor": "not-a-cursor"})
    assert answer.status_code == 400 and answer.json()["code"] == "bad_cursor"
    assert answer.json()["errors"][0]["field"] == "cursor"
    answer = api.get(url, {"updated_since": "yesterday"})
    assert answer.status_code == 400 and "updated_since" in answer.content.decode()


def test_the_excel_holds_the_same_entries_amounts_in_wan(api, admin_user):
    items = published_items(admin_user, count=2)
    publication.withdraw(actor=admin_user, item=items[0], reason="专利权人信息有误")
    answer = api.get(reverse("transformation-api:feed-items-xlsx"))
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _rows(answer)
    assert [row[0] for row in rows[1:]] == [f"item-{items[1].pk}", f"item-{items[0].pk}"]
    assert rows[2][2] and not rows[1][2]  # the withdrawn one says deleted
    assert float(rows[1][11]) == 50  # the asking price, 500000 yuan


def test_a_page_costs_one_query_per_source(api, admin_user, django_assert_max_num_queries):
    published_items(admin_user, count=5)
    with django_assert_max_num_queries(3):  # the items, the content type (cached after), nothing per entry
        assert len(api.get(reverse("transformation-api:feed-items")).json()["results"]) == 5


def _rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]


def test_the_feeds_are_throttled_per_client(api, monkeypatch):
    from jbgs.api.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"feeds": "2/min"})
    url = reverse("transformation-api:feed-demands")
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert api.get(url).json()["code"] == "throttled"


@pytest.mark.parametrize("path", ["/api/v1/feeds/items/", "/api/v1/feeds/open-licences/"])
def test_a_page_with_entries_and_deletions_keeps_to_the_schema(api, admin_user, path):
    import schemathesis
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from config.wsgi import application

    items = published_items(admin_user, count=2, **OPEN)
    publication.withdraw(actor=admin_user, item=items[0], reason="专利权人信息有误")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        operation = schemathesis.openapi.from_wsgi("/api/schema/", application)[path]["GET"]
        response = operation.Case().call()
        assert len(response.json()["results"]) == 2
        operation.validate_response(response)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_a_demands_page_keeps_to_the_schema(published):  # noqa: F811
    import schemathesis
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from config.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        operation = schemathesis.openapi.from_wsgi("/api/schema/", application)["/api/v1/feeds/demands/"]["GET"]
        response = operation.Case().call()
        assert len(response.json()["results"]) == 1
        operation.validate_response(response)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
