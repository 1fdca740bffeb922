"""Reads on assessments."""

from django.db.models import F

from assessment.kinds import AnswerValue
from assessment.models import Answer, Assessment, Centre, ResultSnapshot


def answers_by_code(*, assessment: Assessment) -> dict[str, Answer]:
    """Every answer of ``assessment`` keyed by indicator code (one query)."""
    answers = Answer.objects.filter(assessment=assessment).annotate(code=F("indicator__code"))
    return {a.code: a for a in answers}


def answer_values(*, assessment: Assessment) -> dict[str, AnswerValue]:
    """The answers keyed by indicator code, as values (one query)."""
    return {code: AnswerValue.of(a) for code, a in answers_by_code(assessment=assessment).items()}


def centre_assessments(*, centre: Centre) -> list[Assessment]:
    return list(Assessment.objects.filter(centre=centre).select_related("framework").order_by("-cycle"))


def snapshot_latest(*, assessment: Assessment) -> ResultSnapshot | None:
    return ResultSnapshot.objects.filter(assessment=assessment).order_by("-created_at", "-id").first()


def carried_waiting(*, assessment: Assessment) -> list[dict]:
    """The carried answers nobody has confirmed or changed yet, in framework order (one query):
    ``[{code, carry, carried_from}]``."""
    rows = (
        Answer.objects.filter(assessment=assessment)
        .exclude(carry="")
        .order_by("indicator__position")
        .values("carry", "carried_from", code=F("indicator__code"))
    )
    return list(rows)


def assessment_to_carry_from(*, centre: Centre, cycle: int) -> Assessment | None:
    """The centre's latest submitted assessment of a cycle before ``cycle``: the answers a new cycle may
    begin from."""
    return (
        Assessment.objects.filter(centre=centre, cycle__lt=cycle, status=Assessment.Status.SUBMITTED)
        .select_related("framework")
        .order_by("-cycle")
        .first()
    )
