"""Row locks that wait a bounded time.

Every database connection has a lock timeout (settings: DB_LOCK_TIMEOUT_MS, set as a
connection option, so taking a lock costs no extra statement). A lock that is not granted
in time, or a web request's statement that runs past its timeout, is not a hung request
and not a crash: it becomes Busy, a domain error with the stable code `busy` that pages and
the API show in words. lock() is how services take a row lock; the same conversion also
runs at the edge (jbgs.middleware.BusyMiddleware, the API's exception handler) for the
locks an UPDATE takes implicitly.
"""

from contextlib import contextmanager

from django.db import OperationalError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from jbgs.exceptions import DomainError

LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout expired
QUERY_CANCELED = "57014"  # PostgreSQL: statement_timeout expired


class Busy(DomainError):
    code = "busy"
    status_code = 409
    default_message = _("Someone else is changing this right now, or the platform is busy: try again in a moment.")


def is_busy(error: BaseException) -> bool:
    """A lock or statement timeout, as psycopg2 reports it through Django."""
    cause = error.__cause__ if isinstance(error, OperationalError) else None
    return getattr(cause, "pgcode", None) in (LOCK_NOT_AVAILABLE, QUERY_CANCELED)


@contextmanager
def busy_on_timeout():
    """Within it, a lock or statement timeout raises Busy. Inside a transaction the
    transaction is then unusable: let Busy leave its atomic block."""
    try:
        yield
    except OperationalError as error:
        if is_busy(error):
            raise Busy() from error
        raise


def lock(queryset: QuerySet, *, of: tuple[str, ...] = (), **lookup) -> Model:
    """The one row of `queryset` matching `lookup`, locked FOR UPDATE until the transaction
    ends. Waits at most the lock timeout, then raises Busy. Call it inside a transaction."""
    with busy_on_timeout():
        return queryset.select_for_update(of=of).get(**lookup)


def lock_all(queryset: QuerySet, *, of: tuple[str, ...] = ()) -> list:
    """Every row of `queryset`, locked FOR UPDATE in its order (give it one: rows locked in
    a fixed order cannot deadlock). Waits at most the lock timeout, then raises Busy."""
    with busy_on_timeout():
        return list(queryset.select_for_update(of=of))


def lock_first(queryset: QuerySet) -> Model | None:
    """The first row of `queryset`, locked, or None. Waits at most the lock timeout."""
    with busy_on_timeout():
        return queryset.select_for_update().first()
