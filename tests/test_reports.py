"""The PDF report: a real PDF with the bundled CJK font, the page's content, cached, and safe failures."""

import contextlib
import logging
import re
import shutil
import zlib
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from assessment.services.assessments import assessment_submit
from tests.pages import answer_everything, client_for, pdf_fonts, pdf_text

# pdftotext and pdffonts come from poppler-utils, which scripts/setup.sh installs; without them these tests
# fail rather than skip.
assert shutil.which("pdftotext") and shutil.which("pdffonts"), "poppler-utils is missing: run scripts/setup.sh as root"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def submitted(assessment, editor, lead):
    answer_everything(client_for(editor), assessment)
    assessment_submit(assessment=assessment, user=lead)
    assessment.refresh_from_db()
    return assessment


def test_the_report_is_a_pdf_with_a_chinese_file_name(lead, submitted, tmp_path):
    response = client_for(lead).get(reverse("assessment:assessment_report_pdf", kwargs={"pk": submitted.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    # 甲县融媒体中心2026年度自评报告.pdf, percent-encoded per RFC 5987
    assert "filename*=utf-8''%E7%94%B2%E5%8E%BF" in disposition and disposition.endswith(".pdf")
    assert response.content.startswith(b"%PDF")


def test_the_report_embeds_only_noto_sans_cjk_sc_subsets(lead, submitted, tmp_path):
    pdf = client_for(lead).get(reverse("assessment:assessment_report_pdf", kwargs={"pk": submitted.pk})).content
    fonts = pdf_fonts(pdf, tmp_path)
    assert fonts, "the PDF embeds no font"
    for row in fonts:
        name, emb, sub = row[0], row[-5], row[-4]
        assert re.match(r"^[A-Z]{6}\+Noto-Sans-CJK-SC", name), name  # no DejaVu or other fallback
        assert (emb, sub) == ("yes", "yes"), row


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's bytes with every compressed stream inflated, to look for dictionary entries."""
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):  # not a deflated stream (fonts may be stored otherwise)
            streams.append(zlib.decompress(match.group(1)))
    return pdf + b"".join(streams)


def test_the_report_has_bookmarks_language_and_metadata(lead, submitted):
    pdf = client_for(lead).get(reverse("assessment:assessment_report_pdf", kwargs={"pk": submitted.pk})).content
    objects = pdf_objects(pdf)
    assert b"/Outlines" in objects
    assert re.search(rb"/Lang\s*\(zh-CN\)", objects)
    assert b"/Author" in objects and b"/Title" in objects


def test_the_report_carries_the_result_pages_content(lead, submitted, tmp_path):
    text = pdf_text(
        client_for(lead).get(reverse("assessment:assessment_report_pdf", kwargs={"pk": submitted.pk})).content, tmp_path
    )
    assert "甲县融媒体中心" in text and "62.5" in text
    for title in ("支柱一", "支柱二", "摘要", "改进建议与行动计划", "附录：全部答卷"):
        assert title in text
    assert re.search(r"第\s*2\s*页\s*/\s*共\s*\d+\s*页", text)  # pdftotext drops the spaces between CJK glyphs
    assert "草稿" not in text


def test_a_second_download_is_served_from_the_cache(lead, submitted):
    client = client_for(lead)
    url = reverse("assessment:assessment_report_pdf", kwargs={"pk": submitted.pk})
    first = client.get(url).content
    with mock.patch("assessment.reports.render.html_to_pdf", side_effect=AssertionError("rendered again")):
        assert client.get(url).content == first


def test_changing_the_action_plan_renders_again(lead, submitted):
    from assessment.models import ActionItem

    client = client_for(lead)
    url = reverse("assessment:assessment_report_pdf", kwargs={"pk": submitted.pk})
    client.get(url)
    ActionItem.objects.create(assessment=submitted, title="新事项")
    with mock.patch("assessment.reports.render.html_to_pdf", return_value=b"%PDF-new") as render:
        assert client.get(url).content == b"%PDF-new"
    assert render.called


def test_another_centre_submitting_renders_again_with_the_new_cohort(lead, submitted, other_centre):
    """The report's percentiles compare with every submitted centre of the cycle, so a new submission
    elsewhere (or a return) must not leave the cached PDF behind the result page."""
    from django.utils import timezone

    from assessment.models import Assessment

    client = client_for(lead)
    url = reverse("assessment:assessment_report_pdf", kwargs={"pk": submitted.pk})
    client.get(url)
    Assessment.objects.create(
        centre=other_centre,
        cycle=submitted.cycle,
        framework=submitted.framework,
        status=Assessment.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    with mock.patch("assessment.reports.render.html_to_pdf", return_value=b"%PDF-new") as render:
        assert client.get(url).content == b"%PDF-new"
    assert render.called


def test_a_draft_is_a_watermarked_preview(editor, assessment, tmp_path):
    response = client_for(editor).get(reverse("assessment:assessment_report_pdf", kwargs={"pk": assessment.pk}))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "%EF%BC%88%E8%8D%89%E7%A8%BF%EF%BC%89" in response["Content-Disposition"]  # （草稿） in the name
    assert "草稿" in pdf_text(response.content, tmp_path)


def test_a_missing_assessment_is_404(lead, submitted):
    assert client_for(lead).get(reverse("assessment:assessment_report_pdf", kwargs={"pk": submitted.pk + 999})).status_code == 404


def test_a_render_failure_is_logged_and_explained(lead, submitted, caplog):
    with (
        mock.patch("assessment.reports.render.html_to_pdf", side_effect=OSError("pango exploded")),
        caplog.at_level(logging.ERROR),
    ):
        response = client_for(lead).get(reverse("assessment:assessment_report_pdf", kwargs={"pk": submitted.pk}), follow=True)
    assert "报告生成失败" in response.content.decode()
    assert "PDF rendering failed" in caplog.text and "pango exploded" in caplog.text


def test_render_report_command(submitted, tmp_path, capsys):
    out = tmp_path / "r.pdf"
    call_command("render_report", "--center", "甲县融媒体中心", "--cycle", "2026", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF") and "已生成" in capsys.readouterr().out
    call_command("render_report", "--center", str(submitted.centre_id), "--cycle", "2026", "--out", str(out))
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="找不到中心"):
        call_command("render_report", "--center", "不存在", "--cycle", "2026", "--out", str(out))


@pytest.mark.django_db
def test_the_full_report_of_the_shipped_framework_has_a_sensible_length(tmp_path):
    from assessment.demo.seed import demo_seed
    from assessment.models import Assessment
    from assessment.reports.render import report_pdf

    demo_seed(cycle=2026)
    assessment = Assessment.objects.get(centre__name__startswith="西川", cycle=2026)
    pdf, _ = report_pdf(assessment=assessment)
    text = pdf_text(pdf, tmp_path)
    pages = int(re.search(r"共\s*(\d+)\s*页", text).group(1))
    assert 8 <= pages <= 40
    for pillar in assessment.framework.spec.pillars:
        assert pillar.title in text.replace(" ", "")


def test_a_missing_harfbuzz_subset_logs_one_clear_warning(caplog):
    from django.apps import apps

    with (
        mock.patch("assessment.reports.render.harfbuzz_subset_available", return_value=False),
        caplog.at_level(logging.WARNING, logger="assessment"),
    ):
        apps.get_app_config("assessment").ready()
    assert caplog.text.count("libharfbuzz-subset0") == 2 and "慢约 10 倍" in caplog.text


def test_the_cache_key_changes_with_every_template_the_report_is_built_from(submitted):
    """A cached PDF must not outlive a change to any template it was rendered from, the page fragments
    it includes among them."""
    from django.conf import settings
    from django.test.signals import template_rendered

    from assessment.reports.render import report_html, report_sources

    used = []

    def record(sender, template, **kwargs):
        used.append(template.origin.name)

    template_rendered.connect(record)
    try:
        report_html(assessment=submitted)
    finally:
        template_rendered.disconnect(record)
    sources = {str(path) for path in report_sources()}
    project = [name for name in used if name.startswith(str(settings.BASE_DIR))]
    assert any("/includes/" in name for name in project)
    assert set(project) <= sources
