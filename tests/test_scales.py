"""Number indicators read against the county's size: the normaliser, scoring with and without a size
profile, and the framework file's ``scale:`` key."""

import copy
from decimal import Decimal

import pytest

from assessment.framework.schema import FrameworkError, document_hash, framework_parse
from assessment.framework.spec import Framework, Scale
from assessment.kinds import AnswerValue, answer_level
from assessment.scales import Normalised, Size, Unscored, measure_of, normalise, raw_for, unscored_text
from assessment.scoring import result_rows, score_assessment, unscored
from tests.builders import framework_document, number_indicator, write_framework

SMALL = Size(population=100_000, towns=8, villages=60, staff=40)
LARGE = Size(population=1_500_000, towns=30, villages=600, staff=400)


# --- The normaliser -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scale, raw, expected",
    [
        (Scale.ABSOLUTE, 1234, Decimal(1234)),
        (Scale.PER_10K_RESIDENTS, 3000, Decimal(300)),  # 3,000 for 100,000 residents: 300 per 10,000
        (Scale.SHARE_OF_TOWNS, 6, Decimal("0.75")),
        (Scale.SHARE_OF_VILLAGES, 45, Decimal("0.75")),
        (Scale.PER_STAFF, 100, Decimal("2.5")),
    ],
)
def test_each_scale_divides_by_its_own_size_figure(scale, raw, expected):
    assert normalise(raw, scale, SMALL) == Normalised(expected)


def test_a_missing_or_zero_size_figure_gives_no_value_and_says_why():
    assert normalise(10, Scale.SHARE_OF_VILLAGES, Size(population=100_000)) == Normalised(None, Unscored.MISSING)
    assert normalise(10, Scale.SHARE_OF_VILLAGES, Size(villages=0)) == Normalised(None, Unscored.ZERO)
    assert normalise(10, Scale.PER_10K_RESIDENTS, Size()) == Normalised(None, Unscored.MISSING)
    # An absolute number needs no size at all.
    assert normalise(10, Scale.ABSOLUTE, Size()) == Normalised(Decimal(10))
    assert "行政村/社区数" in unscored_text(Scale.SHARE_OF_VILLAGES, Unscored.ZERO)
    assert "尚未填写常住人口" in unscored_text(Scale.PER_10K_RESIDENTS, Unscored.MISSING)


@pytest.mark.parametrize("scale", [s for s in Scale if s != Scale.ABSOLUTE])
def test_raw_for_turns_a_normalised_value_back_into_the_county_figure(scale):
    for size in (SMALL, LARGE):
        raw = raw_for(0.4, scale, size)
        assert float(normalise(Decimal(str(raw)), scale, size).value) == pytest.approx(0.4)
    assert raw_for(0.4, scale, Size()) is None


def test_the_three_figures_are_shown_side_by_side():
    row = {"kind": "number", "scale": "per_10k_residents", "value": 3000.0, "normalised": 300.0, "unscored": ""}
    measure = measure_of(row, "人")
    assert (measure.scale, measure.raw, measure.normalised) == ("每万常住人口", "3,000 人", "300 人/万人")
    share = measure_of(
        {"kind": "number", "scale": "share_of_villages", "value": 45.0, "normalised": 0.75, "unscored": ""}, "个行政村"
    )
    assert share.normalised == "75%"
    waiting = measure_of(
        {"kind": "number", "scale": "share_of_villages", "value": 45.0, "normalised": None, "unscored": "missing"}, "个"
    )
    assert waiting.normalised == "—" and "尚未填写行政村/社区数" in waiting.text
    assert "不按县域规模折算" in measure_of({"kind": "number", "scale": "absolute", "value": 5.0}, "项").text
    # A row stored before numbers had scales reads as absolute; other kinds have no figures.
    assert measure_of({"kind": "number", "value": 5.0}, "项").raw == "5 项"
    assert measure_of({"kind": "level", "value": None}, "") is None


# --- Scoring: the same practice in a small and a large county ------------------------------------------


def scaled_framework(scale: str, thresholds) -> Framework:
    """The test framework with its number indicator P1.D1.I2 read on ``scale``."""
    document = framework_document()
    indicator = document["pillars"][0]["dimensions"][0]["indicators"][1]
    indicator.update(thresholds=list(thresholds), scale=scale, per_capita=False)
    return Framework.of(document)


def level_of(framework, raw, size):
    result = score_assessment(framework, {"P1.D1.I2": AnswerValue(number=Decimal(raw))}, size=size)
    return next(row for row in result_rows(result) if row["code"] == "P1.D1.I2")


@pytest.mark.parametrize(
    "scale, thresholds, practice, size_figure",
    [
        # 640 monthly active app users per 10,000 residents.
        ("per_10k_residents", (50, 200, 500, 1000), 640, lambda s: s.population / 10_000),
        # Services reach 70% of the villages and communities.
        ("share_of_villages", (0.1, 0.3, 0.6, 0.9), 0.7, lambda s: s.villages),
        # Half of the towns and streets have a correspondent station.
        ("share_of_towns", (0.1, 0.3, 0.5, 0.8), 0.5, lambda s: s.towns),
    ],
)
def test_the_same_practice_in_a_county_of_100000_and_one_of_1500000_lands_on_the_same_level(
    scale, thresholds, practice, size_figure
):
    framework = scaled_framework(scale, thresholds)
    small = level_of(framework, round(practice * size_figure(SMALL)), SMALL)
    large = level_of(framework, round(practice * size_figure(LARGE)), LARGE)
    assert small["level"] == large["level"] == 3
    assert small["normalised"] == pytest.approx(large["normalised"])
    assert small["value"] < large["value"]
    # On the same thresholds read as absolute numbers, the large county would be ranked above the small one
    # for the very same practice: the test above can fail.
    absolute = scaled_framework("absolute", [t * size_figure(SMALL) for t in thresholds])
    assert level_of(absolute, round(practice * size_figure(LARGE)), LARGE)["level"] > small["level"]


def test_a_number_whose_scale_needs_a_missing_profile_figure_has_no_level_and_says_why():
    framework = scaled_framework("per_10k_residents", (50, 200, 500, 1000))
    answers = {"P1.D1.I2": AnswerValue(number=Decimal(3000))}
    for size in (None, Size(towns=10)):
        result = score_assessment(framework, answers, size=size)
        row = next(row for row in result_rows(result) if row["code"] == "P1.D1.I2")
        assert row["level"] is None and row["normalised"] is None and row["unscored"] == Unscored.MISSING
        assert row["answered"]  # the member did answer; the profile is what is missing
        assert unscored(result) == [
            {"code": "P1.D1.I2", "title": "数值题", "pillar": "P1", "scale": "per_10k_residents", "unscored": "missing"}
        ]
    result = score_assessment(framework, answers, size=SMALL)
    assert unscored(result) == [] and result["size"]["population"] == 100_000


def test_not_applicable_numbers_are_not_normalised():
    framework = scaled_framework("share_of_villages", (0.1, 0.3, 0.6, 0.9))
    result = score_assessment(
        framework, {"P1.D1.I2": AnswerValue(not_applicable=True, na_reason="本区无行政村")}, size=Size(villages=0)
    )
    row = next(row for row in result_rows(result) if row["code"] == "P1.D1.I2")
    assert row["not_applicable"] and row["score"] is None and row["unscored"] == ""


def test_the_kind_reads_the_normalised_value():
    indicator = number_indicator("人", thresholds=(50, 200, 500, 1000), scale="per_10k_residents")
    assert answer_level(indicator, AnswerValue(number=Decimal(3000)), SMALL) == 2  # 300 per 10,000
    assert answer_level(indicator, AnswerValue(number=Decimal(3000)), LARGE) == 0  # 20 per 10,000
    assert answer_level(indicator, AnswerValue(number=Decimal(3000)), None) is None


@pytest.mark.parametrize("scale", list(Scale))
def test_demo_values_land_on_the_level_asked_for_in_counties_of_any_size(scale):
    thresholds = (0.1, 0.3, 0.6, 0.9) if scale in (Scale.SHARE_OF_TOWNS, Scale.SHARE_OF_VILLAGES) else (5, 20, 50, 100)
    indicator = number_indicator("个", thresholds=thresholds, scale=scale)
    for size in (SMALL, LARGE):
        for level in range(5):
            for fraction in (0, 0.37, 0.99):
                value = indicator.kind_spec.demo(indicator, level, fraction, size)
                assert answer_level(indicator, AnswerValue(number=value), size) == level, (size, level, fraction)
    # The same practice is a larger figure in the larger county.
    if scale != Scale.ABSOLUTE:
        assert indicator.kind_spec.demo(indicator, 2, 0.5, LARGE) > indicator.kind_spec.demo(indicator, 2, 0.5, SMALL)
    assert indicator.kind_spec.demo(indicator, 2, 0.5, Size()) is None or scale == Scale.ABSOLUTE


# --- The framework file's scale: key -------------------------------------------------------------------


def parsed(tmp_path, change) -> dict:
    document = framework_document()
    indicator = document["pillars"][0]["dimensions"][0]["indicators"][1]
    indicator["per_capita"] = False
    change(indicator)
    return framework_parse(write_framework(tmp_path / "f.yaml", document))


def test_an_absent_scale_is_not_written_and_reads_as_absolute(tmp_path):
    plain = parsed(tmp_path, lambda i: None)
    assert "scale" not in plain["pillars"][0]["dimensions"][0]["indicators"][1]
    assert Framework.of(plain).indicator("P1.D1.I2").scale == Scale.ABSOLUTE
    scaled = parsed(tmp_path, lambda i: i.update(scale="per_staff"))
    assert Framework.of(scaled).indicator("P1.D1.I2").scale == Scale.PER_STAFF
    assert document_hash(plain) != document_hash(scaled)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda i: i.update(scale="per_capita"), "应为 absolute / per_10k_residents"),
        (lambda i: i.update(scale="share_of_villages", thresholds=[1, 10, 30, 80]), "0–1 之间的比例"),
        (lambda i: i.update(scale="per_10k_residents", per_capita=True), "per_capita 只用于按绝对数评分的指标"),
    ],
)
def test_a_wrong_scale_is_refused_with_its_path(tmp_path, change, message):
    with pytest.raises(FrameworkError) as error:
        parsed(tmp_path, change)
    assert message in str(error.value) and "indicators[1]" in str(error.value)


def test_only_number_indicators_take_a_scale(tmp_path):
    document = framework_document()
    level = copy.deepcopy(document["pillars"][0]["dimensions"][0]["indicators"][0])
    document["pillars"][0]["dimensions"][0]["indicators"][0] = {**level, "scale": "per_staff"}
    with pytest.raises(FrameworkError) as error:
        framework_parse(write_framework(tmp_path / "f.yaml", document))
    assert "未知的键 'scale'" in str(error.value)


def test_more_villages_covered_than_the_county_has_is_flagged_for_checking():
    from assessment.kinds import AnswerValue
    from tests.builders import number_indicator

    villages = number_indicator("个", (0.1, 0.3, 0.6, 0.9), "share_of_villages")
    size = Size(population=200_000, towns=12, villages=180, staff=40)
    check = villages.kind_spec.check
    assert check(villages, AnswerValue(number=Decimal(180)), size) == ""
    assert check(villages, AnswerValue(number=Decimal(181)), size) == "请核实：该数字超过本中心规模资料中的行政村/社区数（180）。"
    assert check(villages, AnswerValue(number=Decimal(181)), Size(population=200_000)) == ""  # nothing to judge against
    rate = number_indicator("人", (100, 300, 800, 1500), "per_10k_residents")
    assert check(rate, AnswerValue(number=Decimal(2_000_001)), size).startswith("请核实：该数字超过本中心服务人口")
