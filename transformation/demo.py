"""The demo province's patent transformation (jbgs.demo runs it after the sessions'): the
figures of five universities for the years 2019–2025, written as their liaison or the
administrator would, so that the 2022 calls' pre-check reads three years of each and tells
different stories: 南京工业大学 (the demo liaison's) meets every condition, 河海大学 grants
exactly 150 a year (not more than 150) but more than 50 inventions, 江苏大学 transforms exactly
15 patents a year for less than 1,500万 and is not eligible, 扬州大学 misses a year.

Then the stock inventories (存量专利盘点) of 南京工业大学 and 扬州大学: their stock of valid
patents written as an import writes it, then taken through the services as people would, to
different depths: most evaluated by the institution, some by their inventors, part screened,
registered (a few as open licences with their fee and payment), a few matched with enterprises
whose demands are in the patent's field.

Then the project applications (立项申报) of the current year: the 2022 calls' windows are long
past, so the demo has calls of its year copied from 2022-university and 2022-industry with a
window around today (data only, never a migration), and four universities at four points of
the way: 南京工业大学 (the demo liaison's) submitted, 苏州大学 recommended by its city
(`organizer`, 苏州市科学技术局), 扬州大学 recommended by its city (`organizer_yangzhou`) and funded
by the province (`admin`), 河海大学 a draft. Each step through the services, once."""

import datetime
import random
from decimal import Decimal

from django.db import transaction

# name: {year: (staff, full-time, grants, inventions, assigned, licensed, equity, amount in 万元)}
FIGURES = {
    "南京工业大学": {2019: (9, 3, 1180, 610, 28, 9, 2, 2300), 2020: (10, 3, 1260, 650, 31, 12, 1, 2650),
                 2021: (11, 4, 1340, 700, 35, 14, 2, 3100), 2022: (12, 4, 1410, 760, 42, 16, 3, 3900),
                 2023: (12, 5, 1480, 800, 50, 19, 2, 4800), 2024: (13, 5, 1520, 830, 61, 22, 4, 5900),
                 2025: (14, 6, 1560, 860, 73, 27, 4, 7100)},
    "河海大学": {2019: (6, 2, 150, 88, 14, 4, 0, 1300), 2020: (6, 2, 150, 92, 15, 3, 0, 1400),
             2021: (7, 2, 150, 95, 16, 4, 1, 1550), 2022: (7, 2, 160, 99, 18, 5, 1, 1700)},
    "江苏大学": {2019: (5, 2, 320, 120, 10, 5, 0, 800), 2020: (5, 2, 340, 130, 11, 4, 0, 900),
             2021: (6, 2, 360, 140, 9, 6, 0, 1000), 2022: (6, 3, 380, 150, 12, 6, 1, 1200)},
    "扬州大学": {2019: (8, 3, 900, 420, 30, 8, 1, 2100), 2021: (9, 3, 980, 470, 34, 9, 2, 2500),
             2022: (9, 4, 1020, 500, 38, 11, 2, 2900), 2023: (10, 4, 1060, 520, 45, 14, 2, 3500)},
    "苏州大学": {2022: (12, 5, 1900, 1100, 55, 20, 3, 5200), 2023: (13, 5, 2000, 1180, 66, 24, 4, 6400),
             2024: (14, 6, 2100, 1250, 80, 28, 5, 7700)},
}
FIELDS = ("ip_staff", "ip_staff_full_time", "patents_granted", "invention_patents_granted",
          "transformed_by_assignment", "transformed_by_licence", "transformed_by_equity")


def seed(admin) -> None:
    from jbgs.models import Organization, User
    from jbgs.parsing import TYPED_UNIT
    from transformation.models import InstitutionFigures
    from transformation.services.figures import save_figures

    liaison = User.objects.filter(username="liaison").first()
    units = {org.name: org for org in Organization.objects.filter(name__in=FIGURES)}
    with transaction.atomic():
        for name, years in FIGURES.items():
            organization = units.get(name)
            if organization is None:
                continue
            actor = liaison if liaison and liaison.organization_id == organization.pk else admin
            kept = set(InstitutionFigures.objects.filter(organization=organization).values_list("year", flat=True))
            for year, values in years.items():
                if year in kept:  # the demo refreshed: what is there stays as people left it
                    continue
                *counts, amount = values
                data = dict(zip(FIELDS, counts, strict=True))
                # the amount split as the institutions report it: most by assignment
                data |= {"amount_by_assignment": Decimal(amount) * Decimal("0.7"),
                         "amount_by_licence": Decimal(amount) * Decimal("0.25"),
                         "amount_by_equity": Decimal(amount) * Decimal("0.05") if data["transformed_by_equity"] else 0}
                save_figures(actor=actor, organization=organization, year=year, data=data, unit=TYPED_UNIT)
    seed_stock(admin)
    seed_applications(admin)


# institution: (patents, institution-evaluated, inventor-evaluated, screened, registered, matched)
# Industry sub-fields (产业细分领域) the patents are matched by, per field of the year.
SUB_FIELDS = {"next_gen_it": ["集成电路", "工业互联网"], "artificial_intelligence": ["机器视觉", "智能语音"],
              "biotechnology": ["生物医药", "医疗器械"], "new_energy": ["动力电池", "光伏"],
              "new_materials": ["先进碳材料", "高性能复合材料"], "high_end_equipment": ["工业机器人", "数控机床"],
              "green_environmental": ["大气治理", "固废利用"], "modern_agriculture": ["智慧农业", "种业"]}
STOCK = {"南京工业大学": (60, 44, 20, 30, 16, 5), "扬州大学": (48, 40, 12, 24, 12, 4)}
OPEN_LICENCES = [("一次性许可费5万元，不限地域使用3年", "签订许可合同后30日内一次性支付"),
                 ("入门费2万元＋销售额2%提成", "入门费签约时支付，提成按年度结算")]


def seed_stock(admin) -> None:
    """Each institution's stock once (a refreshed demo leaves what people changed)."""
    from auction.demo import patent_fields
    from jbgs.models import Campaign, Organization, User
    from transformation.models import StockPatent

    campaign = Campaign.objects.filter(kind="auction").order_by("-year").first()
    if campaign is None:
        return
    liaison = User.objects.filter(username="liaison").first()
    for serial_base, (name, depth) in zip((700_000, 760_000), STOCK.items(), strict=True):
        organization = Organization.objects.filter(name=name).first()
        if organization is None or StockPatent.objects.filter(organization=organization).exists():
            continue
        actor = liaison if liaison and liaison.organization_id == organization.pk else admin
        _stock_of(organization, actor, campaign, serial_base, depth, patent_fields)


def _stock_of(organization, actor, campaign, serial_base, depth, patent_fields) -> None:
    from auction.choices import PATENT_TYPE_BY_DIGIT
    from jbgs.models import IndustryField
    from transformation import stock_selectors
    from transformation.choices import EvaluatorKind, StockPool
    from transformation.importers import write_patents
    from transformation.models import StockPatent
    from transformation.services import stock

    total, by_institution, by_inventor, screened, registered, matched = depth
    rng = random.Random(serial_base)
    fields = list(IndustryField.objects.filter(year=campaign.year).order_by("code"))
    staged = []
    for n in range(total):
        field = fields[n % len(fields)]
        data = patent_fields(rng, field=field, campaign=campaign, serial=serial_base + n, owner=organization.name)
        number = data["application_number"]
        staged.append(StockPatent(
            organization=organization, application_number=number, title=data["title"],
            patent_type=PATENT_TYPE_BY_DIGIT[number[4]],
            grant_date=data["grant_date"], inventors=data["inventors"], field=field,
            sub_field=SUB_FIELDS.get(field.code, ["", ""])[n // len(fields) % 2]))
    write_patents(organization, staged, ["title"], actor=actor)
    patents = list(StockPatent.objects.filter(organization=organization).order_by("application_number"))
    day = datetime.datetime(campaign.year, 3, 1, 9, tzinfo=datetime.UTC)
    for n, patent in enumerate(patents):
        scores = {"maturity": 2 + n % 4, "market": 1 + (n * 7) % 5, "value": 2 + (n * 3) % 4}
        if n < by_institution:
            stock.evaluate(actor=actor, patent_id=patent.pk, kind=EvaluatorKind.INSTITUTION, now=day, data={
                **scores, "recommended": n % 5 != 4, "comment": "技术成熟度较高，具备产业化条件" if n % 3 else "需中试验证",
                "evaluator_name": "知识产权运营中心"})
        if n < by_inventor:
            stock.evaluate(actor=actor, patent_id=patent.pk, kind=EvaluatorKind.INVENTOR, now=day, data={
                **scores, "recommended": True, "evaluator_name": patent.inventors.split("、")[0]})
        if n < screened:
            stock.screen(actor=actor, patent_id=patent.pk, selected=n % 6 != 5, now=day,
                         note="市场需求潜力较大" if n % 6 != 5 else "暂不具备转化条件")
        if n < registered:
            fee, payment = OPEN_LICENCES[n % 2] if n % 5 == 0 else ("", "")
            pool = StockPool.PROVINCIAL if n % 6 != 5 and n % 4 else StockPool.PLATFORM
            stock.register(actor=actor, patent_id=patent.pk, pool=pool, open_licence_fee=fee,
                           open_licence_payment=payment, now=day)
        if n < matched:
            enterprises = [org.pk for org in stock_selectors.suggestions(stock_selectors.patents().get(pk=patent.pk),
                                                                         limit=2)]
            if enterprises:
                stock.match(actor=actor, patent_id=patent.pk, organization_ids=enterprises,
                            reason="需求领域与专利所属产业细分领域一致", now=day)


# The demo year's calls: copied from the 2022 ones, their window around the day the demo is seeded.
CALL_TEMPLATES = ("2022-university", "2022-industry")
WINDOW_BEFORE, WINDOW_AFTER = datetime.timedelta(days=30), datetime.timedelta(days=90)
# The applicants' liaisons the demo adds (南京工业大学's is the kernel's `liaison`).
APPLICANT_LIAISONS = {"苏州大学": ("liaison_suda", "顾晨"), "扬州大学": ("liaison_yzu", "钱立新"),
                      "河海大学": ("liaison_hhu", "陆雨桐")}
# unit: (how far it goes, title, plan, targets, contact, phone)
APPLICATIONS = {
    "南京工业大学": ("submitted", "南京工业大学知识产权运营中心实体化建设",
                 "依托技术转移中心组建专职运营团队，建立专利分级分类管理和转化前评价机制，面向新材料、生物医药产业开展专利开放许可。",
                 "三年内新增专职人员4名，年均转化专利80件以上，转化金额年均增长20%。", "张晓雯", "025-58139000"),
    "苏州大学": ("recommended", "苏州大学高价值专利培育与转化运营能力提升",
             "联合苏州纳米城园区共建高价值专利培育中心，围绕纳米技术与先进材料开展专利导航和组合布局，推动存量专利盘活。",
             "培育高价值专利组合5个，年转化专利100件以上，技术合同成交额年均1亿元。", "顾晨", "0512-65880000"),
    "扬州大学": ("funded", "扬州大学农业与生物领域专利转化运营中心建设",
             "聚焦种业与智慧农业，建立“评价—筛选—登记—匹配”全流程存量专利运营机制，对接扬州市重点产业链企业。",
             "完成存量专利评价全覆盖，年转化专利60件以上，培育技术经理人20名。", "钱立新", "0514-87971000"),
    "河海大学": ("draft", "河海大学水利工程专利集中转化平台",
             "整合水利、港航领域专利，建设集中转化平台。", "", "陆雨桐", "025-83786000"),
}


def demo_calls(today: datetime.date, admin) -> dict:
    """The demo year's calls (code `<year>-university`, `<year>-industry`), copied from 2022's
    with their rules, created once by the administrator with a window around `today`; what
    exists is left as is."""
    from transformation.models import Call
    from transformation.services.calls import create_call

    found = {}
    for template_code in CALL_TEMPLATES:
        code = template_code.replace("2022", str(today.year), 1)
        call = Call.objects.filter(code=code).first()
        template = Call.objects.filter(code=template_code).first()
        if call is None and template is not None:
            call = create_call(actor=admin, data={
                "code": code, "year": today.year, "direction": template.direction,
                "title": template.title.replace("2022", str(today.year), 1), "guide": template.guide,
                "opens_on": today - WINDOW_BEFORE, "closes_on": today + WINDOW_AFTER, "city_cap": template.city_cap},
                rules=[{"code": rule.code, "label": rule.label, "conditions": rule.conditions}
                       for rule in template.rules.order_by("position")])
        if call is not None:
            found[template_code] = call
    return found


def _carry_forward(organization, actor, year: int) -> None:
    """The three years before `year` given figures where the unit has none after its latest, as
    its liaison would type them in before applying: the latest year's again."""
    from jbgs.parsing import API_UNIT
    from transformation.models import InstitutionFigures
    from transformation.services.figures import AMOUNT_FIELDS, COUNT_FIELDS, save_figures

    latest = InstitutionFigures.objects.filter(organization=organization, year__lt=year).order_by("-year").first()
    if latest is None:
        return
    for missing in range(max(latest.year + 1, year - 3), year):
        data = {name: getattr(latest, name) for name in (*COUNT_FIELDS, *AMOUNT_FIELDS)}
        save_figures(actor=actor, organization=organization, year=missing, data=data, unit=API_UNIT)


def seed_applications(admin, today: datetime.date | None = None) -> None:
    """The demo year's university applications, each unit's once, while the call is open."""
    from django.utils import timezone

    from jbgs.choices import Role
    from jbgs.demo import account
    from jbgs.models import Organization, User
    from transformation.models import ProjectApplication
    from transformation.services import applications

    today = today or timezone.localdate()
    call = demo_calls(today, admin).get("2022-university")
    if call is None or not call.is_open(today):
        return
    units = {org.name: org for org in Organization.objects.filter(name__in=APPLICATIONS).select_related("region")}
    taken = set(ProjectApplication.objects.filter(call=call).values_list("organization__name", flat=True))
    users = {user.username: user for user in User.objects.filter(
        username__in=["liaison", "organizer", "organizer_yangzhou", *(u for u, _n in APPLICANT_LIAISONS.values())])}
    for name, (reach, title, plan, targets, contact, phone) in APPLICATIONS.items():
        organization = units.get(name)
        if organization is None or name in taken:
            continue
        username, person = APPLICANT_LIAISONS.get(name, ("liaison", ""))
        liaison = users.get(username)
        if liaison is None and person:
            liaison = account(username, person, organization, [Role.LIAISON])
        if liaison is None or liaison.organization_id != organization.pk:
            continue
        _carry_forward(organization, liaison, call.year)
        application = applications.save_draft(actor=liaison, call=call, data={
            "title": title, "plan": plan, "targets": targets, "liaison_name": contact, "liaison_phone": phone})
        if reach == "draft":
            continue
        application = applications.submit(actor=liaison, application=application)
        if reach == "submitted":
            continue
        organiser = users.get("organizer_yangzhou" if name == "扬州大学" else "organizer")
        if organiser is None:
            continue
        application = applications.recommend(actor=organiser, application=application,
                                             comment="该校知识产权运营基础扎实，转化成效突出，同意推荐。")
        if reach == "funded":
            applications.decide(actor=admin, application=application, funded=True,
                                comment="经专家评审，予以立项支持。")
