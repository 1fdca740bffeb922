"""Error pages (400, 403, 404, 500, CSRF failure) in Chinese, on the site's own layout, within its policy."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from tests.pages import client_for


def assert_site_page(response, status: int, heading: str) -> str:
    """The page is the site's: its brand and stylesheet, the Chinese heading, and nothing inline."""
    html = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="h3">{heading}</h1>' in html and f"错误代码 {status}" in html
    assert '<a class="navbar-brand" href="/">融媒自评</a>' in html and "/static/css/app.css" in html
    assert 'lang="zh-CN"' in html and "返回首页" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and not re.search(r"\sstyle=", html)
    assert "Forbidden" not in html and "Not Found" not in html and "Server Error" not in html
    return html


def test_a_missing_page_for_a_signed_in_user_keeps_their_navigation(editor):
    html = assert_site_page(client_for(editor).get("/no-such-page/"), 404, "页面不存在")
    assert "典型案例库" in html and "退出登录" in html  # the menu of a signed-in user


def test_a_missing_page_for_a_visitor_offers_the_login(client):
    html = assert_site_page(client.get("/no-such-page/"), 404, "页面不存在")
    assert f'href="{reverse("login")}"' in html


def test_an_action_reserved_for_the_lead_says_why(editor, lead):
    response = client_for(editor).post(
        reverse("assessment:members"), {"full_name": "王小明", "username": "wangxm", "email": "wxm@example.com", "role": "editor"}
    )
    html = assert_site_page(response, 403, "没有权限")
    assert "只有中心负责人可以执行此操作。" in html and "退出登录" in html


def test_a_failed_csrf_check_explains_what_to_do(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    html = assert_site_page(client.post(reverse("assessment:members"), {}), 403, "页面已过期，请刷新后重试")
    assert "刷新后再提交一次" in html and "CSRF" not in html


def test_a_request_for_another_host_is_a_chinese_bad_request(client):
    html = assert_site_page(client.get(reverse("login"), headers={"host": "evil.example"}), 400, "请求无法处理")
    assert "evil.example" not in html


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    return Client(raise_request_exception=False)


def test_a_bug_shows_the_chinese_server_error_page(failing_site, caplog):
    html = assert_site_page(failing_site.get("/test-only/fail/"), 500, "服务器出错了")
    assert "请稍后重试" in html and "a bug in a view" not in html
    assert "a bug in a view" in caplog.text  # the cause is in the log, not on the page


def test_the_server_error_page_renders_with_no_context_at_all():
    html = render_to_string("500.html")  # as Django renders it: no request, no user
    assert "服务器出错了" in html and "融媒自评" in html
