"""Benchmarking against the exemplars (pure functions over the shipped framework) and the advice rules."""

import pytest

from assessment.advice import recommend
from assessment.benchmark import Profile, frontier_levels, frontier_result, learn_from, peer_exemplars, year_over_year
from assessment.kinds import AnswerValue
from assessment.scoring import score_assessment, score_levels
from tests.builders import answers_at, shipped_framework, two_pillar_framework

DOCUMENT = shipped_framework()
INDICATORS = {i.code: i for i in DOCUMENT.indicators}


def all_at(level: int) -> dict:
    """Answers putting every indicator at ``level``."""
    return answers_at(DOCUMENT, level)


def peer_names(profile: Profile) -> dict[str, str | None]:
    return {p["code"]: p["peer"] and p["peer"]["short_name"] for p in peer_exemplars(DOCUMENT, profile)}


def test_a_western_under_resourced_centre_is_pointed_to_western_peers_and_its_provincial_platform():
    peers = peer_exemplars(DOCUMENT, Profile(province="甘肃", region="west", tier="under_resourced"))
    # Same province first (西固 and 敦煌); of those the one credited with the higher level in the pillar.
    assert peers[0]["peer"]["short_name"] == "敦煌"
    platforms = {p["short_name"] for pillar in peers for p in pillar["platforms"]}
    assert platforms == {"新甘肃云"}


def test_same_region_comes_before_fame():
    names = peer_names(Profile(province="青海", region="west", tier="under_resourced"))
    assert names["P1"] == "敦煌"  # a western peer (西固, 古蔺 or 敦煌, the closest by level), not 江阴 or 番禺
    assert peer_names(Profile(province="四川", region="west", tier="under_resourced"))["P1"] == "古蔺"


def test_an_eastern_well_resourced_centre_gets_eastern_peers_and_no_foreign_platform():
    peers = peer_exemplars(DOCUMENT, Profile(province="浙江", region="east", tier="well_resourced"))
    assert peers[2]["peer"]["short_name"] in {"安吉", "长兴"}
    assert not any(p["platforms"] for p in peers)


def test_hunan_centres_see_both_hunan_provincial_programmes():
    peers = peer_exemplars(DOCUMENT, Profile(province="湖南", region="central", tier="developing"))
    platforms = {p["short_name"] for pillar in peers for p in pillar["platforms"]}
    assert "新湖南云" in platforms


def test_frontier_is_the_best_documented_level_and_ignores_undocumented_indicators():
    levels = frontier_levels(DOCUMENT)
    assert levels["P2.D1.I2"] == 4  # 江阴: 80多个部门
    assert set(levels) < set(INDICATORS)  # some indicators have no exemplar: they drop out
    frontier = frontier_result(DOCUMENT)
    assert all(0 < p["score"] <= 100 for p in frontier["pillars"])


def test_learn_from_shows_the_centres_number_beside_jiangyins_figure_and_per_capita():
    answers = all_at(1)
    answers["P2.D1.I2"] = AnswerValue(number=12)
    result = score_assessment(DOCUMENT, answers)
    panels = learn_from(DOCUMENT, result, Profile(province="甘肃", region="west", tier="under_resourced", population=200_000))
    panel = next(i for p in panels for d in p["dimensions"] for i in d["indicators"] if i["code"] == "P2.D1.I2")
    jiangyin = next(e for e in panel["exemplars"] if e["short_name"] == "江阴")
    assert panel["value"] == 12 and jiangyin["figures"][0]["display"] == "80多个"
    documented = DOCUMENT.exemplar("jiangyin").practices
    assert {p["quote"] for p in jiangyin["practices"]} <= {p.quote for p in documented}
    if INDICATORS["P2.D1.I2"].per_capita:
        assert panel["value_per_10k"] == pytest.approx(0.6)


def test_nothing_to_learn_at_the_top_level():
    result = score_assessment(DOCUMENT, all_at(4))
    assert learn_from(DOCUMENT, result, Profile(province="甘肃", region="west", tier="under_resourced")) == []
    advice = recommend(DOCUMENT, result, tier="under_resourced")
    assert advice["pillars"] == [] and advice["themes"] == []


def test_resource_tier_decides_the_strategy_and_the_tier_advice():
    result = score_assessment(DOCUMENT, all_at(1))
    rich = recommend(DOCUMENT, result, tier="well_resourced")
    poor = recommend(DOCUMENT, result, tier="under_resourced")
    developing = recommend(DOCUMENT, result, tier="developing")
    assert "优先提升自身的智能化技术能力" in rich["strategy"]["quote"]
    assert "联通中央级、省级、市级媒体云平台" in poor["strategy"]["quote"]
    assert developing["strategy"]["title"] == poor["strategy"]["title"]
    code = next(c for c, i in INDICATORS.items() if i.tier_advice)
    advised = {item["code"]: item for p in rich["pillars"] for item in p["items"]}
    assert advised[code]["tier_advice"] == INDICATORS[code].tier_advice["well_resourced"]
    advised = {item["code"]: item for p in poor["pillars"] for item in p["items"]}
    assert advised[code]["tier_advice"] == INDICATORS[code].tier_advice["under_resourced"]


def test_themes_appear_only_where_the_answers_show_the_gap():
    low = recommend(DOCUMENT, score_assessment(DOCUMENT, all_at(1)), tier="developing")
    assert {"mechanism", "talent"} <= {t["code"] for t in low["themes"]}
    answers = all_at(1)
    mechanism = next(t for t in DOCUMENT.recommendations.themes if t.code == "mechanism")
    for code in mechanism.indicators:
        answers[code] = all_at(4)[code]
    fixed = recommend(DOCUMENT, score_assessment(DOCUMENT, answers), tier="developing")
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


def test_year_over_year_compares_only_shared_indicators():
    before = score_assessment(DOCUMENT, all_at(1))
    now_answers = all_at(2)
    now_answers["P1.D1.I1"] = AnswerValue(not_applicable=True)
    now = score_assessment(DOCUMENT, now_answers)
    change = year_over_year(now, before, DOCUMENT)
    assert change["common"] == len(INDICATORS) - 1
    # Booleans stay "no" below level 4, so they do not move; everything else goes up one level.
    shared = [c for c in INDICATORS if c != "P1.D1.I1"]
    levels_before = {c: 0 if INDICATORS[c].kind == "boolean" else 1 for c in shared}
    levels_now = {c: 0 if INDICATORS[c].kind == "boolean" else 2 for c in shared}
    expected_before = score_levels(DOCUMENT, levels_before)["overall"]
    expected_now = score_levels(DOCUMENT, levels_now)["overall"]
    assert change["overall"]["before"] == pytest.approx(expected_before)
    assert change["overall"]["change"] == pytest.approx(expected_now - expected_before)
    assert 20 < change["overall"]["change"] < 25
