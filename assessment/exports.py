"""Tables to CSV and XLSX files. One function per format, so every export in the product looks alike."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font


def table_csv(header: list[str], rows: list[list]) -> bytes:
    """CSV with a UTF-8 byte-order mark, so Excel on Chinese Windows opens it without mojibake."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
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
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
