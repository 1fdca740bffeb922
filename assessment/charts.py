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
    values: list[float | None]  # one per axis, 0–100; None is drawn at 0
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
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v or 0) for i, v in enumerate(s.values)))
        dash = ' stroke-dasharray="5 4"' if s.dashed else ""
        fill = "none" if s.dashed else s.colour
        parts.append(f'<polygon points="{pts}" fill="{fill}" fill-opacity="0.18" stroke="{s.colour}" stroke-width="2"{dash}/>')
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


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def bars_svg(rows: list[tuple[str, float | None]], *, title: str, chart_id: str, width: int = 640) -> str:
    """Horizontal bars of 0–100 scores, one per ``(label, score)``; a None score (not applicable) has no bar."""
    row_height, label_width, value_width = 26, 230, 48
    bar_width = width - label_width - value_width
    height = row_height * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart bars" font-family="{escape(FONT_STACK)}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">' + escape("；".join(f"{label} {_fmt(score)}" for label, score in rows)) + "</desc>",
    ]
    for n, (label, score) in enumerate(rows):
        y = 4 + n * row_height
        parts.append(f'<text x="0" y="{y + 17}" font-size="13" fill="#333">{escape(_clip(label, 16))}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 5}" width="{bar_width}" height="14" rx="3" fill="#e9ecef"/>')
        if score is not None:
            parts.append(
                f'<rect x="{label_width}" y="{y + 5}" width="{bar_width * max(0.0, min(100.0, score)) / 100:.1f}" '
                f'height="14" rx="3" fill="#198754"/>'
            )
        parts.append(f'<text x="{width}" y="{y + 17}" font-size="13" text-anchor="end" fill="#333">{_fmt(score)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
