"""The daily digest for 2,000 recipients over 20,000 published demands, beside a plain loop.

    .venv/bin/python -m bench.digest [--recipients 2000] [--universities 400] [--demands 20000]

Fills a database of its own: the demo province with `universities` more universities, each
university and institute with four people (liaisons and solvers, told of their unit's
matches) and a profile, and as many experts with a profile of their own as make up
`recipients`; `items` published items and `demands` published demands, generated as
bench.match_demands does.

The matches are generated, not found by the matcher: the digest reads only Match rows, and
`match_public()` over 20,000 demands (rank_solvers and a write for each, about 0.1 s a
demand in bench.match_demands) would take half an hour to give them. Each university and
institute is matched to `per_unit` random demands and each expert to a fifth as many, with
scores from 0 to 100 (the year's threshold is 30), all found within the last day.

E-mails go to Django's in-memory backend (each one built, none sent), and the e-mail task
runs here, after each batch's commit, as a worker would run it. After one untimed run of the
digest job (code paths and caches warmed alike for all), one after the other:

- digest:  `challenge.services.digests.send_digests(day, now, batch)` with batches of 500
           (the job's) and of 100: total time, the job's statements in each batch (BEGIN
           and COMMIT not counted), the e-mail task's statements (one, and one a chunk
           of 50 e-mails marked sent), digests sent, pushes written, e-mails built;
- plain:   the same digests by the loop one writes first: per recipient a query for their
           matches, then an insert each of the message, the digest and the pushes, and the
           e-mail sent.

Each run has a day of its own, and what the run before wrote (digests, pushes, messages) is
removed first, so that each finds the same matches new. It prints each run's figures, the
ratios of the plain loop's time and statements to the digest job's, and the goals: the same
statements in every batch, whatever its size, and the whole digest under 5 minutes.
"""

import argparse
import datetime
import logging
import random
import sys
import time
from dataclasses import dataclass, field

from bench import common

DATABASE = "jbgs_bench_digest"
GOAL_SECONDS = 300.0
PER_UNIT = 4  # people of each university and institute, liaisons and solvers in turns
BATCHES = (500, 100)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=2000, help="people who can be matched (2000)")
    parser.add_argument("--universities", type=int, default=400, help="universities beside the demo's (400)")
    parser.add_argument("--demands", type=int, default=20_000, help="published demands to generate (20000)")
    parser.add_argument("--items", type=int, default=20_000, help="published items to generate (20000)")
    parser.add_argument("--per-unit", type=int, default=50, help="demands matched to each unit (50)")
    parser.add_argument("--seed", type=int, default=5, help="random seed of the generated data")
    args = parser.parse_args(argv)
    common.setup_django()
    with common.own_database(DATABASE):
        now = fill(args)
        return measure(now)


# --- the data ------------------------------------------------------------------------------

def fill(args) -> datetime.datetime:
    from django.utils import timezone

    from challenge.choices import SOLVER_UNIT_KINDS
    from jbgs.models import Organization

    common.fill_items(args.items, args.seed, database=DATABASE, universities=args.universities, long_tail=True)
    units = Organization.objects.filter(kind__in=SOLVER_UNIT_KINDS).count()
    common.add_solvers(args.seed, per_unit=PER_UNIT, experts=max(0, args.recipients - PER_UNIT * units))
    common.fill_demands(args.demands, args.seed, enterprises=max(1, args.demands // 10))
    now = timezone.now()
    matches = add_matches(args.per_unit, args.seed, now)
    common.analyse()
    print(f"{matches} matches generated for {units} units and the experts")
    return now


def add_matches(per_unit: int, seed: int, now: datetime.datetime) -> int:
    """Each unit matched to `per_unit` random published demands, each expert to a fifth as
    many; scores 0–100, the shared words those of the demand's title, found in the last day."""
    from challenge.choices import SOLVER_UNIT_KINDS
    from challenge.models import Demand, Match
    from jbgs.models import Organization, User

    rng = random.Random(seed)
    demands = list(Demand.objects.filter(status="published").values_list("pk", "search_title"))
    solvers = [({"organization_id": pk}, f"o{pk}", per_unit) for pk in Organization.objects.filter(
        kind__in=SOLVER_UNIT_KINDS).values_list("pk", flat=True)]
    solvers += [({"user_id": pk}, f"u{pk}", max(1, per_unit // 5)) for pk in User.objects.filter(
        roles__overlap=["expert"], solver_profile__isnull=False).values_list("pk", flat=True)]
    rows = []
    for owner, key, count in solvers:
        for demand, words in rng.sample(demands, min(count, len(demands))):
            score = rng.randrange(101)
            found = now - datetime.timedelta(seconds=rng.randrange(24 * 3600))
            rows.append(Match(demand_id=demand, solver_key=key, **owner, score=score, parts={"text": score},
                              terms=[w for w in words.split() if len(w) > 1][:5], items=[],
                              created_at=found, updated_at=found))
    Match.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


# --- the runs ------------------------------------------------------------------------------

@dataclass
class Run:
    name: str
    seconds: float = 0.0
    sent: int = 0
    statements: int = 0
    task_statements: int = 0
    batches: list[int] = field(default_factory=list)  # the job's statements in each batch
    digests: int = 0
    pushes: int = 0
    emails: int = 0


class Counted:
    """Counts the statements a block executes (BEGIN and COMMIT are not statements here),
    telling the e-mail task's apart (Celery's task signals mark where it starts and ends)
    and splitting the digest job's into batches at the lock each batch takes first."""

    def __init__(self):
        from django.db import connection

        self.log: list[tuple[bool, bool]] = []  # (in the e-mail task, takes the digest lock)
        self.in_task = False
        self.wrapper = connection.execute_wrapper(self._count)

    def _count(self, execute, sql, params, many, context):
        from challenge.services.digests import DIGEST_LOCK

        self.log.append((self.in_task, "pg_try_advisory_xact_lock" in sql and DIGEST_LOCK in (params or ())))
        return execute(sql, params, many, context)

    def __enter__(self):
        from celery import signals

        signals.task_prerun.connect(self._started)
        signals.task_postrun.connect(self._ended)
        self.wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        from celery import signals

        self.wrapper.__exit__(*exc)
        signals.task_prerun.disconnect(self._started)
        signals.task_postrun.disconnect(self._ended)

    def _started(self, **_kwargs):
        self.in_task = True

    def _ended(self, **_kwargs):
        self.in_task = False

    def tell(self, run: Run) -> None:
        run.statements = len(self.log)
        run.task_statements = sum(in_task for in_task, _lock in self.log)
        segments = [0]  # the set-up before the first batch, then one per batch
        for in_task, lock in self.log:
            if in_task:
                continue
            if lock:
                segments.append(0)
            segments[-1] += 1
        run.batches = segments[1:-1]  # the last look finds nobody left: not a batch


def reset() -> None:
    """Remove what a run wrote, so that the next finds the same matches new."""
    from django.core import mail

    from challenge.models import Digest, Push, PushReason
    from jbgs.models import Notification

    Digest.objects.all().delete()
    Push.objects.filter(reason=PushReason.DIGEST).delete()
    Notification.objects.filter(kind="challenge.digest").delete()
    mail.outbox = []


def tally(run: Run) -> Run:
    from django.core import mail

    from challenge.models import Digest, Push, PushReason

    run.digests = Digest.objects.count()
    run.pushes = Push.objects.filter(reason=PushReason.DIGEST).count()
    run.emails = len(mail.outbox)
    return run


def timed(name: str, work) -> Run:
    reset()
    run = Run(name)
    with Counted() as counted:
        started = time.perf_counter()
        run.sent = work()
        run.seconds = time.perf_counter() - started
    counted.tell(run)
    return tally(run)


def plain_digests(day: datetime.date, now: datetime.datetime) -> int:
    """The same digests as a loop over the recipients writes them, one person at a time."""
    from django.core.mail import EmailMessage
    from django.db.models import OuterRef, Q, Subquery
    from django.urls import reverse

    from challenge.models import (
        ChallengeRules,
        Digest,
        DigestChannel,
        DigestPreference,
        Match,
        Push,
        PushReason,
    )
    from challenge.selectors import current_campaign
    from challenge.services import digests
    from jbgs.models import Notification

    threshold = ChallengeRules.of(current_campaign()).match_threshold
    latest = Digest.objects.filter(user=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    people = digests.recipients().annotate(last_digest=Subquery(latest), channel=Subquery(
        DigestPreference.objects.filter(user=OuterRef("pk")).values("channel")[:1])).order_by("pk")
    sent = 0
    for user in people:
        mine = Q(user=user)
        if set(digests.UNIT_ROLES) & set(user.roles):
            mine |= Q(organization_id=user.organization_id)
        since = user.last_digest or now - digests.FIRST_WINDOW
        chosen, seen = [], set()
        for match in (Match.objects.filter(mine, score__gte=threshold, created_at__gt=since, demand__status="published")
                      .select_related("demand__field").order_by("-score", "pk")):
            if match.demand_id not in seen and len(chosen) < digests.PER_DIGEST:
                seen.add(match.demand_id)
                chosen.append(match)
        if not chosen:
            continue
        email = bool(user.email) and user.channel in (None, DigestChannel.ALL)
        title, body = digests._texts(user, chosen)
        url = reverse("challenge:matches")
        Notification.objects.create(recipient=user, kind="challenge.digest", title=title, body=body, url=url,
                                    emailed_at=now if email else None)
        Digest.objects.create(user=user, day=day, demands=[m.demand_id for m in chosen], emailed=email,
                              created_at=now)
        Push.objects.bulk_create([Push(recipient=user, organization_id=user.organization_id, demand_id=m.demand_id,
                                       reason=PushReason.DIGEST, emailed=email) for m in chosen])
        if email:
            EmailMessage(title, f"{body}\n\n{url}", None, [user.email]).send()
        sent += 1
    return sent


def measure(now: datetime.datetime) -> int:
    from django.conf import settings

    from challenge.services import digests
    from config.celery import app

    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER = True  # the e-mail task, here, timed
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    logging.getLogger("celery").setLevel(logging.WARNING)  # a line for each task's success
    day = now.date()
    recipients = digests.recipients().count()
    timed("warm-up", lambda: digests.send_digests(day - datetime.timedelta(days=1), now))  # code paths, caches
    runs = [timed(f"send_digests, batch {size}", lambda size=size, k=k: digests.send_digests(
        day + datetime.timedelta(days=k), now, size)) for k, size in enumerate(BATCHES)]
    runs.append(timed("plain loop", lambda: plain_digests(day + datetime.timedelta(days=len(BATCHES)), now)))
    print(f"\nThe daily digest: {recipients} recipients, {common.machine()}\n")
    rows = []
    for run in runs:
        batches = (f"{len(run.batches)} × {'/'.join(map(str, sorted(set(run.batches))))}" if run.batches else "—")
        rows.append([run.name, f"{run.seconds:.2f}", f"{run.sent}", f"{run.pushes}", f"{run.emails}",
                     f"{run.statements}", batches, f"{run.task_statements}"])
    print(common.table(["run", "time s", "digests", "pushes", "e-mails", "statements", "job's per batch",
                        "e-mail task's"], rows))
    job, plain = runs[0], runs[-1]
    assert all(run.sent == job.sent == run.digests for run in runs), "the runs did not send the same digests"
    print(f"\nthe plain loop against the digest job (batch {BATCHES[0]}): {plain.seconds / job.seconds:.1f}× the time, "
          f"{plain.statements / job.statements:.1f}× the statements")
    fixed = len({n for run in runs[:-1] for n in run.batches}) == 1
    fast = job.seconds < GOAL_SECONDS
    print(f"goal: the same statements in every batch, whatever its size: {common.verdict(fixed)} "
          f"({'; '.join(f'batch {size}: {sorted(set(run.batches))} in each of {len(run.batches)}' for size, run in zip(BATCHES, runs, strict=False))})")
    print(f"goal: the digest of {recipients} recipients under {GOAL_SECONDS / 60:.0f} minutes: {common.verdict(fast)} "
          f"({job.seconds:.1f} s)")
    return 0 if fixed and fast else 1


if __name__ == "__main__":
    sys.exit(main())
