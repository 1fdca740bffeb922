"""The generated cohort does not simply rank counties by size.

The generator draws each centre's practice without regard to its size and turns it into the county's own
raw figures in proportion to its population, towns, villages and staff. Scored on thresholds that read
those figures against the county's size, the overall score hardly follows population; scored on absolute
thresholds (the same figures, the same practice), it does. The test prints both correlations:

    pytest -s tests/test_fair_cohort.py
"""

import copy

import numpy as np
import pytest
import yaml

from assessment.demo.cohort import cohort_generate
from assessment.framework.schema import framework_parse
from assessment.framework.spec import Framework
from assessment.models import ResultSnapshot
from assessment.scales import DIVISORS, SHARES, Size
from assessment.scoring import score_assessment
from assessment.selectors.assessments import answer_values
from tests.builders import framework_document, write_framework

# A county of typical size: what absolute thresholds are calibrated on (the figures a scaled threshold
# would be for it).
TYPICAL = Size(population=400_000, towns=16, villages=240, staff=80)

# (code, title, scale, unit, thresholds on the scale): like the number indicators of 2023.2, most count
# people, some places, one is per member of staff.
SCALED = [
    ("P1.D1.I2", "自有客户端月活跃用户", "per_10k_residents", "个", [50, 200, 500, 1000]),
    ("P1.D1.I4", "平台服务惠及群众人次", "per_10k_residents", "人次", [200, 1000, 3000, 8000]),
    ("P1.D1.I5", "累计受理群众“点单”数", "per_10k_residents", "个", [5, 20, 60, 150]),
    ("P1.D1.I6", "平台接入的乡镇/街道", "share_of_towns", "个", [0.2, 0.4, 0.7, 0.95]),
    ("P1.D1.I7", "平台覆盖的行政村/社区", "share_of_villages", "个", [0.1, 0.3, 0.6, 0.9]),
    ("P1.D1.I8", "人均原创稿件", "per_staff", "篇", [5, 20, 50, 100]),
]


def cohort_document(*, scaled: bool) -> dict:
    """The test framework with four more number indicators, each read on one scale (``scaled``) or on the
    absolute thresholds a typical county would meet with the same practice."""
    document = framework_document()
    document["version"] = "fair-scaled" if scaled else "fair-absolute"
    indicators = document["pillars"][0]["dimensions"][0]["indicators"]
    number = indicators[1]
    by_code = {i["code"]: i for i in indicators}
    for code, title, scale, unit, thresholds in SCALED:
        entry = by_code.get(code) or copy.deepcopy(number)
        entry.update(code=code, title=title, unit=unit, weight=2, per_capita=False)
        if scaled:
            entry.update(scale=scale, thresholds=thresholds)
        else:
            figure, per = DIVISORS[scale]
            entry.update(thresholds=[round(t * getattr(TYPICAL, figure) / per, 2) for t in thresholds])
        if code not in by_code:
            indicators.append(entry)
    return document


def pearson(xs, ys) -> float:
    return float(np.corrcoef(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))[0, 1])


@pytest.mark.django_db
def test_scores_on_scaled_thresholds_hardly_follow_population_and_on_absolute_ones_they_do(tmp_path):
    from assessment.services.framework import framework_load

    scaled, _ = framework_load(path=write_framework(tmp_path / "scaled.yaml", cohort_document(scaled=True)))
    absolute = Framework.of(cohort_document(scaled=False))
    assert {i.scale for i in scaled.spec.indicators if i.kind == "number"} >= SHARES
    cohort_generate(centres=600, cycles=1, seed=14, last_cycle=2026, framework=scaled)

    snapshots = list(ResultSnapshot.objects.select_related("assessment__centre"))
    assert len(snapshots) == 600
    populations = [s.assessment.centre.population for s in snapshots]
    fair = [s.overall_score for s in snapshots]
    unfair = [score_assessment(absolute, answer_values(assessment=s.assessment))["overall"] for s in snapshots]
    r_scaled, r_absolute = pearson(populations, fair), pearson(populations, unfair)
    print(f"\nPearson r(overall score, population), {len(snapshots)} generated centres:")
    print(f"  (a) scale-aware thresholds:             r = {r_scaled:+.3f}")
    print(f"  (b) same practice, absolute thresholds: r = {r_absolute:+.3f}")
    assert abs(r_scaled) < 0.3
    assert r_absolute > 0.4  # the test can tell a size-biased instrument from a fair one

    # Districts without villages answered village coverage as not applicable, with the reason filled in.
    no_villages = [s for s in snapshots if s.assessment.centre.villages == 0]
    assert no_villages
    for snapshot in no_villages:
        assert snapshot.indicator_levels["P1.D1.I7"] is None
        assert answer_values(assessment=snapshot.assessment)["P1.D1.I7"].na_reason.startswith("本区（县）无行政村/社区")


# How each number of 2023.2 grows with a county's size when the practice behind it is the same: people
# and requests with its population, villages covered with its villages, revenue and awards with its staff.
# The rest (channel types, accounts, departments, service functions, partners) do not grow with size.
NATURAL_SCALE_2023_2 = {
    "P3.D1.I3": "share_of_villages",
    "P3.D1.I4": "per_10k_residents",
    "P3.D4.I2": "per_10k_residents",
    "P3.D4.I3": "per_10k_residents",
    "P3.D4.I4": "per_10k_residents",
    "P5.D2.I1": "per_staff",
    "P5.D2.I3": "per_staff",
    "P5.D3.I2": "per_10k_residents",
}


def sized_2023_2(folder) -> str:
    """The 2023.2 file with each number read on its natural scale (thresholds: what a typical county's
    absolute threshold is per unit of its size), so the generator turns the same practice into figures in
    proportion to each county's size; written into ``folder`` beside a copy of the report."""
    import shutil

    from django.conf import settings

    source = settings.FRAMEWORK_FILE.parent
    shutil.copytree(source / "source", folder / "source")
    document = yaml.safe_load((source / "framework-2023.2.yaml").read_text(encoding="utf-8"))
    document["version"] = "2023.2-sized"
    for pillar in document["pillars"]:
        for dimension in pillar["dimensions"]:
            for indicator in dimension["indicators"]:
                scale = NATURAL_SCALE_2023_2.get(indicator["code"])
                if scale:
                    figure, per = DIVISORS[scale]
                    indicator.update(scale=scale, per_capita=False)
                    indicator["thresholds"] = [t * per / getattr(TYPICAL, figure) for t in indicator["thresholds"]]
    return write_framework(folder / "framework-2023.2-sized.yaml", document)


def number_mean_level(framework: Framework, levels: dict) -> float:
    """The mean level of a result's number indicators (the part of the score a county's size can move)."""
    values = [levels[i.code] or 0 for i in framework.indicators if i.kind == "number" and i.code in levels]
    return sum(values) / len(values)


def result_levels(result: dict) -> dict:
    return {i["code"]: i["level"] for p in result["pillars"] for d in p["dimensions"] for i in d["indicators"]}


@pytest.mark.django_db
def test_the_national_cohort_on_2024_1_does_not_rank_counties_by_size(tmp_path):
    """The demo generator on the shipped 2024.1, against the same practice turned into figures in
    proportion to size and scored on 2023.2's absolute thresholds. Prints both correlations, of the
    overall score and of the number indicators' mean level (what size can move), with population:

        pytest -s tests/test_fair_cohort.py -k national
    """
    from django.conf import settings

    from assessment.demo.cohort import cohort_delete
    from assessment.services.framework import framework_load

    shipped, _ = framework_load(path=settings.FRAMEWORK_FILE)
    assert shipped.version == "2024.1"
    cohort_generate(centres=600, cycles=1, seed=14, last_cycle=2026, framework=shipped)
    snapshots = list(ResultSnapshot.objects.select_related("assessment__centre"))
    populations = [s.assessment.centre.population for s in snapshots]
    r_2024 = pearson(populations, [s.overall_score for s in snapshots])
    n_2024 = pearson(populations, [number_mean_level(shipped.spec, s.indicator_levels) for s in snapshots])

    cohort_delete()
    sized, _ = framework_load(path=sized_2023_2(tmp_path))
    cohort_generate(centres=600, cycles=1, seed=14, last_cycle=2026, framework=sized)
    old = Framework.of(framework_parse(settings.FRAMEWORK_FILE.parent / "framework-2023.2.yaml"))
    snapshots = list(ResultSnapshot.objects.select_related("assessment__centre"))
    populations = [s.assessment.centre.population for s in snapshots]
    results = [score_assessment(old, answer_values(assessment=s.assessment)) for s in snapshots]
    r_2023 = pearson(populations, [r["overall"] for r in results])
    n_2023 = pearson(populations, [number_mean_level(old, result_levels(r)) for r in results])
    print(f"\nPearson r with population, {len(snapshots)} generated centres, the same practice:")
    print(f"  2024.1 (size-scaled numbers):  overall score r = {r_2024:+.3f}, number indicators' mean level r = {n_2024:+.3f}")
    print(f"  2023.2 (absolute thresholds):  overall score r = {r_2023:+.3f}, number indicators' mean level r = {n_2023:+.3f}")
    assert abs(r_2024) < 0.3 and abs(n_2024) < 0.3
    # On 2023.2 the size-dependent numbers follow population clearly (the overall score less so: they carry
    # a small part of its weight); on 2024.1 they do not.
    assert n_2023 > n_2024 + 0.2 and r_2023 > r_2024
