"""The questionnaire on a weak connection: answers made offline are kept on the phone, survive a reload
without a connection, and reach the server on return under the same conflict rule; logging out clears them."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, login, logout

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CENTRAL = "中岭县融媒体中心（演示）"
LEVEL_QUESTION = "fieldset.question:has(input[type=radio][name$='-level'])"


@pytest.fixture
def central(demo, cycle):
    from assessment.models import Assessment

    return Assessment.objects.get(centre__name=CENTRAL, cycle=cycle)


def stored(assessment, code):
    from assessment.models import Answer

    return Answer.objects.filter(assessment=assessment, indicator__code=code).first()


def open_offline_ready(page, assessment, code="P4"):
    """Open the pillar page under the service worker, and wait until its copy is kept for offline use."""
    page.goto(reverse("assessment:assessment_pillar", kwargs={"pk": assessment.pk, "code": code}))
    page.wait_for_load_state("load")
    page.wait_for_function("async () => (await navigator.serviceWorker.ready).active.state === 'activated'")
    page.reload()  # now through the worker: the page and its scripts are kept as they arrive
    page.wait_for_load_state("load")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function("async () => !!(await caches.match(location.href, {ignoreVary: true}))")
    page.wait_for_function("async () => !!(await caches.match('/static/js/autosave.js'))")


def test_three_answers_made_offline_survive_a_reload_offline_and_reach_the_server_on_return(central, new_page):
    page = new_page(PHONE, service_workers="allow")
    login(page, "demo-central-editor")
    open_offline_ready(page, central)
    questions = page.locator(LEVEL_QUESTION)
    codes = [questions.nth(i).get_attribute("data-code") for i in range(3)]
    assert all(stored(central, c) is None for c in codes)

    page.context.set_offline(True)
    for n, code in enumerate(codes, start=1):
        question = page.locator(f"[data-code='{code}']")
        question.get_by_label(re.compile(rf"^\s*{n} 级：")).check()
        expect(question.locator(".save-status")).to_contain_text(f"已保存在本机，联网后同步（{n} 条）")
    for code in codes:
        expect(page.locator(f"[data-code='{code}'] .save-status")).to_have_text("已保存在本机，联网后同步（3 条）")
    assert all(stored(central, c) is None for c in codes)

    page.reload()  # still offline: the page comes from the phone, with the kept answers in place
    page.wait_for_load_state("load")
    for n, code in enumerate(codes, start=1):
        question = page.locator(f"[data-code='{code}']")
        expect(question.get_by_label(re.compile(rf"^\s*{n} 级："))).to_be_checked()
        expect(question.locator(".save-status")).to_have_text("已保存在本机，联网后同步（3 条）")
        expect(question.locator(".save-status")).not_to_contain_text("已自动保存")

    page.context.set_offline(False)
    for code in codes:
        expect(page.locator(f"[data-code='{code}'] .save-status")).to_contain_text("已自动保存")
    for n, code in enumerate(codes, start=1):
        answer = stored(central, code)
        assert answer.level == n and answer.updated_by.username == "demo-central-editor"
    assert page.evaluate("async () => (await window.RongmeiOffline.queue.list()).length") == 0


def test_an_offline_answer_that_meets_a_colleagues_newer_answer_is_shown_as_a_conflict_and_overwrites_nothing(central, new_page):
    from django.contrib.auth import get_user_model

    from assessment.kinds import AnswerValue
    from assessment.services.assessments import AnswerEntry, answer_token, answers_save

    page = new_page(PHONE, service_workers="allow")
    login(page, "demo-central-editor")
    open_offline_ready(page, central)
    question = page.locator(LEVEL_QUESTION).first
    code = question.get_attribute("data-code")

    page.context.set_offline(True)
    question.get_by_label(re.compile(r"^\s*1 级：")).check()
    expect(question.locator(".save-status")).to_contain_text("已保存在本机，联网后同步（1 条）")
    # Meanwhile the lead answers the same question on another device.
    lead = get_user_model().objects.get(username="demo-central-lead")
    answers_save(
        assessment=central,
        user=lead,
        entries=[AnswerEntry(code, AnswerValue(level=4, evidence_note="负责人填写"), answer_token(stored(central, code)))],
    )

    page.context.set_offline(False)
    status = question.locator(".save-status")
    expect(status).to_contain_text("自动保存已暂停")
    expect(status).to_contain_text("负责人")
    expect(question.get_by_role("button", name="以我的填写为准保存")).to_be_visible()
    expect(question.get_by_label(re.compile(r"^\s*1 级："))).to_be_checked()  # the member's answer is still on the page
    answer = stored(central, code)
    assert answer.level == 4 and answer.updated_by == lead


def test_logging_out_clears_the_answers_and_pages_kept_on_the_phone(central, new_page):
    page = new_page(PHONE, service_workers="allow")
    login(page, "demo-central-editor")
    open_offline_ready(page, central)
    question = page.locator(LEVEL_QUESTION).first
    code = question.get_attribute("data-code")
    page.context.set_offline(True)
    question.get_by_label(re.compile(r"^\s*2 级：")).check()
    expect(question.locator(".save-status")).to_contain_text("已保存在本机，联网后同步（1 条）")

    # Logging out with an answer not yet sent asks first; the member confirms, and the phone forgets it
    # (the server cannot be reached: the session itself ends at the next logout below).
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="展开导航").click()
    expect(page.locator("#nav-main")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_event("framenavigated")
    assert len(asked) == 1 and "1 条答案尚未同步" in asked[0]
    page.context.set_offline(False)
    page.goto(reverse("assessment:home"))
    assert page.evaluate("async () => (await window.RongmeiOffline.queue.list()).length") == 0
    assert stored(central, code) is None

    # Online, logging out clears the kept pages too, by the response's Clear-Site-Data.
    open_offline_ready(page, central)
    with page.expect_response(lambda r: r.url.endswith("/accounts/logout/")) as done:
        logout(page)
    assert done.value.all_headers()["clear-site-data"] == '"cache", "storage"'
    page.wait_for_function("async () => (await caches.keys()).length === 0")

    # Another member on the same phone sees nothing of it.
    login(page, "demo-central-lead")
    page.goto(reverse("assessment:assessment_pillar", kwargs={"pk": central.pk, "code": "P4"}))
    page.wait_for_load_state("load")
    expect(page.locator(f"[data-code='{code}'] .save-status")).not_to_contain_text("已保存在本机")
    assert not page.get_by_label(re.compile(r"^\s*2 级：")).first.is_checked()
