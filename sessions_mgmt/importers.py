"""The 专场活动数据汇交表: one workbook in which a session's organiser hands in what it recorded
offline (各地通过线下方式促成的…均需通过线上平台进行数据汇交), a sheet per kind of record:
服务活动 (a row per enterprise served; the rows of one date and title are one activity), 路演 (a
row per project presented; the rows of one date and title are one roadshow), 意向, 成交 and
媒体报道. Run by the kernel's import job (jbgs.services.imports) as the importer
`sessions.records`.

All or nothing: every row is read and staged through the records' one write path
(sessions_mgmt.services.records.stage); if any row has a problem, each is reported by sheet,
row and column and nothing is written; otherwise every record is written in one transaction."""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jbgs import workbooks
from jbgs.exceptions import NotAllowed
from jbgs.imports import (
    Column,
    SpreadsheetError,
    Table,
    cell_text,
    choice,
    locate,
    max_sheet_rows,
    parse_bool,
    parse_date_cell,
    parse_money,
)
from jbgs.locking import lock
from jbgs.models import ImportJob
from jbgs.parsing import plain_text
from jbgs.services.audit import audit
from jbgs.services.imports import progress, register_importer
from jbgs.validators import validate_credit_code
from sessions_mgmt import access
from sessions_mgmt.choices import ActivityKind, ProjectKind, SessionAction
from sessions_mgmt.models import Session
from sessions_mgmt.services import records

RECORDS_IMPORT = "sessions.records"
TITLE = "专场活动数据汇交表"

ACTIVITY_KINDS = {
    "走访": ActivityKind.VISIT, "企业走访": ActivityKind.VISIT, "沙龙": ActivityKind.SALON,
    "技术沙龙": ActivityKind.SALON, "研讨": ActivityKind.SEMINAR, "研讨会": ActivityKind.SEMINAR,
    "论坛": ActivityKind.FORUM, "线上对接": ActivityKind.ONLINE, "需求诊断": ActivityKind.DIAGNOSIS,
    "诊断": ActivityKind.DIAGNOSIS,
}
PROJECT_KINDS = {
    "成果": ProjectKind.RESULT, "专利成果": ProjectKind.RESULT, "科技成果": ProjectKind.RESULT,
    "专利": ProjectKind.RESULT, "需求": ProjectKind.DEMAND, "技术需求": ProjectKind.DEMAND,
    "合作项目": ProjectKind.COOPERATION, "合作": ProjectKind.COOPERATION,
}


def parse_name(value, header=""):
    """A name as typed, without control characters; a formula (=…) is refused, never kept."""
    text = plain_text(cell_text(value))
    if text.startswith(("=", "+", "@")):
        raise ValidationError(_("“%(value)s” is a formula: write the name itself.") % {"value": text[:40]},
                              code="formula")
    return text


def required_name(value, header=""):
    text = parse_name(value)
    if not text:
        raise ValidationError(_("This cell is required."), code="required")
    return text


_NAMES = re.compile(r"\s*[、,，;；/]\s*")


def parse_names(value, header=""):
    """Several people's names in one cell, separated by 、 or a comma; each once."""
    names = [parse_name(name) for name in _NAMES.split(cell_text(value))]
    return list(dict.fromkeys(name for name in names if name))


def parse_credit_code(value, header=""):
    text = cell_text(value)
    if not text:
        raise ValidationError(_("Give the enterprise's unified social credit code."), code="required")
    return validate_credit_code(text)


def parse_count(value, header=""):
    text = cell_text(value)
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError(_("“%(value)s” is not a whole number.") % {"value": text[:20]}, code="invalid")
    return int(text)


def parse_required_date(value, header=""):
    day = parse_date_cell(value)
    if day is None:
        raise ValidationError(_("Give the date."), code="required")
    return day


def _date(*aliases):
    return Column("day", "日期", aliases, parse_required_date, required=True)


@dataclass(frozen=True)
class Sheet:
    name: str
    kind: str
    columns: list[Column]
    # The record's fields (as the service names them) and the column that shows each.
    column_of: dict[str, str]
    sample: dict = field(default_factory=dict)
    grouped: bool = False  # rows of one date and title are one record


SHEETS = [
    Sheet("服务活动", "activity", [
        _date("活动日期", "时间"),
        Column("kind", "活动类型", ("类型", "活动形式"), choice(ACTIVITY_KINDS, _("kind of activity")), required=True),
        Column("title", "活动名称", ("名称", "活动主题"), required_name, required=True),
        Column("place", "地点", ("活动地点",), parse_name),
        Column("name", "企业名称", ("服务企业", "企业"), required_name, required=True),
        Column("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码"), parse_credit_code, required=True),
        Column("servers", "服务人员", ("服务专员", "参与服务人员"), parse_names),
    ], {"held_on": "day", "kind": "kind", "title": "title", "place": "place", "enterprises": "credit_code",
        "servers": "servers"},
        {"day": "2023-06-01", "kind": "走访", "title": "新能源企业走访", "place": "苏州工业园区",
         "name": "苏州某某新能源科技有限公司", "credit_code": "91320594MA1MXXXXXX", "servers": "张某、李某"},
        grouped=True),
    Sheet("路演", "roadshow", [
        _date("路演日期"),
        Column("title", "路演名称", ("名称", "活动名称"), required_name, required=True),
        Column("attendees", "参会人数", ("人数",), parse_count, required=True),
        Column("project", "项目名称", ("路演项目",), required_name, required=True),
        Column("project_kind", "项目类型", ("类型",), choice(PROJECT_KINDS, _("kind of project"))),
        Column("presenter", "路演单位", ("路演人", "主讲单位", "项目单位"), required_name, required=True),
        Column("major_result", "重大成果", ("是否重大成果",), parse_bool),
    ], {"held_on": "day", "title": "title", "attendees": "attendees", "projects": "project"},
        {"day": "2023-10-20", "title": "新能源产业专场路演", "attendees": "100", "project": "高镍正极材料包覆工艺",
         "project_kind": "成果", "presenter": "南京大学", "major_result": "是"}, grouped=True),
    Sheet("意向", "intention", [
        _date("意向日期", "达成日期"),
        Column("subject", "意向事项", ("意向名称", "项目名称", "事项"), required_name, required=True),
        Column("supply_party", "供给方", ("供方", "转让方"), required_name, required=True),
        Column("demand_party", "需求方", ("需方", "受让方"), required_name, required=True),
        Column("offline", "线下达成", ("是否线下", "线下"), parse_bool),
    ], {"reached_on": "day", "subject": "subject", "supply_party": "supply_party", "demand_party": "demand_party"},
        {"day": "2023-07-01", "subject": "固态电解质合作开发", "supply_party": "东南大学",
         "demand_party": "苏州某某新能源科技有限公司", "offline": "是"}),
    Sheet("成交", "deal", [
        _date("签订日期", "成交日期"),
        Column("subject", "成交事项", ("项目名称", "合同名称", "事项"), required_name, required=True),
        Column("seller", "卖方", ("转让方", "供给方"), required_name, required=True),
        Column("buyer", "买方", ("受让方", "需求方"), required_name, required=True),
        Column("amount", "成交金额（万元）", ("金额", "合同金额"), parse_money, required=True),
        Column("contract_number", "合同编号", ("合同登记号", "登记编号", "合同登记编号"), parse_name),
    ], {"signed_on": "day", "subject": "subject", "seller": "seller", "buyer": "buyer", "amount": "amount",
        "contract_number": "contract_number"},
        {"day": "2023-08-01", "subject": "一种锂电池隔膜专利转让", "seller": "南京工业大学",
         "buyer": "苏州某某新能源科技有限公司", "amount": "30", "contract_number": "2023320500000123"}),
    Sheet("媒体报道", "media_report", [
        _date("发布日期", "报道日期"),
        Column("outlet", "媒体", ("媒体名称", "发布媒体"), required_name, required=True),
        Column("title", "标题", ("报道标题", "新闻标题"), required_name, required=True),
        Column("url", "链接", ("网址", "报道链接"), parse_name, required=True),
    ], {"published_on": "day", "outlet": "outlet", "title": "title", "url": "url"},
        {"day": "2023-10-21", "outlet": "新华日报", "title": "新能源产业专场路演举行", "url": "https://www.example.com/news/1"}),
]
SHEET_BY_NAME = {sheet.name: sheet for sheet in SHEETS}


@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


def sheet_tables(path: str, name: str) -> Iterator[tuple[Sheet, Table]]:
    """Each of the workbook's sheets that the form has, its header located. Only the form's
    own .xlsx is read; every sheet is measured before calamine opens it (jbgs.workbooks)."""
    from python_calamine import CalamineError, CalamineWorkbook

    if os.path.splitext(name)[1].lower() != ".xlsx":
        raise SpreadsheetError(_("Upload the %(title)s as an .xlsx workbook, with its sheets.") % {"title": TITLE})
    try:
        if workbooks.unpacked_size(path) > settings.IMPORT_MAX_UNPACKED_MB * 1024 * 1024:
            raise SpreadsheetError(_("The workbook is too large: save it again without pictures or formatting."))
        book = CalamineWorkbook.from_path(path)
        found = [(index, SHEET_BY_NAME[sheet_name.strip()]) for index, sheet_name in enumerate(book.sheet_names)
                 if sheet_name.strip() in SHEET_BY_NAME]
        if not found:
            raise SpreadsheetError(_("The workbook has none of the sheets %(sheets)s.") % {
                "sheets": "、".join(SHEET_BY_NAME)})
        for index, sheet in found:
            extent = workbooks.xlsx_extent(path, index)
            if extent.rows > max_sheet_rows() or extent.columns > settings.IMPORT_MAX_COLUMNS:
                raise SpreadsheetError(_("The sheet %(sheet)s reaches too far (row %(rows)s, column %(columns)s): "
                                         "delete what lies below or right of the data.")
                                       % {"sheet": sheet.name, "rows": extent.rows, "columns": extent.columns})
            rows = book.get_sheet_by_index(index)
            lead = [""] * rows.start[1] if rows.start else []
            cells = ((number, lead + row) for number, row in enumerate(rows.iter_rows(), start=1))
            try:
                yield sheet, locate(cells, sheet.columns)
            except SpreadsheetError as error:
                raise SpreadsheetError(f"{sheet.name}: {error}") from error
    except (CalamineError, OSError, ValueError, IndexError, workbooks.Unreadable) as error:
        raise SpreadsheetError(_("The file cannot be read as an Excel workbook (%(error)s).") % {"error": error})


class _Reading:
    """One workbook's rows, staged as the session's records, or its problems."""

    def __init__(self, session: Session):
        self.session = session
        self.entries: list[records.Staged] = []
        self.problems: list[Problem] = []
        self.rejected: dict[str, dict] = {}
        self.rows = 0

    def read(self, path: str, name: str) -> None:
        for sheet, table in sheet_tables(path, name):
            self.rows += len(table.rows)
            groups: dict[tuple, list[tuple[int, dict]]] = {}
            for number, cells in table.rows:
                values = self.parse(sheet, table, number, cells)
                if values is None:
                    continue
                key = (values["day"], values["title"]) if sheet.grouped else (number,)
                groups.setdefault(key, []).append((number, values))
            for rows in groups.values():
                self.stage(sheet, table, rows)
        if not self.rows:
            raise SpreadsheetError(_("The workbook has no row of data below its headers: fill in the form, then "
                                     "import it."))

    def parse(self, sheet: Sheet, table: Table, number: int, cells: list) -> dict | None:
        values, problems = {}, []
        for index, column in table.columns.items():
            try:
                values[column.field] = column.parse(cells[index] if index < len(cells) else None,
                                                    table.header_texts[index])
            except ValidationError as error:
                problems.append(Problem(sheet.name, number, table.header_texts[index], error.messages[0]))
        if problems:
            self.reject(sheet, table, number, cells, problems)
            return None
        return values

    def stage(self, sheet: Sheet, table: Table, rows: list[tuple[int, dict]]) -> None:
        number, first = rows[0]
        data = {field: first.get(column) for field, column in sheet.column_of.items()}
        at = {}  # a field's problems reported on another row than the record's first
        if sheet.kind == "activity":
            data["enterprises"] = [{"name": values["name"], "credit_code": values["credit_code"]} for _n, values in rows]
            # The people who served, from every row of the activity, checked by the service like
            # the page's and the API's (the session's 服务人员, by name).
            named = [(n, values.get("servers") or []) for n, values in rows if values.get("servers")]
            data["servers"] = list(dict.fromkeys(name for _n, names in named for name in names)) or None
            if named:
                at["servers"] = named[0][0]
        elif sheet.kind == "roadshow":
            data["attendees"] = max((values.get("attendees") or 0 for _n, values in rows), default=0)
            data["projects"] = [{"title": values["project"], "kind": values.get("project_kind") or ProjectKind.RESULT,
                                 "presenter": values["presenter"], "major_result": bool(values.get("major_result"))}
                                for _n, values in rows]
        elif sheet.kind == "intention":
            data["offline"] = first.get("offline") is not False
        try:
            self.entries.append(records.stage(self.session, sheet.kind, data))
        except ValidationError as error:
            label = {column.field: header for column, header in
                     ((table.columns[i], table.header_texts[i]) for i in table.columns)}
            self.reject(sheet, table, number, [], [
                Problem(sheet.name, at.get(name, number), label.get(sheet.column_of.get(name, ""), ""), message)
                for name, messages in error.message_dict.items() for message in messages])

    def reject(self, sheet: Sheet, table: Table, number: int, cells: list, problems: list[Problem]) -> None:
        self.problems.extend(problems)
        self.rejected[f"{sheet.name}!{number}"] = {
            column.field: cell_text(cells[index] if index < len(cells) else None)
            for index, column in table.columns.items()} if cells else {}


class RecordsImporter:
    def authorize(self, actor, target_id: int) -> Session:
        session = Session.objects.filter(pk=target_id).first()
        if session is None or not access.may_manage(actor, session):
            raise NotAllowed()
        return session

    def run(self, job: ImportJob) -> None:
        session = self.authorize(job.owner, job.target_id)
        reading = _Reading(session)
        reading.read(job.file.path, job.original_name)
        job.total_rows = reading.rows
        progress(job, reading.rows, force=True)
        if reading.problems:
            job.errors = [problem.as_dict() for problem in reading.problems]
            job.rejected = reading.rejected
            raise SpreadsheetError(_("%(count)s rows have problems, listed below with their sheet, row and column: "
                                     "nothing was imported. Correct them and import the workbook again.")
                                   % {"count": len(reading.rejected)})
        with transaction.atomic():
            lock(Session.objects, pk=session.pk)
            records.write(actor=job.owner, session=session, entries=reading.entries)
            counts: dict[str, int] = {}
            for entry in reading.entries:
                counts[entry.kind] = counts.get(entry.kind, 0) + 1
            audit(session, SessionAction.RECORDS_IMPORTED, actor=job.owner,
                  data={"file": job.original_name, "job": job.pk, "records": counts})
        job.created = len(reading.entries)


def blank_workbook(session: Session) -> bytes:
    """The blank 专场活动数据汇交表 of `session`: a sheet per kind of record, each with its
    sample row (skipped on import), then the instructions."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from jbgs.blank_forms import INSTRUCTIONS, BlankForm

    book = Workbook()
    for position, sheet in enumerate(SHEETS):
        form = BlankForm(title=f"{session.title} {TITLE}：{sheet.name}", sheet=sheet.name, columns=sheet.columns,
                         sample=sheet.sample, wide=("title", "name", "subject", "project"))
        form.fill(book.active if position == 0 else book.create_sheet(sheet.name))
    notes = book.create_sheet(INSTRUCTIONS)
    for row, text in enumerate(_instructions(session), start=1):
        notes.cell(row, 1, text).font = Font(bold=row == 1)
    notes.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _instructions(session: Session) -> list[str]:
    return [
        f"{session.title}：{TITLE}填写说明",
        "1. 带 * 的列必填；请勿修改表头和工作表名称，各表第4行示例请删除。不需要的工作表可以留空。",
        "2. 服务活动：每服务一家企业填一行；日期和活动名称相同的各行属于同一场活动。企业按统一社会信用代码计数，同一企业只计一次。",
        f"3. 活动类型：{'、'.join(choice(ACTIVITY_KINDS, '').canonical)}。"
        "服务人员（选填，用于服务大比拼）：填写参与该活动的技术经理人、科技镇长团成员等的姓名，多人用“、”或逗号分隔，"
        "同一场活动写在任一行即可；姓名须先在平台本专场的“服务人员”中登记，未登记的姓名将列出行号，整个文件不导入。",
        "4. 路演：每个路演项目填一行；日期和路演名称相同的各行属于同一场路演，参会人数取其中最大者。重大成果填“是”或“否”。",
        "5. 成交：金额单位为万元，可写 30、30万 或 300000元；填写合同编号或技术合同登记号的，平台已登记的同一成交只计一次。",
        "6. 日期可写作 2023-06-01、2023.6.1 或 2023年6月1日。链接须以 http:// 或 https:// 开头。",
        "7. 上传后整表校验：任何一行有误，整个文件都不导入，并列出工作表、行号、列名和原因；改正后重新上传。",
    ]


def register() -> None:
    register_importer(RECORDS_IMPORT, RecordsImporter())
