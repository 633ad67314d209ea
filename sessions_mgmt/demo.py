"""The demo province's special sessions (jbgs.demo runs it after the campaigns' seeders): the
demo year's plan and targets copied from 2023, hosting applications of four authorities (one
session selected per city, one application pending, one declined), and the selected sessions
(an auction-season session with the 火炬科技成果直通车, a challenge-season one, a talent session
in 苏州, a regional one of two authorities) with what their organisers recorded: activities
serving enterprises, roadshows, media reports, cases, recommended projects, intentions and deals,
the catalogue items and demands they collected; then the compliance job run for every week
since they started, so that the dashboards have their history."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

SOURCE_YEAR = 2023  # the latest year whose plan the documents give
# The organisers of the host authorities (苏州's is the kernel's `organizer`).
ORGANISERS = [
    ("organizer_yangzhou", "周颖", "扬州市科学技术局"),
    ("organizer_yancheng", "徐磊", "盐城市科学技术局"),
    ("organizer_kunshan", "沈佳", "昆山市科学技术局"),
]
# applicant, session type, field code, title, torch, co-hosts, how it ends
APPLICATIONS = [
    ("苏州市科学技术局", "auction_industry", "new_materials", "{year}年新材料产业专场暨火炬科技成果直通车（江苏站）", True,
     ["苏州大学", "中国科学院苏州纳米技术与纳米仿生研究所"], "selected"),
    ("苏州市科学技术局", "talent", None, "{year}年苏州科技人才服务专场", False,
     ["南京知行技术经理人事务所", "江苏省技术产权交易市场苏州分中心"], "selected"),
    ("扬州市科学技术局", "challenge_industry", "modern_agriculture", "{year}年现代农业产业挑战专场", False,
     ["扬州大学"], "selected"),
    ("盐城市科学技术局", "regional", None, "{year}年苏北沿海区域专场（盐城·扬州）", False,
     ["扬州市科学技术局", "江苏省技术产权交易市场盐城分中心"], "selected"),
    ("昆山市科学技术局", "challenge_industry", "high_end_equipment", "{year}年昆山高端装备产业挑战专场", False,
     ["常州科教城"], "submitted"),
    ("扬州市科学技术局", "auction_industry", "new_energy", "{year}年扬州新能源产业专场", False,
     ["扬州大学"], "declined"),
]
PLANS = {
    "auction_industry": "围绕新材料产业链，联合高校院所集中发布专利成果，组织火炬科技成果直通车路演，开展企业走访与成果对接。",
    "talent": "依托科技镇长团、技术经理人和高校专家团开展“三团一员”服务大比拼，深入企业挖掘需求、对接成果。",
    "challenge_industry": "面向现代农业企业征集技术难题，组织揭榜对接与现场诊断，推动校企合作落地。",
    "regional": "盐城、扬州两地联合举办，跨区域组织成果路演与需求对接，推动苏北沿海产业协同创新。",
}
# Enterprises the sessions' activities served: a city (its counties' codes), a brand, a trade.
DIVISIONS = {"苏州": ["320505", "320506", "320507", "320583", "320585"], "扬州": ["321002", "321003", "321012"],
             "盐城": ["320902", "320903", "320981"], "无锡": ["320211", "320214"], "南通": ["320612", "320613"],
             "常州": ["320411", "320412"], "昆山": ["320583"], "上海": ["310115"], "杭州": ["330106"]}
BRANDS = ["恒润", "嘉禾", "华信", "新越", "金陵", "瑞丰", "博远", "众合", "天成", "立信", "科隆", "海祥", "宏达", "铭泰",
          "鼎诚", "永泰", "中研", "长风", "锦程", "德源"]
TRADES = ["新材料", "精密制造", "智能装备", "生物科技", "农业科技", "电子科技", "新能源", "环保科技"]
HOME_CITY = {"苏州市科学技术局": "苏州", "扬州市科学技术局": "扬州", "盐城市科学技术局": "盐城", "昆山市科学技术局": "昆山"}
ACTIVITY_NAMES = {"visit": "企业走访", "salon": "技术沙龙", "seminar": "专题研讨", "forum": "对接论坛",
                  "online": "线上对接", "diagnosis": "需求诊断"}
OUTLETS = ["新华日报", "江苏科技报", "交汇点新闻", "扬子晚报", "荔枝新闻"]


def enterprise_code(name: str, division: str) -> str:
    """A valid 统一社会信用代码 of an enterprise (category 91) registered in `division`."""
    from jbgs.demo import credit_code_for

    return credit_code_for(name, "enterprise", division)


def _short(session) -> str:
    """The title without its year and parenthesis: 新材料产业专场暨火炬科技成果直通车."""
    return session.title.split("年", 1)[-1].split("（")[0]


def seed(admin) -> None:
    from jbgs.choices import Role
    from jbgs.demo import DEMO_YEAR, account
    from jbgs.models import Organization
    from sessions_mgmt.models import Session

    units = {unit.name: unit for unit in Organization.objects.filter(
        name__in={name for _u, _n, name in ORGANISERS} | {a for a, *_rest in APPLICATIONS}
        | {c for *_rest, co_hosts, _s in APPLICATIONS for c in co_hosts})}
    for username, name, unit in ORGANISERS:
        if unit in units:
            account(username, name, units[unit], [Role.ORGANIZER])
    if Session.objects.filter(year=DEMO_YEAR).exists():
        return
    rng = random.Random(1515)
    with transaction.atomic():
        _year(DEMO_YEAR)
        sessions = _applications(admin, DEMO_YEAR, units)
        _collect(sessions)
        for session in sessions:
            _records(_organiser(session), session, rng)
    _history(sessions)


def _organiser(session):
    """An organiser of the session's main host: who records what the session did."""
    from sessions_mgmt.access import organisers_of

    main = session.hosts.get(is_main=True).organization_id
    return next(user for user in organisers_of([session])[session.pk] if user.organization_id == main)


def _year(year: int):
    """The demo year's sessions, as 2023's with the dates moved, and its plan and targets."""
    from jbgs.rules import shift_date
    from sessions_mgmt.models import SessionYear
    from sessions_mgmt.services.years import copy_templates

    source = SessionYear.objects.get(year=SOURCE_YEAR)
    shift = year - SOURCE_YEAR
    SessionYear.objects.get_or_create(year=year, defaults={
        "applications_open": shift_date(source.applications_open, shift),
        "applications_close": shift_date(source.applications_close, shift),
        "sessions_start": shift_date(source.sessions_start, shift),
        "sessions_end": shift_date(source.sessions_end, shift), "city_cap": source.city_cap,
        "county_cap": source.county_cap, "regional_authorities": source.regional_authorities})
    copy_templates(SOURCE_YEAR, year)


def _applications(admin, year: int, units: dict) -> list:
    """The hosting applications as their authorities' organisers filled them in and submitted
    them ten days before the window closed (hosting.submit checks the year's rules); the
    province's decisions a week after it closed. Returns the sessions of those selected."""
    from jbgs.models import IndustryField
    from sessions_mgmt import access
    from sessions_mgmt.services import hosting
    from sessions_mgmt.services.sessions import session_year

    fields = {f.code: f for f in IndustryField.objects.filter(year=year)}
    window = session_year(year)
    submitted_at = timezone.make_aware(datetime.datetime.combine(window.applications_close, datetime.time(10))
                                       - datetime.timedelta(days=10))
    decided_at = timezone.make_aware(datetime.datetime.combine(window.applications_close, datetime.time(15))
                                     + datetime.timedelta(days=7))
    organisers = {}
    for user in type(admin).objects.filter(organization__in=[units[a] for a, *_rest in APPLICATIONS], is_active=True):
        if access.may_apply(user):
            organisers.setdefault(user.organization_id, user)
    sessions = []
    for n, (applicant, kind, field, title, torch, co_hosts, outcome) in enumerate(APPLICATIONS):
        actor = organisers[units[applicant].pk]
        data = {"session_type": kind, "field": fields.get(field), "title": title.format(year=year), "torch": torch,
                "plan": PLANS.get(kind, PLANS["challenge_industry"]),
                "policies": "对专场促成的技术交易按合同登记额给予补助；对参与服务的技术经理人给予绩效奖励。",
                "groundwork": "已建立由科技局牵头、高校院所和技术转移机构参与的专场工作组。",
                "liaison_name": actor.name, "liaison_phone": f"0514-8{n:03d}6600"}
        application = hosting.save_application(actor=actor, year=year, data=data,
                                               co_hosts=[units[name] for name in co_hosts])
        application = hosting.submit(actor=actor, application=application, now=submitted_at)
        if outcome == "selected":
            sessions.append(hosting.select(actor=admin, application=application, comment="申办材料完整，准予承办。",
                                           now=decided_at))
        elif outcome == "declined":
            hosting.decline(actor=admin, application=application, now=decided_at,
                            comment="同一设区市本年度拟承办专场已达上限，建议明年申办或以协办单位参与。")
    return sessions


def _days(session, count: int, rng) -> list[datetime.date]:
    """`count` days from the session's start to today (or its end), sorted."""
    last = min(timezone.localdate(), session.ends_on)
    span = max((last - session.starts_on).days, 30)
    return sorted(session.starts_on + datetime.timedelta(days=rng.randrange(span)) for _ in range(count))


def _enterprises(rng, home: str, count: int) -> list[tuple[str, str, str]]:
    """`count` enterprises (code, name, division), most of the host city, some of elsewhere."""
    chosen = []
    for n in range(count):
        city = home if n % 4 else rng.choice(list(DIVISIONS))
        division = rng.choice(DIVISIONS.get(city) or DIVISIONS["苏州"])
        name = f"{city}{BRANDS[n % len(BRANDS)]}{TRADES[(n // len(BRANDS) + n) % len(TRADES)]}有限公司"
        chosen.append((enterprise_code(name, division), name, division))
    return list({code: (code, name, division) for code, name, division in chosen}.values())


def _records(organiser, session, rng) -> None:
    """What the session's organiser recorded, dated from its start to today, written as the
    records page and the workbook write them (sessions_mgmt.services.records): one
    transaction, audited once as an import."""
    from auction import selectors as auction_selectors
    from challenge import selectors as challenge_selectors
    from jbgs.locking import lock
    from jbgs.services.audit import audit
    from sessions_mgmt.choices import SessionAction
    from sessions_mgmt.models import Session, SessionDemand, SessionItem
    from sessions_mgmt.services import records

    main = session.hosts.get(is_main=True).organization
    home = HOME_CITY.get(main.name, "苏州")
    scale = {"auction_industry": 1.3, "challenge_industry": 1.0, "talent": 0.8, "regional": 1.1}[session.session_type]
    firms = [host.organization for host in session.hosts.select_related("organization") if host.role == "manager_firm"]
    authorities = [host.organization for host in session.hosts.select_related("organization")
                   if host.role == "authority"]
    # The platform's cooperation on a collected demand and deal of a collected item that the
    # organisers reported too: the intention names the cooperation, the deal its number.
    cooperation = challenge_selectors.cooperation_ids_of_demands(
        SessionDemand.objects.filter(session=session).values("demand_id")).first()
    platform_deal = auction_selectors.deals().filter(pk__in=auction_selectors.deal_ids_of_items(
        SessionItem.objects.filter(session=session).values("item_id"))).exclude(
        contract_number="", registration_number="").values_list("contract_number", "registration_number").first()
    counts: dict[str, int] = {}

    def write(kind: str, rows: list[dict]) -> list:
        entries = [records.stage(session, kind, data) for data in rows]
        counts[kind] = counts.get(kind, 0) + len(entries)
        return records.write(actor=organiser, session=session, entries=entries)

    records.may_record(organiser, session)
    with transaction.atomic():
        lock(Session.objects, pk=session.pk)
        servers = write("server", [
            {"name": name, "kind": kind, "organization": firms[0] if firms and kind == "manager" else None,
             "phone": f"1391234{n:04d}"}
            for n, (name, kind) in enumerate([("陆文博", "manager"), ("高晓峰", "town_team"), ("钱思源", "expert_team"),
                                              ("丁雨婷", "liaison"), ("韩志明", "manager")])])
        pool = _enterprises(rng, home, int(130 * scale))
        kinds = ["visit", "salon", "seminar", "forum", "diagnosis", "online"]
        write("activity", [
            {"kind": kinds[n % len(kinds)], "held_on": day, "place": f"{home}市科技创新服务中心",
             "title": f"{_short(session)}·{ACTIVITY_NAMES[kinds[n % len(kinds)]]}（第{n + 1}场）",
             "servers": rng.sample(servers, 2),
             "enterprises": [{"credit_code": code, "name": name}
                             for code, name, _division in rng.sample(pool, min(len(pool), int(22 * scale)))]}
            for n, day in enumerate(_days(session, 8, rng))])
        roadshow_days = _days(session, 2, rng)
        roadshows = write("roadshow", [
            {"held_on": day, "title": f"{_short(session)}成果路演（第{n + 1}场）", "place": f"{home}国际博览中心",
             "attendees": rng.randrange(80, 135),
             "projects": [{"title": f"路演项目{n * 6 + k + 1}", "kind": "result" if k % 3 else "demand",
                           "presenter": f"{BRANDS[k]}团队", "major_result": k % 3 == 1} for k in range(6)],
             "units": [{"name": f"{home}{BRANDS[k % len(BRANDS)]}{TRADES[k // len(BRANDS) % len(TRADES)]}有限公司",
                        "invited_by": authorities[k % len(authorities)] if authorities else None}
                       for k in range(int(28 * scale) * max(1, len(authorities)))]}
            for n, day in enumerate(roadshow_days)])
        write("media_report", [
            {"roadshow": roadshow, "outlet": OUTLETS[n % len(OUTLETS)],
             "title": f"{_short(session)}举行成果路演，现场签约多个项目",
             "url": f"https://news.example.com/jbgs/{session.pk}/{n + 1}", "published_on": roadshow.held_on}
            for n, roadshow in enumerate(roadshows)])
        cases, recommended = int(5 * scale), int(9 * scale)
        write("case", [
            {"title": f"{home}企业与高校合作攻关典型案例{k + 1}", "parties": f"{pool[k][1]}、苏州大学",
             "summary": "专场走访中发现企业技术难题，经技术经理人对接高校团队，三个月内完成样品验证并签订合同。",
             "recorded_on": day} for k, day in enumerate(_days(session, cases, rng))])
        write("recommended", [
            {"title": f"推荐项目{k + 1}", "unit": pool[-k - 1][1], "summary": "技术成熟度高、转化前景明确，推荐参加年度成效展。",
             "recommended_on": day} for k, day in enumerate(_days(session, recommended, rng))])
        write("intention", [
            {"subject": f"{pool[k][1]}技术合作意向", "supply_party": "苏州大学", "demand_party": pool[k][1],
             "reached_on": day, "offline": not (k == 0 and cooperation), "server": servers[k % len(servers)],
             **({"cooperation": cooperation} if k == 0 and cooperation else {})}
            for k, day in enumerate(_days(session, int(18 * scale), rng))])
        write("deal", [
            {"subject": f"{pool[k + 3][1]}专利许可", "seller": "苏州大学", "buyer": pool[k + 3][1],
             "amount": Decimal(rng.choice([15, 30, 50, 80, 120])) * 10000, "signed_on": day,
             "contract_number": (next(number for number in platform_deal if number) if k == 0 and platform_deal
                                 else f"{session.year}32{session.pk:02d}{k + 1:04d}"),
             "server": servers[0]}
            for k, day in enumerate(_days(session, int(9 * scale), rng))])
        audit(session, SessionAction.RECORDS_IMPORTED, actor=organiser, data={"file": "demo", "records": counts})


def _collect(sessions) -> None:
    """The demo year's published items and demands in the sessions' collections, each in one
    session: an industry session those of its field, the sessions of no field (regional,
    talent) a share of the rest."""
    from auction import selectors as auction_selectors
    from challenge import selectors as challenge_selectors
    from sessions_mgmt.services.collection import collect

    year = sessions[0].year
    items = list(auction_selectors.published_items().filter(campaign__year=year).select_related("campaign")
                 .order_by("pk"))
    demands = list(challenge_selectors.published_demands().filter(campaign__year=year).order_by("pk"))

    def home(record, takers, n):
        own = next((s for s in takers if s.field_id and s.field_id == record.field_id), None)
        rest = [s for s in takers if not s.field_id] or takers
        return own or rest[n % len(rest)]

    takes_items = [s for s in sessions if s.session_type in ("auction_industry", "regional")]
    takes_demands = [s for s in sessions if s.session_type in ("challenge_industry", "regional", "talent")]
    chosen = {session.pk: ([], []) for session in sessions}
    for n, item in enumerate(items[: len(items) * 3 // 4]):
        chosen[home(item, takes_items, n).pk][0].append(item)
    for n, demand in enumerate(demands):
        chosen[home(demand, takes_demands, n).pk][1].append(demand)
    for session in sessions:
        items_of, demands_of = chosen[session.pk]
        if items_of or demands_of:
            collect(actor=_organiser(session), session=session, items=items_of, demands=demands_of)


def _history(sessions) -> None:
    """The compliance job as of every week since the sessions started, then today."""
    from sessions_mgmt.models import Session
    from sessions_mgmt.services.compliance import recompute

    today = timezone.localdate()
    start = min(session.starts_on for session in sessions)
    days = [today - datetime.timedelta(weeks=k) for k in range(12, 0, -1)]
    queryset = Session.objects.filter(pk__in=[s.pk for s in sessions])
    for day in [d for d in days if d >= start] + [today]:
        recompute(day=day, sessions=queryset)
