"""Numbers as members enter them: written back as entered, counts whole, implausible figures flagged."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from assessment.kinds import is_count
from assessment.models import Answer
from assessment.numbers import number_check, number_display, number_text, number_words
from assessment.reports.render import report_html
from assessment.services.assessments import assessment_start
from tests.builders import number_indicator, saved
from tests.pages import client_for, full_page, pillar_url


@pytest.mark.parametrize(
    ("value", "text", "display"),
    [
        (Decimal("350.00"), "350", "350"),
        (Decimal("12000"), "12000", "12,000"),
        (Decimal("5E+7"), "50000000", "50,000,000"),
        (Decimal("-0"), "0", "0"),
        (Decimal("1234.50"), "1234.5", "1,234.5"),
        (0.25, "0.25", "0.25"),
        (None, "", "—"),
    ],
)
def test_numbers_are_written_as_entered_and_read_with_separators(value, text, display):
    assert number_text(value) == text
    assert number_display(value) == display


def test_limits_are_said_in_words():
    assert number_words(10**10) == "100 亿"
    assert number_words(500_000) == "50 万"


def test_people_figures_far_above_the_population_ask_for_a_check():
    users = number_indicator("人")
    assert number_check(users, Decimal(2_000_001), 200_000).startswith("请核实")
    assert number_check(users, Decimal(2_000_000), 200_000) == ""
    assert number_check(number_indicator("万人"), Decimal(300), 200_000).startswith("请核实")
    assert number_check(users, Decimal(10**9), None) == ""  # no population: nothing to judge against
    assert number_check(number_indicator("万元"), Decimal(10**9), 1) == ""
    assert is_count(number_indicator("个")) and not is_count(number_indicator("万元"))


def test_a_saved_number_comes_back_in_the_input_as_entered(editor, assessment):
    client = client_for(editor)
    for typed, shown in (("350", "350"), ("12000", "12000"), ("-0", "0")):
        client.post(pillar_url(assessment), full_page(client.get(pillar_url(assessment)), **{"P1.D1.I2-number": typed}))
        html = client.get(pillar_url(assessment)).content.decode()
        assert f'name="P1.D1.I2-number" value="{shown}"' in html
        assert "E+" not in html


def test_a_count_takes_whole_numbers_only(editor, assessment):
    client = client_for(editor)
    response = client.post(pillar_url(assessment), full_page(client.get(pillar_url(assessment)), **{"P1.D1.I2-number": "12.5"}))
    assert response.status_code == 400 and "这一项是计数，请填写整数（不带小数）。" in response.content.decode()
    assert saved(assessment) == {}
    client.post(pillar_url(assessment), full_page(client.get(pillar_url(assessment)), **{"P1.D1.I2-number": "12.0"}))
    assert saved(assessment)["P1.D1.I2"].number == 12


@pytest.fixture
def shipped(centre, framework):
    return assessment_start(centre=centre, cycle=2026, framework=framework)


def test_decimals_stay_allowed_where_the_unit_is_not_a_count(editor, shipped):
    client = client_for(editor)
    page = client.get(pillar_url(shipped, "P5"))
    client.post(pillar_url(shipped, "P5"), full_page(page, **{"P5.D2.I1-number": "1.5"}))  # 万元
    assert saved(shipped)["P5.D2.I1"].number == Decimal("1.5")


def test_an_implausible_figure_is_saved_but_flagged_beside_the_field_and_in_the_report(editor, shipped):
    """The centre serves 200,000 people; 3,000,000 monthly app users is saved and flagged 请核实."""
    client = client_for(editor)
    url = pillar_url(shipped, "P4")
    page = client.get(url)
    response = client.post(url, full_page(page, **{"P4.D2.I2-number": "3000000"}), headers={"Accept": "application/json"})
    body = json.loads(response.content)
    assert body["saved"] == ["P4.D2.I2"] and body["checks"]["P4.D2.I2"].startswith("请核实")
    assert saved(shipped)["P4.D2.I2"].number == 3_000_000
    html = client.get(url).content.decode()
    question = html.split('id="q-P4.D2.I2"', 1)[1].split("</fieldset>", 1)[0]
    check = re.search(r'<p class="number-check[^>]*>([^<]*)</p>', question).group(1)
    assert "请核实" in check and "200,000" in check
    report = report_html(assessment=shipped)
    assert "3,000,000 人" in report and "请核实" in report


def test_an_ordinary_figure_is_not_flagged(editor, shipped):
    client = client_for(editor)
    url = pillar_url(shipped, "P4")
    client.post(url, full_page(client.get(url), **{"P4.D2.I2-number": "30000"}))
    assert Answer.objects.get(assessment=shipped, indicator__code="P4.D2.I2").number == 30000
    assert "请核实" not in client.get(url).content.decode()
    assert "请核实" not in report_html(assessment=shipped)


def test_autosave_reports_what_is_stored_and_the_progress(editor, assessment):
    client = client_for(editor)
    page = client.get(pillar_url(assessment))
    response = client.post(
        pillar_url(assessment),
        full_page(page, **{"P1.D1.I1-level": "2", "P1.D1.I1-not_applicable": "on", "P1.D1.I1-na_reason": "无"}),
        headers={"Accept": "application/json"},
    )
    body = json.loads(response.content)
    # Not applicable wins: the level is not stored, and the page is told so.
    assert body["stored"]["P1.D1.I1"]["level"] is None and body["stored"]["P1.D1.I1"]["not_applicable"] is True
    assert body["answered"] == {"P1.D1.I1": True, "P1.D1.I2": False, "P1.D1.I3": False}
    assert body["progress"]["answered"] == 1 and body["progress"]["pillars"][0]["answered"] == 1
    assert reverse("assessment:assessment_pillar", kwargs={"pk": assessment.pk, "code": "P1"}) in pillar_url(assessment)


def test_the_pillar_page_marks_unanswered_questions(editor, assessment):
    client = client_for(editor)
    client.post(pillar_url(assessment), full_page(client.get(pillar_url(assessment)), **{"P1.D1.I1-level": "0"}))
    html = client.get(pillar_url(assessment)).content.decode()
    marks = dict(re.findall(r'id="q-([\w.]+)".*?<span class="badge[^"]*unanswered-mark"( hidden)?>', html, re.S))
    assert marks == {"P1.D1.I1": " hidden", "P1.D1.I2": "", "P1.D1.I3": ""}


def test_notes_are_never_cut_by_the_browser_and_show_their_length(editor, assessment):
    html = client_for(editor).get(pillar_url(assessment)).content.decode()
    note = re.search(r'<textarea name="P1.D1.I1-evidence_note"[^>]*>', html).group(0)
    assert "maxlength" not in note
    assert "已填 0 / 2000 字" in html


def test_limits_in_english_count_in_thousands():
    from django.utils import translation

    with translation.override("en"):
        assert number_words(10**10) == "10,000,000,000"
