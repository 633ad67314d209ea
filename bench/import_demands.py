"""Importing a 5,000-row 《需求征集表》, beside openpyxl alone reading the same file.

    .venv/bin/python -m bench.import_demands [--rows 5000] [--enterprises 1000] [--repeat 3]

Builds the blank form the platform hands out (title row, the collecting unit's row, the
header, a sample row), then `rows` filled rows: demands of `enterprises` enterprises, half of
them on the platform already and half unknown to it (recorded by the first import, awaiting
verification), written the ways collectors write them: amounts as 50万, 500000元 or 50,
validities as 2026年3月5日, 2026.3.5, ISO dates or Excel serials, several technical targets in
one cell, two cooperation modes, 是/否 for what to hide. Then in turns, `repeat` times:

- openpyxl: load_workbook(read_only=True) and every row's values: the floor any import pays;
- import:   the platform's whole import job (start_import + run_import) by a local authority:
            reading, locating the header, parsing and staging every row with the demand's one
            validation, finding the enterprises by credit code and recording the unknown ones,
            writing demands, targets and audit entries a chunk at a time. The first run creates
            every demand, the later ones update them (the file again, every amount changed).

It checks the job's result (all rows created, then all updated, no errors), and prints both
times and their ratio against the goal: the import within 3x of openpyxl alone.
"""

import argparse
import datetime
import io
import random
import sys

from bench import common

DATABASE = "jbgs_bench_demands"
GOAL_RATIO = 3.0
AMOUNT_FORMS = (lambda w: f"{w}万", lambda w: f"{w * 10000}元", lambda w: w)
THEMES = [("耐高温密封材料", "耐温", "350", "℃"), ("高速电机轴承", "使用寿命", "≥20000", "小时"),
          ("锂电池正极包覆工艺", "循环寿命", "≥3000", "次"), ("工业视觉缺陷检测", "检出率", "≥99.5", "%"),
          ("污水深度处理", "COD去除率", "≥90", "%"), ("智能温室环境控制", "能耗降低", "20", "%")]
MODES = ["委托开发", "合作开发", "技术转让", "技术服务", "技术咨询", "技术许可", "作价入股"]
REGIONS = ["苏州市吴中区", "无锡新吴区", "南京市江宁区", "常州市武进区", "南通市", "扬州", "昆山"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--enterprises", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="imports of the same file (the first creates)")
    args = parser.parse_args(argv)
    common.setup_django()
    with common.own_database(DATABASE):
        return measure(args.rows, args.enterprises, args.repeat)


def enterprise(n: int) -> tuple[str, str, str]:
    """The n-th enterprise of the bench: name, credit code, region as written."""
    from jbgs.demo import credit_code_for

    name = f"江苏测试企业{n:05d}有限公司"
    return name, credit_code_for(name, "enterprise", "320506"), REGIONS[n % len(REGIONS)]


def filled_form(campaign, rows: int, enterprises: int, first: int = 0, variant: int = 0) -> bytes:
    """The blank form the platform hands out, filled in below its sample row; each `variant`
    asks every demand for another amount."""
    from openpyxl import load_workbook

    from challenge.forms_xlsx import blank_form
    from challenge.importers import COLUMNS
    from jbgs.blank_forms import HEADER_ROW
    from jbgs.models import IndustryField

    book = load_workbook(io.BytesIO(blank_form(campaign)))
    sheet = book.worksheets[0]
    fields = list(IndustryField.objects.filter(year=campaign.year).values_list("name", flat=True))
    rng = random.Random(14)
    today = datetime.date.today()
    for n in range(rows):
        name, code, region = enterprise(first + n % enterprises)
        theme, indicator, value, unit = THEMES[n % len(THEMES)]
        values = {
            "organization_name": name, "credit_code": code, "region": region, "title": f"{theme}技术需求（第{n + 1}项）",
            "field": fields[n % len(fields)], "sub_field": theme[:4],
            "description": f"企业现有{theme}工艺已运行多年，在高负荷工况下性能衰减明显，希望与高校院所合作攻关。",
            "targets": f"{indicator}:{value}{unit}；稳定运行:≥6个月\n成本降低:15%",
            "expected_outcome": "形成可在企业产线应用的技术方案，并完成中试验证。",
            "amount": rng.choice(AMOUNT_FORMS)(rng.randrange(10, 800) + variant),
            "cooperation_modes": "、".join(rng.sample(MODES, 2)),
            "valid_until": rng.choice(common.DATE_FORMS)(today + datetime.timedelta(days=rng.randrange(60, 700))),
            "contact_name": "王工", "contact_phone": f"0512-6{n % 10_000_000:07d}",
            "contact_email": f"contact{n % enterprises}@bench.jbgs.example",
            "hide_organization": rng.choice(["是", "否"]), "hide_contact": "是", "hide_amount": rng.choice(["是", "否", ""]),
        }
        sheet.append([n + 1, *(values.get(column.field, "") for column in COLUMNS)])
    assert sheet.max_row == HEADER_ROW + 1 + rows
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_once(content: bytes, collector, campaign):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from challenge.choices import DEMAND_IMPORT
    from jbgs.models import ImportJob
    from jbgs.services.imports import start_import

    # The job's task runs here, eagerly, after the upload's commit: what a worker would run.
    job = start_import(kind=DEMAND_IMPORT, target_id=campaign.pk, actor=collector,
                       upload=SimpleUploadedFile("需求征集表.xlsx", content))
    return ImportJob.objects.get(pk=job.pk)


def measure(rows: int, enterprises: int, repeat: int) -> int:
    from django.conf import settings

    from config.celery import app
    from jbgs.demo import account, credit_code_for
    from jbgs.models import Campaign, Organization

    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER = True  # in this process, timed
    common.seed_province()
    campaign = Campaign.objects.filter(kind="challenge").order_by("-year").first()
    # Half the enterprises are on the platform already; the first import records the others.
    Organization.objects.bulk_create([
        Organization(name=name, kind="enterprise", region_id="320506", credit_code=code, status="active",
                     contact_name="王工", contact_phone="0512-66668888", contact_email="bench@example.cn")
        for name, code, _region in map(enterprise, range(0, enterprises, 2))])
    authority = Organization.objects.create(
        name="测试市科学技术局", kind="local_authority", region_id="320500", status="active",
        credit_code=credit_code_for("测试市科学技术局", "local_authority", "320500"))
    collector = account("bench-collector", "测试征集人", authority, ["organizer"])
    # Importing the file again changes every demand (another amount): each run writes every row.
    files = [filled_form(campaign, rows, enterprises, variant=run) for run in range(repeat)]
    # A worker imports many forms: warm the code paths once, on a small form of other enterprises.
    warm = account("warm-collector", "预热", authority, ["organizer"])
    import_once(filled_form(campaign, 20, 10, first=90_000), warm, campaign)
    return common.import_against_openpyxl(
        form="需求征集表", files=files.__getitem__, rows=rows, repeat=repeat, goal=GOAL_RATIO,
        import_once=lambda form: import_once(form, collector, campaign))


if __name__ == "__main__":
    sys.exit(main())
