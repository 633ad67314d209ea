"""The stock patents' open licences in the partner feed (/api/v1/feeds/open-licences/): a second
source beside the catalogue's items, with its own ids (stock-<pk>) and public fields only (never
an evaluation, a score, the reviewer or the screening note); an open licence withdrawn is a
deletion once; the cursor loses and repeats nothing across both sources."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from auction.models import Item
from tests.auction.bidding import published_items
from tests.transformation.stock import institution, stock
from transformation import feeds
from transformation.choices import EvaluatorKind, StockPool
from transformation.models import StockPatent
from transformation.services import stock as services

pytestmark = pytest.mark.django_db

OPEN = {"trade_modes": ["license_open", "assignment"], "open_license_fee": "入门费5万元，提成3%",
        "open_license_payment": "一次性支付入门费，按年支付提成", "open_license_term": "5年"}
FEE, PAYMENT = "一次性许可费5万元，不限地域使用3年", "签订许可合同后30日内一次性支付"
SECRET_NOTE, SECRET_COMMENT = "市场需求潜力较大（内部筛选意见）", "内部评价：尚需中试验证"
PRIVATE = {"selected", "screening_note", "screened_at", "reviewer", "evaluations", "pool", "stage", "inventors",
           "legal_status", "grant_date", "maturity", "market", "value", "recommended"}
URL = "transformation-api:feed-open-licences"


@pytest.fixture(autouse=True)
def _no_settling(settings):
    settings.FEEDS_SETTLE_SECONDS = 0


def offer(liaison, patent, fee=FEE, payment=PAYMENT, *, screened=True):
    """The patent evaluated, screened and registered (with an open licence when a fee is given)."""
    services.evaluate(actor=liaison, patent_id=patent.pk, kind=EvaluatorKind.INSTITUTION, data={
        "maturity": 4, "market": 5, "value": 3, "recommended": True, "comment": SECRET_COMMENT})
    if screened:
        services.screen(actor=liaison, patent_id=patent.pk, selected=True, note=SECRET_NOTE)
        services.register(actor=liaison, patent_id=patent.pk, pool=StockPool.PROVINCIAL, open_licence_fee=fee,
                          open_licence_payment=payment)
    patent.refresh_from_db()
    return patent


@pytest.fixture
def holder():
    return institution()


def read_all(api, limit, between_pages=None):
    entries, cursor, n = [], "", 0
    while True:
        answer = api.get(reverse(URL), {"limit": limit, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.content
        body = answer.json()
        entries += body["results"]
        cursor, n = body["next_cursor"], n + 1
        if between_pages:
            between_pages(n)
        if not body["has_more"]:
            return entries, cursor


def test_registered_open_licences_come_with_public_fields_only(api, holder):
    organization, liaison = holder
    offered, closed, evaluated = stock(organization, 3)
    offer(liaison, offered)
    offer(liaison, closed, fee="", payment="")
    offer(liaison, evaluated, screened=False)
    answer = api.get(reverse(URL))
    [entry] = answer.json()["results"]
    assert entry["id"] == f"stock-{offered.pk}" and entry["source"] == "stock" and entry["deleted"] is False
    data = entry["data"]
    assert data["application_number"] == offered.application_number and data["title"] == offered.title
    assert data["institution"] == organization.name and data["patent_type"] == "invention"
    assert (data["open_licence_fee"], data["open_licence_payment"]) == (FEE, PAYMENT)
    assert data["registered_at"] and data["updated_at"]
    assert not PRIVATE & set(data)
    text = answer.content.decode()
    assert SECRET_NOTE not in text and SECRET_COMMENT not in text


def test_a_withdrawn_open_licence_is_a_deletion_once(api, holder):
    organization, liaison = holder
    patent = offer(liaison, stock(organization, 1)[0])
    _, cursor = read_all(api, 10)
    services.register(actor=liaison, patent_id=patent.pk, pool=StockPool.PROVINCIAL)  # registered without the fee
    answer = api.get(reverse(URL), {"cursor": cursor}).json()
    [entry] = answer["results"]
    assert entry["id"] == f"stock-{patent.pk}" and entry["deleted"] is True and entry["data"] is None
    assert api.get(reverse(URL), {"cursor": answer["next_cursor"]}).json()["results"] == []
    # Offered again: it comes back, with its new terms.
    services.register(actor=liaison, patent_id=patent.pk, pool=StockPool.PROVINCIAL, open_licence_fee="入门费2万元",
                      open_licence_payment="按年支付")
    [entry] = api.get(reverse(URL), {"cursor": answer["next_cursor"]}).json()["results"]
    assert entry["deleted"] is False and entry["data"]["open_licence_fee"] == "入门费2万元"


def test_pages_across_both_sources_lose_and_repeat_nothing_while_entries_change(api, admin_user, holder):
    organization, liaison = holder
    items = published_items(admin_user, count=4, **OPEN)
    patents = [offer(liaison, patent) for patent in stock(organization, 4)]
    # Both sources at one instant: the order across them is (updated_at, source, number).
    same = timezone.now() - datetime.timedelta(minutes=5)
    Item.objects.filter(pk__in=[item.pk for item in items]).update(updated_at=same)
    StockPatent.objects.filter(pk__in=[patent.pk for patent in patents]).update(updated_at=same)
    expected = [f"item-{item.pk}" for item in sorted(items, key=lambda i: i.pk)] + [
        f"stock-{patent.pk}" for patent in sorted(patents, key=lambda p: p.pk)]

    def change(n):
        if n == 1:  # the first page read items 0-2; item 1 again (read), stock 2 (not read yet)
            now = timezone.now()
            Item.objects.filter(pk=items[1].pk).update(updated_at=now)
            StockPatent.objects.filter(pk=patents[2].pk).update(updated_at=now)

    entries, cursor = read_all(api, 3, between_pages=change)
    ids = [entry["id"] for entry in entries]
    assert set(ids) == set(expected)
    assert ids.count(f"item-{items[1].pk}") == 2 and ids.count(f"stock-{patents[2].pk}") == 1
    assert ids[:3] == expected[:3]
    assert ids[-2:] == [f"item-{items[1].pk}", f"stock-{patents[2].pk}"]
    assert len(ids) == len(expected) + 1
    assert api.get(reverse(URL), {"cursor": cursor}).json()["results"] == []


def test_the_items_feed_does_not_carry_stock_patents(api, holder):
    organization, liaison = holder
    offer(liaison, stock(organization, 1)[0])
    assert api.get(reverse("transformation-api:feed-items")).json()["results"] == []


def test_the_excel_has_the_stock_licence_as_a_row(api, holder):
    organization, liaison = holder
    patent = offer(liaison, stock(organization, 1)[0])
    answer = api.get(reverse("transformation-api:feed-open-licences-xlsx"))
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[1][0] == f"stock-{patent.pk}"
    assert patent.application_number in rows[1] and FEE in rows[1] and PAYMENT in rows[1]
    assert SECRET_NOTE not in str(rows)


def test_a_page_costs_one_query_per_source(api, admin_user, holder, django_assert_max_num_queries):
    organization, liaison = holder
    published_items(admin_user, count=3, **OPEN)
    for patent in stock(organization, 3):
        offer(liaison, patent)
    feeds.read(feeds.OPEN_LICENCES)  # the content types cached
    with django_assert_max_num_queries(2):
        assert len(api.get(reverse(URL)).json()["results"]) == 6


def test_a_page_with_stock_entries_and_a_deletion_keeps_to_the_schema(api, admin_user, holder):
    import schemathesis
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from config.wsgi import application

    organization, liaison = holder
    published_items(admin_user, count=1, **OPEN)
    kept, withdrawn = (offer(liaison, patent) for patent in stock(organization, 2))
    services.register(actor=liaison, patent_id=withdrawn.pk, pool=StockPool.PROVINCIAL)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        operation = schemathesis.openapi.from_wsgi("/api/schema/", application)["/api/v1/feeds/open-licences/"]["GET"]
        response = operation.Case().call()
        assert sorted(entry["source"] for entry in response.json()["results"]) == ["item", "stock", "stock"]
        operation.validate_response(response)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
