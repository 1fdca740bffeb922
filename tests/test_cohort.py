"""Cohort analytics, pure pandas: percentiles by hand, the minimum group, and aggregates that cannot be
worked out by subtraction."""

import pandas as pd
import pytest

from assessment.cohort import anonymised_aggregates, cohort_percentiles, percentile_rank


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


def test_no_hidden_aggregate_can_be_worked_out_by_subtraction():
    """The reviewer's case: 江苏 has 5 submitted centres and 浙江 1, both in 华东. Hiding 浙江 alone would
    publish 华东 (6) and 江苏 (5), and 6 × 华东 − 5 × 江苏 is the one 浙江 centre's score."""
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
