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
    "service_worker",  # the offline script, the same for everyone; it holds no data
}


def product_patterns(resolver=None, prefix="", namespace=""):
    """(name as ``reverse`` takes it, with its namespace; route) for every product URL."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from product_patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name not in PUBLIC_OR_FOREIGN:
            yield namespace + entry.name, prefix + str(entry.pattern)


def fill(route: str, objects: dict) -> str:
    for key, value in objects.items():
        route = route.replace(f"<id:{key}>", str(value)).replace(f"<str:{key}>", str(value))
    assert "<" not in route, f"the access test does not know how to fill in {route}"
    return "/" + route


@pytest.fixture
def urls(assessment, lead, editor):
    from assessment.models import ActionItem, Campaign, Notification, ReportBundle

    item = ActionItem.objects.create(assessment=assessment, title="建设客户端")
    campaign = Campaign.objects.create(
        name="甘肃 2026 年度自评",
        province="甘肃",
        cycle=2026,
        framework=assessment.framework,
        opens_on="2026-01-01",
        deadline="2026-03-31",
    )
    notification = Notification.objects.create(user=editor, centre=assessment.centre, kind="returned", text="甲县 退回")
    bundle = ReportBundle.objects.create(requested_by=make_admin("bundle-owner", "甘肃"), cycle=2026, status="done")
    objects = {
        "pk": assessment.pk,
        "code": "P1",
        "membership_id": editor.membership.pk,
        "item_id": item.pk,
        "fmt": "xlsx",
        "centre_id": assessment.centre_id,
        "bundle_id": bundle.pk,
        "version": assessment.framework.version,
        "campaign_id": campaign.pk,
        "notification_id": notification.pk,
    }
    per_name = {"assessment:exemplar_detail": {"code": "jiangyin"}}
    return {name: fill(route, {**objects, **per_name.get(name, {})}) for name, route in product_patterns()}


# Pages that exist for any logged-in user: the framework and the exemplar library, which are the same for
# everyone, and pages that show only the user's own things.
OWN_SCOPE = {
    "assessment:home",
    "assessment:framework_detail",
    "assessment:framework_changes",
    "assessment:exemplar_list",
    "assessment:exemplar_detail",
    "assessment:assessment_start",
    "assessment:members",
    "assessment:centre_size",
    "assessment:bundle_list",
    "assessment:cohort_dashboard",
    "assessment:cohort_compare",
    "assessment:cohort_export",
    "assessment:centres_import",
    "assessment:centres_import_template",
    "assessment:campaign_list",
    "assessment:campaign_new",
    "assessment:reminder_log",
    "assessment:notifications",
    "assessment:notifications_read_all",
}


def test_the_url_list_is_not_empty(urls):
    assert {
        "assessment:assessment_overview",
        "assessment:assessment_pillar",
        "assessment:assessment_submit",
        "assessment:assessment_result",
    } <= set(urls)
    assert set(urls) == set(URL_NAMES)  # the cases below were drawn from the same walk


# One case per URL, method and kind of user, drawn from the URLconf at collection, so that one failure does
# not hide the others and the report names the URL.
URL_NAMES = sorted(name for name, _ in product_patterns())
OBJECT_URL_NAMES = [name for name in URL_NAMES if name not in OWN_SCOPE]
METHODS = ("get", "post")
STRANGERS = ("outsider", "other_province_admin")

# Views that take only a POST answer a GET with 405 before they look the object up, which tells a stranger
# nothing about it either; every other object URL answers a stranger 404 whatever the method.
POST_ONLY_BEFORE_LOOKUP = {"assessment:member_reinvite", "assessment:assessment_answers_confirm"}


def stranger_status(name: str, method: str) -> int:
    return 405 if method == "get" and name in POST_ONLY_BEFORE_LOOKUP else 404


@pytest.mark.parametrize(
    "name, method", [pytest.param(name, method, id=f"{name}-anonymous-{method}") for name in URL_NAMES for method in METHODS]
)
def test_anonymous_is_sent_to_login_everywhere(client, urls, name, method):
    response = getattr(client, method)(urls[name])
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize(
    "name, role, method",
    [
        pytest.param(name, role, method, id=f"{name}-{role}-{method}")
        for name in OBJECT_URL_NAMES
        for role in STRANGERS
        for method in METHODS
    ],
)
def test_a_member_of_another_centre_or_an_administrator_of_another_province_gets_404_on_every_object_url(
    request, urls, assessment, name, role, method
):
    response = getattr(client_for(request.getfixturevalue(role)), method)(urls[name])
    assert response.status_code == stranger_status(name, method)
    assert "甲县" not in response.content.decode()


ADMINS_IN_SCOPE = ("province_admin", "national_admin")


@pytest.mark.parametrize(
    "name, role",
    [
        pytest.param(name, role, id=f"{name}-{role}-get")
        for name in (
            "assessment:assessment_overview",
            "assessment:assessment_pillar",
            "assessment:assessment_result",
            "assessment:action_plan",
        )
        for role in ADMINS_IN_SCOPE
    ],
)
def test_administrators_in_scope_read(request, urls, name, role):
    assert client_for(request.getfixturevalue(role)).get(urls[name]).status_code == 200


@pytest.mark.parametrize(
    "name, role",
    [
        pytest.param(name, role, id=f"{name}-{role}-post")
        for name in (
            "assessment:assessment_pillar",
            "assessment:assessment_submit",
            "assessment:assessment_move",
            "assessment:assessment_answers_confirm",
            "assessment:action_plan",
            "assessment:action_item_delete",
            "assessment:action_item_edit",
        )
        for role in ADMINS_IN_SCOPE
    ],
)
def test_administrators_in_scope_never_write(request, urls, assessment, name, role):
    from assessment.models import ActionItem, Answer

    client = client_for(request.getfixturevalue(role))
    response = client.post(urls[name], {"P1.D1.I1-level": "3", "P1.D1.I1-loaded": "0:000000000000", "title": "x"})
    assert response.status_code == 404
    assert not Answer.objects.exists() and ActionItem.objects.count() == 1


def test_the_outsider_cannot_remove_a_member_of_another_centre(outsider, editor, urls):
    client_for(outsider).post(urls["assessment:member_remove"])
    editor.refresh_from_db()
    assert editor.is_active and editor.membership.centre.name == "甲县融媒体中心"


# A user without a centre sees no centre page; starting an assessment is a POST only, so a GET is 405.
@pytest.mark.parametrize(
    "name, status",
    [
        pytest.param(name, status, id=f"{name}-no_centre-get")
        for name, status in (
            ("assessment:assessment_overview", 404),
            ("assessment:assessment_pillar", 404),
            ("assessment:assessment_result", 404),
            ("assessment:members", 404),
            ("assessment:centre_size", 404),
            ("assessment:assessment_start", 405),
        )
    ],
)
def test_a_user_without_a_centre_gets_404_on_centre_pages(db, urls, django_user_model, name, status):
    client = client_for(django_user_model.objects.create_user("nobody", password="x"))
    assert client.get(urls[name]).status_code == status


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, id=f"{name}-editor-get")
        for name in (
            "assessment:home",
            "assessment:framework_detail",
            "assessment:members",
            "assessment:assessment_overview",
            "assessment:assessment_pillar",
            "assessment:assessment_result",
            "assessment:exemplar_list",
            "assessment:exemplar_detail",
            "assessment:action_plan",
            "assessment:action_item_edit",
            "assessment:action_plan_export",
            "assessment:assessment_what_if",
        )
    ],
)
def test_the_rightful_member_gets_content(editor, urls, name):
    assert client_for(editor).get(urls[name]).status_code == 200


def test_the_audit_log_is_for_the_lead_and_administrators_in_scope(lead, editor, province_admin, urls):
    assert client_for(lead).get(urls["assessment:centre_audit"]).status_code == 200
    assert client_for(province_admin).get(urls["assessment:centre_audit"]).status_code == 200
    assert client_for(editor).get(urls["assessment:centre_audit"]).status_code == 403


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


# The province's review: only an administrator whose scope holds the centre; every member of the centre
# (lead, editor, 领导查看) gets 404 on the review pages and on returning, whatever the method.
REVIEW_URL_NAMES = ("assessment:assessment_review", "assessment:assessment_review_finish", "assessment:assessment_reopen")


@pytest.mark.parametrize(
    "name, role, method",
    [
        pytest.param(name, role, method, id=f"{name}-{role}-{method}")
        for name in REVIEW_URL_NAMES
        for role in ("lead", "editor", "viewer")
        for method in METHODS
    ],
)
def test_members_of_the_centre_get_404_on_the_review(request, urls, assessment, name, role, method):
    from assessment.models import IndicatorReview

    response = getattr(client_for(request.getfixturevalue(role)), method)(urls[name], {"code": "P1.D1.I1", "verdict": "verified"})
    assert response.status_code == 404
    assert not IndicatorReview.objects.exists()


@pytest.mark.parametrize(
    "name, role",
    [pytest.param(name, role, id=f"{name}-{role}-get") for name in REVIEW_URL_NAMES for role in ADMINS_IN_SCOPE],
)
def test_administrators_in_scope_open_the_review(request, urls, name, role):
    assert client_for(request.getfixturevalue(role)).get(urls[name]).status_code == 200


@pytest.mark.parametrize("role", ["outsider", "other_province_admin", "lead", "editor", "viewer"])
def test_only_an_administrator_in_scope_records_a_verdict(request, assessment, editor, lead, role):
    from assessment.models import IndicatorReview
    from assessment.services.assessments import assessment_submit

    answer_everything(client_for(editor), assessment)
    assessment_submit(assessment=assessment, user=lead)
    url = f"/assessments/{assessment.pk}/review/"
    response = client_for(request.getfixturevalue(role)).post(url, {"code": "P1.D1.I1", "verdict": "verified"})
    assert response.status_code == 404 and not IndicatorReview.objects.exists()
    assert (
        client_for(request.getfixturevalue("province_admin")).post(url, {"code": "P1.D1.I1", "verdict": "verified"}).status_code
        == 302
    )
    assert IndicatorReview.objects.count() == 1


CAMPAIGN_PAGES = (
    "assessment:campaign_list",
    "assessment:campaign_new",
    "assessment:campaign_detail",
    "assessment:campaign_edit",
    "assessment:campaign_overdue_export",
    "assessment:reminder_log",
)


@pytest.mark.parametrize(
    "name, role",
    [pytest.param(name, role, id=f"{name}-{role}-get") for name in CAMPAIGN_PAGES for role in ADMINS_IN_SCOPE],
)
def test_administrators_in_scope_open_the_campaign_pages(request, urls, name, role):
    assert client_for(request.getfixturevalue(role)).get(urls[name]).status_code == 200


@pytest.mark.parametrize(
    "name, role, method",
    [
        pytest.param(name, role, method, id=f"{name}-{role}-{method}")
        for name in CAMPAIGN_PAGES
        for role in ("lead", "editor", "viewer")
        for method in METHODS
    ],
)
def test_centre_members_of_every_role_get_404_on_campaign_pages(request, urls, name, role, method):
    from assessment.models import Campaign

    response = getattr(client_for(request.getfixturevalue(role)), method)(urls[name], {"name": "改名"})
    assert response.status_code == 404
    assert not Campaign.objects.filter(name="改名").exists()


def test_a_provincial_administrator_cannot_edit_another_provinces_campaign(other_province_admin, urls):
    from assessment.models import Campaign

    response = client_for(other_province_admin).post(
        urls["assessment:campaign_edit"],
        {"name": "改名", "cycle": "2026", "opens_on": "2026-01-01", "deadline": "2026-02-01"},
    )
    assert response.status_code == 404 and Campaign.objects.get().name == "甘肃 2026 年度自评"


@pytest.mark.parametrize("role", ["lead", "editor", "viewer", "province_admin", "national_admin", "outsider"])
def test_every_role_has_its_own_notifications_page(request, urls, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(urls["assessment:notifications"]).status_code == 200
    assert client.post(urls["assessment:notifications_read_all"]).status_code == 302


def test_only_the_owner_opens_a_notification(editor, lead, viewer, urls):
    from assessment.models import Notification

    for other in (lead, viewer):
        assert client_for(other).get(urls["assessment:notification_detail"]).status_code == 404
    assert Notification.objects.get().read_at is None
    assert client_for(editor).get(urls["assessment:notification_detail"]).status_code == 302
    assert Notification.objects.get().read_at is not None
