"""The result of an assessment as the result page and the PDF show it: one context, two renderings (their
charts are drawn by ``assessment.presenters.results``).

Read from the stored snapshot once submitted; computed live (and marked as a draft) before that.
"""

from django.conf import settings

from assessment.advice import recommend
from assessment.benchmark import Profile, frontier_result, learn_from, peer_exemplars, year_over_year
from assessment.cohort import cohort_percentiles
from assessment.models import Assessment, Centre
from assessment.scales import Size
from assessment.scoring import score_assessment
from assessment.selectors.assessments import answer_values, snapshot_latest
from assessment.selectors.cohort import SELF, VERIFIED, cohort_frame, snapshot_previous


def centre_profile(centre: Centre) -> Profile:
    return Profile(province=centre.province, region=centre.region, tier=centre.resource_tier, population=centre.population)


def assessment_result(*, assessment: Assessment, reading: str = SELF) -> dict:
    """Everything the result page shows, in ``reading`` (自评, or 核实后: the snapshot's 核实后 result where it
    has one, else the same as 自评; a draft has only its own): ``result`` (scores), ``snapshot`` (None for a draft),
    ``is_draft``, ``frontier``, ``pillar_rows`` (each pillar with its frontier score), ``learn_from``,
    ``peers``, ``advice`` (recommendations), ``cohort`` (percentiles by ``group``, submitted only) and ``yoy``."""
    framework = assessment.framework.spec
    centre = assessment.centre
    snapshot = snapshot_latest(assessment=assessment) if assessment.is_submitted else None
    if snapshot is not None:
        result = (snapshot.verified_result if reading == VERIFIED else None) or snapshot.result
        advice = recommend(framework, result, tier=result.get("advice_tier", centre.resource_tier))
    else:
        result = score_assessment(framework, answer_values(assessment=assessment), size=Size.of(centre))
        advice = recommend(framework, result, tier=centre.resource_tier)
    profile = centre_profile(centre)
    frontier = frontier_result(framework)
    pillars = result["pillars"]
    context = {
        "result": result,
        "snapshot": snapshot,
        "is_draft": snapshot is None,
        "frontier": frontier,
        "pillar_rows": [{**p, "frontier": f["score"]} for p, f in zip(pillars, frontier["pillars"], strict=True)],
        "learn_from": learn_from(framework, result, profile),
        "peers": peer_exemplars(framework, profile),
        "advice": advice,
        "cohort": None,
        "yoy": None,
        "min_group": settings.COHORT_MIN_GROUP_SIZE,
    }
    context["history"] = list(
        assessment.snapshots.order_by("-created_at", "-id").values("created_at", "overall_score", "is_current")
    )
    if snapshot is not None:
        context["cohort"] = _cohort(assessment, centre, [p["code"] for p in pillars], reading)
        previous = snapshot_previous(assessment=assessment)
        if previous is not None:
            context["yoy"] = year_over_year(result, previous.result, framework, previous.framework.spec)
            if context["yoy"] is not None:
                context["yoy"]["previous_cycle"] = previous.assessment.cycle
    return context


def _cohort(assessment, centre, pillar_codes, reading) -> list[dict]:
    rows = cohort_percentiles(
        cohort_frame(cycle=assessment.cycle, reading=reading),
        centre_id=centre.pk,
        pillar_codes=pillar_codes,
        min_group=settings.COHORT_MIN_GROUP_SIZE,
    )
    return rows
