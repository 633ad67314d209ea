"""The compliance job over a year of special sessions, beside one hand-written SQL aggregate per metric.

    .venv/bin/python -m bench.session_compliance [--sessions 30] [--items 200000] [--demands 50000]
        [--deals 10000] [--served 100000] [--repeat 3] [--quick]

Fills a database of its own with one year (2023, whose templates the migrations hold): the demo
province, an authority with an organiser in each of Jiangsu's cities, `sessions` sessions of
every type created by `sessions_mgmt.services.sessions.create_session` (hosts and the year's
targets, a regional session with two authorities, a talent session with a manager firm),
`items` published catalogue items and `demands` published demands (a hundred of each made as the
demo makes them, then copied by INSERT … SELECT with their numbers, units, fields and days
varied), a quarter of the items and half of the demands collected by the sessions, `deals`
deals (seven in ten sold lots of collected items, the rest contracts of cooperations on
collected demands) and three cooperations for each challenge deal, and the sessions' own
records: `served` enterprises served over a hundred activities a session (a pool of valid
credit codes, some outside the host city), roadshows with projects and units invited by the
hosts, media reports, cases, recommended projects, intentions and reported deals (three in ten
linked to the platform's), service people and summary reports.

Then, `repeat` times in turns, as of 30 September 2023:

- job:        `sessions_mgmt.services.compliance.recompute(day=…)` over every session, with the
              targets' verdicts reset first so that each run judges, snapshots, audits and
              notifies as the first run of a day does;
- aggregates: one hand-written SQL statement per metric (18), each a GROUP BY session over the
              same tables, on the raw cursor: the floor of any computation of the figures.

It checks that the job's snapshot holds the aggregates' figures, and prints the median of each,
their ratio, the statements the job issued, and the goals: under 60 s, within 2× of the
aggregates.
"""

import argparse
import datetime
import random
import sys
import time
from decimal import Decimal

from bench import common

DATABASE = "jbgs_bench_compliance"
YEAR = 2023
DAY = datetime.date(YEAR, 9, 30)
GOAL_SECONDS = 60.0
GOAL_RATIO = 2.0
TEMPLATES = 100
# session type, how many of 30, how many of them host the 火炬科技成果直通车
MIX = [("auction_industry", 10, 3), ("challenge_industry", 10, 0), ("talent", 4, 0), ("regional", 4, 0),
       ("open_licence", 1, 0), ("instrument", 1, 0)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30, help="sessions of the year (30)")
    parser.add_argument("--items", type=int, default=200_000, help="published catalogue items (200000)")
    parser.add_argument("--demands", type=int, default=50_000, help="published demands (50000)")
    parser.add_argument("--deals", type=int, default=10_000, help="deals on the platform (10000)")
    parser.add_argument("--served", type=int, default=100_000, help="enterprises served, activity rows (100000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (3)")
    parser.add_argument("--seed", type=int, default=15, help="random seed of the generated data")
    parser.add_argument("--quick", action="store_true", help="a small smoke run: a tenth of every size but sessions")
    parser.add_argument("--keep", action="store_true",
                        help=f"keep the database {DATABASE} afterwards and reuse it when it is already filled")
    args = parser.parse_args(argv)
    if args.quick:
        args.items, args.demands, args.deals, args.served = (n // 10 for n in (
            args.items, args.demands, args.deals, args.served))
    common.setup_django()
    with common.own_database(DATABASE, keep=args.keep):
        fill(args)
        return measure(args.repeat)


# --- filling -----------------------------------------------------------------------------------

def _sql(statement: str, params=()) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def clone(model, templates: list[int], source: str, overrides: dict[str, str], params=None) -> int:
    """One new row of `model` per row of the query `source` (which gives `g`, 0-based, and any
    other column the overrides use, as `s`; named parameters `params`): a copy of the template row `templates[g % n]`
    (`t`), every column not in `overrides` (column → SQL expression) as the template has it."""
    from django.db import connection

    quote = connection.ops.quote_name
    columns = [f.column for f in model._meta.concrete_fields
               if not f.primary_key and not getattr(f, "generated", False)]
    values = ", ".join(overrides.get(column, f"t.{quote(column)}") for column in columns)
    table = quote(model._meta.db_table)
    return _sql(f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) SELECT {values} "
                f"FROM ({source}) AS s JOIN {table} AS t ON t.id = (%(templates)s::bigint[])[1 + s.g %% {len(templates)}]",
                {**(params or {}), "templates": templates})


def _series(count: int) -> str:
    return f"SELECT g FROM generate_series(0, {int(count) - 1}) AS g"


def fill(args) -> None:
    from auction.models import Item

    if Item.objects.exists():
        print("a kept database, filled by an earlier run")
        return
    started = time.perf_counter()
    rng = random.Random(args.seed)
    common.seed_province()
    ctx = _people(rng)
    ctx["sessions"] = _sessions(args.sessions, ctx)
    step = time.perf_counter()
    _items(args.items, ctx, rng)
    _demands(args.demands, ctx, rng)
    print(f"  {args.items} items and {args.demands} demands in {time.perf_counter() - step:.0f} s")
    _collections(ctx)
    _deals(args.deals, ctx)
    _records(args.served, ctx, rng)
    common.analyse()
    print(f"data generated in {time.perf_counter() - started:.0f} s")


def _people(rng) -> dict:
    """An authority with an organiser in every Jiangsu city, manager firms, enterprises, solvers."""
    from jbgs.choices import OrganizationKind as K
    from jbgs.demo import credit_code_for
    from jbgs.models import Organization, Region, User

    admin = User.objects.get(username="admin")
    authorities = {}
    for city in Region.objects.jiangsu_cities().order_by("code"):
        name = f"{city.name}科学技术局"
        unit = Organization.objects.filter(name=name).first() or Organization.objects.create(
            name=name, kind=K.LOCAL_AUTHORITY, region=city, status="active",
            credit_code=credit_code_for(name, K.LOCAL_AUTHORITY, city.code), contact_name="科技局联系人",
            contact_phone="025-80000000", contact_email=f"authority{city.code}@bench.jbgs.example")
        authorities[city.code] = unit
    User.objects.bulk_create([common._user(f"bench-organiser-{u.pk}", "专场联络人", u.pk, ["organizer"])
                              for u in authorities.values()], ignore_conflicts=True)
    counties = common._jiangsu_counties()
    firms = common._units([f"{city}{brand}技术转移服务有限公司" for city, brand in zip(
        counties, common.BRANDS, strict=False)], K.TECH_MANAGER_FIRM, counties, rng)
    names = [f"{city}{brand}{trade}有限公司" for trade in common.TRADES for brand in common.BRANDS for city in counties]
    enterprises = common._units(rng.sample(names, 2000), K.ENTERPRISE, counties, rng)
    universities = list(Organization.objects.filter(kind__in=[K.UNDERGRADUATE_UNIVERSITY, K.RESEARCH_INSTITUTE])
                        .order_by("pk"))
    solvers = User.objects.bulk_create([common._user(f"bench-solver-{n}", "课题组负责人", rng.choice(universities).pk,
                                                     ["solver"]) for n in range(300)])
    return {"admin": admin, "authorities": list(authorities.values()), "firms": firms, "enterprises": enterprises,
            "universities": universities, "solvers": solvers}


def _sessions(count: int, ctx: dict, first: int = 0) -> list:
    """`count` sessions of the year in MIX's proportions, created as the province creates them,
    and the 2022 participating-units target added to the regional ones (the 18th metric);
    numbered from `first` + 1 (a second batch of the same year)."""
    from jbgs.models import IndustryField, Organization
    from sessions_mgmt.choices import Metric, TargetKind
    from sessions_mgmt.services.sessions import create_session, set_target

    admin, authorities = ctx["admin"], ctx["authorities"]
    fields = list(IndustryField.objects.filter(year=YEAR).order_by("position"))
    park = Organization.objects.get(name="常州科教城")
    kinds = [(kind, n < torch) for kind, share, torch in MIX for n in range(max(1, round(share * count / 30)))]
    sessions = []
    for n, (kind, torch) in enumerate(kinds[:count]):
        main = authorities[n % len(authorities)]
        co_hosts = {"auction_industry": [ctx["universities"][n % len(ctx["universities"])]],
                    "challenge_industry": [park], "talent": [ctx["firms"][n % len(ctx["firms"])]],
                    "regional": [authorities[(n + 1) % len(authorities)]]}.get(kind, [])
        field = fields[n % len(fields)] if kind.endswith("industry") else None
        session = create_session(actor=admin, year=YEAR, session_type=kind, title=f"{YEAR}年{main.name[:3]}专场{first + n + 1}",
                                 main_host=main, co_hosts=co_hosts, field=field, torch=torch)
        if kind == "regional":
            set_target(actor=admin, session=session, code="participating_units", label="参会单位不少于50家",
                       kind=TargetKind.MIN, metric=Metric.PARTICIPATING_UNITS, goal=Decimal(50))
        sessions.append(session)
    print(f"  {len(sessions)} sessions created with their hosts and targets")
    return sessions


def _items(count: int, ctx: dict, rng) -> None:
    """TEMPLATES items as the demo makes them, then copied to `count` published items of the
    year's auction campaign, by every supply unit, in every field, published from June on."""
    from auction import demo
    from auction.choices import ItemReview, ListStatus
    from auction.models import Item, SubmissionList
    from auction.rules import normalize
    from jbgs.choices import SUPPLY_KINDS
    from jbgs.models import Campaign, IndustryField, Organization

    campaign = Campaign.objects.get(kind="auction", year=YEAR)
    units = list(Organization.objects.filter(kind__in=SUPPLY_KINDS).order_by("pk"))
    lists = SubmissionList.objects.bulk_create(
        [SubmissionList(organization=u, campaign=campaign, status=ListStatus.ACCEPTED) for u in units])
    fields = list(IndustryField.objects.filter(year=YEAR).order_by("position"))
    templates = []
    for serial in range(TEMPLATES):
        unit, field = units[serial % len(units)], fields[serial % len(fields)]
        item = Item(campaign=campaign, organization=unit, submission_list=lists[serial % len(units)],
                    review_state=ItemReview.ACCEPTED, selected=True,
                    published_at=datetime.datetime(YEAR, 6, 1, tzinfo=datetime.UTC),
                    **demo.patent_fields(rng, field=field, campaign=campaign, serial=serial + 1, owner=unit.name))
        normalize(item)
        templates.append(item)
    templates = [item.pk for item in Item.objects.bulk_create(templates)]
    clone(Item, templates, _series(count - TEMPLATES), {
        "application_number": "'CN2023' || lpad((s.g + 1000)::text, 8, '0') || '.X'",
        "organization_id": f"(%(units)s::bigint[])[1 + (s.g * 7919) %% {len(units)}]",
        "submission_list_id": f"(%(lists)s::bigint[])[1 + (s.g * 7919) %% {len(units)}]",
        "field_id": f"(%(fields)s::bigint[])[1 + s.g %% {len(fields)}]",
        "programme_related": "s.g %% 4 = 0",
        "published_at": "timestamptz '2023-06-01 09:00+08' + (s.g %% 180) * interval '1 day'"
                        " + (s.g %% 600) * interval '1 minute'",
    }, {"units": [u.pk for u in units], "lists": [s.pk for s in lists], "fields": [f.pk for f in fields]})


def _demands(count: int, ctx: dict, rng) -> None:
    """TEMPLATES demands as the benches compose them, copied to `count` published demands of
    the year's challenge, by 2,000 enterprises, published from March on (one in fifty since withdrawn)."""
    from challenge.models import Demand
    from jbgs.models import Campaign, IndustryField

    campaign = Campaign.objects.get(kind="challenge", year=YEAR)
    fields = list(IndustryField.objects.filter(year=YEAR).order_by("position"))
    enterprises, user = ctx["enterprises"], ctx["admin"]
    published = datetime.datetime(YEAR, 3, 1, tzinfo=datetime.UTC)
    templates = Demand.objects.bulk_create([Demand(
        campaign=campaign, number=f"XT{YEAR}{n:05d}", organization=enterprises[n], field=fields[n % len(fields)],
        **common.demand_texts(rng, fields[n % len(fields)].code), amount=Decimal(500000),
        cooperation_modes=["technology_transfer"], valid_until=datetime.date(YEAR + 1, 6, 30),
        region_id=enterprises[n].region_id, contact_name="王工", contact_phone="0512-60000000", status="published",
        submitted_at=published, published_at=published, created_by=user) for n in range(TEMPLATES)])
    clone(Demand, [d.pk for d in templates], _series(count - TEMPLATES), {
        "number": f"'XQ{YEAR}' || lpad(s.g::text, 7, '0')",
        "organization_id": f"(%(units)s::bigint[])[1 + (s.g * 31) %% {len(enterprises)}]",
        "region_id": f"(%(regions)s::text[])[1 + (s.g * 31) %% {len(enterprises)}]",
        "field_id": f"(%(fields)s::bigint[])[1 + s.g %% {len(fields)}]",
        "status": "CASE WHEN s.g %% 50 = 0 THEN 'withdrawn' ELSE 'published' END",
        "published_at": "timestamptz '2023-03-01 09:00+08' + (s.g %% 270) * interval '1 day'",
    }, {"units": [e.pk for e in enterprises], "regions": [e.region_id for e in enterprises],
        "fields": [f.pk for f in fields]})


def _ids(sessions, *kinds) -> list[int]:
    return [s.pk for s in sessions if s.session_type in kinds]


def _collections(ctx: dict) -> None:
    """A quarter of the items collected by the item-side sessions, half of the demands by the demand side's."""
    sessions = ctx["sessions"]
    supply = _ids(sessions, "auction_industry", "regional", "open_licence", "instrument")
    demand = _ids(sessions, "challenge_industry", "regional", "talent")
    items = _sql(f"INSERT INTO sessions_mgmt_sessionitem (session_id, item_id, collected_at) "
                 f"SELECT (%s::bigint[])[1 + (n / 4) %% {len(supply)}], id, published_at FROM "
                 f"(SELECT id, published_at, row_number() OVER (ORDER BY id) AS n FROM auction_item) i "
                 f"WHERE n %% 4 = 0", [supply])
    demands = _sql(f"INSERT INTO sessions_mgmt_sessiondemand (session_id, demand_id, collected_at) "
                   f"SELECT (%s::bigint[])[1 + (n / 2) %% {len(demand)}], id, published_at FROM "
                   f"(SELECT id, published_at, row_number() OVER (ORDER BY id) AS n FROM challenge_demand) d "
                   f"WHERE n %% 2 = 0", [demand])
    print(f"  {items} items and {demands} demands collected")


def _deals(count: int, ctx: dict) -> None:
    """Seven in ten deals sold lots of collected items; the rest contracts of cooperations on
    collected demands, which have three cooperations for each contract."""
    from auction.models import Deal, Lot, LotItem
    from challenge.models import Cooperation, Solution
    from jbgs.models import Campaign
    from sessions_mgmt.models import SessionDemand, SessionItem

    admin, enterprises = ctx["admin"], ctx["enterprises"]
    auction = Campaign.objects.get(kind="auction", year=YEAR)
    challenge = Campaign.objects.get(kind="challenge", year=YEAR)
    lots, contracts = count * 7 // 10, count - count * 7 // 10
    when = datetime.datetime(YEAR, 7, 1, 10, tzinfo=datetime.UTC)
    # The templates: one lot with its item and deal, one solution, cooperation and contract.

    item = SessionItem.objects.select_related("item").order_by("item_id").first().item
    lot = Lot.objects.create(campaign=auction, number="LT0", title=item.title, seller_id=item.organization_id,
                             trade_mode="assignment", start_price=100000, reserve_price=100000, increment=10000,
                             deposit=10000, snipe_window_minutes=5, snipe_extension_minutes=5, snipe_cap_minutes=30,
                             status="sold", closed_at=when, current_price=150000, created_by=admin)
    LotItem.objects.create(lot=lot, item=item)
    deal = Deal.objects.create(campaign=auction, number="CJ0", lot=lot, method="bidding", buyer=enterprises[0],
                               seller_id=item.organization_id, price=150000, concluded_at=when)
    collected = _sql("CREATE TEMP TABLE bench_items AS SELECT si.item_id, i.organization_id, i.title, "
                     "row_number() OVER (ORDER BY si.item_id) AS g FROM sessions_mgmt_sessionitem si "
                     "JOIN auction_item i ON i.id = si.item_id WHERE si.item_id <> %s", [item.pk])
    lots = min(lots, collected)
    clone(Lot, [lot.pk], f"SELECT g, item_id, organization_id, title FROM bench_items WHERE g <= {lots}", {
        "number": "'LT' || s.g", "title": "s.title", "seller_id": "s.organization_id",
        "closed_at": "timestamptz '2023-06-20 10:00+08' + (s.g %% 150) * interval '1 day'"})
    _sql("INSERT INTO auction_lotitem (lot_id, item_id, position) SELECT l.id, b.item_id, 0 FROM auction_lot l "
         "JOIN bench_items b ON 'LT' || b.g = l.number")
    clone(Deal, [deal.pk], "SELECT b.g, l.id AS lot, l.seller_id, l.closed_at FROM auction_lot l "
          "JOIN bench_items b ON 'LT' || b.g = l.number", {
              "number": "'CJ' || s.g", "lot_id": "s.lot", "seller_id": "s.seller_id", "concluded_at": "s.closed_at",
              "buyer_id": f"(%(buyers)s::bigint[])[1 + s.g %% {len(enterprises)}]"}, {"buyers": [e.pk for e in enterprises]})

    demand = SessionDemand.objects.select_related("demand").order_by("demand_id").first().demand
    solver = ctx["solvers"][0]
    solution = Solution.objects.create(demand=demand, solver=solver, organization_id=solver.organization_id,
                                       leader="团队负责人", approach="基于课题组已授权专利的工艺路线，先小试后中试。",
                                       timeline="12 个月")
    contract = Deal.objects.create(campaign=challenge, number="HT0", method="challenge", buyer_id=demand.organization_id,
                                   seller_id=solver.organization_id, price=300000, contract_amount=300000,
                                   contract_number="HT0", contract_signed_on=DAY, concluded_at=when, subject=demand.title)
    Cooperation.objects.create(demand=demand, solution=solution, deal=contract)
    _sql("CREATE TEMP TABLE bench_demands AS SELECT sd.demand_id, d.organization_id, "
         "row_number() OVER (ORDER BY sd.demand_id) AS g FROM sessions_mgmt_sessiondemand sd "
         "JOIN challenge_demand d ON d.id = sd.demand_id WHERE sd.demand_id <> %s", [demand.pk])
    solvers = ctx["solvers"]
    cooperations = 3 * contracts
    clone(Solution, [solution.pk], f"SELECT g, demand_id FROM bench_demands WHERE g <= {cooperations}", {
        "demand_id": "s.demand_id", "solver_id": f"(%(solvers)s::bigint[])[1 + s.g %% {len(solvers)}]",
        "organization_id": f"(%(units)s::bigint[])[1 + s.g %% {len(solvers)}]"},
        {"solvers": [u.pk for u in solvers], "units": [u.organization_id for u in solvers]})
    created = "timestamptz '2023-05-01 10:00+08' + (s.g %% 200) * interval '1 day'"
    clone(Deal, [contract.pk], f"SELECT g, demand_id, organization_id FROM bench_demands WHERE g <= {contracts}", {
        "number": "'HT' || s.g", "contract_number": "'HT' || s.g", "buyer_id": "s.organization_id",
        "concluded_at": created, "contract_signed_on": f"({created})::date"})
    _sql(f"INSERT INTO challenge_cooperation (demand_id, solution_id, stage, deal_id, created_at, updated_at) "
         f"SELECT s.demand_id, s.id, 'intention', d.id, {created.replace('s.g', 'b.g')}, now() "
         f"FROM challenge_solution s JOIN bench_demands b ON b.demand_id = s.demand_id "
         f"LEFT JOIN auction_deal d ON d.number = 'HT' || b.g WHERE s.id <> %s", [solution.pk])
    print(f"  {Deal.objects.count()} deals ({lots + 1} of lots), {Cooperation.objects.count()} cooperations")


def _credit_codes(count: int, rng) -> list[tuple[str, str]]:
    """`count` valid enterprise credit codes with their divisions: Jiangsu's counties, one in ten elsewhere."""
    from jbgs.validators import credit_code_check_char

    counties = [code for codes in common._jiangsu_counties().values() for code in codes]
    counties += ["310104", "330106", "340104", "110108"] * (len(counties) // 36 + 1)
    codes = set()
    while len(codes) < count:
        division = rng.choice(counties)
        first17 = f"91{division}{rng.randrange(10 ** 9):09d}"
        codes.add((first17 + credit_code_check_char(first17), division))
    return sorted(codes)


def _records(served: int, ctx: dict, rng) -> None:
    """Each session's own records (see the module's docstring)."""
    from django.db import connection
    from psycopg2.extras import execute_values

    from auction.models import Deal
    from challenge.models import Cooperation
    from sessions_mgmt import models as m

    admin, sessions = ctx["admin"], ctx["sessions"]
    hosts: dict[int, list[int]] = {}
    for host in m.SessionHost.objects.filter(role="authority"):
        hosts.setdefault(host.session_id, []).append(host.organization_id)
    start = datetime.date(YEAR, 5, 15)

    def day(n: int) -> datetime.date:
        return start + datetime.timedelta(days=n % 199)

    common_args = {"created_by": admin}
    servers = m.Server.objects.bulk_create([m.Server(
        session=s, name=f"服务专员{n}", kind=["manager", "town_team", "expert_team", "liaison"][n % 4],
        organization=ctx["firms"][(s.pk + n) % len(ctx["firms"])] if n % 4 == 0 else None, **common_args)
        for s in sessions for n in range(20)])
    activities = m.Activity.objects.bulk_create([m.Activity(
        session=s, kind=["visit", "salon", "seminar", "forum", "online", "diagnosis"][n % 6], held_on=day(n * 7 + s.pk),
        title=f"企业服务活动{n}", **common_args) for s in sessions for n in range(100)])
    pool = _credit_codes(max(served // 3, 100), rng)
    rows, per = [], max(1, served // len(activities))
    for activity in activities:
        for code, division in rng.sample(pool, per):
            rows.append((activity.pk, code, f"企业{code[-6:]}", division))
    with connection.cursor() as cursor:
        execute_values(cursor.cursor, "INSERT INTO sessions_mgmt_servedenterprise (activity_id, credit_code, name, "
                       "division) VALUES %s", rows, page_size=5000)
    roadshows = m.Roadshow.objects.bulk_create([m.Roadshow(
        session=s, held_on=day(n * 37 + s.pk), title=f"路演{n}", attendees=60 + (s.pk * 7 + n * 13) % 100,
        **common_args) for s in sessions for n in range(5)])
    m.RoadshowProject.objects.bulk_create([m.RoadshowProject(
        roadshow=r, title=f"路演项目{n}", kind="result", presenter="项目负责人", major_result=n % 5 == 0)
        for r in roadshows for n in range(20)])
    m.RoadshowUnit.objects.bulk_create([m.RoadshowUnit(
        roadshow=r, name=f"参会单位{(r.pk * 11 + n) % 300}",
        invited_by_id=(hosts.get(r.session_id) or [None])[n % len(hosts.get(r.session_id) or [None])])
        for r in roadshows for n in range(40)], ignore_conflicts=True)
    for model, date_field, per_session in ((m.MediaReport, "published_on", 20), (m.TypicalCase, "recorded_on", 8),
                                           (m.RecommendedProject, "recommended_on", 12)):
        extra = {"MediaReport": {"outlet": "新华日报", "url": "https://example.com/news"},
                 "TypicalCase": {"parties": "甲方、乙方", "summary": "典型案例"},
                 "RecommendedProject": {"unit": "推荐单位", "summary": "推荐理由"}}[model.__name__]
        model.objects.bulk_create([model(session=s, title=f"{model.__name__}{n}", **{date_field: day(n * 17 + s.pk)},
                                         **extra, **common_args) for s in sessions for n in range(per_session)])
    by_demand = dict(Cooperation.objects.values_list("demand_id", "id"))
    coops: dict[int, list[int]] = {}
    for session_id, demand in m.SessionDemand.objects.filter(demand_id__in=list(by_demand)).values_list(
            "session_id", "demand_id"):
        coops.setdefault(session_id, []).append(by_demand[demand])
    deals: dict[int, list[int]] = {}
    for session_id, deal in m.SessionItem.objects.filter(item__lot_items__isnull=False).values_list(
            "session_id", "item__lot_items__lot__deals__id"):
        deals.setdefault(session_id, []).append(deal)
    m.Intention.objects.bulk_create([m.Intention(
        session=s, subject=f"意向{n}", supply_party="高校", demand_party="企业", reached_on=day(n * 3 + s.pk),
        cooperation_id=coops[s.pk][n] if n % 10 < 3 and n < len(coops.get(s.pk, ())) else None,
        **common_args) for s in sessions for n in range(200)])
    m.DealRecord.objects.bulk_create([m.DealRecord(
        session=s, subject=f"成交{n}", seller="高校", buyer="企业", amount=Decimal(200000), signed_on=day(n * 5 + s.pk),
        deal_id=deals[s.pk][n] if n % 10 < 3 and n < len(deals.get(s.pk, ())) else None, **common_args)
        for s in sessions for n in range(50)])
    m.SummaryReport.objects.bulk_create([m.SummaryReport(
        session=s, file="sessions/report.pdf", original_name="总结报告.pdf", submitted_on=datetime.date(YEAR, 9, 1),
        submitted_by=admin) for s in sessions[::3]])
    print(f"  {len(rows)} enterprises served in {len(activities)} activities, {len(servers)} service people, "
          f"{len(roadshows)} roadshows, {Deal.objects.count()} deals; the sessions' records written")


# --- the aggregates ----------------------------------------------------------------------------

HOME = ("SELECT h.session_id, left(r.code, CASE WHEN r.level = 'county' THEN 6 ELSE 4 END) AS home "
        "FROM sessions_mgmt_sessionhost h JOIN jbgs_organization o ON o.id = h.organization_id "
        "JOIN jbgs_region r ON r.code = o.region_id WHERE h.is_main")
ITEMS = ("SELECT si.session_id, si.item_id, i.organization_id FROM sessions_mgmt_sessionitem si "
         "JOIN auction_item i ON i.id = si.item_id WHERE i.published_at < %(end)s AND si.session_id = ANY(%(ids)s)")
DEMANDS = ("SELECT sd.session_id, sd.demand_id, d.organization_id FROM sessions_mgmt_sessiondemand sd "
           "JOIN challenge_demand d ON d.id = sd.demand_id WHERE d.published_at < %(end)s "
           "AND d.status <> 'withdrawn' AND sd.session_id = ANY(%(ids)s)")
SERVED = ("FROM sessions_mgmt_servedenterprise e JOIN sessions_mgmt_activity a ON a.id = e.activity_id "
          "WHERE a.session_id = ANY(%(ids)s) AND a.held_on <= %(day)s")
PROJECTS = ("FROM sessions_mgmt_roadshowproject p JOIN sessions_mgmt_roadshow r ON r.id = p.roadshow_id "
            "WHERE r.session_id = ANY(%(ids)s) AND r.held_on <= %(day)s")
UNITS = ("FROM sessions_mgmt_roadshowunit u JOIN sessions_mgmt_roadshow r ON r.id = u.roadshow_id "
         "WHERE r.session_id = ANY(%(ids)s) AND r.held_on <= %(day)s")


def _dated(table: str, column: str) -> str:
    return (f"SELECT session_id, count(*) FROM sessions_mgmt_{table} WHERE session_id = ANY(%(ids)s) "
            f"AND {column} <= %(day)s GROUP BY session_id")


AGGREGATES = {
    "enterprises_served": f"SELECT a.session_id, count(DISTINCT e.credit_code) {SERVED} GROUP BY 1",
    "published_items": f"SELECT session_id, count(DISTINCT item_id) FROM ({ITEMS}) x GROUP BY 1",
    "programme_related_items": f"SELECT session_id, count(DISTINCT item_id) FROM ({ITEMS} AND i.programme_related) x "
                               "GROUP BY 1",
    "major_results_in_roadshow": f"SELECT r.session_id, count(*) {PROJECTS} AND p.major_result GROUP BY 1",
    "valid_demands": f"SELECT session_id, count(DISTINCT demand_id) FROM ({DEMANDS}) x GROUP BY 1",
    "cross_region_enterprises": f"SELECT a.session_id, count(DISTINCT e.credit_code) {SERVED.replace('WHERE', f'JOIN ({HOME}) h ON h.session_id = a.session_id WHERE')} "
                                "AND NOT starts_with(e.division, h.home) GROUP BY 1",
    "cross_region_share": (
        "SELECT x.session_id, round(count(*) FILTER (WHERE NOT starts_with(o.region_id, h.home))::numeric "
        f"/ count(*), 4) FROM (SELECT DISTINCT session_id, item_id AS id, organization_id, 'i' AS side FROM ({ITEMS}) i "
        f"UNION ALL SELECT DISTINCT session_id, demand_id, organization_id, 'd' FROM ({DEMANDS}) d) x "
        f"JOIN jbgs_organization o ON o.id = x.organization_id JOIN ({HOME}) h ON h.session_id = x.session_id GROUP BY 1"),
    "intentions": (
        "SELECT session_id, count(DISTINCT record) FILTER (WHERE record IS NOT NULL) + count(*) FILTER "
        "(WHERE record IS NULL) FROM (SELECT sd.session_id, c.id AS record FROM sessions_mgmt_sessiondemand sd "
        "JOIN challenge_cooperation c ON c.demand_id = sd.demand_id WHERE sd.session_id = ANY(%(ids)s) "
        "AND c.created_at < %(end)s UNION ALL SELECT session_id, cooperation_id FROM sessions_mgmt_intention "
        "WHERE session_id = ANY(%(ids)s) AND reached_on <= %(day)s) x GROUP BY 1"),
    "deals": (
        "SELECT session_id, count(DISTINCT record) FILTER (WHERE record IS NOT NULL) + count(*) FILTER "
        "(WHERE record IS NULL) FROM (SELECT si.session_id, d.id AS record FROM sessions_mgmt_sessionitem si "
        "JOIN auction_lotitem li ON li.item_id = si.item_id JOIN auction_deal d ON d.lot_id = li.lot_id "
        "WHERE si.session_id = ANY(%(ids)s) AND d.concluded_at < %(end)s "
        "UNION ALL SELECT sd.session_id, d.id FROM sessions_mgmt_sessiondemand sd JOIN challenge_cooperation c "
        "ON c.demand_id = sd.demand_id JOIN auction_deal d ON d.id = c.deal_id WHERE sd.session_id = ANY(%(ids)s) "
        "AND d.concluded_at < %(end)s UNION ALL SELECT session_id, deal_id FROM sessions_mgmt_dealrecord "
        "WHERE session_id = ANY(%(ids)s) AND signed_on <= %(day)s) x GROUP BY 1"),
    "roadshow_projects": f"SELECT r.session_id, count(*) {PROJECTS} GROUP BY 1",
    "roadshow_attendees": "SELECT session_id, max(attendees) FROM sessions_mgmt_roadshow WHERE session_id = "
                          "ANY(%(ids)s) AND held_on <= %(day)s GROUP BY 1",
    "participating_units": f"SELECT r.session_id, count(DISTINCT u.name) {UNITS} GROUP BY 1",
    "invited_units_per_host": (
        f"SELECT h.session_id, min(coalesce(x.n, 0)) FROM sessions_mgmt_sessionhost h LEFT JOIN (SELECT r.session_id, "
        f"u.invited_by_id, count(DISTINCT u.name) AS n {UNITS} AND u.invited_by_id IS NOT NULL GROUP BY 1, 2) x "
        "ON x.session_id = h.session_id AND x.invited_by_id = h.organization_id "
        "WHERE h.role = 'authority' AND h.session_id = ANY(%(ids)s) GROUP BY 1"),
    "media_reports": _dated("mediareport", "published_on"),
    "typical_cases": _dated("typicalcase", "recorded_on"),
    "recommended_projects": _dated("recommendedproject", "recommended_on"),
    "tech_manager_firms": (
        "SELECT session_id, count(DISTINCT organization_id) FROM (SELECT s.session_id, s.organization_id "
        "FROM sessions_mgmt_server s JOIN jbgs_organization o ON o.id = s.organization_id WHERE s.session_id = "
        "ANY(%(ids)s) AND o.kind IN ('tech_manager_firm', 'tech_transfer_agency') AND s.created_at < %(end)s "
        "UNION ALL SELECT session_id, organization_id FROM sessions_mgmt_sessionhost WHERE role = 'manager_firm' "
        "AND session_id = ANY(%(ids)s)) x GROUP BY 1"),
    "summary_report": _dated("summaryreport", "submitted_on"),
}


def aggregates(cursor, ids: list[int]) -> dict[str, dict[int, Decimal]]:
    """Every metric by one hand-written statement, {metric: {session: value}}."""
    from sessions_mgmt.metrics import day_end

    params = {"ids": ids, "day": DAY, "end": day_end(DAY)}
    found = {}
    for metric, statement in AGGREGATES.items():
        cursor.execute(statement, params)
        found[metric] = {session: Decimal(value) for session, value in cursor.fetchall()}
    return found


# --- measuring ---------------------------------------------------------------------------------

def _reset() -> None:
    """Every target back to not computed, no snapshot: the next run judges everything anew."""
    from sessions_mgmt.models import Session, SessionTarget, Snapshot

    SessionTarget.objects.update(status="pending", value=None, computed_at=None, computed_on=None, reminded_on=None)
    Session.objects.update(computed_at=None, computed_on=None)
    Snapshot.objects.all().delete()


def _check(found: dict, ids: list[int]) -> list[str]:
    """Where the job's snapshot of DAY differs from the aggregates."""
    from sessions_mgmt.models import SessionTarget, Snapshot

    values = dict(Snapshot.objects.filter(day=DAY).values_list("session_id", "values"))
    wrong = []
    for target in SessionTarget.objects.filter(session__in=ids):
        job = Decimal(str(values[target.session_id][target.code]))
        expected = found[target.metric].get(target.session_id, Decimal(0))
        if job != expected:
            wrong.append(f"{target.metric} of session {target.session_id}: job {job}, aggregate {expected}")
    return wrong


def measure(repeat: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from auction.models import Deal, Item
    from challenge.models import Demand
    from sessions_mgmt import models as m
    from sessions_mgmt.services.compliance import recompute

    ids = list(m.Session.objects.order_by("pk").values_list("pk", flat=True))
    connection.ensure_connection()
    cursor = connection.connection.cursor()  # psycopg's own cursor: no Django in the way
    found = aggregates(cursor, ids)  # warmed, as the job is below
    _reset()
    with CaptureQueriesContext(connection) as queries:
        outcome = recompute(day=DAY, now=None)
    wrong = _check(found, ids)
    times = {"job": [], "aggregates": []}
    for _ in range(repeat):  # in turns, so that any drift of the machine hits both
        _reset()
        times["job"].append(common.elapsed_ms(lambda: recompute(day=DAY)) / 1000)
        times["aggregates"].append(common.elapsed_ms(lambda: aggregates(cursor, ids)) / 1000)
    med = {k: common.median(v) for k, v in times.items()}
    ratio = med["job"] / med["aggregates"]
    used = len({t.metric for t in m.SessionTarget.objects.all()})
    print(f"\nCompliance of {len(ids)} sessions of {YEAR} as of {DAY}: {outcome.targets} targets over {used} metrics; "
          f"{Item.objects.count()} items ({m.SessionItem.objects.count()} collected), {Demand.objects.count()} demands "
          f"({m.SessionDemand.objects.count()} collected), {Deal.objects.count()} deals, "
          f"{m.ServedEnterprise.objects.count()} enterprises served, {m.Intention.objects.count()} intentions, "
          f"{m.DealRecord.objects.count()} reported deals; {common.machine()}")
    print(f"recompute(): {len(queries)} statements, {outcome.changed} verdicts changed, {outcome.notified} "
          f"notifications in a run\n")
    rows = [["recompute(day=…)", *(f"{t:.3f}" for t in times["job"]), f"{med['job']:.3f}"],
            [f"{len(AGGREGATES)} SQL aggregates", *(f"{t:.3f}" for t in times["aggregates"]),
             f"{med['aggregates']:.3f}"]]
    print(common.table(["", *(f"run {n + 1} (s)" for n in range(repeat)), "median (s)"], rows))
    ok_time, ok_ratio = med["job"] < GOAL_SECONDS, ratio <= GOAL_RATIO
    print(f"\nratio job / aggregates: {ratio:.2f}×")
    print(f"goal: the job under {GOAL_SECONDS:.0f} s: {common.verdict(ok_time)} ({med['job']:.2f} s)")
    print(f"goal: the job within {GOAL_RATIO:.0f}× of the aggregates: {common.verdict(ok_ratio)} ({ratio:.2f}×)")
    print("check: the job's figures are the aggregates' " + ("(all equal)" if not wrong else
                                                             f"— {len(wrong)} DIFFER: " + "; ".join(wrong[:5])))
    return 0 if ok_time and ok_ratio and not wrong else 1


if __name__ == "__main__":
    sys.exit(main())
