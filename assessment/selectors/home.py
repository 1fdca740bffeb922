"""What the home pages show: a centre's last result with its change from the cycle before and the next
steps its recommendations give, and where the current cycle's answers stand."""

from assessment.advice import recommend
from assessment.benchmark import year_over_year
from assessment.models import Assessment, Centre, Comment, ResultSnapshot
from assessment.scales import Size
from assessment.scoring import score_assessment
from assessment.selectors.assessments import answer_values
from assessment.selectors.cohort import snapshot_previous

NEXT_STEPS = 3  # how many of the recommendations the lead's home page lists (product design)


def last_result(*, centre: Centre) -> dict | None:
    """The centre's latest submitted result: ``{assessment, score, stage, yoy, next_steps}``, where ``yoy``
    is its change from the cycle before (as the result page compares them: on the indicators both answered,
    through the framework mapping when the versions differ; None when nothing compares) and ``next_steps``
    the first ``NEXT_STEPS`` of its recommendations. None before any submission."""
    snapshot = (
        ResultSnapshot.objects.filter(is_current=True, assessment__centre=centre, assessment__status=Assessment.Status.SUBMITTED)
        .select_related("assessment__framework", "assessment__centre")
        .order_by("-assessment__cycle")
        .first()
    )
    if snapshot is None:
        return None
    assessment, result = snapshot.assessment, snapshot.result
    framework = assessment.framework.spec
    yoy = None
    previous = snapshot_previous(assessment=assessment)
    if previous is not None:
        yoy = year_over_year(result, previous.result, framework, previous.framework.spec)
        if yoy is not None:
            yoy["previous_cycle"] = previous.assessment.cycle
    advice = recommend(framework, result, tier=result.get("advice_tier", centre.resource_tier))
    return {
        "assessment": assessment,
        "score": snapshot.overall_score,
        "stage": result.get("stage"),
        "yoy": yoy,
        "next_steps": advice["top"][:NEXT_STEPS],
    }


def draft_progress(*, assessment: Assessment) -> dict:
    """Where a cycle's answers stand: ``answered`` (answered or marked not applicable) of ``total``, their
    ``percent``, and ``open_comments`` (comments nobody has marked resolved)."""
    result = score_assessment(assessment.framework.spec, answer_values(assessment=assessment), size=Size.of(assessment.centre))
    answered, total = result["answered"], result["total"]
    return {
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
        "open_comments": Comment.objects.filter(assessment=assessment, resolved_at=None).count(),
    }
