"""Reads on assessments."""

from django.db.models import F

from assessment.models import Answer, Assessment, Centre, ResultSnapshot
from assessment.scoring import AnswerValue


def answers_by_code(*, assessment: Assessment) -> dict[str, Answer]:
    """Every answer of ``assessment`` keyed by indicator code (one query)."""
    answers = Answer.objects.filter(assessment=assessment).annotate(code=F("indicator__code"))
    return {a.code: a for a in answers}


def answer_value(answer: Answer) -> AnswerValue:
    """A stored answer as scoring reads it."""
    return AnswerValue(level=answer.level, number=answer.number, boolean=answer.boolean, not_applicable=answer.not_applicable)


def answer_values(*, assessment: Assessment) -> dict[str, AnswerValue]:
    """The answers as scoring reads them (one query)."""
    return {code: answer_value(a) for code, a in answers_by_code(assessment=assessment).items()}


def centre_assessments(*, centre: Centre) -> list[Assessment]:
    return list(Assessment.objects.filter(centre=centre).select_related("framework").order_by("-cycle"))


def snapshot_latest(*, assessment: Assessment) -> ResultSnapshot | None:
    return ResultSnapshot.objects.filter(assessment=assessment).order_by("-created_at", "-id").first()
