"""Autosave as a member on a slow phone meets it: changes made before the script runs, not applicable,
live progress, messages at their field, and a warning before leaving with an answer that is not stored."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CENTRAL = "中岭县融媒体中心（演示）"


def stored(assessment, code):
    from assessment.models import Answer

    return Answer.objects.filter(assessment=assessment, indicator__code=code).first()


@pytest.fixture
def central(demo, cycle):
    from assessment.models import Assessment

    return Assessment.objects.get(centre__name=CENTRAL, cycle=cycle)


def open_pillar(page, assessment, code):
    page.goto(reverse("assessment:assessment_pillar", kwargs={"pk": assessment.pk, "code": code}))
    page.wait_for_load_state("load")


def test_a_change_made_before_the_script_has_started_is_saved_when_it_starts(central, new_page):
    """On a slow phone the member taps before autosave.js has arrived. Here the script is held back
    until after the tap; when it runs it finds the change and saves it."""
    page = new_page(PHONE)
    login(page, "demo-central-editor")
    page.route("**/js/autosave.js", lambda route: route.abort())
    open_pillar(page, central, "P4")
    question = page.locator("fieldset.question").filter(has=page.locator("input[type=radio][name$='-level']")).first
    code = question.get_attribute("data-code")
    question.get_by_label(re.compile(r"^\s*3 级：")).check()
    page.wait_for_timeout(300)
    assert stored(central, code) is None  # no script, nothing sent
    page.unroute("**/js/autosave.js")
    page.add_script_tag(url="/static/js/autosave.js")
    expect(question.locator(".save-status")).to_contain_text("已自动保存")
    assert stored(central, code).level == 3


def test_not_applicable_disables_the_answer_and_progress_follows_each_save(central, new_page):
    page = new_page(PHONE)
    login(page, "demo-central-editor")
    open_pillar(page, central, "P4")
    count = page.locator("[data-progress-count=P4]")
    before = int(count.inner_text().split("/")[0])
    question = page.locator("fieldset.question").filter(has=page.locator("input[type=radio][name$='-level']")).first
    code = question.get_attribute("data-code")
    expect(question.locator(".unanswered-mark")).to_be_visible()

    question.locator("summary").click()
    question.get_by_label("本中心不适用此项").check()
    # The refused save (no reason given) says so at the reason field, outlined, and nothing is stored.
    reason = question.get_by_label("不适用的原因")
    expect(reason).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(question.locator(".autosave-error")).to_contain_text("请说明原因")
    expect(question.locator(".save-status")).to_contain_text("未保存")
    assert stored(central, code) is None
    # While not applicable is ticked, the levels cannot be chosen.
    for radio in question.locator("input[type=radio][name$='-level']").all():
        expect(radio).to_be_disabled()
    reason.fill("本县暂无此项业务")
    expect(question.locator(".save-status")).to_contain_text("已自动保存")
    expect(reason).not_to_have_class(re.compile(r"\bis-invalid\b"))
    expect(question.locator(".unanswered-mark")).to_be_hidden()
    expect(count).to_have_text(f"{before + 1} / 8")  # without a reload
    answer = stored(central, code)
    assert answer.not_applicable and answer.level is None and answer.na_reason == "本县暂无此项业务"

    question.get_by_label("本中心不适用此项").uncheck()
    question.get_by_label(re.compile(r"^\s*2 级：")).check()
    expect(question.locator(".save-status")).to_contain_text("已自动保存")
    assert stored(central, code).level == 2 and not stored(central, code).not_applicable


def test_leaving_with_a_refused_answer_asks_first_and_notes_show_their_length(central, new_page):
    page = new_page(PHONE)
    login(page, "demo-central-editor")
    open_pillar(page, central, "P4")
    question = page.locator("fieldset.question", has=page.locator("input[type=number]")).first
    question.get_by_label(re.compile("数值（")).fill("-3")
    expect(question.locator(".save-status")).to_contain_text("未保存：数量不能为负数。")
    question.locator("summary").click()
    question.get_by_label("佐证说明").fill("县委宣传部文件")
    expect(question.locator("div:has(> textarea) > .char-count")).to_have_text("已填 7 / 2000 字")

    here = page.url
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.evaluate("window.location.href = '/'")  # dismissed: the member stays on the page
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url == here
