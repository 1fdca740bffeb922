"""Administrators compare the centres of their scope: dashboard, side-by-side comparison, exports."""

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.access import scope_of
from assessment.cohort import anonymised_aggregates
from assessment.converters import ID_MAX
from assessment.exports import Column, Kind, Sheet, sheet_csv, sheets_xlsx
from assessment.forms import CohortFilterForm
from assessment.framework.spec import Scale
from assessment.models import Centre, ResourceTier
from assessment.presenters.dashboard import STATUS_LABELS, centres_compare_svg, dashboard_page_cached, scope_name
from assessment.presenters.reviews import READINGS, reading_context
from assessment.regions import Region
from assessment.reports.render import ReportError, cohort_filename, cohort_pdf
from assessment.scales import unscored_text
from assessment.selectors.cohort import cycles_with_data, snapshot_numbers
from assessment.selectors.dashboard import (
    CohortFilters,
    cohort_table,
    submission_dates,
    template_rows,
)
from assessment.selectors.framework import framework_current
from assessment.views.downloads import attachment
from assessment.views.home import current_cycle

# A centre id of the query string, in the range of the id column (past it SQLite raises OverflowError).
CENTRE_ID = forms.IntegerField(min_value=1, max_value=ID_MAX)


def _filters(request, scope, framework) -> tuple[CohortFilters, CohortFilterForm]:
    cycles = cycles_with_data(scope=scope) or [current_cycle()]
    stages = [(s.code, s.name) for s in framework.stages]
    pillars = [(p.code, p.short_title) for p in framework.pillars]
    data = request.GET.copy()
    data.setdefault("cycle", str(cycles[0]))
    form = CohortFilterForm(data, scope=scope, cycles=cycles, stages=stages, pillars=pillars)
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


def _framework():
    framework = framework_current()
    if framework is None:
        raise Http404
    return framework.spec


@login_required
def cohort_dashboard_view(request):
    scope = scope_of(request.user)
    framework = _framework()
    filters, form = _filters(request, scope, framework)
    context = dashboard_page_cached(scope=scope, filters=filters, framework=framework)
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
            **reading_context(filters.reading),
            **context,
        },
    )


@login_required
def cohort_compare(request):
    scope = scope_of(request.user)
    framework = _framework()
    filters, _form = _filters(request, scope, framework)
    try:
        ids = sorted({CENTRE_ID.clean(value) for value in request.GET.getlist("centre")})
    except ValidationError:
        raise Http404 from None  # no centre has that id
    if not 2 <= len(ids) <= 6:
        messages.error(request, _("请选择 2 至 6 个中心进行对比。"))
        return render(
            request, "cohort/compare.html", {"rows": [], "filters": filters, **reading_context(filters.reading)}, status=400
        )
    if Centre.objects.in_scope(scope).filter(pk__in=ids).count() != len(ids):
        raise Http404  # a centre outside the scope, or none at all
    frame, _levels, _dims = cohort_table(
        scope=scope, filters=CohortFilters(cycle=filters.cycle, province=filters.province, reading=filters.reading)
    )
    pillars = [(p.code, p.short_title) for p in framework.pillars]
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
            **reading_context(filters.reading),
        },
    )


@login_required
def cohort_export(request, fmt):
    scope = scope_of(request.user)
    framework = _framework()
    filters, _form = _filters(request, scope, framework)
    scope_words = scope_name(scope)
    if fmt in ("csv", "xlsx"):
        frame, levels, dimensions = cohort_table(scope=scope, filters=filters, with_dimensions=True)
        scores, indicator_levels = _centre_sheets(
            frame,
            levels,
            dimensions,
            framework,
            submitted_on=submission_dates(scope=scope, cycle=filters.cycle),
            reading=filters.reading,
        )
        name = _("%(scope)s%(cycle)s年度中心得分（%(reading)s）") % {
            "scope": scope_words,
            "cycle": filters.cycle,
            "reading": READINGS[filters.reading],
        }
        if fmt == "csv":
            return attachment(sheet_csv(scores), f"{name}.csv", "text/csv; charset=utf-8")
        numbers = _number_sheet(frame, framework, snapshot_numbers(centre_ids=levels.index, cycle=filters.cycle))
        content = sheets_xlsx([scores, indicator_levels, numbers])
        return attachment(content, f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if fmt in ("json", "aggregate.csv"):
        # The whole scope of the cycle, whatever the dashboard's other filters: two files of overlapping
        # filtered cohorts would give away the centres in one but not the other by subtraction.
        frame, _levels, _dims = cohort_table(scope=scope, filters=CohortFilters(cycle=filters.cycle))
        codes = ["overall", *[p.code for p in framework.pillars]]
        for code in codes:
            if code not in frame:
                frame[code] = float("nan")
        aggregates = anonymised_aggregates(frame, codes, min_group=settings.COHORT_MIN_GROUP_SIZE)
        name = _("%(scope)s%(cycle)s年度汇总（匿名）") % {"scope": scope_words, "cycle": filters.cycle}
        if fmt == "json":
            body = json.dumps(
                {"cycle": filters.cycle, "min_group_size": settings.COHORT_MIN_GROUP_SIZE, "groups": aggregates},
                ensure_ascii=False,
                indent=2,
            )
            return attachment(body.encode("utf-8"), f"{name}.json", "application/json")
        return attachment(sheet_csv(_aggregate_sheet(aggregates, framework)), f"{name}.csv", "text/csv; charset=utf-8")
    if fmt == "pdf":
        try:
            pdf = cohort_pdf(scope=scope, filters=filters, framework=framework)
        except ReportError as exc:
            messages.error(request, str(exc))
            return redirect(f"{reverse('assessment:cohort_dashboard')}?{request.GET.urlencode()}")
        return attachment(pdf, cohort_filename(scope, filters.cycle), "application/pdf")
    raise Http404


# --- The cohort's files -------------------------------------------------------------------------------
# Words for people in the first header row and in the cells; the codes for machines in the second header
# row and in the code columns at the end (see assessment/exports.py).

CENTRE_COLUMNS = [
    Column(gettext_lazy("中心"), "centre"),
    Column(gettext_lazy("省份"), "province"),
    Column(gettext_lazy("地市"), "prefecture"),
    Column(gettext_lazy("地区"), "region_label"),
    Column(gettext_lazy("资源类型"), "resource_tier_label"),
    Column(gettext_lazy("状态"), "status_label"),
    Column(gettext_lazy("提交日期"), "submitted_on", Kind.DATE),
    Column(gettext_lazy("总分"), "overall", Kind.SCORE),
    Column(gettext_lazy("成熟度阶段"), "stage_label"),
]
CENTRE_CODE_COLUMNS = [
    Column(gettext_lazy("中心编号"), "centre_id", Kind.INTEGER),
    Column(gettext_lazy("地区代码"), "region"),
    Column(gettext_lazy("资源类型代码"), "resource_tier"),
    Column(gettext_lazy("状态代码"), "status"),
    Column(gettext_lazy("阶段代码"), "stage"),
]
READING_COLUMN = Column(gettext_lazy("得分类型"), "reading")  # 自评 or 核实后, the same in every row of a file
GROUPING_LABELS = {"province": gettext_lazy("省份"), "region": gettext_lazy("地区"), "resource_tier": gettext_lazy("资源类型")}


def _words(item, key: str) -> str:
    """A pillar's, dimension's, indicator's or stage's wording from the framework: the Chinese ``key``
    (``title``, ``short_title``, ``name``), or the framework's English one for a user who chose English."""
    if not (translation.get_language() or "zh").startswith("zh"):
        english = getattr(item, "name_en" if key == "name" else "title_en", "")
        if english:
            return english
    return getattr(item, key)


def _choice_words(choices) -> dict[str, str]:
    return {code: str(label) for code, label in choices}


def _centre_sheets(frame, levels, dimensions, framework, *, submitted_on: dict, reading: str = "self") -> tuple[Sheet, Sheet]:
    """The centres' scores (one row per centre in the filtered scope) and their indicator levels (one row
    per submitted centre) as two export sheets, in ``reading`` (自评 or 核实后: said in a column of every
    row of the scores, and in the titles of both sheets when 核实后)."""
    reading_words = str(READINGS[reading])
    suffix = "" if reading == "self" else _("（%(reading)s）") % {"reading": reading_words}
    pillars = framework.pillars
    dims = [d for p in pillars for d in p.dimensions]
    indicators = framework.indicators
    stage_words = {s.code: _words(s, "name") for s in framework.stages}
    regions, tiers = _choice_words(Region.choices), _choice_words(ResourceTier.choices)
    statuses = {code: str(label) for code, label in STATUS_LABELS.items()}

    table = frame if dimensions.empty else frame.join(dimensions, on="centre_id")
    score_codes = [p.code for p in pillars] + [d.code for d in dims]
    table = table.reindex(columns=[*frame.columns.drop(score_codes, errors="ignore"), *score_codes])
    rows = [
        [
            row["name"],
            row["province"],
            row["prefecture"],
            regions.get(row["region"], row["region"]),
            tiers.get(row["resource_tier"], row["resource_tier"]),
            statuses[row["status"]],
            submitted_on.get(row["centre_id"]),
            row["overall"],
            stage_words.get(row["stage_code"], ""),
            *[row[code] for code in score_codes],
            reading_words,
            row["centre_id"],
            row["region"],
            row["resource_tier"],
            row["status"],
            row["stage_code"],
        ]
        for row in table.to_dict("records")
    ]
    scores = Sheet(
        title=_("中心得分") + suffix,
        columns=[
            *CENTRE_COLUMNS,
            *[Column(_words(p, "short_title"), p.code, Kind.SCORE) for p in pillars],
            *[Column(_words(d, "title"), d.code, Kind.SCORE) for d in dims],
            READING_COLUMN,
            *CENTRE_CODE_COLUMNS,
        ],
        rows=rows,
    )

    codes = [i.code for i in indicators]
    named = frame.loc[frame["centre_id"].isin(levels.index), ["centre_id", "name", "province"]]
    values = levels.reindex(index=named["centre_id"], columns=codes).values.tolist()
    level_rows = [
        [name, province, *levels_of, centre_id]
        for (centre_id, name, province), levels_of in zip(named.values.tolist(), values, strict=True)
    ]
    indicator_levels = Sheet(
        title=_("指标等级") + suffix,
        columns=[
            CENTRE_COLUMNS[0],
            CENTRE_COLUMNS[1],
            *[Column(_words(i, "title"), i.code, Kind.INTEGER) for i in indicators],
            CENTRE_CODE_COLUMNS[0],
        ],
        rows=level_rows,
    )
    return scores, indicator_levels


NUMBER_COLUMNS = [
    CENTRE_COLUMNS[0],
    CENTRE_COLUMNS[1],
    Column(gettext_lazy("指标编码"), "indicator"),
    Column(gettext_lazy("指标"), "indicator_title"),
    Column(gettext_lazy("评分口径"), "scale_label"),
    Column(gettext_lazy("单位"), "unit"),
    Column(gettext_lazy("填报值"), "value", Kind.NUMBER),
    Column(gettext_lazy("折算值"), "normalised", Kind.NUMBER),
    Column(gettext_lazy("等级"), "level", Kind.INTEGER),
    Column(gettext_lazy("未评级原因"), "unscored_reason", wrap=True),
    CENTRE_CODE_COLUMNS[0],
    Column(gettext_lazy("评分口径代码"), "scale"),
]


def _number_sheet(frame, framework, numbers: dict[int, list[dict]]) -> Sheet:
    """Each submitted centre's number indicators, one row each: the scale, the raw figure and the figure
    its thresholds were applied to (a share as a fraction 0–1), as stored with its snapshot. A snapshot
    from before numbers had scales reads as absolute."""
    named = frame.set_index("centre_id")[["name", "province"]].to_dict("index")
    rows = []
    for centre_id, figures in numbers.items():
        for row in figures:
            indicator = framework.indicator(row["code"])
            scale = Scale(row.get("scale") or Scale.ABSOLUTE)
            normalised = row["value"] if scale == Scale.ABSOLUTE else row.get("normalised")
            rows.append(
                [
                    named[centre_id]["name"],
                    named[centre_id]["province"],
                    row["code"],
                    _words(indicator, "title") if indicator else row["title"],
                    str(scale.label),
                    indicator.unit if indicator else "",
                    row["value"],
                    normalised,
                    row["level"],
                    unscored_text(scale, row["unscored"]) if row.get("unscored") else "",
                    centre_id,
                    str(scale),
                ]
            )
    rows.sort(key=lambda r: (r[1], r[0], r[2]))
    return Sheet(title=_("数值指标"), columns=NUMBER_COLUMNS, rows=rows)


def _aggregate_sheet(aggregates: list[dict], framework) -> Sheet:
    """The anonymised aggregates (see ``anonymised_aggregates``) as an export sheet; its keys are the JSON's."""
    pillars = framework.pillars
    words = {"region": _choice_words(Region.choices), "resource_tier": _choice_words(ResourceTier.choices)}
    columns = [
        Column(_("分组方式"), "grouping_label"),
        Column(_("组"), "group_label"),
        Column(_("中心数"), "centres", Kind.INTEGER),
        Column(_("已提交"), "submitted", Kind.INTEGER),
        Column(_("数字已隐藏"), "suppressed", Kind.YES_NO),
        Column(_("平均总分"), "mean_overall", Kind.SCORE),
        *[Column(_("平均分：%(pillar)s") % {"pillar": _words(p, "short_title")}, f"mean_{p.code}", Kind.SCORE) for p in pillars],
        Column(_("分组方式代码"), "grouping"),
        Column(_("组代码"), "group"),
    ]
    rows = [
        [
            str(GROUPING_LABELS[row["grouping"]]),
            words.get(row["grouping"], {}).get(row["group"], row["group"]),
            *[row.get(column.key) for column in columns[2:]],
        ]
        for row in aggregates
    ]
    return Sheet(title=_("匿名汇总"), columns=columns, rows=rows)
