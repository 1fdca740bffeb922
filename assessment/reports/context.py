"""The report's context: the result page's context (the same data, from the stored snapshot), arranged
for a printed document, plus the executive summary, the action plan and the appendix of every answer."""

from django.utils import timezone

from assessment.kinds import AnswerValue, answer_words
from assessment.models import Assessment
from assessment.presenters.questionnaire import answer_check
from assessment.presenters.results import result_page
from assessment.presenters.reviews import SELF
from assessment.selectors.assessments import answers_by_code

SUMMARY_COUNT = 3


def report_context(*, assessment: Assessment, reading: str = SELF) -> dict:
    """Everything the PDF shows (see ``result_page`` for the shared part) plus ``summary``
    (strongest and weakest dimensions), ``sections`` (one per pillar), ``appendix``, ``action_items``
    and ``generated_at``."""
    context = result_page(assessment=assessment, reading=reading)
    result = context["result"]
    dimensions = [{**d, "pillar": p["short_title"]} for p in result["pillars"] for d in p["dimensions"] if d["score"] is not None]
    learn = {p["code"]: p for p in context["learn_from"]}
    advice = {p["code"]: p["items"] for p in context["advice"]["pillars"]}
    sections = []
    for n, pillar in enumerate(context["pillar_rows"]):
        cohort = [
            {"label": row["label"], "size": row["size"], "percentile": row["pillars"][n]["percentile"]}
            for row in context["cohort"] or []
            if not row["too_small"]
        ]
        sections.append(
            {"pillar": pillar, "learn": learn.get(pillar["code"]), "cohort": cohort, "advice": advice.get(pillar["code"], [])}
        )
    context.update(
        summary={
            "strongest": sorted(dimensions, key=lambda d: (-d["score"], d["code"]))[:SUMMARY_COUNT],
            "weakest": sorted(dimensions, key=lambda d: (d["score"], d["code"]))[:SUMMARY_COUNT],
        },
        sections=sections,
        appendix=_appendix(assessment, {r["code"]: r["measure"].text for r in context["number_rows"] if r["measure"]}),
        action_items=list(assessment.action_items.all()),
        generated_at=timezone.localtime(),
        assessment=assessment,
        centre=assessment.centre,
    )
    return context


def _appendix(assessment: Assessment, measures: dict[str, str]) -> list[dict]:
    """Every answer in words, a number with its scale, raw and normalised figure (``measures``, by code)."""
    answers = answers_by_code(assessment=assessment)
    pillars = []
    for pillar in assessment.framework.spec.pillars:
        rows = []
        for indicator in pillar.indicators:
            answer = answers.get(indicator.code)
            rows.append(
                {
                    "code": indicator.code,
                    "title": indicator.title,
                    "answer": answer_words(indicator, AnswerValue.of(answer)),
                    "check": answer_check(indicator, answer, assessment.centre),
                    "measure": measures.get(indicator.code, ""),
                    "evidence_note": answer.evidence_note if answer else "",
                    "evidence_url": answer.evidence_url if answer else "",
                }
            )
        pillars.append({"code": pillar.code, "title": pillar.title, "rows": rows})
    return pillars
