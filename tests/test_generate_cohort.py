"""The generated demo cohort (generate_cohort): spread, scoring, determinism, marking and replacing."""

import statistics
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessment.demo.answers import DEMO_NOTE, NA_REASON
from assessment.demo.cohort import (
    PROVINCE_WEIGHTS,
    centre_name,
    cohort_centres,
    is_cohort_name,
    province_counts,
)
from assessment.demo.seed import demo_seed
from assessment.models import Answer, Assessment, Centre, ResultSnapshot
from assessment.regions import PROVINCES, region_of
from assessment.scales import NO_VILLAGES_REASON, Size
from assessment.scoring import score_assessment
from assessment.selectors.assessments import answer_values
from tests.builders import make_centre

SMALL = {"centres": 62, "cycles": 2, "seed": 1}


def generate(**options) -> str:
    out = StringIO()
    call_command("generate_cohort", stdout=out, allow_production=True, **{**SMALL, **options})  # tests run with DEBUG off
    return out.getvalue()


def scores_by_centre() -> dict[tuple[str, int], float]:
    return {
        (name, cycle): score
        for name, cycle, score in ResultSnapshot.objects.filter(is_current=True).values_list(
            "assessment__centre__name", "assessment__cycle", "overall_score"
        )
    }


def answer_rows() -> list[tuple]:
    return sorted(
        Answer.objects.filter(assessment__centre__in=cohort_centres()).values_list(
            "assessment__centre__name", "assessment__cycle", "indicator__code", "level", "number", "boolean", "not_applicable"
        )
    )


def test_province_counts_add_up_in_proportion():
    counts = province_counts(2585)
    assert sum(counts.values()) == 2585 and set(counts) == set(PROVINCES)
    assert max(counts, key=counts.get) == "四川" and min(counts.values()) >= 14
    assert counts["河北"] > counts["甘肃"] > counts["宁夏"]
    for total in (31, 62, 100, 2584, 2586):
        counts = province_counts(total)
        assert sum(counts.values()) == total and min(counts.values()) >= 1
    assert sum(province_counts(10).values()) == 10
    assert set(PROVINCE_WEIGHTS) == set(PROVINCES)


def test_province_counts_over_some_provinces_keep_their_proportions():
    counts = province_counts(300, ["浙江", "湖南", "甘肃", "四川"])
    assert list(counts) == ["浙江", "湖南", "甘肃", "四川"] and sum(counts.values()) == 300
    assert counts["四川"] > counts["湖南"] > counts["浙江"] > counts["甘肃"] >= 1


def test_a_province_s_centres_fill_prefectures_of_near_equal_size(framework):
    from collections import Counter

    from assessment.demo.cohort import cohort_generate

    cohort_generate(centres=26, cycles=1, seed=1, last_cycle=2026, provinces=["甘肃"])
    sizes = Counter(Centre.objects.values_list("prefecture", flat=True))
    # Three prefectures of 8–9 counties, rather than 12 + 12 + 2 (too few for the provincial heatmap).
    assert set(Centre.objects.values_list("province", flat=True)) == {"甘肃"}
    assert sizes == {"演示市01": 9, "演示市02": 9, "演示市03": 8}


def test_names_are_recognised_only_in_the_generated_pattern():
    assert centre_name("甘肃", 1) == "甘肃演示0001县融媒体中心（演示）"
    assert is_cohort_name("甘肃演示0001县融媒体中心（演示）", "甘肃")
    assert is_cohort_name("内蒙古演示0103县融媒体中心（演示）", "内蒙古")
    assert not is_cohort_name("甘肃演示0001县融媒体中心（演示）", "四川")
    assert not is_cohort_name("东澜县融媒体中心（演示）", "浙江")
    assert not is_cohort_name("甘肃演示001县融媒体中心（演示）", "甘肃")
    assert not is_cohort_name("火星演示0001县融媒体中心（演示）", "火星")


def test_small_run_covers_every_province_with_submitted_scored_assessments(framework):
    output = generate()  # last cycle: this year by default
    year = timezone.localdate().year
    centres = list(Centre.objects.all())
    assert len(centres) == 62
    assert {c.province for c in centres} == set(PROVINCES)
    for centre in centres:
        assert centre.is_demo and is_cohort_name(centre.name, centre.province) and centre.name.endswith("（演示）")
        assert centre.prefecture.startswith("演示市") and centre.region == region_of(centre.province)
        assert centre.population and centre.staff_count and centre.resource_tier

    assessments = Assessment.objects.all()
    assert assessments.count() == 124
    assert set(assessments.values_list("cycle", flat=True)) == {year - 1, year}
    assert not assessments.exclude(status=Assessment.Status.SUBMITTED).exists()
    assert not assessments.filter(submitted_at__isnull=True).exists()
    assert not assessments.exclude(framework=framework).exists()
    assert ResultSnapshot.objects.filter(is_current=True).count() == 124 == ResultSnapshot.objects.count()

    indicator_count = len(framework.spec.indicators)
    assert Answer.objects.count() == 124 * indicator_count
    assert not Answer.objects.exclude(evidence_note=DEMO_NOTE).exists()
    not_applicable = Answer.objects.filter(not_applicable=True)
    assert 0 < not_applicable.count() < 0.08 * Answer.objects.count()
    # The demo reason, or the one filled in for a share of villages in a district that has none.
    assert not not_applicable.exclude(na_reason__in=[NA_REASON, str(NO_VILLAGES_REASON)]).exists()
    assert not Answer.objects.filter(not_applicable=False, level__isnull=True, number__isnull=True, boolean__isnull=True).exists()

    for snapshot in ResultSnapshot.objects.select_related("assessment"):
        assert 0 <= snapshot.overall_score <= 100 and snapshot.stage_code
        assert snapshot.result["answered"] == snapshot.result["total"] == indicator_count
        assert snapshot.result["advice_tier"] == snapshot.assessment.centre.resource_tier
        assert set(snapshot.pillar_scores) == {p.code for p in framework.spec.pillars}
        assert len(snapshot.indicator_levels) == indicator_count
        assert snapshot.created_at == snapshot.assessment.submitted_at
        assert snapshot.created_at.year == snapshot.assessment.cycle

    # The stored score is the scoring of the stored answers.
    for snapshot in ResultSnapshot.objects.select_related("assessment__framework", "assessment__centre").order_by("pk")[::17]:
        size = Size.of(snapshot.assessment.centre)
        result = score_assessment(framework.spec, answer_values(assessment=snapshot.assessment), size=size)
        assert result["overall"] == pytest.approx(snapshot.result["overall"])
        assert round(result["overall"], 1) == snapshot.overall_score
        assert result["stage"]["code"] == snapshot.stage_code

    assert f"{year}：62/62" in output and "124 份自评" in output and "用时" in output


def test_eastern_centres_score_higher_than_western_ones_and_cycles_grow(framework):
    generate(last_cycle=2026)
    current = ResultSnapshot.objects.filter(is_current=True)

    def mean(**filters):
        return statistics.mean(current.filter(**filters).values_list("overall_score", flat=True))

    assert mean(assessment__centre__region="east") > mean(assessment__centre__region="west")
    assert mean(assessment__centre__resource_tier="well_resourced") > mean(assessment__centre__resource_tier="under_resourced")
    assert mean(assessment__cycle=2026) > mean(assessment__cycle=2025)
    assert len(set(current.values_list("overall_score", flat=True))) > 30  # real spread, not one value


def test_same_arguments_give_the_same_data_and_replace_keeps_the_seed_demo(framework):
    seeded = {c.name for c in demo_seed(cycle=2026)}
    generate(last_cycle=2026)
    first_scores, first_answers = scores_by_centre(), answer_rows()
    output = generate(last_cycle=2026, replace=True)
    assert "已删除此前生成的演示中心 62 个" in output
    assert scores_by_centre() == first_scores
    assert answer_rows() == first_answers
    assert cohort_centres().count() == 62
    assert seeded <= set(Centre.objects.values_list("name", flat=True))  # the seed's centres are untouched
    assert Assessment.objects.filter(centre__name__in=seeded).count() == 4

    generate(last_cycle=2026, replace=True, seed=2)
    assert scores_by_centre() != first_scores


def test_refuses_to_run_twice_without_replace(framework):
    generate(last_cycle=2026)
    with pytest.raises(CommandError, match="--replace"):
        generate(last_cycle=2026)
    assert Centre.objects.count() == 62 and Assessment.objects.count() == 124


def test_replace_deletes_only_generated_demo_centres(framework):

    real = make_centre("甘肃演示0001县融媒体中心（演示）", province="甘肃")  # same name, but not demo data
    generate(last_cycle=2026, centres=31, cycles=1)
    generate(last_cycle=2026, centres=31, cycles=1, replace=True)
    assert Centre.objects.filter(pk=real.pk).exists()
    assert cohort_centres().count() == 31 and Centre.objects.count() == 32
