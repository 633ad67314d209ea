"""The import of an institution's stock patents (存量专利清单) from its patent-list export:
申请号/专利号, 专利名称, 专利类型, 授权日, 发明人, 法律状态, 领域 (and 细分领域). Run by the
kernel's import job (jbgs.services.imports) as the importer `transformation.stock`, its
target the institution.

All or nothing, unlike the auction's list import (which saves the good rows a chunk at a time
and reports the others): every row is read and checked first, with what the rows need loaded
once (the institution's stored numbers, the latest year's industry fields); if any row has a
problem, each is reported by row and column and nothing is written; otherwise the whole file
is written in one transaction under the institution's row lock, as upserts of 1,000 rows
(INSERT … ON CONFLICT on the institution and number), so that importing the file again, or a
later file with new grants, updates the patents it names and adds the new ones, never twice.
A re-import changes only the columns the file has. Numbers are checked and written in their
canonical form by the auction's one validator (auction.identifiers.parse_application_number).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auction.choices import PATENT_TYPE_BY_DIGIT, LegalStatus
from auction.identifiers import parse_application_number
from auction.importers import LEGAL_STATUSES, PATENT_TYPES
from jbgs.blank_forms import BlankForm
from jbgs.exceptions import NotAllowed
from jbgs.imports import (
    Column,
    RowProblem,
    SpreadsheetError,
    cell_text,
    choice,
    locate,
    parse_date_cell,
    read_rows,
)
from jbgs.locking import lock
from jbgs.models import ImportJob, Organization
from jbgs.parsing import plain_text
from jbgs.selectors import YearFields
from jbgs.services.audit import audit, audit_each
from jbgs.services.imports import progress, register_importer
from transformation import stock_access, stock_selectors
from transformation.access import is_institution
from transformation.choices import StockAction, StockStage
from transformation.models import StockPatent

STOCK_IMPORT = "transformation.stock"
TITLE = "存量专利清单"
BATCH = 1000


def _text(limit: int, required: bool = False):
    def parse(value, header=""):
        text = plain_text(cell_text(value))
        if required and not text:
            raise ValidationError(_("This cell is required."), code="required")
        if text.startswith(("=", "+", "@")):
            raise ValidationError(_("“%(value)s” is a formula: write the text itself.") % {"value": text[:40]},
                                  code="formula")
        if len(text) > limit:
            raise ValidationError(_("At most %(limit)s characters; this cell has %(count)s.")
                                  % {"limit": limit, "count": len(text)}, code="max_length")
        return text
    return parse


def parse_number(value, header=""):
    text = cell_text(value)
    if not text:
        raise ValidationError(_("Give the patent's application number."), code="required")
    return parse_application_number(text)


COLUMNS = [
    Column("application_number", "申请号", ("专利号", "专利申请号", "专利号(申请号)", "专利号/申请号", "申请号/专利号"),
           parse_number, required=True),
    Column("title", "专利名称", ("名称", "发明名称", "专利题目", "标题"), _text(300, required=True), required=True),
    Column("patent_type", "专利类型", ("类型",), choice(PATENT_TYPES, _("patent type"))),
    Column("grant_date", "授权日", ("授权公告日", "授权日期", "公告日", "授权时间"), parse_date_cell),
    Column("inventors", "发明人", ("发明人(设计人)", "设计人", "发明人姓名"), _text(500)),
    Column("legal_status", "法律状态", ("专利状态", "状态", "当前法律状态"), choice(LEGAL_STATUSES, _("legal status"))),
    Column("field", "领域", ("所属产业领域", "产业领域", "技术领域", "所属领域"), _text(50)),
    Column("sub_field", "细分领域", ("产业细分领域", "细分产业", "子领域"), _text(50)),
]
SAMPLE = {"application_number": "201710601862.3", "title": "一种锂离子电池健康状态估计方法", "patent_type": "发明",
          "grant_date": "2020-03-17", "inventors": "张三、李四", "legal_status": "有效", "field": "",
          "sub_field": "动力电池"}


class _Reading:
    """A file's rows staged as patents of the institution, or its problems by row and column."""

    def __init__(self, organization: Organization, table):
        self.organization, self.table = organization, table
        year = stock_selectors.latest_field_year()
        self.fields = YearFields(year) if year else None
        self.staged: dict[str, StockPatent] = {}
        self.rows_of: dict[str, int] = {}
        self.problems: list[RowProblem] = []
        self.rejected: dict[str, dict] = {}
        self.file_fields = {column.field for column in table.columns.values()}

    def label(self, name: str) -> str:
        for index, column in self.table.columns.items():
            if column.field == name:
                return self.table.header_texts[index]
        return next(column.label for column in COLUMNS if column.field == name)

    def read(self, job: ImportJob) -> None:
        for position, (number, cells) in enumerate(self.table.rows, start=1):
            if len(self.rejected) >= settings.IMPORT_MAX_ROW_ERRORS:
                raise SpreadsheetError(_("Reading stopped at %(count)s rows with problems, listed below with their "
                                         "row and column: nothing was imported. Is it the right file?")
                                       % {"count": len(self.rejected)})
            self.row(number, cells)
            progress(job, position)

    def row(self, number: int, cells: list) -> None:
        data, problems = {}, []
        for index, column in self.table.columns.items():
            try:
                data[column.field] = column.parse(cells[index] if index < len(cells) else None,
                                                  self.table.header_texts[index])
            except ValidationError as error:
                problems.append(RowProblem(number, self.table.header_texts[index], error.messages[0]))
        self.check(number, data, problems)
        if problems:
            self.problems.extend(problems)
            self.rejected[str(number)] = {column.field: cell_text(cells[index] if index < len(cells) else None)
                                          for index, column in self.table.columns.items()}
            return
        key = data["application_number"]
        self.rows_of[key] = number
        self.staged[key] = StockPatent(organization=self.organization, **data)

    def check(self, number: int, data: dict, problems: list) -> None:
        """The rules across cells: the number once in the file, the type as the number says,
        the field among the year's."""
        found = data.get("application_number")
        if found is None:
            return
        key = data["application_number"] = str(found)
        if key in self.rows_of:
            problems.append(RowProblem(number, self.label("application_number"),
                                       _("Row %(row)s already has this patent.") % {"row": self.rows_of[key]}))
        by_number = PATENT_TYPE_BY_DIGIT[found.type_digit]
        if data.get("patent_type") and data["patent_type"] != by_number:
            problems.append(RowProblem(number, self.label("patent_type"),
                                       _("The application number %(number)s is of a patent of another type.")
                                       % {"number": key}))
        data["patent_type"] = data.get("patent_type") or by_number
        data["legal_status"] = data.get("legal_status") or LegalStatus.VALID
        if "field" in data:
            written = data["field"]
            data["field"] = None
            if written and self.fields is None:
                problems.append(RowProblem(number, self.label("field"), _("The platform has no industry fields yet.")))
            elif written:
                try:
                    data["field"] = self.fields.get(written)
                except ValidationError as error:
                    problems.append(RowProblem(number, self.label("field"), error.messages[0]))

    def update_fields(self) -> list[str]:
        names = {"patent_type", "legal_status", *(self.file_fields - {"application_number"})}
        return sorted(names) + ["updated_at"]


class StockImporter:
    def authorize(self, actor, target_id: int) -> Organization:
        organization = Organization.objects.filter(pk=target_id).first()
        if (organization is None or not is_institution(organization)
                or not stock_access.may_keep_stock(actor, organization)):
            raise NotAllowed()
        return organization

    def run(self, job: ImportJob) -> None:
        organization = self.authorize(job.owner, job.target_id)
        table = locate(read_rows(job.file.path, job.original_name, max_rows=settings.STOCK_IMPORT_MAX_ROWS), COLUMNS)
        if not table.rows:
            raise SpreadsheetError(_("The file has no row of data below its header: fill in the form, then import "
                                     "it."))
        job.total_rows = len(table.rows)
        reading = _Reading(organization, table)
        try:
            reading.read(job)
        finally:
            job.errors = [p.as_dict() for p in sorted(reading.problems, key=lambda problem: problem.row)]
            job.rejected = reading.rejected
        if reading.problems:
            raise SpreadsheetError(_("%(count)s rows have problems, listed below with their row and column: nothing "
                                     "was imported. Correct them and import the file again.")
                                   % {"count": len(reading.rejected)})
        created, updated = write_patents(organization, list(reading.staged.values()), reading.update_fields(),
                                         actor=job.owner, job=job)
        job.created, job.updated = created, updated


def write_patents(organization: Organization, staged: list[StockPatent], update_fields: list[str], *, actor,
                  job: ImportJob | None = None) -> tuple[int, int]:
    """Write the staged patents of the institution in one transaction, under its row lock:
    new numbers added, known ones updated in `update_fields`. Each patent gets its audit entry
    (added: from no state to imported; updated: its stage kept, with the columns written), in a
    COPY per stage (audit_each), beside one entry for the whole file. Returns (created, updated)."""
    with transaction.atomic():
        lock(Organization.objects, pk=organization.pk)
        known = dict(StockPatent.objects.filter(organization=organization).values_list("application_number", "stage"))
        for start in range(0, len(staged), BATCH):
            # On PostgreSQL the upsert returns every row's id, added or updated (audited below).
            StockPatent.objects.bulk_create(staged[start:start + BATCH], update_conflicts=True,
                                            unique_fields=["organization", "application_number"],
                                            update_fields=update_fields)
        _audit_each_patent(staged, known, update_fields, actor=actor, job=job)
        updated = sum(1 for patent in staged if patent.application_number in known)
        created = len(staged) - updated
        audit(organization, StockAction.IMPORTED, actor=actor,
              data={"file": job.original_name if job else "", "job": job.pk if job else None, "created": created,
                    "updated": updated})
    return created, updated


def _audit_each_patent(staged: list[StockPatent], known: dict[str, str], update_fields: list[str], *, actor,
                       job: ImportJob | None) -> None:
    """One entry per patent the file added (imported) or updated (its stage as it was: an
    import moves no stage), grouped by stage so that each group is one COPY."""
    by_stage: dict[str, list[StockPatent]] = {}
    for patent in staged:
        by_stage.setdefault(known.get(patent.application_number, ""), []).append(patent)
    now, job_id = timezone.now(), job.pk if job else None
    for before, patents in by_stage.items():
        data = ({"job": job_id, "added": True} if not before
                else {"job": job_id, "updated": [name for name in update_fields if name != "updated_at"]})
        audit_each(patents, StockAction.PATENT_IMPORTED, actor=actor, from_state=before,
                   to_state=before or StockStage.IMPORTED, data=lambda _patent, data=data: data, now=now)


def blank_form(organization: Organization | None) -> bytes:
    fields = [f.name for f in stock_selectors.latest_fields()]
    return BlankForm(
        title=TITLE, sheet="存量专利", columns=COLUMNS, sample={**SAMPLE, "field": fields[0] if fields else ""},
        note=f"单位名称（盖章）：{organization.name if organization else ''}", options={"field": fields},
        wide=("title", "inventors"), instructions=[
            f"{TITLE}填写说明",
            "1. 每件有效专利填一行；带 * 的列必填。可直接使用专利管理系统导出的清单，列名为申请号（或专利号）、专利名称、专利类型、授权日、发明人、法律状态、领域。",
            "2. 申请号可写作 201710601862.3、ZL201710601862.3 或 2017106018623，平台按校验位核对。专利类型可不填，由申请号判断。",
            f"3. 领域填写平台当年的产业领域名称：{'、'.join(fields)}；细分领域用于按产业细分领域向企业匹配推送。",
            "4. 上传后整表校验：任何一行有误，整个文件都不导入，并列出行号、列名和原因；改正后重新上传。",
            "5. 再次导入时按申请号更新已有专利，新授权的专利随时补充导入，不会重复。",
        ]).xlsx()


def register() -> None:
    register_importer(STOCK_IMPORT, StockImporter())
