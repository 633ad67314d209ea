"""The sessions' pages over a year of special sessions, beside a plain signed-in page of the portal.

    .venv/bin/python -m bench.session_dashboard [--sessions 30] [--items 200000] [--demands 50000]
        [--deals 10000] [--served 100000] [--repeat 200] [--warm 10] [--quick] [--keep]

Fills a database of its own with the year `bench.session_compliance` builds (2023: `sessions`
sessions of every type with their hosts and targets, `items` published items and `demands`
published demands a quarter and half of which the sessions collected, `deals` deals, `served`
enterprises served and the sessions' other records), runs the compliance job once as of 30
September (so that every target has its status and every session a snapshot), then requests,
as the administrator, `repeat` times in turns after `warm` rounds of warming, through Django's
test client in this process (routing, middleware, the session's sign-in, the views' queries,
the templates: the server's whole work for a request):

- baseline:  the notifications inbox (`notifications`), a plain signed-in page of the portal;
- province:  the province's overview of the year (`sessions:province?year=2023`): every
             session's targets by status, by city and by type, the campaigns' funnels, the
             universities' results, the talent sessions' service ranking;
- dashboard: a session's dashboard (`sessions:dashboard`): its target cards and history;
- public:    the same session's public page (`sessions:session`): its supply and demand,
             trading, events and targets' progress.

Then it adds as many sessions again to the year (the same types, half of every session's
collection moved to its twin, the twins' own records written as the first ones' were),
runs the job again and measures the same pages: the province's queries and time should not
grow with the sessions.

It prints each page's statements per request and p50 / p95 / p99 of its time, their ratios to
the baseline's, and the goal: the province's p95 under 300 ms, and its statements the same
whatever the number of sessions (issue 15).
"""

import argparse
import random
import sys
import time

from bench import common
from bench import session_compliance as data

DATABASE = "jbgs_bench_dashboard"
GOAL_P95_MS = 300.0
PAGES = ("baseline", "province", "dashboard", "public")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30, help="sessions of the year, doubled later (30)")
    parser.add_argument("--items", type=int, default=200_000, help="published catalogue items (200000)")
    parser.add_argument("--demands", type=int, default=50_000, help="published demands (50000)")
    parser.add_argument("--deals", type=int, default=10_000, help="deals on the platform (10000)")
    parser.add_argument("--served", type=int, default=100_000, help="enterprises served, activity rows (100000)")
    parser.add_argument("--repeat", type=int, default=200, help="timed requests of each page (200)")
    parser.add_argument("--warm", type=int, default=10, help="rounds of every page before timing (10)")
    parser.add_argument("--seed", type=int, default=15, help="random seed of the generated data")
    parser.add_argument("--profile", action="store_true",
                        help="also print where the province's time goes: its statements' times and a profile")
    parser.add_argument("--quick", action="store_true",
                        help="a small smoke run: a tenth of every size but sessions, 40 requests")
    parser.add_argument("--keep", action="store_true",
                        help=f"keep the database {DATABASE} afterwards and reuse it as it is when already filled")
    args = parser.parse_args(argv)
    if args.quick:
        args.items, args.demands, args.deals, args.served = (n // 10 for n in (
            args.items, args.demands, args.deals, args.served))
        args.repeat = min(args.repeat, 40)
    common.setup_django()
    with common.own_database(DATABASE, keep=args.keep):
        data.fill(args)
        return run(args)


# --- the year, and as many sessions again ------------------------------------------------------

def _context() -> dict:
    """What `session_compliance._sessions` and `_records` need, read back from a filled database."""
    from jbgs.choices import OrganizationKind as K
    from jbgs.models import Organization, Region, User

    cities = Region.objects.jiangsu_cities().order_by("code")
    return {
        "admin": User.objects.get(username="admin"),
        "authorities": list(Organization.objects.filter(name__in=[f"{c.name}科学技术局" for c in cities])
                            .order_by("region_id")),
        "firms": list(Organization.objects.filter(kind=K.TECH_MANAGER_FIRM, name__endswith="技术转移服务有限公司")
                      .order_by("pk")),
        "universities": list(Organization.objects.filter(kind__in=[K.UNDERGRADUATE_UNIVERSITY,
                                                                   K.RESEARCH_INSTITUTE]).order_by("pk")),
    }


def double(args) -> None:
    """As many sessions again, of the same types in the same order: half of each first session's
    collected items and demands move to its twin, the twins' records written as the first ones'."""
    from sessions_mgmt.models import Session

    started = time.perf_counter()
    old = list(Session.objects.filter(year=data.YEAR).order_by("pk"))
    ctx = _context()
    new = data._sessions(len(old), ctx, first=len(old))
    twins = {"old": [s.pk for s in old], "new": [s.pk for s in new]}
    moved = {}
    for table in ("sessionitem", "sessiondemand"):  # every other run of 64 rows (the sessions take turns by row)
        moved[table] = data._sql(f"UPDATE sessions_mgmt_{table} SET session_id = (%(new)s::bigint[])[array_position("
                  f"%(old)s::bigint[], session_id)] WHERE (id / 64) %% 2 = 0 AND session_id = ANY(%(old)s)", twins)
    data._records(args.served, {**ctx, "sessions": new}, random.Random(args.seed + 1))
    common.analyse()
    print(f"{len(new)} more sessions in {time.perf_counter() - started:.0f} s, {moved['sessionitem']} collected "
          f"items and {moved['sessiondemand']} demands moved to them")


def compute() -> None:
    from sessions_mgmt.services.compliance import recompute

    data._reset()
    started = time.perf_counter()
    outcome = recompute(day=data.DAY)
    print(f"compliance job: {outcome.targets} targets judged in {time.perf_counter() - started:.1f} s")


# --- measuring ---------------------------------------------------------------------------------

def _showcase():
    """The session whose pages show the most: the most targets, then the most collected items."""
    from django.db.models import Count

    from sessions_mgmt.models import Session

    return (Session.objects.filter(year=data.YEAR)
            .annotate(n_targets=Count("targets", distinct=True), n_items=Count("collected_items", distinct=True))
            .order_by("-n_targets", "-n_items", "pk").first())


def _clear_cache(page, queries=None) -> None:
    """A first visit's statements: the province keeps its year's funnels a minute."""
    if queries is None:
        from django.core.cache import cache

        cache.clear()


def profile(client, url: str, rounds: int = 20) -> None:
    """Where a warm province request spends its time: each statement's time, then the Python
    functions taking the most cumulative time over `rounds` requests."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:8]:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:150]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def run(args) -> int:
    from django.test import Client
    from django.urls import reverse

    from auction.models import Item
    from challenge.models import Demand
    from jbgs.models import User
    from sessions_mgmt import models as m

    client = Client()
    client.force_login(User.objects.get(username="admin"))
    results, rows = {}, []
    count = m.Session.objects.filter(year=data.YEAR).count()
    stages = [count, 2 * count] if count == args.sessions else [count]  # a kept, doubled year: as it is
    for stage, sessions in enumerate(stages):
        if stage:
            double(args)
        compute()
        session = _showcase()
        urls = {"baseline": reverse("notifications"),
                "province": reverse("sessions:province") + f"?year={data.YEAR}",
                "dashboard": reverse("sessions:dashboard", args=[session.pk]),
                "public": reverse("sessions:session", args=[session.pk])}
        print(f"measuring {sessions} sessions ({session.n_targets} targets and {session.n_items} items on the "
              f"dashboard and public page of «{session.title}»): {args.repeat} requests of each page")
        results[sessions] = common.measure_pages(client, urls, args.repeat, args.warm, on_first=_clear_cache)
        if args.profile:
            profile(client, urls["province"])
        rows += common.page_rows(f"{sessions} sessions", results[sessions], GOAL_P95_MS)
    print(f"\nThe sessions' pages of {data.YEAR}, as the administrator through the test client: {Item.objects.count()} "
          f"items ({m.SessionItem.objects.count()} collected), {Demand.objects.count()} demands "
          f"({m.SessionDemand.objects.count()} collected), {m.ServedEnterprise.objects.count()} enterprises served "
          f"(at the end); {args.repeat} timed requests of each page in turns after {args.warm} rounds; "
          f"{common.machine()}")
    print("times in ms; ratios against the baseline (the notifications inbox) of the same run\n")
    print(common.table(["year", "page", "queries", "p50", "p95", "p99", "p50 ratio", "p95 ratio",
                        f"p95<{GOAL_P95_MS:.0f}ms"], rows))
    province = {n: r["province"] for n, r in results.items()}
    worst = max(common.percentile(r["ms"], 95) for r in province.values())
    ok_time = all(common.percentile(r["ms"], 95) < GOAL_P95_MS for r in province.values())
    same = len({r["queries"] for r in province.values()}) == 1
    print(f"\ngoal: the province's p95 under {GOAL_P95_MS:.0f} ms: {common.verdict(ok_time)} (worst {worst:.1f} ms)")
    if len(province) > 1:
        counts = ", ".join(f"{r['queries']} for {n}" for n, r in province.items())
        print(f"goal: the province's statements the same whatever the sessions: {common.verdict(same)} ({counts})")
    return 0 if ok_time and same else 1


if __name__ == "__main__":
    sys.exit(main())
