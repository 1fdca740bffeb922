"""Administrators compare the centres of their scope: dashboard, side-by-side comparison, exports."""

import json
import math

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.access import centres_in, scope_of
from assessment.cohort import anonymised_aggregates
from assessment.converters import ID_MAX
from assessment.exports import table_csv, workbook_xlsx
from assessment.forms import CohortFilterForm
from assessment.reports.render import FONT_DIR, STYLESHEET, ReportError, pdf_of
from assessment.scoring import indicators_of
from assessment.selectors.cohort import cycles_with_data
from assessment.selectors.dashboard import (
    CohortFilters,
    centres_compare_svg,
    cohort_dashboard,
    cohort_dashboard_cached,
    cohort_table,
    template_rows,
)
from assessment.selectors.framework import framework_current
from assessment.views.downloads import attachment
from assessment.views.home import current_cycle

# A centre id of the query string, in the range of the id column (past it SQLite raises OverflowError).
CENTRE_ID = forms.IntegerField(min_value=1, max_value=ID_MAX)

STATUS_LABELS = {
    "not_started": gettext_lazy("未开始"),
    "in_progress": gettext_lazy("填报中"),
    "submitted": gettext_lazy("已提交"),
}


def _filters(request, scope, document) -> tuple[CohortFilters, CohortFilterForm]:
    cycles = cycles_with_data(scope=scope) or [current_cycle()]
    stages = [(s["code"], s["name"]) for s in document["stages"]]
    data = request.GET.copy()
    data.setdefault("cycle", str(cycles[0]))
    form = CohortFilterForm(data, scope=scope, cycles=cycles, stages=stages)
    if not form.is_valid():
        messages.warning(
            request,
            _("部分筛选条件无效，已忽略：%(fields)s")
            % {"fields": "；".join(f"{form.fields[f].label or f}：{' '.join(e)}" for f, e in form.errors.items())},
        )
        return CohortFilters(cycle=cycles[0], province="" if scope.is_national else scope.province), form
    values = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    if not scope.is_national:
        values["province"] = scope.province
    return CohortFilters(**values), form


def _document():
    framework = framework_current()
    if framework is None:
        raise Http404
    return framework.document


@login_required
def cohort_dashboard_view(request):
    scope = scope_of(request.user)
    document = _document()
    filters, form = _filters(request, scope, document)
    context = cohort_dashboard_cached(scope=scope, filters=filters, document=document)
    # Sorting starts again at page 1; paging keeps the sort. Neither repeats its own parameter.
    base, paged = request.GET.copy(), request.GET.copy()
    for name in ("sort", "page"):
        base.pop(name, None)
    paged.pop("page", None)
    return render(
        request,
        "cohort/dashboard.html",
        {
            "scope": scope,
            "form": form,
            "filters": filters,
            "status_labels": STATUS_LABELS,
            "base_query": base.urlencode(),
            "page_query": paged.urlencode(),
            **context,
        },
    )


@login_required
def cohort_compare(request):
    scope = scope_of(request.user)
    document = _document()
    filters, _form = _filters(request, scope, document)
    try:
        ids = sorted({CENTRE_ID.clean(value) for value in request.GET.getlist("centre")})
    except ValidationError:
        raise Http404 from None  # no centre has that id
    if not 2 <= len(ids) <= 6:
        messages.error(request, _("请选择 2 至 6 个中心进行对比。"))
        return render(request, "cohort/compare.html", {"rows": [], "filters": filters}, status=400)
    if centres_in(scope).filter(pk__in=ids).count() != len(ids):
        raise Http404  # a centre outside the scope, or none at all
    frame, _levels, _dims = cohort_table(scope=scope, filters=CohortFilters(cycle=filters.cycle, province=filters.province))
    pillars = [(p["code"], p["short_title"]) for p in document["pillars"]]
    rows = template_rows(frame.loc[frame["centre_id"].isin(ids)], [code for code, _title in pillars])
    return render(
        request,
        "cohort/compare.html",
        {
            "rows": rows,
            "pillars": pillars,
            "filters": filters,
            "status_labels": STATUS_LABELS,
            "radar_svg": centres_compare_svg(rows, pillars),
        },
    )


@login_required
def cohort_export(request, fmt):
    scope = scope_of(request.user)
    document = _document()
    filters, _form = _filters(request, scope, document)
    scope_name = scope.province or _("全国")
    if fmt in ("csv", "xlsx"):
        frame, levels, dimensions = cohort_table(scope=scope, filters=filters, with_dimensions=True)
        header, rows, level_header, level_rows = _table(frame, levels, dimensions, document)
        name = _("%(scope)s%(cycle)s年度中心得分") % {"scope": scope_name, "cycle": filters.cycle}
        if fmt == "csv":
            return attachment(table_csv(header, rows), f"{name}.csv", "text/csv; charset=utf-8")
        content = workbook_xlsx([(_("中心得分"), header, rows), (_("指标等级"), level_header, level_rows)])
        return attachment(content, f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if fmt in ("json", "aggregate.csv"):
        # The whole scope of the cycle, whatever the dashboard's other filters: two files of overlapping
        # filtered cohorts would give away the centres in one but not the other by subtraction.
        frame, _levels, _dims = cohort_table(scope=scope, filters=CohortFilters(cycle=filters.cycle))
        codes = ["overall", *[p["code"] for p in document["pillars"]]]
        for code in codes:
            if code not in frame:
                frame[code] = float("nan")
        aggregates = anonymised_aggregates(frame, codes, min_group=settings.COHORT_MIN_GROUP_SIZE)
        name = _("%(scope)s%(cycle)s年度汇总（匿名）") % {"scope": scope_name, "cycle": filters.cycle}
        if fmt == "json":
            body = json.dumps(
                {"cycle": filters.cycle, "min_group_size": settings.COHORT_MIN_GROUP_SIZE, "groups": aggregates},
                ensure_ascii=False,
                indent=2,
            )
            return attachment(body.encode("utf-8"), f"{name}.json", "application/json")
        header = list(aggregates[0]) if aggregates else ["grouping", "group", "centres", "submitted", "suppressed"]
        return attachment(
            table_csv(header, [[row.get(h) for h in header] for row in aggregates]), f"{name}.csv", "text/csv; charset=utf-8"
        )
    if fmt == "pdf":
        context = cohort_dashboard(scope=scope, filters=filters, document=document)
        html = render_to_string(
            "reports/cohort.html",
            {
                **context,
                "scope": scope,
                "filters": filters,
                "status_labels": STATUS_LABELS,
                "scope_name": scope_name,
                "stylesheet": STYLESHEET.read_text(encoding="utf-8"),
                "font_dir": FONT_DIR.as_uri(),
            },
        )
        name = _("%(scope)s%(cycle)s年度汇总报告") % {"scope": scope_name, "cycle": filters.cycle}
        try:
            pdf = pdf_of(html, what=f"cohort summary of {scope_name} {filters.cycle}")
        except ReportError as exc:
            messages.error(request, str(exc))
            return redirect(f"{reverse('cohort_dashboard')}?{request.GET.urlencode()}")
        return attachment(pdf, f"{name}.pdf", "application/pdf")
    raise Http404


def _table(frame, levels, dimensions, document):
    pillars = [p["code"] for p in document["pillars"]]
    dims = [d["code"] for p in document["pillars"] for d in p["dimensions"]]
    codes = [i["code"] for i in indicators_of(document)]
    stage_names = {s["code"]: s["name"] for s in document["stages"]}
    header = [_("中心"), _("省份"), _("地市"), _("地区"), _("资源类型"), _("状态"), _("总分"), _("成熟度阶段"), *pillars, *dims]
    rows, level_rows = [], []
    for row in frame.to_dict("records"):
        dim_values = dimensions.loc[row["centre_id"]] if row["centre_id"] in dimensions.index else {}
        rows.append(
            [
                row["name"],
                row["province"],
                row["prefecture"],
                row["region"],
                row["resource_tier"],
                str(STATUS_LABELS[row["status"]]),
                _cell(row.get("overall")),
                stage_names.get(row.get("stage_code"), ""),
                *[_cell(row.get(c)) for c in pillars],
                *[_cell(dim_values.get(c)) if len(dim_values) else None for c in dims],
            ]
        )
        if row["centre_id"] in levels.index:
            values = levels.loc[row["centre_id"]]
            level_rows.append([row["name"], row["province"], *[_cell(values.get(c), digits=0) for c in codes]])
    return header, rows, [_("中心"), _("省份"), *codes], level_rows


def _cell(value, digits: int = 1):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits) if digits else int(value)
