"""Reading stored snapshot scores for cohort comparisons."""

import pandas as pd

from assessment.models import Assessment, Centre, ResultSnapshot
from assessment.scoring import result_rows

FRAME_COLUMNS = ["centre_id", "province", "region", "resource_tier", "overall"]


SELF, VERIFIED = "self", "verified"  # the two readings of a score: as submitted (自评), and 核实后
SCORE_FIELDS = ["overall_score", "stage_code", "pillar_scores", "indicator_levels", "dimension_scores"]


def reading_rows(queryset, fields: list[str], *, reading: str = SELF) -> list[tuple]:
    """``queryset.values_list(*fields)`` in the given reading: for 核实后, each snapshot's score fields
    (``SCORE_FIELDS``) come from its stored 核实后 figures where it has them, and stay as submitted where it
    has none (not reviewed, or nothing read differently). One query."""
    if reading != VERIFIED:
        return list(queryset.values_list(*fields))
    rows = []
    for *values, verified in queryset.values_list(*fields, "verified_figures"):
        if verified:
            values = [
                verified.get(name, value) if name in SCORE_FIELDS else value for name, value in zip(fields, values, strict=True)
            ]
        rows.append(tuple(values))
    return rows


def cohort_frame(*, cycle: int, reading: str = SELF) -> pd.DataFrame:
    """One row per submitted assessment of ``cycle`` (its current snapshot, in ``reading``), with a column
    per pillar code; one query."""
    snapshots = ResultSnapshot.objects.filter(
        is_current=True, assessment__cycle=cycle, assessment__status=Assessment.Status.SUBMITTED
    )
    rows = reading_rows(
        snapshots,
        [
            "assessment__centre_id",
            "assessment__centre__province",
            "assessment__centre__region",
            "assessment__centre__resource_tier",
            "overall_score",
            "pillar_scores",
        ],
        reading=reading,
    )
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
        .select_related("assessment", "framework")
        .order_by("-assessment__cycle")
        .first()
    )


def scope_frames(
    *, scope, cycle: int, with_dimensions: bool = False, reading: str = SELF
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The cohort of an administrator's scope for ``cycle`` with its scores in ``reading`` (自评 or 核实后,
    see ``reading_rows``), in three queries whatever its size.

    Returns ``(centres, levels, dimensions)``: one row per centre in scope with its status (not_started,
    in_progress, submitted), assessment id, overall score, stage and pillar scores; the indicator levels
    of each submitted centre (index centre_id, NaN for not applicable); and, when asked, the dimension
    scores likewise (else empty).
    """
    centre_rows = list(
        Centre.objects.in_scope(scope).values_list("id", "name", "province", "prefecture", "region", "resource_tier")
    )
    centres = pd.DataFrame(centre_rows, columns=["centre_id", "name", "province", "prefecture", "region", "resource_tier"])
    assessments = Assessment.objects.in_scope(scope).filter(cycle=cycle)
    snapshots = ResultSnapshot.objects.filter(
        scope.centre_filter("assessment__centre"),
        is_current=True,
        assessment__cycle=cycle,
        assessment__status=Assessment.Status.SUBMITTED,
    )
    status = pd.DataFrame(
        list(assessments.values_list("centre_id", "id", "status")), columns=["centre_id", "assessment_id", "assessment_status"]
    )
    fields = ["assessment__centre_id", "overall_score", "stage_code", "pillar_scores", "indicator_levels"]
    if with_dimensions:
        fields.append("dimension_scores")
    snapshot_rows = reading_rows(snapshots, fields, reading=reading)
    scores = pd.DataFrame([r[:3] for r in snapshot_rows], columns=["centre_id", "overall", "stage_code"])
    pillars = pd.DataFrame([r[3] for r in snapshot_rows], index=scores.index, dtype="float64")
    scores = pd.concat([scores, pillars], axis=1)
    ids = [r[0] for r in snapshot_rows]
    levels = pd.DataFrame([r[4] for r in snapshot_rows], index=pd.Index(ids, name="centre_id"), dtype="float64")
    dimensions = (
        pd.DataFrame([r[5] for r in snapshot_rows], index=pd.Index(ids, name="centre_id"), dtype="float64")
        if with_dimensions
        else pd.DataFrame()
    )
    frame = centres.merge(status, on="centre_id", how="left").merge(scores, on="centre_id", how="left")
    frame["status"] = "not_started"
    frame.loc[frame["assessment_status"] == Assessment.Status.DRAFT, "status"] = "in_progress"
    frame.loc[frame["assessment_status"] == Assessment.Status.SUBMITTED, "status"] = "submitted"
    return frame.drop(columns=["assessment_status"]), levels, dimensions


def cycles_with_data(*, scope) -> list[int]:
    assessments = Assessment.objects.in_scope(scope)
    return list(assessments.order_by("-cycle").values_list("cycle", flat=True).distinct())


def snapshot_numbers(*, centre_ids, cycle: int) -> dict[int, list[dict]]:
    """The number rows of the current snapshots of ``cycle`` of these centres (each row as scoring wrote
    it: raw ``value``, ``scale``, ``normalised``, ``level``, ``unscored``), by centre id; one query. Read from
    the stored result, so each shows the figures it was scored with."""
    snapshots = ResultSnapshot.objects.filter(
        is_current=True,
        assessment__cycle=cycle,
        assessment__status=Assessment.Status.SUBMITTED,
        assessment__centre_id__in=list(centre_ids),
    ).values_list("assessment__centre_id", "result")
    return {
        centre_id: [row for row in result_rows(result) if row.get("kind") == "number" and not row["not_applicable"]]
        for centre_id, result in snapshots
        if result  # a snapshot always holds its result; some hand-made test snapshots hold figures only
    }
