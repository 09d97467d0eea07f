"""Line charts: axes that cover the data, one line per series, a legend that names them, text escaped."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from conftest import line_of, write
from sheet_html import parse

from genpeds.charts import (
    BAR_STYLES,
    Bar,
    ScheduleLine,
    SecondAxis,
    Series,
    lanes,
    line_chart,
    nice_ticks,
    schedule_grid,
    schedule_legend,
    wrap,
)


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


def test_y_ticks_span_the_axis_so_close_curves_draw_apart():
    lines = [Series("low", ((12, 8.5), (96, 18.6))), Series("high", ((12, 11.1), (96, 21.8)))]
    from_zero = line_chart(lines, "x", "y")
    spanned = line_chart(lines, "x", "y", y_ticks=(6, 10, 14, 18, 22))
    y_labels = [re.findall(r'text-anchor="end">([^<]+)<', svg) for svg in (from_zero, spanned)]
    assert y_labels == [["0", "5", "10", "15", "20", "25"], ["6", "10", "14", "18", "22"]]
    gap = [points_of(svg, "high")[0][1] - points_of(svg, "low")[0][1] for svg in (from_zero, spanned)]
    assert abs(gap[1]) > 1.5 * abs(gap[0])  # the same 2.6 mg/dL, drawn further apart


def test_six_series_keep_six_different_points_and_lines():
    svg = line_chart([Series(f"{weeks} weeks", ((0, weeks), (1, weeks + 1))) for weeks in range(35, 41)], "x", "y")
    looks = re.findall(r'<g class="series" data-series="[^"]+">\s*<path d="[^"]+" fill="none" stroke="currentColor" '
                       r'stroke-width="1.8"(?: stroke-dasharray="([^"]+)")?/>\s*(<\w+)[^>]*?(fill="[^"]+")', svg)
    assert len(looks) == 6 and len(set(looks)) == 6
    assert len({(shape, fill) for _, shape, fill in looks}) == 6  # the points alone tell the six apart


def test_short_legend_names_sit_side_by_side_under_the_plot():
    names = [f"{weeks} weeks" for weeks in range(35, 41)]
    svg = line_chart([Series(name, ((0, 1), (1, 2))) for name in names], "x", "y")
    starts = re.findall(r'<g class="legend-entry"[^>]*>\s*<line x1="([\d.]+)"', svg)
    assert len(starts) == 6 and len(set(starts)) == 4  # four columns, two lines
    long_names = line_chart([Series(name * 6, ((0, 1), (1, 2))) for name in names], "x", "y")
    height = [float(re.search(r'viewBox="0 0 \d+ ([\d.]+)"', chart).group(1)) for chart in (svg, long_names)]
    assert height[1] - height[0] == 4 * 18  # one entry a line when the names are long


RISK_TABLE = """\
table:
  id: alpha-risk-curves
  title: Alpha risk curves
  columns:
    weeks: Gestational age
    risk: Risk group
    hours: Age in hours
    level: Threshold (mg/dL)
  tags: [genpeds::alpha]
  sources:
    - source: fixture-guide-2024
      locator: Table 9
  reviewed: 2026-03-01
  rows:
    - {key: a-24, weeks: 35 weeks, risk: none, hours: 24, level: "10.6"}
    - {key: a-48, weeks: 35 weeks, risk: none, hours: 48, level: "14.2"}
    - {key: b-24, weeks: 38 weeks, risk: none, hours: 24, level: "12.3"}
    - {key: b-48, weeks: 38 weeks, risk: none, hours: 48, level: "16.0"}
    - {key: c-24, weeks: 38 weeks, risk: one or more, hours: 24, level: "10.5"}
    - {key: c-48, weeks: 38 weeks, risk: one or more, hours: 48, level: "14.0"}
  cards: []
"""

RISK_SHEET = """\
title: Risk curves
order: 3
topics: [alpha]
sections:
  - table: alpha-risk-curves
    title: No risk factors
    where: {risk: none}
    chart: {x: hours, y: level, series: weeks, y_ticks: [8, 12, 16]}
  - table: alpha-risk-curves
    title: Risk factors
    where: {risk: one or more}
    chart: {x: hours, y: level, series: weeks}
  - table: alpha-risk-curves
    title: Values with risk factors
    where: {risk: one or more}
    columns: [weeks, hours, level]
"""


def test_where_keeps_only_the_rows_holding_its_values_in_charts_and_tables(project, cli):
    write(project / "content/alpha/risk-table.yaml", RISK_TABLE)
    write(project / "sheets/risk.yaml", RISK_SHEET)
    cli("sheets", "risk")
    html = (project / "dist/sheets/risk.html").read_text(encoding="utf-8")
    charts = html.split('<svg class="chart-svg"')[1:]
    assert [re.findall(r'data-series="([^"]+)"', chart) for chart in charts] == [
        ["35 weeks", "38 weeks"], ["38 weeks"]]
    assert ">8<" in charts[0] and ">16<" in charts[0]  # the recipe's y ticks
    page = parse(project / "dist/sheets/risk.html")
    assert [tr.attrs["id"] for tr in page.iter() if tr.tag == "tr" and tr.attrs.get("id", "").startswith("alpha-risk")
            ] == ["alpha-risk-curves/c-24", "alpha-risk-curves/c-48"]


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ("where: {risk: none}", "where: {risk: nome}", "where: {risk: nome}",
     "no row of table 'alpha-risk-curves' holds 'nome' in 'risk' (did you mean 'none'?)"),
    ("where: {risk: none}", "where: {risk: all}", "where: {risk: all}",
     "no row of table 'alpha-risk-curves' holds 'all' in 'risk' (values: none, one or more)"),
    ("where: {risk: none}", "where: {risks: none}", "where: {risks: none}",
     "'risks' is not a column of table 'alpha-risk-curves' (did you mean 'risk'?)"),
    ("where: {risk: none}", "where: {risk: [none, one or more]}", "where: {risk: [",
     "'where' gives 'risk' a value that is not text or a number (write one value, e.g. risk: none)"),
    ("where: {risk: none}", "where: none", "where: none",
     "'where' must map column names to the values rows hold, e.g. {risk_factors: none}"),
    ("y_ticks: [8, 12, 16]", "y_ticks: [16, 12, 8]", "y_ticks:",
     "'y_ticks' must list numbers, from low to high (e.g. [6, 8, 10, 12], from low to high)"),
])
def test_a_where_or_y_ticks_mistake_is_an_error_at_its_line(project, cli, old, new, needle, message):
    write(project / "content/alpha/risk-table.yaml", RISK_TABLE)
    recipe = write(project / "sheets/risk.yaml", RISK_SHEET.replace(old, new, 1))
    result = cli("check", code=1)
    where = "section 1 ('No risk factors')" + (" chart" if "ticks" in old else "")
    assert [line for line in result.output.splitlines() if ": error: " in line] == [
        f"sheets/risk.yaml:{line_of(recipe, needle)}: error: sheet 'risk' {where}: {message}"]


# --- Schedule grids ----------------------------------------------------------------------------------

KINDS = [("routine", "For all children"), ("catch-up", "Catch-up"), ("high-risk", "High-risk groups"),
         ("shared", "Shared decision")]


def test_bars_that_overlap_stack_in_lanes_and_bars_that_follow_share_one():
    first, second, late, yearly = Bar(0, 0), Bar(1, 2), Bar(3, 9, 1), Bar(2, 12)
    assert lanes([first, second, late]) == [[first, second, late]]
    assert lanes([first, yearly, second, late]) == [[first, second, late], [yearly]]


def test_text_wraps_at_spaces_and_a_word_too_wide_after_its_dash():
    assert wrap("Haemophilus influenzae type b (Hib)", 150) == ["Haemophilus", "influenzae type b", "(Hib)"]
    assert wrap("19–23 mos", 30) == ["19–", "23", "mos"]
    assert wrap("2 mos", 30) == ["2", "mos"]


def test_each_kind_has_its_own_fill_and_pattern_for_black_and_white_print():
    svg = schedule_grid(["A", "B", "C", "D"], [ScheduleLine("V", tuple(Bar(n, n, n, "1st") for n in range(4)))],
                        KINDS, key="k")
    fills = re.findall(r'<pattern id="k-bar-(\d)"[^>]*><rect width="8" height="8" fill="([^"]+)"/><g [^>]*>(.*?)</g>',
                       svg)
    assert len(fills) == 4 and len({fill for _, fill, _ in fills}) == 4 and len({art for _, _, art in fills}) == 4
    assert re.findall(r'<g class="bar" data-kind="([^"]+)">', svg) == ["routine", "catch-up", "high-risk", "shared"]
    assert len(BAR_STYLES) == 4


def test_a_bar_prints_its_text_where_it_fits_and_always_shows_it_when_pointed_at():
    svg = schedule_grid(["A"] * 18, [ScheduleLine("V", (Bar(0, 0, 0, "1st"), Bar(1, 1, 1, "catch-up"),
                                                        Bar(2, 5, 1, "catch-up")))], KINDS)
    assert re.findall(r"<title>([^<]+)</title>", svg) == ["1st; For all children", "catch-up; Catch-up",
                                                          "catch-up; Catch-up"]
    assert re.findall(r"<text [^>]*font-size=\"12\"[^>]*>([^<]+)</text>", svg) == ["1st", "catch-up"]


def test_the_legend_lists_the_kinds_the_bars_use_in_order_drawn_like_them():
    legend = schedule_legend(KINDS, [2, 0, 2], key="k")
    assert re.findall(r'<li data-kind="([^"]+)">.*?</svg> ([^<]+)</li>', legend) == [
        ("routine", "For all children"), ("high-risk", "High-risk groups")]
    assert 'id="k-legend-2"' in legend and f'fill="{BAR_STYLES[2].fill}"' in legend


def test_text_in_a_schedule_grid_is_escaped():
    svg = schedule_grid(['<b>"x"</b>'], [ScheduleLine("a < b", (Bar(0, 0, 0, "c & d", "<i>"),))],
                        [("r", "e > f")], title="<t>")
    assert "<b>" not in svg and "<i>" not in svg and "<t>" not in svg
    assert "a &lt; b" in svg and "c &amp; d" in svg and "&lt;i&gt;" in svg and "e &gt; f" in svg
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt;" in svg
