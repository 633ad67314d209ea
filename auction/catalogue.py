"""The public catalogue of published patents and results: search, filters, sorting.

Public means public: everything here reads only published items, and the serializers and
templates show only the fields listed in PUBLIC_FIELDS."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import SearchRank
from django.db.models import F, Q, QuerySet

from auction.models import Item
from auction.search import search_query
from jbgs.validators import normalize_code

PUBLIC_FIELDS = (
    "id", "kind", "title", "application_number", "patent_type", "application_date", "grant_date", "legal_status",
    "patentees", "inventors", "ipc", "result_year", "result_category", "linked_patents", "field", "summary",
    "prospects", "maturity", "trade_modes", "asking_price", "programme_related", "programme_level", "programme_name",
    "carbon_related", "open_license_fee", "open_license_payment", "open_license_term", "columns", "published_at",
)
SORTS = {"relevance", "newest", "price", "-price"}
_NUMBER = re.compile(r"^(?:ZL|CN)?(\d{6,12})\.?([\dX])?$")


@dataclass
class Filters:
    q: str = ""
    field: str = ""  # industry-field code
    column: str = ""
    trade_mode: str = ""
    maturity: str = ""
    kind: str = ""
    price_min: Decimal | None = None  # 万元
    price_max: Decimal | None = None
    unit: str = ""
    region: str = ""  # a city or province code
    programme: bool = False
    open_license: bool = False
    year: int | None = None
    sort: str = ""


def published() -> QuerySet[Item]:
    return Item.objects.filter(published_at__isnull=False).select_related(
        "organization__region__parent__parent", "field", "campaign")


def search(filters: Filters) -> QuerySet[Item]:
    qs = published()
    qs, ranked = _text(qs, filters.q.strip())
    if filters.field:
        qs = qs.filter(field__code=filters.field)
    if filters.year:
        qs = qs.filter(campaign__year=filters.year)
    if filters.column:
        qs = qs.filter(columns__contains=[filters.column])
    if filters.trade_mode:
        qs = qs.filter(trade_modes__contains=[filters.trade_mode])
    if filters.open_license:
        qs = qs.filter(trade_modes__contains=["license_open"])
    if filters.maturity:
        qs = qs.filter(maturity=filters.maturity)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.price_min is not None:
        qs = qs.filter(asking_price__gte=filters.price_min * 10000)
    if filters.price_max is not None:
        qs = qs.filter(asking_price__lte=filters.price_max * 10000)
    if filters.unit:
        qs = qs.filter(organization__name__icontains=filters.unit)
    if filters.region:
        qs = qs.filter(Q(organization__region_id=filters.region) | Q(organization__region__parent_id=filters.region))
    if filters.programme:
        qs = qs.filter(programme_related=True)
    return _sorted(qs, filters.sort or ("relevance" if ranked else "newest"), ranked)


def _text(qs, q: str):
    if not q:
        return qs, False
    number = _NUMBER.match(normalize_code(q))
    if number:  # a patent number, whole or its beginning: the trigram and btree indexes
        digits = number.group(1)
        return qs.filter(application_number__startswith=digits), False
    query = search_query(q)
    if query is None:
        return qs.none(), False
    match = Q(search_vector=query)
    if len(q) >= 3:  # a title fragment the segmentation split differently still matches
        match |= Q(title__icontains=q)
    return qs.filter(match).annotate(rank=SearchRank(F("search_vector"), query)), True


def _sorted(qs, sort: str, ranked: bool):
    if sort == "price":
        return qs.order_by(F("asking_price").asc(nulls_last=True), "-id")
    if sort == "-price":
        return qs.order_by(F("asking_price").desc(nulls_last=True), "-id")
    if sort == "relevance" and ranked:
        return qs.order_by("-rank", "-published_at", "-id")
    return qs.order_by("-published_at", "-id")
