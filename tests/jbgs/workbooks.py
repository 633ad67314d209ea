"""Workbooks built byte by byte, as an attacker or an odd program would write them: the
smallest .xlsx package around a sheet's XML, and the header fields of its zip rewritten."""

import io
import struct
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_PART = "xl/worksheets/sheet1.xml"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships"><sheets><sheet name="专利征集表" sheetId="1" r:id="rId1"/></sheets>'
        '</workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
}


def cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def xlsx(*rows: str, dimension: str | None = None, root: str = "", padding: int = 0) -> bytes:
    """A package whose first sheet holds `rows` (XML), with a <dimension ref> if given, extra
    attributes on its root element (namespaces), and `padding` spaces after its data."""
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"{root}>'
             + (f'<dimension ref="{dimension}"/>' if dimension else "")
             + f'<sheetData>{"".join(rows)}</sheetData>{" " * padding}</worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**_PARTS, SHEET_PART: sheet}.items():
            archive.writestr(name, text)
    return out.getvalue()


def claiming(data: bytes, name: str, size: int) -> bytes:
    """The package with member `name` declaring `size` bytes unpacked, in its local header
    and in the central directory, as a crafted zip does."""
    data = bytearray(data)
    encoded = name.encode()
    position = data.find(encoded)
    while position >= 0:
        if data[position - 30:position - 26] == b"PK\x03\x04":
            struct.pack_into("<I", data, position - 30 + 22, size)
        elif data[position - 46:position - 42] == b"PK\x01\x02":
            struct.pack_into("<I", data, position - 46 + 24, size)
        position = data.find(encoded, position + 1)
    return bytes(data)


def xls(*sheets: dict) -> bytes:
    """An Excel 97–2003 workbook (xlwt), one sheet per {(row, column): value} (counted from 0)."""
    import xlwt

    book = xlwt.Workbook()
    for index, cells in enumerate(sheets):
        sheet = book.add_sheet(f"Sheet{index + 1}")
        for (row_index, column), value in cells.items():
            sheet.write(row_index, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
