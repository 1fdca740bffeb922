"""The result page: percentiles shown only for groups large enough, year over year, advice and exemplars,
and a query count that does not grow."""

import pytest
from django.urls import reverse

from assessment.models import ResultSnapshot
from assessment.services.assessments import assessment_start, assessment_submit
from tests.builders import submitted_cohort
from tests.pages import client_for


@pytest.mark.django_db
def test_result_page_shows_percentiles_only_for_groups_large_enough(framework):
    cohort = submitted_cohort(framework, 5)
    assessment, lead = cohort[2]
    html = client_for(lead).get(reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})).content.decode()
    assert "与同类中心比较" in html and "%" in html
    assert "该组提交的中心不足" not in html.split("与同类中心比较")[1].split("甘肃")[1].split("</tr>")[0]
    for n in range(5):
        if n != 2:
            assert f"测试{n}县" not in html  # other centres are never named


@pytest.mark.django_db
def test_a_group_below_the_minimum_shows_a_sentence_and_no_figures(framework, settings):
    settings.COHORT_MIN_GROUP_SIZE = 5
    assessment, lead = submitted_cohort(framework, 4)[0]
    html = client_for(lead).get(reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})).content.decode()
    section = html.split('id="cohort-heading"')[1].split("</section>")[0]
    assert section.count("该组提交的中心不足 5 个") == 4
    assert "%</td>" not in section


@pytest.mark.django_db
def test_year_over_year_appears_with_an_earlier_submission(framework):
    from assessment.demo.seed import demo_answer

    ((assessment, lead),) = submitted_cohort(framework, 1)
    earlier = assessment_start(centre=assessment.centre, cycle=2025, framework=framework)
    demo_answer(assessment=earlier, user=lead, typical=1)
    assessment_submit(assessment=earlier, user=lead)
    html = client_for(lead).get(reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})).content.decode()
    assert "与 2025 年度相比" in html


@pytest.mark.django_db
def test_result_page_has_frontier_advice_and_exemplars(framework):
    ((assessment, lead),) = submitted_cohort(framework, 1)
    html = client_for(lead).get(reverse("assessment:assessment_result", kwargs={"pk": assessment.pk})).content.decode()
    assert "典型案例前沿" in html and 'stroke-dasharray="5 4"' in html
    assert "总体策略（资源欠缺）" in html and "向典型案例学习" in html and "与本中心情况相近的典型案例" in html
    assert "新甘肃云" in html  # the centre's own provincial platform
    snapshot = ResultSnapshot.objects.get(assessment=assessment)
    assert snapshot.result["advice_tier"] == "under_resourced" and snapshot.pillar_scores.keys() == {"P1", "P2", "P3", "P4", "P5"}


@pytest.mark.django_db
def test_result_page_query_count_is_constant(framework, django_assert_num_queries):
    cohort = submitted_cohort(framework, 6)
    assessment, lead = cohort[0]
    client = client_for(lead)
    # session, user, assessment, membership, snapshot, submission history, cohort scores, previous cycle,
    # the action plan (which recommendations are already in it), navigation, the province's verdicts and
    # their query comments
    with django_assert_num_queries(12):
        client.get(reverse("assessment:assessment_result", kwargs={"pk": assessment.pk}))
