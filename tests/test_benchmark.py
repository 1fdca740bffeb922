"""Benchmarking against the exemplars: pure functions over the shipped framework."""

import pytest

from assessment.benchmark import Profile, frontier_levels, frontier_result, learn_from, peer_exemplars, year_over_year
from assessment.kinds import AnswerValue
from assessment.scoring import score_assessment, score_levels
from tests.builders import answers_at, shipped_framework

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
