"""The official 《专利征集表》 and 《成果征集表》: their columns, how their cells are read, and
the import of a filled form into a unit's list.

Rows are validated in Python with everything the rules need loaded once per file (the
year's fields, the patents already listed anywhere this year, earlier publications), then
written in bulk, a chunk at a time; a row is either saved whole or reported with its row
number, column and reason. Importing the same file again updates its rows: with what the
file changes, applied to the item as stored when its chunk is written, so that an edit made
in the browser meanwhile is kept where the file does not change it. Reading stops at
IMPORT_MAX_ROW_ERRORS rows with problems (a file of the wrong form, or shifted columns).
"""

import functools
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from auction import access
from auction.choices import AuctionAction, ItemKind
from auction.identifiers import parse_application_number, split_numbers
from auction.models import FIELDS_BY_KIND, ITEM_FIELDS, Item, SubmissionList
from auction.rules import RuleContext, deadline_refusal
from auction.services.items import current_items, locked_values, stage, write
from auction.services.lists import lock_editable_list
from jbgs.exceptions import InvalidTransition, NotAllowed
from jbgs.imports import (
    Column,
    RowProblem,
    cell_text,
    choice,
    choices,
    parse_bool,
    parse_date_cell,
    parse_money,
    parse_text,
    problems_from,
)
from jbgs.models import ImportJob
from jbgs.selectors import YearFields
from jbgs.services.audit import audit
from jbgs.services.imports import RowsRun, register_importer, write_chunk

CHUNK = 500

# Words people write in the forms, for each stored code.
PATENT_TYPES = {"发明": "invention", "发明专利": "invention", "实用新型": "utility", "实用新型专利": "utility",
                "外观设计": "design", "外观": "design", "外观设计专利": "design"}
LEGAL_STATUSES = {"有效": "valid", "授权": "valid", "已授权": "valid", "专利权维持": "valid", "有权": "valid",
                  "审中": "pending", "审查中": "pending", "实审": "pending", "失效": "lapsed", "无效": "lapsed",
                  "终止": "lapsed", "届满": "lapsed"}
MATURITIES = {"正在研发": "research", "研发中": "research", "已有样品": "sample", "样品": "sample",
              "通过小试": "pilot", "小试": "pilot", "通过中试": "intermediate", "中试": "intermediate",
              "可以量产": "mass_production", "量产": "mass_production", "已量产": "mass_production"}
TRADE_MODES = {"转让": "assignment", "专利转让": "assignment", "独占许可": "license_exclusive",
               "排他许可": "license_sole", "普通许可": "license_ordinary", "许可": "license_ordinary",
               "开放许可": "license_open", "作价入股": "equity_contribution", "股权转让": "equity_transfer",
               "许可-独占": "license_exclusive", "许可-排他": "license_sole", "许可-普通": "license_ordinary",
               "许可-开放许可": "license_open", "许可(独占)": "license_exclusive", "许可(排他)": "license_sole",
               "许可(普通)": "license_ordinary", "许可(开放许可)": "license_open"}
PROGRAMME_LEVELS = {"国家级": "national", "国家": "national", "省级": "provincial", "省": "provincial"}
RESULT_CATEGORIES = {"新技术": "technology", "新工艺": "technology", "新技术、新工艺": "technology",
                     "新产品": "product", "新装置": "product", "新产品、新装置": "product", "新材料": "material",
                     "新品种": "variety", "软件": "software", "系统": "software", "软件、系统": "software", "其他": "other"}
def parse_year(value, header=""):
    text = cell_text(value).removesuffix("年")
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError(_("“%(value)s” is not a year.") % {"value": text}, code="invalid_year")
    return int(text)


def parse_patent_list(value, header=""):
    return split_numbers(cell_text(value))


# How each field of an item is written in the official forms: the column's header, the other
# headers people use for it, and how its cells are read. Which fields each form has, and in
# which order, is auction.models.FIELDS_BY_KIND.
TITLE_COLUMNS = {
    ItemKind.PATENT: Column("title", "专利名称", ("名称", "发明名称", "专利题目"), parse_text, required=True),
    ItemKind.RESULT: Column("title", "成果名称", ("名称", "项目名称(成果名称)"), parse_text, required=True),
}
_COLUMNS_BY_FIELD = {column.field: column for column in [
    Column("application_number", "专利号", ("申请号", "专利申请号", "专利号(申请号)", "专利号/申请号"), parse_text, required=True),
    Column("patent_type", "专利类型", ("类型",), choice(PATENT_TYPES, _("patent type"))),
    Column("application_date", "申请日", ("申请日期", "专利申请日"), parse_date_cell),
    Column("grant_date", "授权日", ("授权公告日", "授权日期", "公告日", "授权时间"), parse_date_cell, required=True),
    Column("legal_status", "法律状态", ("专利状态", "状态"), choice(LEGAL_STATUSES, _("legal status")), required=True),
    Column("patentees", "专利权人", ("权利人", "专利权人(单位)"), parse_text),
    Column("inventors", "发明人", ("发明人(设计人)", "设计人"), parse_text),
    Column("ipc", "IPC分类号", ("IPC", "IPC分类", "分类号", "主分类号"), parse_text),
    Column("result_year", "完成年份", ("年份", "成果年份", "完成时间"), parse_year, required=True),
    Column("result_category", "成果类别", ("类别", "成果类型"), choice(RESULT_CATEGORIES, _("result category")),
           required=True),
    Column("linked_patents", "关联专利号", ("相关专利", "关联专利", "专利号"), parse_patent_list),
    Column("field", "所属产业领域", ("产业领域", "技术领域", "所属领域", "领域"), parse_text, required=True),
    Column("summary", "技术简介", ("专利摘要", "摘要", "简介", "成果简介", "技术摘要", "内容简介"), parse_text, required=True),
    Column("prospects", "应用前景", ("应用前景及市场", "市场前景", "应用领域及前景"), parse_text),
    Column("maturity", "技术成熟度", ("成熟度", "成熟程度"), choice(MATURITIES, _("maturity")), required=True),
    Column("trade_modes", "交易方式", ("意向交易方式", "转化方式", "合作方式"), choices(TRADE_MODES, _("trade mode")),
           required=True),
    Column("asking_price", "意向价格（万元）", ("转让价格", "价格", "挂牌价格", "意向价格", "期望价格", "交易价格"),
           parse_money, help="50、50万、500000元；空或“面议”表示面议"),
    Column("programme_related", "是否国家级/省级科技计划项目相关", ("科技计划项目相关", "是否科技计划项目相关", "计划项目相关"),
           parse_bool),
    Column("programme_level", "项目级别", ("计划项目级别", "科技计划级别"), choice(PROGRAMME_LEVELS, _("programme level"))),
    Column("programme_name", "项目名称", ("科技计划项目名称", "计划项目名称"), parse_text),
    Column("carbon_related", "是否双碳相关", ("双碳相关", "是否涉及双碳"), parse_bool),
    Column("roadshow_pick", "是否推荐路演", ("推荐路演", "现场路演"), parse_bool),
    Column("open_license_fee", "开放许可使用费标准", ("许可使用费", "使用费标准"), parse_text),
    Column("open_license_payment", "开放许可支付方式", ("支付方式",), parse_text),
    Column("open_license_term", "开放许可期限", ("许可期限",), parse_text),
]}
COLUMNS = {kind: [TITLE_COLUMNS[kind] if name == "title" else _COLUMNS_BY_FIELD[name] for name in names]
           for kind, names in FIELDS_BY_KIND.items()}


class ImportContext(RuleContext):
    """The rules' questions answered from what was loaded once for the whole file."""

    def __init__(self, holders: dict[str, Item]):
        self.holders = holders

    def holder_of(self, item, number):
        other = self.holders.get(number)
        return other if other is not None and other.pk != item.pk else None

    def result_holder(self, item):
        return None  # a result's title is its key in the form: a second row of it updates the first


class ItemImporter:
    def __init__(self, kind: str):
        self.kind = kind
        self.columns = COLUMNS[kind]

    def authorize(self, actor, target_id: int) -> None:
        submission_list = SubmissionList.objects.select_related("organization").get(pk=target_id)
        if not access.is_unit_liaison(actor, submission_list.organization):
            raise NotAllowed()
        if not submission_list.is_editable:
            raise InvalidTransition(_("The list is %(state)s and cannot take new rows.")
                                    % {"state": submission_list.get_status_display()})
        refusal = deadline_refusal(submission_list)
        if refusal is not None:
            raise refusal

    def run(self, job: ImportJob) -> None:
        submission_list = SubmissionList.objects.select_related("campaign", "organization").get(pk=job.target_id)
        self.authorize(job.owner, submission_list.pk)
        run = _Run.of(job, self.columns, self, submission_list)
        run.read()
        audit(submission_list, AuctionAction.LIST_IMPORTED, actor=job.owner,
              data={"import": job.pk, "file": job.original_name, "kind": self.kind, "created": job.created,
                    "updated": job.updated, "rejected": len(job.rejected), "stopped": run.stopped})
        run.stop_if_stopped()


@dataclass
class _Row:
    number: int  # as the spreadsheet shows it
    item: Item
    cells: list  # as read: a refused row's cells as typed are kept to correct it in the browser
    changes: dict | None = None  # for a stored item: the fields whose value the file changes
    base: dict | None = None  # for a stored item: its values when it was staged


class _Run(RowsRun):
    """One import's state: what is loaded once, and what the rows so far have claimed. A
    chunk is written in one transaction under the list's row lock (as the form takes it), so
    that no other import or person can push the list past its maximum, and a list submitted
    meanwhile takes no more rows."""

    chunk_size = CHUNK

    def __init__(self, job: ImportJob, table, columns, importer: ItemImporter, submission_list: SubmissionList):
        super().__init__(job, table, columns)
        self.importer, self.list = importer, submission_list
        self.campaign = submission_list.campaign
        self.kind = importer.kind
        self.fields = YearFields(self.campaign.year)
        mine = Item.objects.filter(submission_list=submission_list, kind=self.kind)
        self.existing = {getattr(item, item.key_field): item for item in mine}
        holders = Item.objects.filter(campaign=self.campaign, kind=ItemKind.PATENT).select_related("organization")
        self.context = ImportContext({item.application_number: item for item in holders})
        self.seen: dict[str, int] = {}
        self.file_fields = [column.field for column in table.columns.values()]

    def label(self, field_name: str) -> str:
        """The column as this file names it, or as the form does, or the field's own name."""
        return super().label(field_name) or str(Item._meta.get_field(field_name).verbose_name)

    def refused(self, rows: list[_Row], written) -> list:
        by_item = {id(row.item): row for row in rows}
        refused = []
        for item, error in written.refused:
            row = by_item[id(item)]
            # An item's own refusal names its key column; the list being full names none.
            key = row.item.key_field if row.item.pk else ""
            refused.append((row.number, row.cells, problems_from(error, row.number, self.label, key)))
        return refused

    def write(self, rows: list[_Row]):
        """Write staged rows under the list's lock (held briefly by a person's save or another
        import's chunk: a wait past the lock timeout is tried again)."""

        def once():
            locked = lock_editable_list(self.job.owner, self.list)
            refused = self.rebase(rows)
            left_out = {id(item) for item, _error in refused}
            # Changed rows get the file's columns only: what the file does not say stays as stored.
            written = write(locked_list=locked, items=[row.item for row in rows if id(row.item) not in left_out],
                            fields=self.file_fields)
            written.refused += refused
            return written

        return write_chunk(once)

    def rebase(self, rows: list[_Row]) -> list:
        """Each stored item's changes applied again to the item as stored now, locked (in id
        order): the rows were staged on the items as they were when the file was opened, and
        someone may have changed one in the browser since. Their change is kept where the
        file does not change the field. Returns the rows now refused, with why."""
        staged = [row for row in rows if row.changes is not None]
        # The compared columns only, locked: most items are as they were staged, and stand.
        now = locked_values([row.item.pk for row in staged], _attnames(_COMPARED))
        # A removed item is left to write(), which refuses it.
        moved = [row for row in staged if row.item.pk in now and now[row.item.pk] != tuple(row.base.values())]
        current = current_items([row.item.pk for row in moved]) if moved else {}
        refused = []
        for row in moved:
            stored = current[row.item.pk]
            stored.campaign, stored.organization = self.campaign, self.list.organization
            row.item = stored
            try:
                stage(stored, row.changes, context=self.context, loaded=True)
            except ValidationError as error:
                refused.append((stored, error))
        return refused

    def row(self, number: int, cells: list):
        """Parse and stage one row: a _Row, or None when reported."""
        data, problems = self.parse(number, cells)
        self.look_up(self.fields, data, "field", number, problems)
        if problems:
            return self.reject(number, cells, problems)
        item, key = self.find(data)
        if key in self.seen:
            return self.reject(number, cells, [RowProblem(number, self.label(item.key_field),
                                                       _("Row %(row)s already has this item.") % {"row": self.seen[key]})])
        base = _values(item, _COMPARED) if item.pk else None
        try:
            stage(item, data, context=self.context, loaded=True)
        except ValidationError as error:
            return self.reject(number, cells, problems_from(error, number, self.label, item.key_field))
        self.seen[key] = number
        if item.application_number:
            self.context.holders[item.application_number] = item
        changes = None if base is None else {
            name: getattr(item, name) for name, value in _values(item, self.file_fields).items() if value != base[name]}
        return _Row(number, item, cells, changes, base)

    def find(self, data: dict) -> tuple[Item, str]:
        """The list's item the row is about (a re-import updates it), or a new one, and its
        key in the file: the patent's number in its canonical form, or the result's title."""
        key = data.get("title", "")
        if self.kind == ItemKind.PATENT:
            key = data.get("application_number", "")
            try:
                key = str(parse_application_number(key))
            except ValidationError:
                pass
        item = self.existing.get(key) or Item(submission_list=self.list, kind=self.kind)
        # The relations the rules read, as loaded once for the file (not a query per row).
        item.campaign, item.organization = self.campaign, self.list.organization
        return item, key


_COMPARED = (*ITEM_FIELDS, "review_state")  # what a row is staged on


@functools.cache
def _attnames(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(Item._meta.get_field(name).attname for name in names)


def _values(item: Item, names) -> dict:
    """The fields' stored values, a relation by its id (no query), in the order of `names`."""
    names = tuple(names)
    return {name: getattr(item, attname) for name, attname in zip(names, _attnames(names), strict=True)}


def initial_from_row(kind: str, raw: dict, year: int) -> dict:
    """A rejected row's cells as a browser form's initial values: each parsed where it can
    be, kept as typed where it cannot, so that the liaison corrects only what was wrong."""
    initial = {}
    fields = YearFields(year)
    for column in COLUMNS[kind]:
        text = raw.get(column.field, "")
        if column.field == "field":
            found = fields.find(text)
            initial["field"] = found.pk if found else None
            continue
        try:
            value = column.parse(text, column.label)
        except ValidationError:
            value = text if column.parse in (parse_text, parse_date_cell, parse_money) else None
        if column.parse in (parse_date_cell, parse_money):
            value = text  # the form's own fields read these the same way
        initial[column.field] = value
    return initial


def register() -> None:
    register_importer("auction.patent", ItemImporter(ItemKind.PATENT))
    register_importer("auction.result", ItemImporter(ItemKind.RESULT))
