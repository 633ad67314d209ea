"""What the stock-patent tests share: an institution and its liaison, a patent-list workbook,
running an import job as the workers do, and a patent evaluated every way."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from jbgs.choices import Role
from jbgs.models import ImportJob
from jbgs.services.imports import start_import
from tests.auction.conftest import valid_numbers
from tests.conftest import make_organization, make_user
from transformation.importers import STOCK_IMPORT
from transformation.models import StockPatent

HEADER = ["序号", "申请号", "专利名称", "专利类型", "授权日", "发明人", "法律状态", "领域", "细分领域"]


def institution(name="扬州大学", region="321002", username="yzu-liaison"):
    org = make_organization(name, "undergraduate_university", region)
    return org, make_user(username, org, [Role.LIAISON], name="孙文")


def rows(count: int, start: int = 0, year: int = 2020) -> list[list]:
    numbers = valid_numbers(start + count, year=year)[start:]
    return [[n + 1, number, f"一种存量专利{n}", "发明", "2021-05-06", "张三、李四", "有效", "新能源", "动力电池"]
            for n, number in enumerate(numbers, start=start)]


def workbook(lines: list[list], header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["存量专利清单"])
    sheet.append(header)
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run_import(actor, organization, content: bytes, capture, name="存量专利.xlsx") -> ImportJob:
    with capture(execute=True):
        job = start_import(kind=STOCK_IMPORT, target_id=organization.pk, actor=actor,
                           upload=SimpleUploadedFile(name, content))
    job.refresh_from_db()
    return job


def stock(organization, count: int, start: int = 0) -> list[StockPatent]:
    """Patents written straight through the import's write path (no workbook)."""
    from transformation.importers import write_patents

    patents = [StockPatent(organization=organization, application_number=line[1], title=line[2],
                           patent_type="invention") for line in rows(count, start)]
    write_patents(organization, patents, ["title", "updated_at"], actor=None)
    return list(StockPatent.objects.filter(organization=organization).order_by("application_number"))


def evaluated_every_way(liaison, patent, form: dict, reviewer_name: str, region: str):
    """The patent given to a reviewer (a transfer agency of the region), then evaluated by its
    inventor, its institution and the reviewer, and again by the inventor with another
    market score: four evaluations, three ways. The reviewer's organisation."""
    from transformation.services import stock as services

    reviewer = make_organization(reviewer_name, "tech_transfer_agency", region)
    agent = make_user("agent", reviewer, [Role.LIAISON], name="周强")
    services.assign_reviewer(actor=liaison, patent_id=patent.pk, reviewer_id=reviewer.pk)
    for kind, actor in (("inventor", liaison), ("institution", liaison), ("third_party", agent)):
        services.evaluate(actor=actor, patent_id=patent.pk, kind=kind, data=form)
    services.evaluate(actor=liaison, patent_id=patent.pk, kind="inventor", data={**form, "market": "2"})
    return reviewer
