"""Sheet recipes (sheets/*.yaml): which data tables and tagged notes each quick-reference sheet shows.

A recipe only points at content (a table id and its columns, tags, note ids); it never holds a
value of its own, so a corrected row or note corrects every sheet that shows it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from .charts import BAR_STYLES
from .diagnostics import Location, Report, did_you_mean, display_path, shorten
from .errors import ContentNotFoundError
from .files import list_folder
from .loading import YamlList, YamlMap, read_mapping_file
from .models import RETIRED_TAG, Content, Note, Table, topic_tag
from .schema import CHART_KEYS, DOSES_KEYS, GRID_KEYS, SECTION_KEYS, SHEET_KEYS, SLUG, TIMELINE_KEYS, KeyReader
from .selection import has_tag_under, select_notes
from .sheet_growth import GrowthChartSection, check_references, read_growth_chart_section
from .tables import cell_number, check_columns, format_value
from .vocabulary import Vocabulary

TABLE_ONLY = ("columns", "details", "labels", "when", "where", "leave_out", "grid", "timeline", "doses", "chart",
              "screen_only_columns")
NOTES_ONLY = ("exclude", "only", "layout", "extra", "highlight")
NOTE_LAYOUTS = ("list", "steps")
RESERVED_NAMES = {"index"}  # index.html lists the sheets


@dataclass(frozen=True)
class Grid:
    """Rows laid out by two of their columns: one value per line (`down`) and per column (`across`)."""

    down: str
    across: str
    cell: str
    across_order: tuple[str, ...] = ()
    sort_by: str = ""
    more: tuple[str, ...] = ()  # columns shown under the cell's value, each after its heading
    print_flow: bool = False  # printed as blocks flowing in columns, not as a table
    across_labels: tuple[tuple[str, str], ...] = ()  # (value of `across`, the heading shown for it)


@dataclass(frozen=True)
class Timeline:
    """Rows drawn as bars from one number to another across a fixed axis (ages in months, say), each
    bar drawn as its row's kind says (routine, catch-up…), with a legend of what the kinds mean."""

    row: str
    mark: str
    start: str
    end: str
    note: str
    axis: tuple[tuple[str, float, float], ...]
    kind: str = ""
    kinds: tuple[tuple[str, str], ...] = ()  # (value of `kind`, its meaning in the legend); rows without one: the first

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(name for name in (self.row, self.mark, self.start, self.end, self.note, self.kind) if name)


@dataclass(frozen=True)
class Chart:
    """Rows drawn as points of lines: one line per `series` value, x and y from number columns."""

    x: str
    y: str
    series: str
    second_axis: str = ""
    x_ticks: tuple[float, ...] = ()
    y_ticks: tuple[float, ...] = ()
    print_pair: bool = False  # drawn narrow, printed half the page's width beside the next such chart

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(name for name in (self.x, self.y, self.series, self.second_axis) if name)


@dataclass(frozen=True)
class Doses:
    """Per-kg dose columns turned into a dose for each of a few body weights, within the row's caps."""

    weights: tuple[float, ...]
    per_kg: str
    unit: str
    per_kg_high: str = ""
    max_single: str = ""
    max_per_kg: str = ""
    min_single: str = ""
    words_only: tuple[str, ...] = ()  # row keys: shown, but no dose is worked out by weight
    per_kg_label: str = ""  # heading of a column of the dose per kg; none without it
    concentration: str = ""  # amount of the row's unit in 1 mL: with it, each dose gets its volume
    concentration_note: str = ""  # words shown with the concentration (which solution, and why that one)
    concentration_from_kg: str = ""  # lowest weight the concentration is used at; no volume below it

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(name for name in (self.per_kg, self.unit, self.concentration_note, *self.number_columns)
                     if name)

    @property
    def number_columns(self) -> tuple[str, ...]:
        """The columns the arithmetic reads as numbers: a dose per kg, the limits and the concentration."""
        return tuple(name for name in (self.per_kg, self.per_kg_high, self.max_single, self.max_per_kg,
                                       self.min_single, self.concentration, self.concentration_from_kg) if name)


@dataclass(frozen=True)
class TableSection:
    """One data table, as a table of the chosen columns, a grid or a timeline."""

    table_id: str
    title: str
    columns: tuple[str, ...]
    details: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    grid: Grid | None = None
    timeline: Timeline | None = None
    when: tuple[str, ...] = ()
    doses: Doses | None = None
    leave_out: tuple[str, ...] = ()
    location: Location = field(default=Location(""), compare=False)
    screen_only: bool = False
    chart: Chart | None = None
    where: tuple[tuple[str, str], ...] = ()  # (column, value as the sheet prints it): only rows holding these
    screen_only_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotesSection:
    """Notes chosen by tag (or by id, in order), shown as short facts: prompt and answer."""

    title: str
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    layout: str = "list"
    extra: bool = False
    highlight: bool = False
    location: Location = field(default=Location(""), compare=False)
    screen_only: bool = False


@dataclass(frozen=True)
class SheetRecipe:
    """One quick-reference sheet: its name (the file's stem), heading and sections in order."""

    name: str
    title: str
    order: int
    description: str
    topics: tuple[str, ...]
    sections: tuple[TableSection | NotesSection | GrowthChartSection, ...]
    location: Location = field(default=Location(""), compare=False)
    orientation: str = "portrait"  # of the printed page, whatever its paper

    @property
    def file_name(self) -> str:
        return f"{self.name}.html"


def load_sheet_recipes(folder: Path, content: Content,
                       content_root: Path | None = None) -> tuple[list[SheetRecipe], Report]:
    """Every valid recipe in `folder`, in index order, checked against `content` (and, given the content's
    folder, its growth reference tables); the report lists every problem found in the recipes (the
    content's own problems are in the content's report)."""
    folder = Path(folder)
    report = Report()
    if not folder.is_dir():
        raise ContentNotFoundError(
            f"no sheet recipes found at '{display_path(folder)}'; run genpeds from the project folder "
            "or pass --sheets DIR")
    recipes = []
    for path in list_folder(folder, report, "*.yaml") or ():
        recipe = _read_recipe(path, content, report)
        if recipe:
            recipes.append(recipe)
    recipes = _with_unnamed_tables(recipes, content)
    if not recipes and report.ok:
        report.error(Location(display_path(folder)), "no-recipes", "no sheet recipes (sheets/*.yaml) found")
    check_references(recipes, content, content_root, report)
    return sorted(recipes, key=lambda recipe: (recipe.order, recipe.name)), report


def _with_unnamed_tables(recipes: list[SheetRecipe], content: Content) -> list[SheetRecipe]:
    """Each recipe with, at its end, the tables of its topics that no sheet names: a new table appears
    without a recipe change, and a topic may spread its tables over several sheets (PALS by weight on
    one, fluids and seizures on another) without each sheet repeating the others'."""
    named = {section.table_id for recipe in recipes for section in recipe.sections
             if isinstance(section, TableSection)}
    completed = []
    for recipe in recipes:
        added = tuple(TableSection(table.id, table.title, _column_names(table), location=recipe.location)
                      for table in content.tables if table.topic in recipe.topics and table.id not in named)
        completed.append(replace(recipe, sections=recipe.sections + added) if added else recipe)
    return completed


def _read_recipe(path: Path, content: Content, report: Report) -> SheetRecipe | None:
    shown = display_path(path)
    if not SLUG.match(path.stem) or path.stem in RESERVED_NAMES:
        report.error(Location(shown), "bad-recipe-name",
                     f"sheet file name '{path.name}' must be a lower-case slug ending in .yaml, and not index.yaml")
        return None
    data = read_mapping_file(path, shown, report, "a sheet recipe is a mapping with title, order, topics, sections")
    if data is None:
        return None
    label = f"sheet '{path.stem}'"
    values = KeyReader(report).read(data, SHEET_KEYS, label)
    known_topics = {topic.name for topic in content.topics}
    for topic in values["topics"] or ():
        if topic not in known_topics:
            report.error(data.at("topics"), "unknown-topic", f"{label}: unknown topic '{topic}'",
                         did_you_mean(topic, known_topics) or f"topics: {', '.join(sorted(known_topics))}")
    sections = []
    for index, item in enumerate(values["sections"] or ()):
        section = _read_section(item, values["sections"], index, label, content, values["topics"] or (), report)
        if section:
            sections.append(section)
    if any(values[key.name] is None for key in SHEET_KEYS if key.required):
        return None
    return SheetRecipe(path.stem, values["title"], values["order"], values["description"] or "",
                       tuple(values["topics"]), tuple(sections), data.at(), values["orientation"] or "portrait")


def _read_section(item, items: YamlList, index: int, label: str, content: Content, topics: tuple[str, ...],
                  report: Report):
    where = items.at(index)
    if not isinstance(item, YamlMap):
        report.error(where, "bad-section", f"{label}: each section is a mapping starting with '- title: …'")
        return None
    label = f"{label} section {index + 1}" + (f" ('{item['title']}')" if isinstance(item.get("title"), str) else "")
    values = KeyReader(report).read(item, SECTION_KEYS, label)
    kinds = [key for key in ("table", "notes", "ids", "growth_chart") if key in item]
    if len(kinds) != 1:
        report.error(item.at(), "bad-section", f"{label}: give exactly one of 'table', 'notes', 'ids' or "
                     "'growth_chart'", "a section shows one data table, notes chosen by tag or by id, or a "
                     "growth reference chart")
        return None
    if values[kinds[0]] is None:
        return None
    if kinds[0] == "growth_chart":
        for name in (*TABLE_ONLY, *NOTES_ONLY):
            if name in item:
                report.error(item.at(name), "bad-section", f"{label}: '{name}' is not for growth chart sections")
        return read_growth_chart_section(item, values, label, report)
    if kinds[0] == "table":
        for name in NOTES_ONLY:
            if name in item:
                report.error(item.at(name), "bad-section", f"{label}: '{name}' is for notes sections")
        return _table_section(item, values, label, content, report)
    for name in TABLE_ONLY:
        if name in item:
            report.error(item.at(name), "bad-section", f"{label}: '{name}' is for table sections")
    return _notes_section(item, values, label, content, topics, report)


def _column_names(table: Table) -> tuple[str, ...]:
    return tuple(name for name, _ in table.columns)


def _table_section(item: YamlMap, values: dict, label: str, content: Content, report: Report):
    tables = {table.id: table for table in content.tables}
    table = tables.get(values["table"])
    if table is None:
        report.error(item.at("table"), "unknown-table", f"{label}: unknown table '{values['table']}'",
                     did_you_mean(values["table"], tables) or f"tables: {', '.join(sorted(tables))}")
        return None
    known = _column_names(table)

    def check(names, key: str) -> bool:
        return check_columns(names, known, item.at(key), report, label,
                             lambda name: f"'{name}' is not a column of table '{table.id}'")

    details = values["details"] or ()
    columns = values["columns"] or tuple(name for name in known if name not in details)
    labels = {}
    for name, heading in (values["labels"] or {}).items():
        if not isinstance(heading, str) or not heading.strip():
            report.error(values["labels"].at(name), "bad-value", f"{label}: the heading of '{name}' must be text")
        else:
            labels[name] = heading.strip()
    when = values["when"] or ()
    screen_only_columns = values["screen_only_columns"] or ()
    usable = (check(columns, "columns") & check(details, "details") & check(labels, "labels") & check(when, "when")
              & check(screen_only_columns, "screen_only_columns"))
    where = None
    if values["where"] is not None:
        where = _where(values["where"], table, label, report) if check(values["where"], "where") else None
        usable &= where is not None
    grid = None
    if values["grid"] is not None:
        grid_values = KeyReader(report).read(values["grid"], GRID_KEYS, f"{label} grid")
        if any(grid_values[key.name] is None for key in GRID_KEYS if key.required):
            return None
        named = [grid_values[name] for name in ("down", "across", "cell", "sort_by") if grid_values[name]]
        usable &= check([*named, *(grid_values["more"] or ())], "grid")
        across_labels = _across_labels(grid_values, f"{label} grid", report)
        usable &= across_labels is not None
        grid = Grid(grid_values["down"], grid_values["across"], grid_values["cell"],
                    tuple(grid_values["across_order"] or ()), grid_values["sort_by"] or "",
                    tuple(grid_values["more"] or ()), bool(grid_values["print_flow"]), across_labels or ())
    timeline = None
    if values["timeline"] is not None:
        timeline = _timeline(values["timeline"], f"{label} timeline", report)
        usable &= timeline is not None and check(timeline.columns, "timeline")
        usable = usable and _timeline_kinds(table, timeline, f"{label} timeline", report)
    doses = None
    if values["doses"] is not None:
        doses = _doses(values["doses"], f"{label} doses", report)
        usable &= doses is not None and check(doses.columns, "doses")
        usable = usable and _dose_numbers(table, doses, set(values["leave_out"] or ()), label, report)
    chart = None
    if values["chart"] is not None:
        chart = _chart(values["chart"], f"{label} chart", report)
        usable &= chart is not None and check(chart.columns, "chart")
        usable = usable and _chart_numbers(table, chart, label, report)
    if sum(layout is not None for layout in (grid, timeline, doses, chart)) > 1:
        report.error(item.at(), "bad-section", f"{label}: give one of 'grid', 'timeline', 'doses' or 'chart'")
        return None
    keys = {row.key for row in table.rows}
    named_rows = [(item, "leave_out", key) for key in values["leave_out"] or ()]
    if doses:
        named_rows += [(values["doses"], "words_only", key) for key in doses.words_only]
    for mapping, name, key in named_rows:
        if key not in keys:
            report.error(mapping.at(name), "unknown-row", f"{label}: table '{table.id}' has no row '{key}'",
                         did_you_mean(key, keys))
            usable = False
    if not usable:
        return None
    return TableSection(table.id, values["title"] or table.title, tuple(columns), tuple(details),
                        tuple(labels.items()), grid, timeline, tuple(when), doses,
                        tuple(values["leave_out"] or ()), item.at(), bool(values["screen_only"]), chart,
                        where or (), tuple(screen_only_columns))


def _where(mapping: YamlMap, table: Table, label: str, report: Report) -> tuple[tuple[str, str], ...] | None:
    """The (column, value) pairs a section's rows must hold. A value no row holds is a typo that would
    show an empty table or chart without a word, so it is an error naming the values the rows do hold."""
    pairs = []
    for column, wanted in mapping.items():
        if isinstance(wanted, bool) or not isinstance(wanted, (str, int, float)):
            report.error(mapping.at(column), "bad-value", f"{label}: 'where' gives '{column}' a value that is not "
                         "text or a number", f"write one value, e.g. {column}: {_first_value(table, column)}")
            return None
        held = list(dict.fromkeys(format_value(row.value(column)) for row in table.rows
                                  if row.value(column) is not None))
        if format_value(wanted) not in held:
            report.error(mapping.at(column), "unknown-value",
                         f"{label}: no row of table '{table.id}' holds '{format_value(wanted)}' in '{column}'",
                         did_you_mean(format_value(wanted), held) or f"values: {shorten(', '.join(held))}")
            return None
        pairs.append((column, format_value(wanted)))
    return tuple(pairs)


def _first_value(table: Table, column: str) -> str:
    return next((format_value(row.value(column)) for row in table.rows if row.value(column) is not None), "…")


def _chart(mapping: YamlMap, label: str, report: Report) -> Chart | None:
    values = KeyReader(report).read(mapping, CHART_KEYS, label)
    if any(values[key.name] is None for key in CHART_KEYS if key.required):
        return None
    ticks = {}
    for key, example in (("x_ticks", "e.g. [0, 24, 48]"), ("y_ticks", "e.g. [6, 8, 10, 12], from low to high")):
        ticks[key] = values[key] or []
        if not all(isinstance(t, (int, float)) and not isinstance(t, bool) for t in ticks[key]) \
                or ticks[key] != sorted(ticks[key]):
            report.error(mapping.at(key), "bad-value", f"{label}: '{key}' must list numbers, from low to high",
                         example)
            return None
    return Chart(values["x"], values["y"], values["series"], values["second_axis"] or "",
                 tuple(float(t) for t in ticks["x_ticks"]), tuple(float(t) for t in ticks["y_ticks"]),
                 bool(values["print_pair"]))


def _chart_numbers(table: Table, chart: Chart, label: str, report: Report) -> bool:
    """A row the chart draws has numbers where the chart reads them: text would draw nothing, silently.
    A number written as text ("16.0", kept for its trailing zero) is a number here."""
    return _numbers_only(table, (chart.x, chart.y, chart.second_axis), set(),
                         lambda value: math.isfinite(cell_number(value)), label, report, "chart-not-a-number",
                         "so the chart cannot place it", "write the number alone, without its unit")


def _doses(mapping: YamlMap, label: str, report: Report) -> Doses | None:
    values = KeyReader(report).read(mapping, DOSES_KEYS, label)
    if any(values[key.name] is None for key in DOSES_KEYS if key.required):
        return None
    weights = values["weights"]
    if not weights or not all(isinstance(w, (int, float)) and not isinstance(w, bool) and w > 0 for w in weights):
        report.error(mapping.at("weights"), "bad-value", f"{label}: 'weights' must list positive numbers (kg)")
        return None
    return Doses(tuple(float(w) for w in weights), values["per_kg"], values["unit"],
                 *(values[name] or "" for name in ("per_kg_high", "max_single", "max_per_kg", "min_single")),
                 tuple(values["words_only"] or ()), values["per_kg_label"] or "",
                 *(values[name] or "" for name in ("concentration", "concentration_note", "concentration_from_kg")))


def _dose_numbers(table: Table, doses: Doses, left_out: set[str], label: str, report: Report) -> bool:
    """Every dose per kg, limit and concentration the sheet computes with is a number: a limit written as
    text ("1 mg") would limit nothing, and the sheet would print doses above the maximum. A concentration
    is above 0: the volume is the dose divided by it."""
    numbers = _numbers_only(table, doses.number_columns, left_out, lambda value: isinstance(value, (int, float)),
                            label, report, "dose-not-a-number", "so the sheet could compute no dose or limit from it",
                            f"write the number alone; its unit is the row's '{doses.unit}' column")
    for row in table.rows if numbers and doses.concentration else ():
        value = row.value(doses.concentration)
        if row.key not in left_out and value is not None and not value > 0:
            report.error(row.location, "bad-concentration", f"{label}: row '{row.key}': '{doses.concentration}' is "
                         f"{format_value(value)}, so no volume could be worked out from it",
                         f"write the amount of the row's '{doses.unit}' in 1 mL, above 0 (0.1 for 0.1 mg/mL)")
            numbers = False
    return numbers


def _numbers_only(table: Table, columns, left_out: set[str], is_number, label: str, report: Report, code: str,
                  consequence: str, hint: str) -> bool:
    """Report, at its row, each value of `columns` that `is_number` refuses (true or false never counts);
    True when there is none."""
    fine = True
    for row in table.rows:
        if row.key in left_out:
            continue
        for column in (column for column in columns if column):
            value = row.value(column)
            if value is not None and (isinstance(value, bool) or not is_number(value)):
                report.error(row.location, code, f"{label}: row '{row.key}': '{column}' is "
                             f"'{shorten(str(value))}', not a number, {consequence}", hint)
                fine = False
    return fine


def _across_labels(grid_values: dict, label: str, report: Report) -> tuple[tuple[str, str], ...] | None:
    """The shorter headings of a grid's columns, each for a value the grid orders; None if one is unusable."""
    mapping = grid_values["across_labels"]
    if mapping is None:
        return ()
    ordered = grid_values["across_order"] or ()
    pairs = []
    for value, heading in mapping.items():
        if value not in ordered:
            report.error(mapping.at(value), "unknown-value", f"{label}: across_labels names '{value}', which "
                         "across_order does not list", "list it in across_order, or correct the spelling")
        elif not isinstance(heading, str) or not heading.strip():
            report.error(mapping.at(value), "bad-value", f"{label}: the heading of '{value}' must be text")
        else:
            pairs.append((value, heading.strip()))
            continue
        return None
    return tuple(pairs)

def _timeline(mapping: YamlMap, label: str, report: Report) -> Timeline | None:
    values = KeyReader(report).read(mapping, TIMELINE_KEYS, label)
    if any(values[key.name] is None for key in TIMELINE_KEYS if key.required):
        return None
    axis = []
    for index, entry in enumerate(values["axis"]):
        if (not isinstance(entry, list) or len(entry) != 3 or not isinstance(entry[0], str)
                or not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in entry[1:])
                or entry[1] > entry[2]):
            report.error(values["axis"].at(index), "bad-value",
                         f"{label}: each axis column is [heading, first, last] with first <= last",
                         "e.g. [2 mos, 2, 3]")
            return None
        axis.append((entry[0], float(entry[1]), float(entry[2])))
    kinds = values["kinds"] or {}
    if bool(values["kind"]) != bool(kinds):
        report.error(mapping.at("kind" if values["kind"] else "kinds"), "bad-value",
                     f"{label}: give both 'kind' (the column) and 'kinds' (what each of its values means)")
        return None
    if len(kinds) > len(BAR_STYLES) or not all(isinstance(text, str) and text.strip() for text in kinds.values()):
        report.error(mapping.at("kinds"), "bad-value",
                     f"{label}: 'kinds' gives each value its meaning in the legend, at most {len(BAR_STYLES)}",
                     "e.g. {routine: Recommended for all children, catch-up: Catch-up of missed doses}")
        return None
    return Timeline(values["row"], values["mark"], values["from"], values["to"], values["note"] or "", tuple(axis),
                    values["kind"] or "", tuple((str(name), text.strip()) for name, text in kinds.items()))


def _timeline_kinds(table: Table, timeline: Timeline, label: str, report: Report) -> bool:
    """Every row's kind is one the legend explains: an unknown one would draw a bar nobody can read."""
    known = [name for name, _ in timeline.kinds]
    fine = True
    for row in table.rows:
        value = row.value(timeline.kind) if timeline.kind else None
        if value is not None and str(value) not in known:
            report.error(row.location, "unknown-kind", f"{label}: row '{row.key}': '{timeline.kind}' is "
                         f"'{shorten(str(value))}', not one of the kinds the legend explains",
                         did_you_mean(str(value), known) or f"kinds: {', '.join(known)}")
            fine = False
    return fine


def _notes_section(item: YamlMap, values: dict, label: str, content: Content,
                   topics: tuple[str, ...], report: Report):
    if values["title"] is None:
        report.error(item.at(), "missing-key", f"{label}: a notes section needs a 'title'")
        return None
    layout = values["layout"] or "list"
    if layout not in NOTE_LAYOUTS:
        report.error(item.at("layout"), "bad-value", f"{label}: unknown layout '{layout}'",
                     did_you_mean(layout, NOTE_LAYOUTS) or f"layouts: {', '.join(NOTE_LAYOUTS)}")
        return None
    vocabulary = Vocabulary(dict(content.tags))
    include, exclude, only = values["notes"] or (), values["exclude"] or (), values["only"] or ()
    known_tags = True
    for key, tags in (("notes", include), ("exclude", exclude), ("only", only)):
        for tag in tags:
            known_tags &= vocabulary.check_selector(tag, item.at(key), label, report)
    ids = values["ids"] or ()
    known = {note.id for note in content.notes}
    for note_id in ids:
        if note_id not in known:
            report.error(item.at("ids"), "unknown-note", f"{label}: no note has the id '{note_id}'",
                         did_you_mean(note_id, known) or "a retired or renamed note must leave the sheet too")
    section = NotesSection(values["title"], tuple(include), tuple(exclude), tuple(ids), tuple(only), layout,
                           bool(values["extra"]), bool(values["highlight"]), item.at(), bool(values["screen_only"]))
    if include and known_tags and not section_notes(section, content.notes, topics):
        report.warning(item.at("notes"), "empty-section", f"{label}: no note matches; the section is left out")
    return section


def section_notes(section: NotesSection, notes, topics) -> list[Note]:
    """The notes a section shows, in content order (or in the order of its ids).

    By tag, a section picks among the notes tagged under the sheet's topics, leaving out notes made
    from a table (the sheet shows the table itself) and retired notes.
    """
    if section.ids:
        by_id = {note.id: note for note in notes}
        return [by_id[note_id] for note_id in section.ids if note_id in by_id]
    branches = [topic_tag(topic) for topic in topics]
    return [note for note in select_notes(notes, section.include, (*section.exclude, RETIRED_TAG))
            if note.origin is None and has_tag_under(note, branches)
            and (not section.only or has_tag_under(note, section.only))]
