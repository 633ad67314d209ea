"""How far a workbook's first sheet really reaches, read from the file before a parser opens it.

calamine (see jbgs.imports) builds a sheet as one block of rows × columns cells, however few
of them are filled: an .xlsx of 4.8 KB with values at A1 and XFD1048576 asked it for 512 GB,
and the worker died. So the filled extent of the first sheet, and what an .xlsx unpacks to,
are measured here first, by streaming readers that hold a few buffers whatever the file
claims. A sheet's `<dimension ref>` (or an .xls DIMENSIONS record) is not used: it may be
missing or wrong, and calamine does not size the sheet by it, but by the cells it finds.
"""

import re
import struct
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree
from xml.parsers import expat


class Unreadable(Exception):
    """The file is not the workbook its name says, or is damaged."""


@dataclass(frozen=True)
class Extent:
    rows: int  # the last row holding a value, counted from 1 (0: the sheet is empty)
    columns: int  # the last column holding a value, counted from 1 (A)


# .xlsx: a zip of XML parts.


def unpacked_size(path: str) -> int:
    """The bytes an .xlsx unpacks to, as its members declare: both zip readers used on it
    (Python's, and calamine's) refuse a member that inflates past its declared size."""
    with _zip(path) as archive:
        return sum(member.file_size for member in archive.infolist())


def xlsx_extent(path: str, index: int = 0) -> Extent:
    """The filled extent of the first sheet (or the `index`th), streamed from its XML part."""
    with _zip(path) as archive:
        name = _first_sheet_part(archive, index)
        try:
            with archive.open(name) as part:
                extent = _quick_extent(part)
            if extent is None:  # a cell written otherwise than <c r="A1" …>: follow them one by one
                with archive.open(name) as part:
                    extent = _exact_extent(part)
        except (expat.ExpatError, zipfile.BadZipFile, ValueError) as error:
            raise Unreadable(f"{name}: {error}") from error
    return extent


_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?:\s+[\w:.-]+="[^"]*")*\s*(/?)>')
_CELL_STARTS = (b"<c ", b"<c>", b"<c/", b"<c\t", b"<c\n", b"<c\r")
_PREFIXED_CELL = re.compile(rb"<[\w.-]+:c[\s/>]")


def _quick_extent(part) -> Extent | None:
    """The extent as the regular expression _CELL finds it, a quarter of a second for 20,000
    rows (where following each element from Python takes seconds): right when every cell
    starts as Excel and every library writes it, <c r="A1" …>; None when one does not."""
    rows, letters, tail = 0, set(), b""
    while True:
        chunk = part.read(1 << 18)
        data = tail + chunk
        cut = max(data.rfind(b"<"), 0) if chunk else len(data)  # a tag cut in two waits for the next chunk
        body, tail = data[:cut], data[cut:]
        cells = _CELL.findall(body)
        if len(cells) != sum(body.count(start) for start in _CELL_STARTS) or (
                b":c" in body and _PREFIXED_CELL.search(body)):
            return None
        valued = [cell for cell in cells if not cell[2]]  # <c r="B5" s="1"/> has a style only
        if valued:
            columns, numbers, _ = zip(*valued, strict=True)
            rows = max(rows, *map(int, set(numbers)))
            letters.update(columns)
        if not chunk:
            return Extent(rows, max((column_number(c.decode()) for c in letters), default=0))


def _exact_extent(part) -> Extent:
    scan = _CellScan()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    while chunk := part.read(1 << 16):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return Extent(scan.rows, scan.columns)


def _zip(path: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise Unreadable(str(error)) from error


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _first_sheet_part(archive: zipfile.ZipFile, index: int = 0) -> str:
    """The part of the workbook's first sheet (or the `index`th), found the way calamine finds
    it: the first <sheet> of xl/workbook.xml, through its relationship."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile) as error:
        raise Unreadable(str(error)) from error
    sheets = [element for element in workbook.iter() if _local(element.tag) == "sheet"]
    sheet = sheets[index] if index < len(sheets) else None
    if sheet is None:
        raise Unreadable("the workbook has no sheet")
    relation_id = next((value for key, value in sheet.attrib.items() if _local(key) == "id"), None)
    target = next((r.get("Target", "") for r in relations if r.get("Id") == relation_id), "")
    if not target:
        raise Unreadable("the first sheet has no part")
    return target[1:] if target.startswith("/") else target if target.startswith("xl/") else f"xl/{target}"


_REFERENCE = re.compile(r"([A-Za-z]{1,3})(\d{1,7})$")


class _CellScan:
    """Follows <row> and <c> as calamine places them: at their `r`, or one past the previous
    row or cell when they have none. A cell counts once it holds a value (<v>, or an inline
    string <is>): cells with only a style, as a formatted empty range has, do not."""

    def __init__(self):
        self.row = self.column = 0  # where the current <row> and <c> are
        self.rows = self.columns = 0

    def start(self, tag: str, attributes: dict) -> None:
        name = tag.rpartition(" ")[2]
        if name == "c":
            reference = attributes.get("r")
            if reference:
                match = _REFERENCE.match(reference)
                if match is None:
                    raise ValueError(f"cell reference {reference!r}")
                self.row, self.column = int(match[2]), column_number(match[1])
            else:
                self.column += 1
        elif name in ("v", "is"):
            self.rows, self.columns = max(self.rows, self.row), max(self.columns, self.column)
        elif name == "row":
            self.row = int(attributes["r"]) if "r" in attributes else self.row + 1
            self.column = 0


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# .xls: BIFF records in a "Workbook" stream of a compound file (MS-CFB).

_CELL_RECORDS = {0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6, 0x0206, 0x0406}  # with a value
_MULRK, _BOUNDSHEET, _EOF = 0x00BD, 0x0085, 0x000A  # BLANK and MULBLANK (only a style) do not count


def xls_extent(path: str) -> Extent:
    """The filled extent of the first sheet of an Excel 97–2003 workbook: its cell records,
    from the first sheet's start to the next sheet's (a file is at most UPLOAD_MAX_BYTES)."""
    with open(path, "rb") as file:
        stream = _Compound(file.read()).stream(("Workbook", "Book"))
    try:
        starts = _sheet_starts(stream)
        if not starts:
            return Extent(0, 0)
        end = min((start for start in starts if start > starts[0]), default=len(stream))
        return _records_extent(stream, starts[0], end)
    except struct.error as error:
        raise Unreadable(str(error)) from error


def _records(stream: bytes, position: int, end: int):
    """(type, body offset, body length) of each record between two offsets."""
    while position + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, position)
        yield kind, position + 4, length
        position += 4 + length


def _sheet_starts(stream: bytes) -> list[int]:
    """Where each sheet's records start, in the workbook's order (its BOUNDSHEET records)."""
    starts = []
    for kind, body, _length in _records(stream, 0, len(stream)):
        if kind == _BOUNDSHEET:
            starts.append(struct.unpack_from("<I", stream, body)[0])
        elif kind == _EOF:
            break
    return starts


def _records_extent(stream: bytes, start: int, end: int) -> Extent:
    rows = columns = 0
    for kind, body, length in _records(stream, start, end):
        if length < 4 or not (kind in _CELL_RECORDS or kind == _MULRK):
            continue
        row, column = struct.unpack_from("<HH", stream, body)
        if kind == _MULRK and length >= 6:  # several cells: the last column ends the record
            column = max(column, struct.unpack_from("<H", stream, body + length - 2)[0])
        rows, columns = max(rows, row + 1), max(columns, column + 1)
    return Extent(rows, columns)


_END_OF_CHAIN = 0xFFFFFFFE


class _Compound:
    """Just enough of the compound file format to read one stream's bytes: the sector
    allocation table (FAT, found through the header and DIFAT sectors), the directory, and
    the mini stream that holds streams smaller than the cutoff (4096 bytes)."""

    def __init__(self, data: bytes):
        if data[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise Unreadable("not a compound file")
        try:
            self._read_header(data)
        except (struct.error, IndexError) as error:
            raise Unreadable(str(error)) from error

    def _read_header(self, data: bytes) -> None:
        self.data = data
        self.size = 1 << struct.unpack_from("<H", data, 30)[0]
        self.mini_size = 1 << struct.unpack_from("<H", data, 32)[0]
        fat_count, directory, _, self.cutoff, minifat, _, difat, difat_count = struct.unpack_from("<8I", data, 44)
        fat_sectors = list(struct.unpack_from("<109I", data, 76))
        for _ in range(min(difat_count, len(data) // self.size)):
            entries = struct.unpack_from(f"<{self.size // 4}I", self._sector(difat))
            fat_sectors += entries[:-1]
            difat = entries[-1]
        fat_bytes = b"".join(self._sector(n) for n in fat_sectors[:fat_count])
        self.fat = struct.unpack(f"<{len(fat_bytes) // 4}I", fat_bytes)
        self.directory = self._chain(directory, self.fat, self._sector)
        self.minifat_start = minifat

    def _sector(self, number: int) -> bytes:
        start = (number + 1) * self.size
        if start >= len(self.data):
            raise Unreadable(f"sector {number} lies past the end of the file")
        return self.data[start:start + self.size]

    @staticmethod
    def _chain(start: int, table, read) -> bytes:
        """The sectors of a chain, in order; a chain longer than its table is a loop."""
        parts, number = [], start
        while number != _END_OF_CHAIN:
            if number >= len(table) or len(parts) > len(table):
                raise Unreadable("a broken sector chain")
            parts.append(read(number))
            number = table[number]
        return b"".join(parts)

    def stream(self, names: tuple[str, ...]) -> bytes:
        try:
            for offset in range(0, len(self.directory) - 127, 128):
                entry = self.directory[offset:offset + 128]
                name_length = struct.unpack_from("<H", entry, 64)[0]
                name = entry[:max(name_length - 2, 0)].decode("utf-16-le", "replace")
                if entry[66] == 2 and name in names:  # a stream
                    start, size = struct.unpack_from("<II", entry, 116)
                    return self._mini(start, size) if size < self.cutoff else self._chain(
                        start, self.fat, self._sector)[:size]
        except (struct.error, IndexError) as error:
            raise Unreadable(str(error)) from error
        raise Unreadable("no workbook stream")

    def _mini(self, start: int, size: int) -> bytes:
        root_start = struct.unpack_from("<I", self.directory, 116)[0]
        mini_stream = self._chain(root_start, self.fat, self._sector)
        minifat_bytes = self._chain(self.minifat_start, self.fat, self._sector)
        minifat = struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes)

        def mini_sector(number: int) -> bytes:
            return mini_stream[number * self.mini_size:(number + 1) * self.mini_size]

        return self._chain(start, minifat, mini_sector)[:size]
