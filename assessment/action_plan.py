"""The action plan as the files members download: one table, written as CSV or as an XLSX sheet laid out
for reading, sorting and filtering in Excel or WPS."""

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from assessment.exports import table_csv
from assessment.models import ActionItem


@dataclass(frozen=True)
class Column:
    header: str
    width: int  # Excel's unit, about one Latin character; a Chinese character takes about two
    wrap: bool = False


COLUMNS = [
    Column(gettext_lazy("行动事项"), 50, wrap=True),
    Column(gettext_lazy("相关指标"), 12),
    Column(gettext_lazy("负责人"), 12),
    Column(gettext_lazy("完成期限"), 12),
    Column(gettext_lazy("状态"), 10),
    Column(gettext_lazy("备注"), 40, wrap=True),
]
DATE_FORMAT = "yyyy-mm-dd"


def _header() -> list[str]:
    return [str(column.header) for column in COLUMNS]


def _row(item: ActionItem) -> list:
    return [item.title, item.indicator_code, item.owner, item.due_date, str(item.get_status_display()), item.note]


def action_plan_csv(items: Iterable[ActionItem]) -> bytes:
    """The plan as CSV (dates as 2026-12-31, the status in words)."""
    rows = [[value.isoformat() if isinstance(value, datetime.date) else value for value in _row(i)] for i in items]
    return table_csv(_header(), rows)


def action_plan_xlsx(items: Iterable[ActionItem]) -> bytes:
    """The plan as one XLSX sheet: a bold, frozen header with filters, columns sized for their content
    (long text wrapped), due dates as date cells, the status in words. User text is always stored as
    text, so a title starting with "=" is never run as a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("行动计划")
    sheet.append(_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in items:
        sheet.append(_row(item))
        for column, cell in zip(COLUMNS, sheet[sheet.max_row], strict=True):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would read a leading "=" as a formula
            if cell.is_date:
                cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(vertical="top", wrap_text=column.wrap)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
