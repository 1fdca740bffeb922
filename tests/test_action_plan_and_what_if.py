"""The action plan (editable by members, exported to XLSX and CSV), what-if projections, exemplar pages."""

import io

import openpyxl
import pytest
from django.urls import reverse

from assessment.models import ActionItem, Answer
from tests.html_forms import form_with_button, forms_of
from tests.pages import client_for


def test_a_recommendation_becomes_an_action_item_and_is_edited(editor, assessment):
    client = client_for(editor)
    url = reverse("assessment:action_plan", kwargs={"pk": assessment.pk})
    assert client.post(url, {"title": "开通问政栏目", "indicator_code": "P1.D1.I1", "status": "todo"}).status_code == 302
    item = ActionItem.objects.get(assessment=assessment)
    edit = reverse("assessment:action_item_edit", kwargs={"pk": assessment.pk, "item_id": item.pk})
    response = client.post(
        edit,
        {"title": "开通问政栏目", "indicator_code": "P1.D1.I1", "owner": "张三", "due_date": "2026-12-31", "status": "doing"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.owner, str(item.due_date), item.status) == ("张三", "2026-12-31", "doing")


def test_bad_action_items_are_explained_and_not_saved(editor, assessment):
    response = client_for(editor).post(
        reverse("assessment:action_plan", kwargs={"pk": assessment.pk}),
        {"title": "", "indicator_code": "P9.D9.I9", "due_date": "明天", "status": "maybe"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "请填写行动事项。" in html and "指标编码 P9.D9.I9 不存在。" in html
    assert "请按“年-月-日”填写日期，例如 2026-12-31。" in html and "输入一个有效的日期" not in html
    assert not ActionItem.objects.exists()


def test_action_plan_exports_open_in_openpyxl_with_the_right_rows(editor, assessment):
    ActionItem.objects.create(assessment=assessment, title="建设客户端", indicator_code="P1.D1.I1", owner="李四", status="done")
    ActionItem.objects.create(assessment=assessment, title="接入省级云平台", status="todo")
    client = client_for(editor)
    response = client.get(reverse("assessment:action_plan_export", kwargs={"pk": assessment.pk, "fmt": "xlsx"}))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("行动事项", "相关指标", "负责人", "完成期限", "状态", "备注")
    assert {r[0] for r in rows[1:]} == {"接入省级云平台", "建设客户端"} and len(rows) == 3
    assert ("建设客户端", "P1.D1.I1", "李四", None, "已完成", None) in rows
    csv = client.get(reverse("assessment:action_plan_export", kwargs={"pk": assessment.pk, "fmt": "csv"})).content.decode(
        "utf-8-sig"
    )
    assert csv.splitlines()[0] == "行动事项,相关指标,负责人,完成期限,状态,备注" and "接入省级云平台" in csv
    assert client.get(reverse("assessment:action_plan_export", kwargs={"pk": assessment.pk, "fmt": "pdf"})).status_code == 404


def test_another_centres_action_item_is_404(editor, outsider, assessment):
    item = ActionItem.objects.create(assessment=assessment, title="x")
    client = client_for(outsider)
    assert (
        client.post(reverse("assessment:action_item_delete", kwargs={"pk": assessment.pk, "item_id": item.pk})).status_code == 404
    )
    assert ActionItem.objects.filter(pk=item.pk).exists()


def test_what_if_projects_scores_and_stores_nothing(editor, assessment):
    client = client_for(editor)
    url = reverse("assessment:assessment_what_if", kwargs={"pk": assessment.pk})
    # Nothing answered: overall 0. Raising P2.D2.I1 and P2.D2.I2 to 4 makes P2.D2 100, P2 = 2/3 × 100,
    # overall = 3/4 × 66.67 = 50.
    response = client.get(url, {"P2.D2.I1": "4", "P2.D2.I2": "4"})
    html = response.content.decode()
    assert response.status_code == 200 and "50.0" in html and "66.7" in html
    assert not Answer.objects.exists()
    response = client.get(url, {"P2.D2.I1": "9", "P0.D0.I0": "1"})
    assert response.status_code == 400
    assert "P2.D2.I1 的目标等级只能是 0–4" in response.content.decode() and "指标 P0.D0.I0 不存在" in response.content.decode()
    for digit_but_no_level in ("²", "٣", "３", " 3"):  # str.isdigit() says yes to the first three
        response = client.get(url, {"P2.D2.I1": digit_but_no_level})
        assert response.status_code == 400 and "P2.D2.I1 的目标等级只能是 0–4" in response.content.decode()


@pytest.mark.django_db
def test_exemplar_pages_show_exactly_the_framework_files_facts(framework, editor):
    client = client_for(editor)
    listing = client.get(reverse("assessment:exemplar_list")).content.decode()
    for exemplar in framework.spec.exemplars:
        assert exemplar.name in listing
        html = client.get(reverse("assessment:exemplar_detail", kwargs={"code": exemplar.code})).content.decode()
        assert exemplar.province in html
        # Where the report names the province, the page says nothing more; where it does not, it says so.
        assert ("按行政区划，报告未写明" in html) == (not exemplar.province_quote), exemplar.code
        for practice in exemplar.practices:
            assert practice.quote in html
            assert all(f"{i.code} {i.title}" in html for i in practice.indicators)
        for figure in exemplar.figures:
            assert figure.display in html
    assert client.get(reverse("assessment:exemplar_detail", kwargs={"code": "nowhere"})).status_code == 404


def plan_buttons(html: str):
    """The result page's "加入行动计划" forms, in page order."""
    return [f for f in forms_of(html) if any(b.startswith("加入行动计划") for b in f.buttons)]


def test_every_recommendation_of_the_result_page_adds_itself_to_the_plan_once(editor, assessment):
    client = client_for(editor)
    result_url = reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})
    buttons = plan_buttons(client.get(result_url).content.decode())
    # Nothing answered: all six indicators are recommended, the first five also among the 优先事项 at the top.
    assert len(buttons) == 6 + 5
    assert {f.value("indicator_code") for f in buttons} == {
        "P1.D1.I1",
        "P1.D1.I2",
        "P1.D1.I3",
        "P2.D1.I1",
        "P2.D2.I1",
        "P2.D2.I2",
    }
    top = buttons[0]
    response = client.post(top.action, top.data(), follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and "这个字段是必填项" not in html and "已加入行动计划" in html
    item = ActionItem.objects.get(assessment=assessment)
    assert (item.indicator_code, item.title, item.status) == (top.value("indicator_code"), top.value("title"), "todo")
    assert f'id="item-{item.pk}"' in html and item.title in html and "未开始" in html

    # The same recommendation again, from the top list or from its pillar: still one item, and the page says so.
    same = next(f for f in buttons[5:] if f.value("indicator_code") == item.indicator_code)
    for form in (top, same):
        response = client.post(form.action, form.data())
        assert response.url == reverse("assessment:action_plan", kwargs={"pk": assessment.pk}) + f"#item-{item.pk}"
        assert "已在行动计划中" in client.get(response.url).content.decode()
    assert ActionItem.objects.filter(assessment=assessment).count() == 1

    # The result page shows the state: a link to the item where its button was, the others still buttons.
    html = client.get(result_url).content.decode()
    assert html.count(f'href="{reverse("assessment:action_plan", kwargs={"pk": assessment.pk})}#item-{item.pk}"') == 2
    assert len(plan_buttons(html)) == 11 - 2


def test_administrators_see_the_recommendations_without_plan_buttons(province_admin, assessment):
    html = client_for(province_admin).get(reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})).content.decode()
    assert "优先事项" in html and not plan_buttons(html)


def test_editing_an_item_keeps_its_due_date_and_changes_only_what_was_changed(editor, assessment):
    import datetime

    item = ActionItem.objects.create(
        assessment=assessment, title="建设客户端", indicator_code="P1.D1.I1", owner="李四", due_date=datetime.date(2026, 1, 1)
    )
    item.status, item.note = "doing", "先做需求调研"
    item.save()
    client = client_for(editor)
    edit = reverse("assessment:action_item_edit", kwargs={"pk": assessment.pk, "item_id": item.pk})
    html = client.get(edit).content.decode()
    # <input type=date> shows only an ISO date; anything else (2026/01/01) is shown and sent back empty.
    assert 'type="date"' in html and 'value="2026-01-01"' in html
    form = form_with_button(html, "保存")
    assert form.value("due_date") == "2026-01-01"
    assert client.post(edit, form.data(title="建设移动客户端")).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.due_date, item.owner, item.status, item.indicator_code, item.note) == (
        "建设移动客户端",
        datetime.date(2026, 1, 1),
        "李四",
        "doing",
        "P1.D1.I1",
        "先做需求调研",
    )
    assert "2026-01-01" in client.get(reverse("assessment:action_plan", kwargs={"pk": assessment.pk})).content.decode()


def test_the_action_plan_workbook_is_laid_out_for_reading_and_sorting(editor, assessment):
    import datetime

    ActionItem.objects.create(
        assessment=assessment,
        title="围绕本地景点和美食策划一组系列宣传片，并与县文旅部门商定合作机制",
        indicator_code="P1.D1.I1",
        owner="李四",
        due_date=datetime.date(2026, 12, 31),
        status="doing",
        note="=1+1 先做需求调研",
    )
    ActionItem.objects.create(assessment=assessment, title="接入省级云平台", status="todo")
    response = client_for(editor).get(reverse("assessment:action_plan_export", kwargs={"pk": assessment.pk, "fmt": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "行动计划"
    # The header stays in view while scrolling, in bold, with a filter on each column.
    assert sheet.freeze_panes == "A2" and all(cell.font.bold for cell in sheet[1]) and sheet.auto_filter.ref == "A1:F3"
    # Columns sized for their content (a Chinese character takes two): the long title up to the cap, wrapped,
    # the note to fit "=1+1 先做需求调研", the others at least their heading.
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEF"}
    assert widths["A"] >= 40 and widths["F"] >= 17 and all(widths[c] >= 8 for c in "BCDE"), widths
    assert sheet["A2"].alignment.wrap_text and sheet["F2"].alignment.wrap_text
    # A real date (sortable, filterable), shown as 2026-12-31; the status in words; formula-like text stays text.
    due = sheet["D2"]
    assert due.is_date and due.value == datetime.datetime(2026, 12, 31) and due.number_format == "yyyy-mm-dd"
    assert sheet["D3"].value is None
    assert [sheet["E2"].value, sheet["E3"].value] == ["进行中", "未开始"]
    assert sheet["F2"].value == "=1+1 先做需求调研" and sheet["F2"].data_type == "s"
    csv = (
        client_for(editor)
        .get(reverse("assessment:action_plan_export", kwargs={"pk": assessment.pk, "fmt": "csv"}))
        .content.decode("utf-8-sig")
    )
    assert ",P1.D1.I1,李四,2026-12-31,进行中,'=1+1 先做需求调研" in csv
