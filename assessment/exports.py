"""Tables to CSV and XLSX files. One function per format, so every export in the product looks alike."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

# A cell starting with one of these is a formula to Excel and other spreadsheets. Titles, notes and names
# come from users, and leads and administrators open these files: such text must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    """Text that a spreadsheet would run as a formula, with a leading apostrophe (the usual CSV defence)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def table_csv(header: list[str], rows: list[list]) -> bytes:
    """CSV with a UTF-8 byte-order mark, so Excel on Chinese Windows opens it without mojibake."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def workbook_xlsx(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """An XLSX workbook with one sheet per ``(title, header, rows)``; bold header, frozen first row."""
    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # openpyxl reads a leading "=" as a formula; user text stays text
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
