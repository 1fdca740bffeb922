"""Reading stored snapshot scores for cohort comparisons."""

import pandas as pd

from assessment.models import Assessment, ResultSnapshot

FRAME_COLUMNS = ["centre_id", "province", "region", "resource_tier", "overall"]


def cohort_frame(*, cycle: int) -> pd.DataFrame:
    """One row per submitted assessment of ``cycle`` (its current snapshot), with a column per pillar
    code; one query."""
    rows = ResultSnapshot.objects.filter(
        is_current=True, assessment__cycle=cycle, assessment__status=Assessment.Status.SUBMITTED
    ).values_list(
        "assessment__centre_id",
        "assessment__centre__province",
        "assessment__centre__region",
        "assessment__centre__resource_tier",
        "overall_score",
        "pillar_scores",
    )
    rows = list(rows)
    frame = pd.DataFrame([r[:5] for r in rows], columns=FRAME_COLUMNS)
    pillars = pd.DataFrame([r[5] for r in rows], index=frame.index, dtype="float64")
    return pd.concat([frame, pillars], axis=1)


def snapshot_previous(*, assessment: Assessment) -> ResultSnapshot | None:
    """The current snapshot of the centre's latest submitted assessment of an earlier cycle."""
    return (
        ResultSnapshot.objects.filter(
            is_current=True,
            assessment__centre_id=assessment.centre_id,
            assessment__cycle__lt=assessment.cycle,
            assessment__status=Assessment.Status.SUBMITTED,
        )
        .select_related("assessment")
        .order_by("-assessment__cycle")
        .first()
    )
