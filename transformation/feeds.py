"""Incremental feeds for partner markets (the Yangtze-delta technology-market network, the
national and provincial patent-transformation resource pools): the catalogue's items, the open
licences and the published demands, each entry with a stable id, read in pages that resume on
a cursor.

A feed is one or more sources (the open licences take the stock patents' beside the
catalogue's), each a queryset in (updated_at, pk) order on an index. A page is the next entries
after the cursor in (updated_at, source, pk) order, merged across the sources: a keyset, never
an offset, so that an entry changed while a partner reads comes again later with its new
content, and nothing is skipped. Entries changed in the last FEEDS_SETTLE_SECONDS are not served
yet: a transaction stamps its rows when it starts and commits later, and a cursor that had
passed the stamp would otherwise skip them. docs/feeds.md is the contract."""

import base64
import binascii
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from auction import selectors as auction_selectors
from auction.choices import TradeMode
from challenge import selectors as challenge_selectors
from jbgs.exceptions import DomainError
from transformation import stock_selectors

DEFAULT_LIMIT, MAX_LIMIT = 100, 500


def settle() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.FEEDS_SETTLE_SECONDS)


@dataclass(frozen=True)
class Position:
    """Where a page ended: the last entry's time, source and key."""

    updated_at: datetime.datetime
    source: str
    pk: int

    def encode(self) -> str:
        text = f"{self.updated_at.isoformat()}|{self.source}|{self.pk}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor: str) -> Position:
    """A cursor as a page gave it; anything else is refused, naming the parameter."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, source, pk = text.split("|")
        updated_at = datetime.datetime.fromisoformat(stamp)
        if updated_at.tzinfo is None or not source.isidentifier():
            raise ValueError
        return Position(updated_at, source, int(pk))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise DomainError(_("This cursor is not one a page of the feed gave."), code="bad_cursor",
                          field="cursor") from None


@dataclass(frozen=True)
class Source:
    """One kind of record in a feed. `rows()` is in (updated_at, pk) order; `live(row)` says
    whether the row is an entry now (else the feed reports it deleted); an entry's id is
    `<code>-<pk>`, stable for ever."""

    code: str
    rows: Callable[[], QuerySet]
    live: Callable[[object], bool]

    def after(self, position: Position | None) -> QuerySet:
        rows = self.rows()
        if position is None:
            return rows
        if self.code < position.source:
            return rows.filter(updated_at__gt=position.updated_at)
        rows = rows.filter(updated_at__gte=position.updated_at)
        if self.code == position.source:
            rows = rows.exclude(Q(updated_at=position.updated_at) & Q(pk__lte=position.pk))
        return rows


@dataclass(frozen=True)
class Feed:
    code: str
    title: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Entry:
    source: str
    row: object
    deleted: bool

    @property
    def id(self) -> str:
        return f"{self.source}-{self.row.pk}"

    @property
    def updated_at(self) -> datetime.datetime:
        return self.row.updated_at

    @property
    def position(self) -> Position:
        return Position(self.row.updated_at, self.source, self.row.pk)


@dataclass(frozen=True)
class Page:
    entries: list[Entry]
    next_cursor: str | None  # where the next page starts; None only when nothing was read yet
    has_more: bool
    until: datetime.datetime  # entries changed after this are not served yet (the settling time)


def read(feed: Feed, *, since: datetime.datetime | None = None, cursor: str = "", limit: int = DEFAULT_LIMIT,
         now: datetime.datetime | None = None) -> Page:
    """The entries after `cursor` (or from `since`), at most `limit`: one query per source."""
    position = decode(cursor) if cursor else None
    until = (now or timezone.now()) - settle()
    limit = max(1, min(limit, MAX_LIMIT))
    found = []
    for source in feed.sources:
        rows = source.after(position).filter(updated_at__lt=until)
        if since is not None:
            rows = rows.filter(updated_at__gte=since)
        found += [Entry(source.code, row, not source.live(row)) for row in rows[:limit + 1]]
    found.sort(key=lambda entry: (entry.updated_at, entry.source, entry.row.pk))
    entries = found[:limit]
    last = entries[-1].position.encode() if entries else (cursor or None)
    return Page(entries=entries, next_cursor=last, has_more=len(found) > limit, until=until)


def everything(feed: Feed, *, since=None, cursor: str = "", cap: int, now=None) -> tuple[list[Entry], str | None]:
    """Up to `cap` entries from `since` (for a download), and the cursor to go on from when
    there were more (None when there were not)."""
    entries: list[Entry] = []
    now = now or timezone.now()
    while True:
        page = read(feed, since=since, cursor=cursor, limit=min(MAX_LIMIT, cap - len(entries)), now=now)
        entries += page.entries
        cursor = page.next_cursor or ""
        if not page.has_more:
            return entries, None
        if len(entries) >= cap:
            return entries, cursor


ITEMS = Feed("items", gettext_lazy("Published patents and results"), (
    Source("item", auction_selectors.feed_items, lambda item: item.in_catalogue),))
OPEN_LICENCES = Feed("open-licences", gettext_lazy("Open licences"), (
    Source("item", lambda: auction_selectors.feed_items(trade_mode=TradeMode.LICENSE_OPEN),
           lambda item: item.in_catalogue),
    # The stock patents registered with an open licence (存量专利开放许可).
    Source("stock", stock_selectors.feed_open_licences, lambda patent: patent.offered),))
DEMANDS = Feed("demands", gettext_lazy("Published demands"), (
    Source("demand", challenge_selectors.feed_demands, lambda demand: demand.in_public),))
FEEDS = {feed.code: feed for feed in (ITEMS, OPEN_LICENCES, DEMANDS)}
