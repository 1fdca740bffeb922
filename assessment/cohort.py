"""Comparing a centre with its cohort, with pandas over stored snapshot scores. Pure: a DataFrame in,
plain data out; no database.

The frame has one row per submitted assessment of a cycle: ``centre_id``, ``province``, ``region``,
``resource_tier``, ``overall`` and one column per pillar code. A comparison group smaller than
``min_group`` gives no figures, only the fact that it is too small, so that no centre's score can be
worked out from a small group; other centres are never named.
"""

import pandas as pd

GROUPS = ("province", "region", "resource_tier", "nation")


def percentile_rank(scores: pd.Series, value: float) -> float:
    """Share of the group (in %) scoring below ``value``, ties counting half (the centre itself included)."""
    below = (scores < value).sum()
    equal = (scores == value).sum()
    return float((below + 0.5 * equal) / len(scores) * 100)


def cohort_percentiles(frame: pd.DataFrame, *, centre_id: int, pillar_codes: list[str], min_group: int) -> list[dict]:
    """Percentile of the centre's overall and pillar scores within its province, region, resource tier
    and the nation. Each entry: ``{"group", "value", "size", "too_small", "overall", "pillars"}``."""
    own = frame.loc[frame["centre_id"] == centre_id]
    if own.empty:
        return []
    own = own.iloc[0]
    out = []
    for group in GROUPS:
        members = frame if group == "nation" else frame.loc[frame[group] == own[group]]
        entry = {
            "group": group,
            "value": None if group == "nation" else own[group],
            "size": len(members),
            "too_small": len(members) < min_group,
            "overall": None,
            "pillars": [],
        }
        if not entry["too_small"]:
            entry["overall"] = percentile_rank(members["overall"], own["overall"])
            entry["pillars"] = [
                {"code": code, "percentile": _pillar_percentile(members[code].dropna(), own[code], min_group)}
                for code in pillar_codes
            ]
        out.append(entry)
    return out


def _pillar_percentile(scores: pd.Series, value, min_group: int) -> float | None:
    """None when the centre has no score for the pillar, or when fewer than ``min_group`` centres of the
    group do (centres that marked the whole pillar not applicable have none)."""
    return percentile_rank(scores, value) if pd.notna(value) and len(scores) >= min_group else None


# --- Administrators' dashboard ------------------------------------------------------------------------
# ``frame`` here has one row per centre in scope: centre_id, name, province, prefecture, region,
# resource_tier, status (not_started / in_progress / submitted) and, for submitted ones, overall,
# stage_code and one column per pillar code.

STATUSES = ("not_started", "in_progress", "submitted")


def completion(frame: pd.DataFrame) -> dict[str, int]:
    """How many centres have not started, are in progress, have submitted."""
    counts = frame["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}


def box_stats(scores: pd.Series, *, min_group: int) -> dict | None:
    """Five-number summary and mean of ``scores`` (NaN dropped); None when fewer than ``min_group``."""
    scores = scores.dropna()
    if len(scores) < min_group:
        return None
    q = scores.quantile([0, 0.25, 0.5, 0.75, 1]).tolist()
    return {"n": len(scores), "min": q[0], "q1": q[1], "median": q[2], "q3": q[3], "max": q[4], "mean": float(scores.mean())}


def stage_counts(frame: pd.DataFrame, stage_codes: list[str], *, min_group: int) -> dict[str, int] | None:
    submitted = frame.loc[frame["status"] == "submitted", "stage_code"]
    if len(submitted) < min_group:
        return None
    counts = submitted.value_counts()
    return {code: int(counts.get(code, 0)) for code in stage_codes}


def group_means(frame: pd.DataFrame, by: str, columns: list[str], *, min_group: int) -> list[dict]:
    """Mean of ``columns`` per value of ``by`` over submitted centres; a group smaller than ``min_group``
    keeps its size but shows no means."""
    submitted = frame.loc[frame["status"] == "submitted"]
    grouped = submitted.groupby(by, sort=True)
    sizes = grouped.size()
    means = grouped[columns].mean()
    rows = []
    for key, size in sizes.items():
        hidden = size < min_group
        rows.append(
            {
                "group": key,
                "n": int(size),
                "hidden": bool(hidden),
                "means": {c: (None if hidden else _num(means.at[key, c])) for c in columns},
            }
        )
    return rows


def weakest_indicators(levels: pd.DataFrame, *, min_group: int, top: int = 10) -> list[dict]:
    """Indicators where the largest share of the cohort sits at levels 0–1.

    ``levels`` has one row per submitted centre and one column per indicator code (NaN: not applicable).
    An indicator answered by fewer than ``min_group`` centres is left out.
    """
    answered = levels.notna().sum()
    low = (levels <= 1).sum()
    share = (low / answered.where(answered >= min_group)).dropna().sort_values(ascending=False, kind="stable")
    return [
        {"code": code, "share": float(value) * 100, "n": int(answered[code]), "low": int(low[code])}
        for code, value in share.head(top).items()
    ]


def progress_between(before: pd.DataFrame, after: pd.DataFrame, columns: list[str], *, min_group: int) -> dict | None:
    """Mean of ``columns`` in two cycles over the centres submitted in both; None below ``min_group``."""
    pair = before.loc[before["status"] == "submitted", ["centre_id", *columns]].merge(
        after.loc[after["status"] == "submitted", ["centre_id", *columns]], on="centre_id", suffixes=("_before", "_after")
    )
    if len(pair) < min_group:
        return None
    rows = []
    for column in columns:
        b, a = _num(pair[f"{column}_before"].mean()), _num(pair[f"{column}_after"].mean())
        rows.append({"column": column, "before": b, "after": a, "change": None if a is None or b is None else a - b})
    improved = int((pair["overall_after"] > pair["overall_before"]).sum())
    return {"n": len(pair), "rows": rows, "improved": improved}


AGGREGATE_GROUPINGS = ("province", "region", "resource_tier")


def anonymised_aggregates(frame: pd.DataFrame, columns: list[str], *, min_group: int) -> list[dict]:
    """Publishable aggregates without centre names: size, completion and mean scores per province, region and
    resource tier. A group is listed with its sizes only (``suppressed``) when fewer than ``min_group`` of its
    centres submitted, and so are the groups ``hidden_groups`` adds so that no hidden figure can be worked
    out by subtraction."""
    submitted = frame.loc[frame["status"] == "submitted"]
    sizes = {by: submitted.groupby(by).size().to_dict() for by in AGGREGATE_GROUPINGS}
    regions = submitted.groupby("province")["region"].first().to_dict()
    hidden = hidden_groups(sizes, regions, min_group=min_group)
    out = []
    for by in AGGREGATE_GROUPINGS:
        for key, group in frame.groupby(by, sort=True):
            done = group.loc[group["status"] == "submitted"]
            suppressed = len(done) < min_group or key in hidden[by]
            out.append(
                {
                    "grouping": by,
                    "group": key,
                    "centres": len(group),
                    "submitted": len(done),
                    "suppressed": bool(suppressed),
                    **{f"mean_{c}": (None if suppressed else _num(done[c].mean())) for c in columns},
                }
            )
    return out


def hidden_groups(sizes: dict[str, dict], regions: dict[str, str], *, min_group: int) -> dict[str, set]:
    """The groups whose means an anonymised aggregate must leave out (``sizes``: grouping -> group ->
    submitted centres; ``regions``: province -> region).

    First every group smaller than ``min_group``. Sizes are published and every grouping covers the same
    centres, so the total of each grouping is known; a hidden mean could then be worked out from a total
    minus the published groups. Further groups are hidden, smallest first, until: in each grouping the
    hidden groups together hold none or at least ``min_group`` centres; likewise the hidden provinces of
    each published region; and a hidden region has at least one hidden province (else its provinces add
    up to it). Intersections of groupings (a region's centres of one resource tier) are not published.
    """
    hidden = {by: {key for key, n in groups.items() if n < min_group} for by, groups in sizes.items()}

    def protect(groups: dict, hide: set) -> bool:
        changed = False
        while 0 < sum(groups[k] for k in hide if k in groups) < min_group:
            shown = sorted((n, str(k), k) for k, n in groups.items() if k not in hide and n > 0)
            if not shown:
                break
            hide.add(shown[0][2])
            changed = True
        return changed

    changed = True
    while changed:
        changed = False
        for by, groups in sizes.items():
            changed |= protect(groups, hidden[by])
        for region, size in sizes["region"].items():
            provinces = {p: n for p, n in sizes["province"].items() if regions.get(p) == region}
            if region not in hidden["region"]:
                changed |= protect(provinces, hidden["province"])
            elif size and provinces and not hidden["province"] & set(provinces):
                hidden["province"].add(min(provinces, key=lambda p: (provinces[p], p)))
                changed = True
    return hidden


def _num(value) -> float | None:
    return None if pd.isna(value) else round(float(value), 2)
