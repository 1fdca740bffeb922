"""Carried answers in the browser: each says it waits to be confirmed; changing it (autosave) or pressing its
button confirms it, and Enter in an answer still saves rather than confirms."""

import json
import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, HTML_DIR, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CENTRAL = "中岭县融媒体中心（演示）"


@pytest.fixture
def carried(demo, cycle):
    """The central demo centre's draft with the first two maturity-level questions of P4 answered (level 2)
    and marked as carried from last cycle."""
    from assessment.models import Answer, Assessment, Indicator

    assessment = Assessment.objects.select_related("framework").get(centre__name=CENTRAL, cycle=cycle)
    spec = assessment.framework.spec
    codes = [i.code for i in spec.pillar("P4").indicators if i.kind == "level"][:2]
    rows = Indicator.objects.filter(framework=assessment.framework, code__in=codes)
    Answer.objects.filter(assessment=assessment, indicator__in=rows).delete()
    answers = [
        Answer.objects.create(
            assessment=assessment,
            indicator=row,
            level=2,
            carry=Answer.Carry.CYCLE,
            carried_from=f"{cycle - 1} 年度 {row.code}",
        )
        for row in rows.order_by("position")
    ]
    return assessment, [a.indicator.code for a in answers]


def carry_of(assessment, code):
    from assessment.models import Answer

    return Answer.objects.get(assessment=assessment, indicator__code=code).carry


def test_changing_or_confirming_a_carried_answer_clears_its_mark(carried, new_page, vnu_jar):
    assessment, (first, second) = carried
    page = new_page(DESKTOP)
    login(page, "demo-central-editor")
    url = reverse("assessment:assessment_pillar", kwargs={"pk": assessment.pk, "code": "P4"})
    page.goto(url)
    expect(page.locator(".carried-mark")).to_have_count(2)
    expect(page.locator(".carried-summary")).to_contain_text("本页有 2 项沿用的答案待确认")
    shot(page, "pillar-carried")

    HTML_DIR.mkdir(parents=True, exist_ok=True)
    path = HTML_DIR / "pillar-carried.html"
    path.write_bytes(page.context.request.get(url).body())
    checked = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", "--stdout", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert [m["message"] for m in json.loads(checked.stdout)["messages"]] == []

    question = page.locator(f"fieldset[data-code='{first}']")
    current = question.locator("input[type=radio]:checked").get_attribute("value")
    question.locator(f"input[type=radio][value='{'1' if current != '1' else '2'}']").check()
    expect(question.locator(".save-status")).to_contain_text("已自动保存")
    expect(question.locator(".carried-mark")).to_have_count(0)
    assert carry_of(assessment, first) == ""
    expect(page.locator(f"fieldset[data-code='{second}'] .carried-mark")).to_have_count(1)

    page.locator(f"fieldset[data-code='{second}']").get_by_role("button", name="确认此项").click()
    page.wait_for_load_state("load")
    expect(page.locator(".carried-mark")).to_have_count(0)
    expect(page.get_by_text(f"已确认 1 项沿用的答案：{second}。")).to_be_visible()
    assert carry_of(assessment, second) == ""


def test_enter_in_an_answer_saves_and_does_not_confirm(carried, new_page):
    assessment, (first, _second) = carried
    page = new_page(DESKTOP)
    login(page, "demo-central-editor")
    page.goto(reverse("assessment:assessment_pillar", kwargs={"pk": assessment.pk, "code": "P4"}))
    question = page.locator(f"fieldset[data-code='{first}']")
    question.locator("summary").click()
    question.locator("input[type=url]").press("Enter")
    page.wait_for_load_state("load")
    expect(page.get_by_text("已保存。")).to_be_visible()
    assert carry_of(assessment, first) != ""
