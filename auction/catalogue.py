"""The public catalogue of published patents and results: search, filters, sorting.

Public means public: everything here reads only published items, and the serializers and
templates show only the fields listed in PUBLIC_FIELDS."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import SearchRank
from django.db.models import F, Q, QuerySet

from auction.models import Item
from auction.search import like_pattern, search_query
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


# A text search considers at most this many matches, the newest: ranking (or sorting) every
# match of a common word means reading all of them, which grows with the catalogue, while the
# newest matches come straight off the published_at index. Below it, every match is ranked.
TEXT_CANDIDATES = 1000


@dataclass
class Found:
    """A search's items in order, and how many there are: `more` says that a text search
    matched more than TEXT_CANDIDATES items and shows only the newest of them."""

    items: QuerySet[Item]
    count: int | None  # None: count `items` when needed
    more: bool = False

    def for_paginator(self):
        """What a Paginator takes: the items, with their count known in advance if it is."""
        return self.items if self.count is None else _Counted(self.items, self.count)


class _Counted:
    def __init__(self, items: QuerySet, count: int):
        self.items, self._count = items, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self.items[index]


def search(filters: Filters) -> Found:
    qs = _filtered(published(), filters)
    q = filters.q.strip()
    if not q:
        return Found(_sorted(qs, filters.sort or "newest"), None)
    qs, query = _text(qs, q)
    if query is None:  # a patent number: few matches, on the number's index
        return Found(_sorted(qs, filters.sort or "newest"), None)
    count = qs.order_by()[:TEXT_CANDIDATES + 1].count()
    more = count > TEXT_CANDIDATES
    if more:
        newest = qs.order_by("-published_at", "-id").values("pk")[:TEXT_CANDIDATES]
        qs = published().filter(pk__in=newest)
    ranked = qs.annotate(rank=SearchRank(F("search_vector"), query))
    return Found(_sorted(ranked, filters.sort or "relevance"), min(count, TEXT_CANDIDATES), more)


def _filtered(qs, filters: Filters):
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
    return qs


def _text(qs, q: str):
    """The items matching `q`, and the text-search query to rank them by (None for a patent
    number, which matches on its own index)."""
    number = _NUMBER.match(normalize_code(q))
    if number:  # a patent number, whole or its beginning: the trigram and btree indexes
        return qs.filter(application_number__startswith=number.group(1)), None
    query = search_query(q)
    if query is None:
        return qs.none(), None
    match = Q(search_vector=query)
    if len(q) >= 3:  # a title fragment the segmentation split differently still matches
        match |= Q(title__ilike=like_pattern(q))
    return qs.filter(match), query


def _sorted(qs, sort: str):
    if sort == "price":
        return qs.order_by(F("asking_price").asc(nulls_last=True), "-id")
    if sort == "-price":
        return qs.order_by(F("asking_price").desc(nulls_last=True), "-id")
    if sort == "relevance" and "rank" in qs.query.annotations:
        return qs.order_by("-rank", "-published_at", "-id")
    return qs.order_by("-published_at", "-id")
