"""Catalogue search over many published items, beside the plain SQL for the same page.

    .venv/bin/python -m bench.catalogue_search [--items 200000] [--repeat 40] [--keep]

Fills a database of its own with generated patents (Chinese titles and summaries from
`auction.demo`, segmented by `auction.search` as the product does), then, for each typical
query, times in turns:

- api:  GET /api/v1/auction/catalogue/?… through Django's test client: URL routing,
        middleware, parameter parsing, `catalogue.search`, the count and one page (50)
        serialized to JSON: the server's whole work for the request;
- orm:  `catalogue.search(filters)`: its count and its first page, evaluated;
- sql:  the same count and the same page written by hand (same WHERE, same indexes, same
        columns and joins) on the raw psycopg2 cursor.

It checks that the three agree (count and ids of the page), then prints median and p95 of
each and the goals: api p95 under 150 ms, and the catalogue's query within 2x of the plain
SQL (median of orm against median of sql).
"""

import argparse
import sys
from dataclasses import dataclass

from bench import common

DATABASE = "jbgs_bench_catalogue"
API = "/api/v1/auction/catalogue/"
PAGE = 50  # the API's page size
GOAL_P95_MS = 150.0
GOAL_RATIO = 2.0


@dataclass
class Query:
    name: str
    params: dict


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=200_000, help="published items to generate (200000)")
    parser.add_argument("--repeat", type=int, default=40, help="timed repetitions of each query (40)")
    parser.add_argument("--seed", type=int, default=3, help="random seed of the generated data")
    parser.add_argument("--keep", action="store_true",
                        help=f"keep the database {DATABASE} afterwards and reuse it when it is already filled")
    args = parser.parse_args(argv)
    common.setup_django()
    with common.own_database(DATABASE, keep=args.keep):
        common.fill_items(args.items, args.seed, database=DATABASE)
        return measure(args.repeat)


# --- the queries ---------------------------------------------------------------------------

def queries() -> list[Query]:
    from auction.models import Item

    numbers = Item.objects.filter(published_at__isnull=False).order_by("id").values_list(
        "application_number", flat=True)
    total = numbers.count()
    number = numbers[total // 3]
    return [
        Query("a word: 电池", {"q": "电池"}),
        Query("a word: 健康状态估计", {"q": "健康状态估计"}),
        Query("a word: 深度学习", {"q": "深度学习"}),
        Query("电池 + field + trade mode", {"q": "电池", "field": "new_energy", "trade_mode": "assignment"}),
        Query("深度学习 + field + price 30–100万",
              {"q": "深度学习", "field": "artificial_intelligence", "price_min": "30", "price_max": "100"}),
        Query("patent number ZL…", {"q": f"ZL{number}"}),
        Query("patent number, first 9 digits", {"q": number[:9]}),
    ]


def filters_of(params: dict):
    from auction import catalogue
    from auction.api.serializers import CatalogueQuerySerializer

    parsed = CatalogueQuerySerializer(data=params)
    parsed.is_valid(raise_exception=True)
    return catalogue.Filters(**{k: v for k, v in parsed.validated_data.items() if v not in (None, "")})


def orm_page(filters) -> tuple[int, list[int]]:
    from auction import catalogue

    found = catalogue.search(filters)
    count = found.count if found.count is not None else found.items.count()
    return count, [item.pk for item in found.items[:PAGE]]


class PlainSQL:
    """The hand-written equivalent: the WHERE the catalogue means, on the same indexes, and
    for a text search the same rule: at most the newest TEXT_CANDIDATES matches, ranked."""

    def __init__(self, filters):
        from auction.catalogue import PUBLIC_FIELDS, TEXT_CANDIDATES
        from auction.models import Item

        self.limit = TEXT_CANDIDATES
        self.where, self.params, self.rank, self.rank_params = ["i.published_at IS NOT NULL"], [], "", []
        self._text(filters.q.strip())
        if filters.field:
            self.where.append("i.field_id IN (SELECT id FROM jbgs_industryfield WHERE code = %s)")
            self.params.append(filters.field)
        if filters.trade_mode:
            self.where.append("i.trade_modes @> ARRAY[%s]::varchar(30)[]")
            self.params.append(filters.trade_mode)
        if filters.price_min is not None:
            self.where.append("i.asking_price >= %s")
            self.params.append(filters.price_min * 10000)
        if filters.price_max is not None:
            self.where.append("i.asking_price <= %s")
            self.params.append(filters.price_max * 10000)
        self.matches = f"FROM auction_item i WHERE {' AND '.join(self.where)}"
        self.columns = ", ".join(f"i.{Item._meta.get_field(name).column}" for name in PUBLIC_FIELDS)
        self.joins = (
            " JOIN jbgs_organization o ON o.id = i.organization_id"
            " JOIN jbgs_campaign c ON c.id = i.campaign_id LEFT JOIN jbgs_industryfield f ON f.id = i.field_id"
            " JOIN jbgs_region r ON r.code = o.region_id LEFT JOIN jbgs_region rp ON rp.code = r.parent_id"
            " LEFT JOIN jbgs_region rpp ON rpp.code = rp.parent_id")

    def _text(self, q: str) -> None:
        from auction.catalogue import _NUMBER
        from auction.search import query_words
        from jbgs.validators import normalize_code

        if not q:
            return
        number = _NUMBER.match(normalize_code(q))
        if number:
            self.where.append("i.application_number LIKE %s")
            self.params.append(number.group(1) + "%")
            return
        words = query_words(q)
        tsquery = " && ".join(["plainto_tsquery('simple', %s)"] * len(words))
        match = f"i.search_vector @@ ({tsquery})"
        params = list(words)
        if len(q) >= 3:
            match = f"({match} OR i.title ILIKE %s)"
            params.append(f"%{q}%")
        self.where.append(match)
        self.params += params
        self.rank, self.rank_params = f"ts_rank(i.search_vector, {tsquery}) DESC, ", list(words)

    def run(self, cursor) -> tuple[int, list[int]]:
        select = f"SELECT {self.columns}, f.code, f.name, o.name, c.year, r.name, rp.name, rpp.name"
        order = f"ORDER BY {self.rank}i.published_at DESC, i.id DESC LIMIT {PAGE}"
        if not self.rank:  # no words: every match, counted and sorted by the newest
            cursor.execute(f"SELECT count(*) {self.matches}", self.params)
            count = cursor.fetchone()[0]
            cursor.execute(f"{select} FROM auction_item i{self.joins} WHERE {' AND '.join(self.where)} {order}",
                           self.params)
            return count, [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 {self.matches} LIMIT {self.limit + 1}) s", self.params)
        count = cursor.fetchone()[0]
        if count > self.limit:  # rank only the newest matches
            candidates = (f"i.id IN (SELECT i.id {self.matches} ORDER BY i.published_at DESC, i.id DESC"
                          f" LIMIT {self.limit})")
            cursor.execute(f"{select} FROM auction_item i{self.joins} WHERE {candidates} {order}",
                           self.params + self.rank_params)
        else:
            cursor.execute(f"{select} FROM auction_item i{self.joins} WHERE {' AND '.join(self.where)} {order}",
                           self.params + self.rank_params)
        return min(count, self.limit), [row[0] for row in cursor.fetchall()]


def measure(repeat: int) -> int:
    from django.db import connection
    from django.test import Client

    client = Client()
    connection.ensure_connection()
    cursor = connection.connection.cursor()  # psycopg2's own cursor: no Django in the way
    rows, missed = [], []
    for query in queries():
        filters = filters_of(query.params)
        sql = PlainSQL(filters)

        def api(query=query):
            response = client.get(API, query.params)
            assert response.status_code == 200, response.content[:300]
            return response

        body = api().json()
        expected = sql.run(cursor)
        assert (body["count"], [r["id"] for r in body["results"]]) == expected, (query.name, "api ≠ sql")
        assert orm_page(filters) == expected, (query.name, "orm ≠ sql")
        times = {"api": [], "orm": [], "sql": []}
        for _ in range(3):  # warm caches and plans alike
            api(), orm_page(filters), sql.run(cursor)
        for _ in range(repeat):  # in turns, so that any drift of the machine hits all three
            times["api"].append(common.elapsed_ms(api))
            times["orm"].append(common.elapsed_ms(lambda f=filters: orm_page(f)))
            times["sql"].append(common.elapsed_ms(lambda s=sql: s.run(cursor)))
        med = {k: common.median(v) for k, v in times.items()}
        p95 = {k: common.p95(v) for k, v in times.items()}
        ratio_orm, ratio_api = med["orm"] / med["sql"], med["api"] / med["sql"]
        ok_time, ok_ratio = p95["api"] < GOAL_P95_MS, ratio_orm <= GOAL_RATIO
        if not (ok_time and ok_ratio):
            missed.append(query.name)
        rows.append([query.name, f"{expected[0]}", f"{med['api']:.1f} / {p95['api']:.1f}",
                     f"{med['orm']:.1f} / {p95['orm']:.1f}", f"{med['sql']:.1f} / {p95['sql']:.1f}",
                     f"{ratio_orm:.2f}", f"{ratio_api:.2f}", common.verdict(ok_time), common.verdict(ok_ratio)])
    from auction.models import Item

    total = Item.objects.filter(published_at__isnull=False).count()
    print(f"\nCatalogue search: {total} published items, {repeat} timed runs per query, {common.machine()}")
    print("times in ms, median / p95; ratios are of medians against the plain SQL\n")
    print(common.table(
        ["query", "matches", "api", "orm: search()", "plain SQL", "orm/sql", "api/sql",
         f"p95<{GOAL_P95_MS:.0f}ms", f"orm≤{GOAL_RATIO:.0f}×sql"], rows))
    print(f"\ngoals: api p95 under {GOAL_P95_MS:.0f} ms, search() within {GOAL_RATIO:.0f}× of the plain SQL: "
          + ("all met" if not missed else "MISSED for " + "; ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
