"""The CSV and XLSX writers every export goes through: user text that looks like a formula stays text; sheets
have words for people and keys for machines."""

import csv
import datetime
import io

import openpyxl

from assessment.exports import Column, Kind, Sheet, sheet_csv, sheets_xlsx, table_csv

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
    plain = Sheet(title="表", columns=[Column("值", "value")], rows=[[value] for value in HOSTILE], machine_keys=False)
    sheet = openpyxl.load_workbook(io.BytesIO(sheets_xlsx([plain]))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == HOSTILE[:-1]  # the last row is empty
    assert cells[0].data_type == "s"  # stored as text, not as a formula
    assert [c.data_type for c in cells[5:7]] == ["n", "n"]


# --- Sheets: words for people, keys for machines --------------------------------------------------------

SHEET = Sheet(
    title="表",
    columns=[
        Column("中心", "centre"),
        Column("总分", "overall", Kind.SCORE),
        Column("等级", "level", Kind.INTEGER),
        Column("提交日期", "submitted_on", Kind.DATE),
        Column("数字已隐藏", "suppressed", Kind.YES_NO),
    ],
    rows=[
        ["甘肃某县融媒体中心（演示）", 63.26, 3.0, datetime.date(2026, 5, 2), False],
        ['=HYPERLINK("http://evil.example","点此")', float("nan"), None, None, True],
        ["#N/A", 70, 0, None, None],
    ],
)


def test_sheet_csv_gives_words_then_keys_and_writes_each_kind_as_a_person_reads_it():
    content = sheet_csv(SHEET)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["中心", "总分", "等级", "提交日期", "数字已隐藏"]
    assert rows[1] == ["centre", "overall", "level", "submitted_on", "suppressed"]
    assert rows[2] == ["甘肃某县融媒体中心（演示）", "63.3", "3", "2026-05-02", "否"]
    assert rows[3] == ['\'=HYPERLINK("http://evil.example","点此")', "", "", "", "是"]
    assert rows[4] == ["#N/A", "70.0", "0", "", ""]


def test_sheets_xlsx_freezes_both_header_rows_fits_widths_and_writes_dates_as_dates():
    workbook = openpyxl.load_workbook(io.BytesIO(sheets_xlsx([SHEET])))
    sheet = workbook.active
    assert sheet.title == "表"
    assert sheet.freeze_panes == "B3"  # the two header rows and the centre's name stay in view
    assert [c.value for c in sheet[1]] == ["中心", "总分", "等级", "提交日期", "数字已隐藏"]
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert [c.value for c in sheet[2]] == ["centre", "overall", "level", "submitted_on", "suppressed"]
    # Widths fit the longest text, a Chinese character counting two: the header 数字已隐藏 is 10 wide, plus a
    # margin; the formula-like text is 40 wide (the cap); a number column stays narrow.
    assert sheet.column_dimensions["E"].width == 12
    assert sheet.column_dimensions["A"].width == 42
    assert 8 <= sheet.column_dimensions["B"].width <= 10
    assert sheet.column_dimensions["D"].width >= 10  # a date fits
    name, score, level, submitted_on, suppressed = sheet[3]
    assert (name.value, score.value, level.value, suppressed.value) == ("甘肃某县融媒体中心（演示）", 63.3, 3, "否")
    assert submitted_on.is_date and submitted_on.value.date() == datetime.date(2026, 5, 2)
    assert score.data_type == "n" and level.data_type == "n"
    formula, _score, _level, _date, yes = sheet[4]
    assert formula.value == '=HYPERLINK("http://evil.example","点此")' and formula.data_type == "s"
    assert sheet["B4"].value is None and yes.value == "是"
    assert sheet["A5"].value == "#N/A" and sheet["A5"].data_type == "s"  # not an error cell either


def test_numbers_are_written_as_entered_in_csv_and_as_numbers_in_xlsx():
    sheet = Sheet(title="数", columns=[Column("值", "value", Kind.NUMBER)], rows=[[12.0], [0.3], [None]])
    assert sheet_csv(sheet).decode("utf-8-sig").splitlines()[2:] == ["12", "0.3", '""']  # csv quotes a lone empty field
    cells = [row[0] for row in openpyxl.load_workbook(io.BytesIO(sheets_xlsx([sheet]))).active.iter_rows(values_only=True)]
    assert cells[2:4] == [12, 0.3]
