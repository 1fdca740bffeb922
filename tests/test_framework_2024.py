"""Framework 2024.1, the shipped file: a sound questionnaire (weights, policy alignment, verifiable levels,
English), a complete mapping from 2023.2, and exemplars rated only where the report's words support it.
The 2023.2 file stays as it was (its stored versions are identified by its document hash)."""

from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from assessment.framework.schema import document_hash, framework_parse
from assessment.framework.spec import Framework
from assessment.scoring import score_levels

FOLDER = Path(settings.BASE_DIR) / "assessment" / "framework"
NEW = Framework.of(framework_parse(FOLDER / "framework-2024.1.yaml"))
OLD = Framework.of(framework_parse(FOLDER / "framework-2023.2.yaml"))
REPORT = (FOLDER / "source" / "report.txt").read_text(encoding="utf-8")
HASH_2023_2 = "50b6ac8d16484065664b2d201dce2431ca9e7047fa2c7f4f5f791b5c4227e7ff"


def effective_shares(framework: Framework) -> dict[str, float]:
    """Each indicator's share of the overall score, measured by scoring: that indicator at the top level,
    every other at 0."""
    codes = [i.code for i in framework.indicators]
    return {code: score_levels(framework, {c: 4 if c == code else 0 for c in codes})["overall"] / 100 for code in codes}


def test_the_2023_2_document_is_unchanged():
    assert document_hash(framework_parse(FOLDER / "framework-2023.2.yaml")) == HASH_2023_2


def test_settings_point_at_2024_1():
    assert Path(settings.FRAMEWORK_FILE).name == "framework-2024.1.yaml" and NEW.version == "2024.1"


def test_no_indicator_weighs_more_than_three_percent_of_the_overall_score():
    shares = effective_shares(NEW)
    print("\neffective share of the overall score, framework 2024.1:")
    for code, share in sorted(shares.items(), key=lambda item: -item[1]):
        print(f"  {code:10} {share:6.2%}  {NEW.indicator(code).title}")
    print(f"  largest {max(shares.values()):.2%}, smallest {min(shares.values()):.2%}, {len(shares)} indicators")
    assert sum(shares.values()) == pytest.approx(1)
    assert max(shares.values()) <= 0.03
    # 2023.2 had one indicator at 4 %; local content and the app were among the lightest.
    assert max(effective_shares(OLD).values()) > 0.03


def test_fewer_sharper_indicators_with_english_and_a_weights_note():
    assert 40 <= len(NEW.indicators) <= 50
    assert NEW.provenance and "本平台" in NEW.provenance and NEW.weights_note and "3%" in NEW.weights_note
    for i in NEW.indicators:
        assert i.title_en and i.help_en, i.code
        if i.kind == "level":
            assert len(i.levels_en) == len(i.levels) == 5, i.code


def test_level_descriptors_need_nothing_only_one_centre_can_be():
    for i in NEW.indicators:
        for text in i.levels:
            for word in ("引爆", "首创", "全国首个", "省内首个", "爆款"):
                assert word not in text, (i.code, word)


def test_evidence_prompts_ask_for_nothing_confidential():
    for i in NEW.indicators:
        for word in ("合同金额", "数据存储位置", "审计报告", "财务报表"):
            assert word not in i.evidence_prompt, (i.code, word)


def test_number_indicators_say_how_they_scale():
    numbers = [i for i in NEW.indicators if i.kind == "number"]
    scales = Counter(i.scale for i in numbers)
    assert {"per_10k_residents", "share_of_towns", "share_of_villages", "per_staff"} <= set(scales)
    raw = framework_parse(FOLDER / "framework-2024.1.yaml")
    declared = [i for p in raw["pillars"] for d in p["dimensions"] for i in d["indicators"] if i["kind"] == "number"]
    assert all("scale" in i for i in declared)  # declared explicitly, absolute too
    for i in numbers:
        if i.scale.startswith("share_of"):
            assert all(0 < t <= 1 for t in i.thresholds), i.code


def test_policy_alignment():
    titles = " ".join(i.title for i in NEW.indicators)
    assert "微信公众号" not in titles  # no reward for more accounts
    matrix = NEW.indicator("P1.D5.I3")
    assert "整合" in matrix.title and "不看账号数量" in matrix.help
    newspaper = NEW.indicator("P1.D5.I2")
    assert "报纸" in newspaper.title and "不适用" in newspaper.help
    assert "不计入本题" in NEW.indicator("P1.D5.I1").help and NEW.indicator("P1.D5.I1").thresholds[-1] == 5
    service = NEW.indicator("P2.D1.I1")
    assert "一网通办" in service.help and "一网通办" in service.levels[2]
    for code in ("P5.D1.I1", "P5.D1.I2", "P5.D1.I3"):
        assert "公益一类" in NEW.indicator(code).help, code
    assert "国企" not in " ".join(NEW.indicator("P5.D1.I1").levels)
    # Where the tier advice tells an under-resourced centre not to build, the indicator counts borrowed
    # platforms as its own.
    for i in NEW.indicators:
        advice = i.tier_advice.get("under_resourced", "")
        if any(word in advice for word in ("不重复建设", "不单独建设", "不宜", "不另起炉灶", "避免重复开发", "不自建")):
            assert any(word in i.help for word in ("同等", "同样", "均可", "同样计入")), i.code


def test_what_the_report_names_is_asked():
    by_title = {i.code: i for i in NEW.indicators}
    assert "权威" in by_title["P1.D2.I1"].title and "舆情" in by_title["P1.D2.I2"].title
    assert "党建" in by_title["P2.D1.I2"].title
    assert "为广大居民提供党建政务服务" in " ".join(by_title["P2.D1.I2"].source_quotes)
    links = by_title["P4.D1.I3"]
    assert "中央级" in links.title and "市级" in links.title
    quotes = " ".join(links.source_quotes)
    assert "联通中央级、省级、市级媒体云平台" in quotes and "市级媒体" in quotes
    assert "省级" in NEW.indicator("P4.D1.I1").title


def test_the_mapping_covers_every_indicator_of_both_versions_once():
    sources = Counter(code for change in NEW.changes for code in change.sources)
    targets = Counter(code for change in NEW.changes for code in change.targets)
    assert set(sources) == {i.code for i in OLD.indicators} and set(sources.values()) == {1}
    assert set(targets) == {i.code for i in NEW.indicators} and set(targets.values()) == {1}
    types = Counter(change.type for change in NEW.changes)
    print("\n2023.2 -> 2024.1 mappings by type:", dict(types))
    merged = {change.sources for change in NEW.changes if change.type == "merged"}
    for group in [
        ("P3.D4.I1", "P3.D4.I2", "P3.D4.I3", "P3.D4.I4"),
        ("P2.D1.I1", "P2.D1.I2", "P2.D1.I3", "P2.D1.I4", "P5.D3.I1"),
        ("P1.D2.I2", "P4.D3.I1", "P4.D3.I2"),
        ("P1.D1.I1", "P1.D1.I2", "P1.D3.I3"),
    ]:
        assert group in merged, group
    for change in NEW.changes:
        if change.type in ("merged", "rescaled"):
            assert change.rule, change


def test_exemplar_ratings_only_where_the_report_supports_them():
    unrated = {"panyu", "kunshan", "jiangyin", "dunhuang", "nanzhang", "hongshan", "changxing"}
    for exemplar in NEW.exemplars:
        for practice in exemplar.practices:
            if exemplar.type == "provincial" or exemplar.code in unrated:
                assert practice.level is None, (exemplar.code, practice.summary)
    longgang = NEW.exemplar("longgang")
    assert all(p.level is None for p in longgang.practices if "P1.D1.I1" in p.codes)
    assert all(p.level is None for p in NEW.exemplar("anji").practices if "P5.D2.I2" in p.codes)
    assert any(p.level is not None for e in NEW.exemplars for p in e.practices)


def test_summaries_add_nothing_and_figures_are_attributed_as_the_report_does():
    gansu = NEW.exemplar("xingansu_yun").practices[0].summary
    assert "86个区县和8个地市" in gansu and "全省" not in gansu
    revenue = {f.label: f for f in NEW.exemplar("longgang").figures}["收入（不含网络）"]
    assert revenue.attribution == "龙岗区融媒集团" and revenue.display == "1.6亿元（不含网络）" and revenue.definition
    anji = NEW.exemplar("anji").figures[0]
    assert anji.definition == "总营收" and anji.indicator.code == "P5.D2.I1"
    for exemplar in NEW.exemplars:
        for fact in exemplar.practices:
            assert fact.quote in REPORT and (not fact.attribution or fact.attribution in REPORT)
        for figure in exemplar.figures:
            for text in (figure.quote, figure.attribution, figure.definition):
                assert text in REPORT


def test_quoted_speech_keeps_its_speaker():
    attributed = {q: a for i in NEW.indicators for q, a in i.quotes if a}
    assert any(a == "习近平总书记强调" for a in attributed.values())
    theme = next(t for t in NEW.recommendations.themes if t.code == "mechanism")
    assert theme.attribution == "《加强县级融媒体中心建设的意见》明确提出" and theme.quote.startswith("要“")


def test_the_developing_tier_gets_the_path_between_not_the_less_developed_label():
    strategies = {tier: NEW.recommendations.strategy_for(tier) for tier in ("well_resourced", "developing", "under_resourced")}
    assert len({s.title for s in strategies.values()}) == 3
    developing = strategies["developing"]
    assert "欠发达" not in developing.text + developing.quote + developing.title
    assert developing.quote in REPORT
    assert "本平台" in developing.text  # the path between is the product's reading of the two sentences
