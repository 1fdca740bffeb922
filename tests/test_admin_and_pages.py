"""The admin lists the framework read-only; pages are Chinese by default with English available."""

from django.urls import reverse

from assessment.models import Indicator
from tests.pages import client_for


def test_admin_lists_the_framework_and_changes_nothing(framework, admin_client):
    indicator = Indicator.objects.filter(framework=framework).first()
    changelist = admin_client.get(reverse("admin:assessment_frameworkversion_changelist"))
    assert changelist.status_code == 200 and framework.version in changelist.content.decode()
    assert f">{len(framework.spec.indicators)}<" in changelist.content.decode()  # the indicator count column
    assert admin_client.get(reverse("admin:assessment_frameworkversion_add")).status_code == 403
    detail = admin_client.get(reverse("admin:assessment_frameworkversion_change", args=[framework.pk]))
    page = detail.content.decode()
    assert detail.status_code == 200 and 'type="submit"' not in page.split('id="content-main"')[1]
    assert indicator.code in page  # the indicator rows, read-only
    admin_client.post(reverse("admin:assessment_frameworkversion_change", args=[framework.pk]), {"title": "改掉"})
    framework.refresh_from_db()
    assert framework.title != "改掉"
    assert (
        admin_client.post(reverse("admin:assessment_frameworkversion_delete", args=[framework.pk]), {"post": "yes"}).status_code
        == 403
    )


def test_pages_are_chinese_by_default_and_english_on_request(editor, framework):
    client = client_for(editor)
    html = client.get(reverse("assessment:framework_detail")).content.decode()
    assert 'lang="zh-CN"' in html and "评估框架" in html and "退出登录" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("assessment:framework_detail")).content.decode()
    assert 'lang="en"' in html and "Log out" in html and "Assessment framework" in html


def test_login_page_is_chinese(client):
    html = client.get(reverse("login")).content.decode()
    assert "登录" in html and "忘记密码" in html and "登录名" in html


def test_the_login_page_says_what_the_product_is_and_who_it_is_for(client):
    html = client.get(reverse("login")).content.decode()
    intro = html.split('id="main"')[1].split("<form")[0]
    assert "区县融媒体中心的成熟度自评平台" in intro
    assert "中心负责人、填报人和县领导" in intro and "省级和全国管理员" in intro
    assert "由本平台依据人民网研究院《2022－2023区县融媒体发展观察报告》设计" in intro


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(editor, framework):
    client = client_for(editor)
    html = client.get(reverse("assessment:framework_detail"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-CN"' in html and "退出登录" in html
