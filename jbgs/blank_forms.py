"""The blank official forms that the importers read, as .xlsx downloads: a title row, a
second row (a unit's 单位名称（盖章）), the header with * on the columns every row fills, one
sample row marked 示例 (the importers skip it), drop-downs for the choices, and a sheet of
instructions. Each app says what its form holds (auction.forms_xlsx, challenge.forms_xlsx)."""

import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from jbgs.imports import Column, parse_bool

HEADER_ROW = 3
LAST_ROW = 1000  # how far down the drop-downs reach
INSTRUCTIONS = "填写说明"


@dataclass
class BlankForm:
    title: str  # the first row
    sheet: str  # the first sheet's name
    columns: list[Column]
    sample: dict  # the sample row's value by field
    note: str = ""  # the second row
    options: dict[str, list[str]] = field(default_factory=dict)  # drop-downs other than the parsers' choices
    suggest_only: tuple[str, ...] = ()  # several choices are typed in one cell: the list only suggests
    wide: tuple[str, ...] = ()  # long text
    instructions: list[str] = field(default_factory=list)

    def xlsx(self) -> bytes:
        book = Workbook()
        self.fill(book.active)
        notes = book.create_sheet(INSTRUCTIONS)
        for row, text in enumerate(self.instructions, start=1):
            notes.cell(row, 1, text).font = Font(bold=row == 1)
        notes.column_dimensions["A"].width = 100
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def fill(self, sheet) -> None:
        """Write the form into `sheet` (a workbook of several forms fills one sheet each)."""
        sheet.title = self.sheet
        width = len(self.columns) + 1
        sheet.cell(1, 1, self.title).font = Font(size=14, bold=True)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet.cell(2, 1, self.note)
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        self._header(sheet)
        sheet.cell(HEADER_ROW + 1, 1, "示例（请删除）").font = Font(italic=True, color="888888")
        for index, column in enumerate(self.columns, start=2):
            cell = sheet.cell(HEADER_ROW + 1, index, self.sample.get(column.field, ""))
            cell.font = Font(italic=True, color="888888")
        self._drop_downs(sheet)
        sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)

    def _header(self, sheet) -> None:
        fill = PatternFill("solid", fgColor="DCE6F2")
        marked = ["序号", *(c.label + ("*" if c.required else "") for c in self.columns)]
        for index, header in enumerate(marked, start=1):
            cell = sheet.cell(HEADER_ROW, index, header)
            cell.font, cell.fill = Font(bold=True), fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            wide = index > 1 and self.columns[index - 2].field in self.wide
            sheet.column_dimensions[get_column_letter(index)].width = 32 if wide else 16

    def _drop_downs(self, sheet) -> None:
        for index, column in enumerate(self.columns, start=2):
            # The official spelling of each choice (the importers also read their other names).
            options = self.options.get(column.field) or getattr(column.parse, "canonical", None)
            if not options and column.parse is parse_bool:
                options = ["是", "否"]
            if not options:
                continue
            validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                                        showErrorMessage=column.field not in self.suggest_only)
            letter = get_column_letter(index)
            validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{LAST_ROW}")
            sheet.add_data_validation(validation)
