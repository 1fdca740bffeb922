"""Answers carried over: a lead moves a draft to the newer framework version, a new cycle begins from last
cycle's answers, every carried answer waits to be confirmed (or changed) before the lead can submit; the
page of a version's changes; year-over-year across versions through the mapping."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from assessment.kinds import AnswerValue
from assessment.models import Answer, Assessment, AuditEvent
from assessment.services.assessments import (
    AnswerEntry,
    AssessmentError,
    answer_token,
    answers_save,
    assessment_start,
    assessment_submit,
)
from assessment.services.carry import answers_confirm, assessment_move_version, assessment_start_carried
from assessment.services.framework import framework_load
from assessment.views.home import current_cycle
from tests.builders import make_admin, saved, write_versions
from tests.pages import client_for, full_page, pdf_text, pillar_url

OLD_ANSWERS = {
    "P1.D1.I1": AnswerValue(level=3, evidence_note="有文件"),
    "P1.D1.I2": AnswerValue(number=Decimal("12")),
    "P1.D1.I3": AnswerValue(boolean=True),
    "P1.D1.I4": AnswerValue(level=2),
    "P2.D1.I1": AnswerValue(level=4),
    "P2.D2.I1": AnswerValue(level=1),
    "P2.D2.I2": AnswerValue(level=3),
}


@pytest.fixture
def versions(db, tmp_path):
    """Framework "old-1" and, loaded after it (so the current one), "new-2" with its mapping."""
    old_path, new_path = write_versions(tmp_path)
    old, _ = framework_load(path=old_path)
    new, _ = framework_load(path=new_path)
    return old, new


def answered(assessment, user, values=OLD_ANSWERS):
    answers_save(
        assessment=assessment,
        user=user,
        entries=[AnswerEntry(code, value, answer_token(None)) for code, value in values.items()],
    )
    return assessment


@pytest.fixture
def old_draft(versions, centre, lead):
    return answered(assessment_start(centre=centre, cycle=current_cycle(), framework=versions[0]), lead)


def move_url(assessment):
    return reverse("assessment:assessment_move", kwargs={"pk": assessment.pk})


def confirm_url(assessment, code):
    return reverse("assessment:assessment_answers_confirm", kwargs={"pk": assessment.pk, "code": code})


def overview(user, assessment) -> str:
    return client_for(user).get(reverse("assessment:assessment_overview", kwargs={"pk": assessment.pk})).content.decode()


# Moving a draft -----------------------------------------------------------------------------------------


def test_the_lead_sees_the_newer_version_and_what_moving_will_do(old_draft, lead, editor):
    assert "迁移到版本 new-2" in overview(lead, old_draft)
    assert "迁移到版本 new-2" not in overview(editor, old_draft)
    page = client_for(lead).get(move_url(old_draft)).content.decode()
    assert f"将 {old_draft.cycle} 年度自评迁移到框架版本 new-2？" in page
    assert "沿用 6 项答案" in page and "1 项答案不再沿用" in page and "P1.D1.I3 是否题" in page and "1 个新指标" in page
    assert Assessment.objects.get(pk=old_draft.pk).framework.version == "old-1"  # the step changes nothing


def test_moving_carries_answers_by_the_mapping_each_waiting_to_be_confirmed(old_draft, lead, versions):
    response = client_for(lead).post(move_url(old_draft), {"confirm": "1"})
    assert response.status_code == 302
    old_draft.refresh_from_db()
    assert old_draft.framework == versions[1]
    answers = saved(old_draft)
    assert set(answers) == {"P1.D1.I1", "P1.D1.I2", "P1.D1.I3", "P2.D1.I1", "P2.D1.I2", "P2.D2.I1"}
    assert all(a.indicator.framework_id == versions[1].pk for a in answers.values())
    assert all(a.carry == Answer.Carry.VERSION for a in answers.values())
    assert answers["P1.D1.I3"].level == 2 and answers["P1.D1.I3"].carried_from == "old-1 P1.D1.I4"  # renamed
    assert answers["P1.D1.I2"].number == Decimal("12.00")  # rescaled: the raw figure
    assert answers["P2.D1.I2"].level == 4  # split
    assert answers["P2.D2.I1"].level == 3
    assert answers["P2.D2.I1"].carried_from == "old-1 P2.D2.I1、P2.D2.I2（合并，取等级最高的答案）"
    assert answers["P1.D1.I1"].evidence_note == "有文件"
    events = AuditEvent.objects.filter(assessment=old_draft)
    moved = events.get(kind=AuditEvent.Kind.FRAMEWORK)
    assert (moved.old, moved.new) == ("old-1", "new-2") and "沿用 6 项答案" in moved.comment
    dropped = events.get(kind=AuditEvent.Kind.ANSWER, subject="P1.D1.I3", new__isnull=True)
    assert dropped.old["boolean"] is True and "已删除" in dropped.comment
    assert events.filter(kind=AuditEvent.Kind.ANSWER, comment__contains="待确认").count() == 6


def test_only_the_lead_moves_and_another_centres_assessment_is_not_found(old_draft, editor, outsider, versions):
    assert client_for(editor).get(move_url(old_draft)).status_code == 403
    assert client_for(editor).post(move_url(old_draft), {"confirm": "1"}).status_code == 403
    assert client_for(outsider).post(move_url(old_draft), {"confirm": "1"}).status_code == 404
    assert client_for(make_admin("national-x")).post(move_url(old_draft), {"confirm": "1"}).status_code == 404
    old_draft.refresh_from_db()
    assert old_draft.framework == versions[0]


def test_a_submitted_assessment_keeps_its_version_and_snapshot(versions, centre, lead):
    assessment = answered(assessment_start(centre=centre, cycle=2025, framework=versions[0]), lead)
    snapshot = assessment_submit(assessment=assessment, user=lead)
    response = client_for(lead).post(move_url(assessment), {"confirm": "1"}, follow=True)
    assert "已提交的自评保留原框架版本和评分快照，不能更换版本。" in response.content.decode()
    with pytest.raises(AssessmentError):
        assessment_move_version(assessment=assessment, framework=versions[1], user=lead)
    assessment.refresh_from_db()
    assert assessment.framework == versions[0] and assessment.snapshots.get() == snapshot
    assert len(saved(assessment)) == len(OLD_ANSWERS)


def test_a_version_without_a_mapping_from_the_drafts_is_refused(versions, centre, lead):
    draft = assessment_start(centre=centre, cycle=2026, framework=versions[1])
    with pytest.raises(AssessmentError, match="没有说明与版本 new-2 的指标对应关系"):
        assessment_move_version(assessment=draft, framework=versions[0], user=lead)


# Confirming -----------------------------------------------------------------------------------------------


@pytest.fixture
def moved(old_draft, lead, versions):
    assessment_move_version(assessment=old_draft, framework=versions[1], user=lead)
    old_draft.refresh_from_db()
    return old_draft


def test_each_carried_answer_says_so_and_is_confirmed_by_its_button_or_the_pages(moved, editor):
    client = client_for(editor)
    page = client.get(pillar_url(moved, "P1")).content.decode()
    assert page.count("由旧版本沿用，请确认") == 3 and "沿用自 old-1 P1.D1.I4" in page
    assert 'name="answer" value="P1.D1.I1"' in page and "确认本页全部沿用的答案" in page
    response = client.post(confirm_url(moved, "P1"), {"answer": "P1.D1.I1"})
    assert response.status_code == 302 and response["Location"].endswith("#q-P1.D1.I1")
    answers = saved(moved)
    assert answers["P1.D1.I1"].carry == "" and answers["P1.D1.I2"].carry == Answer.Carry.VERSION
    assert answers["P1.D1.I1"].carried_from == "old-1 P1.D1.I1"  # kept as history
    confirmed = AuditEvent.objects.get(subject="P1.D1.I1", comment__startswith="确认沿用")
    assert confirmed.actor == editor
    client.post(confirm_url(moved, "P1"))  # all on the page
    answers = saved(moved)
    assert [c for c, a in answers.items() if a.carry] == ["P2.D1.I1", "P2.D1.I2", "P2.D2.I1"]  # other pages wait
    assert "由旧版本沿用，请确认" not in client.get(pillar_url(moved, "P1")).content.decode()


def test_a_confirm_for_a_question_of_another_page_or_centre_is_not_found(moved, editor, outsider):
    assert client_for(editor).post(confirm_url(moved, "P1"), {"answer": "P2.D1.I1"}).status_code == 404
    assert client_for(outsider).post(confirm_url(moved, "P1")).status_code == 404
    assert client_for(editor).get(confirm_url(moved, "P1")).status_code == 405


def test_changing_a_carried_answer_confirms_it_and_the_autosave_says_so(moved, editor):
    client = client_for(editor)
    page = client.get(pillar_url(moved, "P1"))
    body = client.post(
        pillar_url(moved, "P1"),
        {"P1.D1.I1-level": "4", "P1.D1.I1-loaded": full_page(page)["P1.D1.I1-loaded"]},
        headers={"Accept": "application/json"},
    ).json()
    assert body["saved"] == ["P1.D1.I1"] and body["carried"] == {"P1.D1.I1": False}
    assert saved(moved)["P1.D1.I1"].carry == ""


def test_the_lead_cannot_submit_while_any_carried_answer_waits(moved, lead):
    answered(moved, lead, {"P2.D1.I3": AnswerValue(level=1)})  # the new indicator
    with pytest.raises(AssessmentError, match=r"还有 6 项沿用的答案未确认：P1\.D1\.I1、P1\.D1\.I2"):
        assessment_submit(assessment=moved, user=lead)
    html = overview(lead, moved)
    assert "还有 6 项沿用的答案未确认，逐项确认或修改后才能提交。" in html
    assert f'href="{pillar_url(moved, "P2")}#q-P2.D2.I1"' in html
    assert "提交自评" not in html
    submit = reverse("assessment:assessment_submit", kwargs={"pk": moved.pk})
    response = client_for(lead).post(submit, {"confirm": "1"}, follow=True)
    assert "沿用的答案未确认" in response.content.decode()
    for code in ("P1", "P2"):
        client_for(lead).post(confirm_url(moved, code))
    assessment_submit(assessment=moved, user=lead)
    assert Assessment.objects.get(pk=moved.pk).is_submitted


def test_confirming_a_submitted_assessment_is_refused(moved, lead):
    Assessment.objects.filter(pk=moved.pk).update(status=Assessment.Status.SUBMITTED)
    with pytest.raises(AssessmentError):
        answers_confirm(assessment=moved, user=lead, codes=["P1.D1.I1"])


# A new cycle -------------------------------------------------------------------------------------------------


@pytest.fixture
def last_cycle(versions, centre, lead):
    assessment = answered(assessment_start(centre=centre, cycle=current_cycle() - 1, framework=versions[0]), lead)
    assessment_submit(assessment=assessment, user=lead)
    return assessment


def test_a_new_cycle_offers_to_begin_from_last_cycles_answers(last_cycle, lead):
    html = client_for(lead).get(reverse("assessment:home")).content.decode()
    assert f"从 {last_cycle.cycle} 年度的答案开始 {current_cycle()} 年度自评" in html and "从空白答卷开始" in html
    assert "按新版本声明的指标对应关系沿用（原版本 old-1）" in html


def test_beginning_from_last_cycle_carries_through_the_mapping_each_waiting(last_cycle, lead, versions):
    response = client_for(lead).post(reverse("assessment:assessment_start"), {"carry": "1"}, follow=True)
    assert f"已从 {last_cycle.cycle} 年度的答案开始" in response.content.decode()
    assessment = Assessment.objects.get(centre=last_cycle.centre, cycle=current_cycle())
    assert assessment.framework == versions[1]
    answers = saved(assessment)
    assert len(answers) == 6 and all(a.carry == Answer.Carry.CYCLE for a in answers.values())
    assert answers["P2.D2.I1"].carried_from == f"{last_cycle.cycle} 年度（old-1） P2.D2.I1、P2.D2.I2（合并，取等级最高的答案）"
    page = client_for(lead).get(pillar_url(assessment, "P2")).content.decode()
    assert page.count("沿用上年，待确认") == 3
    assert len(saved(last_cycle)) == len(OLD_ANSWERS) and last_cycle.snapshots.count() == 1  # last cycle untouched


def test_a_blank_start_carries_nothing(last_cycle, lead):
    client_for(lead).post(reverse("assessment:assessment_start"))
    assert saved(Assessment.objects.get(centre=last_cycle.centre, cycle=current_cycle())) == {}


def test_same_version_cycles_carry_every_answer(versions, centre, lead):
    earlier = answered(assessment_start(centre=centre, cycle=2024, framework=versions[0]), lead)
    assessment_submit(assessment=earlier, user=lead)
    assessment = assessment_start_carried(centre=centre, cycle=2025, framework=versions[0], previous=earlier, user=lead)
    answers = saved(assessment)
    assert {c: AnswerValue.of(a) for c, a in answers.items()} == {
        **OLD_ANSWERS,
        "P1.D1.I2": AnswerValue(number=Decimal("12.00")),
    }
    assert answers["P1.D1.I4"].carried_from == "2024 年度 P1.D1.I4"


def test_without_a_submitted_earlier_cycle_there_is_nothing_to_offer(versions, centre, lead):
    answered(assessment_start(centre=centre, cycle=current_cycle() - 1, framework=versions[0]), lead)  # a draft
    html = client_for(lead).get(reverse("assessment:home")).content.decode()
    assert "从空白答卷开始" not in html
    response = client_for(lead).post(reverse("assessment:assessment_start"), {"carry": "1"}, follow=True)
    assert "没有可沿用的以前年度答案" in response.content.decode()
    assert not Assessment.objects.filter(cycle=current_cycle()).exists()


def test_another_centres_assessment_cannot_be_carried_from(last_cycle, outsider, versions):
    with pytest.raises(AssessmentError):
        assessment_start_carried(
            centre=outsider.membership.centre, cycle=current_cycle(), framework=versions[1], previous=last_cycle, user=outsider
        )


# The page of changes ---------------------------------------------------------------------------------------------


def test_the_changes_page_lists_each_indicator_and_is_linked_from_the_framework_page(versions, editor):
    client = client_for(editor)
    framework_page = client.get(reverse("assessment:framework_detail")).content.decode()
    url = reverse("assessment:framework_changes", kwargs={"version": "new-2"})
    assert f'href="{url}"' in framework_page and "查看版本 old-1 → new-2 的逐项变化" in framework_page
    html = client.get(url).content.decode()
    assert "框架版本 old-1 → new-2 的变化" in html
    rows = re.findall(r'<tr class="change-(\w+)">(.*?)</tr>', html, re.S)
    assert [t for t, _r in rows] == ["same", "rescaled", "dropped", "renamed", "split", "new", "merged"]
    merged = rows[6][1]
    assert "P2.D2.I1</strong> 题 P2.D2.I1" in merged and "P2.D2.I2</strong> 题 P2.D2.I2" in merged
    assert "合并题" in merged and "取各原指标中的最高等级" in merged
    assert "旧题四" in rows[3][1] and "新题三（原 I4）" in rows[3][1] and "改名" in rows[3][1]
    assert "原数值不变，按新阈值重新评定等级" in rows[1][1]
    assert "合并" in html and "删除 1" in html and "新增 1" in html


def test_the_changes_page_of_an_unknown_or_first_version_is_not_found(versions, editor):
    client = client_for(editor)
    assert client.get(reverse("assessment:framework_changes", kwargs={"version": "old-1"})).status_code == 404
    assert client.get(reverse("assessment:framework_changes", kwargs={"version": "9.9"})).status_code == 404


# Year over year across versions -------------------------------------------------------------------------------------------


def test_year_over_year_across_versions_compares_through_the_mapping(last_cycle, lead, versions, tmp_path):
    assessment = assessment_start(centre=last_cycle.centre, cycle=current_cycle(), framework=versions[1])
    now = {code: AnswerValue(level=4) for code in ("P1.D1.I1", "P1.D1.I3", "P2.D1.I1", "P2.D1.I2", "P2.D1.I3", "P2.D2.I1")}
    answered(assessment, lead, {**now, "P1.D1.I2": AnswerValue(number=Decimal("200"))})
    assessment_submit(assessment=assessment, user=lead)
    client = client_for(lead)
    html = client.get(reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})).content.decode()
    assert f"与 {last_cycle.cycle} 年度相比" in html
    assert "两个年度使用的框架版本不同（old-1 → new-2）" in html and "合并的指标取各原指标中的最高等级" in html
    # Compared: P1.D1.I1 3→4, P1.D1.I2 12 (level 1 under the new thresholds) →4, P1.D1.I3 (from I4) 2→4,
    # P2.D1.I1 and P2.D1.I2 (split) 4→4, P2.D2.I1 (merged, highest 3) →4; P2.D1.I3 is new.
    assert "只比较两个年度都作答的 6 个指标" in html
    pdf = client.get(reverse("assessment:assessment_report_pdf", kwargs={"pk": assessment.pk})).content
    text = re.sub(r"\s+", "", pdf_text(pdf, tmp_path))
    assert "两个年度使用的框架版本不同（old-1→new-2）" in text and "声明的指标对应关系换算" in text


def test_year_over_year_on_one_version_does_not_mention_a_mapping(versions, centre, lead):
    earlier = answered(assessment_start(centre=centre, cycle=2024, framework=versions[0]), lead)
    assessment_submit(assessment=earlier, user=lead)
    later = answered(assessment_start(centre=centre, cycle=2025, framework=versions[0]), lead)
    assessment_submit(assessment=later, user=lead)
    html = client_for(lead).get(reverse("assessment:assessment_result", kwargs={"pk": later.pk})).content.decode()
    assert "与 2024 年度相比" in html and "框架版本不同" not in html


def test_the_audit_log_reads_each_code_in_the_version_it_was_written_in(moved, lead):
    html = client_for(lead).get(reverse("assessment:centre_audit", kwargs={"centre_id": moved.centre_id})).content.decode()
    rows = re.findall(r"<tr><td class=\"text-nowrap\">.*?</tr>", html, re.S)
    # Before the move P1.D1.I3 was the yes/no question (dropped); after it, the level question carried from P1.D1.I4.
    dropped = next(r for r in rows if "已删除" in r)
    assert "P1.D1.I3 是否题" in dropped and "是" in dropped
    carried = next(r for r in rows if "沿用自 old-1 P1.D1.I4" in r)
    assert "P1.D1.I3 新题三（原 I4）" in carried and "等级 2" in carried
    assert any("框架版本" in r and "old-1" in r and "new-2" in r for r in rows)


def test_the_changes_page_reads_two_versions(versions, editor, django_assert_num_queries):
    client = client_for(editor)
    url = reverse("assessment:framework_changes", kwargs={"version": "new-2"})
    client.get(url)  # specifications built once per process
    # session, user, the version asked for, the version before it, the navigation's roles of the user
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
