"""End-to-end journeys in headless Chromium: a centre on a phone, a provincial administrator on a desktop."""

import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE, horizontal_overflow, login, logout, shot, wrapped_labels

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CENTRAL = "中岭县融媒体中心（演示）"


def answer_page(page, *, level: int = 2, number: str = "12") -> list[str]:
    """Answer every unanswered question of the pillar page (or holding a refused negative number) through
    autosave; return their codes. Each question is saved on its own: wait for its "已自动保存"."""
    autosave_ready(page)
    answered = []
    for fieldset in page.locator("fieldset.question").all():
        code = fieldset.get_attribute("data-code")
        number_input = fieldset.locator("input[type=number]")
        value = number_input.input_value() if number_input.count() else ""
        if fieldset.locator("input:checked").count() or (value and not value.startswith("-")):
            continue
        if number_input.count():
            fieldset.get_by_label(re.compile("数值（")).fill(number)
        elif fieldset.get_by_label("是", exact=True).count():
            fieldset.get_by_label("是", exact=True).check()
        else:
            fieldset.get_by_label(re.compile(rf"^\s*{level} 级：")).check()
        expect(fieldset.locator(".save-status")).to_contain_text("已自动保存")
        answered.append(code)
    return answered


def autosave_ready(page) -> None:
    """Wait for the page's load event, by which autosave.js (a classic script) has run: a change made before
    it listens is left to the Save button, and a test typing that early would wait for a save never sent."""
    page.wait_for_load_state("load")


def keep(download) -> Path:
    """Save a download under test-artifacts/downloads/ with its own name, for review."""
    path = ARTIFACTS / "downloads" / download.suggested_filename
    path.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(path)
    return path


def saved_codes(assessment, prefix: str) -> set[str]:
    from assessment.models import Answer

    return set(
        Answer.objects.filter(assessment=assessment, indicator__code__startswith=prefix).values_list("indicator__code", flat=True)
    )


def check_phone_layout(page):
    overflow, wrapped = horizontal_overflow(page), wrapped_labels(page)
    assert not overflow, f"{page.url}: wider than a 360 px phone: {overflow}"
    assert not wrapped, f"{page.url}: labels broken over two lines at 360 px: {wrapped}"


def test_centre_fills_in_over_two_sessions_submits_and_downloads_the_report_on_a_phone(demo, new_page, cycle):
    from assessment.models import Assessment

    assessment = Assessment.objects.get(centre__name=CENTRAL, cycle=cycle)
    assert not saved_codes(assessment, "P4") and not saved_codes(assessment, "P5")
    page = new_page(PHONE)

    # First session: the editor answers the pillar P4, each answer saved as it is chosen.
    login(page, "demo-central-editor")
    expect(page.get_by_role("heading", level=1)).to_have_text(CENTRAL)
    shot(page, "journey-01-editor-home")
    check_phone_layout(page)
    page.get_by_role("link", name="继续填报").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{cycle} 年度自评")
    shot(page, "journey-02-overview")
    check_phone_layout(page)
    page.get_by_role("link", name=re.compile("^P4 ")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("P4 ")

    # A refused value is announced next to its question (a polite live region) and nothing is saved.
    autosave_ready(page)
    question = page.locator("fieldset.question", has=page.locator("input[type=number]")).first
    question.get_by_label(re.compile("数值（")).fill("-3")
    status = question.locator(".save-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text("未保存：数量不能为负数。")
    assert not saved_codes(assessment, "P4")

    answered = answer_page(page, level=3)
    assert len(answered) == 8
    assert saved_codes(assessment, "P4") == set(answered)
    shot(page, "journey-03-pillar-P4-answered")
    check_phone_layout(page)
    logout(page)

    # Second session: the answers are still there; the editor goes on with P5.
    login(page, "demo-central-editor")
    page.get_by_role("link", name="继续填报").click()
    expect(page.locator("[data-progress-count=P4]")).to_have_text("8 / 8")
    page.get_by_role("link", name=re.compile("^P4 ")).click()
    for fieldset in page.locator("fieldset.question").all():
        number = fieldset.locator("input[type=number]")
        assert fieldset.locator("input:checked").count() == 1 or number.input_value() == "12"
    expect(page.get_by_label(re.compile(r"^\s*3 级：")).first).to_be_checked()
    page.get_by_role("link", name=re.compile("^P5 ")).click()
    answered = answer_page(page, level=2)
    assert len(answered) == 10 and saved_codes(assessment, "P5") == set(answered)
    page.reload()
    expect(page.locator("[data-progress-count=P5]")).to_have_text("10 / 10")
    shot(page, "journey-04-pillar-P5-answered")
    logout(page)

    # The lead finishes P3 with the page's own Save button: a refused value comes back beside its
    # question, with a summary at the top linking to it; nothing of the page is saved.
    login(page, "demo-central-lead")
    page.get_by_role("link", name="继续填报").click()
    page.get_by_role("link", name=re.compile("^P3 ")).click()
    before = saved_codes(assessment, "P3")
    numbers = [f for f in page.locator("fieldset.question").all() if f.locator("input[type=number]").count()]
    # An unanswered number question if the demo left one, else any (a refused value keeps the saved one).
    bad = next((f for f in numbers if not f.locator("input[type=number]").input_value()), numbers[0])
    code = bad.get_attribute("data-code")
    bad.get_by_label(re.compile("数值（")).fill("-1")
    expect(bad.locator(".save-status")).to_contain_text("未保存")
    page.get_by_role("button", name="保存", exact=True).click()
    summary = page.locator(".error-summary[role=alert]")
    expect(summary).to_contain_text(code)
    field = page.locator(f"[id='q-{code}'] input[type=number]")
    expect(field).to_have_attribute("aria-invalid", "true")
    described = field.get_attribute("aria-describedby")
    assert "数量不能为负数" in page.locator(f"[id='{described.split()[-1]}']").inner_text()
    shot(page, "journey-05-pillar-P3-error")
    check_phone_layout(page)
    assert saved_codes(assessment, "P3") == before
    summary.get_by_role("link").click()
    expect(field).to_be_in_viewport()

    field.fill("40")
    expect(page.locator(f"[id='q-{code}'] .save-status")).to_contain_text("已自动保存")
    answer_page(page, level=1)
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="已保存。")).to_be_visible()
    expect(page.locator("[data-progress-count=P3]")).to_have_text("8 / 8")

    # Submit, see the result with its charts, download the PDF.
    page.get_by_role("link", name=re.compile(f"{cycle} 年度自评")).click()
    expect(page.get_by_text("45 / 45")).to_be_visible()
    page.get_by_role("link", name="提交自评").click()
    # A step that says what submitting does; nothing is submitted until it is confirmed.
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"提交 {cycle} 年度自评？")
    expect(page.get_by_text("提交后答卷将变为只读")).to_be_visible()
    shot(page, "journey-06a-submit-confirm")
    check_phone_layout(page)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    page.get_by_role("button", name="确认提交").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("评分结果")
    expect(page.get_by_role("status").filter(has_text="自评已提交")).to_be_visible()
    radar = page.get_by_role("img", name="五个方面得分雷达图")
    expect(radar).to_be_visible()
    assert radar.evaluate("svg => svg.querySelector('desc').textContent").startswith("本中心：")
    expect(page.locator("svg.chart.bars")).to_have_count(5)  # one per pillar (shown from 576 px up)
    # Every score the charts draw is also in text: the table of pillars and, on a phone, of dimensions.
    expect(page.get_by_role("table", name=re.compile("^各方面得分与典型案例前沿（0–100"))).to_be_visible()
    expect(page.get_by_role("table", name="本土内容传播 各维度得分")).to_be_visible()
    shot(page, "journey-06-result")
    check_phone_layout(page)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED

    with page.expect_download() as download:
        page.get_by_role("link", name="下载 PDF 报告").click()
    assert download.value.suggested_filename.endswith(".pdf")
    content = keep(download.value).read_bytes()
    assert content.startswith(b"%PDF") and len(content) > 20_000


def test_provincial_administrator_filters_the_dashboard_and_exports_xlsx(demo_cohort, new_page, cycle):
    from assessment.models import Centre, ResourceTier

    page = new_page(DESKTOP)
    login(page, "demo-gansu-admin")
    shot(page, "admin-01-home")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="中心对比分析").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("甘肃")
    ranking = page.locator("section[aria-labelledby=ranking-heading] tbody tr")
    gansu = Centre.objects.filter(province="甘肃")
    expect(ranking).to_have_count(gansu.count())
    shot(page, "admin-02-dashboard")

    page.get_by_label("资源类型").select_option(label="资源欠缺")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"resource_tier=under_resourced"))
    expect(page.get_by_label("资源类型")).to_have_value(ResourceTier.UNDER_RESOURCED)
    chosen = set(gansu.filter(resource_tier=ResourceTier.UNDER_RESOURCED).values_list("name", flat=True))
    assert 0 < len(chosen) < gansu.count()
    expect(ranking).to_have_count(len(chosen))
    assert {row.locator("td").nth(1).inner_text() for row in ranking.all()} == chosen
    shot(page, "admin-03-dashboard-filtered")

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel", exact=True).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(keep(download.value))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:6] == ("中心", "省份", "地市", "地区", "资源类型", "状态")
    assert rows[1][:2] == ("centre", "province")  # the keys, for machines
    assert (
        {r[0] for r in rows[2:]} == chosen and {r[1] for r in rows[2:]} == {"甘肃"} and {r[4] for r in rows[2:]} == {"资源欠缺"}
    )

    # Two centres side by side, then the same dashboard on a phone.
    page.get_by_label("资源类型").select_option(label="全部")
    page.get_by_role("button", name="筛选").click()
    boxes = page.get_by_role("checkbox")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name=re.compile("对比所选中心")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("中心对比")
    expect(page.get_by_role("img", name="所选中心对比雷达图")).to_be_visible()
    shot(page, "admin-04-compare")

    phone = new_page(PHONE)
    login(phone, "demo-gansu-admin")
    phone.goto(page.url)
    shot(phone, "admin-04-compare")
    check_phone_layout(phone)
    phone.goto("/cohort/")
    shot(phone, "admin-02-dashboard")
    check_phone_layout(phone)


def test_removing_a_member_and_returning_a_submission_each_ask_first_on_a_phone(demo, new_page, cycle):
    from assessment.models import Assessment, Membership

    editor = Membership.objects.get(user__username="demo-east-editor")
    page = new_page(PHONE)
    login(page, "demo-east-lead")
    page.goto(reverse("assessment:members"))
    page.get_by_role("link", name="移除 demo-east-editor").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("移除成员")
    expect(page.get_by_text("无法再登录本平台")).to_be_visible()
    shot(page, "confirm-01-remove-member")
    check_phone_layout(page)
    page.get_by_role("link", name="取消").click()  # back to the list, nobody removed
    expect(page.get_by_role("heading", level=1)).to_contain_text("中心成员")
    assert Membership.objects.filter(pk=editor.pk).exists()
    page.get_by_role("link", name="移除 demo-east-editor").click()
    page.get_by_role("button", name="确认移除").click()
    expect(page.get_by_role("status").filter(has_text="已移除该成员")).to_be_visible()
    assert not Membership.objects.filter(pk=editor.pk).exists()
    logout(page)

    west = Assessment.objects.get(centre__name="西川县融媒体中心（演示）", cycle=cycle)
    login(page, "demo-gansu-admin")
    page.goto(reverse("assessment:assessment_result", kwargs={"pk": west.pk}))
    page.get_by_role("link", name="退回中心修改").click()
    expect(page.get_by_text("退回后，该自评恢复为草稿")).to_be_visible()
    page.get_by_role("button", name="确认退回").click()  # no reason given: refused beside the field
    expect(page.get_by_text("退回时请说明原因。")).to_be_visible()
    shot(page, "confirm-02-reopen-without-reason")
    check_phone_layout(page)
    west.refresh_from_db()
    assert west.status == Assessment.Status.SUBMITTED
    page.get_by_label(re.compile("退回原因")).fill("请补充 P2 的佐证材料")
    page.get_by_role("button", name="确认退回").click()
    expect(page.get_by_role("status").filter(has_text="已退回该中心修改")).to_be_visible()
    west.refresh_from_db()
    assert west.status == Assessment.Status.DRAFT


def test_autosave_keeps_up_with_arrow_keys_on_a_slow_network(demo, new_page, cycle):
    """Arrow keys through a radio group change the answer several times in a row. On a slow county
    network each change used to be sent with the version the page had before the previous save came back,
    and the member's own earlier save was shown as someone else's conflicting change."""
    from assessment.models import Answer, Assessment

    assessment = Assessment.objects.get(centre__name=CENTRAL, cycle=cycle)
    page = new_page(PHONE)
    login(page, "demo-central-editor")
    page.goto(reverse("assessment:assessment_pillar", kwargs={"pk": assessment.pk, "code": "P4"}))
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions", {"offline": False, "latency": 400, "downloadThroughput": -1, "uploadThroughput": -1}
    )
    question = page.locator("fieldset.question").first
    # Everything the question's status line says along the way, not only its last word.
    question.locator(".save-status").evaluate(
        """el => { window.said = []; new MutationObserver(() => window.said.push(el.textContent))
                     .observe(el, {childList: true, characterData: true, subtree: true}); }"""
    )
    question.get_by_label(re.compile(r"^\s*0 级：")).focus()
    page.keyboard.press("Space")
    for _ in range(3):  # a person's pace: each change goes out while the one before is on its way
        page.wait_for_timeout(150)
        page.keyboard.press("ArrowDown")
    expect(question.get_by_label(re.compile(r"^\s*3 级："))).to_be_checked()
    code = question.get_attribute("data-code")
    for _ in range(50):  # the saves follow one another, each 0.8 s on this network
        stored = Answer.objects.filter(assessment=assessment, indicator__code=code).first()
        if stored and stored.level == 3:
            break
        page.wait_for_timeout(200)
    assert stored.level == 3 and stored.updated_by.username == "demo-central-editor"
    page.wait_for_load_state("networkidle")
    expect(question.locator(".save-status")).to_contain_text("已自动保存")
    said = page.evaluate("window.said")
    assert not [s for s in said if "改为" in s], said  # never a conflict with the member's own save


def test_autosave_pauses_on_a_conflict_until_the_member_keeps_their_answer(demo, new_page, cycle):
    """Another member changes a question while this member's page is open. The member's change is refused
    with the other side shown, and later changes to that question are not sent until the member presses
    "以我的填写为准保存": nothing overwrites the colleague's answer without a decision."""
    from django.contrib.auth import get_user_model

    from assessment.kinds import AnswerValue
    from assessment.models import Answer, Assessment
    from assessment.services.assessments import AnswerEntry, answer_token, answers_save

    assessment = Assessment.objects.get(centre__name=CENTRAL, cycle=cycle)
    page = new_page(DESKTOP)
    login(page, "demo-central-editor")
    page.goto(reverse("assessment:assessment_pillar", kwargs={"pk": assessment.pk, "code": "P5"}))
    question = page.locator("fieldset.question").filter(has=page.locator("input[type=radio][name$='-level']")).first
    code = question.get_attribute("data-code")
    stored = lambda: Answer.objects.filter(assessment=assessment, indicator__code=code).first()  # noqa: E731
    colleague = get_user_model().objects.get(username="demo-central-lead")
    before = stored()
    answers_save(
        assessment=assessment,
        user=colleague,
        entries=[AnswerEntry(code, AnswerValue(level=4, evidence_note="负责人填写"), answer_token(before))],
    )

    first, second = [level for level in (0, 1, 2, 3) if level != (before.level if before else None)][:2]
    question.get_by_label(re.compile(rf"^\s*{first} 级：")).check()
    status = question.locator(".save-status")
    expect(status).to_contain_text("自动保存已暂停")
    expect(status).to_contain_text("负责人")  # who changed it, and to what
    question.get_by_label(re.compile(rf"^\s*{second} 级：")).check()  # a second change while paused: not sent
    page.wait_for_timeout(500)
    assert stored().level == 4 and stored().updated_by == colleague
    shot(page, "autosave-conflict-paused")

    question.get_by_role("button", name="以我的填写为准保存").click()
    expect(status).to_contain_text("已自动保存")
    expect(question.get_by_role("button", name="以我的填写为准保存")).to_have_count(0)
    assert stored().level == second and stored().updated_by.username == "demo-central-editor"
