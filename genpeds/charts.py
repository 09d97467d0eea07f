"""Charts as inline SVG, drawn from table rows only: line charts (threshold curves by age, growth
curves) and schedule grids (the vaccine schedule's bars across age columns).

A chart is a pure function of its data, so the same table row that makes a card draws its point or
its bar. It needs no script and no font of its own (a sheet stays one self-contained file that works
offline), and it survives black-and-white print: every series has its own dash pattern and point
shape, every kind of bar its own pattern over its colour, each shown in a legend.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, PLOT_HEIGHT = 640, 240
# A chart printed half the text's width, beside another: 92 mm on A4, so its 12-unit text prints at 8.2 pt.
PAIR_WIDTH, PAIR_PLOT_HEIGHT = 380, 150
LEGEND_INSET = 8  # a legend that runs under the axes' labels keeps this far from the chart's edges
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
    markers: bool | None = None  # overrides the chart's choice: a child's measurements among bare curves
    emphasis: bool = False  # drawn heavy with filled squares and not named at its end (a child's line)


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
               markers: bool = True, end_labels: bool = False, legend: bool = True,
               plot_height: float = PLOT_HEIGHT, width: float = WIDTH, panel: bool = False) -> str:
    """The SVG markup of a line chart; every text in it is escaped.

    Without `y_ticks` the y axis starts at 0; with them it spans them (and any value beyond them), so
    close curves can be drawn apart. By default every point carries its series' marker, with a legend
    under the plot. Dense curves (a growth chart) leave the markers out and name each curve at its
    right end instead of in a legend. With `panel` the chart brings its own white background, dark ink
    and font: shown as an image on a card, it cannot follow the page's colours or night mode."""
    xs = [x for line in series for x, _ in line.points]
    ys = [y for line in series for _, y in line.points]
    x_ticks = list(x_ticks) or nice_ticks(min(xs), max(xs))
    y_ticks = list(y_ticks) or nice_ticks(0, max(ys))
    x_low, x_high = min(x_ticks[0], min(xs)), max(x_ticks[-1], max(xs))
    y_low, y_high = min(y_ticks[0], min(ys)), max(y_ticks[-1], max(ys))
    right = width - MARGIN_RIGHT - (END_LABEL_SPACE if end_labels else 0)
    plot_w = right - MARGIN_LEFT
    # The legend lines up under the plot; where that would stack its entries one under another (a narrow
    # chart) and the chart's whole width fits two or more on a line, it runs the whole width.
    names = [line.name for line in series]
    legend_left, legend_w = MARGIN_LEFT, plot_w
    if _legend_columns(names, plot_w) == 1 and _legend_columns(names, width - 2 * LEGEND_INSET) > 1:
        legend_left, legend_w = LEGEND_INSET, width - 2 * LEGEND_INSET
    columns = _legend_columns(names, legend_w)
    rows = math.ceil(len(series) / columns) if legend else 0
    height = MARGIN_TOP + plot_height + AXIS_SPACE + LEGEND_LINE * rows + 6

    def px(x: float) -> float:
        return MARGIN_LEFT + (x - x_low) / (x_high - x_low) * plot_w

    def py(y: float) -> float:
        return MARGIN_TOP + plot_height - (y - y_low) / (y_high - y_low) * plot_height

    parts = [f'<svg class="chart-svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{html.escape(title or y_label)}" xmlns="http://www.w3.org/2000/svg"'
             + (f' width="{width}" height="{height}" color="#111" font-family="Arial, Helvetica, sans-serif">'
                f'<rect width="{width}" height="{height}" rx="6" fill="#fff"/>' if panel else ">")]
    parts += _axes(x_ticks, y_ticks, px, py, right, x_label, y_label, second, MARGIN_TOP + plot_height,
                   width - MARGIN_RIGHT + 6)
    column_width = legend_w / columns
    for index, line in enumerate(series):
        parts += _line(line, index, px, py, markers if line.markers is None else line.markers)
        if legend:
            row, column = divmod(index, columns)
            parts += _legend_entry(line, index, legend_left + column * column_width,
                                   MARGIN_TOP + plot_height + AXIS_SPACE + LEGEND_LINE * row + 12, markers)
    if end_labels:
        parts += _end_labels(series, px, py, MARGIN_TOP + plot_height)
    parts.append("</svg>")
    return "\n".join(parts)


def _legend_columns(names: Sequence[str], width: float) -> int:
    """How many legend entries fit side by side under the plot, each as wide as the longest (at least one)."""
    widest = LEGEND_SWATCH + CHAR_WIDTH * max((len(name) for name in names), default=0) + LEGEND_GAP
    return max(1, min(len(names), int(width // widest)))


def _end_labels(series: Sequence[Series], px, py, bottom: float) -> list[str]:
    """Each series' name just right of its last point, moved apart vertically where they would overlap."""
    ends = sorted((py(y), px(x), line.name) for line in series if not line.emphasis for x, y in (max(line.points),))
    placed: list[float] = []
    for y, _, _ in ends:
        placed.append(max(y, placed[-1] + END_LABEL_GAP) if placed else y)
    overflow = placed[-1] - (bottom + 4) if placed else 0
    if overflow > 0:  # pushed below the plot: slide the whole column up
        placed = [y - overflow for y in placed]
    return ['<g class="end-labels" font-size="12" fill="currentColor">',
            *(f'<text class="end-label" x="{x + 4:.1f}" y="{y + 4:.1f}">{html.escape(name)}</text>'
              for (_, x, name), y in zip(ends, placed, strict=True)),
            "</g>"]


def _axes(x_ticks, y_ticks, px, py, right: float, x_label: str, y_label: str,
          second: SecondAxis | None, bottom: float, second_x: float) -> list[str]:
    """`second_x`: where the second axis's numbers start, right of the end labels when there are any."""
    left = MARGIN_LEFT
    top = MARGIN_TOP
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
             f'<path d="{path}" fill="none" stroke="currentColor" stroke-width="{3.2 if line.emphasis else 1.8}"'
             + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"]
    marker = "filled-square" if line.emphasis else MARKERS[index % len(MARKERS)]
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


# --- Schedule grids: bars across a row of age columns (the vaccine schedule) ---------------------------

GRID_WIDTH = 780  # printed 186–192 mm wide (A4, Letter): 12 units is then 8.1 pt or more
GRID_FONT = 12
NAME_WIDTH = 190  # the column of line headings
LANE = 16  # height of one lane of bars
TEXT_LINE = 13  # height of one line of wrapped text
CHAR = 0.58  # an average character, as a share of the font size, kept generous so estimated text fits
INK = "#222"


@dataclass(frozen=True)
class BarStyle:
    """How one kind of bar is drawn: a fill, and a pattern over it so kinds stay apart in black and white."""

    fill: str
    pattern: str  # SVG drawn in ink on an 8 × 8 tile; "" for a plain fill


# The kinds of a grid take these in order: first the familiar yellow of the ages recommended for all
# children, then green, purple and blue, the colours of the CDC and AAP grids, each with a pattern.
BAR_STYLES = (
    BarStyle("#f6d96b", ""),
    BarStyle("#a5d6a0", '<path d="M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2" stroke-width="1.3"/>'),  # hatched
    BarStyle("#cdb8e6", '<circle cx="2" cy="2" r="1.15"/><circle cx="6" cy="6" r="1.15"/>'),  # dotted
    BarStyle("#a3c9ee", '<path d="M0,2 h8 M0,6 h8" stroke-width="1.2"/>'),  # striped
)


@dataclass(frozen=True)
class Bar:
    """One bar of a schedule grid: the columns it covers (first..last, counted from 0), its kind (an
    index into the grid's kinds), the text printed in it and the text shown when pointing at it."""

    first: int
    last: int
    kind: int = 0
    label: str = ""
    title: str = ""


@dataclass(frozen=True)
class ScheduleLine:
    """One line of a schedule grid: its heading and its bars, which may overlap (they then stack)."""

    heading: str
    bars: tuple[Bar, ...]


def lanes(bars: Sequence[Bar]) -> list[list[Bar]]:
    """The bars stacked so that none overlaps another in its lane: each, in order of its first column
    (then as given), in the first lane free from that column on."""
    stacked: list[list[Bar]] = []
    for bar in sorted(bars, key=lambda bar: bar.first):
        lane = next((lane for lane in stacked if lane[-1].last < bar.first), None)
        if lane is None:
            stacked.append([bar])
        else:
            lane.append(bar)
    return stacked


def text_fits(text: str, width: float) -> bool:
    return len(text) * CHAR * GRID_FONT <= width


def wrap(text: str, width: float) -> list[str]:
    """The text in lines no wider than `width`, broken at spaces and, inside a word too wide, after a dash."""
    lines: list[str] = []
    for piece in (piece for word in text.split() for piece in _dash_pieces(word, width)):
        glue = "" if lines and lines[-1].endswith("–") else " "
        if lines and text_fits(lines[-1] + glue + piece, width):
            lines[-1] += glue + piece
        else:
            lines.append(piece)
    return lines or [""]


def _dash_pieces(word: str, width: float) -> list[str]:
    if text_fits(word, width) or "–" not in word[:-1]:
        return [word]
    head, _, tail = word.partition("–")
    return [f"{head}–", *_dash_pieces(tail, width)]


def schedule_grid(columns: Sequence[str], lines: Sequence[ScheduleLine], kinds: Sequence[tuple[str, str]],
                  title: str = "", key: str = "grid") -> str:
    """The SVG markup of a schedule grid: a column per age, a line per heading, each bar filled and
    patterned by its kind, its text printed where it fits (pointing at a bar shows it all).

    `kinds` are (name, meaning) pairs, drawn with `BAR_STYLES` in order; `key` keeps the pattern ids
    apart from another grid's on the page. Every text in it is escaped.
    """
    column_width = (GRID_WIDTH - NAME_WIDTH) / len(columns)
    headings = [wrap(heading, column_width - 3) for heading in columns]
    top = TEXT_LINE * max(len(heading) for heading in headings) + 6
    parts = [f"<defs>{''.join(_pattern(f'{key}-bar-{index}', index) for index in range(len(kinds)))}</defs>",
             f'<g class="axis" font-size="{GRID_FONT}" text-anchor="middle">']
    for index, heading in enumerate(headings):
        x = NAME_WIDTH + (index + 0.5) * column_width
        parts.append(_text_lines(heading, x, top - 5 - TEXT_LINE * (len(heading) - 1)))
    parts.append("</g>")
    for number, line in enumerate(lines):
        stacked = lanes(line.bars)
        name = wrap(line.heading, NAME_WIDTH - 8)
        height = max(LANE * len(stacked), TEXT_LINE * len(name)) + 5
        parts += _grid_line(line.heading, name, stacked, top, height, column_width, len(columns), number, key,
                            kinds)
        top += height
    parts.append(f'<line x1="0" x2="{GRID_WIDTH}" y1="{top:.1f}" y2="{top:.1f}" stroke="{INK}"/>')
    return "\n".join([f'<svg class="schedule-svg" viewBox="0 0 {GRID_WIDTH} {top + 1:.0f}" role="img" '
                      f'aria-label="{html.escape(title)}" xmlns="http://www.w3.org/2000/svg">', *parts, "</svg>"])


def schedule_legend(kinds: Sequence[tuple[str, str]], used: Sequence[int], key: str = "grid") -> str:
    """The legend of a schedule grid as an HTML list, one entry per kind its bars use: a swatch drawn
    like the bars, then what the kind means. Outside the grid's SVG it wraps on a narrow screen."""
    entries = []
    for index in sorted(set(used)):
        name, meaning = kinds[index]
        pattern = f"{key}-legend-{index}"
        entries.append(f'<li data-kind="{html.escape(name)}"><svg class="swatch" viewBox="0 0 30 12" '
                       f'aria-hidden="true"><defs>{_pattern(pattern, index)}</defs><rect x="0.5" y="0.5" width="29" '
                       f'height="11" rx="2" fill="url(#{pattern})" stroke="{INK}"/></svg> {html.escape(meaning)}</li>')
    return f'<ul class="schedule-legend">{"".join(entries)}</ul>'


def _pattern(pattern_id: str, index: int) -> str:
    """A kind's fill: its colour with its pattern tiled over it in ink."""
    style = BAR_STYLES[index]
    return (f'<pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{style.fill}"/><g stroke="{INK}" fill="{INK}">{style.pattern}</g>'
            "</pattern>")


def _grid_line(heading: str, name: list[str], stacked: list[list[Bar]], top: float, height: float,
               column_width: float, column_count: int, number: int, key: str,
               kinds: Sequence[tuple[str, str]]) -> list[str]:
    parts = [f'<g class="line" data-line="{html.escape(heading)}">']
    if number % 2:  # every other line shaded, so the eye follows a line across
        parts.append(f'<rect x="0" y="{top:.1f}" width="{GRID_WIDTH}" height="{height}" fill="#eef1f4"/>')
    parts.append(f'<line x1="0" x2="{GRID_WIDTH}" y1="{top:.1f}" y2="{top:.1f}" stroke="#9aa3ad" stroke-width="0.6"/>')
    for index in range(1, column_count):
        x = NAME_WIDTH + index * column_width
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top:.1f}" y2="{top + height:.1f}" stroke="#d0d6dc" '
                     'stroke-width="0.6"/>')
    middle = top + height / 2
    parts.append(f'<g font-size="{GRID_FONT}">'
                 + _text_lines(name, 3, middle - TEXT_LINE * (len(name) - 1) / 2 + 4) + "</g>")
    lane_top = middle - LANE * len(stacked) / 2
    for lane_number, lane in enumerate(stacked):
        parts += [_bar(bar, lane_top + lane_number * LANE, column_width, key, kinds) for bar in lane]
    parts.append("</g>")
    return parts


def _bar(bar: Bar, top: float, column_width: float, key: str, kinds: Sequence[tuple[str, str]]) -> str:
    x = NAME_WIDTH + bar.first * column_width + 1.5
    width = (bar.last - bar.first + 1) * column_width - 3
    name, meaning = kinds[bar.kind]
    tip = "; ".join(text for text in (bar.label, meaning, bar.title) if text)
    parts = [f'<g class="bar" data-kind="{html.escape(name)}"><title>{html.escape(tip)}</title>',
             f'<rect x="{x:.1f}" y="{top + 1:.1f}" width="{width:.1f}" height="{LANE - 2}" rx="2" '
             f'fill="url(#{key}-bar-{bar.kind})" stroke="{INK}"/>']
    if bar.label and text_fits(bar.label, width - 4):
        # a white halo keeps the text legible over a pattern
        parts.append(f'<text x="{x + width / 2:.1f}" y="{top + LANE - 4:.1f}" font-size="{GRID_FONT}" '
                     'text-anchor="middle" paint-order="stroke" stroke="#fff" stroke-width="3" '
                     f'stroke-linejoin="round">{html.escape(bar.label)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _text_lines(lines: list[str], x: float, first_y: float) -> str:
    return "".join(f'<text x="{x:.1f}" y="{first_y + TEXT_LINE * index:.1f}">{html.escape(text)}</text>'
                   for index, text in enumerate(lines))
