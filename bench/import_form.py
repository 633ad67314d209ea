"""Importing a 5,000-row 《专利征集表》, beside openpyxl alone reading the same file.

    .venv/bin/python -m bench.import_form [--rows 5000] [--repeat 3]

Builds the official form (title row, 单位名称（盖章） row, the platform's own header, a sample
row, then `rows` filled rows of distinct valid patents written the ways people write them:
dates as 2021年3月5日 or 2021.3.5 or Excel serials, amounts as 50万 or 500000元), then in
turns, `repeat` times:

- openpyxl: load_workbook(read_only=True) and every row's values: the floor any import pays;
- import:   the platform's whole import job (start_import + run_import): reading, locating
            the header, parsing and checking every row under the year's rules, writing the
            items in chunks under the list's lock, with the words for search. The first run
            creates every row, the later ones update them (importing the same file again).

It checks the job's result (all rows created, then all updated, no errors), and prints both
times and their ratio against the goal: the import within 3x of openpyxl alone.
"""

import argparse
import datetime
import io
import random
import sys

from bench import common

DATABASE = "jbgs_bench_import"
GOAL_RATIO = 3.0
PRICE_FORMS = (lambda w: f"{w}万", lambda w: f"{w * 10000}元", lambda w: w, lambda w: "面议")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3, help="imports of the same file (the first creates)")
    args = parser.parse_args(argv)
    common.setup_django()
    with common.own_database(DATABASE):
        return measure(args.rows, args.repeat)


def filled_form(campaign, rows: int, first_serial: int = 100_000) -> bytes:
    """The blank form the platform hands out, filled in below its sample row."""
    from openpyxl import load_workbook

    from auction import demo
    from auction.choices import ItemKind
    from auction.forms_xlsx import HEADER_ROW, blank_form
    from auction.importers import COLUMNS
    from jbgs.models import IndustryField

    book = load_workbook(io.BytesIO(blank_form("patent", campaign)))
    sheet = book.worksheets[0]
    fields = list(IndustryField.objects.filter(year=campaign.year))
    rng = random.Random(5)
    for n in range(rows):
        field = fields[n % len(fields)]
        data = demo.patent_fields(rng, field=field, campaign=campaign, serial=first_serial + n, owner="测试研究所")
        values = {
            "title": data["title"], "application_number": f"ZL{data['application_number']}", "patent_type": "",
            "application_date": rng.choice(common.DATE_FORMS)(data["application_date"]),
            "grant_date": rng.choice(common.DATE_FORMS)(data["grant_date"]), "legal_status": "有效",
            "patentees": data["patentees"], "inventors": data["inventors"], "ipc": data["ipc"], "field": field.name,
            "summary": data["summary"], "prospects": data["prospects"], "maturity": "通过中试",
            "trade_modes": "转让、普通许可", "asking_price": rng.choice(PRICE_FORMS)(rng.randrange(10, 500)),
            "programme_related": "否", "carbon_related": "是" if data["carbon_related"] else "否",
            "roadshow_pick": "否",
        }
        sheet.append([n + 1, *(values.get(column.field, "") for column in COLUMNS[ItemKind.PATENT])])
    assert sheet.max_row == HEADER_ROW + 1 + rows
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_once(content: bytes, liaison, submission_list):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jbgs.models import ImportJob
    from jbgs.services.imports import start_import

    # The job's task runs here, eagerly, after the upload's commit: what a worker would run.
    job = start_import(kind="auction.patent", target_id=submission_list.pk, actor=liaison,
                       upload=SimpleUploadedFile("专利征集表.xlsx", content))
    return ImportJob.objects.get(pk=job.pk)


def measure(rows: int, repeat: int) -> int:
    from django.conf import settings
    from django.utils import timezone

    from auction.services.lists import open_list
    from config.celery import app
    from jbgs.demo import account, credit_code_for
    from jbgs.models import Campaign, Organization

    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER = True  # in this process, timed
    common.seed_province()
    campaign = Campaign.objects.filter(kind="auction").order_by("-year").first()
    unit = Organization.objects.create(name="测试研究所", kind="research_institute", region_id="320102",
                                       credit_code=credit_code_for("测试研究所", "research_institute", "320102"),
                                       status="active")
    liaison = account("bench-liaison", "测试联络员", unit, ["liaison"])
    submission_list = open_list(organization=unit, campaign=campaign, actor=liaison)
    submission_list.max_items_override = rows  # the year's maximum is 50; the bench needs more
    # Whatever today's date: the demo year's lists may be past their deadline (extended, as an
    # administrator would for one unit).
    submission_list.deadline_override = open_until = timezone.localdate() + datetime.timedelta(days=30)
    submission_list.save(update_fields=["max_items_override", "deadline_override"])
    content = filled_form(campaign, rows)
    # A worker imports many forms: warm the code paths once, on a small form into another list.
    warm_unit = Organization.objects.create(name="预热研究所", kind="research_institute", region_id="320102",
                                            status="active",
                                            credit_code=credit_code_for("预热研究所", "research_institute", "320102"))
    warm_liaison = account("warm-liaison", "预热", warm_unit, ["liaison"])
    warm_list = open_list(organization=warm_unit, campaign=campaign, actor=warm_liaison)
    warm_list.deadline_override = open_until
    warm_list.save(update_fields=["deadline_override"])
    import_once(filled_form(campaign, 20, first_serial=900_000), warm_liaison, warm_list)
    return common.import_against_openpyxl(form="专利征集表", files=lambda run: content, rows=rows, repeat=repeat,
                                          goal=GOAL_RATIO,
                                          import_once=lambda form: import_once(form, liaison, submission_list))


if __name__ == "__main__":
    sys.exit(main())
