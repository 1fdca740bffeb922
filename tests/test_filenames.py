"""A centre's name ends up in file names (downloads, the entries of a report bundle): whatever it is, the
name stays one harmless file name, and Chinese stays Chinese."""

import io
import unicodedata
import zipfile
from urllib.parse import unquote

import pytest
from django.urls import reverse

from assessment.filenames import MAX_BYTES, archive_path, ascii_filename, content_disposition, safe_filename
from assessment.models import ReportBundle
from assessment.services.assessments import assessment_start, assessment_submit
from assessment.services.centres import centre_create
from tests.builders import make_admin, make_member
from tests.pages import client_for

HOSTILE_NAMES = [
    "../../x",
    "..\\..\\x",
    "/etc/passwd",
    "C:\\Windows\\System32\\x",
    "\\\\server\\share\\x",
    "....//....//x",
    ".hidden",
    "..",
    ".",
    "",
    "   ",
    "a\x00b\x1fc\x7f",
    "报告\u202egpj.exe",  # a right-to-left override: "报告exe.jpg" on screen
    '名<>:"|?*称',
    "CON",
    "nul.txt",
    "甘肃/../../县",
    "县" * 100,
    "x" * 400,
    "trailing. . .",
    "new\nline\r\ttab",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_name_becomes_one_harmless_file_name(name):
    safe = safe_filename(name + ".pdf")
    assert safe.endswith(".pdf") and len(safe) > len(".pdf")
    assert not set(safe) & set('<>:"/\\|?*')
    assert ".." not in safe and not safe.startswith((".", " ")) and not safe.rstrip(".pdf").endswith((".", " "))
    assert not any(unicodedata.category(ch).startswith("C") for ch in safe)
    assert len(safe.encode("utf-8")) <= MAX_BYTES
    assert safe.split(".")[0].upper() not in {"CON", "NUL"}
    assert safe_filename(safe) == safe  # already safe: left alone


def test_chinese_and_ordinary_punctuation_are_kept():
    assert (
        safe_filename("甘肃省敦煌市融媒体中心2026年度自评报告（草稿）.pdf")
        == "甘肃省敦煌市融媒体中心2026年度自评报告（草稿）.pdf"
    )
    assert safe_filename("Report v1.2 (final).xlsx") == "Report v1.2 (final).xlsx"


def test_a_long_chinese_name_is_cut_at_a_character_and_keeps_its_extension():
    safe = safe_filename("县" * 100 + "自评报告.pdf")
    assert safe == "县" * ((MAX_BYTES - 4) // 3) + ".pdf"


def test_an_empty_name_gets_a_stand_in():
    assert safe_filename("../.pdf") == "download.pdf" and safe_filename("") == "download"


def test_the_ascii_stand_in_keeps_what_it_can():
    assert ascii_filename("甘肃2026年度汇总报告.pdf") == "download-2026.pdf"
    assert ascii_filename("Report v1.2 (final).csv") == "Report-v1-2-final.csv"
    assert ascii_filename("ＡＢＣ报告.xlsx") == "ABC.xlsx"


def test_the_header_carries_an_ascii_name_and_the_real_one():
    hostile = '../../甘肃"; filename="evil.exe.pdf'
    header = content_disposition(hostile)
    # One quoted ASCII name, then the real one percent-encoded: nothing in the name can end either early.
    assert header == "attachment; filename=\"filename-evil-exe.pdf\"; filename*=utf-8''" + (
        "%E7%94%98%E8%82%83_%3B%20filename%3D_evil.exe.pdf"
    )
    assert unquote(header.split("filename*=utf-8''")[1]) == safe_filename(hostile) == "甘肃_; filename=_evil.exe.pdf"
    assert content_disposition("plan.csv") == 'attachment; filename="plan.csv"'


def test_archive_paths_are_relative_and_never_climb():
    assert archive_path("甘肃", "../../x.pdf") == "甘肃/x.pdf"
    assert archive_path("/", "/etc/passwd") == "download/etc_passwd"


def disposition_name(response) -> str:
    return unquote(response["Content-Disposition"].split("filename*=utf-8''")[1])


def hostile_centre(name, *, framework, submitted=False):
    from assessment.demo.seed import demo_answer

    centre = centre_create(name=name, province="甘肃", prefecture="某市", resource_tier="developing")
    lead = make_member(centre, f"lead-{centre.pk}", role="lead")
    assessment = assessment_start(centre=centre, cycle=2026, framework=framework)
    if submitted:
        demo_answer(assessment=assessment, user=lead, typical=2)
        assessment_submit(assessment=assessment, user=lead)
    return assessment


def test_a_download_named_after_a_hostile_centre_has_a_safe_name(mini_framework):
    assessment = hostile_centre("../../etc/县融媒体中心\u202e", framework=mini_framework)
    lead = assessment.centre.memberships.get().user
    response = client_for(lead).get(reverse("assessment:action_plan_export", kwargs={"pk": assessment.pk, "fmt": "csv"}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="etc-2026.csv"; ')
    assert disposition_name(response) == "etc_县融媒体中心_ 2026 年度行动计划.csv"


def test_a_bundle_of_hostile_centres_has_only_plain_entries(mini_framework, django_capture_on_commit_callbacks, monkeypatch):
    from assessment import tasks

    # The entry names are the point here; rendering real PDFs would only slow the test down.
    monkeypatch.setattr(tasks, "report_pdf", lambda assessment: (b"%PDF-1.7 " + str(assessment.pk).encode(), False))
    names = ["../../x", "..\\..\\evil", "/etc/passwd", "C:\\boot.ini", ".profile", "名<>:|?*称", "a\x1b[31mb\x7f", "县" * 100]
    for name in names:
        hostile_centre(name, framework=mini_framework, submitted=True)
    admin = make_admin("gansu-bundles", "甘肃")
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessment:bundle_list"), {"cycle": "2026"})
    bundle = ReportBundle.objects.get()
    assert (bundle.status, bundle.done) == ("done", len(names))
    download = client.get(reverse("assessment:bundle_download", kwargs={"bundle_id": bundle.pk}))
    assert download["Content-Disposition"] == (
        "attachment; filename=\"download-2026.zip\"; filename*=utf-8''"
        + "%E7%94%98%E8%82%832026%E5%B9%B4%E5%BA%A6%E8%87%AA%E8%AF%84%E6%8A%A5%E5%91%8A.zip"
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    entries = archive.namelist()
    assert len(entries) == len(names)
    for entry in entries:
        folder, _, file = entry.partition("/")
        # The longest name is cut to fit (its year goes with the cut); the others keep their whole name.
        assert folder == "甘肃" and file.endswith("2026年度自评报告.pdf" if not file.startswith("县县") else ".pdf"), entry
        assert "/" not in file and "\\" not in entry and ".." not in entry and ":" not in entry
        assert not any(unicodedata.category(ch).startswith("C") for ch in entry)
    assert "甘肃/x2026年度自评报告.pdf" in entries and "甘肃/etc_passwd2026年度自评报告.pdf" in entries
    assert sorted(archive.read(entry)[:9] for entry in entries) == [b"%PDF-1.7 "] * len(names)
