"""A table section of a sheet, laid out as the template draws it: a table of the chosen columns
(with a computed dose per body weight), a grid, a timeline of bars, or a line chart.

Each cell is rendered by the same Markdown engine as the cards; each row carries its badges, its
anchor (the first time the sheet shows it) and the numbers of the sources it cites.
"""

from __future__ import annotations

import html
import statistics
from dataclasses import dataclass

from .badges import Badge, badges_for
from .charts import SecondAxis, Series, line_chart
from .citations import Citations
from .doses import amount_text, dose_for, per_kg_for
from .markup import render
from .models import Row, Table
from .sheet_recipes import Chart, Grid, TableSection, Timeline
from .tables import cell_number, format_value


@dataclass(frozen=True)
class Cell:
    column: str
    label: str
    html: str


@dataclass(frozen=True)
class RowView:
    id: str
    cells: tuple[Cell, ...]
    details: tuple[Cell, ...]
    badges: tuple[Badge, ...]
    refs: tuple[int, ...]


@dataclass(frozen=True)
class Heading:
    column: str
    label: str
    description: str


@dataclass(frozen=True)
class TableView:
    kind = "table"
    title: str
    description: str
    headings: tuple[Heading, ...]
    details_label: str
    rows: tuple[RowView, ...]
    screen_only: bool = False  # shown on screen, left out of print
    screen_only_columns: tuple[str, ...] = ()  # shown on screen, left out of print

    @property
    def details_screen_only(self) -> bool:
        """Whether the whole 'Notes' column is left out of print (every one of its columns is)."""
        return all(detail.column in self.screen_only_columns for row in self.rows for detail in row.details)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def badges_shown(self) -> list[Badge]:
        return [badge for row in self.rows for badge in row.badges]

    def refs_shown(self) -> set[int]:
        return {number for row in self.rows for number in row.refs}


@dataclass(frozen=True)
class GridItem:
    id: str
    html: str
    badges: tuple[Badge, ...]
    refs: tuple[int, ...]
    more: tuple[Cell, ...] = ()  # further columns of the row, each with its heading


@dataclass(frozen=True)
class GridLine:
    """One line of a grid; its sources are cited once, after its heading, for all its items."""

    heading: str
    cells: tuple[tuple[GridItem, ...], ...]

    @property
    def refs(self) -> tuple[int, ...]:
        return tuple(sorted({number for items in self.cells for item in items for number in item.refs}))


@dataclass(frozen=True)
class GridView:
    kind = "grid"
    title: str
    description: str
    corner: str
    across: tuple[Heading, ...]
    lines: tuple[GridLine, ...]
    screen_only: bool = False

    @property
    def row_count(self) -> int:
        return sum(len(items) for line in self.lines for items in line.cells)

    def badges_shown(self) -> list[Badge]:
        return [badge for line in self.lines for items in line.cells for item in items for badge in item.badges]

    def refs_shown(self) -> set[int]:
        return {number for line in self.lines for items in line.cells for item in items for number in item.refs}


@dataclass(frozen=True)
class Bar:
    """A run of axis columns on one chart line: the marks of the rows it covers ("" for a gap)."""

    span: int
    marks: str
    title: str


@dataclass(frozen=True)
class TimelineLine:
    heading: str
    refs: tuple[int, ...]
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class TimelineView:
    kind = "timeline"
    title: str
    description: str
    corner: str
    axis: tuple[str, ...]
    lines: tuple[TimelineLine, ...]
    row_count: int
    screen_only: bool = False

    def badges_shown(self) -> list[Badge]:
        return []  # a timeline draws bars, not rows: it shows no badges

    def refs_shown(self) -> set[int]:
        return {number for line in self.lines for number in line.refs}


@dataclass(frozen=True)
class ChartView:
    kind = "chart"
    title: str
    description: str
    svg: str  # drawn by `charts`, every text in it escaped (its lines carry their series' names)
    refs: tuple[int, ...]
    row_count: int
    screen_only: bool = False

    def badges_shown(self) -> list[Badge]:
        return []  # a chart draws lines, not rows

    def refs_shown(self) -> set[int]:
        return set(self.refs)


def lay_out_table(section: TableSection, table: Table,
                  citations: Citations) -> TableView | GridView | TimelineView | ChartView:
    """The section's table as a grid, a timeline, a chart or (by default) a table of columns."""
    if section.chart:
        return _chart(section, section.chart, table, citations)
    if section.grid:
        return _grid(section, section.grid, table, citations)
    if section.timeline:
        return _timeline(section, section.timeline, table, citations)
    return _table(section, table, citations)


def _description(table: Table, citations: Citations) -> str:
    """The table's description, the first time the sheet shows the table."""
    if not table.description or not citations.anchor(table.id):
        return ""
    return render(table.description)


def _label(column: str, section: TableSection) -> str:
    labels = dict(section.labels)
    return labels.get(column) or column.replace("_", " ").capitalize()


def _detail_label(column: str, section: TableSection, row: Row) -> str:
    """The heading printed before a detail: none for a lone details column (the column says
    "Notes"), nor where the value already starts with it ("AAP: AAP 2026 …" would stutter)."""
    label = _label(column, section)
    if len(section.details) == 1 or format_value(row.value(column)).lower().startswith(label.lower()):
        return ""
    return label


def _cell_html(row: Row, column: str) -> str:
    value = row.value(column)
    return render(format_value(value)) if value is not None else ""


def _chart(section: TableSection, chart: Chart, table: Table, citations: Citations) -> ChartView:
    """One line per value of the series column, through the rows' (x, y) points; the right-hand axis,
    when asked for, gives each left-hand value in the other unit, at the ratio the rows themselves hold."""
    rows = [row for row in _rows(section, table)
            if all(row.value(column) is not None for column in (chart.x, chart.y, chart.series))]
    lines: dict[str, list[tuple[float, float]]] = {}
    for row in rows:
        lines.setdefault(format_value(row.value(chart.series)), []).append(
            (cell_number(row.value(chart.x)), cell_number(row.value(chart.y))))
    second = None
    ratios = [cell_number(row.value(chart.second_axis)) / cell_number(row.value(chart.y)) for row in rows
              if chart.second_axis and row.value(chart.second_axis) is not None and cell_number(row.value(chart.y))]
    if ratios:
        second = SecondAxis(_label(chart.second_axis, section), statistics.median(ratios))
    refs = sorted({number for row in rows for number in citations.cite(row.sources, row.reviewed)})
    series = tuple(Series(name, tuple(points)) for name, points in lines.items())
    svg = line_chart(series, _label(chart.x, section), _label(chart.y, section), second, chart.x_ticks,
                     title=section.title) if series else ""
    return ChartView(title=section.title, description=_description(table, citations), svg=svg,
                     refs=tuple(refs), row_count=len(rows))


def _rows(section: TableSection, table: Table) -> list[Row]:
    """The table's rows that fill every column the section's `when` names, less those it leaves out."""
    return [row for row in table.rows if row.key not in section.leave_out
            and all(row.value(column) is not None for column in section.when)]


def _table(section: TableSection, table: Table, citations: Citations) -> TableView:
    descriptions = dict(table.columns)
    # A column no row fills would print as a column of dashes: leave it out.
    shown = _rows(section, table)
    columns = [c for c in section.columns if any(row.value(c) is not None for row in shown)]
    weights = section.doses.weights if section.doses else ()
    weight_headings = [_dose_heading(weight) for weight in weights]
    per_kg = section.doses.per_kg_label if section.doses else ""
    per_kg_headings = [Heading("dose-per-kg", per_kg, "Dose per kg, as the row gives it")] if per_kg else []
    rows = []
    for row in shown:
        cells = tuple(Cell(c, _label(c, section), _cell_html(row, c)) for c in columns)
        if per_kg:
            cells += (Cell("dose-per-kg", per_kg, html.escape(per_kg_for(section.doses, row))),)
        worked_out = section.doses and row.key not in section.doses.words_only
        cells += tuple(Cell(heading.column, heading.label,
                            html.escape(dose_for(section.doses, row, weight)) if worked_out else "")
                       for heading, weight in zip(weight_headings, weights, strict=True))
        details = tuple(Cell(c, _detail_label(c, section, row), _cell_html(row, c))
                        for c in section.details if row.value(c) is not None)
        rows.append(RowView(citations.anchor(f"{table.id}/{row.key}"), cells, details, badges_for(row.tags),
                            citations.cite(row.sources, row.reviewed)))
    has_details = any(row.details for row in rows)
    return TableView(
        title=section.title, description=_description(table, citations),
        headings=(*(Heading(c, _label(c, section), descriptions[c]) for c in columns),
                  *per_kg_headings, *weight_headings),
        details_label="Notes" if has_details else "", rows=tuple(rows),
        screen_only_columns=section.screen_only_columns,
    )


def _dose_heading(weight: float) -> Heading:
    """The column of the doses for one body weight: 'dose-3kg', headed '3 kg'."""
    shown = amount_text(weight)
    return Heading(f"dose-{shown}kg", f"{shown} kg", f"Dose for {shown} kg")


def _grid(section: TableSection, grid: Grid, table: Table, citations: Citations) -> GridView:
    descriptions = dict(table.columns)
    rows = [row for row in _rows(section, table)
            if row.value(grid.down) is not None and row.value(grid.cell) is not None]
    if grid.sort_by:  # stable: rows with the same number, or none, keep their order
        rows.sort(key=lambda row: cell_number(row.value(grid.sort_by)))
    downs = list(dict.fromkeys(format_value(row.value(grid.down)) for row in rows))
    found = list(dict.fromkeys(format_value(row.value(grid.across, "")) for row in rows))
    across = [value for value in grid.across_order if value in found] + [v for v in found if v not in grid.across_order]
    cells: dict[tuple[str, str], list[GridItem]] = {}
    for row in rows:
        more = tuple(Cell(c, _label(c, section), _cell_html(row, c)) for c in grid.more if row.value(c) is not None)
        item = GridItem(citations.anchor(f"{table.id}/{row.key}"), _cell_html(row, grid.cell), badges_for(row.tags),
                        citations.cite(row.sources, row.reviewed), more)
        place = (format_value(row.value(grid.down)), format_value(row.value(grid.across, "")))
        cells.setdefault(place, []).append(item)
    lines = tuple(GridLine(down, tuple(tuple(cells.get((down, a), ())) for a in across)) for down in downs)
    return GridView(
        title=section.title, description=_description(table, citations),
        corner=_label(grid.down, section),
        across=tuple(Heading(a, _across_heading(a, grid, section), descriptions[grid.across]) for a in across),
        lines=lines,
    )


def _across_heading(value: str, grid: Grid, section: TableSection) -> str:
    """A grid column's heading: its value, after the column's heading where the value is a bare
    number ("Dose 2", not "2")."""
    if value.isdigit():
        return f"{_label(grid.across, section)} {value}"
    return value or "—"


def _timeline(section: TableSection, timeline: Timeline, table: Table, citations: Citations) -> TimelineView:
    """One line per value of `row`; a row covers every axis column its from..to range touches, and
    neighbouring columns covered by the same rows merge into one bar."""
    rows = [row for row in _rows(section, table)
            if row.value(timeline.row) is not None and row.value(timeline.mark) is not None
            and cell_number(row.value(timeline.start)) <= cell_number(row.value(timeline.end)) < float("inf")]
    lines, placed = [], 0
    for heading in dict.fromkeys(format_value(row.value(timeline.row)) for row in rows):
        mine = [row for row in rows if format_value(row.value(timeline.row)) == heading]
        covering = [tuple(row for row in mine if cell_number(row.value(timeline.start)) <= last
                          and cell_number(row.value(timeline.end)) >= first) for _, first, last in timeline.axis]
        drawn = [row for row in mine if any(row in rows_here for rows_here in covering)]
        if not drawn:
            continue
        placed += len(drawn)
        refs = sorted({number for row in drawn for number in citations.cite(row.sources, row.reviewed)})
        bars: list[Bar] = []
        for rows_here, span in _runs(covering):
            marks = ", ".join(format_value(row.value(timeline.mark)) for row in rows_here)
            title = "; ".join(format_value(row.value(timeline.note)) for row in rows_here
                              if timeline.note and row.value(timeline.note) is not None)
            bars.append(Bar(span, marks, title))
        lines.append(TimelineLine(heading, tuple(refs), tuple(bars)))
    return TimelineView(
        title=section.title, description=_description(table, citations),
        corner=_label(timeline.row, section), axis=tuple(heading for heading, _, _ in timeline.axis),
        lines=tuple(lines), row_count=placed,
    )


def _runs(items: list) -> list[tuple]:
    """(item, how many times in a row) for each run of equal neighbours."""
    runs: list[list] = []
    for item in items:
        if runs and runs[-1][0] == item:
            runs[-1][1] += 1
        else:
            runs.append([item, 1])
    return [(item, count) for item, count in runs]
