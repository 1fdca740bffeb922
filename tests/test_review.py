"""A province reviews what it receives: verdicts per indicator, the 核实后 reading, returning with the
queried indicators' comments, and the two readings on the dashboard, compare page, exports and PDF."""

import io

import openpyxl
import pytest
from django.urls import reverse

from assessment.models import AuditEvent, Comment, IndicatorReview, Notification
from assessment.scoring import rescore, score_assessment
from assessment.selectors.reviews import reviews_waiting
from assessment.services.assessments import assessment_submit
from tests.builders import two_pillar_framework
from tests.pages import answer_everything, client_for


@pytest.fixture
def submitted(assessment, editor, lead):
    answer_everything(client_for(editor), assessment)
    assessment_submit(assessment=assessment, user=lead)
    assessment.refresh_from_db()
    return assessment


def review_url(assessment):
    return reverse("assessment:assessment_review", kwargs={"pk": assessment.pk})


def post_verdict(admin, assessment, **data):
    return client_for(admin).post(review_url(assessment), data)


def current(assessment):
    return assessment.snapshots.get(is_current=True)


# --- Pure scoring -----------------------------------------------------------------------------------


def test_rescore_counts_an_override_at_its_level_and_drops_an_excluded_indicator():
    framework = two_pillar_framework()
    from tests.builders import answers_at

    result = score_assessment(framework, answers_at(framework, 4))
    assert result["overall"] == 100
    lowered = rescore(framework, result, {"P1.D1.I1": 0})
    row = next(r for p in lowered["pillars"] for d in p["dimensions"] for r in d["indicators"] if r["code"] == "P1.D1.I1")
    assert (row["level"], row["score"], row["override"], row["own_level"]) == (0, 0, "level", 4)
    assert lowered["overall"] < 100
    excluded = rescore(framework, result, {"P1.D1.I1": None})
    assert excluded["overall"] == 100  # dropping a full-marks indicator from full marks leaves full marks
    assert result["overall"] == 100  # the input is not changed
    half = score_assessment(framework, answers_at(framework, 2))
    assert rescore(framework, half, {}) == half


# --- The review page --------------------------------------------------------------------------------


def test_the_review_page_lists_every_indicator_with_the_centres_answer(province_admin, submitted):
    page = client_for(province_admin).get(review_url(submitted)).content.decode()
    for code in ("P1.D1.I1", "P1.D1.I2", "P1.D1.I3", "P2.D1.I1", "P2.D2.I1", "P2.D2.I2"):
        assert f'id="r-{code}"' in page
    assert "12 个" in page and "未核实 6" in page


def test_a_verified_indicator_is_recorded_with_its_audit_event(province_admin, submitted):
    response = post_verdict(province_admin, submitted, code="P1.D1.I1", verdict="verified")
    assert response.status_code == 302
    review = IndicatorReview.objects.get(assessment=submitted, indicator_code="P1.D1.I1")
    assert (review.verdict, review.reviewer) == ("verified", province_admin)
    event = AuditEvent.objects.get(kind="review", subject="P1.D1.I1")
    assert event.old is None and event.new["verdict"] == "verified" and event.actor == province_admin
    assert current(submitted).verified_result is None  # nothing read differently: 核实后 equals 自评


def test_a_queried_indicator_read_by_the_administrator_changes_only_the_verified_reading(province_admin, submitted):
    own = current(submitted).overall_score
    response = post_verdict(
        province_admin, submitted, code="P1.D1.I1", verdict="queried", comment="佐证不足", reading="admin", admin_level="1"
    )
    assert response.status_code == 302
    snapshot = current(submitted)
    assert snapshot.overall_score == own  # 自评 unchanged
    assert snapshot.verified_figures["overall_score"] < own
    assert snapshot.verified_figures["indicator_levels"]["P1.D1.I1"] == 1
    comment = Comment.objects.get(assessment=submitted, indicator_code="P1.D1.I1")
    assert comment.query and comment.text == "佐证不足" and comment.author == province_admin
    # Saving the same query again does not repeat the comment.
    post_verdict(
        province_admin, submitted, code="P1.D1.I1", verdict="queried", comment="佐证不足", reading="admin", admin_level="1"
    )
    assert Comment.objects.filter(assessment=submitted).count() == 1


def test_an_excluded_indicator_drops_out_of_the_verified_reading(province_admin, submitted):
    post_verdict(province_admin, submitted, code="P2.D2.I1", verdict="queried", comment="无法核实", reading="exclude")
    snapshot = current(submitted)
    assert snapshot.verified_figures["indicator_levels"]["P2.D2.I1"] is None
    assert snapshot.verified_figures["overall_score"] > snapshot.overall_score  # a level-1 answer no longer counts
    # Verified again: the 核实后 reading is the 自评 one once more.
    post_verdict(province_admin, submitted, code="P2.D2.I1", verdict="verified")
    assert current(submitted).verified_figures is None


@pytest.mark.parametrize(
    "data, message",
    [
        ({"code": "P1.D1.I1", "verdict": "queried", "comment": " ", "reading": "exclude"}, "请写明存疑的理由"),
        ({"code": "P1.D1.I1", "verdict": "queried", "comment": "x"}, "如何计分"),
        ({"code": "P1.D1.I1", "verdict": "queried", "comment": "x", "reading": "admin"}, "请选择 0–4 级之一"),
        ({"code": "P1.D1.I3", "verdict": "queried", "comment": "x", "reading": "admin", "admin_level": "2"}, "只能是“是”"),
        ({"code": "P1.D1.I1", "verdict": "queried", "comment": "x", "reading": "admin", "admin_level": "7"}, "等级只能是 0–4"),
        ({"code": "P9.D9.I9", "verdict": "verified"}, "没有编码为"),
        ({"code": "P1.D1.I1", "verdict": "maybe"}, "请选择“已核实”或“存疑”"),
        ({"code": "P1.D1.I1", "verdict": "queried", "comment": "长" * 2001, "reading": "exclude"}, "最多 2000 字"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(province_admin, submitted, data, message):
    response = post_verdict(province_admin, submitted, **data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not IndicatorReview.objects.exists() and not Comment.objects.exists()
    assert not AuditEvent.objects.filter(kind="review").exists()


def test_a_draft_cannot_be_reviewed(province_admin, assessment):
    response = post_verdict(province_admin, assessment, code="P1.D1.I1", verdict="verified")
    assert response.status_code == 400 and "提交后才能核实" in response.content.decode()
    assert not IndicatorReview.objects.exists()


def test_finishing_the_review_verifies_the_rest_and_marks_the_assessment(province_admin, submitted):
    post_verdict(province_admin, submitted, code="P1.D1.I1", verdict="queried", comment="佐证不足", reading="exclude")
    assert reviews_waiting(scope=province_admin.admin_scope) == 1
    url = reverse("assessment:assessment_review_finish", kwargs={"pk": submitted.pk})
    assert "尚未给出结论的指标将全部记为" in client_for(province_admin).get(url).content.decode()
    client_for(province_admin).post(url, {"confirm": "1"})
    submitted.refresh_from_db()
    assert submitted.reviewed_by == province_admin and submitted.reviewed_at is not None
    verdicts = dict(IndicatorReview.objects.values_list("indicator_code", "verdict"))
    assert len(verdicts) == 6 and verdicts["P1.D1.I1"] == "queried" and verdicts["P2.D2.I2"] == "verified"
    assert reviews_waiting(scope=province_admin.admin_scope) == 0
    assert AuditEvent.objects.filter(kind="review", subject="reviewed").exists()


def test_returning_starts_from_the_query_comments_notifies_the_lead_and_a_resubmission_is_reviewed_afresh(
    province_admin, submitted, lead, editor
):
    post_verdict(province_admin, submitted, code="P1.D1.I2", verdict="queried", comment="数字偏大，请核对", reading="exclude")
    url = reverse("assessment:assessment_reopen", kwargs={"pk": submitted.pk})
    step = client_for(province_admin).get(url).content.decode()
    assert "P1.D1.I2 数值题：数字偏大，请核对" in step
    client_for(province_admin).post(url, {"comment": "P1.D1.I2 数值题：数字偏大，请核对", "confirm": "1"})
    submitted.refresh_from_db()
    assert submitted.status == "draft" and submitted.returned_at is not None and submitted.reviewed_at is None
    note = Notification.objects.get(kind="returned")
    assert note.user == lead and "数字偏大" in note.text and not Notification.objects.filter(user=editor).exists()
    # The centre still sees what was queried until it submits again.
    assert "数字偏大，请核对" in client_for(editor).get(f"/assessments/{submitted.pk}/").content.decode()
    assessment_submit(assessment=submitted, user=lead)
    submitted.refresh_from_db()
    assert submitted.returned_at is None and not IndicatorReview.objects.exists()
    assert Comment.objects.filter(query=True).count() == 1  # the thread keeps the query


def test_members_see_the_queried_indicators_read_only_on_their_result(province_admin, submitted, editor, viewer):
    post_verdict(
        province_admin, submitted, code="P1.D1.I1", verdict="queried", comment="请补充佐证", reading="admin", admin_level="2"
    )
    for user in (editor, viewer):
        page = client_for(user).get(reverse("assessment:assessment_result", kwargs={"pk": submitted.pk})).content.decode()
        assert "请补充佐证" in page and 'id="queried-list"' in page
        assert reverse("assessment:assessment_review", kwargs={"pk": submitted.pk}) not in page


# --- The two readings -------------------------------------------------------------------------------


def test_the_result_page_shows_either_reading_and_says_which(province_admin, submitted, editor):
    url = reverse("assessment:assessment_result", kwargs={"pk": submitted.pk})
    page = client_for(editor).get(url + "?reading=verified").content.decode()
    assert "显示：核实后得分" in page and 'id="verified-same"' in page  # not reviewed: the same as 自评
    post_verdict(province_admin, submitted, code="P1.D1.I1", verdict="queried", comment="x", reading="admin", admin_level="0")
    snapshot = current(submitted)
    verified = client_for(editor).get(url + "?reading=verified").content.decode()
    own = client_for(editor).get(url).content.decode()
    assert f"{snapshot.verified_figures['overall_score']:.1f}" in verified and 'id="verified-same"' not in verified
    assert "显示：自评得分" in own and f"{snapshot.overall_score:.1f}" in own


@pytest.fixture
def reviewed_cohort(mini_framework, province_admin):
    """Six submitted centres of 甘肃 (the dashboard shows figures from five); one queried and excluded."""
    from tests.builders import make_centre, make_member

    assessments = []
    for n in range(6):
        centre = make_centre(f"甘肃核实{n}县融媒体中心")
        lead = make_member(centre, f"lead-r{n}", role="lead")
        from assessment.services.assessments import assessment_start

        assessment = assessment_start(centre=centre, cycle=2026, framework=mini_framework)
        answer_everything(client_for(lead), assessment)
        assessment_submit(assessment=assessment, user=lead)
        assessments.append(assessment)
    post_verdict(
        province_admin, assessments[0], code="P1.D1.I1", verdict="queried", comment="x", reading="admin", admin_level="0"
    )
    return assessments


def test_the_dashboard_and_compare_page_show_the_reading_asked_for(province_admin, reviewed_cohort):
    client = client_for(province_admin)
    verified = current(reviewed_cohort[0]).verified_figures["overall_score"]
    own = current(reviewed_cohort[0]).overall_score
    dashboard = client.get(reverse("assessment:cohort_dashboard"), {"reading": "verified"}).content.decode()
    assert "显示：核实后得分" in dashboard and f"{verified:.1f}" in dashboard
    plain = client.get(reverse("assessment:cohort_dashboard")).content.decode()
    assert "显示：自评得分" in plain and f"{verified:.1f}" not in plain and f"{own:.1f}" in plain
    ids = [a.centre_id for a in reviewed_cohort[:2]]
    compare = client.get(reverse("assessment:cohort_compare"), {"centre": ids, "reading": "verified"}).content.decode()
    assert "显示：核实后得分" in compare and f"{verified:.1f}" in compare


def test_the_exports_say_their_reading(province_admin, reviewed_cohort):
    client = client_for(province_admin)
    verified = current(reviewed_cohort[0]).verified_figures["overall_score"]
    xlsx = client.get(reverse("assessment:cohort_export", kwargs={"fmt": "xlsx"}), {"reading": "verified"})
    assert "核实后" in xlsx["Content-Disposition"] or "filename" in xlsx["Content-Disposition"]
    scores = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert scores.title == "中心得分（核实后）"
    rows = list(scores.iter_rows(values_only=True))
    column = rows[0].index("得分类型")
    first = next(r for r in rows[2:] if r[0] == "甘肃核实0县融媒体中心")
    assert first[column] == "核实后" and first[rows[1].index("overall")] == pytest.approx(verified, abs=0.05)
    csv = client.get(reverse("assessment:cohort_export", kwargs={"fmt": "csv"})).content.decode("utf-8-sig")
    assert "得分类型" in csv.splitlines()[0] and ",自评," in csv


def test_a_bad_reading_is_refused_with_a_message_and_falls_back(province_admin, reviewed_cohort):
    page = client_for(province_admin).get(reverse("assessment:cohort_dashboard"), {"reading": "other"}).content.decode()
    assert "部分筛选条件无效" in page and "显示：自评得分" in page


def test_the_report_pdf_says_its_reading(province_admin, submitted, editor, tmp_path):
    from tests.pages import pdf_text

    post_verdict(province_admin, submitted, code="P1.D1.I1", verdict="queried", comment="x", reading="exclude")
    url = reverse("assessment:assessment_report_pdf", kwargs={"pk": submitted.pk})
    text = pdf_text(client_for(editor).get(url + "?reading=verified").content, tmp_path)
    assert "核实后" in text
    assert "自评" in pdf_text(client_for(editor).get(url).content, tmp_path)


def test_the_audit_log_shows_review_events_in_words(province_admin, submitted, lead):
    post_verdict(province_admin, submitted, code="P1.D1.I1", verdict="queried", comment="x", reading="admin", admin_level="2")
    page = client_for(lead).get(reverse("assessment:centre_audit", kwargs={"centre_id": submitted.centre_id})).content.decode()
    assert "P1.D1.I1 等级题" in page and "按核实人的判断计分（2 级）" in page
