"""The 领导查看 role (county leadership): it reads its centre's questionnaire, results, report and action plan,
and changes nothing. Every POST of the product, taken from the URLconf, is sent as a viewer: a write to its
own centre answers 403 with one clear message, and the database is the same afterwards.

A new URL is walked as soon as it exists; one that is not a write must be named below, with its reason.
"""

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessment.services.assessments import answer_token
from tests.pages import client_for
from tests.test_access import urls  # noqa: F401 (the access test's filled-in URLs, one fixture for both)

VIEWER_REFUSED = "“领导查看”角色只能查看本中心的自评、评分结果、报告和行动计划，不能修改任何内容。"

# POSTs about the user's own session or account, not their centre: a viewer logs out, switches the
# language, changes or resets their own password, marks their own notifications read.
NOT_CENTRE_WRITES = {
    "assessment:notifications",
    "assessment:notifications_read_all",
    "assessment:notification_detail",
    "login",
    "logout",
    "set_language",
    "service_worker",  # the offline script, the same for everyone (GET only)
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}

# Pages that only read: a POST is answered as a GET (or refused with 405) and changes nothing.
READS = {
    "assessment:home",
    "assessment:framework_detail",
    "assessment:framework_changes",
    "assessment:exemplar_list",
    "assessment:exemplar_detail",
    "assessment:assessment_overview",
    "assessment:assessment_result",
    "assessment:assessment_report_pdf",
    "assessment:assessment_what_if",
    "assessment:action_plan_export",
}

# Administrators' pages: not a centre's, so a 404 for every centre member (the viewer as the lead).
ADMIN_ONLY = {
    "assessment:assessment_reopen",
    "assessment:assessment_review",
    "assessment:assessment_review_finish",
    "assessment:centres_import",
    "assessment:centres_import_template",
    "assessment:cohort_dashboard",
    "assessment:cohort_compare",
    "assessment:cohort_export",
    "assessment:bundle_list",
    "assessment:bundle_detail",
    "assessment:bundle_download",
    "assessment:campaign_list",
    "assessment:campaign_new",
    "assessment:campaign_detail",
    "assessment:campaign_edit",
    "assessment:campaign_overdue_export",
    "assessment:reminder_log",
}


def all_url_names(resolver=None, namespace=""):
    """Every URL name of the site but Django's admin, with its namespace."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                yield from all_url_names(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


URL_NAMES = sorted(set(all_url_names()))
WALKED = [name for name in URL_NAMES if name not in NOT_CENTRE_WRITES]


def test_every_listed_exception_is_a_url_of_the_product():
    """A stale name in the lists above would hide nothing, but it would make them lie."""
    assert set(URL_NAMES) >= NOT_CENTRE_WRITES | READS | ADMIN_ONLY
    assert not (READS & ADMIN_ONLY)


def database_state() -> dict:
    """Every row of every table the product writes (sessions aside), to compare before and after."""
    return {
        model._meta.label: sorted(model.objects.values_list(), key=repr) for model in apps.get_models() if model is not Session
    }


def write_payload(assessment) -> dict:
    """What the product's forms post, all at once and valid where it can be: an answer with its real
    token, an action item, a new member, a reason, a confirmation. A view that wrongly let the viewer
    through would act on it (``test_the_payload_would_change_things_for_a_writer`` checks it does)."""
    return {
        "confirm": "1",
        "P1.D1.I1-level": "3",
        "P1.D1.I1-loaded": answer_token(None),
        "title": "建设客户端",
        "indicator_code": "P1.D1.I1",
        "status": "done",
        "full_name": "新成员",
        "username": "newcomer",
        "email": "newcomer@example.com",
        "role": "editor",
        "comment": "请补充佐证",
        "text": "请补充佐证",
        "P1.D1.I2": "4",
        "code": "P1",
    }


@pytest.fixture
def walk(urls, assessment, viewer, editor):  # noqa: F811 (the fixture imported above)
    return urls, client_for(viewer), write_payload(assessment)


@pytest.mark.parametrize("name", [pytest.param(name, id=name) for name in WALKED])
def test_a_viewer_posting_anywhere_changes_nothing_and_a_write_answers_403(walk, name):
    filled, client, payload = walk
    before = database_state()
    response = client.post(filled[name], payload)
    if name in READS:
        # 404: the test framework has no earlier version, so no page of its changes.
        assert response.status_code in (200, 404, 405)
    elif name in ADMIN_ONLY:
        assert response.status_code == 404
    else:
        assert response.status_code == 403, f"{name} is a write of the viewer's own centre"
        assert VIEWER_REFUSED in response.content.decode()
    assert database_state() == before


@pytest.mark.parametrize(
    "name",
    [
        "assessment:action_plan",
        "assessment:assessment_pillar",
        "assessment:members",
        "assessment:assessment_start",
    ],
)
def test_the_payload_would_change_things_for_a_writer(urls, assessment, lead, editor, name):  # noqa: F811
    """The walk above proves something only if its POST would have written for someone allowed to write."""
    if name == "assessment:assessment_start":
        assessment.delete()
    before = database_state()
    response = client_for(lead).post(urls[name], write_payload(assessment))
    assert response.status_code == 302
    assert database_state() != before


def test_a_viewer_reads_the_centres_pages(urls, assessment, viewer):  # noqa: F811
    from assessment.models import ActionItem

    ActionItem.objects.create(assessment=assessment, title="接入省级云平台")
    client = client_for(viewer)
    for name in (
        "assessment:home",
        "assessment:members",
        "assessment:assessment_overview",
        "assessment:assessment_pillar",
        "assessment:assessment_result",
        "assessment:action_plan",
        "assessment:assessment_what_if",
        "assessment:action_plan_export",
    ):
        assert client.get(urls[name]).status_code == 200, name
    assert client.get(urls["assessment:assessment_report_pdf"])["Content-Type"] == "application/pdf"


def test_pages_show_a_viewer_no_write_controls(urls, assessment, viewer):  # noqa: F811
    from assessment.models import ActionItem

    item = ActionItem.objects.create(assessment=assessment, title="接入省级云平台")
    client = client_for(viewer)
    pillar = client.get(urls["assessment:assessment_pillar"]).content.decode()
    assert "“领导查看”角色只读查看，不能修改答卷。" in pillar
    assert 'data-autosave=""' in pillar and "<fieldset" in pillar and " disabled>" in pillar
    plan = client.get(urls["assessment:action_plan"]).content.decode()
    assert "接入省级云平台" in plan
    assert reverse("assessment:action_item_edit", kwargs={"pk": assessment.pk, "item_id": item.pk}) not in plan
    assert 'method="post"' not in plan.split('id="main"')[1]
    result = client.get(urls["assessment:assessment_result"]).content.decode()
    assert "加入行动计划" not in result
    overview = client.get(urls["assessment:assessment_overview"]).content.decode()
    assert "您可以查看各方面的答卷和评分，不能修改。" in overview
    members = client.get(urls["assessment:members"]).content.decode()
    assert "添加成员" not in members and "移除" not in members


def test_the_same_pages_offer_writers_their_controls(urls, assessment, editor):  # noqa: F811
    """The other side of the test above: what the viewer does not see is there for an editor."""
    client = client_for(editor)
    assert "加入行动计划" in client.get(urls["assessment:assessment_result"]).content.decode()
    assert 'data-autosave="on"' in client.get(urls["assessment:assessment_pillar"]).content.decode()
    assert "添加" in client.get(urls["assessment:action_plan"]).content.decode()


def test_the_lead_adds_a_viewer_on_the_members_page(lead, centre, mailoutbox):
    from assessment.models import AuditEvent, Membership

    response = client_for(lead).post(
        reverse("assessment:members"),
        {"full_name": "王县长", "username": "county-leader", "email": "leader@example.com", "role": "viewer"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="county-leader")
    assert (membership.centre, membership.role) == (centre, Membership.Role.VIEWER)
    assert AuditEvent.objects.filter(kind="membership", subject="county-leader").exists()
    assert len(mailoutbox) == 1
    page = client_for(lead).get(reverse("assessment:members")).content.decode()
    assert "领导查看" in page and "王县长" in page
