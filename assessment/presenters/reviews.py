"""The review page: each indicator of a submitted assessment with the centre's answer, its evidence, the
verdict given and the levels an administrator may read it at; and the two readings of a score in words."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.kinds import MAX_LEVEL, AnswerValue, BooleanKind, NumberKind, answer_words
from assessment.models import Assessment, IndicatorReview
from assessment.presenters.questionnaire import answer_check
from assessment.scales import normalised_display
from assessment.selectors.assessments import answers_by_code
from assessment.selectors.cohort import SELF, VERIFIED
from assessment.selectors.reviews import query_comments, reviews_by_code

READINGS = {SELF: gettext_lazy("自评"), VERIFIED: gettext_lazy("核实后")}
READING_NOTES = {
    SELF: gettext_lazy("自评得分：各中心提交时的得分。"),
    VERIFIED: gettext_lazy(
        "核实后得分：省级核实中标为存疑的指标按核实人的判断计分或不计入；未经核实、或核实中没有改变任何指标计分的中心，"
        "核实后得分与自评得分相同。"
    ),
}


def reading_of(value) -> str:
    """The reading a query string asks for (``?reading=self|verified``); anything else is the default, 自评."""
    return VERIFIED if value == VERIFIED else SELF


def reading_context(reading: str) -> dict:
    """What a page or file says about the reading it shows: ``reading``, ``reading_label``, ``reading_note``."""
    return {"reading": reading, "reading_label": str(READINGS[reading]), "reading_note": str(READING_NOTES[reading])}


def admin_level_choices(indicator) -> list[tuple[int, str]]:
    """The levels an administrator may read an indicator at: a level indicator's five descriptions, a
    number's bands between its thresholds (on its scale), a yes/no's 是 (4) and 否 (0)."""
    if indicator.kind == BooleanKind.code:
        return [(MAX_LEVEL, _("是（4 级）")), (0, _("否（0 级）"))]
    if indicator.kind == NumberKind.code:
        bands = [normalised_display(t, indicator.scale, indicator.unit) for t in indicator.thresholds]
        return [(0, _("0 级：低于 %(bound)s") % {"bound": bands[0]})] + [
            (n, _("%(level)d 级：达到 %(bound)s") % {"level": n, "bound": bound}) for n, bound in enumerate(bands, start=1)
        ]
    return [(n, _("%(level)d 级：%(text)s") % {"level": n, "text": text}) for n, text in enumerate(indicator.levels_local)]


def review_rows(*, assessment: Assessment) -> list[dict]:
    """Every pillar of the assessment with its indicators as the review page shows them:
    ``[{code, title, indicators: [{indicator, answer, check, evidence_note, evidence_url, review, comments,
    level_choices}]}]`` (three queries)."""
    answers = answers_by_code(assessment=assessment)
    reviews = reviews_by_code(assessment=assessment)
    comments = query_comments(assessment=assessment)
    pillars = []
    for pillar in assessment.framework.spec.pillars:
        rows = []
        for indicator in pillar.indicators:
            answer = answers.get(indicator.code)
            rows.append(
                {
                    "indicator": indicator,
                    "answer": answer_words(indicator, AnswerValue.of(answer)),
                    "check": answer_check(indicator, answer, assessment.centre),
                    "evidence_note": answer.evidence_note if answer else "",
                    "evidence_url": answer.evidence_url if answer else "",
                    "review": reviews.get(indicator.code),
                    "comments": comments.get(indicator.code, []),
                    "level_choices": admin_level_choices(indicator),
                }
            )
        pillars.append({"code": pillar.code, "title": pillar.title, "indicators": rows})
    return pillars


def review_counts(pillars: list[dict]) -> dict:
    """How far the review has come: ``{total, verified, queried, waiting}``."""
    rows = [row for p in pillars for row in p["indicators"]]
    verdicts = [row["review"].verdict if row["review"] else "" for row in rows]
    return {
        "total": len(rows),
        "verified": verdicts.count(IndicatorReview.Verdict.VERIFIED),
        "queried": verdicts.count(IndicatorReview.Verdict.QUERIED),
        "waiting": verdicts.count(""),
    }


def return_comment(queried: list[dict]) -> str:
    """The reason a return starts from: one line per queried indicator with its latest query comment."""
    return "\n".join(f"{row['code']} {row['title']}：{row['comment'].text if row['comment'] else ''}" for row in queried)
