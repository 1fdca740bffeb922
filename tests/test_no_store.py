"""Nothing a signed-in user sees stays in a browser's or a proxy's cache: pages and downloads say no-store."""

import pytest
from django.test import Client
from django.urls import reverse

from assessment.models import Assessment, ReportBundle
from tests.builders import submitted_cohort
from tests.pages import client_for, member_pages


@pytest.fixture
def cohort_admin(mini_framework, national_admin, django_capture_on_commit_callbacks):
    submitted_cohort(mini_framework, 2)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(national_admin).post(reverse("assessment:bundle_list"), {"cycle": "2026"})
    return national_admin


def downloads(assessment: Assessment, bundle: ReportBundle) -> dict[str, str]:
    """Each kind of download, with the type it must come as."""
    return {
        reverse("assessment:assessment_report_pdf", kwargs={"pk": assessment.pk}): "application/pdf",
        reverse("assessment:action_plan_export", kwargs={"pk": assessment.pk, "fmt": "csv"}): "text/csv",
        reverse("assessment:action_plan_export", kwargs={"pk": assessment.pk, "fmt": "xlsx"}): "application/vnd.openxmlformats",
        reverse("assessment:cohort_export", kwargs={"fmt": "xlsx"}): "application/vnd.openxmlformats",
        reverse("assessment:cohort_export", kwargs={"fmt": "csv"}): "text/csv",
        reverse("assessment:cohort_export", kwargs={"fmt": "json"}): "application/json",
        reverse("assessment:cohort_export", kwargs={"fmt": "pdf"}): "application/pdf",
        reverse("assessment:bundle_download", kwargs={"bundle_id": bundle.pk}): "application/zip",
        reverse("assessment:centres_import_template"): "text/csv",
    }


def test_every_download_to_a_signed_in_user_says_no_store(cohort_admin):
    client = client_for(cohort_admin)
    assessment = Assessment.objects.filter(status="submitted").first()
    for url, content_type in downloads(assessment, ReportBundle.objects.get()).items():
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith(content_type), url
        assert "attachment" in response["Content-Disposition"], url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url


def test_every_page_to_a_signed_in_user_says_no_store(editor, lead, assessment):
    pages = [*member_pages(assessment), reverse("password_change"), "/no-such-page/"]  # an error page too
    client = client_for(editor)
    for url in pages:
        assert "no-store" in client.get(url)["Cache-Control"], url
    # A form answered with a redirect, and the page a signed-in user is sent back to.
    saved = client.post(
        reverse("assessment:action_plan", kwargs={"pk": assessment.pk}), {"title": "建立选题会制度", "status": "todo"}
    )
    assert saved.status_code == 302 and "no-store" in saved["Cache-Control"]


def test_a_visitor_who_is_not_signed_in_and_static_files_are_left_cacheable(settings, editor):
    assert "Cache-Control" not in Client().get(reverse("password_reset_done")).headers
    settings.WHITENOISE_USE_FINDERS = True  # serve static/ as it is, without collectstatic
    static = client_for(editor).get("/static/css/app.css")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")
