"""Spreadsheet bombs are refused before a parser opens them (issue 12, point 9).

calamine builds a sheet as one block of rows × columns cells: the file of the incident, an
.xlsx of 4.8 KB with values at A1 and XFD1048576, made it ask for 512 GB and abort the worker.
Were any of these files read without the measuring, this test process would die the same way.
"""

import pytest
from python_calamine import CalamineWorkbook

from jbgs import workbooks
from jbgs.imports import SpreadsheetError, read_rows
from tests.jbgs.workbooks import MAIN, SHEET_PART, cell, claiming, row, xls, xlsx

HEADER = row(1, cell("A1", "专利名称"), cell("B1", "专利号"), cell("C1", "授权日"))


def read(tmp_path, name: str, content: bytes) -> list:
    path = tmp_path / name
    path.write_bytes(content)
    return list(read_rows(str(path), name))


def refusal(tmp_path, name: str, content: bytes) -> str:
    with pytest.raises(SpreadsheetError) as refused:
        read(tmp_path, name, content)
    return str(refused.value)


def test_the_incidents_xlsx_with_values_at_a1_and_xfd1048576_is_refused_naming_the_limit(tmp_path, settings):
    bomb = xlsx(HEADER, row(1048576, cell("XFD1048576", "x")), dimension="A1:XFD1048576")
    assert len(bomb) < 5000
    message = refusal(tmp_path, "清单.xlsx", bomb)
    assert "1048576" in message and str(settings.IMPORT_MAX_ROWS + 15) in message


def test_a_far_cell_is_found_whatever_the_sheets_dimension_says(tmp_path):
    hidden = xlsx(HEADER, row(30000, cell("B30000", "x")), dimension="A1:C1")
    assert "30000" in refusal(tmp_path, "清单.xlsx", hidden)


def test_a_large_dimension_or_formatted_empty_cells_alone_are_read(tmp_path):
    formatted = row(50000, '<c r="C50000" s="1"/>', '<c r="XFD50000" s="1"/>')
    rows = read(tmp_path, "清单.xlsx", xlsx(HEADER, row(2, cell("A2", "电池")), formatted,
                                           dimension="A1:XFD1048576"))
    assert [number for number, _cells in rows] == [1, 2] and rows[1][1][0] == "电池"


def test_a_value_past_the_last_column_is_refused_naming_the_column_and_the_limit(tmp_path, settings):
    message = refusal(tmp_path, "清单.xlsx", xlsx(HEADER, row(2, cell("A2", "x"), cell("KN2", "y"))))
    assert "KN" in message and "300" in message and str(settings.IMPORT_MAX_COLUMNS) in message


@pytest.mark.parametrize("far", [
    # cells placed by their order, not by a reference: the 16,384th cell of the second row
    row(2, "<c/>" * 16383 + '<c t="inlineStr"><is><t>x</t></is></c>'),
    # a namespace prefix on the cells, as some programs write them
    '<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',
])
def test_cells_written_otherwise_are_measured_too(tmp_path, far):
    message = refusal(tmp_path, "清单.xlsx", xlsx(HEADER, far, root=f' xmlns:x="{MAIN}"'))
    assert "XFD" in message or "1048576" in message


def test_a_zip_member_claiming_a_huge_size_is_refused_before_it_is_unpacked(tmp_path, settings):
    claimed = claiming(xlsx(HEADER), SHEET_PART, 4_000_000_000)
    message = refusal(tmp_path, "清单.xlsx", claimed)
    assert "3815" in message and str(settings.IMPORT_MAX_UNPACKED_MB) in message  # 4e9 bytes in MB, rounded up


def test_a_sheet_that_truly_unpacks_past_the_limit_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_UNPACKED_MB = 1
    padded = xlsx(HEADER, padding=2 * 1024 * 1024)
    assert len(padded) < 20_000
    assert "1 MB" in refusal(tmp_path, "清单.xlsx", padded)


def test_a_member_unpacking_past_what_it_declares_is_not_read(tmp_path):
    """The declared sizes are what is checked: a member that holds more than it declares is
    refused by the zip readers themselves."""
    lying = claiming(xlsx(HEADER, row(1048576, cell("XFD1048576", "x"))), SHEET_PART, 300)
    assert "Excel" in refusal(tmp_path, "清单.xlsx", lying)


def test_an_xls_with_a_value_in_its_last_row_and_column_is_refused(tmp_path):
    message = refusal(tmp_path, "清单.xls", xls({(0, 0): "专利名称", (65535, 255): "x"}))
    assert "65536" in message


def test_an_xls_is_measured_by_its_first_sheet_only(tmp_path):
    rows = read(tmp_path, "清单.xls", xls({(0, 0): "专利名称", (3, 2): "x"}, {(65535, 255): 1}))
    assert len(rows) == 4 and rows[3][1][2] == "x"


@pytest.mark.parametrize("cells", [
    {(0, 0): "x", (5, 3): 1.5},  # a stream small enough for the compound file's mini stream
    {(r, c): f"{r}-{c}" if c % 2 else r * 1.5 for r in range(3000) for c in range(6)},  # sectors of its own
    {(0, 0): "x", (40, 1): "", (17, 7): True},
])
def test_an_xls_is_measured_as_calamine_reads_it(tmp_path, cells):
    path = tmp_path / "清单.xls"
    path.write_bytes(xls(cells))
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    assert workbooks.xls_extent(str(path)) == workbooks.Extent(sheet.height, sheet.width)


def test_a_sheet_that_starts_lower_and_to_the_right_keeps_its_row_numbers_and_columns(tmp_path):
    rows = read(tmp_path, "清单.xlsx", xlsx(row(3, cell("B3", "专利名称")), row(5, cell("D5", "x"))))
    assert [(number, cells) for number, cells in rows][2:] == [(3, ["", "专利名称", "", ""]), (4, ["", "", "", ""]),
                                                               (5, ["", "", "", "x"])]


def test_a_csv_going_on_past_the_row_limit_is_refused_naming_its_last_row(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 100
    lines = ["专利名称,专利号"] + [f"电池{n},{n}" for n in range(300)] + ["", ""]
    message = refusal(tmp_path, "清单.csv", "\n".join(lines).encode())
    assert "301" in message and "115" in message and "100" in message


def test_a_csv_with_blank_lines_past_the_row_limit_is_read(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 100
    rows = read(tmp_path, "清单.csv", ("专利名称,专利号\n电池,1\n" + ",\n" * 500).encode())
    assert len(rows) == 502


def test_a_csv_row_wider_than_the_limit_is_refused_but_trailing_empty_cells_do_not_count(tmp_path, settings):
    assert len(read(tmp_path, "清单.csv", ("专利名称,专利号" + "," * 5000 + "\n").encode())) == 1
    message = refusal(tmp_path, "清单.csv", ("专利名称,专利号\n" + "x," * 250 + "y\n").encode())
    assert "IQ" in message and "251" in message and str(settings.IMPORT_MAX_COLUMNS) in message


def test_a_csv_cell_too_large_to_read_is_refused_with_its_row(tmp_path):
    message = refusal(tmp_path, "清单.csv", ("专利名称,专利号\n电池,1\n" + "x" * 200_000 + ",2\n").encode())
    assert "CSV" in message and " 3 " in message


def test_a_gbk_csv_is_still_read(tmp_path):
    rows = read(tmp_path, "清单.csv", "专利名称\t专利号\n电池\t1\n".encode("gbk"))
    assert rows == [(1, ["专利名称", "专利号"]), (2, ["电池", "1"])]
