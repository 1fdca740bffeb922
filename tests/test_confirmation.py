"""Actions that cannot be undone ask first, in the page and without JavaScript: the button leads to a
step that says what will happen, with 确认 / 取消; only the confirmed POST acts."""

import pytest
from django.urls import reverse

from assessment.models import ActionItem, Assessment, AuditEvent, Membership, ResultSnapshot
from assessment.services.assessments import assessment_submit
from tests.html_forms import form_with_button
from tests.pages import answer_everything, client_for


def confirm_step(client, url: str, explanation: str, back: str):
    """Open the step the page's button leads to (GET) and check what it says and where 取消 goes; also press
    an older form's button that posts without ``confirm``: the same step, nothing done. Returns the step's
    确认 form."""
    for response in (client.get(url), client.post(url, {"comment": "请补充佐证材料"})):
        html = response.content.decode()
        assert response.status_code == 200 and explanation in html
        assert f'href="{back}">取消</a>' in html
    return form_with_button(html, "确认")


def test_removing_a_member_is_confirmed_first(lead, editor):
    client = client_for(lead)
    members = client.get(reverse("assessment:members")).content.decode()
    url = reverse("assessment:member_remove", kwargs={"membership_id": editor.membership.pk})
    assert f'href="{url}"' in members  # the 移除 button leads to the step
    form = confirm_step(client, url, "其账号随即停用、无法再登录本平台", reverse("assessment:members"))
    assert Membership.objects.filter(user=editor).exists()
    editor.refresh_from_db()
    assert editor.is_active
    assert form.action == url and form.value("confirm") == "1"
    response = client.post(url, form.data(), follow=True)
    assert "已移除该成员" in response.content.decode()
    editor.refresh_from_db()
    assert not editor.is_active and not Membership.objects.filter(user=editor).exists()


def test_deleting_an_action_item_is_confirmed_first(editor, assessment):
    item = ActionItem.objects.create(assessment=assessment, title="接入省级云平台")
    client = client_for(editor)
    url = reverse("assessment:action_item_delete", kwargs={"pk": assessment.pk, "item_id": item.pk})
    assert f'href="{url}"' in client.get(reverse("assessment:action_plan", kwargs={"pk": assessment.pk})).content.decode()
    form = confirm_step(
        client, url, "将从行动计划中移除，无法恢复", reverse("assessment:action_plan", kwargs={"pk": assessment.pk})
    )
    assert ActionItem.objects.filter(pk=item.pk).exists()
    assert "接入省级云平台" in client.get(url).content.decode()  # the step names the item
    response = client.post(url, form.data(), follow=True)
    assert "已删除该事项" in response.content.decode() and not ActionItem.objects.filter(pk=item.pk).exists()


def test_submitting_is_confirmed_first(lead, editor, assessment):
    answer_everything(client_for(editor), assessment)
    client = client_for(lead)
    url = reverse("assessment:assessment_submit", kwargs={"pk": assessment.pk})
    assert f'href="{url}"' in client.get(reverse("assessment:assessment_overview", kwargs={"pk": assessment.pk})).content.decode()
    form = confirm_step(
        client,
        url,
        "提交后答卷将变为只读，评分结果会保存为快照；如需修改须由省级管理员退回。",
        reverse("assessment:assessment_overview", kwargs={"pk": assessment.pk}),
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT and not ResultSnapshot.objects.exists()
    response = client.post(url, form.data())
    assert response.url == reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED and ResultSnapshot.objects.count() == 1


def test_returning_a_submission_is_confirmed_first_and_asks_for_the_reason(province_admin, lead, editor, assessment):
    answer_everything(client_for(editor), assessment)
    assessment_submit(assessment=assessment, user=lead)
    client = client_for(province_admin)
    url = reverse("assessment:assessment_reopen", kwargs={"pk": assessment.pk})
    assert f'href="{url}"' in client.get(reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})).content.decode()
    form = confirm_step(
        client, url, "退回后，该自评恢复为草稿", reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED and not AuditEvent.objects.filter(new="draft").exists()
    # Confirmed without a reason: refused beside the field, nothing changed.
    response = client.post(url, form.data(comment="  "))
    assert response.status_code == 400 and "退回时请说明原因。" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    response = client.post(url, form.data(comment="请补充佐证材料"), follow=True)
    assert "已退回该中心修改" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert AuditEvent.objects.get(new="draft").comment == "请补充佐证材料"


@pytest.mark.parametrize(
    "name",
    ["assessment:member_remove", "assessment:action_item_delete", "assessment:assessment_submit", "assessment:assessment_reopen"],
)
def test_a_confirmation_with_another_value_than_1_acts_on_nothing(name, lead, editor, province_admin, assessment):
    item = ActionItem.objects.create(assessment=assessment, title="x")
    answer_everything(client_for(editor), assessment)
    if name == "assessment:assessment_reopen":
        assessment_submit(assessment=assessment, user=lead)
    kwargs = {
        "assessment:member_remove": {"membership_id": editor.membership.pk},
        "assessment:action_item_delete": {"pk": assessment.pk, "item_id": item.pk},
        "assessment:assessment_submit": {"pk": assessment.pk},
        "assessment:assessment_reopen": {"pk": assessment.pk},
    }[name]
    user = province_admin if name == "assessment:assessment_reopen" else lead
    before = (Membership.objects.count(), ActionItem.objects.count(), AuditEvent.objects.filter(kind="status").count())
    response = client_for(user).post(reverse(name, kwargs=kwargs), {"confirm": "yes", "comment": "原因"})
    assert response.status_code == 200 and "确认" in response.content.decode()
    assert (Membership.objects.count(), ActionItem.objects.count(), AuditEvent.objects.filter(kind="status").count()) == before
