"""Reading the spreadsheets people really fill in, for every importer of the platform.

Accepted: `.xlsx`, `.xls` and `.csv` (UTF-8 or GBK). Above the header there may be a title
row and a 单位名称（盖章） row; the header is the row that names the most known columns, under
any of their usual names and in full-width or half-width characters. A sample row, blank
rows and total rows (合计) are skipped. Each app declares its columns and turns rows into
records; this module finds them and reports problems by spreadsheet row and column.
"""

import csv
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HEADER_SCAN_ROWS = 15
_SKIP_MARKERS = ("合计", "总计", "小计", "示例", "样例", "填写说明", "注：", "注:")


class SpreadsheetError(Exception):
    """The file as a whole cannot be read (wrong type, no header row…)."""


@dataclass(frozen=True)
class Column:
    """A column an importer understands: its field, the header it is printed with, the
    other names people give it, and the parser of its cells."""

    field: str
    label: str
    aliases: tuple[str, ...] = ()
    parse: Callable | None = None
    required: bool = False
    help: str = ""

    def names(self) -> set[str]:
        return {header_key(name) for name in (self.label, *self.aliases)}


def header_key(text) -> str:
    """A header cell reduced to what identifies it: no spaces, no *, no （必填） or units."""
    text = unicodedata.normalize("NFKC", str(text or "")).strip()
    text = re.sub(r"[\s*＊]", "", text)
    text = re.sub(r"\((必填|选填|可选|可多选|多选|单选|[元万]元?|万元|年)\)$", "", text)
    return text.lower()


def cell_text(value) -> str:
    """A cell as text: numbers without a needless .0, full-width forms made half-width."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not unicodedata.is_normalized("NFKC", text):  # most cells are: skip the copy
        text = unicodedata.normalize("NFKC", text)
    return text.strip()


@dataclass
class Table:
    columns: dict[int, Column]  # spreadsheet column index → column
    header_texts: dict[int, str]  # index → the header as written (its unit, for amounts)
    rows: list[tuple[int, list]] = field(default_factory=list)  # (spreadsheet row number, cells)


def read_rows(path: str, name: str) -> Iterator[tuple[int, list]]:
    """(row number as the spreadsheet shows it, cell values) for every row of the first sheet."""
    ext = os.path.splitext(name)[1].lower()
    if ext in (".xlsx", ".xls"):
        yield from _workbook_rows(path, ext)
    elif ext == ".csv":
        yield from _csv_rows(path)
    else:
        raise SpreadsheetError(_("%(name)s is not an .xlsx, .xls or .csv file.") % {"name": name})


def _workbook_rows(path: str, ext: str):
    """Excel 2007+ and 97–2003 workbooks, read by calamine (Rust): about ten times faster than
    openpyxl on a form of thousands of rows. Dates come as date objects, numbers as floats,
    empty cells as ""; leading empty rows are kept so that row numbers match the sheet."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError, IndexError) as error:
        kind = _("an Excel workbook") if ext == ".xlsx" else _("an Excel 97–2003 workbook")
        raise SpreadsheetError(_("The file cannot be read as %(kind)s (%(error)s).") % {"kind": kind, "error": error})
    for number, row in enumerate(rows, start=1):
        yield number, list(row)


def _csv_rows(path):
    raw = open(path, "rb").read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetError(_("The CSV file is neither UTF-8 nor GBK."))
    dialect = csv.excel_tab if text.count("\t") > text.count(",") else csv.excel
    yield from enumerate(csv.reader(io.StringIO(text), dialect), start=1)


def locate(rows: Iterator[tuple[int, list]], columns: list[Column]) -> Table:
    """Find the header among the first rows, then keep the data rows below it."""
    by_name = {}
    for column in columns:
        for name in column.names():
            by_name[name] = column
    scanned = []
    best = None
    for number, cells in rows:
        scanned.append((number, cells))
        found = {i: by_name[header_key(c)] for i, c in enumerate(cells) if header_key(c) in by_name}
        if found and (best is None or len(found) > len(best[1])):
            best = (len(scanned) - 1, found, cells)
        if len(scanned) >= HEADER_SCAN_ROWS:
            break
    if best is None or len(best[1]) < 3:
        raise SpreadsheetError(_("No header row was found: the file must have the columns of the official form."))
    header_index, found, header_cells = best
    missing = [c.label for c in columns if c.required and c not in found.values()]
    if missing:
        raise SpreadsheetError(_("The header has no column %(columns)s.") % {"columns": "、".join(missing)})
    table = Table(columns=found, header_texts={i: str(header_cells[i]).strip() for i in found})
    table.rows = [(n, c) for n, c in scanned[header_index + 1:] if not _skipped(c)]
    table.rows += [(n, c) for n, c in rows if not _skipped(c)]
    return table


def _skipped(cells) -> bool:
    """Blank rows, total rows (合计) and sample or note rows; it looks no further than the
    first three filled cells, since every data row has more."""
    filled = []
    for cell in cells:
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        filled.append(cell)
        if len(filled) > 2:
            break
    if not filled:
        return True
    first = cell_text(filled[0])
    if any(first.startswith(marker) for marker in _SKIP_MARKERS):
        return True
    return len(filled) <= 2 and any(marker in cell_text(c) for c in filled for marker in ("合计", "总计"))


@dataclass
class RowProblem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


def problems_from(error: ValidationError, row: int, label_of: Callable[[str], str], field: str = "") -> list[RowProblem]:
    """A model's ValidationError as one problem per message, naming the spreadsheet column
    (for an error of no field, `field`'s column, or none)."""
    if hasattr(error, "error_dict"):
        return [
            RowProblem(row, label_of(name) if name != "__all__" else "", message)
            for name, errors in error.error_dict.items()
            for e in errors
            for message in e.messages
        ]
    return [RowProblem(row, label_of(field) if field else "", message) for message in error.messages]
