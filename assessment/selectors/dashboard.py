"""The administrators' dashboard: pandas over stored snapshots of a scope and cycle, as figures (drawn as
charts by ``assessment.presenters.dashboard``)."""

import hashlib
from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone, translation

from assessment.cohort import box_stats, completion, group_means, progress_between, stage_counts, weakest_indicators
from assessment.framework.spec import Framework
from assessment.models import AdminScope, Assessment, Centre
from assessment.selectors.cohort import scope_frames

PAGE_SIZE = 50


@dataclass(frozen=True)
class CohortFilters:
    cycle: int
    province: str = ""
    region: str = ""
    resource_tier: str = ""
    stage: str = ""
    status: str = ""
    compare_cycle: int | None = None
    sort: str = "-overall"
    page: int = 1
    reading: str = "self"  # the scores as submitted (自评) or as reviewed (核实后): see selectors.cohort.reading_rows


def filtered(frame: pd.DataFrame, filters: CohortFilters) -> pd.DataFrame:
    for column in ("province", "region", "resource_tier", "status"):
        value = getattr(filters, column)
        if value:
            frame = frame.loc[frame[column] == value]
    if filters.stage:
        frame = frame.loc[frame["stage_code"] == filters.stage]
    return frame


def cohort_table(*, scope: AdminScope, filters: CohortFilters, with_dimensions: bool = False):
    """The filtered cohort: ``(frame, levels, dimensions)`` restricted to the filters (see scope_frames)."""
    frame, levels, dimensions = scope_frames(
        scope=scope, cycle=filters.cycle, with_dimensions=with_dimensions, reading=filters.reading
    )
    frame = filtered(frame, filters)
    ids = frame.loc[frame["status"] == "submitted", "centre_id"]
    levels = levels.loc[levels.index.isin(ids)]
    if with_dimensions:
        dimensions = dimensions.loc[dimensions.index.isin(ids)]
    return frame, levels, dimensions


def cohort_dashboard(*, scope: AdminScope, filters: CohortFilters, framework: Framework) -> dict:
    """Everything the dashboard shows for the filtered cohort (figures hidden for groups below the minimum
    size): completion, box plots (``boxes``: column code and figures), stages (``stage_counts``: name and
    count, or None), group means (``heat_rows``), ranking page, weakest shared indicators, progress (rows by
    column code)."""
    min_group = settings.COHORT_MIN_GROUP_SIZE
    pillars = [(p.code, p.short_title) for p in framework.pillars]
    codes = [code for code, _title in pillars]
    frame, levels, _dims = cohort_table(scope=scope, filters=filters)
    for code in codes:  # a cohort with no submission has no pillar columns yet
        if code not in frame:
            frame[code] = float("nan")
    submitted = frame.loc[frame["status"] == "submitted"]
    too_small = len(submitted) < min_group

    boxes = [(code, box_stats(submitted[code], min_group=min_group)) for code in ["overall", *codes]]
    stages = [(s.code, s.name) for s in framework.stages]
    counts = stage_counts(frame, [code for code, _name in stages], min_group=min_group)

    by = "province" if scope.is_national and not filters.province else "prefecture"
    heat = group_means(frame, by, ["overall", *codes], min_group=min_group)

    weakest = weakest_indicators(levels, min_group=min_group)
    for row in weakest:
        indicator = framework.indicator(row["code"])
        row["title"] = indicator.title if indicator else row["code"]
        row["exemplars"] = [e.short_name for e in framework.exemplars if any(row["code"] in p.codes for p in e.practices)]

    progress = None
    if filters.compare_cycle and filters.compare_cycle != filters.cycle:
        before, _levels, _d = cohort_table(
            scope=scope, filters=CohortFilters(**{**filters.__dict__, "cycle": filters.compare_cycle})
        )
        for code in codes:
            if code not in before:
                before[code] = float("nan")
        progress = progress_between(before, frame, ["overall", *codes], min_group=min_group)

    sort_key = filters.sort.lstrip("-")
    ranked = frame.sort_values(
        sort_key if sort_key in frame else "overall",
        ascending=not filters.sort.startswith("-"),
        na_position="last",
        kind="stable",
    )
    pages = max(1, -(-len(ranked) // PAGE_SIZE))
    page = min(filters.page, pages)
    rows = ranked.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]

    return {
        "min_group": min_group,
        "too_small": too_small,
        "size": len(frame),
        "submitted_count": len(submitted),
        "completion": completion(frame),
        "pillars": pillars,
        "boxes": boxes,
        "stage_counts": None if counts is None else [(name, counts[code]) for code, name in stages],
        "heat_by": by,
        "heat_hidden": any(r["hidden"] for r in heat),
        "heat_rows": heat,
        "weakest": weakest,
        "progress": progress,
        "rows": template_rows(rows, codes),
        "page": page,
        "pages": pages,
    }


def template_rows(frame: pd.DataFrame, codes: list[str]) -> list[dict]:
    """Rows for templates: NaN as None, the assessment id as an int, pillar scores in order."""
    records = []
    for row in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        row["assessment_id"] = None if row["assessment_id"] is None else int(row["assessment_id"])
        row["pillar_values"] = [row.get(code) for code in codes]
        records.append(row)
    return records


DASHBOARD_CACHE_SECONDS = 300


def cohort_dashboard_cached(*, scope: AdminScope, filters: CohortFilters, framework: Framework) -> dict:
    """``cohort_dashboard`` through the cache (shared between app servers when Redis is configured), keyed
    by scope, filters and a stamp of the data that any save, submission or new centre moves on; at most
    ``DASHBOARD_CACHE_SECONDS`` old for changes the stamp does not see (a centre's profile edited)."""
    stamp = (
        Assessment.objects.aggregate(n=Count("pk"), at=Max("updated_at")),
        Centre.objects.aggregate(n=Count("pk"), last=Max("pk")),
    )
    key = (
        "cohort-dashboard-figures:"  # figures only since the charts moved to presenters: no older entry is read
        + hashlib.sha256(
            repr(
                (
                    scope.pk,
                    scope.province,
                    sorted(vars(filters).items()),
                    framework.version,
                    stamp,
                    translation.get_language(),
                )
            ).encode()
        ).hexdigest()
    )
    context = cache.get(key)
    if context is None:
        context = cohort_dashboard(scope=scope, filters=filters, framework=framework)
        cache.set(key, context, DASHBOARD_CACHE_SECONDS)
    return context


def submission_dates(*, scope: AdminScope, cycle: int) -> dict[int, date]:
    """Centre id -> the day (local time) its assessment of ``cycle`` was submitted, for the centres in
    ``scope`` that submitted one with a recorded time; one query."""
    assessments = Assessment.objects.in_scope(scope).filter(
        cycle=cycle, status=Assessment.Status.SUBMITTED, submitted_at__isnull=False
    )
    return {centre_id: timezone.localdate(at) for centre_id, at in assessments.values_list("centre_id", "submitted_at")}
