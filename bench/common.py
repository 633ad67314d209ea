"""What the benchmarks share: Django set-up, a database of their own, timing, the printed table.

Each benchmark creates its own database next to the configured one (like the test runner
does), fills it, measures, and drops it, so that running it against the database of
`make run` leaves that database as it was.
"""

import contextlib
import os
import statistics
import time
from collections.abc import Callable


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Debug mode keeps every SQL statement in memory and times the logging too: measure without it.
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.conf import settings

    if settings.PRODUCTION:
        raise SystemExit("The benchmarks create and drop databases: not with JBGS_ENV=production.")


@contextlib.contextmanager
def own_database(name: str, *, keep: bool = False):
    """A new database `name`, migrated, used by every connection until the block ends;
    dropped afterwards unless `keep` (then a later run with `keep` reuses it)."""
    from django.db import connection

    original = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=keep)
    try:
        yield
    finally:
        if keep:
            connection.close()
            connection.settings_dict["NAME"] = original
        else:
            connection.creation.destroy_test_db(original, verbosity=0)


def seed_province() -> None:
    """Units, regions, campaign years and industry fields of the demo province, without the
    apps' demo lists (the benchmarks make their own)."""
    from jbgs import demo

    seeders = list(demo.SEEDERS)
    demo.SEEDERS.clear()
    try:
        demo.seed()
    finally:
        demo.SEEDERS.extend(seeders)


def elapsed_ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table, columns as wide as their widest cell (CJK counted double)."""

    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    widths = [max(width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        return "  ".join(str(c) + " " * (w - width(str(c))) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"{os.cpu_count()} CPUs, PostgreSQL {version}"
