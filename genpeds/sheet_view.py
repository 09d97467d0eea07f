"""What one sheet shows: its recipe applied to the content, as plain values ready for a template.

Every value comes from a table row or a note, rendered by the same Markdown engine as the cards.
Sources are numbered in the order the sheet first cites them; each row and fact carries its numbers.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from .doses import amount_text, dose_for
from .markup import render, reveal_cloze
from .models import Content, Note, Row, SourceRef, Table
from .sheet_recipes import Grid, NotesSection, SheetRecipe, TableSection, Timeline, section_notes
from .tables import cell_number, format_value


@dataclass(frozen=True)
class Badge:
    """A cross-cutting tag shown on a row or fact: a symbol and a word, never colour alone."""

    tag: str
    css: str
    symbol: str
    word: str


BADGES = (
    Badge("genpeds::red-flag", "red-flag", "⚠", "Red flag"),
    Badge("genpeds::changed-guideline", "changed", "Δ", "Changed"),
    Badge("genpeds::high-yield", "high-yield", "★", "High yield"),
)
LEGEND = {
    "red-flag": "needs prompt action or referral",
    "changed": "guidance changed recently, or bodies differ",
    "high-yield": "recurs in exams and on the wards",
}


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

    @property
    def row_count(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class GridItem:
    id: str
    html: str
    badges: tuple[Badge, ...]
    refs: tuple[int, ...]


@dataclass(frozen=True)
class GridLine:
    heading: str
    cells: tuple[tuple[GridItem, ...], ...]


@dataclass(frozen=True)
class GridView:
    kind = "grid"
    title: str
    description: str
    corner: str
    across: tuple[Heading, ...]
    lines: tuple[GridLine, ...]

    @property
    def row_count(self) -> int:
        return sum(len(items) for line in self.lines for items in line.cells)


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


@dataclass(frozen=True)
class Fact:
    id: str
    prompt: str
    answer: str
    extra: str
    badges: tuple[Badge, ...]
    refs: tuple[int, ...]


@dataclass(frozen=True)
class NotesView:
    kind = "notes"
    title: str
    layout: str
    highlight: bool
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class SourceView:
    number: int
    citation: str
    url: str
    superseded_by: str


@dataclass(frozen=True)
class SheetView:
    name: str
    file_name: str
    title: str
    description: str
    sections: tuple[TableView | GridView | TimelineView | NotesView, ...]
    sources: tuple[SourceView, ...]
    reviewed: str
    legend: tuple[tuple[Badge, str], ...]
    row_count: int
    fact_count: int


class _Citations:
    """Numbers each source the first time the sheet cites it; gives each row its anchor once."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.dates: list[dt.date] = []
        self.anchored: set[str] = set()

    def anchor(self, row_id: str) -> str:
        """The row's id the first time the sheet shows the row, then "" (ids are unique in a page)."""
        if row_id in self.anchored:
            return ""
        self.anchored.add(row_id)
        return row_id

    def describe(self, table: Table) -> str:
        """The table's description, the first time the sheet shows the table."""
        if not table.description or not self.anchor(table.id):
            return ""
        return render(table.description)

    def cite(self, refs: tuple[SourceRef, ...], reviewed: dt.date) -> tuple[int, ...]:
        self.dates.append(reviewed)
        for ref in refs:
            self.numbers.setdefault(ref.source_id, len(self.numbers) + 1)
        return tuple(sorted({self.numbers[ref.source_id] for ref in refs}))


def sheet_view(recipe: SheetRecipe, content: Content) -> SheetView:
    """The sheet as the template needs it; sections that end up empty are left out."""
    citations = _Citations()
    tables = {table.id: table for table in content.tables}
    # A note appears once per sheet. A section that names its notes by id (an algorithm, say) always
    # shows them all; a section that selects by tag skips notes shown anywhere by id or earlier.
    shown = {note_id for section in recipe.sections if isinstance(section, NotesSection) for note_id in section.ids}
    sections = []
    for section in recipe.sections:
        if isinstance(section, TableSection):
            table = tables[section.table_id]
            if section.grid:
                view = _grid(section, section.grid, table, citations)
            elif section.timeline:
                view = _timeline(section, section.timeline, table, citations)
            else:
                view = _table(section, table, citations)
            if view.row_count:
                sections.append(view)
        else:
            notes = section_notes(section, content.notes, recipe.topics)
            if not section.ids:
                notes = [note for note in notes if note.id not in shown]
            shown.update(note.id for note in notes)
            facts = [_fact(note, citations, section.extra) for note in notes]
            if facts:
                sections.append(NotesView(section.title, section.layout, section.highlight, tuple(facts)))
    used = {badge.css for view in sections for badge in _badges_in(view)}
    return SheetView(
        name=recipe.name, file_name=recipe.file_name, title=recipe.title,
        description=render(recipe.description) if recipe.description else "",
        sections=tuple(sections), sources=_sources(citations, content),
        reviewed=_date_range(citations.dates),
        legend=tuple((badge, LEGEND[badge.css]) for badge in BADGES if badge.css in used),
        row_count=sum(view.row_count for view in sections if view.kind != "notes"),
        fact_count=sum(len(view.facts) for view in sections if view.kind == "notes"),
    )


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


def _badges(tags: tuple[str, ...]) -> tuple[Badge, ...]:
    return tuple(badge for badge in BADGES if badge.tag in tags)


def _rows(section: TableSection, table: Table) -> list[Row]:
    """The table's rows that fill every column the section's `when` names, less those it leaves out."""
    return [row for row in table.rows if row.key not in section.leave_out
            and all(row.value(column) is not None for column in section.when)]


def _badges_in(view) -> list[Badge]:
    if view.kind == "timeline":
        return []
    if view.kind == "table":
        return [badge for row in view.rows for badge in row.badges]
    if view.kind == "grid":
        return [badge for line in view.lines for items in line.cells for item in items for badge in item.badges]
    return [badge for fact in view.facts for badge in fact.badges]


def _table(section: TableSection, table: Table, citations: _Citations) -> TableView:
    descriptions = dict(table.columns)
    # A column no row fills would print as a column of dashes: leave it out.
    shown = _rows(section, table)
    columns = [c for c in section.columns if any(row.value(c) is not None for row in shown)]
    weights = section.doses.weights if section.doses else ()
    dose_headings = [_dose_heading(weight) for weight in weights]
    rows = []
    for row in shown:
        cells = tuple(Cell(c, _label(c, section), _cell_html(row, c)) for c in columns)
        cells += tuple(Cell(heading.column, heading.label, html.escape(dose_for(section.doses, row, weight)))
                       for heading, weight in zip(dose_headings, weights, strict=True))
        details = tuple(Cell(c, _detail_label(c, section, row), _cell_html(row, c))
                        for c in section.details if row.value(c) is not None)
        rows.append(RowView(citations.anchor(f"{table.id}/{row.key}"), cells, details, _badges(row.tags),
                            citations.cite(row.sources, row.reviewed)))
    has_details = any(row.details for row in rows)
    return TableView(
        title=section.title, description=citations.describe(table),
        headings=(*(Heading(c, _label(c, section), descriptions[c]) for c in columns), *dose_headings),
        details_label="Notes" if has_details else "", rows=tuple(rows),
    )


def _dose_heading(weight: float) -> Heading:
    """The column of the doses for one body weight: 'dose-3kg', headed '3 kg'."""
    shown = amount_text(weight)
    return Heading(f"dose-{shown}kg", f"{shown} kg", f"Dose for {shown} kg")


def _grid(section: TableSection, grid: Grid, table: Table, citations: _Citations) -> GridView:
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
        item = GridItem(citations.anchor(f"{table.id}/{row.key}"), _cell_html(row, grid.cell), _badges(row.tags),
                        citations.cite(row.sources, row.reviewed))
        place = (format_value(row.value(grid.down)), format_value(row.value(grid.across, "")))
        cells.setdefault(place, []).append(item)
    lines = tuple(GridLine(down, tuple(tuple(cells.get((down, a), ())) for a in across)) for down in downs)
    return GridView(
        title=section.title, description=citations.describe(table),
        corner=_label(grid.down, section),
        across=tuple(Heading(a, a or "—", descriptions[grid.across]) for a in across),
        lines=lines,
    )


def _timeline(section: TableSection, timeline: Timeline, table: Table, citations: _Citations) -> TimelineView:
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
        title=section.title, description=citations.describe(table),
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


def _fact(note: Note, citations: _Citations, with_extra: bool) -> Fact:
    if note.type == "cloze":
        prompt, answer = "", reveal_cloze(note.field("text"))
    else:
        prompt, answer = render(note.field("front")), render(note.field("back"))
    extra = note.field("extra") if with_extra else ""
    return Fact(note.id, prompt, answer, render(extra) if extra else "", _badges(note.tags),
                citations.cite(note.sources, note.reviewed))


def _sources(citations: _Citations, content: Content) -> tuple[SourceView, ...]:
    views = []
    for source_id, number in citations.numbers.items():
        source = content.source(source_id)
        newer = ""
        if source.superseded_by in citations.numbers:
            newer = f"[{citations.numbers[source.superseded_by]}]"
        elif source.superseded_by:  # short: the sheet cites the older document, not this one
            newer = f"{content.source(source.superseded_by).body}, {content.source(source.superseded_by).year}"
        views.append(SourceView(number, source.citation(), source.url, newer))
    return tuple(views)


def _date_range(dates: list[dt.date]) -> str:
    if not dates:
        return ""
    first, last = min(dates), max(dates)
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
