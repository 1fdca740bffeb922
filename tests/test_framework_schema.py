"""The framework file's validation: every mistake an author can make is named with file, line and place."""

import pytest

from assessment.framework.schema import FrameworkError, framework_parse
from tests.builders import framework_document, write_framework


def problems_of(tmp_path, document) -> list[str]:
    path = write_framework(tmp_path / "framework.yaml", document)
    with pytest.raises(FrameworkError) as info:
        framework_parse(path)
    return str(info.value).splitlines()


def indicator(document, n=0):
    return document["pillars"][0]["dimensions"][0]["indicators"][n]


def test_a_valid_document_parses_and_fills_optional_keys(tmp_path):
    document = framework_parse(write_framework(tmp_path / "f.yaml", framework_document()))
    level, number, boolean = document["pillars"][0]["dimensions"][0]["indicators"]
    assert level["levels"][4] == "四" and level["area"] is None and level["tier_advice"] == {}
    assert number["thresholds"] == [1, 10, 30, 80] and number["per_capita"] is True
    assert boolean["tier_advice"]["under_resourced"] == "接入省级平台"
    assert document["exemplars"][0]["figures"][0]["indicator"] == "P1.D1.I2"


def test_unknown_key_is_named_with_its_line_and_place(tmp_path):
    document = framework_document()
    indicator(document)["colour"] = "red"
    lines = problems_of(tmp_path, document)
    assert "1 处错误" in lines[0] and "未写入任何内容" in lines[0]
    assert "pillars[0].dimensions[0].indicators[0].colour: 未知的键 'colour'" in lines[1]
    assert lines[1].strip().startswith("framework.yaml:")
    line_number = int(lines[1].split(":")[1])
    text = (tmp_path / "framework.yaml").read_text(encoding="utf-8").splitlines()
    assert "colour" in text[line_number - 1]


def test_level_indicator_needs_five_descriptors(tmp_path):
    document = framework_document()
    indicator(document)["levels"] = ["零", "一", "二", "三"]
    assert any("indicators[0].levels: 等级型指标须有恰好 5 条等级描述" in line for line in problems_of(tmp_path, document))


def test_empty_descriptor_is_refused(tmp_path):
    document = framework_document()
    indicator(document)["levels"][2] = " "
    assert any("levels[2]: 应为非空文本" in line for line in problems_of(tmp_path, document))


@pytest.mark.parametrize("weight", [0, -1, "heavy", True])
def test_weight_must_be_a_positive_number(tmp_path, weight):
    document = framework_document()
    indicator(document, 1)["weight"] = weight
    assert any("indicators[1].weight" in line for line in problems_of(tmp_path, document))


def test_duplicate_code(tmp_path):
    document = framework_document()
    indicator(document, 2)["code"] = "P1.D1.I1"
    assert any("indicators[2].code: 编码重复：P1.D1.I1" in line for line in problems_of(tmp_path, document))


def test_indicator_code_must_sit_under_its_dimension(tmp_path):
    document = framework_document()
    indicator(document, 2)["code"] = "P2.D1.I3"
    assert any("应以上级编码 P1.D1.I 开头" in line for line in problems_of(tmp_path, document))


def test_dangling_exemplar_reference(tmp_path):
    document = framework_document()
    document["exemplars"][0]["practices"][0]["indicators"] = ["P9.D9.I9"]
    assert any(
        "exemplars[0].practices[0].indicators[0]: 引用了不存在的指标 'P9.D9.I9'" in line
        for line in problems_of(tmp_path, document)
    )


def test_figure_must_link_a_number_indicator_with_the_same_unit(tmp_path):
    document = framework_document()
    document["exemplars"][0]["figures"][0]["unit"] = "项"
    assert any("单位 '项' 与指标 P1.D1.I2 的单位 '个' 不一致" in line for line in problems_of(tmp_path, document))
    document["exemplars"][0]["figures"][0]["indicator"] = "P1.D1.I1"
    assert any("数据只能关联数值型指标" in line for line in problems_of(tmp_path, document))


def test_thresholds_must_be_four_increasing_numbers(tmp_path):
    document = framework_document()
    indicator(document, 1)["thresholds"] = [1, 10, 10, 80]
    assert any("4 个严格递增的阈值" in line for line in problems_of(tmp_path, document))


def test_kind_specific_keys(tmp_path):
    document = framework_document()
    indicator(document, 2)["levels"] = ["零", "一", "二", "三", "四"]
    indicator(document, 0)["kind"] = "colour"
    lines = problems_of(tmp_path, document)
    assert any("indicators[2].levels: 未知的键 'levels'" in line for line in lines)
    assert any("indicators[0].kind: 应为 level / number / boolean 之一" in line for line in lines)


def test_missing_required_key(tmp_path):
    document = framework_document()
    del indicator(document)["evidence_prompt"]
    assert any("缺少必填键 'evidence_prompt'" in line for line in problems_of(tmp_path, document))


def test_region_must_match_province(tmp_path):
    document = framework_document()
    document["exemplars"][0]["region"] = "west"
    assert any("江苏 属于 east，不是 west" in line for line in problems_of(tmp_path, document))


def test_stages_must_start_at_zero_and_ascend(tmp_path):
    document = framework_document()
    document["stages"][1]["min_score"] = 0
    assert any("stages[1].min_score" in line for line in problems_of(tmp_path, document))


def test_quotes_are_checked_against_the_report_when_it_is_given(tmp_path):
    (tmp_path / "report.txt").write_text("报告原文。截至2022年8月，全国共建成运行2585个县级融媒体中心。", encoding="utf-8")
    document = framework_document(source_text="report.txt")
    framework_parse(write_framework(tmp_path / "framework.yaml", document))  # all quotes are in the text
    document["exemplars"][0]["practices"][0]["quote"] = "江阴有一百个部门。"
    assert any("exemplars[0].practices[0].quote: 引文在报告原文中找不到" in line for line in problems_of(tmp_path, document))


def test_every_problem_is_listed_not_only_the_first(tmp_path):
    document = framework_document()
    indicator(document)["weight"] = -1
    indicator(document, 2)["title"] = ""
    assert len(problems_of(tmp_path, document)) == 3  # heading + two problems


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "framework.yaml"
    path.write_text("version: '1'\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        framework_parse(path)
    assert "YAML 语法错误" in str(info.value) and "framework.yaml:" in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(FrameworkError, match="无法读取文件"):
        framework_parse(tmp_path / "nope.yaml")


def test_a_province_quote_is_the_reports_words_naming_that_province(tmp_path):
    (tmp_path / "report.txt").write_text(
        "报告原文。江苏省江阴市融媒体中心。截至2022年8月，全国共建成运行2585个县级融媒体中心。", encoding="utf-8"
    )
    document = framework_document(source_text="report.txt")
    assert framework_parse(write_framework(tmp_path / "framework.yaml", document))["exemplars"][0]["province_quote"] == ""
    document["exemplars"][0]["province_quote"] = "江苏省江阴市融媒体中心"
    assert framework_parse(write_framework(tmp_path / "framework.yaml", document))["exemplars"][0]["province_quote"]
    document["exemplars"][0]["province_quote"] = "浙江省江阴市融媒体中心"
    assert any("exemplars[0].province_quote: 引文在报告原文中找不到" in line for line in problems_of(tmp_path, document))
    document["exemplars"][0]["province_quote"] = "全国共建成运行2585个县级融媒体中心"
    assert any("省份依据应为报告中写明“江苏”的原文" in line for line in problems_of(tmp_path, document))
