"""The kinds of indicator: each owns its level, its form field, its words and its demo value, and a new
kind is one class."""

import random
from dataclasses import replace
from decimal import Decimal

import pytest
from django import forms

from assessment import kinds
from assessment.forms import AnswerForm, answer_initial
from assessment.framework.schema import framework_parse
from assessment.framework.spec import Framework
from assessment.kinds import KINDS, MAX_LEVEL, AnswerValue, Kind, answer_level, answer_words
from assessment.scoring import score_assessment
from tests.builders import framework_document, two_pillar_framework, write_framework

FRAMEWORK = two_pillar_framework()
LEVEL, NUMBER, BOOLEAN = (FRAMEWORK.indicator(code) for code in ("P1.D1.I1", "P1.D1.I2", "P1.D1.I3"))


@pytest.mark.parametrize("indicator", [LEVEL, NUMBER], ids=["level", "number"])
@pytest.mark.parametrize("level", range(MAX_LEVEL + 1))
def test_a_demo_value_scores_the_level_it_was_drawn_for(indicator, level):
    kind = indicator.kind_spec
    rng = random.Random(level)
    for fraction in (0.0, 0.5, 0.999999, *(rng.random() for _ in range(20))):
        value = AnswerValue(**{kind.column: kind.demo(indicator, level, fraction)})
        assert answer_level(indicator, value) == level


@pytest.mark.parametrize("level", range(MAX_LEVEL + 1))
def test_a_demo_number_against_fractional_thresholds_keeps_two_decimals_and_its_band(level):
    indicator = replace(NUMBER, unit="万元", thresholds=(0.5, 1.25, 2.5, 10))
    for fraction in (0.0, 0.3, 0.999999):
        number = indicator.kind_spec.demo(indicator, level, fraction)
        assert number == number.quantize(Decimal("0.01")) and answer_level(indicator, AnswerValue(number=number)) == level


def test_a_demo_yes_is_one_rule_for_every_generator():
    answers = [BOOLEAN.kind_spec.demo(BOOLEAN, level, 0.5) for level in range(MAX_LEVEL + 1)]
    assert answers == [level >= kinds.BooleanKind.DEMO_YES_FROM for level in range(MAX_LEVEL + 1)]
    assert answer_level(BOOLEAN, AnswerValue(boolean=True)) == MAX_LEVEL
    assert answer_level(BOOLEAN, AnswerValue(boolean=False)) == 0


@pytest.mark.parametrize(
    ("indicator", "value"),
    [(LEVEL, AnswerValue(level=3)), (NUMBER, AnswerValue(number=Decimal("12000"))), (BOOLEAN, AnswerValue(boolean=False))],
    ids=["level", "number", "boolean"],
)
def test_a_stored_value_goes_through_its_form_unchanged(indicator, value):
    """What the page shows for a stored answer, posted back untouched, is the same answer."""
    initial = answer_initial(indicator, value, "1:abcdefabcdef")
    prefix = indicator.code
    column = indicator.kind_spec.column
    data = {f"{prefix}-{column}": initial[column], f"{prefix}-loaded": "1:abcdefabcdef"}
    form = AnswerForm(data, indicator=indicator)
    assert form.is_valid(), form.errors
    assert form.entry().value == value


def test_missing_and_not_applicable_answers_have_no_level_and_say_so():
    for indicator in (LEVEL, NUMBER, BOOLEAN):
        assert answer_level(indicator, None) is None
        assert answer_level(indicator, AnswerValue()) is None
        assert answer_level(indicator, AnswerValue(level=4, not_applicable=True)) is None
        assert answer_words(indicator, AnswerValue()) == "未作答"
        assert answer_words(indicator, AnswerValue(not_applicable=True, na_reason="无")) == "不适用（无）"


def test_answers_in_words():
    assert answer_words(LEVEL, AnswerValue(level=0)) == f"等级 0：{LEVEL.levels[0]}"
    assert answer_words(NUMBER, AnswerValue(number=Decimal(12000))) == f"12,000 {NUMBER.unit}"
    assert answer_words(BOOLEAN, AnswerValue(boolean=False)) == "否"


def test_the_value_as_the_audit_log_stores_it_reads_back_the_same():
    value = AnswerValue(number=Decimal("350"), evidence_note="说明", evidence_url="https://example.com/")
    assert value.as_json()["number"] == "350"
    assert AnswerValue.from_json(value.as_json()) == value
    assert AnswerValue.from_json(value.as_json()).fingerprint() == value.fingerprint()


class PercentKind(Kind):
    """A made-up kind for the test below: a share 0–100, a level per 25 points."""

    code = "percent"
    label = "百分比"
    column = "number"

    def level(self, indicator, value, size=None):
        return None if value.number is None else min(MAX_LEVEL, int(value.number) // 25)

    def form_field(self, indicator):
        return forms.DecimalField(required=False, min_value=0, max_value=100)

    def describe(self, indicator, value):
        return None if value.number is None else f"{value.number}%"

    def demo(self, indicator, level, fraction, size=None):
        return Decimal(level * 25)


def test_a_new_kind_is_one_class(monkeypatch, tmp_path):
    """Registering one class is enough for the framework file, scoring, the form and the words to take
    an indicator of that kind."""
    monkeypatch.setitem(KINDS, "percent", PercentKind())
    document = framework_document()
    document["pillars"][0]["dimensions"][0]["indicators"][2]["kind"] = "percent"
    framework = Framework.of(framework_parse(write_framework(tmp_path / "framework.yaml", document)))
    indicator = framework.indicator("P1.D1.I3")
    assert indicator.kind_label == "百分比"
    result = score_assessment(framework, {"P1.D1.I3": AnswerValue(number=Decimal(60))})
    assert next(row for row in result["pillars"][0]["dimensions"][0]["indicators"] if row["code"] == "P1.D1.I3")["level"] == 2
    form = AnswerForm({"P1.D1.I3-number": "80", "P1.D1.I3-loaded": "0:abcdefabcdef"}, indicator=indicator)
    assert form.is_valid(), form.errors
    assert form.entry().value == AnswerValue(number=Decimal(80))
    assert answer_words(indicator, form.entry().value) == "80%"


def test_a_count_takes_whole_numbers_only_and_minus_zero_is_zero():
    form = AnswerForm({"P1.D1.I2-number": "12.5", "P1.D1.I2-loaded": "0:abcdefabcdef"}, indicator=NUMBER)
    assert not form.is_valid() and form.errors["number"] == ["这一项是计数，请填写整数（不带小数）。"]
    form = AnswerForm({"P1.D1.I2-number": "-0", "P1.D1.I2-loaded": "0:abcdefabcdef"}, indicator=NUMBER)
    assert form.is_valid() and str(form.entry().value.number) == "0"


def test_thresholds_are_said_on_the_indicator_s_scale():
    from tests.builders import number_indicator

    assert number_indicator("个", (0.1, 0.3, 0.6, 0.9), "share_of_villages").threshold_words == "10% · 30% · 60% · 90%"
    assert number_indicator("人", (100, 300, 800, 1500), "per_10k_residents").threshold_words.startswith(
        "100 人/万人 · 300 人/万人"
    )
    assert number_indicator("类", (1, 2, 4, 5)).threshold_words == "1 类 · 2 类 · 4 类 · 5 类"
