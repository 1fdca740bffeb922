"""The CSV and XLSX writers every export goes through: user text that looks like a formula stays text."""

import csv
import io

import openpyxl

from assessment.exports import table_csv, workbook_xlsx

HOSTILE = ['=HYPERLINK("http://evil.example","点此")', "+1+1", "-2+3", "@SUM(A1)", "建设客户端", 12.5, -3, None]


def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe():
    content = table_csv(["值"], [[value] for value in HOSTILE])
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("http://evil.example","点此")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "建设客户端",
        "12.5",
        "-3",  # a number stays a number
        "",
    ]


def test_xlsx_keeps_formula_like_text_as_text():
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_xlsx([("表", ["值"], [[value] for value in HOSTILE])]))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == HOSTILE[:-1]  # the last row is empty
    assert cells[0].data_type == "s"  # stored as text, not as a formula
    assert [c.data_type for c in cells[5:7]] == ["n", "n"]
