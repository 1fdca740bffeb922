"""The centre's size profile: the lead's page, what it stores and records, and what it changes for
number indicators read against the county's size (the overview's link, the no-villages N/A path, submit)."""

import pytest
from django.urls import reverse

from assessment.models import AuditEvent, Centre
from tests.builders import make_centre, two_pillar_document, write_framework
from tests.pages import client_for, full_page, pillar_url

URL = reverse("assessment:centre_size")
GOOD = {
    "population": "300000",
    "population_year": "2023",
    "towns": "15",
    "towns_year": "2023",
    "villages": "250",
    "villages_year": "2022",
    "staff_count": "80",
    "staff_year": "2024",
}


@pytest.fixture
def centre(db):
    """The centre of the shared users, its size profile not filled in yet (its population only)."""
    return make_centre("甲县融媒体中心", province="甘肃", profile=False)


def test_the_lead_fills_the_profile_and_the_change_is_audited_old_to_new(lead, centre):
    page = client_for(lead).get(URL)
    assert page.status_code == 200 and "乡镇/街道数" in page.content.decode() and "行政村/社区数" in page.content.decode()
    response = client_for(lead).post(URL, GOOD)
    assert response.status_code == 302
    centre.refresh_from_db()
    assert (centre.population, centre.towns, centre.villages, centre.staff_count) == (300_000, 15, 250, 80)
    assert (centre.population_year, centre.towns_year, centre.villages_year, centre.staff_year) == (2023, 2023, 2022, 2024)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PROFILE)
    assert event.centre == centre and event.actor == lead
    assert event.old["population"] == 200_000 and event.old["towns"] is None
    assert event.new["towns"] == 15 and event.new["villages_year"] == 2022
    log = client_for(lead).get(reverse("assessment:centre_audit", kwargs={"centre_id": centre.pk})).content.decode()
    assert "中心规模" in log and "乡镇/街道数：15（2023 年）" in log


def test_saving_it_unchanged_records_a_confirmation(lead, centre):
    client_for(lead).post(URL, GOOD)
    client_for(lead).post(URL, GOOD)
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.PROFILE).order_by("id")
    assert events.count() == 2 and events[1].old == events[1].new
    log = client_for(lead).get(reverse("assessment:centre_audit", kwargs={"centre_id": centre.pk})).content.decode()
    assert "确认无变化" in log


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("towns", "-3", "乡镇/街道数不能小于 1。"),
        ("villages", "十二", "行政村/社区数请填写整数。"),
        ("population", "", "请填写常住人口（人）。"),
        ("staff_year", "2101", "统计年份不能晚于今年"),
        ("villages_year", "1999", "统计年份不能早于 2010 年。"),
        ("population", "12.5", "常住人口（人）请填写整数。"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(lead, centre, field, value, message):
    response = client_for(lead).post(URL, {**GOOD, field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "未保存任何内容" in html
    centre.refresh_from_db()
    assert centre.towns is None and centre.population == 200_000
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PROFILE).exists()


def test_an_editor_is_refused_and_administrators_and_strangers_get_404(editor, province_admin, national_admin, centre):
    assert client_for(editor).get(URL).status_code == 403
    assert client_for(editor).post(URL, GOOD).status_code == 403
    for admin in (province_admin, national_admin):
        assert client_for(admin).get(URL).status_code == 404
        assert client_for(admin).post(URL, GOOD).status_code == 404
    centre.refresh_from_db()
    assert centre.towns is None


def test_a_lead_changes_only_their_own_centre(lead, outsider, centre, other_centre):
    page = client_for(outsider).get(URL).content.decode()
    assert other_centre.name in page and centre.name not in page
    client_for(outsider).post(URL, GOOD)
    centre.refresh_from_db()
    other_centre.refresh_from_db()
    assert centre.towns is None and other_centre.towns == 15


def test_the_way_back_is_only_to_this_site(lead):
    assert client_for(lead).post(URL, {**GOOD, "next": "https://evil.example/"}).url == URL
    assert client_for(lead).post(URL, {**GOOD, "next": "/assessments/1/"}).url == "/assessments/1/"


# --- What the profile changes for a framework with number indicators read against size ------------------


@pytest.fixture
def villages_framework(db, tmp_path):
    """The two-pillar test framework with P1.D1.I2 read as a share of villages and communities."""
    from assessment.services.framework import framework_load

    document = two_pillar_document()
    document["version"] = "test-villages"
    indicator = document["pillars"][0]["dimensions"][0]["indicators"][1]
    indicator.update(scale="share_of_villages", thresholds=[0.1, 0.3, 0.6, 0.9], per_capita=False, unit="个行政村")
    document["exemplars"][0]["figures"][0]["unit"] = "个行政村"
    version, _ = framework_load(path=write_framework(tmp_path / "villages.yaml", document))
    return version


@pytest.fixture
def villages_assessment(centre, villages_framework):
    from assessment.services.assessments import assessment_start

    return assessment_start(centre=centre, cycle=2026, framework=villages_framework)


def test_the_overview_links_to_the_size_page_while_the_profile_is_incomplete(lead, editor, centre, villages_assessment):
    overview = reverse("assessment:assessment_overview", kwargs={"pk": villages_assessment.pk})
    assert URL in client_for(lead).get(overview).content.decode()
    assert "请中心负责人在“中心规模”页填写" in client_for(editor).get(overview).content.decode()
    assert URL in client_for(lead).get(pillar_url(villages_assessment)).content.decode()
    Centre.objects.filter(pk=centre.pk).update(
        towns=15, villages=250, population_year=2023, towns_year=2023, villages_year=2023, staff_count=50, staff_year=2023
    )
    assert URL not in client_for(lead).get(overview).content.decode()


def answer(client, assessment, **values):
    page = client.get(pillar_url(assessment))
    return client.post(pillar_url(assessment), full_page(page, **values))


def test_without_the_villages_figure_the_answer_has_no_level_says_why_and_cannot_be_submitted(lead, villages_assessment):
    from assessment.services.assessments import AssessmentError, assessment_submit
    from tests.pages import answer_everything

    client = client_for(lead)
    answer_everything(client, villages_assessment)
    overview = client.get(reverse("assessment:assessment_overview", kwargs={"pk": villages_assessment.pk})).content.decode()
    assert "暂不能评级" in overview and "尚未填写行政村/社区数" in overview
    page = client.get(pillar_url(villages_assessment)).content.decode()
    assert "评分口径：占行政村/社区的比例；填报值：12 个行政村；折算值：—。" in page
    with pytest.raises(AssessmentError, match="P1.D1.I2 按县域规模折算后评级"):
        assessment_submit(assessment=villages_assessment, user=lead)
    Centre.objects.filter(pk=villages_assessment.centre_id).update(villages=40)
    page = client.get(pillar_url(villages_assessment)).content.decode()
    assert "填报值：12 个行政村；折算值：30%。" in page
    snapshot = assessment_submit(assessment=villages_assessment, user=lead)
    row = next(i for d in snapshot.result["pillars"][0]["dimensions"] for i in d["indicators"] if i["code"] == "P1.D1.I2")
    assert (row["value"], row["normalised"], row["level"], row["scale"]) == (12.0, 0.3, 2, "share_of_villages")
    assert snapshot.result["size"]["villages"] == 40
    # The result page and the PDF read the figures from the snapshot, whatever the profile says now.
    Centre.objects.filter(pk=villages_assessment.centre_id).update(villages=400)
    result = client.get(reverse("assessment:assessment_result", kwargs={"pk": villages_assessment.pk})).content.decode()
    assert "占行政村/社区的比例" in result and "12 个行政村" in result and "30%" in result


def test_a_district_without_villages_answers_village_coverage_as_not_applicable_with_the_reason_filled_in(
    lead, centre, villages_assessment
):
    from assessment.models import Answer
    from assessment.scales import NO_VILLAGES_REASON

    Centre.objects.filter(pk=centre.pk).update(villages=0)
    client = client_for(lead)
    page = client.get(pillar_url(villages_assessment))
    html = page.content.decode()
    assert str(NO_VILLAGES_REASON) in html and "原因已代为填写，可修改" in html
    # The member ticks 不适用 and saves: the reason the page filled in is stored with it.
    form = full_page(page, **{"P1.D1.I2-not_applicable": "on", "P1.D1.I2-na_reason": str(NO_VILLAGES_REASON)})
    assert client.post(pillar_url(villages_assessment), form).status_code == 302
    stored = Answer.objects.get(assessment=villages_assessment, indicator__code="P1.D1.I2")
    assert stored.not_applicable and stored.na_reason == str(NO_VILLAGES_REASON)
    # Another district words it its own way.
    page = client.get(pillar_url(villages_assessment))
    form = full_page(page, **{"P1.D1.I2-not_applicable": "on", "P1.D1.I2-na_reason": "本区全部为城市社区，且社区另有平台服务"})
    assert client.post(pillar_url(villages_assessment), form).status_code == 302
    stored.refresh_from_db()
    assert stored.na_reason == "本区全部为城市社区，且社区另有平台服务"
    assert "本区全部为城市社区" in client.get(pillar_url(villages_assessment)).content.decode()


def test_with_zero_villages_a_number_answer_says_to_mark_it_not_applicable(lead, centre, villages_assessment):
    Centre.objects.filter(pk=centre.pk).update(villages=0)
    client = client_for(lead)
    assert answer(client, villages_assessment, **{"P1.D1.I2-number": "3"}).status_code == 302
    overview = client.get(reverse("assessment:assessment_overview", kwargs={"pk": villages_assessment.pk})).content.decode()
    assert "行政村/社区数为 0" in overview and "请将此项标为不适用" in overview


def test_the_cohort_export_shows_each_number_with_its_scale_raw_and_normalised_figure(lead, national_admin, villages_assessment):
    import io

    import openpyxl

    from assessment.services.assessments import assessment_submit
    from tests.pages import answer_everything

    Centre.objects.filter(pk=villages_assessment.centre_id).update(villages=40)
    answer_everything(client_for(lead), villages_assessment)
    assessment_submit(assessment=villages_assessment, user=lead)
    xlsx = client_for(national_admin).get(reverse("assessment:cohort_export", kwargs={"fmt": "xlsx"}), {"cycle": 2026})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["数值指标"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:10] == ("中心", "省份", "指标编码", "指标", "评分口径", "单位", "填报值", "折算值", "等级", "未评级原因")
    assert rows[2][:9] == ("甲县融媒体中心", "甘肃", "P1.D1.I2", "数值题", "占行政村/社区的比例", "个行政村", 12, 0.3, 2)
    assert rows[2][-1] == "share_of_villages"


def test_the_pdf_shows_the_scale_the_raw_and_the_normalised_figure(lead, villages_assessment, tmp_path):
    from assessment.services.assessments import assessment_submit
    from tests.pages import answer_everything, pdf_text

    Centre.objects.filter(pk=villages_assessment.centre_id).update(villages=40)
    answer_everything(client_for(lead), villages_assessment)
    assessment_submit(assessment=villages_assessment, user=lead)
    response = client_for(lead).get(reverse("assessment:assessment_report_pdf", kwargs={"pk": villages_assessment.pk}))
    text = "".join(pdf_text(response.content, tmp_path).split())  # the PDF's lines break anywhere
    assert "数值型指标" in text and "占行政村/社区的比例12个行政村30%2" in text  # the table: scale, raw, normalised, level
    assert "评分口径：占行政村/社区的比例；填报值：12个行政村；折算值：30%。" in text  # the appendix


def test_a_draft_pdf_says_why_a_number_has_no_level(lead, villages_assessment, tmp_path):
    from tests.pages import answer_everything, pdf_text

    answer_everything(client_for(lead), villages_assessment)
    response = client_for(lead).get(reverse("assessment:assessment_report_pdf", kwargs={"pk": villages_assessment.pk}))
    text = "".join(pdf_text(response.content, tmp_path).split())
    assert "本中心规模资料尚未填写行政村/社区数" in text


def test_autosave_tells_the_page_the_new_figures_read_against_size(lead, centre, villages_assessment):
    from tests.pages import tokens_of

    Centre.objects.filter(pk=centre.pk).update(villages=40)
    client = client_for(lead)
    page = client.get(pillar_url(villages_assessment))
    assert "评分口径：占行政村/社区的比例（按本中心规模资料折算后对照阈值），填写后显示折算值。" in page.content.decode()
    response = client.post(
        pillar_url(villages_assessment),
        {"P1.D1.I2-number": "30", "P1.D1.I2-loaded": tokens_of(page)["P1.D1.I2"]},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["measures"] == {"P1.D1.I2": "评分口径：占行政村/社区的比例；填报值：30 个行政村；折算值：75%。"}
