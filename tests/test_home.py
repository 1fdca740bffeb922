"""The centre's home page: the current cycle's progress, the last result with its change from the year
before and the next three steps, and what each role is offered."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.demo.seed import demo_answer
from assessment.services.assessments import assessment_start, assessment_submit
from tests.pages import client_for


def _submit(centre, framework, lead, cycle, typical):
    assessment = assessment_start(centre=centre, cycle=cycle, framework=framework)
    demo_answer(assessment=assessment, user=lead, typical=typical)
    assessment_submit(assessment=assessment, user=lead)
    return assessment


@pytest.fixture
def this_year():
    return timezone.localdate().year


def test_the_lead_sees_the_last_score_its_change_and_three_next_steps(centre, mini_framework, lead, this_year):
    _submit(centre, mini_framework, lead, this_year - 2, typical=1)
    last = _submit(centre, mini_framework, lead, this_year - 1, typical=3)
    page = client_for(lead).get(reverse("assessment:home"))
    section = page.context["last"]
    assert section["assessment"] == last
    assert section["yoy"]["previous_cycle"] == this_year - 2
    assert section["yoy"]["overall"]["change"] > 0
    assert 0 < len(section["next_steps"]) <= 3
    text = page.content.decode()
    assert f"与 {this_year - 2} 年度相比" in text
    assert section["next_steps"][0]["title"] in text
    assert reverse("assessment:centre_audit", kwargs={"centre_id": centre.pk}) in text


def test_the_current_cycle_shows_its_progress_and_open_comments(assessment, editor, this_year):
    from assessment.models import Comment

    assessment.cycle = this_year
    assessment.save()
    demo_answer(assessment=assessment, user=editor, typical=2)
    Comment.objects.create(assessment=assessment, indicator_code="P1.D1.I1", author=editor, author_name="e", text="请补充佐证")
    page = client_for(editor).get(reverse("assessment:home"))
    progress = page.context["progress"]
    assert progress["answered"] == progress["total"] > 0
    assert progress["percent"] == 100
    assert progress["open_comments"] == 1
    assert "1 条评论尚未解决" in page.content.decode()


def test_the_leadership_role_is_not_offered_to_start_or_fill_in(centre, viewer, this_year):
    page = client_for(viewer).get(reverse("assessment:home"))
    text = page.content.decode()
    assert reverse("assessment:assessment_start") not in text
    assert f"{this_year} 年度的自评尚未开始" in text
    assert reverse("assessment:centre_audit", kwargs={"centre_id": centre.pk}) not in text


def test_before_any_submission_there_is_no_last_result(lead, mini_framework):
    page = client_for(lead).get(reverse("assessment:home"))
    assert page.context["last"] is None
    assert reverse("assessment:assessment_start") in page.content.decode()
