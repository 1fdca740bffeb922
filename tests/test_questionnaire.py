"""The questionnaire as members use it: pages by pillar, saving, autosave, bad input, conflicts, submit."""

import re

import pytest
from django.urls import reverse

from assessment.models import Assessment, ResultSnapshot
from tests.builders import saved
from tests.html_forms import form_with_button
from tests.pages import answer_everything, client_for, full_page, pillar_url, tokens_of


def checked(html: str, name: str) -> list[str]:
    """Values of the checked radio inputs called ``name``."""
    return re.findall(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"[^>]*checked', html)


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


def test_start_creates_one_assessment_per_cycle_pinned_to_the_current_framework(editor_client, mini_framework, centre):
    response = editor_client.post(reverse("assessment:assessment_start"))
    assessment = Assessment.objects.get(centre=centre)
    assert response.url == reverse("assessment:assessment_overview", kwargs={"pk": assessment.pk})
    assert assessment.framework == mini_framework
    editor_client.post(reverse("assessment:assessment_start"))
    assert Assessment.objects.filter(centre=centre).count() == 1


def test_pillar_page_shows_every_level_descriptor_as_a_choice(editor_client, assessment):
    response = editor_client.get(pillar_url(assessment))
    html = response.content.decode()
    assert response.status_code == 200
    labels = re.findall(r'<label for="id_P1.D1.I1-level_\d"[^>]*>\s*([^<]*?)\s*</label>', html)
    assert labels == ["0 级：零", "1 级：一", "2 级：二", "3 级：三", "4 级：四"]
    assert 'name="P1.D1.I2-number"' in html and "数值（个）" in html


def test_plain_save_stores_answers_and_progress(editor_client, assessment, editor):
    page = editor_client.get(pillar_url(assessment))
    response = editor_client.post(
        pillar_url(assessment),
        full_page(
            page,
            **{
                "P1.D1.I1-level": "3",
                "P1.D1.I2-number": "12",
                "P1.D1.I3-boolean": "yes",
                "P1.D1.I3-evidence_note": "见附件",
                "P1.D1.I3-evidence_url": "https://example.com/a",
            },
        ),
    )
    assert response.status_code == 302
    answers = saved(assessment)
    assert answers["P1.D1.I1"].level == 3 and answers["P1.D1.I2"].number == 12 and answers["P1.D1.I3"].boolean is True
    assert answers["P1.D1.I3"].evidence_url == "https://example.com/a" and answers["P1.D1.I1"].updated_by == editor
    overview = editor_client.get(reverse("assessment:assessment_overview", kwargs={"pk": assessment.pk})).content.decode()
    assert 'value="3" max="6"' in overview  # overall progress: 3 of 6 answered
    assert 'id="progress-P1" class="progress-native progress-pillar" value="3" max="3"' in overview


def test_answers_survive_a_new_session(editor, assessment):
    first = client_for(editor)
    page = first.get(pillar_url(assessment, "P2"))
    first.post(pillar_url(assessment, "P2"), full_page(page, **{"P2.D1.I1-level": "2"}))
    later = client_for(editor)
    assert checked(later.get(pillar_url(assessment, "P2")).content.decode(), "P2.D1.I1-level") == ["2"]


def test_not_applicable_requires_a_reason(editor_client, assessment):
    page = editor_client.get(pillar_url(assessment))
    response = editor_client.post(
        pillar_url(assessment), full_page(page, **{"P1.D1.I3-not_applicable": "on", "P1.D1.I1-level": "2"})
    )
    assert response.status_code == 400
    assert "选择“不适用”时，请说明原因。" in response.content.decode()
    assert saved(assessment) == {}  # nothing saved, not even the valid level
    response = editor_client.post(
        pillar_url(assessment), full_page(page, **{"P1.D1.I3-not_applicable": "on", "P1.D1.I3-na_reason": "本县无此业务"})
    )
    assert saved(assessment)["P1.D1.I3"].not_applicable


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("P1.D1.I2-number", "-5", "数量不能为负数。"),
        ("P1.D1.I2-number", "1e20", "数值不能超过 100 亿。"),
        ("P1.D1.I2-number", "abc", "请输入数字。"),
        ("P1.D1.I1-level", "5", "等级只能是 0–4 之一。"),
        ("P1.D1.I1-level", "-1", "等级只能是 0–4 之一。"),
        ("P1.D1.I1-evidence_note", "长" * 2001, "说明最多 2000 字"),
        ("P1.D1.I1-evidence_url", "not a url at all", "请输入完整的网址"),
        ("P1.D1.I1-loaded", "forged", "页面数据已过期"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_else_is_lost(editor_client, assessment, field, value, message):
    page = editor_client.get(pillar_url(assessment))
    data = full_page(page, **{"P1.D1.I3-evidence_note": "这段说明不能丢", "P1.D1.I3-boolean": "no"})
    data[field] = value
    response = editor_client.post(pillar_url(assessment), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "这段说明不能丢" in html  # the rest of the page keeps what was typed
    assert saved(assessment) == {}


def test_unknown_indicator_code_is_refused_with_a_message(editor_client, assessment):
    page = editor_client.get(pillar_url(assessment))
    data = full_page(page, **{"P1.D1.I1-level": "2", "P9.D9.I9-level": "3", "P9.D9.I9-loaded": "0:abcdefabcdef"})
    response = editor_client.post(pillar_url(assessment), data)
    assert response.status_code == 400
    assert "本页不存在的指标：P9.D9.I9" in response.content.decode()
    assert saved(assessment) == {}


def test_an_indicator_of_another_pillar_is_unknown_on_this_page(editor_client, assessment):
    response = editor_client.post(pillar_url(assessment, "P1"), {"P2.D1.I1-level": "2", "P2.D1.I1-loaded": "0:abcdefabcdef"})
    assert response.status_code == 400 and saved(assessment) == {}


def test_unknown_pillar_is_404(editor_client, assessment):
    assert editor_client.get(pillar_url(assessment, "P9")).status_code == 404


def test_autosave_saves_one_question_and_returns_its_new_token(editor_client, assessment):
    page = editor_client.get(pillar_url(assessment))
    token = tokens_of(page)["P1.D1.I1"]
    response = editor_client.post(
        pillar_url(assessment), {"P1.D1.I1-level": "4", "P1.D1.I1-loaded": token}, HTTP_ACCEPT="application/json"
    )
    body = response.json()
    assert response.status_code == 200 and body["saved"] == ["P1.D1.I1"]
    assert body["tokens"]["P1.D1.I1"].startswith("1:")
    assert saved(assessment)["P1.D1.I1"].level == 4


def test_autosave_errors_come_back_as_json(editor_client, assessment):
    page = editor_client.get(pillar_url(assessment))
    response = editor_client.post(
        pillar_url(assessment),
        {"P1.D1.I2-number": "-1", "P1.D1.I2-loaded": tokens_of(page)["P1.D1.I2"]},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["P1.D1.I2"]["number"] == ["数量不能为负数。"]


def test_two_editors_saving_at_once_never_overwrite_each_other_silently(editor, second_editor, assessment):
    first, second = client_for(editor), client_for(second_editor)
    page_first = first.get(pillar_url(assessment))
    page_second = second.get(pillar_url(assessment))
    first.post(pillar_url(assessment), full_page(page_first, **{"P1.D1.I1-level": "1"}))
    # The second editor's page still shows the old state; they change the same question and an unrelated one.
    response = second.post(pillar_url(assessment), full_page(page_second, **{"P1.D1.I1-level": "3", "P1.D1.I3-boolean": "yes"}))
    html = response.content.decode()
    answers = saved(assessment)
    assert answers["P1.D1.I1"].level == 1  # the first editor's answer is kept
    assert answers["P1.D1.I3"].boolean is True  # the unrelated change is saved
    assert "editor 已于" in html and "等级 1：一" in html  # their side, by name
    assert "。。" not in html
    assert checked(html, "P1.D1.I1-level") == ["3"]  # their own input is still on the page
    # Saving again, having seen the conflict, keeps the second editor's answer deliberately.
    second.post(pillar_url(assessment), full_page(response, **{"P1.D1.I1-level": "3", "P1.D1.I3-boolean": "yes"}))
    assert saved(assessment)["P1.D1.I1"].level == 3


def test_an_untouched_question_never_overwrites_another_members_newer_answer(editor, second_editor, assessment):
    first, second = client_for(editor), client_for(second_editor)
    page_second = second.get(pillar_url(assessment))
    page_first = first.get(pillar_url(assessment))
    first.post(pillar_url(assessment), full_page(page_first, **{"P1.D1.I1-level": "4"}))
    response = second.post(pillar_url(assessment), full_page(page_second, **{"P1.D1.I3-boolean": "no"}))
    assert response.status_code == 302
    assert saved(assessment)["P1.D1.I1"].level == 4


def test_editor_cannot_submit(editor_client, assessment):
    answer_everything(editor_client, assessment)
    assert editor_client.get(reverse("assessment:assessment_submit", kwargs={"pk": assessment.pk})).status_code == 403
    assert (
        editor_client.post(reverse("assessment:assessment_submit", kwargs={"pk": assessment.pk}), {"confirm": "1"}).status_code
        == 403
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def unanswered_links(html: str) -> list[str]:
    """The links of the overview's list of unanswered indicators, in page order."""
    listed = re.search(r'<ul class="unanswered[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    return re.findall(r'<a href="([^"]+)"', listed.group(1)) if listed else []


def test_lead_cannot_submit_an_incomplete_assessment_and_sees_what_is_missing(lead, editor_client, assessment):
    page = editor_client.get(pillar_url(assessment))
    editor_client.post(pillar_url(assessment), full_page(page, **{"P1.D1.I1-level": "3"}))
    client = client_for(lead)
    response = client.post(reverse("assessment:assessment_submit", kwargs={"pk": assessment.pk}), {"confirm": "1"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("assessment:assessment_overview", kwargs={"pk": assessment.pk})
    assert "还有 5 个指标未作答" in html and not ResultSnapshot.objects.exists()
    # Each unanswered indicator links to its question on its pillar's page.
    assert unanswered_links(html) == [
        pillar_url(assessment, "P1") + "#q-P1.D1.I2",
        pillar_url(assessment, "P1") + "#q-P1.D1.I3",
        pillar_url(assessment, "P2") + "#q-P2.D1.I1",
        pillar_url(assessment, "P2") + "#q-P2.D2.I1",
        pillar_url(assessment, "P2") + "#q-P2.D2.I2",
    ]
    assert "P1.D1.I2 数值题" in html
    # The pillar page has the anchor the link points to.
    assert 'id="q-P1.D1.I2"' in editor_client.get(pillar_url(assessment, "P1")).content.decode()


def test_the_overview_lists_the_unanswered_indicators_before_submitting(lead, editor_client, assessment):
    overview = reverse("assessment:assessment_overview", kwargs={"pk": assessment.pk})
    submit = reverse("assessment:assessment_submit", kwargs={"pk": assessment.pk})
    for client in (editor_client, client_for(lead)):
        html = client.get(overview).content.decode()
        assert "未作答：" in html and len(unanswered_links(html)) == 6
        assert f'href="{submit}"' not in html  # nothing to submit yet: the list says what is left instead
    answer_everything(editor_client, assessment)
    html = client_for(lead).get(overview).content.decode()
    assert "未作答：" not in html and not unanswered_links(html) and f'href="{submit}"' in html


def test_an_assessment_with_every_indicator_not_applicable_cannot_be_submitted(lead, editor_client, assessment):
    codes = {"P1": ["P1.D1.I1", "P1.D1.I2", "P1.D1.I3"], "P2": ["P2.D1.I1", "P2.D2.I1", "P2.D2.I2"]}
    for pillar, pillar_codes in codes.items():
        page = editor_client.get(pillar_url(assessment, pillar))
        values = {
            f"{c}-{name}": value for c in pillar_codes for name, value in (("not_applicable", "on"), ("na_reason", "无此业务"))
        }
        assert editor_client.post(pillar_url(assessment, pillar), full_page(page, **values)).status_code == 302
    response = client_for(lead).post(
        reverse("assessment:assessment_submit", kwargs={"pk": assessment.pk}), {"confirm": "1"}, follow=True
    )
    assert "所有指标都标注为不适用，无法评分" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT and not ResultSnapshot.objects.exists()


def test_lead_submits_a_snapshot_and_the_assessment_becomes_read_only(lead, editor_client, assessment):
    answer_everything(editor_client, assessment)
    client = client_for(lead)
    response = client.post(reverse("assessment:assessment_submit", kwargs={"pk": assessment.pk}), {"confirm": "1"})
    assert response.url == reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})
    snapshot = ResultSnapshot.objects.get(assessment=assessment)
    assert snapshot.overall_score == 62.5 and snapshot.stage_code == "S2"
    assert snapshot.framework == assessment.framework
    result_page = client.get(response.url).content.decode()
    assert "62.5" in result_page and "<svg" in result_page and "成熟" in result_page
    # Read-only afterwards: the page shows a notice, and a save changes nothing.
    page = editor_client.get(pillar_url(assessment))
    assert "答卷只读" in page.content.decode() and "disabled" in page.content.decode()
    editor_client.post(pillar_url(assessment), full_page(page, **{"P1.D1.I1-level": "0"}))
    assert saved(assessment)["P1.D1.I1"].level == 3
    # The stored snapshot, not a recomputation, is what the result page shows.
    ResultSnapshot.objects.filter(pk=snapshot.pk).update(overall_score=1, result={**snapshot.result, "overall": 12.3})
    assert "12.3" in client.get(response.url).content.decode()


def test_draft_result_is_a_marked_preview(editor_client, assessment):
    html = editor_client.get(reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})).content.decode()
    assert "草稿预览" in html and "0 / 6" in html


def test_an_assessment_stays_pinned_to_the_framework_it_was_started_on(editor_client, assessment, tmp_path):
    from assessment.services.framework import framework_load
    from tests.builders import two_pillar_document, write_framework

    newer = two_pillar_document()
    newer["version"] = "test-2"
    newer["pillars"][0]["dimensions"][0]["indicators"][0]["title"] = "新版本的题目"
    framework_load(path=write_framework(tmp_path / "v2.yaml", newer))
    html = editor_client.get(pillar_url(assessment)).content.decode()
    assert "等级题" in html and "新版本的题目" not in html


def test_pillar_page_query_count_does_not_grow_with_the_number_of_indicators(
    editor_client, assessment, framework, centre, django_assert_num_queries
):
    from assessment.services.assessments import assessment_start

    # 1 session, 2 user, 3 membership, 4 assessment+framework+centre, 5 answers, 6 base template's user.membership
    with django_assert_num_queries(6):
        editor_client.get(pillar_url(assessment))  # 3 indicators on this page
    big = assessment_start(centre=centre, cycle=2025, framework=framework)
    with django_assert_num_queries(6):
        response = editor_client.get(pillar_url(big, "P3"))  # the shipped framework's largest pillar
    assert response.content.decode().count("-loaded") >= 10


def test_every_save_is_in_the_audit_log_in_words(editor, lead, assessment):
    page = client_for(editor).get(pillar_url(assessment))
    client_for(editor).post(pillar_url(assessment), full_page(page, **{"P1.D1.I1-level": "3"}))
    html = client_for(lead).get(reverse("assessment:centre_audit", kwargs={"centre_id": assessment.centre_id})).content.decode()
    assert "P1.D1.I1 等级题" in html and "等级 3：三" in html and "editor" in html


def test_after_a_conflict_the_page_shows_other_members_newer_answers_and_saving_again_keeps_them(
    editor, second_editor, assessment
):
    """A conflict on one question must not turn the member's stale copy of the other questions into
    deliberate overwrites: only the conflicting question keeps the member's input."""
    first, second = client_for(editor), client_for(second_editor)
    page_first = first.get(pillar_url(assessment)).content.decode()
    page_second = second.get(pillar_url(assessment)).content.decode()
    second_answers = {"P1.D1.I1-level": "3", "P1.D1.I3-boolean": "yes"}
    second.post(pillar_url(assessment), form_with_button(page_second, "保存").data(**second_answers))
    # The first editor, on the page loaded before that, changes P1.D1.I1 only: a conflict on it.
    response = first.post(pillar_url(assessment), form_with_button(page_first, "保存").data(**{"P1.D1.I1-level": "1"}))
    html = response.content.decode()
    assert response.status_code == 200 and "已于" in html
    assert checked(html, "P1.D1.I1-level") == ["1"]  # their own input on the conflicting question
    assert checked(html, "P1.D1.I3-boolean") == ["yes"]  # the other member's newer answer, not the stale page
    # Saving the page again settles the conflict for the member's version and leaves the rest alone.
    assert first.post(pillar_url(assessment), form_with_button(html, "保存").data()).status_code == 302
    answers = saved(assessment)
    assert answers["P1.D1.I1"].level == 1
    assert answers["P1.D1.I3"].boolean is True


def test_the_result_page_says_how_each_priority_is_made(editor_client, assessment):
    """P1.D1.I1 at level 3 with weight 2; the mini framework's exemplar shows level 4: 2 × (4 − 3) = 2."""
    answer_everything(editor_client, assessment)
    html = editor_client.get(reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})).content.decode()
    assert html.count("优先度 = 指标权重 × 与目标等级相差的级数") == 1
    assert "现为 3 级，目标 4 级 · 优先度 2（权重 2 × 相差 1 级）" in html
    assert "P2.D2.I1" in html and "现为 1 级，目标 4 级 · 优先度 3（权重 1 × 相差 3 级）" in html
