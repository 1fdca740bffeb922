"""What answers given on one framework version become on the next (assessment/versions.py, pure)."""

from decimal import Decimal

import pytest

from assessment.framework.spec import Change, ChangeType, Framework
from assessment.kinds import AnswerValue, answer_level
from assessment.scoring import score_assessment
from assessment.versions import carry_answers, changes_between, levels_through, result_values
from tests.builders import versioned_documents

OLD_DOC, NEW_DOC = versioned_documents()
OLD, NEW = Framework.of(OLD_DOC), Framework.of(NEW_DOC)

ANSWERS = {
    "P1.D1.I1": AnswerValue(level=3, evidence_note="有文件", evidence_url="https://example.com/a"),
    "P1.D1.I2": AnswerValue(number=Decimal("12")),
    "P1.D1.I3": AnswerValue(boolean=True, evidence_note="旧佐证"),
    "P1.D1.I4": AnswerValue(level=2),
    "P2.D1.I1": AnswerValue(not_applicable=True, na_reason="本县无此业务"),
    "P2.D2.I1": AnswerValue(level=1, evidence_note="甲"),
    "P2.D2.I2": AnswerValue(level=3, evidence_note="乙", evidence_url="https://example.com/b"),
}


def carry(answers=ANSWERS):
    return carry_answers(OLD, NEW, NEW.changes, answers)


def test_same_and_renamed_carry_the_answer_with_its_evidence():
    out = carry()
    assert out.carried["P1.D1.I1"].value == ANSWERS["P1.D1.I1"]
    assert out.carried["P1.D1.I3"].value.level == 2  # renamed from P1.D1.I4
    assert out.carried["P1.D1.I3"].sources == ("P1.D1.I4",) and out.carried["P1.D1.I3"].change.type == ChangeType.RENAMED


def test_a_rescaled_number_keeps_its_raw_figure_and_its_level_is_worked_out_again():
    out = carry()
    assert out.carried["P1.D1.I2"].value.number == Decimal("12")
    assert answer_level(OLD.indicator("P1.D1.I2"), ANSWERS["P1.D1.I2"]) == 2  # 1/10/30/80
    assert answer_level(NEW.indicator("P1.D1.I2"), out.carried["P1.D1.I2"].value) == 1  # 2/20/60/160


def test_a_dropped_answer_is_not_carried_but_listed():
    out = carry()
    assert "P1.D1.I3" not in {c for item in out.carried.values() for c in item.sources}
    (left,) = out.left
    assert left.code == "P1.D1.I3" and left.title == "是否题" and "已删除" in left.reason


def test_a_split_answer_is_copied_to_each_new_indicator_not_applicable_with_its_reason():
    out = carry()
    for code in ("P2.D1.I1", "P2.D1.I2"):
        assert out.carried[code].value == AnswerValue(not_applicable=True, na_reason="本县无此业务")


def test_a_new_indicator_starts_unanswered():
    assert carry().new == ["P2.D1.I3"]


def test_merged_answers_take_the_highest_level_and_keep_every_note():
    merged = carry().carried["P2.D2.I1"]
    assert merged.value.level == 3 and merged.sources == ("P2.D2.I1", "P2.D2.I2")
    assert merged.value.evidence_note == "[P2.D2.I1] 甲\n[P2.D2.I2] 乙"
    assert merged.value.evidence_url == "https://example.com/b"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (AnswerValue(level=2, evidence_note="先"), AnswerValue(level=2, evidence_note="后"), AnswerValue(level=2)),
        (AnswerValue(not_applicable=True, na_reason="无"), AnswerValue(level=1), AnswerValue(level=1)),
        (
            AnswerValue(not_applicable=True, na_reason="甲因"),
            AnswerValue(not_applicable=True, na_reason="乙因"),
            AnswerValue(not_applicable=True, na_reason="甲因；乙因"),
        ),
    ],
)
def test_merging_on_a_tie_takes_the_first_and_not_applicable_only_when_every_one_is(first, second, expected):
    value = carry({"P2.D2.I1": first, "P2.D2.I2": second}).carried["P2.D2.I1"].value
    assert (value.level, value.not_applicable, value.na_reason) == (expected.level, expected.not_applicable, expected.na_reason)


def test_unanswered_old_indicators_carry_nothing_and_their_targets_are_new():
    out = carry({"P1.D1.I1": AnswerValue(level=4), "P2.D2.I1": AnswerValue()})  # an empty answer holds nothing
    assert set(out.carried) == {"P1.D1.I1"} and out.left == []
    assert set(out.new) == {"P1.D1.I2", "P1.D1.I3", "P2.D1.I1", "P2.D1.I2", "P2.D1.I3", "P2.D2.I1"}


def test_an_answer_goes_into_a_level_question_as_its_level_and_nowhere_else_across_kinds():
    into_level = Change(("P1.D1.I3",), ("P1.D1.I1",), ChangeType.RESCALED, "是=4 级")
    into_number = Change(("P1.D1.I1",), ("P1.D1.I2",), ChangeType.RESCALED, "无法换算")
    out = carry_answers(OLD, NEW, (into_level, into_number), ANSWERS)
    assert out.carried["P1.D1.I1"].value.level == 4 and out.carried["P1.D1.I1"].value.evidence_note == "旧佐证"
    assert "P1.D1.I2" not in out.carried and out.new == ["P1.D1.I2"]
    assert [item.code for item in out.left] == ["P1.D1.I1"] and "题型不同" in out.left[0].reason


def test_changes_between_one_version_is_the_identity_and_unrelated_versions_have_none():
    same = changes_between(OLD, OLD)
    assert all(c.type == ChangeType.SAME and c.sources == c.targets for c in same) and len(same) == len(OLD.indicators)
    assert changes_between(OLD, NEW) == NEW.changes
    assert changes_between(NEW, OLD) is None


def test_a_stored_result_gives_back_its_answers_and_compares_through_the_mapping():
    result = score_assessment(OLD, ANSWERS)
    values = result_values(OLD, result)
    assert values["P1.D1.I2"].number == Decimal("12") and values["P1.D1.I3"].boolean is True
    assert values["P2.D1.I1"].not_applicable and values["P2.D2.I2"].level == 3
    levels = levels_through(OLD, NEW, NEW.changes, values)
    # Rescaled 12 is level 1 under the new thresholds; merged is the highest; not applicable and new drop out.
    assert levels == {"P1.D1.I1": 3, "P1.D1.I2": 1, "P1.D1.I3": 2, "P2.D2.I1": 3}


# --- Numbers read against the county's size -----------------------------------------------------------


def scaled(document: dict, code: str = "P1.D1.I2") -> Framework:
    """``document`` with its number indicator ``code`` read per 10,000 residents (thresholds 50/200/500/1000)."""
    import copy

    document = copy.deepcopy(document)
    for pillar in document["pillars"]:
        for dimension in pillar["dimensions"]:
            for indicator in dimension["indicators"]:
                if indicator["code"] == code:
                    indicator.update(scale="per_10k_residents", thresholds=[50, 200, 500, 1000], per_capita=False)
    return Framework.of(document)


def test_a_number_read_against_size_is_carried_even_where_the_size_is_not_known():
    from assessment.scales import Size

    framework = scaled(NEW_DOC)
    answers = {"P1.D1.I2": AnswerValue(number=Decimal(3000))}
    same = changes_between(framework, framework)
    assert carry_answers(framework, framework, same, answers).carried["P1.D1.I2"].value.number == Decimal(3000)
    county = Size(population=100_000)  # 300 per 10,000 residents
    assert levels_through(framework, framework, same, answers, size=county) == {"P1.D1.I2": 2}
    assert "P1.D1.I2" not in levels_through(framework, framework, same, answers)


def test_carrying_a_number_read_against_size_into_a_level_needs_the_size():
    from assessment.scales import Size

    framework = scaled(NEW_DOC)
    into_level = (Change(("P1.D1.I2",), ("P1.D1.I1",), ChangeType.RESCALED, "按等级沿用"),)
    answers = {"P1.D1.I2": AnswerValue(number=Decimal(3000))}
    out = carry_answers(framework, framework, into_level, answers, size=Size(population=100_000))
    assert out.carried["P1.D1.I1"].value.level == 2
    unknown = carry_answers(framework, framework, into_level, answers)
    assert "P1.D1.I1" not in unknown.carried and [left.code for left in unknown.left] == ["P1.D1.I2"]
