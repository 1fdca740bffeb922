"""The advice rules: priorities from the gaps, the report's strategy by resource tier, the section-five
themes. Pure functions over the shipped framework and a hand-made one."""

from assessment.advice import recommend
from assessment.kinds import AnswerValue
from assessment.scoring import score_assessment
from tests.builders import SIZE, answers_at, shipped_framework, two_pillar_framework

DOCUMENT = shipped_framework()
INDICATORS = {i.code: i for i in DOCUMENT.indicators}


def all_at(level: int) -> dict:
    return answers_at(DOCUMENT, level)


def test_no_advice_at_the_top_level():
    advice = recommend(DOCUMENT, score_assessment(DOCUMENT, size=SIZE, answers=all_at(4)), tier="under_resourced")
    assert advice["pillars"] == [] and advice["themes"] == [] and advice["top"] == []


def test_resource_tier_decides_the_strategy_and_the_tier_advice():
    result = score_assessment(DOCUMENT, size=SIZE, answers=all_at(1))
    rich = recommend(DOCUMENT, result, tier="well_resourced")
    poor = recommend(DOCUMENT, result, tier="under_resourced")
    developing = recommend(DOCUMENT, result, tier="developing")
    assert "优先提升自身的智能化技术能力" in rich["strategy"]["quote"]
    assert "联通中央级、省级、市级媒体云平台" in poor["strategy"]["quote"]
    # A developing centre gets the path between the report's two, built from the same sentences, and is
    # not told it is 欠发达.
    assert developing["strategy"]["title"] not in {rich["strategy"]["title"], poor["strategy"]["title"]}
    assert "欠发达" not in developing["strategy"]["text"] + developing["strategy"]["quote"]
    assert "优先提升自身的智能化技术能力" in developing["strategy"]["text"]
    assert "联通中央级、省级、市级媒体云平台" in developing["strategy"]["text"]
    code = next(c for c, i in INDICATORS.items() if i.tier_advice)
    advised = {item["code"]: item for p in rich["pillars"] for item in p["items"]}
    assert advised[code]["tier_advice"] == INDICATORS[code].tier_advice["well_resourced"]
    advised = {item["code"]: item for p in poor["pillars"] for item in p["items"]}
    assert advised[code]["tier_advice"] == INDICATORS[code].tier_advice["under_resourced"]


def test_themes_appear_only_where_the_answers_show_the_gap():
    low = recommend(DOCUMENT, score_assessment(DOCUMENT, size=SIZE, answers=all_at(1)), tier="developing")
    assert {"mechanism", "talent"} <= {t["code"] for t in low["themes"]}
    answers = all_at(1)
    mechanism = next(t for t in DOCUMENT.recommendations.themes if t.code == "mechanism")
    for code in mechanism.indicators:
        answers[code] = all_at(4)[code]
    fixed = recommend(DOCUMENT, score_assessment(DOCUMENT, size=SIZE, answers=answers), tier="developing")
    assert "mechanism" not in {t["code"] for t in fixed["themes"]}


def test_recommendation_order_for_a_hand_made_answer_set():
    document = two_pillar_framework()
    # P1.D1.I1 weight 2 at level 1, frontier 4 (江阴 practice at 4): priority 2 × 3 = 6
    # P2.D1.I1 weight 1 at level 0, no exemplar: target 4, priority 1 × 4 = 4
    # P2.D2.I1 weight 1 at level 3: priority 1 × max(1, 1) = 1; P2.D2.I2 at level 4: no advice
    # P1.D1.I2 number 12 -> level 2, weight 1, no exemplar: target 4, priority 2; P1.D1.I3 yes -> level 4: none
    answers = {
        "P1.D1.I1": AnswerValue(level=1),
        "P1.D1.I2": AnswerValue(number=12),
        "P1.D1.I3": AnswerValue(boolean=True),
        "P2.D1.I1": AnswerValue(level=0),
        "P2.D2.I1": AnswerValue(level=3),
        "P2.D2.I2": AnswerValue(level=4),
    }
    advice = recommend(document, score_assessment(document, answers), tier="under_resourced")
    assert [(item["code"], item["priority"]) for item in advice["top"]] == [
        ("P1.D1.I1", 6),
        ("P2.D1.I1", 4),
        ("P1.D1.I2", 2),
        ("P2.D2.I1", 1),
    ]
    assert advice["top"][0]["exemplars"] == ["江阴"]
    assert [p["code"] for p in advice["pillars"]] == ["P1", "P2"]
