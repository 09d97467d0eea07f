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
from .charts import (
    PAIR_PLOT_HEIGHT,
    PAIR_WIDTH,
    Bar,
    ScheduleLine,
    SecondAxis,
    Series,
    line_chart,
    schedule_grid,
    schedule_legend,
)
from .citations import Citations
from .doses import VOLUME_ROUNDING, amount_text, concentration_for, dose_for, per_kg_for, volume_for
from .markup import render
from .models import Row, Table
from .sheet_recipes import Chart, Doses, Grid, TableSection, Timeline
from .tables import cell_number, format_value

# A concentration's note longer than this prints under the table, its cell keeping a mark: a sentence in
# a narrow column made every row of the PALS lookup as tall as its note.
INLINE_NOTE_CHARACTERS = 24


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
    weight_columns: tuple[str, ...] = ()  # the doses by weight, one column each: a screen shows one at a time
    volumes_note: str = ""  # how the volumes were worked out and rounded, where the table shows volumes
    notes: tuple[tuple[str, str], ...] = ()  # (mark, html): a long note on a cell, printed under the table

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
    print_flow: bool = False

    @property
    def row_count(self) -> int:
        return sum(len(items) for line in self.lines for items in line.cells)

    def badges_shown(self) -> list[Badge]:
        return [badge for line in self.lines for items in line.cells for item in items for badge in item.badges]

    def refs_shown(self) -> set[int]:
        return {number for line in self.lines for items in line.cells for item in items for number in item.refs}


@dataclass(frozen=True)
class TimelineView:
    kind = "timeline"
    title: str
    description: str
    svg: str  # drawn by `charts`, every text in it escaped
    legend: str  # HTML, by `charts`: what each kind of bar means
    refs: tuple[int, ...]
    row_count: int
    screen_only: bool = False

    def badges_shown(self) -> list[Badge]:
        return []  # a timeline draws bars, not rows: it shows no badges

    def refs_shown(self) -> set[int]:
        return set(self.refs)


@dataclass(frozen=True)
class ChartView:
    kind = "chart"
    title: str
    description: str
    svg: str  # drawn by `charts`, every text in it escaped (its lines carry their series' names)
    refs: tuple[int, ...]
    row_count: int
    screen_only: bool = False
    print_pair: bool = False  # drawn narrow: printed half the page's width, beside the next such chart

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
    rows = [row for row in _rows(section, table, charted=True)
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
    size = {"width": PAIR_WIDTH, "plot_height": PAIR_PLOT_HEIGHT} if chart.print_pair else {}
    svg = line_chart(series, _label(chart.x, section), _label(chart.y, section), second, chart.x_ticks,
                     title=section.title, y_ticks=chart.y_ticks, **size) if series else ""
    return ChartView(title=section.title, description=_description(table, citations), svg=svg,
                     refs=tuple(refs), row_count=len(rows), print_pair=chart.print_pair)


def _rows(section: TableSection, table: Table, charted: bool = False) -> list[Row]:
    """The table's rows that fill every column the section's `when` names and hold every value its `where`
    gives, less those it leaves out; rows that only feed charts only where the section draws one (`charted`)."""
    return [row for row in table.rows if row.key not in section.leave_out and (charted or not row.chart_only)
            and all(row.value(column) is not None for column in section.when)
            and all(row.value(column) is not None and format_value(row.value(column)) == value
                    for column, value in section.where)]


def _table(section: TableSection, table: Table, citations: Citations) -> TableView:
    descriptions = dict(table.columns)
    # A column no row fills would print as a column of dashes: leave it out.
    shown = _rows(section, table)
    columns = [c for c in section.columns if any(row.value(c) is not None for row in shown)]
    doses = section.doses
    weights = doses.weights if doses else ()
    weight_headings = [_dose_heading(weight) for weight in weights]
    per_kg = doses.per_kg_label if doses else ""
    per_kg_headings = [Heading("dose-per-kg", per_kg, "Dose per kg, as the row gives it")] if per_kg else []
    volumes = bool(doses and doses.concentration)
    concentration_headings = [Heading("concentration", _label(doses.concentration, section),
                                      descriptions[doses.concentration])] if volumes else []
    rows = []
    notes = TableNotes()
    for row in shown:
        cells = tuple(Cell(c, _label(c, section), _cell_html(row, c)) for c in columns)
        if per_kg:
            cells += (Cell("dose-per-kg", per_kg, html.escape(per_kg_for(doses, row))),)
        if volumes:
            cells += (Cell("concentration", concentration_headings[0].label,
                           _concentration_html(doses, row, notes)),)
        worked_out = doses and row.key not in doses.words_only
        cells += tuple(Cell(heading.column, heading.label, _dose_html(doses, row, weight) if worked_out else "")
                       for heading, weight in zip(weight_headings, weights, strict=True))
        details = tuple(Cell(c, _detail_label(c, section, row), _cell_html(row, c))
                        for c in section.details if row.value(c) is not None)
        rows.append(RowView(citations.anchor(f"{table.id}/{row.key}"), cells, details, badges_for(row.tags),
                            citations.cite(row.sources, row.reviewed)))
    has_details = any(row.details for row in rows)
    return TableView(
        title=section.title, description=_description(table, citations),
        headings=(*(Heading(c, _label(c, section), descriptions[c]) for c in columns),
                  *per_kg_headings, *concentration_headings, *weight_headings),
        details_label="Notes" if has_details else "", rows=tuple(rows),
        screen_only_columns=section.screen_only_columns,
        weight_columns=tuple(heading.column for heading in weight_headings),
        volumes_note=VOLUME_ROUNDING if volumes else "",
        notes=notes.marked,
    )


def _dose_html(doses: Doses, row: Row, weight: float) -> str:
    """A dose for one weight, then on its own line the volume to draw up, where the row has one."""
    dose, volume = dose_for(doses, row, weight), volume_for(doses, row, weight)
    if not dose or not volume:
        return html.escape(dose)
    return f'{html.escape(dose)} <span class="volume">{html.escape(volume)}</span>'


class TableNotes:
    """Long notes on a table's cells, each printed once under the table and marked a, b, c in its cells
    (rows that share a note share its mark)."""

    def __init__(self):
        self.marks: dict[str, str] = {}

    def mark(self, note_html: str) -> str:
        return self.marks.setdefault(note_html, chr(ord("a") + len(self.marks)))

    @property
    def marked(self) -> tuple[tuple[str, str], ...]:
        return tuple((mark, note_html) for note_html, mark in self.marks.items())


def _concentration_html(doses: Doses, row: Row, notes: TableNotes) -> str:
    """The row's concentration, then the note saying which solution it is, where the row gives one: a
    short note beside it, a long one under the table with its mark beside it."""
    shown = html.escape(concentration_for(doses, row))
    note = _cell_html(row, doses.concentration_note) if doses.concentration_note else ""
    if not note:
        return shown
    if len(format_value(row.value(doses.concentration_note))) <= INLINE_NOTE_CHARACTERS:
        return f'{shown} <span class="concentration-note">{note}</span>'
    mark = notes.mark(note)
    return f'{shown} <sup class="note-mark" title="see note {mark} under the table">{mark}</sup>'


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
        lines=lines, print_flow=grid.print_flow,
    )


def _across_heading(value: str, grid: Grid, section: TableSection) -> str:
    """A grid column's heading: its value, after the column's heading where the value is a bare
    number ("Dose 2", not "2")."""
    shorter = dict(grid.across_labels).get(value)
    if shorter:
        return shorter
    if value.isdigit():
        return f"{_label(grid.across, section)} {value}"
    return value or "—"


def _timeline(section: TableSection, timeline: Timeline, table: Table, citations: Citations) -> TimelineView:
    """One line per value of `row`, one bar per row over every axis column its from..to range touches,
    drawn as its kind; a row's bar says its mark, and pointing at it shows its note."""
    kinds = timeline.kinds or (("", ""),)  # without kinds every bar is drawn alike, and there is no legend
    kind_numbers = {name: number for number, (name, _) in enumerate(kinds)}
    bars: dict[str, list[Bar]] = {}
    drawn = []
    for row in _rows(section, table, charted=True):
        start, end = cell_number(row.value(timeline.start)), cell_number(row.value(timeline.end))
        if row.value(timeline.row) is None or row.value(timeline.mark) is None or not start <= end < float("inf"):
            continue
        covered = [index for index, (_, first, last) in enumerate(timeline.axis) if start <= last and end >= first]
        if not covered:
            continue
        kind = row.value(timeline.kind) if timeline.kind else None
        bars.setdefault(format_value(row.value(timeline.row)), []).append(Bar(
            covered[0], covered[-1], kind_numbers[format_value(kind)] if kind is not None else 0,
            format_value(row.value(timeline.mark)), format_value(row.value(timeline.note, ""))))
        drawn.append(row)
    lines = [ScheduleLine(heading, tuple(line)) for heading, line in bars.items()]
    refs = sorted({number for row in drawn for number in citations.cite(row.sources, row.reviewed)})
    svg = legend = ""
    if lines:
        svg = schedule_grid([heading for heading, _, _ in timeline.axis], lines, kinds, section.title, table.id)
        if timeline.kinds:
            legend = schedule_legend(kinds, [bar.kind for line in lines for bar in line.bars], table.id)
    return TimelineView(title=section.title, description=_description(table, citations), svg=svg, legend=legend,
                        refs=tuple(refs), row_count=len(drawn))
