"""The administrators' dashboard, comparison and summary PDF: the cohort's figures as charts and words."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.charts import Series, bars_svg, box_plot_svg, heatmap_svg, radar_svg
from assessment.framework.spec import Framework
from assessment.models import AdminScope
from assessment.selectors.dashboard import CohortFilters, cohort_dashboard, cohort_dashboard_cached

STATUS_LABELS = {
    "not_started": gettext_lazy("未开始"),
    "in_progress": gettext_lazy("填报中"),
    "submitted": gettext_lazy("已提交"),
}


def scope_name(scope: AdminScope) -> str:
    """The scope in words for titles and file names: its province, or 全国."""
    return scope.province or _("全国")


PALETTE = ["#0d6efd", "#b35c00", "#198754", "#6f42c1", "#d63384", "#495057"]


def dashboard_page(*, scope: AdminScope, filters: CohortFilters, framework: Framework) -> dict:
    """``cohort_dashboard`` with its charts (see ``with_charts``); the summary PDF prints this."""
    return with_charts(cohort_dashboard(scope=scope, filters=filters, framework=framework))


def dashboard_page_cached(*, scope: AdminScope, filters: CohortFilters, framework: Framework) -> dict:
    """``dashboard_page`` with the figures from the dashboard's cache (``cohort_dashboard_cached``)."""
    return with_charts(cohort_dashboard_cached(scope=scope, filters=filters, framework=framework))


def with_charts(figures: dict) -> dict:
    """The dashboard's figures plus ``box_svg``, ``stage_svg`` and ``heat_svg`` (each None when its group
    is too small to show, or empty), and each progress row's ``title``."""
    pillars, heat, counts, progress = figures["pillars"], figures["heat_rows"], figures["stage_counts"], figures["progress"]
    codes = [code for code, _title in pillars]
    titles = {"overall": _("总分"), **dict(pillars)}
    boxes = [(titles[code], stats) for code, stats in figures["boxes"]]
    return {
        **figures,
        "progress": progress and {**progress, "rows": [{**row, "title": titles[row["column"]]} for row in progress["rows"]]},
        "box_svg": None if figures["too_small"] else box_plot_svg(boxes, title=_("总分与各方面得分分布"), chart_id="box"),
        "stage_svg": None
        if counts is None
        else bars_svg(
            counts,
            title=_("成熟度阶段分布"),
            chart_id="stages",
            max_value=max(count for _name, count in counts) or 1,
            integers=True,
        ),
        "heat_svg": heatmap_svg(
            [str(r["group"]) + f"（{r['n']}）" for r in heat],
            [_("总分"), *[t for _c, t in pillars]],
            [[r["means"][c] for c in ["overall", *codes]] for r in heat],
            title=_("各组平均得分热力图"),
            chart_id="heat",
        )
        if heat
        else None,
    }


def centres_compare_svg(rows: list[dict], pillars: list[tuple[str, str]]) -> str:
    """Radar of 2–6 centres side by side (``rows`` from the cohort frame)."""
    series = [
        Series(label=row["name"], values=[row.get(code) for code, _t in pillars], colour=PALETTE[n % len(PALETTE)])
        for n, row in enumerate(rows)
    ]
    return radar_svg([title for _c, title in pillars], series, title=_("所选中心对比雷达图"), chart_id="compare")
