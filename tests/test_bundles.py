"""Administrators download all reports of their scope as one ZIP, built by the task queue."""

import io
import zipfile

from django.urls import reverse

from assessment.models import ReportBundle
from tests.builders import make_admin, submitted_cohort
from tests.pages import client_for


def test_a_provincial_bundle_holds_every_submitted_report_of_the_province(framework, django_capture_on_commit_callbacks):
    submitted_cohort(framework, 2, province="甘肃")
    from assessment.services.centres import centre_create

    centre_create(name="浙江某县融媒体中心", province="浙江", prefecture="某市", resource_tier="developing")
    admin = make_admin("gansu", "甘肃")
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessment:bundle_list"), {"cycle": "2026"})
    bundle = ReportBundle.objects.get()
    assert response.url == reverse("assessment:bundle_detail", kwargs={"bundle_id": bundle.pk})
    assert (bundle.status, bundle.done, bundle.total) == ("done", 2, 2)
    page = client.get(response.url).content.decode()
    assert "已完成 2 / 2" in page and "下载 ZIP" in page and 'http-equiv="refresh"' not in page
    download = client.get(reverse("assessment:bundle_download", kwargs={"bundle_id": bundle.pk}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert len(names) == 2 and all(n.startswith("甘肃/") and n.endswith(".pdf") for n in names)
    assert all(archive.read(n).startswith(b"%PDF") for n in names)


def test_a_running_bundle_shows_progress_and_refreshes(db, django_user_model):
    admin = make_admin("national")
    bundle = ReportBundle.objects.create(requested_by=admin, cycle=2026, status="running", total=10, done=3)
    page = client_for(admin).get(reverse("assessment:bundle_detail", kwargs={"bundle_id": bundle.pk})).content.decode()
    assert "已完成 3 / 10" in page and 'http-equiv="refresh"' in page and 'value="3" max="10"' in page
    assert client_for(admin).get(reverse("assessment:bundle_download", kwargs={"bundle_id": bundle.pk})).status_code == 404


def test_bundles_are_for_administrators_and_their_own_requests_only(db, editor, outsider):
    admin = make_admin("a1", "甘肃")
    other = make_admin("a2", "甘肃")
    bundle = ReportBundle.objects.create(requested_by=admin, cycle=2026, status="done")
    assert client_for(other).get(reverse("assessment:bundle_detail", kwargs={"bundle_id": bundle.pk})).status_code == 404
    assert client_for(editor).get(reverse("assessment:bundle_list")).status_code == 404
    assert client_for(editor).post(reverse("assessment:bundle_list"), {"cycle": "2026"}).status_code == 404
    assert not ReportBundle.objects.exclude(pk=bundle.pk).exists()


def test_a_bad_cycle_is_refused(db):
    response = client_for(make_admin("a3", "甘肃")).post(reverse("assessment:bundle_list"), {"cycle": "明年"})
    assert response.status_code == 400 and "请填写 2018 年到 2100 年之间的年度" in response.content.decode()
    assert not ReportBundle.objects.exists()
