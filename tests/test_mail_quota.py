"""Password-reset and invitation mails are limited per address and per account, so nobody's mailbox can be flooded."""

import re
import time

from django.core import mail
from django.urls import reverse

from assessment.models import Membership
from tests.builders import make_member
from tests.pages import client_for


def reset(client, email: str):
    response = client.post(reverse("password_reset"), {"email": email}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("password_reset_done")
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group()  # what the page says


def test_password_reset_sends_three_mails_an_hour_and_the_page_says_the_same_every_time(editor, client):
    pages = [reset(client, "editor@example.com") for _attempt in range(5)]
    assert len(mail.outbox) == 3 and all(m.to == ["editor@example.com"] for m in mail.outbox)
    assert len(set(pages)) == 1 and "如果该邮箱对应一个账号" in pages[0]  # nothing tells the fourth from the first
    assert reset(client, "nobody@example.com") == pages[0]  # nor an address without an account


def test_the_limit_counts_an_address_whatever_its_case_and_however_many_accounts_share_it(centre, client):
    for username in ("wang", "li"):
        user = make_member(centre, username)
        user.email = "office@example.com"  # a centre's shared mailbox
        user.save()
    reset(client, "office@example.com")  # two mails: one per account
    reset(client, "OFFICE@example.com")
    reset(client, "office@example.com")
    assert len(mail.outbox) == 3


def test_the_limit_ends_after_an_hour(editor, client, monkeypatch):
    for _attempt in range(4):
        reset(client, "editor@example.com")
    assert len(mail.outbox) == 3
    later = time.time() + 60 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    reset(client, "editor@example.com")
    assert len(mail.outbox) == 4


def invite_wang(lead):
    client_for(lead).post(
        reverse("assessment:members"), {"full_name": "王小明", "username": "wangxm", "email": "wxm@example.com", "role": "editor"}
    )
    return Membership.objects.get(user__username="wangxm")


def test_a_lead_resending_an_invitation_too_often_is_told_why_and_nothing_is_sent(lead):
    invited = invite_wang(lead)  # the first invitation
    resend = reverse("assessment:member_reinvite", kwargs={"membership_id": invited.pk})
    for _attempt in range(2):
        assert "已重新向 wxm@example.com 发送" in client_for(lead).post(resend, follow=True).content.decode()
    page = client_for(lead).post(resend, follow=True).content.decode()
    assert "一小时内已向 wxm@example.com 发送了 3 封邀请邮件" in page and "请一小时后再试" in page
    assert "已重新向" not in page and "发送失败" not in page
    assert len(mail.outbox) == 3


def test_the_account_keeps_its_count_when_its_address_changes(lead):
    invited = invite_wang(lead)
    resend = reverse("assessment:member_reinvite", kwargs={"membership_id": invited.pk})
    client_for(lead).post(resend)
    client_for(lead).post(resend)
    invited.user.email = "wangxm@example.org"
    invited.user.save()
    page = client_for(lead).post(resend, follow=True).content.decode()
    assert "一小时内已向 wangxm@example.org 发送了 3 封邀请邮件" in page
    assert [m.to for m in mail.outbox] == [["wxm@example.com"]] * 3


def test_resets_and_invitations_are_counted_apart(lead, client):
    invited = invite_wang(lead)
    for _attempt in range(3):
        reset(client, "wxm@example.com")
    assert len(mail.outbox) == 4  # the invitation and three resets
    response = client_for(lead).post(reverse("assessment:member_reinvite", kwargs={"membership_id": invited.pk}), follow=True)
    assert "已重新向 wxm@example.com 发送" in response.content.decode() and len(mail.outbox) == 5


def test_the_count_is_shared_through_redis_as_in_production(settings):
    """With the production cache (Redis on this machine) the count is kept there, where every app server sees it."""
    import os

    from django.core.cache import cache

    from assessment.services.mail_quota import address_key, mail_quota_take

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
            "KEY_PREFIX": f"rongmei-test-quota-{os.getpid()}",
        }
    }
    try:
        taken = [mail_quota_take(purpose="reset", email="wxm@example.com", user_id=7) for _attempt in range(4)]
        assert taken == [True, True, True, False]
    finally:  # only this test's keys: the Redis database is shared
        cache.delete_many(["mail-quota:reset:account:7", f"mail-quota:reset:address:{address_key('wxm@example.com')}"])
