"""Excel exports write what users typed as text, never as a formula."""

import io

import pytest
from openpyxl import load_workbook

from jbgs.exports import xlsx_response


@pytest.mark.parametrize("typed", ["=1+1", "+86 25 1234", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_text_a_spreadsheet_would_evaluate_is_written_as_text(typed):
    response = xlsx_response(sheet="s", header=["名称"], rows=[[typed, 5, -5]], widths=[10], filename="x.xlsx")
    row = load_workbook(io.BytesIO(response.content)).active[2]
    # (XML keeps a carriage return as a line feed: the cell is text either way.)
    assert (row[0].value, row[0].data_type, row[0].quotePrefix) == (typed.replace("\r", "\n"), "s", True)
    assert (row[1].value, row[2].value, row[2].data_type) == (5, -5, "n")  # numbers stay numbers
