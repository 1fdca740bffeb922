"""A framework version's mapping from its previous version: the loader refuses an incomplete or inconsistent
one, each problem named with its place; the specification answers what became of an old code and where a
new one came from."""

import pytest

from assessment.framework.schema import FrameworkError, framework_parse
from assessment.framework.spec import ChangeType, Framework
from tests.builders import framework_document, versioned_documents, write_framework, write_versions


def problems(tmp_path, new=None, old=None) -> list[str]:
    """The problem lines the loader reports for new.yaml (after its header line)."""
    _old_path, new_path = write_versions(tmp_path, old=old, new=new)
    with pytest.raises(FrameworkError) as info:
        framework_parse(new_path)
    lines = str(info.value).splitlines()
    assert "未写入任何内容" in lines[0]
    return lines[1:]


def change(new, n):
    return new["changes"][n]


def test_a_complete_mapping_parses_into_changes_with_lookups(tmp_path):
    _old, new_path = write_versions(tmp_path)
    document = framework_parse(new_path)
    assert document["previous"] == "old-1" and document["previous_file"] == "old.yaml"
    assert document["changes"][2] == {"from": ["P1.D1.I3"], "to": [], "type": "dropped", "rule": ""}
    spec = Framework.of(document)
    assert spec.previous == "old-1"
    assert spec.became_of("P1.D1.I4").targets == ("P1.D1.I3",) and spec.became_of("P1.D1.I4").type == ChangeType.RENAMED
    assert spec.became_of("P2.D2.I2").type == ChangeType.MERGED
    assert spec.came_from("P2.D1.I2").sources == ("P2.D1.I1",)
    assert spec.came_from("P2.D1.I3").type == ChangeType.NEW and spec.came_from("P2.D1.I3").sources == ()
    assert spec.became_of("P9.D9.I9") is None
    assert spec.came_from("P1.D1.I1").type_label == "不变"


def test_a_first_version_has_no_changes_and_its_document_no_version_keys(tmp_path):
    document = framework_parse(write_framework(tmp_path / "f.yaml", framework_document()))
    assert not {"previous", "previous_file", "changes"} & document.keys()
    spec = Framework.of(document)
    assert spec.previous == "" and spec.changes == () and spec.became_of("P1.D1.I1") is None


def test_an_old_indicator_left_out_is_named(tmp_path):
    _old, new = versioned_documents()
    del new["changes"][2]  # P1.D1.I3 dropped
    (line,) = problems(tmp_path, new=new)
    assert "changes: 版本 old-1 的以下指标未说明去向" in line and line.endswith("P1.D1.I3")


def test_a_new_indicator_left_out_is_named(tmp_path):
    _old, new = versioned_documents()
    del new["changes"][5]  # P2.D1.I3 new
    (line,) = problems(tmp_path, new=new)
    assert "本版本的以下指标未说明来源" in line and "type: new" in line and line.endswith("P2.D1.I3")


def test_an_old_indicator_in_two_items_is_named_at_the_second(tmp_path):
    _old, new = versioned_documents()
    change(new, 2)["from"] = ["P1.D1.I1"]  # now both "same" and "dropped"
    lines = problems(tmp_path, new=new)
    assert any("changes[2].from[0]: 原指标 P1.D1.I1 已出现在 changes[0].from[0] 中" in line for line in lines)
    assert any(line.endswith("P1.D1.I3") for line in lines)  # and the one it replaced is now missing


def test_a_new_indicator_in_two_items_is_named(tmp_path):
    _old, new = versioned_documents()
    change(new, 3)["to"] = ["P1.D1.I1"]
    lines = problems(tmp_path, new=new)
    assert any("changes[3].to[0]: 指标 P1.D1.I1 已出现在 changes[0].to[0] 中" in line for line in lines)


def test_codes_must_exist_on_their_side(tmp_path):
    _old, new = versioned_documents()
    change(new, 0)["from"] = ["P7.D1.I1"]
    change(new, 5)["to"] = ["P7.D1.I2"]
    lines = problems(tmp_path, new=new)
    assert any("changes[0].from[0]: 版本 old-1 中没有指标 'P7.D1.I1'" in line for line in lines)
    assert any("changes[5].to[0]: 本版本中没有指标 'P7.D1.I2'" in line for line in lines)


@pytest.mark.parametrize(
    ("n", "side", "codes", "expected"),
    [
        (6, "from", ["P2.D2.I1"], "类型 merged 的 from 须有至少 2 个原指标，实际为 1 个"),
        (4, "to", ["P2.D1.I1"], "类型 split 的 to 须有至少 2 个新指标，实际为 1 个"),
        (2, "to", ["P1.D1.I3"], "类型 dropped 的 to 须有恰好 0 个新指标，实际为 1 个"),
        (5, "from", ["P1.D1.I3"], "类型 new 的 from 须有恰好 0 个原指标，实际为 1 个"),
        (3, "from", ["P1.D1.I4", "P1.D1.I3"], "类型 renamed 的 from 须有恰好 1 个原指标，实际为 2 个"),
    ],
)
def test_each_type_joins_its_number_of_codes(tmp_path, n, side, codes, expected):
    _old, new = versioned_documents()
    change(new, n)[side] = codes
    lines = problems(tmp_path, new=new)
    assert any(f"changes[{n}].{side}: {expected}" in line for line in lines), lines


@pytest.mark.parametrize(("n", "how"), [(1, "原答案如何换算"), (6, "各原指标的答案如何合并")])
def test_rescaled_and_merged_need_a_rule(tmp_path, n, how):
    _old, new = versioned_documents()
    del change(new, n)["rule"]
    (line,) = problems(tmp_path, new=new)
    assert f"changes[{n}]: 类型 {change(new, n)['type']} 须写明 rule（{how}）" in line


def test_an_unknown_type_and_a_malformed_item(tmp_path):
    _old, new = versioned_documents()
    change(new, 0)["type"] = "moved"
    change(new, 1)["to"] = "P1.D1.I2"
    change(new, 2)["note"] = "x"
    lines = problems(tmp_path, new=new)
    assert any("changes[0].type: 应为 same / renamed / merged / split / rescaled / dropped / new 之一" in line for line in lines)
    assert any("changes[1].to: to 应为指标编码的列表" in line for line in lines)
    assert any("changes[2].note: 未知的键 'note'" in line for line in lines)


def test_same_keeps_the_code_and_same_or_renamed_keep_the_kind(tmp_path):
    _old, new = versioned_documents()
    change(new, 3)["type"] = "same"  # P1.D1.I4 -> P1.D1.I3
    change(new, 1)["type"] = "renamed"  # number -> number: fine
    change(new, 0).update({"from": ["P1.D1.I3"], "type": "renamed"})  # boolean -> level
    change(new, 2)["from"] = ["P1.D1.I1"]
    lines = problems(tmp_path, new=new)
    assert any("changes[3]: 类型 same 表示指标未变，from 与 to 的编码应相同（P1.D1.I4 → P1.D1.I3" in line for line in lines)
    kind_changed = "changes[0].type: P1.D1.I3 为 boolean 型、P1.D1.I1 为 level 型：题型改变了，应使用 rescaled"
    assert any(kind_changed in line for line in lines)
    assert not any("changes[1]" in line for line in lines)


def test_the_three_keys_come_together(tmp_path):
    _old, new = versioned_documents()
    del new["changes"]
    (line,) = problems(tmp_path, new=new)
    assert "缺少必填键 'changes'" in line


def test_the_previous_file_is_that_version_and_in_the_same_folder(tmp_path):
    _old, new = versioned_documents()
    new["previous"] = "old-0"
    lines = problems(tmp_path, new=new)
    assert any("previous: previous 为 'old-0'，但 previous_file 中的版本是 'old-1'" in line for line in lines)

    new["previous"], new["previous_file"] = "old-1", "../old.yaml"
    lines = problems(tmp_path, new=new)
    assert any("previous_file: 应为同一文件夹中的文件名" in line for line in lines)

    new["previous_file"] = "missing.yaml"
    lines = problems(tmp_path, new=new)
    assert any("previous_file: 找不到上一版本文件" in line for line in lines)


def test_a_broken_previous_file_is_reported_and_a_file_cannot_be_its_own_previous(tmp_path):
    old, new = versioned_documents()
    old["title"] = ""
    lines = problems(tmp_path, new=new, old=old)
    assert any("previous_file: 上一版本文件 old.yaml 有 1 处错误，请先修正" in line for line in lines)

    _old, new = versioned_documents()
    new["previous_file"] = "new.yaml"
    lines = problems(tmp_path, new=new)
    assert any("不能指向本文件或形成循环" in line for line in lines)


def test_problems_carry_the_line_of_the_item(tmp_path):
    _old, new = versioned_documents()
    del change(new, 6)["rule"]
    (line,) = problems(tmp_path, new=new)
    number = int(line.split(":")[1])
    text = (tmp_path / "new.yaml").read_text(encoding="utf-8").splitlines()
    assert text[number - 1].strip() == "- from:" and "P2.D2.I1" in text[number]  # the merged item
