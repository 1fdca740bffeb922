"""Loading the framework into the database: all or nothing, idempotent, immutable versions."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assessment.models import FrameworkVersion, Indicator
from tests.builders import framework_document, write_framework, write_versions


@pytest.fixture
def framework_file(tmp_path):
    return write_framework(tmp_path / "framework.yaml", framework_document())


def test_load_writes_every_part(db, framework_file, capsys):
    call_command("load_framework", framework_file)
    assert "已载入框架 test-1" in capsys.readouterr().out
    framework = FrameworkVersion.objects.get()
    spec = FrameworkVersion.objects.get().spec  # built again from the stored document
    assert [p.code for p in spec.pillars] == ["P1"]
    assert spec.indicator("P1.D1.I1").levels[4] == "四"
    assert spec.indicator("P1.D1.I2").thresholds == (1, 10, 30, 80)
    assert spec.indicator("P1.D1.I3").kind == "boolean"
    jiangyin = spec.exemplar("jiangyin")
    assert [i.code for i in jiangyin.practices[0].indicators] == ["P1.D1.I1"]
    assert jiangyin.figures[0].indicator is spec.indicator("P1.D1.I2")
    # Rows only where a foreign key needs one: an indicator row per indicator, for answers.
    assert list(framework.indicators.values_list("code", "position")) == [("P1.D1.I1", 0), ("P1.D1.I2", 1), ("P1.D1.I3", 2)]


def test_loading_the_same_file_twice_changes_nothing(db, framework_file, capsys):
    call_command("load_framework", framework_file)
    before = (FrameworkVersion.objects.get().pk, Indicator.objects.count())
    call_command("load_framework", framework_file)
    assert "内容未变" in capsys.readouterr().out
    assert (FrameworkVersion.objects.get().pk, Indicator.objects.count()) == before


def test_same_file_reformatted_is_the_same_version(db, tmp_path, framework_file):
    call_command("load_framework", framework_file)
    reformatted = tmp_path / "reformatted.yaml"
    reformatted.write_text("# a comment\n" + Path(framework_file).read_text(encoding="utf-8"), encoding="utf-8")
    call_command("load_framework", str(reformatted))
    assert FrameworkVersion.objects.count() == 1


def test_changed_content_under_the_same_version_is_refused(db, tmp_path, framework_file):
    call_command("load_framework", framework_file)
    changed = framework_document()
    changed["pillars"][0]["title"] = "改过的标题"
    with pytest.raises(CommandError, match="版本 test-1 已以不同的内容载入"):
        call_command("load_framework", write_framework(tmp_path / "changed.yaml", changed))
    assert FrameworkVersion.objects.get().spec.pillars[0].title == "支柱一"


def test_a_new_version_is_stored_beside_the_old_one(db, tmp_path, framework_file):
    call_command("load_framework", framework_file)
    call_command("load_framework", write_framework(tmp_path / "v2.yaml", framework_document(version="test-2")))
    assert sorted(FrameworkVersion.objects.values_list("version", flat=True)) == ["test-1", "test-2"]
    assert Indicator.objects.count() == 6


def test_a_bad_file_writes_nothing_and_fails(db, tmp_path):
    document = framework_document()
    document["exemplars"][0]["practices"][0]["indicators"] = ["P1.D1.I9"]
    with pytest.raises(CommandError, match="引用了不存在的指标 'P1.D1.I9'"):
        call_command("load_framework", write_framework(tmp_path / "bad.yaml", document))
    assert FrameworkVersion.objects.count() == 0 and Indicator.objects.count() == 0


def test_the_command_exits_non_zero_on_a_bad_file(tmp_path):
    document = framework_document()
    document["pillars"][0]["weight"] = 0
    path = write_framework(tmp_path / "bad.yaml", document)
    result = subprocess.run(
        [sys.executable, "manage.py", "load_framework", path],
        capture_output=True,
        text=True,
        env={**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"},
    )
    assert result.returncode == 1
    assert "bad.yaml" in result.stderr and "pillars[0].weight: 必须是正数，实际为 0" in result.stderr


def test_loading_an_older_version_after_its_successor_leaves_the_successor_current(db, tmp_path):
    """seed_demo loads 2023.2 for its history after 2024.1: new assessments still start on 2024.1."""
    from assessment.selectors.framework import framework_current
    from assessment.services.framework import framework_load

    old, new = write_versions(tmp_path)
    framework_load(path=new)
    framework_load(path=old)
    assert FrameworkVersion.objects.count() == 2 and framework_current().version == "new-2"
