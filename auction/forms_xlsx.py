"""The blank official forms as .xlsx downloads: a title row, the 单位名称（盖章） row, the
header, one sample row marked 示例, drop-downs for the enumerations, and a sheet of
instructions with the year's rules."""

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from auction.choices import ItemKind
from auction.importers import COLUMNS, parse_bool
from auction.models import AuctionRules
from jbgs.models import IndustryField

TITLES = {ItemKind.PATENT: "专利征集表", ItemKind.RESULT: "成果征集表"}
SAMPLES = {
    ItemKind.PATENT: {
        "title": "一种锂离子电池健康状态估计方法", "application_number": "ZL201710601862.3", "patent_type": "发明",
        "application_date": "2017-07-21", "grant_date": "2021-03-05", "legal_status": "有效",
        "patentees": "某某大学", "inventors": "张三；李四", "ipc": "G01R31/367", "summary": "本发明公开了……",
        "prospects": "可用于新能源汽车电池管理……", "maturity": "通过小试", "trade_modes": "转让、普通许可",
        "asking_price": "50", "programme_related": "是", "programme_level": "省级",
        "programme_name": "江苏省重点研发计划项目", "carbon_related": "是", "roadshow_pick": "否",
    },
    ItemKind.RESULT: {
        "title": "高性能钠离子电池正极材料制备技术", "result_year": "2022", "result_category": "新材料",
        "linked_patents": "ZL201710601862.3", "summary": "成果开发了……", "prospects": "适用于大规模储能……",
        "maturity": "通过中试", "trade_modes": "作价入股", "asking_price": "面议", "programme_related": "否",
        "carbon_related": "是", "roadshow_pick": "否",
    },
}
LAST_ROW = 1000
HEADER_ROW = 3


def blank_form(kind: str, campaign, unit=None) -> bytes:
    """The year's blank form; `unit` (the downloader's) is written in its 单位名称 row."""
    columns = COLUMNS[kind]
    fields = list(IndustryField.objects.filter(year=campaign.year).values_list("name", flat=True))
    book = Workbook()
    sheet = book.active
    sheet.title = TITLES[kind]
    width = len(columns) + 1
    sheet.cell(1, 1, f"{campaign.title} {TITLES[kind]}").font = Font(size=14, bold=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(2, 1, f"单位名称（盖章）：{unit.name if unit is not None else ''}")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    header_fill = PatternFill("solid", fgColor="DCE6F2")
    for index, header in enumerate(["序号", *(c.label + ("*" if c.required else "") for c in columns)], start=1):
        cell = sheet.cell(HEADER_ROW, index, header)
        cell.font, cell.fill = Font(bold=True), header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = 32 if index > 1 and columns[index - 2].field in (
            "summary", "prospects", "title") else 16
    sample = SAMPLES[kind] | {"field": fields[0] if fields else ""} | _sample_dates(kind, campaign)
    sheet.cell(HEADER_ROW + 1, 1, "示例（请删除）").font = Font(italic=True, color="888888")
    for index, column in enumerate(columns, start=2):
        cell = sheet.cell(HEADER_ROW + 1, index, sample.get(column.field, ""))
        cell.font = Font(italic=True, color="888888")
    _drop_downs(sheet, columns, fields)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)
    _instructions(book.create_sheet("填写说明"), kind, campaign, fields)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sample_dates(kind: str, campaign) -> dict:
    """The sample patent keeps the year's rule it is printed beside: granted after the cutoff."""
    cutoff = AuctionRules.of(campaign).patent_grant_cutoff
    if kind != ItemKind.PATENT or cutoff is None:
        return {}
    granted = cutoff + datetime.timedelta(days=60)
    return {"grant_date": granted.isoformat(), "application_date": (granted - datetime.timedelta(days=700)).isoformat()}


def _drop_downs(sheet, columns, fields) -> None:
    for index, column in enumerate(columns, start=2):
        # The official spelling of each choice (the importer also reads their other names).
        options = getattr(column.parse, "canonical", None)
        if column.field == "field":
            options = fields
        elif column.parse is parse_bool:
            options = ["是", "否"]
        if not options:
            continue
        # Multiple trade modes are typed separated by 、, so that list only suggests.
        strict = column.field != "trade_modes"
        validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                                    showErrorMessage=strict)
        letter = get_column_letter(index)
        validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{LAST_ROW}")
        sheet.add_data_validation(validation)


def _instructions(sheet, kind, campaign, fields) -> None:
    lines = [
        f"{campaign.title}：{TITLES[kind]}填写说明",
        "1. 带 * 的列必填；请勿修改表头，第4行示例填写完请删除。",
        "2. 日期可写作 2021-03-05、2021.3.5、2021/3/5 或 2021年3月5日。",
        "3. 价格单位为万元，可写 50、50万、500000元；不填或填“面议”表示面议。",
        "4. 交易方式可多选，用顿号分隔，如：转让、普通许可。",
        f"5. 所属产业领域：{'、'.join(fields)}。",
    ]
    rules = AuctionRules.of(campaign)
    if kind == ItemKind.PATENT:
        rule = "仅限发明专利" if rules.invention_only else "面向产业化应用的有效专利"
        cutoff = rules.patent_grant_cutoff.isoformat() if rules.patent_grant_cutoff else "不限"
        lines.append(f"6. 本年度：{rule}，授权日不早于 {cutoff}，法律状态须为有效。")
    if rules.max_items_per_unit:
        lines.append(f"7. 每家单位报送专利（成果）总数不超过 {rules.max_items_per_unit} 项。")
    lines.append("8. 填好后在平台“导入”页上传：每一行或保存，或给出行号、列名与原因，可在浏览器中逐条修正。")
    for row, text in enumerate(lines, start=1):
        sheet.cell(row, 1, text).font = Font(bold=row == 1)
    sheet.column_dimensions["A"].width = 100
