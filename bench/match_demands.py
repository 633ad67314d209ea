"""A demand's top 20 solvers over a large catalogue, beside a plain full-text query on its title.

    .venv/bin/python -m bench.match_demands [--items 200000] [--demands 20000] [--sample 50] [--repeat 5]

Fills a database of its own: the demo province with `universities` more universities, and
`items` published patents of its universities and institutes, as bench.catalogue_search
does; every university and institute with two people and a declared profile, and `experts`
experts with their own; `demands` published demands of `demands / 10` enterprises, their
titles and descriptions in the words of the demo's themes and of the catalogue's vocabulary,
indexed as publication does; `solutions` earlier solutions; then the words counted
(`count_terms`), as the nightly job does before matching.

Then, for `sample` demands, `repeat` times, in turns:

- rank:      `challenge.matching.rank_solvers(demand, limit=20)`, end to end: the demand's
             words weighed by their counts, the items sharing the rarest (one query on the
             text index, each unit's best three), the declared profiles, the earlier solutions;
- plain OR:  what a developer would write first: the items whose index has any word of the
             demand's title (`auction.search.query_words`, words of two characters or more:
             single characters such as 的 are in nearly every item), ranked by ts_rank, 20 of
             them, in hand-written SQL on the raw cursor;
- plain AND: the same with every word required, as the catalogue's search means a query
             (for information: it finds nothing for many demands' titles).

It prints median and p95 of each, the ratios of rank to plain OR, the share of the demands
for which each found something, and the goals: rank p95 under 200 ms and within 3x of the
plain OR's p95.

The demo's vocabulary alone has a few dozen terms per field, each in thousands of items: every
word of a demand would be too common to match on (matching leaves out words in more than 5%
of the items). Items and demands therefore also name key terms of their field's long tail
(bench.common.term_pools: nouns of jieba's dictionary with the field's morphemes, drawn by a
Zipf law), so that, as in a real catalogue, most terms are in a few items and a few in many.
"""

import argparse
import random
import sys
import time

from bench import common

DATABASE = "jbgs_bench_matching"
LIMIT = 20
GOAL_P95_MS = 200.0
GOAL_RATIO = 3.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=200_000, help="published items to generate (200000)")
    parser.add_argument("--demands", type=int, default=20_000, help="published demands to generate (20000)")
    parser.add_argument("--universities", type=int, default=150,
                        help="universities beside the demo's, each with items, people and a profile (150)")
    parser.add_argument("--experts", type=int, default=300, help="experts with a profile of their own (300)")
    parser.add_argument("--solutions", type=int, default=3000, help="earlier solutions (3000)")
    parser.add_argument("--sample", type=int, default=50, help="demands matched (50)")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds over the sample (5)")
    parser.add_argument("--seed", type=int, default=3, help="random seed of the generated data")
    parser.add_argument("--keep", action="store_true",
                        help=f"keep the database {DATABASE} afterwards and reuse it when it is already filled")
    args = parser.parse_args(argv)
    common.setup_django()
    with common.own_database(DATABASE, keep=args.keep):
        fill(args)
        return measure(args.sample, args.repeat, args.seed)


def fill(args) -> None:
    from challenge.services.matching import count_terms

    if not common.fill_items(args.items, args.seed, database=DATABASE, universities=args.universities,
                             long_tail=True):
        return  # a kept database, filled by an earlier run
    common.add_solvers(args.seed, per_unit=2, experts=args.experts)
    common.fill_demands(args.demands, args.seed, enterprises=max(1, args.demands // 10))
    solutions = common.add_solutions(args.solutions, args.seed)
    started = time.perf_counter()
    counted = count_terms()  # the nightly job's first step
    print(f"{solutions} solutions; the words of {counted.items} items and {counted.demands} demands counted "
          f"in {time.perf_counter() - started:.0f} s (count_terms)")
    common.analyse()


# --- the queries ---------------------------------------------------------------------------

def title_words(demand) -> list[str]:
    """The words a plain query looks for: those of the title, two characters or more."""
    from auction.search import query_words
    from challenge.matching import meaningful

    return list(dict.fromkeys(w for w in query_words(demand.title) if meaningful(w)))


class PlainSQL:
    """The items whose text has any (`join=" || "`) or every (`" && "`) word, by ts_rank."""

    def __init__(self, words: list[str], join: str):
        query = join.join(["plainto_tsquery('simple', %s)"] * len(words))
        self.sql = (f"SELECT i.id, i.organization_id, i.title, ts_rank(i.search_vector, {query}) AS rank"
                    f" FROM auction_item i WHERE i.published_at IS NOT NULL AND i.search_vector @@ ({query})"
                    f" ORDER BY rank DESC, i.id DESC LIMIT {LIMIT}")
        self.params = [*words, *words]

    def run(self, cursor) -> list:
        cursor.execute(self.sql, self.params)
        return cursor.fetchall()


def sample_demands(size: int, seed: int) -> list:
    from challenge.models import Demand

    ids = sorted(Demand.objects.filter(status="published").values_list("pk", flat=True))
    chosen = random.Random(seed).sample(ids, min(size, len(ids)))
    demands = Demand.objects.filter(pk__in=chosen).select_related("field")
    return [demand for demand in demands if title_words(demand)]


def measure(sample: int, repeat: int, seed: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from auction.models import Item
    from challenge.matching import rank_solvers
    from challenge.models import Demand, Solution, SolverProfile

    demands = sample_demands(sample, seed)
    connection.ensure_connection()
    cursor = connection.connection.cursor()  # psycopg's own cursor: no Django in the way
    plain = {d.pk: {"OR": PlainSQL(title_words(d), " || "), "AND": PlainSQL(title_words(d), " && ")}
             for d in demands}
    found = {"rank": 0, "OR": 0, "AND": 0}
    solvers = []
    for demand in demands:  # once, to warm caches and plans, and to see what each finds
        ranked = rank_solvers(demand, limit=LIMIT)
        solvers.append(len(ranked))
        found["rank"] += bool(ranked)
        for kind in ("OR", "AND"):
            found[kind] += bool(plain[demand.pk][kind].run(cursor))
    with CaptureQueriesContext(connection) as queries:
        rank_solvers(demands[0], limit=LIMIT)
    times = {"rank": [], "OR": [], "AND": []}
    for _ in range(repeat):  # in turns, so that any drift of the machine hits all three
        for demand in demands:
            times["rank"].append(common.elapsed_ms(lambda d=demand: rank_solvers(d, limit=LIMIT)))
            times["OR"].append(common.elapsed_ms(lambda d=demand: plain[d.pk]["OR"].run(cursor)))
            times["AND"].append(common.elapsed_ms(lambda d=demand: plain[d.pk]["AND"].run(cursor)))
    med = {k: common.median(v) for k, v in times.items()}
    p95 = {k: common.p95(v) for k, v in times.items()}
    items = Item.objects.filter(published_at__isnull=False)
    units = items.values("organization_id").distinct().count()
    public = Demand.objects.filter(status="published").count()
    print(f"\nMatching: the top {LIMIT} solvers of {len(demands)} demands, {repeat} rounds, over {items.count()} "
          f"published items of {units} units, {public} published demands, {SolverProfile.objects.count()} profiles "
          f"and {Solution.objects.count()} solutions; {common.machine()}")
    print(f"rank_solvers: {len(queries)} queries a demand; solvers found: median {common.median(solvers):.0f}\n")
    rows = []
    for kind, label in (("rank", "rank_solvers()"), ("OR", "plain OR on the title's words"),
                        ("AND", "plain AND (for information)")):
        rows.append([label, f"{med[kind]:.1f}", f"{p95[kind]:.1f}", f"{p95['rank'] / p95[kind]:.2f}",
                     f"{med['rank'] / med[kind]:.2f}", f"{found[kind]}/{len(demands)}"])
    print(common.table(["query", "median ms", "p95 ms", "rank p95 / p95", "rank median / median",
                        "found something"], rows))
    ratio = p95["rank"] / p95["OR"]
    ok_time, ok_ratio = p95["rank"] < GOAL_P95_MS, ratio <= GOAL_RATIO
    sane = found["rank"] >= 0.8 * len(demands)
    print(f"\ngoal: rank_solvers p95 under {GOAL_P95_MS:.0f} ms: {common.verdict(ok_time)} ({p95['rank']:.1f} ms)")
    print(f"goal: rank_solvers p95 within {GOAL_RATIO:.0f}× of the plain OR query's: {common.verdict(ok_ratio)} "
          f"({ratio:.2f}×)")
    print(f"check: solvers found for {found['rank'] / len(demands):.0%} of the demands "
          + ("" if sane else "(FEWER than 80%: the generated data do not match)"))
    return 0 if ok_time and ok_ratio and sane else 1


if __name__ == "__main__":
    sys.exit(main())
