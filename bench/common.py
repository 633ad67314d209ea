"""What the benchmarks share: Django set-up, a database of their own, timing, the printed table.

Each benchmark creates its own database next to the configured one (like the test runner
does), fills it, measures, and drops it, so that running it against the database of
`make run` leaves that database as it was.
"""

import contextlib
import datetime
import os
import statistics
import time
from collections.abc import Callable

# The ways people write a date in the official forms: 2021年3月5日, 2021.3.5, 2021-03-05, an Excel serial.
DATE_FORMS = (lambda d: f"{d.year}年{d.month}月{d.day}日", lambda d: f"{d.year}.{d.month}.{d.day}",
              lambda d: d.isoformat(), lambda d: (d - datetime.date(1899, 12, 30)).days)


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


def read_with_openpyxl(content: bytes) -> int:
    """Every row's values of a workbook's first sheet, as openpyxl alone reads them: the floor
    any import of the file pays."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    count = sum(1 for _row in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


def import_against_openpyxl(*, form: str, files: Callable[[int], bytes], rows: int, repeat: int, goal: float,
                            import_once: Callable[[bytes], object]) -> int:
    """Time the whole import job (import_once(content), which returns the finished job) of
    the file of each run (`files(run)`: the same file, or one changing every row), `repeat`
    times, each beside openpyxl reading the same file, in turns; check that the first run
    created every row and the later ones updated them, print both times and their ratio, and
    return 0 if every ratio is within `goal`."""
    read_with_openpyxl(files(0))  # warmed, as the import is
    table_rows, ratios = [], []
    for run in range(repeat):
        content = files(run)
        read_ms = elapsed_ms(lambda content=content: read_with_openpyxl(content))
        job = None

        def once(content=content):
            nonlocal job
            job = import_once(content)

        import_ms = elapsed_ms(once)
        expected = (rows, 0) if run == 0 else (0, rows)
        assert job.status == "done" and not job.errors, (job.status, job.message, job.errors[:3])
        assert (job.created, job.updated) == expected, (job.created, job.updated)
        ratio = import_ms / read_ms
        ratios.append(ratio)
        table_rows.append(["create" if run == 0 else "update", f"{rows}", f"{read_ms / 1000:.2f}",
                           f"{import_ms / 1000:.2f}", f"{ratio:.2f}", verdict(ratio <= goal)])
    print(f"\nImporting a {rows}-row {form} ({len(content) // 1024} KB), {machine()}\n")
    print(table(["run", "rows", "openpyxl alone (s)", "whole import (s)", "ratio", f"≤{goal:.0f}×"], table_rows))
    worst = max(ratios)
    print(f"\ngoal: the import within {goal:.0f}× of openpyxl reading the file: "
          + ("met" if worst <= goal else f"MISSED (worst {worst:.2f}×)"))
    return 0 if worst <= goal else 1
