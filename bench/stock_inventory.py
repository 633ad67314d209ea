"""A university's whole stock of patents: its import, and the lists people work through it with.

    .venv/bin/python -m bench.stock_inventory [--patents 50000] [--small 5000] [--repeat-import 2]
        [--repeat 200] [--warm 10] [--quick] [--profile]

Part 1, the import. Builds the platform's blank 《存量专利清单》 (transformation.importers.blank_form:
title, 单位名称 row, header, sample row) and fills `patents` rows of one university's distinct
valid patents below it, as a patent-management export writes them (numbers as
201710601862.3, ZL201710601862.3 or 2017106018623, grant dates as 2021年3月5日, 2021.3.5, ISO or
Excel serials, the type sometimes left to the number, the year's fields and sub-fields), then
in turns, `repeat-import` times:

- openpyxl: load_workbook(read_only=True) and every row's values: the floor any import pays;
- import:   the whole import job (start_import + the task run eagerly, as a worker runs it):
            reading, locating the header, parsing and checking every row, the upserts under
            the institution's lock, the audit entry. The first run creates every patent, the
            later ones update them (the same file again).

Goal: the import within 3× of openpyxl alone (the supply side's import figure, bench.import_form).

Part 2, the lists. With the 50,000 patents in place and a share of them worked on (40 % evaluated
by one to three ways, half of those screened, some registered and matched, written by bulk
inserts), and a second university of `small` patents worked on alike, requests as each
university's liaison through Django's test client (routing, middleware, the views' queries,
templates or serializers), `repeat` rounds in turns after `warm` rounds:

- baseline: the notifications inbox, a plain signed-in page of the portal;
- dashboard: the institution's coverage and the first page of what is left to do
             (`transformation:stock`), the page an institution works from;
- left, deep: the same list's middle page (`?page=…`): paging through what is left;
- api:       `GET /api/v1/stock-patents/?organization=…`, the first page.

It prints each page's statements per request and p50 / p95 / p99 against the baseline's, and
the goals: p95 under 150 ms (the catalogue API's figure, bench.catalogue_search), and the
statements the same for `small` and `patents` patents (the coverage dashboard's pinned count).
"""

import argparse
import datetime
import io
import random
import sys
import time

from bench import common

DATABASE = "jbgs_bench_stock"
GOAL_RATIO = 3.0
GOAL_P95_MS = 150.0
SUB_FIELDS = ["动力电池", "光伏组件", "储能系统", "智能传感", "工业机器人", "精密加工", "生物医药", "医疗器械", "新型合金",
              "高分子材料", "污水处理", "固废利用", "作物育种", "智能农机", "集成电路", "人工智能算法"]
# The share of the stock worked on: evaluated, of those screened, of those registered, of those matched.
EVALUATED, SCREENED, REGISTERED, MATCHED = 0.4, 0.5, 0.4, 0.4


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patents", type=int, default=50_000, help="the university's stock (50000)")
    parser.add_argument("--small", type=int, default=5_000, help="another university's stock, to compare (5000)")
    parser.add_argument("--repeat-import", type=int, default=2, help="imports of the same file (the first creates)")
    parser.add_argument("--repeat", type=int, default=200, help="timed requests of each page (200)")
    parser.add_argument("--warm", type=int, default=10, help="rounds of every page before timing (10)")
    parser.add_argument("--seed", type=int, default=16, help="random seed of the generated data")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the import and the pages, and print the pages' slowest statements")
    parser.add_argument("--quick", action="store_true", help="a smoke run: a tenth of the sizes, 40 requests")
    args = parser.parse_args(argv)
    if args.quick:
        args.patents, args.small = args.patents // 10, args.small // 10
        args.repeat = min(args.repeat, 40)
    common.setup_django()
    with common.own_database(DATABASE):
        return run(args)


# --- the workbook -------------------------------------------------------------------------------

def number_forms(number: str) -> str:
    return random.choice((number, f"ZL{number}", number.replace(".", "")))


def filled_form(organization, rows: int, seed: int, first_serial: int = 0) -> bytes:
    """The blank form the platform hands out, filled in below its sample row."""
    from openpyxl import load_workbook

    from auction.demo import application_number
    from jbgs.blank_forms import HEADER_ROW
    from transformation import stock_selectors
    from transformation.importers import COLUMNS, blank_form

    book = load_workbook(io.BytesIO(blank_form(organization)))
    sheet = book.worksheets[0]
    fields = [f.name for f in stock_selectors.latest_fields()]
    rng = random.Random(seed)
    random.seed(seed)
    for n in range(rows):
        serial = first_serial + n
        filed = datetime.date(2008 + serial % 14, 1 + serial % 12, 1 + serial % 28)
        digit = "1" if rng.random() < 0.7 else "2"
        number = application_number(filed.year, 1_000_000 + serial, digit)
        granted = filed + datetime.timedelta(days=rng.randrange(300, 1200))
        values = {
            "application_number": number_forms(number), "title": f"一种{rng.choice(SUB_FIELDS)}的方法及装置（{serial}）",
            "patent_type": rng.choice(("", "发明" if digit == "1" else "实用新型")),
            "grant_date": rng.choice(common.DATE_FORMS)(granted),
            "inventors": "、".join(rng.sample(["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "孙丽"], rng.randrange(1, 5))),
            "legal_status": "有效", "field": rng.choice(fields), "sub_field": rng.choice(SUB_FIELDS),
        }
        sheet.append([n + 1, *(values.get(column.field, "") for column in COLUMNS)])
    assert sheet.max_row == HEADER_ROW + 1 + rows
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_once(content: bytes, liaison, organization):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jbgs.models import ImportJob
    from jbgs.services.imports import start_import
    from transformation.importers import STOCK_IMPORT

    # The job's task runs here, eagerly, after the upload's commit: what a worker would run.
    job = start_import(kind=STOCK_IMPORT, target_id=organization.pk, actor=liaison,
                       upload=SimpleUploadedFile("存量专利清单.xlsx", content))
    return ImportJob.objects.get(pk=job.pk)


def university(name: str, username: str):
    from jbgs.demo import account, credit_code_for
    from jbgs.models import Organization

    unit = Organization.objects.create(name=name, kind="undergraduate_university", region_id="321002",
                                       credit_code=credit_code_for(name, "undergraduate_university", "321002"),
                                       status="active")
    return unit, account(username, f"{name}联络员", unit, ["liaison"])


def measure_import(args, unit, liaison) -> int:
    started = time.perf_counter()
    content = filled_form(unit, args.patents, args.seed)
    print(f"a {args.patents}-row 存量专利清单 written in {time.perf_counter() - started:.0f} s")
    # A worker imports many files: warm the code paths once, on a small file of another university.
    warm_unit, warm_liaison = university("预热大学", "warm-liaison")
    import_once(filled_form(warm_unit, 20, args.seed, first_serial=9_000_000), warm_liaison, warm_unit)
    if args.profile:
        _profile_import(content, liaison, unit)
    return common.import_against_openpyxl(form="存量专利清单", files=lambda run: content, rows=args.patents,
                                          repeat=args.repeat_import, goal=GOAL_RATIO,
                                          import_once=lambda form: import_once(form, liaison, unit))


def _profile_import(content: bytes, liaison, unit) -> None:
    """Where an import's time goes (a first import, into a university of its own)."""
    import cProfile
    import pstats

    other, other_liaison = university("剖析大学", "profile-liaison")
    profiler = cProfile.Profile()
    profiler.enable()
    import_once(content, other_liaison, other)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    other.stock_patents.all().delete()


# --- the work done on the stock -------------------------------------------------------------------

def work_on(unit, liaison, seed: int) -> dict:
    """A share of the university's patents evaluated (the inventor's, often the institution's,
    sometimes a reviewer's), screened, registered and matched, written in bulk as the services
    leave them."""
    from django.utils import timezone

    from jbgs.models import Organization
    from transformation.choices import EvaluatorKind, StockPool, StockStage
    from transformation.models import StockEvaluation, StockMatch, StockPatent

    rng = random.Random(seed)
    now = timezone.now()
    enterprises = list(Organization.objects.filter(kind__in=["enterprise", "state_owned_enterprise"])
                       .values_list("pk", flat=True)[:20])
    ids = list(StockPatent.objects.filter(organization=unit).values_list("pk", flat=True))
    rng.shuffle(ids)
    evaluated = ids[:int(len(ids) * EVALUATED)]
    screened = evaluated[:int(len(evaluated) * SCREENED)]
    registered = screened[:int(len(screened) * REGISTERED)]
    matched = registered[:int(len(registered) * MATCHED)] if enterprises else []

    def evaluation(pk, kind):
        return StockEvaluation(patent_id=pk, institution_id=unit.pk, kind=kind, maturity=rng.randrange(1, 6), market=rng.randrange(1, 6),
                               value=rng.randrange(1, 6), recommended=rng.random() < 0.5, evaluator_name="张伟",
                               evaluator_organization_id=unit.pk, recorded_by=liaison, recorded_at=now)

    rows = []
    for pk in evaluated:
        rows.append(evaluation(pk, EvaluatorKind.INVENTOR))
        if rng.random() < 0.5:
            rows.append(evaluation(pk, EvaluatorKind.INSTITUTION))
        if rng.random() < 0.1:
            rows.append(evaluation(pk, EvaluatorKind.THIRD_PARTY))
    StockEvaluation.objects.bulk_create(rows, batch_size=2000)
    patents = StockPatent.objects.filter(organization=unit)
    patents.filter(pk__in=evaluated).update(stage=StockStage.EVALUATED)
    patents.filter(pk__in=screened).update(stage=StockStage.SCREENED, selected=True, screened_at=now)
    patents.filter(pk__in=registered).update(stage=StockStage.REGISTERED, pool=StockPool.PLATFORM, registered_at=now)
    StockMatch.objects.bulk_create([StockMatch(patent_id=pk, organization_id=rng.choice(enterprises), reason="领域相符",
                                               matched_by=liaison, matched_at=now, pushed_to=1) for pk in matched],
                                   batch_size=2000)
    patents.filter(pk__in=matched).update(stage=StockStage.MATCHED)
    return {"patents": len(ids), "evaluations": len(rows), "evaluated": len(evaluated), "screened": len(screened),
            "registered": len(registered), "matched": len(matched)}


def small_stock(count: int, seed: int):
    """Another university with `count` patents, written through the import's write path."""
    from auction.demo import application_number
    from transformation.importers import write_patents
    from transformation.models import StockPatent

    unit, liaison = university("对照大学", "small-liaison")
    patents = [StockPatent(organization=unit, application_number=application_number(2015, 2_000_000 + n),
                           title=f"一种对照专利（{n}）", patent_type="invention", sub_field=SUB_FIELDS[n % len(SUB_FIELDS)])
               for n in range(count)]
    write_patents(unit, patents, ["title", "updated_at"], actor=liaison)
    return unit, liaison


# --- the lists ------------------------------------------------------------------------------------

def urls_for(unit) -> dict[str, str]:
    from django.urls import reverse

    from transformation.stock_selectors import left
    from transformation.views.stock import LEFT_PER_PAGE

    pages = max(1, -(-left(unit.stock_patents.all()).count() // LEFT_PER_PAGE))
    return {"baseline": reverse("notifications"), "dashboard": reverse("transformation:stock"),
            "left, deep": reverse("transformation:stock") + f"?page={pages // 2 or 1}",
            "api": f"/api/v1/stock-patents/?organization={unit.pk}"}


def _explain_slowest(page, queries=None) -> None:
    """With --profile: a page's slowest statements and the plan of the slowest."""
    from django.db import connection

    if queries is None or page == "baseline":
        return
    slowest = sorted(queries, key=lambda q: -float(q["time"]))[:4]
    print(f"  {page}:")
    for query in slowest:
        print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {slowest[0]['sql']}")
        print("\n".join(f"      {line}" for (line,) in cursor.fetchall()))


def _profile_pages(client, urls: dict[str, str], rounds: int = 20) -> None:
    """With --profile: where a warm request of each page spends its time (the Python functions
    taking the most cumulative time over `rounds` requests)."""
    import cProfile
    import pstats

    for page, url in urls.items():
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(rounds):
            client.get(url)
        profiler.disable()
        print(f"  {page}, {rounds} requests:")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def measure_lists(args, stocks) -> int:
    from django.test import Client

    results, rows = {}, []
    for count, unit, liaison in stocks:
        client = Client()
        client.force_login(liaison)
        urls = urls_for(unit)
        print(f"measuring the lists of {unit.name} ({count} patents): {args.repeat} requests of each page")
        results[count] = common.measure_pages(client, urls, args.repeat, args.warm,
                                              on_first=_explain_slowest if args.profile else None)
        if args.profile and count == args.patents:
            _profile_pages(client, {page: urls[page] for page in ("dashboard", "left, deep")})
        rows += common.page_rows(f"{count} patents", results[count], GOAL_P95_MS)
    print(f"\nThe stock's lists as each university's liaison through the test client; {args.repeat} timed requests "
          f"of each page in turns after {args.warm} rounds; {common.machine()}")
    print("times in ms; ratios against the baseline (the notifications inbox) of the same run\n")
    print(common.table(["stock", "page", "queries", "p50", "p95", "p99", "p50 ratio", "p95 ratio",
                        f"p95<{GOAL_P95_MS:.0f}ms"], rows))
    pages = [page for page in next(iter(results.values())) if page != "baseline"]
    worst = max(common.percentile(r[page]["ms"], 95) for r in results.values() for page in pages)
    ok_time = worst < GOAL_P95_MS
    same = all(len({r[page]["queries"] for r in results.values()}) == 1 for page in pages)
    print(f"\ngoal: every list's p95 under {GOAL_P95_MS:.0f} ms: {common.verdict(ok_time)} (worst {worst:.1f} ms)")
    counts = "; ".join(f"{page}: " + ", ".join(f"{r[page]['queries']} for {n}" for n, r in results.items())
                       for page in pages)
    print(f"goal: the statements the same whatever the stock: {common.verdict(same)} ({counts})")
    return 0 if ok_time and same else 1


def run(args) -> int:
    from django.conf import settings

    from config.celery import app

    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER = True  # in this process, timed
    common.seed_province()
    unit, liaison = university("扬州测试大学", "bench-liaison")
    rc = measure_import(args, unit, liaison)
    started = time.perf_counter()
    done = work_on(unit, liaison, args.seed)
    small, small_liaison = small_stock(args.small, args.seed)
    small_done = work_on(small, small_liaison, args.seed + 1)
    common.analyse()
    print(f"\nworked on: {done} of {unit.name}; {small_done} of {small.name} "
          f"({time.perf_counter() - started:.0f} s)\n")
    return measure_lists(args, [(args.small, small, small_liaison), (args.patents, unit, liaison)]) or rc


if __name__ == "__main__":
    sys.exit(main())
