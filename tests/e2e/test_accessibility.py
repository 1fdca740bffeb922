"""Accessibility in headless Chromium: axe-core on every main page (phone and desktop), keyboard only,
charts with text equivalents, the phone layout (nothing sticking out, no label broken mid-word)."""

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, horizontal_overflow, login, shot, wrapped_labels
from tests.e2e.pages import main_pages, pillar_with_error

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s+/g, ' ')),
  }));
}"""

# Every inline SVG chart is an image named by its <title>, described by its <desc> (or, for the heat map,
# by the numbers printed in every cell).
CHARTS_WITHOUT_TEXT = """() => [...document.querySelectorAll('svg.chart')].filter(svg => {
  const ids = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
  const texts = ids.map(id => document.getElementById(id)).filter(el => el && el.textContent.trim());
  const numbers = [...svg.querySelectorAll('text')].some(t => /\\d/.test(t.textContent));
  return svg.getAttribute('role') !== 'img' || !texts.length || !(texts.length > 1 || numbers);
}).map(svg => svg.outerHTML.slice(0, 120))"""


def test_main_pages_have_no_serious_axe_violations_on_phone_and_desktop(demo_cohort, new_page, cycle):
    pages = main_pages(cycle)
    serious, others, layout = [], set(), []
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport, axe=True)
        user = "?"
        for main in pages:
            if main.user != user:
                page.context.clear_cookies()
                if main.user:
                    login(page, main.user)
                user = main.user
            response = page.goto(main.path)
            assert response.ok, f"{main.name}: {response.status}"
            check(page, main.name, viewport, serious, others, layout)
        # A pillar page showing a refused answer.
        pillar_with_error(page, cycle)
        check(page, "pillar-error", viewport, serious, others, layout)
    for line in sorted(others):
        print("axe (moderate/minor):", line)
    assert not serious, "axe: serious or critical violations\n" + json.dumps(serious, ensure_ascii=False, indent=1)
    assert not layout, "phone layout:\n" + "\n".join(layout)


def check(page, name, viewport, serious, others, layout):
    shot(page, name)
    for violation in page.evaluate(AXE_RUN):
        if violation["impact"] in ("serious", "critical"):
            serious.append({"page": name, "width": viewport["width"], **violation})
        else:
            others.add(f"{name}: {violation['id']} ({violation['impact']}) {violation['help']}")
    missing = page.evaluate(CHARTS_WITHOUT_TEXT)
    if missing:
        serious.append({"page": name, "charts without a text equivalent": missing})
    if viewport is PHONE:
        if overflow := horizontal_overflow(page):
            layout.append(f"{name}: sticks out sideways at 360 px: {overflow}")
        if wrapped := wrapped_labels(page):
            layout.append(f"{name}: labels broken over two lines at 360 px: {wrapped}")


def focused(page) -> str:
    """The name of the focused element: its aria-label, its label, or its text."""
    return page.evaluate(
        """() => { const el = document.activeElement;
           const label = el.labels && el.labels.length ? el.labels[0].textContent : '';
           return (el.getAttribute('aria-label') || label || el.textContent || '').trim().replace(/\\s+/g, ' '); }"""
    )


def tab_to(page, pattern: str, *, limit: int = 60) -> None:
    """Press Tab until the focused element's name matches ``pattern``; check the focus is visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if re.search(pattern, focused(page)):
            visible = page.evaluate(
                """() => { const s = getComputedStyle(document.activeElement);
                   return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }"""
            )
            assert visible, f"no visible focus on {pattern!r}"
            return
    raise AssertionError(f"Tab never reached {pattern!r} (last: {focused(page)!r})")


def test_keyboard_only_from_login_to_an_autosaved_answer_on_a_phone(demo, new_page, cycle):
    page = new_page(PHONE)
    page.goto(reverse("login"))
    tab_to(page, "^跳到正文$")
    tab_to(page, "^登录名")
    page.keyboard.type("demo-central-editor")
    page.keyboard.press("Tab")
    page.keyboard.type("not-the-password")
    page.keyboard.press("Enter")
    # The refusal is an alert (read out at once), the login name is kept.
    expect(page.get_by_role("alert")).to_contain_text("密码")
    tab_to(page, "^密码")
    page.keyboard.type("demo-2023")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("中岭县融媒体中心（演示）")

    # The folded menu opens from the keyboard.
    tab_to(page, "^展开导航$")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="评估框架")).to_be_visible()
    page.keyboard.press("Enter")  # closes it again
    tab_to(page, "^继续填报$")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("年度自评")
    tab_to(page, "^P4 ")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("P4 ")

    # A radio group: Tab into it, arrows choose, autosave keeps up.
    first = page.locator("fieldset.question").first
    tab_to(page, "^0 级：")
    page.keyboard.press("Space")
    expect(first.locator(".save-status")).to_contain_text("已自动保存")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(first.get_by_label(re.compile(r"^\s*2 级："))).to_be_checked()
    expect(first.locator(".save-status")).to_contain_text("已自动保存")
    # The evidence part opens with Enter; the page's own Save button is reachable and works.
    tab_to(page, "^佐证材料 / 不适用$")
    page.keyboard.press("Enter")
    expect(first.get_by_label("佐证说明")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("县委宣传部文件")
    tab_to(page, "^保存$", limit=200)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="已保存。")).to_be_visible()
    expect(page.locator("fieldset.question").first.get_by_label("佐证说明")).to_have_value("县委宣传部文件")


def test_keyboard_only_dashboard_filter_and_comparison(demo_cohort, new_page, cycle):
    page = new_page(DESKTOP)
    login(page, "demo-gansu-admin")
    page.goto(reverse("assessment:cohort_dashboard"))
    tab_to(page, "^状态")  # the label names the select
    page.keyboard.press("ArrowDown")  # 全部 → 未开始 …
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("状态")).to_have_value("submitted")
    tab_to(page, "^筛选$")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("status=submitted"))
    # Sort by a column (highest first by default: the link turns it round), tick two centres, compare.
    tab_to(page, "^总分$", limit=120)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("sort=overall$"))
    tab_to(page, "^选择 .* 对比$", limit=120)
    page.keyboard.press("Space")
    tab_to(page, "^选择 .* 对比$")
    page.keyboard.press("Space")
    tab_to(page, "^对比所选中心", limit=200)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("中心对比")
    expect(page.locator("table tbody tr")).to_have_count(2)


def test_chinese_typography(new_page, transactional_db):
    """Chinese first: the page says it is zh-CN (Chromium then picks Simplified Chinese glyphs), the font
    stack starts with Chinese faces, and running text has room between its lines."""
    page = new_page(PHONE)
    page.goto(reverse("login"))
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    style = page.evaluate(
        """() => { const px = (el, p) => parseFloat(getComputedStyle(el)[p]);
           const body = document.body, h1 = document.querySelector('h1'), footer = document.querySelector('footer');
           return {family: getComputedStyle(body).fontFamily,
                   body: px(body, 'lineHeight') / px(body, 'fontSize'),
                   small: px(footer, 'lineHeight') / px(footer, 'fontSize'),
                   h1: px(h1, 'lineHeight') / px(h1, 'fontSize')}; }"""
    )
    first = [name.strip().strip('"') for name in style["family"].split(",")][:4]
    assert first == ["PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC"], style["family"]
    assert style["body"] >= 1.6 and style["small"] >= 1.6 and 1.3 <= style["h1"] <= 1.5, style
