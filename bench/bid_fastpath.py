"""A bid's cost beside the database's (issue 17): the raw bid transaction in pgbench, then 50
keep-alive bidders against gunicorn as in production, and the client's own ceiling, in one run.

    .venv/bin/python -m bench.bid_fastpath [--seconds 30] [--bidders 50] [--workers N] [--threads 1]

1. The raw transaction in `pgbench` (8 clients, the simple protocol): lock the lot FOR NO KEY
   UPDATE, insert an accepted bid at the next price, update the lot; on a lot of its own in
   the bench's database, before the app is started.
2. Storm (a), as the bid page behaves: each bidder reads the lot's live state
   (`GET …/state/`) and bids its `minimum_bid` by amount, again and again. Most bids lose
   their race to one sent on the same price: attempts are the server's work, not acceptances.
3. Storm (b): each bidder bids one increment by `{"increments": 1}` without reading, priced
   under the lot's lock.
   For each storm: bid attempts and accepted bids per second, the bid's p50/p99 latency, the
   5xx answers, and attempts as a share of the raw rate; afterwards the database is checked
   (each accepted bid recorded once, prices strictly rising, the final price the highest
   accepted bid, the leader and count those of the last one: bidding_storm.verify).
4. The client's ceiling: the same client, bidders and gunicorn set-up against a WSGI app that
   answers `{}` and does nothing else; a server cannot look faster than this.

The storms, warm-up and servers are bidding_storm's (that bench's figures are issue 4's).
Goals (issue 17): bid attempts/s at least 0.3 of the raw rate in both storms, p99 under 100 ms.
"""

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from bench import common
from bench.bidding_storm import WARM_UP, Connection, Outcome, Server, prepare, verify

DATABASE = "jbgs_bench_bid_fastpath"
RAW_CLIENTS = 8
GOAL_SHARE, GOAL_P99_MS = 0.3, 100.0

# The bid's transaction, as pgbench runs it: the lot already has a price (set before), a
# registration of the lot is drawn at random.
PGBENCH_SCRIPT = """\\set r random({first}, {last})
BEGIN;
SELECT current_price AS previous, current_price + increment AS amount FROM auction_lot WHERE id = {lot} FOR NO KEY UPDATE \\gset
INSERT INTO auction_bid (lot_id, registration_id, bidder_id, amount, previous_price, placed_at, accepted, rejection, proxy) SELECT {lot}, r.id, r.bidder_id, :amount, :previous, now(), true, '', false FROM auction_registration r WHERE r.id = :r;
UPDATE auction_lot SET current_price = :amount, leader_id = :r, bid_count = bid_count + 1, version = version + 1 WHERE id = {lot};
END;
"""


def trivial(environ, start_response):
    """The client's ceiling: a WSGI app that reads the request and answers `{}`."""
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "2")])
    return [b"{}"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--bidders", type=int, default=50)
    parser.add_argument("--workers", type=int, default=os.cpu_count() + 1,
                        help="gunicorn workers (production: one per core, and one more)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (production: 1, the sync worker)")
    parser.add_argument("--profile", type=int, metavar="BIDS", default=0,
                        help="instead of the storms: cProfile this many bids through config.wsgi in this process")
    parser.add_argument("--page", action="store_true",
                        help="with --profile: the bid page's post (session, CSRF, htmx) instead of the API's")
    parser.add_argument("--refused", action="store_true",
                        help="with --profile: API bids of the start price, refused as too low (but the first)")
    parser.add_argument("--locked", action="store_true",
                        help="with --profile: bids written under the lot's lock, as on a contested lot")
    args = parser.parse_args(argv)
    # As bidding_storm.Server's workers run: persistent connections, the limit counted, not reached.
    for name, value in (("BID_ATTEMPTS_PER_10S", "100000"), ("DB_CONN_MAX_AGE", "60"),
                        ("DB_STATEMENT_TIMEOUT_MS", "30000")):
        os.environ.setdefault(name, value)
    common.setup_django()
    with common.own_database(DATABASE):
        return (profile(args.bidders, args.profile, page=args.page, refused=args.refused, locked=args.locked)
                if args.profile else run(args))


# --- the raw transaction --------------------------------------------------------------------


def pgbench(lot_id: int, seconds: float) -> dict[str, float]:
    """pgbench's transactions per second and mean latency (ms) for the bid's transaction."""
    from django.conf import settings
    from django.db import connection

    from auction.models import Lot, Registration

    Lot.objects.filter(pk=lot_id).update(current_price=Lot.objects.get(pk=lot_id).start_price)
    ids = Registration.objects.filter(lot_id=lot_id).values_list("pk", flat=True)
    first, last = min(ids), max(ids)
    if last - first + 1 != len(ids):
        raise SystemExit("the raw lot's registrations are not numbered in one run")
    connection.close()
    db = settings.DATABASES["default"]
    with tempfile.NamedTemporaryFile("w", suffix=".sql") as script:
        script.write(PGBENCH_SCRIPT.format(lot=lot_id, first=first, last=last))
        script.flush()
        done = subprocess.run(["/usr/bin/pgbench", "-n", "-c", str(RAW_CLIENTS), "-j", "2", "-T", str(max(1, round(seconds))),
                               "-f", script.name, "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], db["NAME"]],
                              capture_output=True, text=True)
    tps = re.search(r"tps = ([\d.]+)", done.stdout)
    latency = re.search(r"latency average = ([\d.]+) ms", done.stdout)
    failed = re.search(r"number of failed transactions: (\d+)", done.stdout)
    if done.returncode or tps is None or (failed and int(failed.group(1))):
        raise SystemExit(f"pgbench failed:\n{done.stdout}\n{done.stderr}")
    return {"tps": float(tps.group(1)), "latency": float(latency.group(1)) if latency else 0.0}


# --- the bidders ----------------------------------------------------------------------------


def storm(url: str, tokens: list[str], lot_id: int, seconds: float, *, read_first: bool) -> tuple[Outcome, float]:
    return asyncio.run(_storm(url, tokens, lot_id, seconds, read_first))


async def _storm(url: str, tokens: list[str], lot_id: int, seconds: float, read_first: bool) -> tuple[Outcome, float]:
    """Every bidder, on its keep-alive connection, bids until the deadline: its minimum bid
    read from the live state just before (`read_first`), or one increment without reading.
    `latencies` are the bids'; the reads are not timed."""
    host, port = url.removeprefix("http://").split(":")
    outcome, deadline = Outcome(), time.monotonic() + seconds
    bids, state = f"/api/v1/auction/lots/{lot_id}/bids/", f"/api/v1/auction/lots/{lot_id}/state/"

    async def bidder(token: str):
        connection = Connection(host, int(port), token)
        while time.monotonic() < deadline:
            bid = {"amount": (await connection.request("GET", state))[1]["minimum_bid"]} if read_first \
                else {"increments": 1}
            began = time.perf_counter()
            status, body = await connection.request("POST", bids, bid)
            outcome.latencies.append((time.perf_counter() - began) * 1000)
            outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
            if status == 201:
                outcome.accepted.append((body["bid"]["id"], lot_id, body["bid"]["amount"]))
            else:
                outcome.codes[body.get("code", "?")] = outcome.codes.get(body.get("code", "?"), 0) + 1

    began = time.monotonic()
    await asyncio.gather(*(bidder(token) for token in tokens))
    return outcome, time.monotonic() - began


def measured(url: str, tokens: list[str], lot_id: int, seconds: float, *, read_first: bool, servers=()
             ) -> tuple[Outcome, float, dict, list[Outcome]]:
    """A storm after its warm-up: the outcome, its seconds, the CPU seconds of the client and
    of each of `servers` ((name, pid) of a process tree) during it, and both outcomes (for
    the checks)."""
    warm_up, _ = storm(url, tokens, lot_id, WARM_UP, read_first=read_first)
    before = {"client": time.process_time(), **{name: cpu_seconds(pid) for name, pid in servers}}
    outcome, elapsed = storm(url, tokens, lot_id, seconds, read_first=read_first)
    after = {"client": time.process_time(), **{name: cpu_seconds(pid) for name, pid in servers}}
    return outcome, elapsed, {name: after[name] - before[name] for name in before}, [warm_up, outcome]


def cpu_seconds(root: int) -> float:
    """CPU seconds of a process, its live children and the children it reaped, from /proc:
    what a server spent, whatever else runs on the machine."""
    total = 0
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()  # after the command's name: state, ppid, …
        except (OSError, IndexError):  # not a process, or gone
            continue
        if entry == str(root):
            total += sum(int(n) for n in fields[11:15])  # utime, stime, cutime, cstime
        elif fields[1] == str(root):
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def postmaster() -> int:
    """The bench's PostgreSQL server process, parent of every backend."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        directory = cursor.fetchone()[0]
    with open(os.path.join(directory, "postmaster.pid")) as pid:
        return int(pid.readline())


# --- where a bid's CPU goes ----------------------------------------------------------------


def profile(bidders: int, count: int, *, page: bool = False, refused: bool = False, locked: bool = False) -> int:
    """`count` bids, the bidders in turns, through the WSGI application as gunicorn calls it
    (its fast paths included), under cProfile; the wall and CPU time of a bid without the
    profiler first. By the API: one increment by token (`refused`: the start price, which
    all but the first are refused as too low, as most bids in a storm are). By the page: the next price by the
    bid page's htmx post, signed in by a session cookie with the CSRF token. `locked`: the lot
    counts as contested, so accepted bids are written under its lock (as in storm (b))."""
    import cProfile
    import io
    import pstats

    from config.wsgi import application

    lots, tokens = prepare(bidders)
    if locked:
        from auction.services import bidding

        bidding.CONTESTED_FOR = float("inf")
        bidding._lost_race(lots[0].pk, time.monotonic())
    base = {"QUERY_STRING": "", "SERVER_NAME": "localhost", "SERVER_PORT": "8000", "HTTP_HOST": "localhost:8000",
            "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
            "REQUEST_METHOD": "POST"}
    if page:
        cookies, price = page_sessions(tokens), lots[0].start_price

        def request(n: int) -> tuple[dict, bytes, tuple[str, ...]]:
            nonlocal price
            price += lots[0].increment
            body = f"amount={price / 10000}".encode()
            return ({"PATH_INFO": f"/auction/lots/{lots[0].pk}/bid/", "HTTP_COOKIE": cookies[n % len(cookies)][0],
                     "HTTP_X_CSRFTOKEN": cookies[n % len(cookies)][1], "HTTP_HX_REQUEST": "true",
                     "HTTP_REFERER": "http://localhost:8000/", "CONTENT_TYPE": "application/x-www-form-urlencoded"},
                    body, ("200",))
    else:
        body = f'{{"amount": "{lots[0].start_price}"}}'.encode() if refused else b'{"increments": 1}'
        first = [True]

        def request(n: int) -> tuple[dict, bytes, tuple[str, ...]]:
            wanted, first[0] = ("201",) if first[0] or not refused else ("400", "409"), False
            return ({"PATH_INFO": f"/api/v1/auction/lots/{lots[0].pk}/bids/", "CONTENT_TYPE": "application/json",
                     "HTTP_AUTHORIZATION": f"Token {tokens[n % len(tokens)]}", "HTTP_ACCEPT": "application/json"},
                    body, wanted)

    def bid(n: int) -> None:
        headers, body, wanted = request(n)
        environ = {**base, **headers, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        status, answer = [], []
        answer = b"".join(application(environ, lambda s, h, exc_info=None: status.append(s)))
        if not status[0].startswith(wanted) or (page and b"alert-danger" in answer):
            raise SystemExit(f"bid {n} answered {status[0]}: {answer[:2000].decode(errors='replace')}")

    for n in range(50):  # warm: imports, URL resolvers, connections
        bid(n)
    wall, cpu = time.perf_counter(), time.process_time()
    for n in range(count):
        bid(n)
    wall, cpu = (time.perf_counter() - wall) / count * 1000, (time.process_time() - cpu) / count * 1000
    profiler = cProfile.Profile()
    profiler.enable()
    for n in range(count):
        bid(n)
    profiler.disable()
    print(f"\na bid through config.wsgi in one process: {wall:.2f} ms wall, {cpu:.2f} ms CPU (mean of {count})\n")
    stats = pstats.Stats(profiler)
    print("own time by package, ms per bid (the profiler's overhead included):")
    for package, seconds in sorted(by_package(stats).items(), key=lambda kv: -kv[1])[:14]:
        print(f"  {package:<40} {seconds / count * 1000:6.2f}")
    for order, lines in (("cumulative", 45), ("tottime", 30)):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(lines)
        print(out.getvalue())
    return 0


def page_sessions(tokens: list[str]) -> list[tuple[str, str]]:
    """A signed-in session and a CSRF token for each bidder: (Cookie header, X-CSRFToken)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string
    from rest_framework.authtoken.models import Token

    cookies = []
    for token in Token.objects.filter(key__in=tokens).select_related("user"):
        session = SessionStore()
        session.update({SESSION_KEY: str(token.user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                        HASH_SESSION_KEY: token.user.get_session_auth_hash()})
        session.create()
        secret = _get_new_csrf_string()
        cookies.append((f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
                        f"{settings.CSRF_COOKIE_NAME}={secret}", secret))
    return cookies


def by_package(stats) -> dict[str, float]:
    """Own (not cumulative) seconds by library or app: waits on the database and Redis are
    the built-in socket and driver calls, named apart."""
    waits = {"execute", "commit", "sendall", "recv", "recv_into", "fetchone"}
    totals: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        if filename == "~":
            key = "waits: database and Redis I/O" if any(w in name for w in waits) else "built-ins"
        elif "site-packages/" in filename:
            key = filename.split("site-packages/")[1].split("/")[0]
        elif "/lib/python" in filename:
            key = "standard library"
        else:
            key = "project: " + os.path.relpath(filename).split("/")[0]
        totals[key] = totals.get(key, 0.0) + own
    return totals


# --- the run --------------------------------------------------------------------------------


def run(args) -> int:
    from django.db import connection

    lots, tokens = prepare(args.bidders)
    database = postmaster()
    reading, blind, raw_lot = lots[0].pk, lots[1].pk, lots[2].pk
    raw = pgbench(raw_lot, min(args.seconds, 10))
    storms = {"(a) read the state, bid its minimum": (reading, True),
              "(b) by increments, without reading": (blind, False)}
    results = {}
    server = Server(args.workers, args.threads)
    try:
        server.wait(f"/api/v1/auction/lots/{reading}/state/")
        connection.close()  # the server's connections and ours are separate
        for label, (lot_id, read_first) in storms.items():
            outcome, elapsed, cpu, both = measured(server.url, tokens, lot_id, args.seconds, read_first=read_first,
                                                   servers=(("gunicorn", server.process.pid),
                                                            ("PostgreSQL", database)))
            results[label] = (outcome, elapsed, cpu, verify(both, [lot_id]))
    finally:
        server.stop()
    if any(problems for *_r, problems in results.values()) and server.errors():
        print("\nThe server's log:\n" + server.errors())
    ceiling_server = Server(args.workers, args.threads, app="bench.bid_fastpath:trivial")
    try:
        ceiling_server.wait("/")
        ceiling, ceiling_elapsed, ceiling_cpu, _both = measured(ceiling_server.url, tokens, raw_lot, args.seconds,
                                                                read_first=False,
                                                                servers=(("gunicorn", ceiling_server.process.pid),))
    finally:
        ceiling_server.stop()
    return report(args, raw, results, (ceiling, ceiling_elapsed, ceiling_cpu))


def per_bid(cpu: dict, bids: int) -> str:
    return " / ".join(f"{cpu[name] / bids * 1000:.2f}" for name in ("gunicorn", "PostgreSQL") if name in cpu)


def report(args, raw: dict, results: dict, ceiling: tuple) -> int:
    rows, failed = [], []
    for label, (outcome, elapsed, cpu, problems) in results.items():
        attempts, accepted = len(outcome.latencies) / elapsed, len(outcome.accepted) / elapsed
        p50, p99 = statistics.median(outcome.latencies), common.percentile(outcome.latencies, 99)
        fives = sum(n for status, n in outcome.statuses.items() if status >= 500)
        share = attempts / raw["tps"]
        ok_share, ok_p99 = share >= GOAL_SHARE, p99 < GOAL_P99_MS
        failed += [label] if not (ok_share and ok_p99) else []
        failed += [f"{label}: " + "; ".join(problems)] if problems else []
        refused = ", ".join(f"{code} {n}" for code, n in sorted(outcome.codes.items()))
        rows.append([label, f"{attempts:.0f}", f"{accepted:.0f}", refused or "—", f"{p50:.1f} / {p99:.1f}",
                     str(fives), f"{share:.2f}", "none" if not problems else "FAILED", f"{cpu['client'] / elapsed:.0%}",
                     per_bid(cpu, len(outcome.latencies)), common.verdict(ok_share), common.verdict(ok_p99)])
    outcome, elapsed, cpu = ceiling
    rate = len(outcome.latencies) / elapsed
    rows.append(["client ceiling (a WSGI app doing nothing)", f"{rate:.0f}", "—", "—",
                 f"{statistics.median(outcome.latencies):.1f} / {common.percentile(outcome.latencies, 99):.1f}",
                 str(sum(n for status, n in outcome.statuses.items() if status >= 500)), f"{rate / raw['tps']:.2f}",
                 "—", f"{cpu['client'] / elapsed:.0%}", per_bid(cpu, len(outcome.latencies)), "—", "—"])
    print(f"\nBids: {args.bidders} keep-alive bidders for {args.seconds:.0f} s each, gunicorn with {args.workers} "
          f"workers × {args.threads} threads, {common.machine()}, load average {os.getloadavg()[0]:.2f} at the end\n")
    print(f"raw bid transaction, pgbench with {RAW_CLIENTS} clients: {raw['tps']:.0f} transactions/s, "
          f"mean latency {raw['latency']:.2f} ms\n")
    print(common.table(["storm", "attempts/s", "accepted/s", "refused (code n)", "bid latency ms p50 / p99", "5xx",
                        "share of raw", "inconsistencies", "client CPU", "server CPU ms per bid: gunicorn / PostgreSQL",
                        f"share≥{GOAL_SHARE}",
                        f"p99<{GOAL_P99_MS:.0f}ms"], rows))
    print("\nServer CPU per bid: the CPU time of gunicorn's workers and of PostgreSQL's backends during the storm,\n"
          "divided by its bids (for (a), with the reads; for the ceiling, per request): independent of other load.")
    print("\n(a) sends two requests per bid (the read is not timed): its bids can reach half the client's ceiling.")
    print("\ngoals: " + ("all met" if not failed else "MISSED: " + "; ".join(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
