"""The action plan as the files members download: one table, written as CSV or as an XLSX sheet laid out
for reading, sorting and filtering in Excel or WPS (through the product's one sheet writer)."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.exports import Column, Kind, Sheet, sheet_csv, sheets_xlsx
from assessment.models import ActionItem

COLUMNS = [
    Column(gettext_lazy("行动事项"), "title", wrap=True),
    Column(gettext_lazy("相关指标"), "indicator_code"),
    Column(gettext_lazy("负责人"), "owner"),
    Column(gettext_lazy("完成期限"), "due_date", Kind.DATE),
    Column(gettext_lazy("状态"), "status"),
    Column(gettext_lazy("备注"), "note", wrap=True),
]


def action_plan_sheet(items: Iterable[ActionItem]) -> Sheet:
    """The plan as one sheet: dates as dates, the status in words; only people read it, so no key row."""
    rows = [[i.title, i.indicator_code, i.owner, i.due_date, str(i.get_status_display()), i.note] for i in items]
    return Sheet(title=_("行动计划"), columns=COLUMNS, rows=rows, frozen_columns=0, machine_keys=False)


def action_plan_csv(items: Iterable[ActionItem]) -> bytes:
    """The plan as CSV (dates as 2026-12-31, the status in words)."""
    return sheet_csv(action_plan_sheet(items))


def action_plan_xlsx(items: Iterable[ActionItem]) -> bytes:
    """The plan as one XLSX sheet: a bold, frozen header with filters, columns sized for their content
    (long text wrapped), due dates as date cells, user text never a formula."""
    return sheets_xlsx([action_plan_sheet(items)])
