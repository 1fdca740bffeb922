"""Every URL of the product, requested as each kind of user: only the rightful one gets content.

The list comes from the URLconf, so a new URL is covered as soon as it exists; a URL this file does not
know how to fill in fails the test instead of being skipped.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.builders import make_admin
from tests.pages import answer_everything, client_for

# URL names that are not the product's own pages (Django's auth, admin, i18n) or need no object.
PUBLIC_OR_FOREIGN = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
}


def product_patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            yield from product_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name not in PUBLIC_OR_FOREIGN:
            yield entry.name, prefix + str(entry.pattern)


def fill(route: str, objects: dict) -> str:
    for key, value in objects.items():
        route = route.replace(f"<id:{key}>", str(value)).replace(f"<str:{key}>", str(value))
    assert "<" not in route, f"the access test does not know how to fill in {route}"
    return "/" + route


@pytest.fixture
def urls(assessment, lead, editor):
    from assessment.models import ActionItem, ReportBundle

    item = ActionItem.objects.create(assessment=assessment, title="建设客户端")
    bundle = ReportBundle.objects.create(requested_by=make_admin("bundle-owner", "甘肃"), cycle=2026, status="done")
    objects = {
        "pk": assessment.pk,
        "code": "P1",
        "membership_id": editor.membership.pk,
        "item_id": item.pk,
        "fmt": "xlsx",
        "centre_id": assessment.centre_id,
        "bundle_id": bundle.pk,
    }
    per_name = {"exemplar_detail": {"code": "jiangyin"}}
    return {name: fill(route, {**objects, **per_name.get(name, {})}) for name, route in product_patterns()}


# Pages that exist for any logged-in user: the framework and the exemplar library, which are the same for
# everyone, and pages that show only the user's own things.
OWN_SCOPE = {
    "home",
    "framework_detail",
    "exemplar_list",
    "exemplar_detail",
    "assessment_start",
    "members",
    "bundle_list",
    "cohort_dashboard",
    "cohort_compare",
    "cohort_export",
    "centres_import",
    "centres_import_template",
}


def test_the_url_list_is_not_empty(urls):
    assert {"assessment_overview", "assessment_pillar", "assessment_submit", "assessment_result"} <= set(urls)


def test_anonymous_is_sent_to_login_everywhere(client, urls):
    for name, url in urls.items():
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302 and "/accounts/login/" in response.url, (name, method)


def test_a_member_of_another_centre_gets_404_on_every_object_url(outsider, urls, assessment):
    client = client_for(outsider)
    for name, url in urls.items():
        if name in OWN_SCOPE:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (404, 405), (name, method, response.status_code)
            assert "甲县" not in response.content.decode()


def test_an_administrator_of_another_province_gets_404_on_every_object_url(other_province_admin, urls):
    client = client_for(other_province_admin)
    for name, url in urls.items():
        if name in OWN_SCOPE:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (404, 405), (name, method, response.status_code)


def test_administrators_in_scope_read_but_never_write(province_admin, national_admin, urls, assessment):
    from assessment.models import ActionItem, Answer

    for admin in (province_admin, national_admin):
        client = client_for(admin)
        for name in ("assessment_overview", "assessment_pillar", "assessment_result", "action_plan"):
            assert client.get(urls[name]).status_code == 200, name
        for name in ("assessment_pillar", "assessment_submit", "action_plan", "action_item_delete", "action_item_edit"):
            assert (
                client.post(urls[name], {"P1.D1.I1-level": "3", "P1.D1.I1-loaded": "0:000000000000", "title": "x"}).status_code
                == 404
            ), name
    assert not Answer.objects.exists() and ActionItem.objects.count() == 1


def test_the_outsider_cannot_remove_a_member_of_another_centre(outsider, editor, urls):
    client_for(outsider).post(urls["member_remove"])
    editor.refresh_from_db()
    assert editor.is_active and editor.membership.centre.name == "甲县融媒体中心"


def test_a_user_without_a_centre_gets_404_on_centre_pages(db, urls, django_user_model):
    client = client_for(django_user_model.objects.create_user("nobody", password="x"))
    for name in ("assessment_overview", "assessment_pillar", "assessment_result", "members", "assessment_start"):
        assert client.get(urls[name]).status_code in (404, 405), name


def test_the_rightful_member_gets_content(editor, urls):
    client = client_for(editor)
    for name in (
        "home",
        "framework_detail",
        "members",
        "assessment_overview",
        "assessment_pillar",
        "assessment_result",
        "exemplar_list",
        "exemplar_detail",
        "action_plan",
        "action_item_edit",
        "action_plan_export",
        "assessment_what_if",
    ):
        response = client.get(urls[name])
        assert response.status_code == 200, name


def test_the_audit_log_is_for_the_lead_and_administrators_in_scope(lead, editor, province_admin, urls):
    assert client_for(lead).get(urls["centre_audit"]).status_code == 200
    assert client_for(province_admin).get(urls["centre_audit"]).status_code == 200
    assert client_for(editor).get(urls["centre_audit"]).status_code == 403


def test_an_administrator_returns_a_submission_and_its_snapshot_stays_in_the_history(province_admin, editor, lead, assessment):
    from assessment.models import AuditEvent
    from assessment.services.assessments import assessment_submit

    answer_everything(client_for(editor), assessment)
    assessment_submit(assessment=assessment, user=lead)
    url = f"/assessments/{assessment.pk}/reopen/"
    assert "退回时请说明原因" in client_for(province_admin).post(url, {"comment": " ", "confirm": "1"}).content.decode()
    client_for(province_admin).post(url, {"comment": "请补充佐证材料", "confirm": "1"})
    assessment.refresh_from_db()
    assert assessment.status == "draft" and assessment.snapshots.count() == 1
    event = AuditEvent.objects.get(kind="status", new="draft")
    assert (event.old, event.comment, event.actor) == ("submitted", "请补充佐证材料", province_admin)
    overview = client_for(editor).get(f"/assessments/{assessment.pk}/").content.decode()
    assert "请补充佐证材料" in overview
