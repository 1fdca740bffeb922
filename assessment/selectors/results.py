"""The result of an assessment as pages (and later the PDF) show it: from the stored snapshot once
submitted, computed live (and marked as a draft) before that."""

from django.utils.translation import gettext as _

from assessment.charts import Series, radar_svg
from assessment.models import Assessment
from assessment.scoring import score_assessment
from assessment.selectors.assessments import answer_values, snapshot_latest

OWN_COLOUR = "#0d6efd"


def assessment_result(*, assessment: Assessment) -> dict:
    """Template context for the result of ``assessment``: ``result`` (the scoring dict), ``snapshot``
    (None for a draft), ``is_draft``, and the radar chart ``radar_svg``."""
    snapshot = snapshot_latest(assessment=assessment) if assessment.is_submitted else None
    if snapshot is not None:
        result = snapshot.result
    else:
        result = score_assessment(assessment.framework.document, answer_values(assessment=assessment))
    pillars = result["pillars"]
    radar = radar_svg(
        [p["short_title"] for p in pillars],
        [Series(label=_("本中心"), values=[p["score"] for p in pillars], colour=OWN_COLOUR)],
        title=_("五个方面得分雷达图"),
    )
    return {"result": result, "snapshot": snapshot, "is_draft": snapshot is None, "radar_svg": radar}
