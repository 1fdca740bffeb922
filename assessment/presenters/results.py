"""The result page (and the report that prints it): a centre's scores as the radar and bar charts."""

from django.utils.translation import gettext as _

from assessment.charts import Series, bars_svg, radar_svg
from assessment.framework.spec import Scale
from assessment.models import Assessment
from assessment.presenters.reviews import SELF, reading_context
from assessment.regions import Region
from assessment.scales import measure_of
from assessment.scoring import result_rows
from assessment.selectors.results import assessment_result

OWN_COLOUR = "#0d6efd"
FRONTIER_COLOUR = "#b35c00"


def number_rows(framework, result: dict) -> list[dict]:
    """The number indicators of a result with their scale, raw and normalised figures side by side and
    their level, or why they have none: ``[{code, title, level, not_applicable, measure}]`` (``measure``:
    a ``scales.Measure``, None when unanswered). Read from the result alone, so a snapshot shows the
    figures it was scored with."""
    rows = []
    for row in result_rows(result):
        if row.get("kind") != "number":
            continue
        indicator = framework.indicator(row["code"])
        rows.append(
            {
                "code": row["code"],
                "title": row["title"],
                "level": row["level"],
                "not_applicable": row["not_applicable"],
                "measure": measure_of(row, indicator.unit if indicator else ""),
                "scale": Scale(row.get("scale") or Scale.ABSOLUTE).label,
            }
        )
    return rows


def result_page(*, assessment: Assessment, reading: str = SELF) -> dict:
    """``assessment_result`` with ``number_rows`` and its charts: ``radar_svg`` (own scores and the exemplar frontier) and, in
    each of ``pillar_rows``, ``bars_svg`` (the pillar's dimension scores); each ``cohort`` row's ``label``
    (the comparison group in words); ``reading``, ``reading_label`` and ``reading_note`` (which reading of
    the scores it shows)."""
    context = {**assessment_result(assessment=assessment, reading=reading), **reading_context(reading)}
    pillars = context["result"]["pillars"]
    context["number_rows"] = number_rows(assessment.framework.spec, context["result"])
    context["radar_svg"] = radar_svg(
        [p["short_title"] for p in pillars],
        [
            Series(label=_("本中心"), values=[p["score"] for p in pillars], colour=OWN_COLOUR),
            Series(
                label=_("典型案例前沿（本平台的综合：各指标取本平台据报告描述评定的最高等级）"),
                values=[p["score"] for p in context["frontier"]["pillars"]],
                colour=FRONTIER_COLOUR,
                dashed=True,
            ),
        ],
        title=_("五个方面得分雷达图"),
    )
    if context["cohort"] is not None:
        centre = assessment.centre
        labels = {
            "province": centre.province,
            "region": Region(centre.region).label,
            "resource_tier": centre.get_resource_tier_display(),
            "nation": _("全国"),
        }
        for row in context["cohort"]:
            row["label"] = labels[row["group"]]
    for row in context["pillar_rows"]:
        row["bars_svg"] = bars_svg(
            [(f"{d['code']} {d['title']}", d["score"]) for d in row["dimensions"]],
            title=_("%(pillar)s 各维度得分") % {"pillar": row["short_title"]},
            chart_id=f"bars-{row['code']}",
        )
    return context
