"""The centre lead manages the centre's members; new members get an invitation to set their password."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core import mail
from django.urls import reverse

from assessment.forms import MemberAddForm
from assessment.models import Membership
from tests.pages import client_for


def test_lead_adds_a_member_who_receives_an_invitation(lead, centre, client):
    response = client_for(lead).post(
        reverse("assessment:members"), {"full_name": "王小明", "username": "wangxm", "email": "wxm@example.com", "role": "editor"}
    )
    assert response.status_code == 302
    member = Membership.objects.get(user__username="wangxm")
    assert member.centre == centre and member.role == "editor" and not member.user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wxm@example.com"]
    assert "王小明，您好" in mail.outbox[0].body and "用登录名 wangxm 登录" in mail.outbox[0].body
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = {"new_password1": "Qiang-mima-2026", "new_password2": "Qiang-mima-2026"}
    response = client.post(form_page.redirect_chain[-1][0], new_password)
    assert response.status_code == 302
    login = client.post(reverse("login"), {"username": "wangxm", "password": "Qiang-mima-2026"})
    assert login.status_code == 302 and login.url == reverse("assessment:home")


def test_bad_member_input_is_explained_and_nothing_is_created(lead, editor):
    response = client_for(lead).post(
        reverse("assessment:members"), {"full_name": "", "username": "editor", "email": "not-an-email", "role": "boss"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "登录名 editor 已被使用" in html and "输入一个有效的 Email 地址" in html
    assert Membership.objects.count() == 2


def test_editor_cannot_add_or_remove_members(editor, lead):
    client = client_for(editor)
    assert (
        client.post(
            reverse("assessment:members"), {"full_name": "x", "username": "x", "email": "x@example.com", "role": "lead"}
        ).status_code
        == 403
    )
    assert client.get(reverse("assessment:member_remove", kwargs={"membership_id": lead.membership.pk})).status_code == 403
    assert (
        client.post(
            reverse("assessment:member_remove", kwargs={"membership_id": lead.membership.pk}), {"confirm": "1"}
        ).status_code
        == 403
    )
    assert Membership.objects.count() == 2


def test_lead_removes_a_member_whose_login_is_then_disabled(lead, editor):
    response = client_for(lead).post(
        reverse("assessment:member_remove", kwargs={"membership_id": editor.membership.pk}), {"confirm": "1"}, follow=True
    )
    assert "已移除该成员" in response.content.decode()
    editor.refresh_from_db()
    assert not editor.is_active and not Membership.objects.filter(user=editor).exists()


def test_lead_cannot_remove_themselves(lead):
    response = client_for(lead).post(
        reverse("assessment:member_remove", kwargs={"membership_id": lead.membership.pk}), {"confirm": "1"}, follow=True
    )
    assert "不能移除自己" in response.content.decode()
    assert Membership.objects.filter(user=lead).exists()


def test_a_member_changes_their_password_in_chinese(editor, client):
    client.post(reverse("login"), {"username": "editor", "password": "x-test-password"})
    page = client.get(reverse("password_change")).content.decode()
    assert "修改密码" in page and "旧密码" in page
    response = client.post(
        reverse("password_change"),
        {"old_password": "x-test-password", "new_password1": "Xin-mima-2026!", "new_password2": "Xin-mima-2026!"},
    )
    assert response.status_code == 302
    assert "密码已修改" in client.get(response.url).content.decode()
    too_short = client.post(
        reverse("password_change"), {"old_password": "Xin-mima-2026!", "new_password1": "123", "new_password2": "123"}
    )
    assert "密码长度太短" in too_short.content.decode()


def test_an_invited_member_who_never_set_a_password_can_use_forgot_password(lead, client):
    client_for(lead).post(
        reverse("assessment:members"), {"full_name": "王小明", "username": "wangxm", "email": "wxm@example.com", "role": "editor"}
    )
    mail.outbox.clear()
    response = client.post(reverse("password_reset"), {"email": "WXM@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wxm@example.com"]
    assert re.search(r"http://testserver/accounts/reset/\S+", mail.outbox[0].body)


def test_a_removed_member_gets_no_password_reset(lead, editor, client):
    client_for(lead).post(reverse("assessment:member_remove", kwargs={"membership_id": editor.membership.pk}), {"confirm": "1"})
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": editor.email})
    assert mail.outbox == []


def test_the_lead_resends_an_invitation_and_an_editor_cannot(lead, editor, client):
    client_for(lead).post(
        reverse("assessment:members"), {"full_name": "王小明", "username": "wangxm", "email": "wxm@example.com", "role": "editor"}
    )
    invited = Membership.objects.get(user__username="wangxm")
    page = client_for(lead).get(reverse("assessment:members")).content.decode()
    assert "未设置密码" in page and reverse("assessment:member_reinvite", kwargs={"membership_id": invited.pk}) in page
    mail.outbox.clear()
    assert client_for(editor).post(reverse("assessment:member_reinvite", kwargs={"membership_id": invited.pk})).status_code == 403
    assert mail.outbox == []
    response = client_for(lead).post(reverse("assessment:member_reinvite", kwargs={"membership_id": invited.pk}), follow=True)
    assert "已重新向 wxm@example.com 发送" in response.content.decode()
    assert len(mail.outbox) == 1 and "用登录名 wangxm 登录" in mail.outbox[0].body


# The member form's fields are made from the columns they are stored in, when the form is made: a change
# to the model (here patched for one test) is a change to the form, with no limit or rule written twice.


def test_the_member_form_takes_its_lengths_from_the_user_model(lead, monkeypatch):
    monkeypatch.setattr(get_user_model()._meta.get_field("first_name"), "max_length", 20)
    data = {"full_name": "王" * 21, "username": "wangxm", "email": "wxm@example.com", "role": "editor"}
    response = client_for(lead).post(reverse("assessment:members"), data)
    assert response.status_code == 400
    assert "最多 20 个字符（现有 21 个）" in response.content.decode()
    assert client_for(lead).post(reverse("assessment:members"), {**data, "full_name": "王" * 20}).status_code == 302
    assert Membership.objects.get(user__username="wangxm").user.first_name == "王" * 20


def test_the_member_form_checks_a_username_with_the_user_models_validators(lead, monkeypatch):
    monkeypatch.setattr(get_user_model()._meta.get_field("username"), "validators", [ASCIIUsernameValidator()])
    data = {"full_name": "王小明", "username": "王小明", "email": "wxm@example.com", "role": "editor"}
    response = client_for(lead).post(reverse("assessment:members"), data)
    assert response.status_code == 400
    assert "登录名只能包含字母、数字和 @ . + - _ 字符。" in response.content.decode()
    assert client_for(lead).post(reverse("assessment:members"), {**data, "username": "wangxm"}).status_code == 302


def test_the_member_form_offers_the_roles_of_the_membership_model(lead):
    form = MemberAddForm()
    assert list(form.fields["role"].choices) == list(Membership.Role.choices)
    assert form.fields["role"].initial == Membership.Role.EDITOR
    assert form.fields["username"].max_length == get_user_model()._meta.get_field("username").max_length
