"""What the benchmarks share: Django set-up, a database of their own, timing, the printed table.

Each benchmark creates its own database next to the configured one (like the test runner
does), fills it, measures, and drops it, so that running it against the database of
`make run` leaves that database as it was.
"""

import contextlib
import datetime
import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

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


# --- generated data: the catalogue, the province's solvers, the enterprises' demands ---------
# Rows are composed in forked worker processes (jieba segments every text, the slow part),
# from a plan the parent sets before forking; the parent inserts each chunk as it comes.

CHUNK = 2000
_plan = None  # set before the workers fork; they read it, they never query


def _generate(model, count: int, make_chunk: Callable[[tuple[int, int]], list[dict]], what: str) -> int:
    """Insert `count` rows of `model`, composed a chunk at a time by `make_chunk((start, n))`
    in worker processes; returns how many processes composed them."""
    import multiprocessing

    from django.db import connections

    chunks = [(start, min(CHUNK, count - start)) for start in range(0, count, CHUNK)]
    connections.close_all()  # the workers are forked: they must not share the connection
    workers = max(1, min(4, multiprocessing.cpu_count()))
    done = 0
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for rows in pool.imap_unordered(make_chunk, chunks):
            model.objects.bulk_create([model(**row) for row in rows], batch_size=1000)
            done += len(rows)
            print(f"\r  generated {done}/{count} {what}", end="", flush=True)
    print("\r", end="")
    return workers


def _columns(model, skip=("id",)) -> list[str]:
    """The columns a generated row fills: every concrete one but the key, the generated vector
    and the automatic dates."""
    return [f.attname for f in model._meta.concrete_fields
            if f.name not in {*skip, "search_vector", "created_at", "updated_at"}]


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# The demo's vocabulary has a few dozen terms per field, each in thousands of items. A real
# catalogue's words run in a long tail: most terms are in a handful of items. Terms of each
# field's morphemes from jieba's own dictionary, drawn by a Zipf law, give the generated texts
# that tail (bench.match_demands: matching weighs words by how rare they are).
MORPHEMES = {
    "next_gen_it": "通信 信号 芯片 网络 数据 存储 协议 天线 光纤".split(),
    "artificial_intelligence": "识别 算法 模型 神经 视觉 语音 机器人 图像 智能".split(),
    "biotechnology": "酶 菌 抗体 蛋白 基因 细胞 疫苗 发酵 试剂".split(),
    "new_energy": "电池 电极 光伏 储能 氢 充电 逆变 风电 锂".split(),
    "new_materials": "合金 涂层 纤维 陶瓷 聚合 薄膜 晶体 树脂 橡胶".split(),
    "high_end_equipment": "机床 轴承 齿轮 液压 电机 焊接 刀具 减速 传感".split(),
    "green_environmental": "废水 污泥 脱硫 降解 吸附 废气 过滤 除尘 污染".split(),
    "modern_agriculture": "种子 施肥 灌溉 病虫 育种 保鲜 饲料 农药 果蔬".split(),
}
MORPHEMES.update(biomedicine=MORPHEMES["biotechnology"], intelligent_manufacturing=MORPHEMES["high_end_equipment"],
                 energy_saving=MORPHEMES["green_environmental"])  # the 2022 fields
ZIPF = 1.0


def term_pools() -> dict[str, tuple[list[str], list[float]]]:
    """Field code → the nouns of jieba's dictionary with one of the field's morphemes, commonest
    first, and the cumulative Zipf weights to draw them by."""
    import itertools

    import jieba

    pools: dict[str, list[tuple[int, str]]] = {code: [] for code in MORPHEMES}
    with jieba.get_dict_file() as dictionary:
        for line in dictionary:
            word, frequency, tag = line.decode().split()
            if tag in ("n", "nz", "vn") and 2 <= len(word) <= 5 and int(frequency) >= 3:
                for code, morphemes in MORPHEMES.items():
                    if any(m in word for m in morphemes):
                        pools[code].append((-int(frequency), word))
    return {code: ([word for _f, word in sorted(words)],
                   list(itertools.accumulate(1 / (rank + 1) ** ZIPF for rank in range(len(words)))))
            for code, words in pools.items()}


def draw_terms(rng: random.Random, pools, field_code: str, k: int) -> list[str]:
    if not pools or field_code not in pools:
        return []
    words, weights = pools[field_code]
    return list(dict.fromkeys(rng.choices(words, cum_weights=weights, k=k)))


@dataclass
class _ItemPlan:
    campaigns: list
    units: list
    fields: dict  # year → industry fields
    lists: dict  # (unit id, campaign id) → list id
    terms: dict | None  # term_pools(), or None for the demo's vocabulary alone
    seed: int


def fill_items(count: int, seed: int, *, database: str, universities: int = 0, long_tail: bool = False) -> bool:
    """The demo province with `universities` more universities, and `count` published patents
    of its supply units (Chinese titles and summaries from `auction.demo`, indexed by
    `auction.search` as publication does) over the auction years; with `long_tail`, each
    summary names three key terms of its field too (term_pools). A kept database that has
    exactly `count` is reused as it is: returns False then, True when it was filled."""
    from auction.models import Item

    have = Item.objects.filter(published_at__isnull=False).count()
    if have and have == count:
        print(f"reusing the {count} published items of {database}")
        return False
    if have:
        raise SystemExit(f"{database} has {have} items, not {count}: drop it or run without --keep")
    started = time.perf_counter()
    seed_province()
    add_universities(universities, seed)
    global _plan
    _plan = _item_plan(seed, term_pools() if long_tail else None)
    workers = _generate(Item, count, _make_items, "items")
    analyse()
    print(f"{count} published items generated, indexed and analysed in "
          f"{time.perf_counter() - started:.0f} s ({workers} processes for the word segmentation)")
    return True


def _item_plan(seed: int, terms) -> _ItemPlan:
    from auction.choices import ListStatus
    from auction.models import SubmissionList
    from jbgs.choices import SUPPLY_KINDS
    from jbgs.models import Campaign, IndustryField, Organization

    campaigns = list(Campaign.objects.filter(kind="auction").order_by("year"))
    units = list(Organization.objects.filter(kind__in=SUPPLY_KINDS).order_by("id"))
    lists = SubmissionList.objects.bulk_create(
        [SubmissionList(organization=u, campaign=c, status=ListStatus.ACCEPTED) for u in units for c in campaigns])
    return _ItemPlan(
        campaigns=campaigns, units=units,
        fields={c.year: list(IndustryField.objects.filter(year=c.year).order_by("position")) for c in campaigns},
        lists={(s.organization_id, s.campaign_id): s.pk for s in lists}, terms=terms, seed=seed,
    )


def _make_items(chunk: tuple[int, int]) -> list[dict]:
    """Items `start`…`start + count` as column values, words for the index included (in a worker)."""
    from auction import demo
    from auction.choices import ItemReview
    from auction.models import Item
    from auction.rules import normalize
    from auction.services.items import Earlier, index_for_search, prepare

    start, count = chunk
    rng = random.Random(_plan.seed * 1_000_003 + start)
    columns = _columns(Item)
    rows = []
    for serial in range(start, start + count):
        campaign = _plan.campaigns[serial % len(_plan.campaigns)]
        unit = rng.choice(_plan.units)
        field = rng.choice(_plan.fields[campaign.year])
        data = demo.patent_fields(rng, field=field, campaign=campaign, serial=serial + 1, owner=unit.name)
        data["roadshow_pick"] = rng.random() < 0.1
        terms = draw_terms(rng, _plan.terms, field.code, 3)
        if terms:
            data["summary"] += f"关键技术：{'、'.join(terms)}。"
        published = datetime.datetime(campaign.year, 7, 1, tzinfo=datetime.UTC) + datetime.timedelta(
            minutes=rng.randrange(150 * 24 * 60))
        item = Item(campaign=campaign, organization=unit, submission_list_id=_plan.lists[unit.pk, campaign.pk],
                    review_state=ItemReview.ACCEPTED, selected=True, published_at=published, **data)
        normalize(item)
        prepare(item, Earlier())
        index_for_search(item)  # the words of title and body, as publication writes them
        rows.append({name: getattr(item, name) for name in columns})
    return rows


# The province's universities beyond the demo's, named as Jiangsu's are: a city and a discipline.
DISCIPLINES = ["理工", "科技", "工程", "农林", "医科", "信息", "师范", "财经", "海洋", "交通", "电力", "化工", "材料",
               "机电", "建筑", "航空", "能源", "纺织", "食品", "轻工", "环境", "水利", "药科", "传媒"]
BRANDS = ["恒瑞", "华泰", "中天", "远东", "新源", "精工", "天合", "博瑞", "科隆", "通达", "永鼎", "亨通", "晶澳", "阳光", "沙钢",
          "金风", "海澜", "红豆", "双良", "鱼跃", "康缘", "豪森", "扬子", "苏美", "长电", "协鑫", "中来", "固德", "国轩", "星宇"]
TRADES = ["新材料", "电子", "智能装备", "新能源", "生物医药", "环保", "农业", "精密机械", "信息技术", "化工"]
PAINS = ["效率低、成本高", "稳定性不足", "关键部件依赖进口", "能耗偏高", "良率波动大", "人工依赖严重"]
OUTCOMES = ["形成可在企业产线应用的技术方案，并完成中试验证。", "完成样机研制并通过第三方检测。",
            "申请发明专利 2 项以上，实现产业化应用。", "建立示范线，年新增产值 1000 万元以上。"]


def _jiangsu_counties() -> dict[str, list[str]]:
    """Jiangsu's cities by short name (南京, 苏州 …), each with its counties' codes."""
    from jbgs.models import Region

    return {city.name.removesuffix("市"): list(city.children.order_by("code").values_list("code", flat=True))
            for city in Region.objects.jiangsu_cities().order_by("code")}


def _units(names: list[str], kind: str, counties: dict[str, list[str]], rng: random.Random) -> list:
    """Active units of a kind, bulk-inserted, each in a county of the city its name begins with."""
    from jbgs.demo import credit_code_for
    from jbgs.models import Organization

    units = []
    for n, name in enumerate(names):
        region = rng.choice(counties[next(city for city in counties if name.startswith(city))])
        units.append(Organization(name=name, kind=kind, region_id=region, status="active",
                                  credit_code=credit_code_for(name, kind, region), contact_name="王老师",
                                  contact_phone=f"025-8{n:07d}", contact_email=f"unit{n}@bench.jbgs.example"))
    return Organization.objects.bulk_create(units)


def add_universities(count: int, seed: int) -> list:
    """`count` more undergraduate universities in Jiangsu's cities."""
    from jbgs.models import Organization

    if not count:
        return []
    rng = random.Random(seed)
    counties = _jiangsu_counties()
    taken = set(Organization.objects.values_list("name", flat=True))
    names = [f"{city}{d}{suffix}" for suffix in ("大学", "学院") for d in DISCIPLINES for city in counties]
    names = [name for name in names if name not in taken]
    if len(names) < count:
        raise SystemExit(f"at most {len(names)} more universities can be named")
    return _units(rng.sample(names, count), "undergraduate_university", counties, rng)


def _user(username: str, name: str, organization_id, roles: list[str]):
    from jbgs.choices import Role
    from jbgs.models import User

    # What User.save() does, for a bulk insert: roles in their order, no staff flags; no password.
    return User(username=username, name=name, organization_id=organization_id, email=f"{username}@bench.jbgs.example",
                roles=sorted(set(roles), key=list(Role.values).index), is_active=True, password="!",
                expert_kind="technical" if Role.EXPERT in roles else "")


def profile_texts(rng: random.Random, field_codes: list[str]) -> tuple[str, str]:
    """Research directions and keywords a solver declares, in the words of its fields."""
    from auction.demo import vocabulary

    directions, keywords = [], []
    for code in field_codes:
        objects, techniques, _purposes = vocabulary(code)
        directions.append(f"{rng.choice(objects)}{rng.choice(techniques)}与{rng.choice(objects)}关键技术研究")
        keywords += rng.sample(objects, 2) + rng.sample(techniques, 2)
    return "；".join(directions), "、".join(keywords)


def add_solvers(seed: int, *, per_unit: int, experts: int) -> None:
    """Every university and institute gets `per_unit` people (liaisons and solvers, in turns)
    and a declared profile; `experts` experts of those units get a profile of their own."""
    from auction.demo import person
    from challenge.choices import SOLVER_UNIT_KINDS
    from challenge.matching import profile_words
    from challenge.models import SolverProfile
    from challenge.selectors import current_campaign
    from jbgs.models import IndustryField, Organization, User

    rng = random.Random(seed)
    units = list(Organization.objects.filter(kind__in=SOLVER_UNIT_KINDS).order_by("pk").values_list("pk", flat=True))
    codes = list(IndustryField.objects.filter(year=current_campaign().year).values_list("code", flat=True))
    people = [_user(f"bench-{unit}-{n}", person(rng), unit, ["liaison" if n % 2 == 0 else "solver"])
              for unit in units for n in range(per_unit)]
    experts = User.objects.bulk_create([_user(f"bench-expert-{n}", person(rng), rng.choice(units), ["expert"])
                                        for n in range(experts)])
    User.objects.bulk_create(people, batch_size=2000)

    def profile(**owner):
        fields = rng.sample(codes, rng.choice((1, 2)))
        directions, keywords = profile_texts(rng, fields)
        return SolverProfile(**owner, directions=directions, keywords=keywords, field_codes=fields,
                             search_words=profile_words(directions, keywords))

    SolverProfile.objects.bulk_create([profile(organization_id=unit) for unit in units]
                                      + [profile(user=expert) for expert in experts])


@dataclass
class _DemandPlan:
    campaign: object
    fields: list
    enterprises: list  # (organization id, region code, the enterprise user's id)
    terms: dict
    now: datetime.datetime
    seed: int


def fill_demands(count: int, seed: int, *, enterprises: int) -> None:
    """`count` published demands of the latest challenge season, by `enterprises` enterprises
    of Jiangsu, each with its user: titles and descriptions composed from the demo's themes
    (`challenge.demo.THEMES`) and the catalogue's vocabulary (`auction.demo.VOCABULARY`), so
    that they share words with the items, indexed as publication does."""
    from django.utils import timezone

    from challenge.models import Demand
    from challenge.selectors import current_campaign
    from jbgs.models import IndustryField, User

    started = time.perf_counter()
    rng = random.Random(seed)
    counties = _jiangsu_counties()
    names = [f"{city}{brand}{trade}有限公司" for trade in TRADES for brand in BRANDS for city in counties]
    units = _units(rng.sample(names, enterprises), "enterprise", counties, rng)
    users = User.objects.bulk_create([_user(f"bench-enterprise-{u.pk}", "企业联系人", u.pk, ["enterprise"])
                                      for u in units])
    campaign = current_campaign()
    global _plan
    _plan = _DemandPlan(campaign=campaign, fields=list(IndustryField.objects.filter(year=campaign.year)),
                        enterprises=[(u.pk, u.region_id, p.pk) for u, p in zip(units, users, strict=True)],
                        terms=term_pools(), now=timezone.now(), seed=seed)
    workers = _generate(Demand, count, _make_demands, "demands")
    print(f"{count} published demands of {enterprises} enterprises generated and indexed in "
          f"{time.perf_counter() - started:.0f} s ({workers} processes)")


def demand_texts(rng: random.Random, field_code: str, pools=None) -> dict:
    """A demand's public text as an enterprise writes it, in the words of its field: the demo's
    themes, the catalogue's vocabulary, and two key terms of the field's long tail."""
    from auction.demo import vocabulary
    from challenge.demo import THEMES

    objects, techniques, purposes = vocabulary(field_code)
    sub_field, problem, indicator, value, unit = rng.choice(THEMES.get(field_code) or THEMES["new_energy"])
    thing, technique, aim = rng.choice(objects), rng.choice(techniques), rng.choice(purposes)
    terms = draw_terms(rng, pools, field_code, 2) or [technique]
    title = rng.choice([f"{sub_field}：{problem.split('，')[0]}的解决方案", f"{thing}{technique}技术需求",
                        f"面向{thing}的{terms[0]}关键技术攻关", f"基于{terms[0]}的{thing}如何{aim}"])
    description = (f"{problem}。企业现有{thing}在{sub_field}应用中{rng.choice(PAINS)}，拟采用{technique}等方法"
                   f"{aim}，涉及{'、'.join(terms)}等关键技术，要求{indicator}{value}{unit}。希望与高校院所合作攻关。")
    return {"title": title, "sub_field": sub_field, "description": description,
            "expected_outcome": rng.choice(OUTCOMES)}


def _make_demands(chunk: tuple[int, int]) -> list[dict]:
    """Published demands `start`…`start + count` as column values (in a worker)."""
    from challenge.models import Demand
    from challenge.services.matching import index_for_search

    start, count = chunk
    rng = random.Random(_plan.seed * 1_000_003 + start)
    columns = _columns(Demand)
    rows = []
    for serial in range(start, start + count):
        organization, region, user = rng.choice(_plan.enterprises)
        field = rng.choice(_plan.fields)
        published = _plan.now - datetime.timedelta(minutes=rng.randrange(180 * 24 * 60))
        demand = Demand(
            campaign=_plan.campaign, number=f"XQ{_plan.campaign.year}{serial + 1:06d}", organization_id=organization,
            field=field, **demand_texts(rng, field.code, _plan.terms), amount=rng.choice([30, 50, 80, 100, 200, 500]) * 10000,
            cooperation_modes=rng.sample(["technology_transfer", "commissioned_development",
                                          "cooperative_development", "technical_service"], rng.choice((1, 2))),
            valid_until=(published + datetime.timedelta(days=rng.randrange(200, 600))).date(), region_id=region,
            contact_name="王工", contact_phone=f"0512-6{serial:07d}", status="published",
            submitted_at=published - datetime.timedelta(days=7), published_at=published, created_by_id=user)
        index_for_search(demand)  # the words of its public text, as publication writes them
        rows.append({name: getattr(demand, name) for name in columns})
    return rows


def add_solutions(count: int, seed: int) -> int:
    """Solutions by the units' people to random published demands (matching's history part)."""
    from challenge.models import Demand, Solution
    from jbgs.models import User

    rng = random.Random(seed)
    demands = list(Demand.objects.filter(status="published").values_list("pk", flat=True))
    solvers = list(User.objects.filter(roles__overlap=["solver"], organization__isnull=False)
                   .values_list("pk", "organization_id"))
    if not (demands and solvers):
        return 0
    pairs = {(rng.choice(demands), rng.choice(solvers)) for _ in range(count)}
    Solution.objects.bulk_create([
        Solution(demand_id=demand, solver_id=solver, organization_id=unit, leader="团队负责人",
                 approach="基于课题组已授权专利的工艺路线，先小试后中试。", timeline="12 个月")
        for demand, (solver, unit) in pairs], batch_size=2000)
    return len(pairs)


# --- Pages timed through the test client, in turns with a baseline page ---------------------------

def percentile(samples: list[float], p: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


def measure_pages(client, urls: dict[str, str], repeat: int, warm: int, *, on_first=None) -> dict:
    """{page: {"queries": n, "ms": [samples]}}: each page's statements in a first request (after
    `on_first(page)`, if given; its captured queries are then passed as `on_first(page, queries)`),
    then its time in `repeat` rounds of every page in turns after `warm` rounds, so that any drift
    of the machine hits all alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get(url: str):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        return response

    found = {}
    for page, url in urls.items():
        if on_first:
            on_first(page)
        with CaptureQueriesContext(connection) as queries:
            get(url)
        found[page] = {"queries": len(queries), "ms": []}
        if on_first:
            on_first(page, queries.captured_queries)
    for _ in range(warm):
        for url in urls.values():
            get(url)
    for _ in range(repeat):
        for page, url in urls.items():
            found[page]["ms"].append(elapsed_ms(lambda url=url: get(url)))
    return found


def page_rows(title: str, found: dict, goal_ms: float) -> list[list[str]]:
    """A table row per page: statements, p50/p95/p99 and their ratios to the "baseline" page's,
    and the p95 goal's verdict."""
    base = found["baseline"]["ms"]
    base_p50, base_p95 = statistics.median(base), percentile(base, 95)
    rows = []
    for page, figures in found.items():
        ms = figures["ms"]
        p50, p95, p99 = statistics.median(ms), percentile(ms, 95), percentile(ms, 99)
        rows.append([title, page, f"{figures['queries']}", f"{p50:.1f}", f"{p95:.1f}", f"{p99:.1f}",
                     f"{p50 / base_p50:.2f}", f"{p95 / base_p95:.2f}",
                     "" if page == "baseline" else verdict(p95 < goal_ms)])
    return rows
