"""The server's side of the questionnaire offline: the service worker's script and a logout that clears the device."""

import re

from django.test import Client
from django.urls import reverse

from tests.pages import client_for, member_pages, pillar_url


def test_the_service_worker_is_served_from_the_root_as_javascript_and_never_cached(editor):
    url = reverse("service_worker")
    assert url == "/sw.js"  # at the root: its scope covers the questionnaire pages
    for client in (Client(), client_for(editor)):  # the same file for everyone: it holds no data
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/javascript")
        assert response["Service-Worker-Allowed"] == "/"
        assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
        body = response.content.decode()
        assert 'STATIC_PREFIX = "/static/"' in body
        assert "{%" not in body


def test_the_service_worker_keeps_only_the_questionnaire_pages_and_never_a_post_or_a_download(assessment):
    body = Client().get(reverse("service_worker")).content.decode()
    pattern = re.compile(re.search(r"var QUESTIONNAIRE = /(.+)/;", body).group(1).replace("\\/", "/"))
    kept = [reverse("assessment:assessment_overview", kwargs={"pk": assessment.pk}), pillar_url(assessment, "P2")]
    assert all(pattern.fullmatch(url) for url in kept)
    never = [
        reverse("assessment:assessment_report_pdf", kwargs={"pk": assessment.pk}),
        reverse("assessment:action_plan_export", kwargs={"pk": assessment.pk, "fmt": "csv"}),
        reverse("assessment:cohort_export", kwargs={"fmt": "xlsx"}),
        reverse("assessment:assessment_result", kwargs={"pk": assessment.pk}),
        reverse("assessment:home"),
        reverse("logout"),
    ]
    assert not [url for url in never if pattern.fullmatch(url)]
    assert 'if (request.method !== "GET") return;' in body  # a POST (a save, a logout) is left to the browser


def test_a_signed_in_page_names_its_member_and_loads_the_offline_script(editor, assessment):
    client = client_for(editor)
    for url in member_pages(assessment):
        response = client.get(url)
        assert response["X-Member"] == str(editor.pk), url
    page = client.get(pillar_url(assessment)).content.decode()
    assert f'data-member="{editor.pk}"' in page and 'data-worker="/sw.js"' in page
    assert re.search(r'<form action="/accounts/logout/" method="post" data-logout>', page)


def test_a_visitor_who_is_not_signed_in_gets_no_offline_script_and_no_member():
    response = Client().get(reverse("login"))
    assert "X-Member" not in response.headers
    assert "offline.js" not in response.content.decode()


def test_logging_out_clears_the_site_data_of_this_browser_and_ends_the_session(editor, assessment):
    client = client_for(editor)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get(pillar_url(assessment)).status_code == 302  # signed out


def test_a_request_to_log_out_by_get_is_refused_and_clears_nothing(editor):
    response = client_for(editor).get(reverse("logout"))
    assert response.status_code == 405 and "Clear-Site-Data" not in response.headers
