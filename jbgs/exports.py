"""Excel exports of the portal's tables (progress, deals, …): one sheet, a bold header row."""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Text a spreadsheet would take for a formula (or a DDE command): written as text, marked so
# that Excel keeps it text when the cell is edited. Unit names and titles come from users.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(row) -> None:
    for cell in row:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type, cell.quotePrefix = "s", True


def xlsx_response(*, sheet: str, header: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int],
                  filename: str) -> HttpResponse:
    book = Workbook()
    table = book.active
    table.title = sheet[:31]
    table.append([str(title) for title in header])
    _as_text(table[1])
    for cell in table[1]:
        cell.font = Font(bold=True)
    for row in rows:
        table.append(list(row))
        _as_text(table[table.max_row])
    for index, width in enumerate(widths, start=1):
        table.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass
class Sheet:
    """One sheet of a workbook: its title (Excel keeps 31 characters), header and rows."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of several sheets, each as xlsx_response writes its one: a bold header row,
    user text that looks like a formula kept as text."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        table = book.create_sheet(sheet.title[:31])
        table.append([str(title) for title in sheet.header])
        _as_text(table[1])
        for cell in table[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            table.append(list(row))
            _as_text(table[table.max_row])
        for index, title in enumerate(sheet.header, start=1):
            table.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(str(title)) * 2 + 4))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
