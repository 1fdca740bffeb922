"""The demo answer: what every demo generator stores for an indicator at a drawn level.

The value comes from the indicator's kind (``Kind.demo``), so a level, a number in its band and a
yes/no mean the same in the hand-made seed, the generated cohort and the load test; every answer's
note says it is demo data.
"""

from assessment.framework.spec import Scale
from assessment.kinds import AnswerValue
from assessment.scales import NO_VILLAGES_REASON, Size

DEMO_NOTE = "演示数据，非真实填报。"
NA_REASON = "演示：本县不适用"


def demo_value(indicator, level: int, fraction: float, *, not_applicable: bool = False, size: Size | None = None) -> AnswerValue:
    """The demo answer to ``indicator`` that scores ``level`` in a county of ``size``, ``fraction``
    (0 ≤ f < 1) of the way through the level's range where the kind has one (a number read against the
    county's size is that practice turned into the county's own figure); or "not applicable", with the
    demo reason. A county with no villages or communities answers their coverage as not applicable, with
    the reason the questionnaire offers."""
    if indicator.scale == Scale.SHARE_OF_VILLAGES and size is not None and size.villages == 0:
        return AnswerValue(not_applicable=True, na_reason=str(NO_VILLAGES_REASON), evidence_note=DEMO_NOTE)
    if not_applicable:
        return AnswerValue(not_applicable=True, na_reason=NA_REASON, evidence_note=DEMO_NOTE)
    kind = indicator.kind_spec
    return AnswerValue(**{kind.column: kind.demo(indicator, level, fraction, size)}, evidence_note=DEMO_NOTE)
