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
whose demands are in the patent's field."""

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
