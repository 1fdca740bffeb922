"""What if: the projected scores if chosen indicators reached chosen levels. Nothing is stored."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from assessment.access import assessment_for
from assessment.kinds import MAX_LEVEL
from assessment.scoring import result_rows, score_levels
from assessment.selectors.results import assessment_result
from assessment.views.pages import form_render

# The target levels as a query string carries them ("²" or "٣" pass str.isdigit() but are no level).
LEVEL_TEXTS = {str(level) for level in range(MAX_LEVEL + 1)}


@login_required
def assessment_what_if(request, pk):
    assessment, membership = assessment_for(request.user, pk)
    current = assessment_result(assessment=assessment)["result"]
    rows = [row for row in result_rows(current) if not row["not_applicable"]]
    levels = {row["code"]: row["level"] or 0 for row in rows}
    targets, errors = {}, []
    for code, raw in request.GET.items():
        if code not in levels:
            errors.append(_("指标 %(code)s 不存在或不适用，已忽略。") % {"code": code})
            continue
        if raw == "":
            continue
        if raw not in LEVEL_TEXTS:
            errors.append(_("%(code)s 的目标等级只能是 0–4，已忽略。") % {"code": code})
            continue
        targets[code] = int(raw)
    projected = score_levels(assessment.framework.spec, {**levels, **targets}) if targets else None
    comparison = None
    if projected:
        comparison = [
            {"title": p["title"], "now": p["score"], "then": q["score"]}
            for p, q in zip(current["pillars"], projected["pillars"], strict=True)
        ]
    choices = [{**row, "target": targets.get(row["code"])} for row in rows if (row["level"] or 0) < MAX_LEVEL]
    return form_render(
        request,
        "assessment/what_if.html",
        {
            "assessment": assessment,
            "current": current,
            "projected": projected,
            "comparison": comparison,
            "choices": choices,
            "errors": errors,
            "levels": range(MAX_LEVEL + 1),
        },
        refused=errors,
    )
