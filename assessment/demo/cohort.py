"""A generated demo cohort: thousands of fictional county centres with several cycles of submitted
assessments, for trying the cohort analytics and administrator views at national scale.

Everything is marked as demo, as in ``assessment.demo.seed``: ``Centre.is_demo`` is set, every name reads like
"甘肃演示0001县融媒体中心（演示）" (province + "演示" + a 4-digit number per province), prefectures are
"演示市01" and so on, and every answer's note says it is demo data. The generated centres are told apart
from the small hand-made demo seed (东澜县融媒体中心（演示） …) by that name pattern, so replacing the
cohort never touches the seed.

Generation is deterministic: the same arguments give the same centres, answers, scores and submission
times (numpy ``default_rng(seed)``; row ids aside, and submission times that would lie in the future, in
a current cycle before its July, are set to the time of the run). It does not go through the per-answer
services: it builds the rows in memory, scores them with the pure ``score_assessment`` and writes them
with ``bulk_create``, one transaction per batch of centres and cycle.

The model behind the answers, in level units (0–4): each centre has a latent maturity from its region
and resource tier plus its own spread, and a growth per cycle; each indicator a difficulty; each
centre × indicator a lasting offset; each answer some noise. The rounded level becomes an answer as in
the seed (``assessment.demo.answers``): the level itself, a number inside that level's band of
thresholds, or "yes" from ``BooleanKind.DEMO_YES_FROM``. About 3% of answers are "not applicable".

A centre's practice is drawn without regard to its size. Each county also gets a size profile (resident
population, towns and streets, villages and communities — none in about 4% of them, urban districts —
and staff); a number indicator read against size (``scale:``) turns the drawn practice into the
county's own figure in proportion to the figure its scale divides by, so a large county reports larger
numbers for the same practice, as it would.
"""

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.db import reset_queries, transaction
from django.db.models import F, JSONField, OuterRef, Subquery, Value
from django.utils import timezone

from assessment.demo.answers import demo_value
from assessment.kinds import MAX_LEVEL
from assessment.models import Answer, Assessment, Centre, FrameworkVersion, Indicator, ResourceTier, ResultSnapshot
from assessment.regions import PROVINCES, Region, region_of
from assessment.scales import PROFILE_FIELDS, Size
from assessment.scoring import score_assessment
from assessment.selectors.framework import framework_current
from assessment.services.assessments import snapshot_fields
from assessment.services.framework import framework_load

NA_SHARE = 0.03
NAME_INFIX = "演示"
NAME_SUFFIX = "县融媒体中心（演示）"
PREFECTURE_PREFIX = "演示市"
COUNTIES_PER_PREFECTURE = 12
MAX_PER_PROVINCE = 9999  # four digits in the name
MAX_CENTRES = 100_000  # keeps every province within MAX_PER_PROVINCE

# Approximate numbers of county-level units per province: only the proportions are used.
PROVINCE_WEIGHTS: dict[str, int] = {
    "北京": 16, "天津": 16, "河北": 167, "辽宁": 100, "上海": 16, "江苏": 95, "浙江": 90, "福建": 84,
    "山东": 136, "广东": 122, "海南": 25,
    "山西": 117, "吉林": 60, "黑龙江": 121, "安徽": 104, "江西": 100, "河南": 157, "湖北": 103, "湖南": 122,
    "内蒙古": 103, "广西": 111, "重庆": 38, "四川": 183, "贵州": 88, "云南": 129, "西藏": 74, "陕西": 107,
    "甘肃": 86, "青海": 44, "宁夏": 22, "新疆": 105,
}  # fmt: skip
assert set(PROVINCE_WEIGHTS) == set(PROVINCES)

TIERS = [ResourceTier.WELL_RESOURCED.value, ResourceTier.DEVELOPING.value, ResourceTier.UNDER_RESOURCED.value]
# Probabilities of (well resourced, developing, under resourced) by region.
TIER_PROBABILITIES = {
    Region.EAST.value: (0.60, 0.30, 0.10),
    Region.CENTRAL.value: (0.20, 0.50, 0.30),
    Region.WEST.value: (0.08, 0.32, 0.60),
}
# Latent maturity, in level units: by region, shifted by tier.
REGION_MATURITY = {Region.EAST.value: 2.3, Region.CENTRAL.value: 1.85, Region.WEST.value: 1.5}
TIER_SHIFT = {TIERS[0]: 0.45, TIERS[1]: 0.0, TIERS[2]: -0.4}
# Median population served, the same in every region, with sparsely populated provinces apart. Not by
# region, although eastern counties are larger on average: the region also sets a centre's practice, and a
# size that followed the region would let the cohort rank counties by size however fairly they are scored
# (tests/test_fair_cohort.py measures that they are not).
POPULATION_MEDIAN = 400_000
PROVINCE_POPULATION = {"西藏": 45_000, "青海": 90_000, "宁夏": 200_000, "内蒙古": 160_000, "新疆": 180_000}
TIER_STAFF = {TIERS[0]: 160, TIERS[1]: 80, TIERS[2]: 40}
# Towns and streets of a county of 400,000; villages and communities per town; the share of urban
# districts with neither (their village-coverage indicators are answered "not applicable").
TOWNS_MEDIAN = 16
VILLAGES_PER_TOWN = 15
NO_VILLAGES_SHARE = 0.04

PROFILE_YEARS = [year for _figure, year in PROFILE_FIELDS]

_NAME_RE = re.compile(rf"(?P<province>.+?){NAME_INFIX}\d{{4}}{re.escape(NAME_SUFFIX)}")


def centre_name(province: str, number: int) -> str:
    return f"{province}{NAME_INFIX}{number:04d}{NAME_SUFFIX}"


def is_cohort_name(name: str, province: str) -> bool:
    """Whether ``name`` is one this module generates for a centre of ``province``."""
    match = _NAME_RE.fullmatch(name)
    return bool(match) and match["province"] == province and province in PROVINCE_WEIGHTS


def province_counts(total: int, provinces: Sequence[str] = PROVINCES) -> dict[str, int]:
    """``total`` centres spread over ``provinces`` (all by default, in that order) in proportion to
    ``PROVINCE_WEIGHTS`` by the largest remainder method, so the counts add up to exactly ``total``. With
    at least one centre per province available, every province gets one first and the rest is spread in
    proportion."""
    provinces = list(provinces)
    base = dict.fromkeys(provinces, 1 if total >= len(provinces) else 0)
    rest = total - sum(base.values())
    weight_sum = sum(PROVINCE_WEIGHTS[p] for p in provinces)
    quotas = {p: rest * PROVINCE_WEIGHTS[p] / weight_sum for p in provinces}
    counts = {p: base[p] + int(quotas[p]) for p in provinces}
    left = total - sum(counts.values())
    by_remainder = sorted(provinces, key=lambda p: (-(quotas[p] - int(quotas[p])), provinces.index(p)))
    for province in by_remainder[:left]:
        counts[province] += 1
    return counts


def cohort_centres():
    """The generated cohort centres already in the database (never the hand-made demo seed)."""
    rows = Centre.objects.filter(
        is_demo=True, name__contains=NAME_INFIX, name__endswith=NAME_SUFFIX, prefecture__startswith=PREFECTURE_PREFIX
    ).values_list("pk", "name", "province")
    return Centre.objects.filter(pk__in=[pk for pk, name, province in rows if is_cohort_name(name, province)])


def cohort_delete(*, chunk: int = 500) -> int:
    """Delete the generated cohort centres with their assessments, answers and snapshots; returns the
    number of centres deleted."""
    ids = list(cohort_centres().order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            assessments = Assessment.objects.filter(centre_id__in=part).values("pk")
            # The two large tables first, in one statement each, before the cascade walks the rest.
            ResultSnapshot.objects.filter(assessment__in=assessments).delete()
            Answer.objects.filter(assessment__in=assessments).delete()
            Centre.objects.filter(pk__in=part).delete()
    return len(ids)


@dataclass
class CohortSummary:
    centres: int = 0
    cycles: tuple[int, ...] = ()
    assessments: int = 0
    answers: int = 0
    snapshots: int = 0
    not_applicable: int = 0
    seconds: float = 0.0


def _framework() -> FrameworkVersion:
    return framework_current() or framework_load(path=settings.FRAMEWORK_FILE)[0]


class _Plan:
    """The centres and the per-centre, per-indicator draws that hold across cycles."""

    def __init__(self, *, total: int, seed: int, indicators: list, provinces: Sequence[str] = PROVINCES):
        self.rng = rng = np.random.default_rng(seed)
        rows = []  # (province, prefecture, name)
        for province, count in province_counts(total, provinces).items():
            if count > MAX_PER_PROVINCE:
                raise ValueError(f"{province} 的中心数超过 {MAX_PER_PROVINCE}")
            # Prefectures of near-equal size, at most COUNTIES_PER_PREFECTURE each: a remainder of one or
            # two counties would make a prefecture too small for the provincial heatmap to show.
            prefectures = -(-count // COUNTIES_PER_PREFECTURE)
            for n in range(count):
                prefecture = f"{PREFECTURE_PREFIX}{n * prefectures // count + 1:02d}"
                rows.append((province, prefecture, centre_name(province, n + 1)))
        self.rows = rows
        n, m = len(rows), len(indicators)
        self.regions = [region_of(province) for province, _p, _n in rows]

        tier_draw = rng.random(n)
        self.tiers = []
        for region, u in zip(self.regions, tier_draw.tolist(), strict=True):
            well, developing, _under = TIER_PROBABILITIES[region]
            self.tiers.append(TIERS[0] if u < well else TIERS[1] if u < well + developing else TIERS[2])

        medians = np.array([PROVINCE_POPULATION.get(p, POPULATION_MEDIAN) for p, _f, _n in rows])
        population = np.clip(medians * rng.lognormal(0.0, 0.7, n), 8_000, 2_500_000)
        self.population = (np.rint(population / 1000) * 1000).astype(int).tolist()
        staff_medians = np.array([TIER_STAFF[t] for t in self.tiers]) * (population / 400_000) ** 0.3
        self.staff = np.clip(np.rint(staff_medians * rng.lognormal(0.0, 0.35, n)), 8, 800).astype(int).tolist()
        # Towns and streets grow slowly with population; villages and communities per town vary widely,
        # and some urban districts have none at all. Drawn from a stream of their own, so that every other
        # draw is what it was before counties had these figures.
        size_rng = np.random.default_rng([seed, 1])
        towns = np.clip(np.rint(TOWNS_MEDIAN * (population / 400_000) ** 0.35 * size_rng.lognormal(0.0, 0.3, n)), 3, 60)
        self.towns = towns.astype(int).tolist()
        villages = np.rint(towns * VILLAGES_PER_TOWN * size_rng.lognormal(0.0, 0.45, n))
        self.villages = np.where(size_rng.random(n) < NO_VILLAGES_SHARE, 0, villages).astype(int).tolist()
        self.sizes = [
            Size(population=p, towns=t, villages=v, staff=s)
            for p, t, v, s in zip(self.population, self.towns, self.villages, self.staff, strict=True)
        ]

        base = np.array([REGION_MATURITY[r] + TIER_SHIFT[t] for r, t in zip(self.regions, self.tiers, strict=True)])
        self.latent = base + rng.normal(0.0, 0.45, n)
        self.growth = np.clip(rng.normal(0.18, 0.08, n), -0.05, 0.5)
        difficulty = rng.normal(0.0, 0.45, m)
        self.difficulty = difficulty - difficulty.mean()
        self.offset = rng.normal(0.0, 0.5, (n, m))

    def cycle_draws(self, step: int, *, year: int, now: datetime):
        """Levels, not-applicable flags, positions inside number bands and submission times of the
        cycle ``year``, ``step`` cycles after the first, drawn in a fixed order. Submissions fall between
        March and June of the cycle, never later than ``now``."""
        rng, (n, m) = self.rng, self.offset.shape
        noise = rng.normal(0.0, 0.45, (n, m))
        not_applicable = rng.random((n, m)) < NA_SHARE
        fractions = rng.random((n, m))
        days = rng.integers(0, 120, n).tolist()
        minutes = rng.integers(9 * 60, 18 * 60, n).tolist()
        latent = self.latent + self.growth * step
        levels = np.clip(np.rint(latent[:, None] - self.difficulty[None, :] + self.offset + noise), 0, MAX_LEVEL).astype(int)
        opening = datetime(year, 3, 1, tzinfo=timezone.get_current_timezone())
        submitted_at = [min(opening + timedelta(days=d, minutes=mi), now) for d, mi in zip(days, minutes, strict=True)]
        return levels.tolist(), not_applicable.tolist(), fractions.tolist(), submitted_at


@dataclass
class _Batch:
    """One batch of centres in one cycle, built before any of it is written: each centre's answers and
    snapshot (their assessment ids are filled in once the assessments exist)."""

    year: int
    start: int
    stop: int
    submitted_at: list[datetime]
    rows: list[tuple[list[Answer], ResultSnapshot]]
    not_applicable: int


def _batch_build(
    *, framework: FrameworkVersion, indicators: list, plan: _Plan, draws, year: int, start: int, stop: int
) -> _Batch:
    """Answers, scores and snapshot rows of centres ``start`` to ``stop`` for one cycle, in memory;
    ``indicators`` pairs each indicator of the framework with its row id. A centre's practice (its
    levels) is drawn without regard to its size; a number read against size becomes the county's own
    figure in proportion to its population, towns, villages or staff."""
    levels, not_applicable, fractions, submitted_at = draws
    spec = framework.spec
    rows, na_count = [], 0
    for k in range(start, stop):
        values, answers = {}, []
        size = plan.sizes[k]
        for (indicator, indicator_id), level, na, fraction in zip(
            indicators, levels[k], not_applicable[k], fractions[k], strict=True
        ):
            values[indicator.code] = value = demo_value(indicator, level, fraction, not_applicable=na, size=size)
            answers.append(Answer(indicator_id=indicator_id, **vars(value)))
            na_count += value.not_applicable
        result = score_assessment(spec, values, size=size)
        result["advice_tier"] = plan.tiers[k]
        snapshot = ResultSnapshot(
            framework=framework,
            **snapshot_fields(result),
            # An expression keeps PostgreSQL's bulk insert off its UNNEST path, where psycopg's
            # client-side array quoting escapes every backslash and quote of these large JSON documents
            # in Python (some 20 ms a snapshot).
            result=Value(result, output_field=JSONField()),
            is_current=True,
        )
        rows.append((answers, snapshot))
    return _Batch(year, start, stop, submitted_at[start:stop], rows, na_count)


def _batch_write(*, framework: FrameworkVersion, centre_ids: list[int], batch: _Batch) -> None:
    with transaction.atomic():
        assessments = Assessment.objects.bulk_create(
            [
                Assessment(
                    centre_id=centre_ids[k],
                    cycle=batch.year,
                    framework=framework,
                    status=Assessment.Status.SUBMITTED,
                    submitted_at=submitted_at,
                )
                for k, submitted_at in zip(range(batch.start, batch.stop), batch.submitted_at, strict=True)
            ],
            batch_size=500,
        )
        answers, snapshots = [], []
        for assessment, (rows, snapshot) in zip(assessments, batch.rows, strict=True):
            for answer in rows:
                answer.assessment_id = assessment.pk
            answers += rows
            snapshot.assessment_id = assessment.pk
            snapshots.append(snapshot)
        Answer.objects.bulk_create(answers, batch_size=2000)
        ResultSnapshot.objects.bulk_create(snapshots, batch_size=100)
        # Stamps as of the submission rather than of this run (the result page shows the snapshot's time
        # as "提交于"); auto_now_add leaves no way to set them on insert.
        ids = [a.pk for a in assessments]
        Assessment.objects.filter(pk__in=ids).update(
            created_at=F("submitted_at") - timedelta(days=30), updated_at=F("submitted_at")
        )
        ResultSnapshot.objects.filter(assessment_id__in=ids).update(
            created_at=Subquery(Assessment.objects.filter(pk=OuterRef("assessment_id")).values("submitted_at")[:1])
        )
    reset_queries()  # with DEBUG on, the logged SQL of the large inserts would pile up


def cohort_generate(
    *,
    centres: int,
    cycles: int,
    seed: int,
    last_cycle: int,
    batch: int = 500,
    provinces: Sequence[str] = PROVINCES,
    progress: Callable[[int, int, int], None] | None = None,
    framework: FrameworkVersion | None = None,
) -> CohortSummary:
    """Create ``centres`` demo centres in ``provinces`` (all by default), each with a submitted assessment
    (answers and a current snapshot) of ``framework`` (the current one by default) for each of the
    ``cycles`` cycles ending with ``last_cycle``, one transaction per ``batch`` centres and cycle.
    ``progress(cycle, done, total)`` is called after each batch. The caller makes sure no cohort exists yet."""
    started = time.perf_counter()
    framework = framework or _framework()
    indicator_ids = dict(Indicator.objects.filter(framework=framework).values_list("code", "id"))
    indicators = [(i, indicator_ids[i.code]) for i in framework.spec.indicators]
    plan = _Plan(total=centres, seed=seed, indicators=indicators, provinces=provinces)
    years = tuple(range(last_cycle - cycles + 1, last_cycle + 1))
    summary = CohortSummary(cycles=years)

    with transaction.atomic():
        created = Centre.objects.bulk_create(
            [
                Centre(
                    name=name,
                    province=province,
                    prefecture=prefecture,
                    region=region,
                    resource_tier=tier,
                    population=size.population,
                    staff_count=size.staff,
                    towns=size.towns,
                    villages=size.villages,
                    **dict.fromkeys(PROFILE_YEARS, years[0] - 1),
                    is_demo=True,
                )
                for (province, prefecture, name), region, tier, size in zip(
                    plan.rows, plan.regions, plan.tiers, plan.sizes, strict=True
                )
            ],
            batch_size=500,
        )
    centre_ids = [c.pk for c in created]
    summary.centres = len(centre_ids)

    # Every random draw is made here, in a fixed order, before any batch is built.
    now = timezone.now()
    draws = {year: plan.cycle_draws(step, year=year, now=now) for step, year in enumerate(years)}
    jobs = [(year, start, min(start + batch, len(centre_ids))) for year in years for start in range(0, len(centre_ids), batch)]

    for year, start, stop in jobs:
        built = _batch_build(
            framework=framework, indicators=indicators, plan=plan, draws=draws[year], year=year, start=start, stop=stop
        )
        _batch_write(framework=framework, centre_ids=centre_ids, batch=built)
        summary.assessments += len(built.rows)
        summary.answers += sum(len(answers) for answers, _snapshot in built.rows)
        summary.snapshots += len(built.rows)
        summary.not_applicable += built.not_applicable
        if progress:
            progress(year, stop, len(centre_ids))
    summary.seconds = time.perf_counter() - started
    return summary


# The cohort seed_demo adds to the hand-made demo centres: large enough that every province and region the
# demo logins see has at least COHORT_MIN_GROUP_SIZE submitted centres in both cycles, and 甘肃 (the demo
# provincial administrator's province) several prefectures, so that the dashboard, the percentiles and the
# cohort PDF all show figures; small enough to build in a few seconds. Two provinces per region, among them
# those of the hand-made centres.
DEMO_COHORT_PROVINCES = ("浙江", "江苏", "湖南", "湖北", "甘肃", "四川")
DEMO_COHORT_CENTRES = 300
DEMO_COHORT_CYCLES = 2
DEMO_COHORT_SEED = 1


def demo_cohort_seed(*, cycle: int) -> CohortSummary | None:
    """Generate the demo cohort of ``seed_demo`` (cycles ``cycle - 1`` and ``cycle``) unless a generated
    cohort is already there, of this or of an earlier ``generate_cohort``; returns None then. All or
    nothing, so that an interrupted run leaves no part cohort behind for the next run to keep."""
    with transaction.atomic():
        if cohort_centres().exists():
            return None
        return cohort_generate(
            centres=DEMO_COHORT_CENTRES,
            cycles=DEMO_COHORT_CYCLES,
            seed=DEMO_COHORT_SEED,
            last_cycle=cycle,
            provinces=DEMO_COHORT_PROVINCES,
        )
