"""The live state of a lot, asked every second by everyone watching it.

The public part (price, end, status, number of bids, the latest bids by alias) is cached in
Redis under the lot and dropped after every change, so many watchers' polls cost one cache
read each and one database read per lot per second; its `etag` lets an unchanged state
answer 304. The status shown follows the clock: a scheduled lot whose start
has come is open even before the opening job has run.
"""

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from auction.choices import LotStatus
from auction.models import Lot
from jbgs.db import beyond_bigint, columns, execute_prepared, load, width

# A change drops the cached state; the short lifetime bounds how stale a state can be if a
# reader that loaded it just before a change stores it just after.
TTL = 1
HISTORY = 10


def state_key(lot_id: int) -> str:
    """The cache key of the lot's state, for a change that drops it along with other keys."""
    return f"auction:lot:{lot_id}:state"


def lot_changed(lot: Lot) -> None:
    cache.delete(state_key(lot.pk))


def stored_state(lot_id: int, fresh: bool = False) -> dict | None:
    """The lot's public fields as last saved (cached), or None for no such lot. `fresh`:
    read from the database whatever the cache holds (and leave the cache as it is)."""
    state = None if fresh else cache.get(state_key(lot_id))
    if state is None:
        state = _read_state(lot_id)
        if state is not None and not fresh:
            cache.set(state_key(lot_id), state, TTL)
    return state


# The latest accepted bids, newest first: by price, as the partial index of accepted prices
# has them (a lot's accepted prices rise strictly, in the order the bids were accepted), so a
# lot of thousands of bids reads ten index entries, not all its bids to sort them.
_HISTORY = ("SELECT r.alias, b.amount, b.placed_at FROM auction_bid b "
            "JOIN auction_registration r ON r.id = b.registration_id "
            "WHERE b.lot_id = {lot} AND b.accepted{until} ORDER BY b.amount DESC LIMIT " + str(HISTORY))


def _read_state(lot_id: int) -> dict | None:
    """The lot and its history in one prepared query (every watcher's poll after a change
    costs one of these per lot)."""
    if beyond_bigint(lot_id):
        return None
    history = _HISTORY.format(lot="l.id", until="")
    with connection.cursor() as cursor:
        execute_prepared(cursor, f"SELECT {columns(Lot, 'l')}, h.alias, h.amount, h.placed_at FROM auction_lot l "
                                 f"LEFT JOIN LATERAL ({history}) h ON true WHERE l.id = %s ORDER BY h.amount DESC",
                         [lot_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    end = width(Lot)
    return _state(load(Lot, rows[0]), [row[end:] for row in rows if row[end] is not None])


def _state(lot: Lot, history: list[tuple]) -> dict:
    """The stored state: the snapshot and the history, (alias, amount, placed at) newest first."""
    return {
        **snapshot(lot),
        # Bidders appear only by their alias (竞买人 A, B…), never by name.
        "leader_alias": history[0][0] if history else None,
        "history": [{"alias": alias, "amount": str(amount), "at": _iso(at)} for alias, amount, at in history],
    }


def snapshot(lot: Lot) -> dict:
    """A lot's public state from the object in hand (after a bid, the locked row)."""
    return {
        "id": lot.pk, "number": lot.number, "status": lot.status, "version": lot.version,
        "start_price": str(lot.start_price), "increment": str(lot.increment),
        "current_price": str(lot.current_price) if lot.current_price is not None else None,
        "minimum_bid": str(lot.minimum_bid()),
        "starts_at": _iso(lot.starts_at),
        "ends_at": _iso(lot.effective_end),
        "extended": bool(lot.effective_end and lot.ends_at and lot.effective_end > lot.ends_at),
        "bid_count": lot.bid_count, "leader_registration": lot.leader_id,
        "reserve_state": str(lot.reserve_state), "unsold_reason": lot.unsold_reason,
    }


def _iso(moment) -> str | None:
    """In the user's time (+08:00), as the rest of the API writes times."""
    return timezone.localtime(moment).isoformat() if moment else None


# What every answer shows of a lot's state, named one by one so that nothing the snapshot
# keeps for the server (version, leader's registration) follows them.
PUBLIC_FIELDS = ("id", "number", "status", "current_price", "minimum_bid", "increment", "starts_at", "ends_at",
                 "extended", "bid_count", "reserve_state", "unsold_reason")


def after_bid(lot: Lot, bidder_id: int, now) -> dict:
    """What an accepted bid answers of its lot, from the row the bid locked (no further
    query), with the bidder's own state: leading, unless a proxy answered the bid at once."""
    state = snapshot(lot)
    return {**{name: state[name] for name in PUBLIC_FIELDS},
            "status": status_at(lot.status, lot.starts_at, lot.effective_end, now), "leader": lot.leader.alias,
            "my_state": "leading" if lot.leader.bidder_id == bidder_id else "outbid"}


def status_at(status: str, starts_at, ends_at, now) -> str:
    if status == LotStatus.SCHEDULED and starts_at and starts_at <= now < ends_at:
        return LotStatus.OPEN
    return status


def cached_public_state(lot_id: int, now=None) -> dict | None:
    """The public state if the cache has it (no database query), else None."""
    state = cache.get(state_key(lot_id))
    return None if state is None else _with_clock(state, now or timezone.now())


def body(state: dict, now) -> dict:
    """What the live state endpoint answers: the public fields, and the server's time for
    countdowns. One form for the fast path and for the API view alike."""
    return {**{name: state.get(name) for name in PUBLIC_FIELDS}, "leader": state["leader_alias"],
            "server_time": _iso(now)}


def public_state(lot_id: int, now=None, fresh: bool = False) -> dict | None:
    """The state as watchers see it now: the stored state with the clock's status, the
    server's time (for countdowns that follow the server's clock) and an ETag."""
    state = stored_state(lot_id, fresh)
    return None if state is None else _with_clock(state, now or timezone.now())


def state_left_by(lot: Lot, last_bid: int, now) -> dict:
    """public_state() as a bid left it: from the lot row it wrote and the history up to its
    newest bid (one query), so that a bid committed since does not show beside an older price."""
    with connection.cursor() as cursor:
        execute_prepared(cursor, _HISTORY.format(lot="%s", until=" AND b.id <= %s"), [lot.pk, last_bid])
        return _with_clock(_state(lot, cursor.fetchall()), now)


def _with_clock(state: dict, now) -> dict:
    starts = state["starts_at"] and timezone.datetime.fromisoformat(state["starts_at"])
    ends = state["ends_at"] and timezone.datetime.fromisoformat(state["ends_at"])
    status = status_at(state["status"], starts, ends, now)
    return {**state, "status": status, "etag": f'W/"lot-{state["id"]}-{state["version"]}-{status}"'}
