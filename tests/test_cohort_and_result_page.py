"""Cohort percentiles (pandas, hand-computed), the minimum-group rule, and the full result page."""

import pandas as pd
import pytest
from django.urls import reverse

from assessment.cohort import cohort_percentiles, percentile_rank
from assessment.models import ResultSnapshot
from assessment.services.assessments import assessment_start, assessment_submit
from tests.builders import submitted_cohort
from tests.pages import client_for


def test_percentile_rank_by_hand():
    scores = pd.Series([10.0, 20.0, 20.0, 40.0, 50.0])
    assert percentile_rank(scores, 40.0) == pytest.approx(70)  # 3 below + half of itself = 3.5 / 5
    assert percentile_rank(scores, 20.0) == pytest.approx(40)  # 1 below + half of 2 ties = 2 / 5
    assert percentile_rank(scores, 10.0) == pytest.approx(10)


def frame():
    rows = [  # centre_id, province, region, tier, overall, P1
        (1, "甘肃", "west", "under_resourced", 40.0, 30.0),
        (2, "甘肃", "west", "under_resourced", 50.0, 60.0),
        (3, "甘肃", "west", "developing", 60.0, 60.0),
        (4, "甘肃", "west", "under_resourced", 70.0, 10.0),
        (5, "甘肃", "west", "under_resourced", 20.0, 90.0),
        (6, "四川", "west", "under_resourced", 80.0, 50.0),
        (7, "浙江", "east", "well_resourced", 90.0, 95.0),
    ]
    return pd.DataFrame(rows, columns=["centre_id", "province", "region", "resource_tier", "overall", "P1"])


def test_cohort_percentiles_by_hand_and_the_minimum_group():
    groups = {g["group"]: g for g in cohort_percentiles(frame(), centre_id=2, pillar_codes=["P1"], min_group=5)}
    province = groups["province"]  # 甘肃: 40 50 60 70 20 -> 50 has 2 below: (2 + .5) / 5
    assert (province["size"], province["too_small"]) == (5, False)
    assert province["overall"] == pytest.approx(50)
    assert province["pillars"] == [{"code": "P1", "percentile": pytest.approx(60)}]  # 30 10 below, 60 tie
    region = groups["region"]  # west: 6 centres
    assert region["overall"] == pytest.approx((2 + 0.5) / 6 * 100)
    tier = groups["resource_tier"]  # under_resourced: 5 (ids 1, 2, 4, 5, 6)
    assert tier["size"] == 5 and not tier["too_small"]
    assert groups["nation"]["size"] == 7
    small = {g["group"]: g for g in cohort_percentiles(frame(), centre_id=7, pillar_codes=["P1"], min_group=5)}
    assert small["province"]["too_small"] and small["province"]["overall"] is None and small["province"]["pillars"] == []
    # A pillar some of the group marked wholly not applicable: fewer than five scores, no percentile.
    sparse = frame()
    sparse.loc[sparse["centre_id"] == 1, "P1"] = float("nan")
    groups = {g["group"]: g for g in cohort_percentiles(sparse, centre_id=2, pillar_codes=["P1"], min_group=5)}
    assert groups["province"]["overall"] == pytest.approx(50)  # the group itself is large enough
    assert groups["province"]["pillars"] == [{"code": "P1", "percentile": None}]


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
    from assessment.demo import demo_answer

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
    # the action plan (which recommendations are already in it), navigation
    with django_assert_num_queries(10):
        client.get(reverse("assessment:assessment_result", kwargs={"pk": assessment.pk}))


def test_no_hidden_aggregate_can_be_worked_out_by_subtraction():
    """The reviewer's case: 江苏 has 5 submitted centres and 浙江 1, both in 华东. Hiding 浙江 alone would
    publish 华东 (6) and 江苏 (5), and 6 × 华东 − 5 × 江苏 is the one 浙江 centre's score."""
    from assessment.cohort import anonymised_aggregates

    rows = [("江苏", "华东", "a", 60 + i) for i in range(5)] + [("浙江", "华东", "b", 41.3)]
    rows += [("甘肃", "西北", "a", 50 + i) for i in range(7)]
    frame = pd.DataFrame(
        [
            {"centre_id": n, "province": p, "region": r, "resource_tier": t, "status": "submitted", "overall": score}
            for n, (p, r, t, score) in enumerate(rows)
        ]
    )
    groups = {(g["grouping"], g["group"]): g for g in anonymised_aggregates(frame, ["overall"], min_group=5)}
    assert groups[("province", "浙江")]["suppressed"]  # too small
    # 江苏 alone would give 浙江 away through 华东: one of the two is hidden too, the smaller (江苏, 5 centres).
    assert groups[("province", "江苏")]["suppressed"]
    assert not groups[("region", "华东")]["suppressed"]
    # Tier b is 浙江's one centre: hidden; tier a then hides no more than it must be, and the rest is published.
    assert groups[("resource_tier", "b")]["suppressed"] and groups[("resource_tier", "a")]["suppressed"]
    assert not groups[("province", "甘肃")]["suppressed"] and groups[("province", "甘肃")]["mean_overall"] == 53
    # Whatever is published, every grouping's hidden groups together hold none or at least five centres.
    for by in ("province", "region", "resource_tier"):
        hidden = sum(g["submitted"] for (b, _k), g in groups.items() if b == by and g["suppressed"])
        assert hidden == 0 or hidden >= 5, by
