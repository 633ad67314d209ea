"""Reading the spreadsheets people really fill in, for every importer of the platform.

Accepted: `.xlsx`, `.xls` and `.csv` (UTF-8 or GBK). Above the header there may be a title
row and a 单位名称（盖章） row; the header is the row that names the most known columns, under
any of their usual names and in full-width or half-width characters. A sample row, blank
rows and total rows (合计) are skipped. Each app declares its columns and turns rows into
records; this module finds them and reports problems by spreadsheet row and column.
"""

import codecs
import csv
import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jbgs import workbooks
from jbgs.parsing import TYPED_UNIT, parse_amount, parse_date

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


# Cell parsers shared by the importers: each takes the cell and its column's header as the
# file writes it, and returns the typed value or raises ValidationError with what is wrong.
YES = {"是", "y", "yes", "√", "✓", "1", "true", "有"}
NO = {"否", "n", "no", "×", "0", "false", "无", ""}


def parse_text(value, header=""):
    return cell_text(value)


def parse_bool(value, header=""):
    text = cell_text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError(_("“%(value)s” is not 是 or 否.") % {"value": text}, code="invalid_choice")


def parse_money(value, header=""):
    """An amount, in the unit its column's header says: （万元） as the official forms have it,
    （元） when a unit's own sheet says so."""
    unit = "元" if re.search(r"[（(]元[）)]", header) else TYPED_UNIT
    return parse_amount(value, unit=unit)


def parse_date_cell(value, header=""):
    return parse_date(value)


def choice(mapping: dict, what: str):
    """A parser of one choice among `mapping`'s spellings (each to its stored code), which
    also reads the codes themselves; an empty cell is "". Its `canonical` spellings are
    those the blank forms' drop-downs offer."""
    accepted = "、".join(dict.fromkeys(mapping))

    def parse(value, header=""):
        text = cell_text(value).replace("（", "(").replace("）", ")")
        if not text:
            return ""
        if text in mapping.values():
            return text
        if text in mapping:
            return mapping[text]
        raise ValidationError(
            _("“%(value)s” is not a %(what)s; write one of: %(accepted)s.")
            % {"value": text, "what": what, "accepted": accepted}, code="invalid_choice")

    parse.options = list(dict.fromkeys(mapping))
    parse.canonical = canonical(mapping)
    return parse


def choices(mapping: dict, what: str):
    """A parser of several choices in one cell, separated by 、，,；;/ or spaces: their codes,
    each once, in the order written."""
    single = choice(mapping, what)

    def parse(value, header=""):
        parts = [p for p in re.split(r"[,，、;；/\s]+", cell_text(value).replace("（", "(").replace("）", ")")) if p]
        return list(dict.fromkeys(single(part) for part in parts))

    parse.canonical = single.canonical
    return parse


def canonical(mapping: dict) -> list[str]:
    """The official spelling of each choice: the first of its spellings in `mapping` (发明,
    not 发明专利), as the blank forms' drop-downs offer them."""
    first = {}
    for spelling, code in mapping.items():
        first.setdefault(code, spelling)
    return list(first.values())


@dataclass
class Table:
    columns: dict[int, Column]  # spreadsheet column index → column
    header_texts: dict[int, str]  # index → the header as written (its unit, for amounts)
    rows: list[tuple[int, list]] = field(default_factory=list)  # (spreadsheet row number, cells)


def read_rows(path: str, name: str, *, max_rows: int | None = None) -> Iterator[tuple[int, list]]:
    """(row number as the spreadsheet shows it, cell values) for every row of the first sheet,
    one at a time. A sheet longer or wider than an import reads (`max_rows` of data, by default
    IMPORT_MAX_ROWS; IMPORT_MAX_COLUMNS), or a workbook that unpacks to more than
    IMPORT_MAX_UNPACKED_MB, is refused: a workbook before it is opened, a CSV file as it is read."""
    ext = os.path.splitext(name)[1].lower()
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    if ext in (".xlsx", ".xls"):
        yield from _workbook_rows(path, ext, max_rows)
    elif ext == ".csv":
        yield from _within_limits(_csv_rows(path), max_rows)
    else:
        raise SpreadsheetError(_("%(name)s is not an .xlsx, .xls or .csv file.") % {"name": name})


def max_sheet_rows(max_rows: int | None = None) -> int:
    """The rows a sheet may have: the rows of data, and the header's among the first rows."""
    return (max_rows or settings.IMPORT_MAX_ROWS) + HEADER_SCAN_ROWS


def _workbook_rows(path: str, ext: str, max_rows: int):
    """Excel 2007+ and 97–2003 workbooks, read by calamine (Rust): about ten times faster than
    openpyxl on a form of thousands of rows. Dates come as date objects, numbers as floats,
    empty cells as ""; leading empty rows and columns are kept so that row numbers and column
    positions match the sheet. calamine builds the whole sheet as one block of cells, as far
    as its farthest value: the sheet is measured first (jbgs.workbooks), and refused if too large."""
    from python_calamine import CalamineError, CalamineWorkbook

    kind = _("an Excel workbook") if ext == ".xlsx" else _("an Excel 97–2003 workbook")
    try:
        _check_workbook(path, ext, max_rows)
        sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    except (CalamineError, OSError, ValueError, IndexError, workbooks.Unreadable) as error:
        raise SpreadsheetError(_("The file cannot be read as %(kind)s (%(error)s).") % {"kind": kind, "error": error})
    lead = [""] * sheet.start[1] if sheet.start else []  # iter_rows() starts at the first filled column
    for number, row in enumerate(sheet.iter_rows(), start=1):
        yield number, lead + row


def _check_workbook(path: str, ext: str, max_rows: int) -> None:
    if ext == ".xlsx":
        limit = settings.IMPORT_MAX_UNPACKED_MB
        size = workbooks.unpacked_size(path)
        if size > limit * 1024 * 1024:
            raise SpreadsheetError(
                _("The workbook unpacks to %(size)s MB, and an import reads at most %(limit)s MB: save it again "
                  "without pictures, other sheets or formatting, or split it.")
                % {"size": math.ceil(size / 1024 / 1024), "limit": limit})
        extent = workbooks.xlsx_extent(path)
    else:
        extent = workbooks.xls_extent(path)
    _check_extent(extent.rows, extent.columns, max_rows)


def _check_extent(rows: int, columns: int, max_rows: int) -> None:
    if rows > max_sheet_rows(max_rows):
        raise SpreadsheetError(
            _("The sheet has values down to row %(row)s, and an import reads at most %(limit)s rows (%(data)s rows "
              "of data below the header): split the file, or delete what lies below the data.")
            % {"row": rows, "limit": max_sheet_rows(max_rows), "data": max_rows})
    if columns > settings.IMPORT_MAX_COLUMNS:
        raise SpreadsheetError(
            _("The sheet has values as far right as column %(column)s (column %(count)s), and an import reads at "
              "most %(limit)s columns: delete what lies right of the form's columns.")
            % {"column": workbooks.column_letters(columns), "count": columns, "limit": settings.IMPORT_MAX_COLUMNS})


def _within_limits(rows: Iterator[tuple[int, list]], max_rows: int) -> Iterator[tuple[int, list]]:
    """The rows of a CSV file, refused as soon as one is wider, or lies lower, than an import
    reads (after a row too low, the rest are only counted, to say where the values end)."""
    for number, cells in rows:
        width = _filled_width(cells)
        _check_extent(0, width, max_rows)
        if number > max_sheet_rows(max_rows) and width:
            last = number
            for later, more in rows:
                last = later if _filled_width(more) else last
            _check_extent(last, 0, max_rows)
        yield number, cells


def _filled_width(cells: list) -> int:
    width = len(cells)
    while width and not str(cells[width - 1]).strip():
        width -= 1
    return width


def _csv_rows(path: str):
    encoding, tabbed = _csv_encoding(path)
    with open(path, encoding=encoding, newline="") as text:
        reader = csv.reader(text, csv.excel_tab if tabbed else csv.excel)
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as error:
            raise SpreadsheetError(_("Row %(row)s of the CSV file cannot be read (%(error)s).")
                                   % {"row": reader.line_num, "error": error})


def _csv_encoding(path: str) -> tuple[str, bool]:
    """The file's encoding (UTF-8, or GBK read as its superset GB18030), checked a megabyte at
    a time, and whether it is separated by tabs rather than commas (both bytes are ASCII,
    and never part of a GBK character)."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        tabs = commas = 0
        try:
            with open(path, "rb") as raw:
                while chunk := raw.read(1 << 20):
                    decoder.decode(chunk)
                    tabs, commas = tabs + chunk.count(b"\t"), commas + chunk.count(b",")
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, tabs > commas
    raise SpreadsheetError(_("The CSV file is neither UTF-8 nor GBK."))


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
