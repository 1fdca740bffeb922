"""Charts as SVG made on the server, so the page and the PDF show the same picture.

Each chart carries a <title> and <desc> for screen readers; the pages also show the figures in a table,
so colour and shape are never the only carriers of meaning.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape

FONT_STACK = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]  # one per axis, 0–100; None (no figure) leaves a gap at that axis
    colour: str
    dashed: bool = False


def radar_svg(axes: list[str], series: list[Series], *, title: str, chart_id: str = "radar", size: int = 360) -> str:
    """A radar (spider) chart of 0–100 values on ``axes``, one polygon per series, with a legend."""
    n = len(axes)
    centre = size / 2
    radius = size * 0.32
    legend_height = 22 * len(series)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(100.0, value)) / 100
        return centre + r * math.cos(angle), centre + r * math.sin(angle)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size * 0.93 + legend_height:.0f}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart radar" '
        f'font-family="{escape(FONT_STACK)}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">'
        + escape(
            "；".join(f"{s.label}：" + "，".join(f"{a} {_fmt(v)}" for a, v in zip(axes, s.values, strict=True)) for s in series)
        )
        + "</desc>",
    ]
    for ring in (20, 40, 60, 80, 100):
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="#d0d4da" stroke-width="1"/>')
    for i, axis in enumerate(axes):
        x, y = point(i, 100)
        parts.append(f'<line x1="{centre:.1f}" y1="{centre:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d0d4da"/>')
        lx, ly = point(i, 118)
        anchor = "middle" if abs(lx - centre) < 1 else ("start" if lx > centre else "end")
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" font-size="12" fill="#333">{escape(axis)}</text>'
        )
    for s in series:
        dash = ' stroke-dasharray="5 4"' if s.dashed else ""
        if all(v is not None for v in s.values):
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(s.values)))
            fill = "none" if s.dashed else s.colour
            parts.append(
                f'<polygon points="{pts}" fill="{fill}" fill-opacity="0.18" stroke="{s.colour}" stroke-width="2"{dash}/>'
            )
            continue
        # An axis without a figure is a gap, not a 0: the line joins only neighbouring axes that have one,
        # and each figure is marked.
        for run in _runs([v is not None for v in s.values]):
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, s.values[i]) for i in run))
            parts.append(f'<polyline points="{pts}" fill="none" stroke="{s.colour}" stroke-width="2"{dash}/>')
        for i, v in enumerate(s.values):
            if v is not None:
                x, y = point(i, v)
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{s.colour}"/>')
    for k, s in enumerate(series):
        y = size * 0.93 + 12 + 22 * k
        dash = ' stroke-dasharray="5 4"' if s.dashed else ""
        parts.append(
            f'<line x1="{size * 0.3:.1f}" y1="{y:.1f}" x2="{size * 0.3 + 24:.1f}" y2="{y:.1f}" '
            f'stroke="{s.colour}" stroke-width="3"{dash}/>'
        )
        parts.append(f'<text x="{size * 0.3 + 30:.1f}" y="{y + 4:.1f}" font-size="12" fill="#333">{escape(s.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _runs(present: list[bool]) -> list[list[int]]:
    """The runs of neighbouring axes (around the circle) that have a figure, for a radar with gaps; each
    run of two or more, as axis indices in drawing order."""
    n = len(present)
    start = present.index(False)  # the caller draws a full polygon when nothing is missing
    runs, run = [], []
    for step in range(1, n + 1):
        i = (start + step) % n
        if present[i]:
            run.append(i)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return [r for r in runs if len(r) > 1]


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def bars_svg(
    rows: list[tuple[str, float | None]],
    *,
    title: str,
    chart_id: str,
    width: int = 640,
    max_value: float = 100,
    integers: bool = False,
) -> str:
    """Horizontal bars, one per ``(label, value)``, scaled to ``max_value`` (scores 0–100 by default; counts
    with ``integers``); a None value (not applicable) has no bar."""
    row_height, label_width, value_width = 26, 230, 48
    bar_width = width - label_width - value_width
    height = row_height * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart bars" font-family="{escape(FONT_STACK)}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">'
        + escape("；".join(f"{label} {score if integers else _fmt(score)}" for label, score in rows))
        + "</desc>",
    ]
    for n, (label, score) in enumerate(rows):
        y = 4 + n * row_height
        parts.append(f'<text x="0" y="{y + 17}" font-size="13" fill="#333">{escape(_clip(label, 16))}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 5}" width="{bar_width}" height="14" rx="3" fill="#e9ecef"/>')
        if score is not None and max_value:
            share = max(0.0, min(float(max_value), score)) / max_value
            parts.append(
                f'<rect x="{label_width}" y="{y + 5}" width="{bar_width * share:.1f}" height="14" rx="3" fill="#198754"/>'
            )
        shown = str(int(score)) if integers and score is not None else _fmt(score)
        parts.append(f'<text x="{width}" y="{y + 17}" font-size="13" text-anchor="end" fill="#333">{shown}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def box_plot_svg(rows: list[tuple[str, dict | None]], *, title: str, chart_id: str, width: int = 640) -> str:
    """Horizontal box plots on a 0–100 axis, one per ``(label, stats)`` (stats from cohort.box_stats;
    None draws nothing, for a group too small to show)."""
    row_height, label_width, right = 30, 150, 10
    axis_width = width - label_width - right
    height = row_height * len(rows) + 30

    def x(value: float) -> float:
        return label_width + axis_width * max(0.0, min(100.0, value)) / 100

    desc = "；".join(
        f"{label} 中位数 {s['median']:.1f}，四分位 {s['q1']:.1f}–{s['q3']:.1f}，范围 {s['min']:.1f}–{s['max']:.1f}"
        if s
        else f"{label} —"
        for label, s in rows
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart boxes" font-family="{escape(FONT_STACK)}">',
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for tick in range(0, 101, 20):
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="4" x2="{x(tick):.1f}" y2="{height - 22}" stroke="#e3e6ea"/>'
            f'<text x="{x(tick):.1f}" y="{height - 6}" font-size="11" text-anchor="middle" fill="#555">{tick}</text>'
        )
    for n, (label, s) in enumerate(rows):
        y = 6 + n * row_height
        mid = y + 11
        parts.append(f'<text x="0" y="{mid + 4}" font-size="12" fill="#333">{escape(_clip(label, 11))}</text>')
        if s is None:
            continue
        parts.append(
            f'<line x1="{x(s["min"]):.1f}" y1="{mid}" x2="{x(s["max"]):.1f}" y2="{mid}" stroke="#6c757d"/>'
            f'<rect x="{x(s["q1"]):.1f}" y="{y + 2}" width="{max(1.0, x(s["q3"]) - x(s["q1"])):.1f}" height="18" '
            f'fill="#cfe2ff" stroke="#0d6efd"/>'
            f'<line x1="{x(s["median"]):.1f}" y1="{y + 2}" x2="{x(s["median"]):.1f}" y2="{y + 20}" stroke="#0a3d91" '
            f'stroke-width="2.5"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def heatmap_svg(
    row_labels: list[str], col_labels: list[str], values: list[list[float | None]], *, title: str, chart_id: str, width: int = 640
) -> str:
    """A heatmap of 0–100 means: rows (provinces or prefectures) by columns (pillars). None cells (groups
    too small to show) are left blank and marked "—"; every cell carries its number, so colour is never the
    only carrier of the value."""
    label_width, cell_height, header = 110, 22, 26
    cell_width = (width - label_width) / max(1, len(col_labels))
    height = header + cell_height * len(row_labels) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" role="img" '
        f'aria-labelledby="{chart_id}-title" class="chart heatmap" font-family="{escape(FONT_STACK)}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for c, label in enumerate(col_labels):
        parts.append(
            f'<text x="{label_width + (c + 0.5) * cell_width:.1f}" y="16" font-size="11" text-anchor="middle" '
            f'fill="#333">{escape(_clip(label, 7))}</text>'
        )
    for r, label in enumerate(row_labels):
        y = header + r * cell_height
        parts.append(f'<text x="0" y="{y + 15}" font-size="11" fill="#333">{escape(_clip(label, 9))}</text>')
        for c, value in enumerate(values[r]):
            xpos = label_width + c * cell_width
            colour = "#f1f3f5" if value is None else _blue(value)
            ink = "#fff" if value is not None and value >= 60 else "#222"
            text = "—" if value is None else f"{value:.0f}"
            parts.append(
                f'<rect x="{xpos:.1f}" y="{y}" width="{cell_width - 2:.1f}" height="{cell_height - 2}" '
                f'fill="{colour}"/><text x="{xpos + cell_width / 2 - 1:.1f}" y="{y + 14}" font-size="11" '
                f'text-anchor="middle" fill="{ink}">{text}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _blue(value: float) -> str:
    """White (0) to deep blue (100)."""
    t = max(0.0, min(100.0, value)) / 100
    r, g, b = (int(255 + (end - 255) * t) for end in (10, 61, 145))
    return f"#{r:02x}{g:02x}{b:02x}"
