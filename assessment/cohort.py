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
                {"code": code, "percentile": percentile_rank(members[code].dropna(), own[code])}
                if pd.notna(own[code])
                else {"code": code, "percentile": None}
                for code in pillar_codes
            ]
        out.append(entry)
    return out
