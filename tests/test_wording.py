"""Django's stock messages are replaced where a user meets them: plain Chinese that says what to do."""

from django.urls import reverse

from tests.builders import make_admin
from tests.pages import client_for

STOCK = ("请输入一个正确的", "确保该值", "选择一个有效的选项", "这个字段是必填项", "输入整数")


def assert_no_stock_message(html: str) -> None:
    assert not [text for text in STOCK if text in html]


def test_a_wrong_login_says_plainly_that_the_user_name_or_password_is_wrong(lead, client):
    html = client.post(reverse("login"), {"username": "lead", "password": "wrong"}).content.decode()
    assert "登录名或密码不正确，请重新输入。" in html
    assert_no_stock_message(html)
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert "请填写登录名。" in html and "请填写密码。" in html
    assert_no_stock_message(html)
    response = client.post(reverse("login"), {"username": "lead", "password": "x-test-password"})
    assert response.status_code == 302  # the right password still logs in


def test_refused_dashboard_filters_are_named_in_plain_words(framework):
    html = (
        client_for(make_admin("nation"))
        .get(reverse("assessment:cohort_dashboard"), {"cycle": "1999", "region": "north", "page": "0", "sort": "id"})
        .content.decode()
    )
    assert "部分筛选条件无效" in html
    assert "年度：没有 1999 年度的数据" in html and "地区：没有“north”这一选项" in html
    assert "页码：页码应为从 1 起的整数" in html and "排序：没有“id”这一选项" in html
    assert_no_stock_message(html)


def test_a_bundle_year_out_of_range_says_the_allowed_range(db):
    client = client_for(make_admin("bundles", "甘肃"))
    for value in ("2017", "2101", "明年", ""):
        response = client.post(reverse("assessment:bundle_list"), {"cycle": value})
        html = response.content.decode()
        assert response.status_code == 400 and "请填写 2018 年到 2100 年之间的年度，例如 2026。" in html, value
        assert_no_stock_message(html)


def test_pages_without_a_framework_speak_to_the_user_not_the_developer(db):
    client = client_for(make_admin("early"))
    for name in ("assessment:home", "assessment:framework_detail", "assessment:exemplar_list"):
        html = client.get(reverse(name)).content.decode()
        assert "评估框架尚未准备好" in html and "manage.py" not in html, name
