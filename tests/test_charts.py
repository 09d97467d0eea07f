"""Line charts: axes that cover the data, one line per series, a legend that names them, text escaped."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from conftest import write
from sheet_html import parse

from genpeds.charts import SecondAxis, Series, line_chart, nice_ticks


@pytest.mark.parametrize(("low", "high", "expected"), [
    (0, 21.8, [0, 5, 10, 15, 20, 25]),
    (0, 20, [0, 5, 10, 15, 20]),
    (24, 96, [20, 40, 60, 80, 100]),
    (0, 0.7, [0, 0.2, 0.4, 0.6, 0.8]),
])
def test_ticks_are_round_and_cover_the_values(low, high, expected):
    assert nice_ticks(low, high) == expected


def points_of(svg: str, series: str) -> list[tuple[float, float]]:
    group = re.search(rf'data-series="{re.escape(series)}">\s*<path d="([^"]+)"', svg).group(1)
    return [(float(x), float(y)) for x, y in re.findall(r"[ML]([\d.]+),([\d.]+)", group)]


def test_each_series_is_one_line_through_its_points_and_higher_values_draw_higher():
    svg = line_chart([Series("low", ((24, 10), (48, 14))), Series("high", ((24, 12), (48, 16)))],
                     "Age (hours)", "TSB (mg/dL)", SecondAxis("µmol/L", 17.1), x_ticks=(0, 24, 48))
    low, high = points_of(svg, "low"), points_of(svg, "high")
    assert len(low) == len(high) == 2
    assert low[0][0] < low[1][0]  # later ages further right
    assert high[0][1] < low[0][1] and low[1][1] < low[0][1]  # SVG y grows downwards
    assert svg.count('class="legend-entry"') == 2
    assert ">Age (hours)<" in svg and ">TSB (mg/dL)<" in svg and ">µmol/L<" in svg
    assert ">342<" in svg  # 20 mg/dL on the right-hand axis


def test_series_have_their_own_dash_pattern_for_black_and_white_print():
    svg = line_chart([Series(f"s{n}", ((0, n), (1, n + 1))) for n in range(3)], "x", "y")
    dashes = re.findall(r'data-series="s\d">\s*<path d="[^"]+" fill="none" stroke="currentColor" '
                        r'stroke-width="1.8"(?: stroke-dasharray="([^"]+)")?', svg)
    assert len(dashes) == 3 and len(set(dashes)) == 3


def test_text_in_a_chart_is_escaped():
    svg = line_chart([Series('<script>"x"</script>', ((0, 1), (1, 2)))], "a < b", "c & d")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "a &lt; b" in svg and "c &amp; d" in svg


def test_dense_curves_can_leave_markers_and_legend_out_and_be_named_at_their_ends():
    lines = [Series(f"p{n}", ((0, 50 + n * 0.5), (10, 80 + n * 0.5))) for n in range(3)]
    svg = line_chart(lines, "Age", "Length (cm)", y_ticks=(40, 60, 80, 100), markers=False, end_labels=True,
                     legend=False)
    assert "<circle" not in svg and svg.count("<rect") == 1 and ' Z"' not in svg  # the frame, no marker
    assert 'class="legend-entry"' not in svg
    assert re.findall(r">(\d+)</text>", svg)[:4] == ["40", "60", "80", "100"]  # the y axis starts at 40
    labels = [(float(y), name) for y, name in re.findall(r'class="end-label" x="[\d.]+" y="([\d.]+)">(p\d)<', svg)]
    assert [name for _, name in labels] == ["p2", "p1", "p0"]  # top to bottom, as their curves end
    assert all(b - a >= 12 for (a, _), (b, _) in pairwise(labels))  # 0.5 cm apart, moved apart to be read


def test_a_series_can_share_a_dash_pattern_with_another():
    svg = line_chart([Series("a", ((0, 1), (1, 2)), dash="2 3"), Series("b", ((0, 2), (1, 3)), dash="2 3"),
                      Series("c", ((0, 3), (1, 4)), dash="")], "x", "y")
    assert re.findall(r'data-series="\w">\s*<path d="[^"]+" fill="none" stroke="currentColor" '
                      r'stroke-width="1.8"(?: stroke-dasharray="([^"]+)")?', svg) == ["2 3", "2 3", ""]


CURVES_TABLE = """\
table:
  id: alpha-curves
  title: Alpha curves
  description: Thresholds by age.
  columns:
    curve: Which curve
    hours: Age in hours
    level: Threshold (mg/dL)
    level_si: Threshold (µmol/L)
  tags: [genpeds::alpha]
  sources:
    - source: fixture-guide-2024
      locator: Table 9
  reviewed: 2026-03-01
  rows:
    - {key: a-24, curve: Low risk, hours: 24, level: "12.0", level_si: 205}
    - {key: a-48, curve: Low risk, hours: 48, level: "16.0", level_si: 274}
    - {key: b-24, curve: High risk, hours: 24, level: "10.0", level_si: 171}
    - {key: b-48, curve: High risk, hours: 48, level: "14.0", level_si: 239}
  cards: []
"""

CURVES_SHEET = """\
title: Curves
order: 3
topics: [alpha]
sections:
  - table: alpha-curves
    title: Thresholds by age
    chart:
      x: hours
      y: level
      series: curve
      second_axis: level_si
      x_ticks: [0, 24, 48]
    labels:
      hours: Age (hours)
      level: Threshold (mg/dL)
      level_si: µmol/L
"""


def test_a_chart_section_draws_the_tables_rows_as_lines(project, cli):
    write(project / "content/alpha/curves-table.yaml", CURVES_TABLE)
    write(project / "sheets/curves.yaml", CURVES_SHEET)
    cli("sheets", "curves")
    html = (project / "dist/sheets/curves.html").read_text(encoding="utf-8")
    assert re.findall(r'data-series="([^"]+)"', html) == ["Low risk", "High risk"]
    assert ">Threshold (mg/dL)<" in html and ">Age (hours)<" in html
    page = parse(project / "dist/sheets/curves.html")
    assert "Each point is a row of the data table" in page.text and "source-1" in html


def test_a_chart_value_that_is_not_a_number_is_an_error_at_its_row(project, cli):
    write(project / "content/alpha/curves-table.yaml", CURVES_TABLE.replace('level: "16.0"', "level: 16 mg/dL"))
    write(project / "sheets/curves.yaml", CURVES_SHEET)
    result = cli("check", code=1)
    assert ("content/alpha/curves-table.yaml:17: error: sheet 'curves' section 1 ('Thresholds by age'): row "
            "'a-48': 'level' is '16 mg/dL', not a number, so the chart cannot place it (write the number "
            "alone, without its unit)") in result.output
