"""The loader's checks for the keys framework 2024.1 added: optional practice levels (none on provincial
platforms), attribution of quoted speech, figure attribution and definition, provenance, weights_note,
help_en, levels_en. A file that does not declare ``previous`` (2023.2) is read as before; a versioned one
here follows an unchanged copy of itself (the mapping's own checks are in test_framework_versions)."""

import copy

import pytest

from assessment.framework.schema import VERSION_KEYS, FrameworkError, document_hash, framework_parse, quotes_speech
from assessment.framework.spec import Framework
from tests.builders import framework_document, write_framework

SPEECH = "习近平总书记强调，“媒体融合发展不仅仅是新闻单位的事。”"
REPORT = "报告原文。截至2022年8月，全国共建成运行2585个县级融媒体中心。" + SPEECH + "《意见》明确提出，要“深化改革”。"
SENTENCE = "截至2022年8月，全国共建成运行2585个县级融媒体中心。"


def parse(tmp_path, document) -> dict:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    document["source_text"] = "report.txt"
    if "previous_file" in document:
        # The previous version: the same indicators, every one the same in this version.
        previous = {key: value for key, value in copy.deepcopy(document).items() if key not in VERSION_KEYS}
        write_framework(tmp_path / document["previous_file"], {**previous, "version": document["previous"]})
        codes = [i["code"] for p in document["pillars"] for d in p["dimensions"] for i in d["indicators"]]
        document["changes"] = document.get("changes") or [{"from": [c], "to": [c], "type": "same"} for c in codes]
    return framework_parse(write_framework(tmp_path / "framework.yaml", document))


def problems(tmp_path, document) -> str:
    with pytest.raises(FrameworkError) as info:
        parse(tmp_path, document)
    return str(info.value)


def versioned(**overrides) -> dict:
    """The minimal document as a framework with a previous version (the 2024.1 rules apply)."""
    overrides.setdefault("changes", [])
    return framework_document(previous="test-0", previous_file="old.yaml", **overrides)


def practice(document) -> dict:
    return document["exemplars"][0]["practices"][0]


def first_indicator(document) -> dict:
    return document["pillars"][0]["dimensions"][0]["indicators"][0]


def test_new_keys_enter_the_document_only_when_the_file_has_them(tmp_path):
    plain = parse(tmp_path, framework_document())
    for key in ("provenance", "weights_note", "previous", "previous_file", "changes"):
        assert key not in plain
    level = plain["pillars"][0]["dimensions"][0]["indicators"][0]
    assert not {"help_en", "levels_en", "scale", "quote_attributions"} & set(level)
    assert set(plain["exemplars"][0]["practices"][0]) == {"indicators", "level", "summary", "quote"}
    spec = Framework.of(plain)
    assert spec.provenance == "" and spec.indicators[0].help_en == "" and spec.indicators[1].scale == "absolute"


def test_provenance_weights_note_and_english_are_carried(tmp_path):
    document = versioned(provenance="指标由本平台设计。", weights_note="各方面等权。")
    first_indicator(document).update(help_en="Help", levels_en=["0", "1", "2", "3", "4"])
    document["pillars"][0]["dimensions"][0]["indicators"][1].update(scale="per_10k_residents", per_capita=False)
    parsed = parse(tmp_path, document)
    spec = Framework.of(parsed)
    assert (spec.provenance, spec.weights_note, spec.previous) == ("指标由本平台设计。", "各方面等权。", "test-0")
    assert spec.indicators[0].help_en == "Help" and spec.indicators[0].levels_en[4] == "4"
    assert spec.indicators[1].scale == "per_10k_residents"
    assert document_hash(parsed) != document_hash(parse(tmp_path, framework_document()))


def test_levels_en_must_match_the_levels(tmp_path):
    document = framework_document()
    first_indicator(document)["levels_en"] = ["0", "1"]
    assert "levels_en 应与 levels 条数相同（5 条），实际为 2 条" in problems(tmp_path, document)


def test_english_keys_belong_to_their_kind(tmp_path):
    document = framework_document()
    document["pillars"][0]["dimensions"][0]["indicators"][2]["levels_en"] = ["a"] * 5  # a yes/no question
    document["pillars"][0]["dimensions"][0]["indicators"][0]["scale"] = "absolute"  # a level question
    text = problems(tmp_path, document)
    assert "indicators[2].levels_en: 未知的键" in text and "indicators[0].scale: 未知的键" in text


def test_an_unknown_scale_is_refused(tmp_path):
    document = framework_document()
    document["pillars"][0]["dimensions"][0]["indicators"][1]["scale"] = "per_household"
    assert "indicators[1].scale: 应为 absolute / per_10k_residents" in problems(tmp_path, document)


def test_a_practice_may_carry_no_level(tmp_path):
    document = versioned()
    del practice(document)["level"]
    parsed = parse(tmp_path, document)
    assert "level" not in parsed["exemplars"][0]["practices"][0]
    assert Framework.of(parsed).exemplars[0].practices[0].level is None


def test_a_provincial_platform_is_not_rated_from_2024_1_on(tmp_path):
    document = versioned()
    document["exemplars"][0]["type"] = "provincial"
    assert "exemplars[0].practices[0].level: 省级平台/项目不按区县中心的等级评定" in problems(tmp_path, document)
    del practice(document)["level"]
    parse(tmp_path, document)
    legacy = framework_document()  # a file without `previous` (2023.2) keeps its provincial levels
    legacy["exemplars"][0]["type"] = "provincial"
    assert parse(tmp_path, legacy)["exemplars"][0]["practices"][0]["level"] == 4


@pytest.mark.parametrize(
    "quote",
    ["“媒体融合发展不仅仅是新闻单位的事。”", "媒体融合发展不仅仅是新闻单位的事。", "要“深化改革”。"],
    ids=["opens-with-quotation-mark", "follows-强调", "document-quote"],
)
def test_quoted_speech_without_attribution_is_refused(tmp_path, quote):
    document = versioned()
    practice(document)["quote"] = quote
    assert "须用 attribution 写明出处" in problems(tmp_path, document)
    practice(document)["attribution"] = "习近平总书记强调" if "媒体" in quote else "《意见》明确提出"
    assert parse(tmp_path, document)["exemplars"][0]["practices"][0]["attribution"] == practice(document)["attribution"]


def test_the_report_s_own_words_need_no_attribution(tmp_path):
    assert not quotes_speech(SENTENCE, REPORT)
    assert quotes_speech(SPEECH[SPEECH.index("“") :], REPORT) and quotes_speech("媒体融合发展不仅仅是新闻单位的事。", REPORT)
    document = versioned()
    parse(tmp_path, document)  # SENTENCE everywhere: accepted without attribution


def test_attribution_must_be_the_report_s_words(tmp_path):
    document = versioned()
    practice(document).update(quote="“媒体融合发展不仅仅是新闻单位的事。”", attribution="总书记说")
    assert "exemplars[0].practices[0].attribution: 引文在报告原文中找不到" in problems(tmp_path, document)


def test_a_file_without_previous_is_not_asked_for_attribution(tmp_path):
    document = framework_document()
    practice(document)["quote"] = "“媒体融合发展不仅仅是新闻单位的事。”"
    parse(tmp_path, document)


def test_source_quotes_carry_their_speaker(tmp_path):
    document = versioned()
    first_indicator(document)["source_quotes"] = [
        SENTENCE,
        {"quote": "“媒体融合发展不仅仅是新闻单位的事。”", "attribution": "习近平总书记强调"},
    ]
    parsed = parse(tmp_path, document)
    level = parsed["pillars"][0]["dimensions"][0]["indicators"][0]
    assert level["source_quotes"] == [SENTENCE, "“媒体融合发展不仅仅是新闻单位的事。”"]
    indicator = Framework.of(parsed).indicators[0]
    assert indicator.quotes == ((SENTENCE, ""), ("“媒体融合发展不仅仅是新闻单位的事。”", "习近平总书记强调"))
    first_indicator(document)["source_quotes"] = [SENTENCE, "“媒体融合发展不仅仅是新闻单位的事。”"]
    assert "source_quotes[1]: 这段引文是报告转引的讲话或文件" in problems(tmp_path, document)


def test_figure_attribution_and_definition_are_verbatim(tmp_path):
    document = versioned()
    figure = document["exemplars"][0]["figures"][0]
    figure.update(attribution="全国", definition="县级融媒体中心")
    parsed_figure = Framework.of(parse(tmp_path, document)).exemplars[0].figures[0]
    assert (parsed_figure.attribution, parsed_figure.definition) == ("全国", "县级融媒体中心")
    figure["definition"] = "总营收"
    assert "figures[0].definition: 引文在报告原文中找不到" in problems(tmp_path, document)
