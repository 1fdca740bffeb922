"""Scoring is a pure function: hand-computed examples and properties over random answers."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.kinds import AnswerValue, number_level
from assessment.scoring import score_assessment
from tests.builders import two_pillar_framework

DOC = two_pillar_framework()


def scores(answers):
    result = score_assessment(DOC, answers)
    pillars = {p["code"]: p for p in result["pillars"]}
    dims = {d["code"]: d for p in result["pillars"] for d in p["dimensions"]}
    return result, pillars, dims


def test_hand_computed_example():
    result, pillars, dims = scores(
        {
            "P1.D1.I1": AnswerValue(level=3),  # 75, weight 2
            "P1.D1.I2": AnswerValue(number=Decimal(12)),  # 12 >= 10 -> level 2 -> 50
            "P1.D1.I3": AnswerValue(boolean=True),  # 100
            "P2.D1.I1": AnswerValue(level=4),  # 100
            "P2.D2.I1": AnswerValue(level=1),  # 25
            "P2.D2.I2": AnswerValue(level=2),  # 50
        }
    )
    assert dims["P1.D1"]["score"] == pytest.approx((2 * 75 + 50 + 100) / 4)  # 75
    assert dims["P2.D2"]["score"] == pytest.approx(37.5)
    assert pillars["P2"]["score"] == pytest.approx((1 * 100 + 2 * 37.5) / 3)  # 58.33
    assert result["overall"] == pytest.approx((1 * 75 + 3 * 175 / 3) / 4)  # 62.5
    assert result["stage"]["code"] == "S2"  # min_score 50
    assert (result["answered"], result["total"]) == (6, 6)


def test_not_applicable_drops_out_and_its_weight_goes_to_the_rest_of_the_dimension():
    _, _, dims = scores(
        {
            "P1.D1.I1": AnswerValue(level=3),
            "P1.D1.I2": AnswerValue(number=Decimal(12)),
            "P1.D1.I3": AnswerValue(not_applicable=True),
        }
    )
    assert dims["P1.D1"]["score"] == pytest.approx((2 * 75 + 50) / 3)


def test_a_dimension_wholly_not_applicable_drops_out_of_its_pillar():
    _, pillars, dims = scores(
        {
            "P2.D1.I1": AnswerValue(not_applicable=True),
            "P2.D2.I1": AnswerValue(level=2),
            "P2.D2.I2": AnswerValue(level=2),
        }
    )
    assert dims["P2.D1"]["score"] is None
    assert pillars["P2"]["score"] == pytest.approx(50)


def test_unanswered_counts_as_zero_and_is_not_answered():
    result, pillars, _ = scores({"P2.D1.I1": AnswerValue(level=4)})
    assert pillars["P2"]["score"] == pytest.approx(100 / 3)
    assert pillars["P1"]["score"] == 0
    assert (result["answered"], result["total"]) == (1, 6)
    assert result["stage"]["code"] == "S1"


@pytest.mark.parametrize(("value", "level"), [(0, 0), (0.99, 0), (1, 1), (9.5, 1), (10, 2), (79, 3), (80, 4), (10**9, 4)])
def test_number_thresholds(value, level):
    assert number_level(value, [1, 10, 30, 80]) == level


INDICATORS = list(DOC.indicators)


def answer_strategy(indicator):
    values = {
        "level": st.builds(AnswerValue, level=st.integers(0, 4)),
        "number": st.builds(AnswerValue, number=st.decimals(0, 10**6, places=2)),
        "boolean": st.builds(AnswerValue, boolean=st.booleans()),
    }[indicator.kind]
    return st.one_of(st.none(), st.just(AnswerValue(not_applicable=True)), values)


ANSWER_SETS = st.fixed_dictionaries({i.code: answer_strategy(i) for i in INDICATORS}).map(
    lambda d: {k: v for k, v in d.items() if v is not None}
)


def all_scores(result):
    yield result["overall"]
    for p in result["pillars"]:
        yield p["score"]
        for d in p["dimensions"]:
            yield d["score"]
            for i in d["indicators"]:
                yield i["score"]


@settings(max_examples=300, deadline=None)
@given(ANSWER_SETS)
def test_scores_stay_within_0_and_100(answers):
    for score in all_scores(score_assessment(DOC, answers)):
        assert score is None or 0 <= score <= 100


def raised(indicator, answer):
    """The same answer one step higher, or None if it cannot go higher."""
    if answer is None or answer.not_applicable:
        return None
    if indicator.kind == "level" and answer.level < 4:
        return AnswerValue(level=answer.level + 1)
    if indicator.kind == "number":
        return AnswerValue(number=answer.number + 15)
    if indicator.kind == "boolean" and not answer.boolean:
        return AnswerValue(boolean=True)
    return None


@settings(max_examples=300, deadline=None)
@given(ANSWER_SETS, st.sampled_from(INDICATORS))
def test_raising_any_one_answer_never_lowers_any_score(answers, indicator):
    higher = raised(indicator, answers.get(indicator.code))
    if higher is None:
        return
    before = list(all_scores(score_assessment(DOC, answers)))
    after = list(all_scores(score_assessment(DOC, {**answers, indicator.code: higher})))
    for b, a in zip(before, after, strict=True):
        assert (b is None and a is None) or a >= b - 1e-9
