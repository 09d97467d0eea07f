"""Line charts as inline SVG, drawn from numbers only: threshold curves by age, growth curves.

A chart is a pure function of its series, so the same table row that makes a card draws its point.
It needs no script and no font of its own (a sheet stays one self-contained file that works
offline), and it survives black-and-white print: every series has its own dash pattern and point
shape, shown beside its name in the legend under the plot.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, PLOT_HEIGHT = 640, 240
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, AXIS_SPACE = 56, 56, 26, 44
LEGEND_LINE = 18  # height of one line of legend entries
LEGEND_SWATCH, LEGEND_GAP, CHAR_WIDTH = 44, 18, 6.6  # a sample of the line, the space after an entry, a letter
END_LABEL_SPACE, END_LABEL_GAP = 34, 12  # room right of the plot for end labels; their least vertical distance
DASHES = ("", "7 4", "2 3", "10 3 2 3", "4 4", "1 5")
# Filled and open shapes alternate, so that six series (a gestational age each) keep six different points.
MARKERS = ("circle", "square", "triangle", "diamond", "open-circle", "filled-square")


@dataclass(frozen=True)
class Series:
    """One curve: its name and its points (x, y), in any order; `dash` overrides the dash pattern its
    position would give it ("" for a solid line), so that curves of a pair can share one."""

    name: str
    points: tuple[tuple[float, float], ...]
    dash: str | None = None


@dataclass(frozen=True)
class SecondAxis:
    """A right-hand axis in another unit: each left-hand tick times `factor`, e.g. mg/dL → µmol/L."""

    label: str
    factor: float


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high, about `count` of them (steps of 1, 2, 2.5 or 5 × 10ⁿ)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = [math.floor(low / step) * step]
    while ticks[-1] < high:  # the last tick is at or above the highest value
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _number(value: float) -> str:
    return f"{value:g}"


def line_chart(series: Sequence[Series], x_label: str, y_label: str, second: SecondAxis | None = None,
               x_ticks: Sequence[float] = (), title: str = "", y_ticks: Sequence[float] = (), *,
               markers: bool = True, end_labels: bool = False, legend: bool = True) -> str:
    """The SVG markup of a line chart; every text in it is escaped.

    Without `y_ticks` the y axis starts at 0; with them it spans them (and any value beyond them), so
    close curves can be drawn apart. By default every point carries its series' marker, with a legend
    under the plot. Dense curves (a growth chart) leave the markers out and name each curve at its
    right end instead of in a legend."""
    xs = [x for line in series for x, _ in line.points]
    ys = [y for line in series for _, y in line.points]
    x_ticks = list(x_ticks) or nice_ticks(min(xs), max(xs))
    y_ticks = list(y_ticks) or nice_ticks(0, max(ys))
    x_low, x_high = min(x_ticks[0], min(xs)), max(x_ticks[-1], max(xs))
    y_low, y_high = min(y_ticks[0], min(ys)), max(y_ticks[-1], max(ys))
    right = WIDTH - MARGIN_RIGHT - (END_LABEL_SPACE if end_labels else 0)
    plot_w = right - MARGIN_LEFT
    columns = _legend_columns([line.name for line in series], plot_w)
    rows = math.ceil(len(series) / columns) if legend else 0
    height = MARGIN_TOP + PLOT_HEIGHT + AXIS_SPACE + LEGEND_LINE * rows + 6

    def px(x: float) -> float:
        return MARGIN_LEFT + (x - x_low) / (x_high - x_low) * plot_w

    def py(y: float) -> float:
        return MARGIN_TOP + PLOT_HEIGHT - (y - y_low) / (y_high - y_low) * PLOT_HEIGHT

    parts = [f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{html.escape(title or y_label)}" xmlns="http://www.w3.org/2000/svg">']
    parts += _axes(x_ticks, y_ticks, px, py, right, x_label, y_label, second)
    column_width = plot_w / columns
    for index, line in enumerate(series):
        parts += _line(line, index, px, py, markers)
        if legend:
            row, column = divmod(index, columns)
            parts += _legend_entry(line, index, MARGIN_LEFT + column * column_width,
                                   MARGIN_TOP + PLOT_HEIGHT + AXIS_SPACE + LEGEND_LINE * row + 12, markers)
    if end_labels:
        parts += _end_labels(series, px, py)
    parts.append("</svg>")
    return "\n".join(parts)


def _legend_columns(names: Sequence[str], width: float) -> int:
    """How many legend entries fit side by side under the plot, each as wide as the longest (at least one)."""
    widest = LEGEND_SWATCH + CHAR_WIDTH * max((len(name) for name in names), default=0) + LEGEND_GAP
    return max(1, min(len(names), int(width // widest)))


def _end_labels(series: Sequence[Series], px, py) -> list[str]:
    """Each series' name just right of its last point, moved apart vertically where they would overlap."""
    ends = sorted((py(y), px(x), line.name) for line in series for x, y in (max(line.points),))
    placed: list[float] = []
    for y, _, _ in ends:
        placed.append(max(y, placed[-1] + END_LABEL_GAP) if placed else y)
    overflow = placed[-1] - (MARGIN_TOP + PLOT_HEIGHT + 4) if placed else 0
    if overflow > 0:  # pushed below the plot: slide the whole column up
        placed = [y - overflow for y in placed]
    return ['<g class="end-labels" font-size="12" fill="currentColor">',
            *(f'<text class="end-label" x="{x + 4:.1f}" y="{y + 4:.1f}">{html.escape(name)}</text>'
              for (_, x, name), y in zip(ends, placed, strict=True)),
            "</g>"]


def _axes(x_ticks, y_ticks, px, py, right: float, x_label: str, y_label: str,
          second: SecondAxis | None) -> list[str]:
    left = MARGIN_LEFT
    second_x = WIDTH - MARGIN_RIGHT + 6  # right of the end labels, when there are any
    top, bottom = MARGIN_TOP, MARGIN_TOP + PLOT_HEIGHT
    parts = ['<g class="axes" font-size="12" fill="currentColor">']
    for y in y_ticks:
        parts.append(f'<line class="grid" x1="{left}" x2="{right}" y1="{py(y):.1f}" y2="{py(y):.1f}" '
                     'stroke="#ccc" stroke-width="0.6"/>')
        parts.append(f'<text x="{left - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{_number(y)}</text>')
        if second:
            parts.append(f'<text x="{second_x}" y="{py(y) + 4:.1f}" text-anchor="start">'
                         f'{_number(round(y * second.factor))}</text>')
    for x in x_ticks:
        parts.append(f'<line x1="{px(x):.1f}" x2="{px(x):.1f}" y1="{bottom}" y2="{bottom + 4}" stroke="currentColor"/>')
        parts.append(f'<text x="{px(x):.1f}" y="{bottom + 17}" text-anchor="middle">{_number(x)}</text>')
    parts.append(f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" fill="none" '
                 'stroke="currentColor" stroke-width="0.8"/>')
    parts.append(f'<text class="axis-label" x="{(left + right) / 2:.1f}" y="{bottom + 36}" '
                 f'text-anchor="middle">{html.escape(x_label)}</text>')
    parts.append(f'<text class="axis-label" x="12" y="{(top + bottom) / 2:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 12 {(top + bottom) / 2:.1f})">{html.escape(y_label)}</text>')
    if second:
        parts.append(f'<text class="axis-label" x="{second_x}" y="{top - 10}" text-anchor="start">'
                     f'{html.escape(second.label)}</text>')
    parts.append("</g>")
    return parts


def _dash(line: Series, index: int) -> str:
    return DASHES[index % len(DASHES)] if line.dash is None else line.dash


def _line(line: Series, index: int, px, py, markers: bool = True) -> list[str]:
    points = sorted(line.points)
    dash = _dash(line, index)
    path = " ".join(f"{'M' if n == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for n, (x, y) in enumerate(points))
    parts = [f'<g class="series" data-series="{html.escape(line.name)}">',
             f'<path d="{path}" fill="none" stroke="currentColor" stroke-width="1.8"'
             + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"]
    marker = MARKERS[index % len(MARKERS)]
    for x, y in points if markers else ():
        parts.append(_marker(marker, px(x), py(y)))
    parts.append("</g>")
    return parts


def _legend_entry(line: Series, index: int, x: float, y: float, markers: bool = True) -> list[str]:
    """A short stretch of the series' line and its point, then its name, starting at `x`."""
    dash = _dash(line, index)
    return ['<g class="legend-entry" font-size="12" fill="currentColor">',
            f'<line x1="{x:.1f}" x2="{x + 36:.1f}" y1="{y - 4}" y2="{y - 4}" stroke="currentColor" stroke-width="1.8"'
            + (f' stroke-dasharray="{dash}"' if dash else "") + "/>",
            *([_marker(MARKERS[index % len(MARKERS)], x + 18, y - 4)] if markers else []),
            f'<text x="{x + LEGEND_SWATCH:.1f}" y="{y}">{html.escape(line.name)}</text>', "</g>"]


def _marker(shape: str, x: float, y: float) -> str:
    """A point drawn so that series stay apart in black and white: a shape, filled or open."""
    paint = ('fill="white" stroke="currentColor"' if shape in ("square", "diamond", "open-circle")
             else 'fill="currentColor"')
    if shape in ("circle", "open-circle"):
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" {paint}/>'
    if shape in ("square", "filled-square"):
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" {paint}/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f},{y - 3.5:.1f} L{x + 3.5:.1f},{y + 3:.1f} L{x - 3.5:.1f},{y + 3:.1f} Z" {paint}/>'
    return f'<path d="M{x:.1f},{y - 4:.1f} L{x + 4:.1f},{y:.1f} L{x:.1f},{y + 4:.1f} L{x - 4:.1f},{y:.1f} Z" {paint}/>'
