"""Security settings as a visitor meets them: lockout, headers, a policy the pages satisfy, deploy checks."""

import os
import re
import subprocess
import sys

from django.urls import reverse

from tests.conftest import client_for


def test_repeated_failed_logins_lock_the_account_for_a_while(lead, client):
    for _attempt in range(4):
        response = client.post(reverse("login"), {"username": "lead", "password": "wrong"})
        assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
    assert client.post(reverse("login"), {"username": "lead", "password": "wrong"}).status_code == 429  # the fifth
    response = client.post(reverse("login"), {"username": "lead", "password": "x-test-password"})  # even the right one
    assert response.status_code == 429 and "登录已暂时锁定" in response.content.decode()
    # Another account on the same network is not locked out.
    other = client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    assert other.status_code == 200


def test_security_headers_and_content_security_policy(editor, assessment):
    response = client_for(editor).get(reverse("assessment_pillar", kwargs={"pk": assessment.pk, "code": "P1"}))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"


def test_pages_satisfy_the_policy_no_inline_script_or_style(editor, lead, assessment, framework):
    client = client_for(editor)
    pages = [
        reverse("home"),
        reverse("framework_detail"),
        reverse("exemplar_list"),
        reverse("members"),
        reverse("assessment_overview", kwargs={"pk": assessment.pk}),
        reverse("assessment_pillar", kwargs={"pk": assessment.pk, "code": "P1"}),
        reverse("assessment_result", kwargs={"pk": assessment.pk}),
        reverse("action_plan", kwargs={"pk": assessment.pk}),
        reverse("login"),
    ]
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
        reverse("assessment_pillar", kwargs={"pk": assessment.pk, "code": "P1"}),
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
