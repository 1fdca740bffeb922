"""The server-side SVG charts: well-formed, described for screen readers, drawn to scale, labels escaped."""

import xml.etree.ElementTree as ET

import pytest

from assessment.charts import FONT_STACK, Series, bars_svg, box_plot_svg, radar_svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def test_every_chart_names_itself_and_carries_the_cjk_font():
    charts = [
        radar_svg(["一", "二", "三"], [Series("本中心", [10, 20, 30], "#000")], title="雷达", chart_id="r"),
        bars_svg([("一", 50.0)], title="条形", chart_id="b"),
        box_plot_svg([("总分", None)], title="箱线", chart_id="x"),
    ]
    for svg, chart_id, title in zip(charts, ("r", "b", "x"), ("雷达", "条形", "箱线"), strict=True):
        root = parse(svg)
        assert root.get("font-family") == FONT_STACK  # inline SVG ignores the page's stylesheet
        assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
        assert root.find(f"{SVG}title").text == title and root.find(f"{SVG}desc") is not None


def test_bars_are_drawn_to_scale_and_a_missing_value_has_no_bar():
    root = parse(bars_svg([("满分", 100.0), ("一半", 50.0), ("不适用", None)], title="t", chart_id="b", width=640))
    filled = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#198754"]
    full, half = (float(r.get("width")) for r in filled)
    assert len(filled) == 2 and half == pytest.approx(full / 2)
    assert "不适用 —" in root.find(f"{SVG}desc").text


def test_the_radar_puts_100_on_the_outer_ring_and_describes_every_value():
    root = parse(radar_svg(["甲", "乙", "丙", "丁"], [Series("本中心", [100, 100, 100, 100], "#123456")], title="t"))
    polygons = root.findall(f"{SVG}polygon")
    outer_ring, series = polygons[4], polygons[5]  # five rings (20 … 100), then one polygon per series
    assert series.get("points") == outer_ring.get("points")
    assert root.find(f"{SVG}desc").text == "本中心：甲 100.0，乙 100.0，丙 100.0，丁 100.0"


def test_a_radar_axis_without_a_figure_is_a_gap_not_a_zero():
    """典型案例前沿 has no figure for a pillar with no rated exemplar: the line skips that axis."""
    root = parse(
        radar_svg(["甲", "乙", "丙", "丁", "戊"], [Series("前沿", [80, 60, None, 70, 90], "#123456", dashed=True)], title="t")
    )
    assert len(root.findall(f"{SVG}polygon")) == 5  # the rings only: no closed shape through 0
    lines = [p.get("points").split() for p in root.findall(f"{SVG}polyline")]
    assert [len(points) for points in lines] == [4]  # 丁 → 戊 → 甲 → 乙, around the circle
    assert len(root.findall(f"{SVG}circle")) == 4
    assert "丙 —" in root.find(f"{SVG}desc").text


def test_labels_are_escaped():
    svg = bars_svg([('<script>alert("x")</script>', 10.0)], title="<b>标题</b>", chart_id="b")
    assert "<script>" not in svg and "<b>" not in svg
    assert parse(svg).find(f"{SVG}title").text == "<b>标题</b>"
