"""Backup and restore: everything needed to rebuild the database, restored into an empty one with the same results."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessment.models import Answer, Assessment, AuditEvent, Centre, FrameworkVersion, Indicator, ResultSnapshot


def state():
    return {
        "centres": sorted(Centre.objects.values_list("name", flat=True)),
        "indicators": Indicator.objects.count(),
        "answers": sorted(Answer.objects.values_list("assessment__centre__name", "indicator__code", "level", "version")),
        "snapshots": sorted(
            ResultSnapshot.objects.values_list("assessment__centre__name", "assessment__cycle", "overall_score", "is_current")
        ),
        "audit": AuditEvent.objects.count(),
        "framework": list(FrameworkVersion.objects.values_list("version", "content_hash")),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_gives_the_same_results(tmp_path, client):
    from assessment.demo.seed import demo_seed

    demo_seed(cycle=2026)
    before = state()
    west = Assessment.objects.get(centre__name__startswith="西川", cycle=2026)
    score = ResultSnapshot.objects.get(assessment=west).overall_score
    path = tmp_path / "backup.json.gz"
    call_command("backup_data", "--out", str(path))
    assert path.stat().st_size > 10_000

    call_command("flush", "--noinput")
    assert Centre.objects.count() == 0
    call_command("restore_data", str(path))
    assert state() == before
    # The restored product works: the lead logs in with the same password and sees the same result.
    login = client.post(reverse("login"), {"username": "demo-west-lead", "password": "demo-2023"})
    assert login.status_code == 302
    west = Assessment.objects.get(centre__name__startswith="西川", cycle=2026)
    html = client.get(reverse("assessment:assessment_result", kwargs={"pk": west.pk})).content.decode()
    assert f"{score:.1f}" in html

    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore_data", str(path))


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"model": "assessment.nothing", "pk": 1, "fields": {}}]', encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - Django's loaddata raises DeserializationError
        call_command("restore_data", str(bad))
    assert Centre.objects.count() == 0
