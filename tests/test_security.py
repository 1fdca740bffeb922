"""Security settings as a visitor meets them: lockout, headers, a policy the pages satisfy, deploy checks."""

import os
import re
import subprocess
import sys

from django.urls import reverse

from tests.pages import client_for, member_pages


def test_repeated_failed_logins_lock_the_account_for_a_while(lead, client):
    for _attempt in range(4):
        response = client.post(reverse("login"), {"username": "lead", "password": "wrong"})
        assert response.status_code == 200 and "登录名或密码不正确" in response.content.decode()
    assert client.post(reverse("login"), {"username": "lead", "password": "wrong"}).status_code == 429  # the fifth
    response = client.post(reverse("login"), {"username": "lead", "password": "x-test-password"})  # even the right one
    assert response.status_code == 429 and "登录已暂时锁定" in response.content.decode()
    # Another account on the same network is not locked out.
    other = client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    assert other.status_code == 200


PROXY = "10.0.0.2"  # the TLS proxy: every request behind it arrives from this address


def login(client, password: str, *, forwarded: str | None = None, remote: str = PROXY):
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    return client.post(reverse("login"), {"username": "lead", "password": password}, REMOTE_ADDR=remote, headers=headers)


def test_behind_the_proxy_a_lockout_is_the_attackers_alone(lead, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(5):
        login(client, "wrong", forwarded="203.0.113.5")
    assert login(client, "x-test-password", forwarded="203.0.113.5").status_code == 429
    # Forging an address left of the one the proxy appended changes nothing.
    assert login(client, "x-test-password", forwarded="198.51.100.99, 203.0.113.5").status_code == 429
    # The account's owner, at another address behind the same proxy, still logs in.
    response = login(client, "x-test-password", forwarded="198.51.100.7")
    assert response.status_code == 302 and response.url == reverse("assessment:home")


def test_two_trusted_proxies_count_from_the_right(lead, client, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    for _attempt in range(5):
        login(client, "wrong", forwarded="203.0.113.5, 10.0.0.1")
    assert login(client, "x-test-password", forwarded="1.2.3.4, 203.0.113.5, 10.0.0.1").status_code == 429
    assert login(client, "x-test-password", forwarded="203.0.113.6, 10.0.0.1").status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_does_not_escape_a_lockout(lead, client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(5):
        login(client, "wrong", forwarded=f"203.0.113.{attempt}", remote="192.0.2.10")
    response = login(client, "x-test-password", forwarded="198.51.100.7", remote="192.0.2.10")
    assert response.status_code == 429 and "登录已暂时锁定" in response.content.decode()


def test_security_headers_and_content_security_policy(editor, assessment):
    response = client_for(editor).get(reverse("assessment:assessment_pillar", kwargs={"pk": assessment.pk, "code": "P1"}))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"


def test_pages_satisfy_the_policy_no_inline_script_or_style(editor, lead, assessment, framework):
    client = client_for(editor)
    pages = [*member_pages(assessment), reverse("login")]
    for url in pages:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url  # every script is a file
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url  # no inline event handlers
        assert not re.search(r'(src|href)="https?://', html), url  # nothing from another origin


def test_autosave_needs_the_csrf_token(editor, assessment):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(
        reverse("assessment:assessment_pillar", kwargs={"pk": assessment.pk, "code": "P1"}),
        {"P1.D1.I1-level": "2", "P1.D1.I1-loaded": "0:000000000000"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 403


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL")}
    env.update(
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="assess.example.org",
        RONGMEI_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
