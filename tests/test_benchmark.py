"""Benchmarking against the exemplars: pure functions over the shipped framework."""

import pytest

from assessment.benchmark import Profile, frontier_levels, frontier_result, learn_from, peer_exemplars, year_over_year
from assessment.kinds import AnswerValue
from assessment.scoring import score_assessment, score_levels
from tests.builders import SIZE, answers_at, shipped_framework

DOCUMENT = shipped_framework()
INDICATORS = {i.code: i for i in DOCUMENT.indicators}


def all_at(level: int) -> dict:
    """Answers putting every indicator at ``level``."""
    return answers_at(DOCUMENT, level)


def peer_names(profile: Profile) -> dict[str, str | None]:
    return {p["code"]: p["peer"] and p["peer"]["short_name"] for p in peer_exemplars(DOCUMENT, profile)}


def test_a_western_under_resourced_centre_is_pointed_to_western_peers_and_its_provincial_platform():
    peers = peer_exemplars(DOCUMENT, Profile(province="甘肃", region="west", tier="under_resourced"))
    # Same province first (西固 and 敦煌); of those the one with a rated practice in the pillar (敦煌's
    # practices carry the report's words only).
    assert peers[0]["peer"]["short_name"] == "西固"
    platforms = {p["short_name"] for pillar in peers for p in pillar["platforms"]}
    assert platforms == {"新甘肃云"}


def test_same_region_comes_before_fame():
    names = peer_names(Profile(province="青海", region="west", tier="under_resourced"))
    assert names["P1"] == "西固"  # a western peer (西固, 古蔺 or 敦煌, the one rated), not 江阴 or 番禺
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
    assert levels["P3.D1.I2"] == 4  # 尤溪: down to the grid, residents reach grid workers directly
    assert set(levels) < set(INDICATORS)  # some indicators have no exemplar: they drop out
    # Unrated practices (江阴's super-entrance) and provincial platforms (新湖南云) set no frontier.
    assert "P2.D1.I1" not in levels and "P4.D1.I2" not in levels
    frontier = frontier_result(DOCUMENT)
    scores = {p["code"]: p["score"] for p in frontier["pillars"]}
    # P4's exemplars are provincial platforms or practices the report describes too briefly to rate.
    assert scores["P4"] is None
    assert all(0 < s <= 100 for code, s in scores.items() if code != "P4")


def test_learn_from_shows_the_centres_number_beside_the_exemplars_figures_attributed_and_with_their_definition():
    answers = all_at(1)
    answers["P5.D2.I1"] = AnswerValue(number=0)
    result = score_assessment(DOCUMENT, size=SIZE, answers=answers)
    panels = learn_from(DOCUMENT, result, Profile(province="甘肃", region="west", tier="under_resourced", population=200_000))
    panel = next(i for p in panels for d in p["dimensions"] for i in d["indicators"] if i["code"] == "P5.D2.I1")
    by_name = {e["short_name"]: e for e in panel["exemplars"]}
    assert panel["value"] == 0 and panel["scale"] == "per_staff"
    longgang, anji = by_name["龙岗"]["figures"][0], by_name["安吉"]["figures"][0]
    # The report gives 龙岗's figure for 龙岗区融媒集团, and neither figure is defined as the indicator is.
    assert longgang["display"] == "1.6亿元（不含网络）" and longgang["attribution"] == "龙岗区融媒集团"
    assert longgang["definition"] and anji["definition"] == "总营收"
    # Neither practice is rated: the quote is shown, with no level.
    assert by_name["龙岗"]["level"] is None and all(
        p["level"] is None for p in by_name["安吉"]["practices"] if "营收" in p["quote"]
    )
    documented = DOCUMENT.exemplar("anji").practices
    assert {p["quote"] for p in by_name["安吉"]["practices"]} <= {p.quote for p in documented}


def test_nothing_to_learn_at_the_top_level():
    result = score_assessment(DOCUMENT, size=SIZE, answers=all_at(4))
    assert learn_from(DOCUMENT, result, Profile(province="甘肃", region="west", tier="under_resourced")) == []


def test_year_over_year_compares_only_shared_indicators():
    before = score_assessment(DOCUMENT, size=SIZE, answers=all_at(1))
    now_answers = all_at(2)
    now_answers["P1.D1.I1"] = AnswerValue(not_applicable=True)
    now = score_assessment(DOCUMENT, size=SIZE, answers=now_answers)
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
