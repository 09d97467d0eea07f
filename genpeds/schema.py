"""The keys every kind of content block and recipe may have, the kinds of value they hold, declared
once, and the reader that checks them.

Each `Key` says what a key holds in one line, naming its kind: a row of `KINDS`. The same declarations
drive validation, the error messages, the editor's JSON Schema and the documentation of the format.
To add a key, declare it here; to add a kind of value, add a row to `KINDS` (and a class in `kinds`
only if no existing one fits).
"""

from __future__ import annotations

import re

from .diagnostics import Report, did_you_mean
from .kinds import (
    Choice,
    Columns,
    Date,
    Entries,
    Flag,
    Key,
    Kind,
    List,
    Mapping,
    Pattern,
    SourceRefs,
    Text,
    Value,
    WholeNumber,
    Words,
    Year,
)
from .loading import YamlMap

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLUMN = re.compile(r"^[a-z][a-z0-9_]*$")
_SLUG_TEXT = SLUG.pattern[1:-1]
# A note id: authored ids are slugs; generated ones are table/row/rule, so at most three slugs.
NOTE_ID = re.compile(rf"^{_SLUG_TEXT}(/{_SLUG_TEXT}){{0,2}}$")
# A tag: the root, then slugs joined by '::'. Anki splits tags at white space and ignores their case,
# so a space or a capital would give students a different tag than the one declared.
TAG = re.compile(r"^genpeds(::[a-z0-9]+(-[a-z0-9]+)*)*$")
# A teaching-order entry: a file name, a table, table/row, table/*/rule or a note id.
TEACHING_ENTRY = re.compile(
    rf"^(?:{_SLUG_TEXT}\.yaml|{_SLUG_TEXT}(?:/{_SLUG_TEXT}){{0,2}}|{_SLUG_TEXT}/\*/{_SLUG_TEXT})$")


NOTE_KEYS = (
    Key("id", "slug", "Permanent id of the note; never change it once released.", required=True),
    Key("type", "note-type", "basic (front and back) or cloze (text with {{c1::…}}).", required=True),
    Key("front", "text", "Basic notes: the question, with its context."),
    Key("back", "text", "Basic notes: the short answer."),
    Key("text", "text", "Cloze notes: the sentence with {{c1::…}} deletions."),
    Key("extra", "text", "Optional: why, a mnemonic, or what changed."),
    Key("tags", "tags", "Tags from the vocabulary; at least one of the note's own topic.", required=True),
    Key("sources", "source-refs", "Where each fact can be checked: source id and locator.", required=True),
    Key("reviewed", "date", "Date the note was last checked against its sources (default: the file's)."),
    Key("growth_chart", "mapping", "Optional: a growth chart the build draws under the question (reference, "
        "sex, to_months, and the child's measurements as points: [age in months, percentile])."),
)
FIELDS_BY_TYPE = {"basic": ("front", "back"), "cloze": ("text",)}
ORIENTATIONS = ("portrait", "landscape")  # how a sheet prints

SOURCE_REF_KEYS = (
    Key("source", "slug", "Id of an entry in content/sources/.", required=True),
    Key("locator", "string", "Where in the document: section, table, figure, page.", required=True),
)
TABLE_SOURCE_REF_KEYS = (
    *SOURCE_REF_KEYS,
    Key("for", "columns-list", "The columns it supports; a row's card that shows none of them does not cite it."),
)

SOURCE_KEYS = (
    Key("body", "string", "Who published it (AAP, CDC/ACIP, AHA, …).", required=True),
    Key("document", "string", "Title of the document.", required=True),
    Key("year", "year", "Year of publication or of the version cited.", required=True),
    Key("version", "string", "Edition, journal reference or schedule version."),
    Key("url", "url", "Where anyone can read it.", required=True),
    Key("superseded_by", "slug", "Id of the newer source that replaces this one."),
    Key("label", "string", "Short name cards and sheets print: body and short title ('AAP · hyperbilirubinemia CPG').",
        required=True),
)

TOPIC_KEYS = (
    Key("title", "string", "Name of the topic as students see it.", required=True),
    Key("deck", "string", "Anki subdeck under the root deck; frozen once released.", required=True),
    Key("order", "int", "Position of the topic in the deck tree and in study order.", required=True),
    Key("description", "text", "Markdown shown in Anki's deck overview.", required=True),
    Key("tags", "tag-vocabulary", "The topic's tags, each with a one-line description.", required=True),
    Key("teaching_order", "teaching-order",
        "The order new cards reach a student, foundations first: files, tables, table/row, table/*/rule, note ids."),
    Key("min_vignette_percent", "int", "The least share of the topic's notes, in percent, that are vignettes."),
)

TAGS_FILE_KEYS = (Key("tags", "tag-vocabulary", "Cross-cutting tags with descriptions.", required=True),)
SOURCES_FILE_KEYS = (Key("sources", "mapping", "Source id → body, document, year, url.", required=True),)
NOTES_FILE_KEYS = (
    Key("notes", "list", "The notes of this file, in study order.", required=True),
    Key("reviewed", "date", "Default reviewed date of every note of the file."),
)
TABLE_FILE_KEYS = (Key("table", "mapping", "One data table and the rules that make cards.", required=True),)

TABLE_KEYS = (
    Key("id", "slug", "Permanent id of the table; part of every generated note id.", required=True),
    Key("title", "string", "Name of the table as printed on sheets.", required=True),
    Key("description", "text", "What the table holds."),
    Key("columns", "columns", "Each column a row may use, with what it holds.", required=True),
    Key("tags", "tags", "Tags added to every card made from this table."),
    Key("sources", "table-source-refs", "Default sources of every row."),
    Key("reviewed", "date", "Default reviewed date of every row."),
    Key("rows", "list", "The rows, each with a permanent key.", required=True),
    Key("cards", "card-rules", "Rules that turn each row into notes; [] for a table whose rows only feed sheets.",
        required=True),
)

ROW_KEYS = (
    Key("key", "slug", "Permanent key of the row; part of every note id made from it.", required=True),
    Key("tags", "tags", "Tags added to this row's cards."),
    Key("sources", "table-source-refs", "Sources of this row, replacing the table's."),
    Key("sources_add", "table-source-refs",
        "Sources the table's lack for this row; one the table already cites takes this locator instead."),
    Key("sources_omit", "source-ids", "Sources of the table that do not support this row."),
    Key("reviewed", "date", "Reviewed date of this row, replacing the table's."),
    Key("chart_only", "bool", "true: the row only feeds a sheet's chart (a catch-up range, a curve's extra "
        "points): no card is made from it and sheet tables leave it out."),
)

RULE_KEYS = (
    Key("rule", "slug", "Permanent name of the rule; part of every note id it makes.", required=True),
    Key("type", "note-type", "basic or cloze.", required=True),
    Key("front", "text", "Template of the question; {column} is the row's value."),
    Key("back", "text", "Template of the answer."),
    Key("text", "text", "Template of a cloze text."),
    Key("extra", "text", "Template of the extra field; {column?} may be empty."),
    Key("when", "columns-list", "Rows lacking any of these columns get no card."),
    Key("group_by", "column", "Rows sharing this column's value (a slug) make one note together."),
    Key("item", "text", "With group_by: written once per row of the group into {items}."),
    Key("tags", "tags", "Tags added to every card of this rule."),
    Key("sources_omit", "source-ids", "Sources of the rows that do not support this rule's cards."),
    Key("tags_omit", "tags", "Tags of the table or its rows that do not fit this rule's cards."),
)

OUTLINE_FILE_KEYS = (Key("outline", "list", "The topic's canon, in teaching order: items, each with an id.",
                         required=True),)
OUTLINE_ITEM_KEYS = (
    Key("id", "slug", "Permanent slug of the item, unique in the topic.", required=True),
    Key("title", "string", "What the item is, as a review text would head it.", required=True),
    Key("items", "list", "A heading's sub-items (then it has no notes of its own)."),
    Key("notes", "teaching-order", "What teaches it: note ids, table-id/row-key, table-id/*/rule."),
    Key("out_of_scope", "string", "Why the deck deliberately leaves it out (instead of notes)."),
)

RETIRED_FILE_KEYS = (Key("retired", "list", "Released notes withdrawn from the content.", required=True),)
RETIREMENT_KEYS = (
    Key("id", "note-id", "The id of the released note being withdrawn.", required=True),
    Key("date", "date", "The date it was withdrawn.", required=True),
    Key("reason", "string", "Why, in one line students will read (e.g. 'merged into …').", required=True),
)

RECIPE_KEYS = (
    Key("title", "string", "Name of the deck build, shown in the root deck's description.", required=True),
    Key("description", "text", "What the deck contains (Markdown).", required=True),
    Key("include", "tags", "Tags to include; each matches every tag below it.", required=True),
    Key("exclude", "tags", "Tags to leave out."),
)


SHEET_KEYS = (
    Key("title", "string", "Name of the sheet, printed as its heading and in the index.", required=True),
    Key("order", "int", "Position of the sheet in the index.", required=True),
    Key("description", "text", "One or two lines under the title (Markdown)."),
    Key("topics", "topics", "Topic folders of the sheet; their tables that no section names are added at the end.",
        required=True),
    Key("sections", "list", "The sections, top to bottom: each shows one table or a selection of notes.",
        required=True),
    Key("orientation", "orientation", "How the sheet prints: 'portrait' (the default) or 'landscape', on A4 or "
        "US Letter alike."),
)
SECTION_KEYS = (
    Key("title", "string", "Heading of the section (a table section defaults to the table's title)."),
    Key("table", "slug", "Table section: id of the data table shown."),
    Key("columns", "columns-list", "Table section: the columns shown, in order (default: all but 'details')."),
    Key("details", "columns-list", "Table section: columns gathered into one last 'Notes' column."),
    Key("labels", "mapping", "Table section: column → heading, where the column's name reads badly."),
    Key("screen_only_columns", "columns-list", "Table section: columns shown on screen and left out of print "
        "(a long comment, say; the same for 'details' columns)."),
    Key("when", "columns-list", "Table section: only rows that fill all of these columns."),
    Key("where", "row-filter", "Table section: only rows that hold these values, e.g. {risk_factors: none}."),
    Key("leave_out", "row-keys", "Table section: keys of rows this section does not show (say why in a comment)."),
    Key("grid", "mapping", "Table section: lay the rows out as a grid (down, across, cell)."),
    Key("timeline", "mapping", "Table section: draw the rows as bars on an axis (row, mark, from, to, axis)."),
    Key("doses", "mapping", "Table section: add one computed dose column per body weight (per_kg, unit, …)."),
    Key("chart", "mapping", "Table section: draw the rows as a line chart, one line per series (x, y, series)."),
    Key("growth_chart", "mapping", "Growth chart section: one sex's percentile curves of a growth reference table "
        "(reference, sex, to_months)."),
    Key("notes", "tags", "Notes section: tags of the notes shown; each matches every tag below it."),
    Key("exclude", "tags", "Notes section: tags of notes left out."),
    Key("only", "tags", "Notes section: keep only notes that also carry one of these tags (e.g. high-yield)."),
    Key("ids", "note-ids", "Notes section: ids of the notes shown, in this order (instead of 'notes')."),
    Key("layout", "string", "Notes section: 'list' (the default) or 'steps' (numbered, one after another)."),
    Key("extra", "bool", "Notes section: also show each note's extra field (true or false)."),
    Key("highlight", "bool", "Notes section: set the section apart in a heavy box, for red flags (true or false)."),
    Key("screen_only", "bool", "Show the section on screen but leave it out of print: background a sheet pinned to "
        "a wall can do without, such as policy history (true or false)."),
)
GRID_KEYS = (
    Key("down", "string", "Column whose values head the grid's rows (e.g. age).", required=True),
    Key("sort_by", "string", "Column holding a number that orders the grid's rows (default: row order)."),
    Key("across", "string", "Column whose values head the grid's columns (e.g. domain).", required=True),
    Key("cell", "string", "Column shown in each cell.", required=True),
    Key("more", "columns-list", "Columns shown under each cell's value, each after its heading (see 'labels')."),
    Key("across_order", "column-values",
        "Values of 'across' in the order shown; other values follow in row order."),
    Key("across_labels", "mapping", "Values of 'across' → the shorter heading shown for each (e.g. "
        "social/emotional: Social); each must be listed in 'across_order'."),
    Key("print_flow", "bool", "Print each line as a block, its cells one after another under their headings, "
        "the blocks flowing in columns: for long text that would leave most of a printed row blank (true or false)."),
)
TIMELINE_KEYS = (
    Key("row", "string", "Column whose values head the chart's lines (e.g. vaccine).", required=True),
    Key("mark", "string", "Column printed in each bar where it fits (e.g. grid_label: '1st', 'catch-up').",
        required=True),
    Key("from", "string", "Column holding the number where a bar starts (e.g. age_from_months).", required=True),
    Key("to", "string", "Column holding the number where a bar ends, inclusive (e.g. age_to_months).",
        required=True),
    Key("note", "string", "Column shown when pointing at a bar (e.g. the age as text)."),
    Key("axis", "list", "The chart's columns, each [heading, first, last] on the from/to scale.", required=True),
    Key("kind", "string", "Column saying what each bar means, one of the values 'kinds' explains (e.g. grid_kind)."),
    Key("kinds", "mapping", "Each value of 'kind' → its meaning in the legend, in order: drawn plain, hatched, "
        "dotted, striped (yellow, green, purple, blue); rows without a value are the first."),
)
CHART_KEYS = (
    Key("x", "string", "Column holding each point's x value, a number (e.g. age_hours).", required=True),
    Key("y", "string", "Column holding each point's y value, a number (e.g. tsb_mg_dl).", required=True),
    Key("series", "string", "Column whose values name the lines, one line per value (e.g. curve_label).",
        required=True),
    Key("second_axis", "string", "Column holding y in another unit (e.g. tsb_umol_l), labelled on the right."),
    Key("x_ticks", "list", "The x values marked on the axis, e.g. [0, 24, 48, 72, 96] (default: round numbers)."),
    Key("y_ticks", "list", "The y values marked on the axis, e.g. [6, 8, 10, 12] (default: round numbers from 0)."),
    Key("print_pair", "bool", "true: drawn narrow, to print half the page's width beside the next such chart, its "
        "text still 8 pt or more (true or false)."),
)
GROWTH_CHART_KEYS = (
    Key("reference", "slug", "Id of a growth reference table in content/reference/growth/ (e.g. "
        "who-2006-length-for-age).", required=True),
    Key("sex", "string", "Whose curves: 'boys' or 'girls'.", required=True),
    Key("to_months", "int", "Draw the curves up to this age in months (default: the table's last age)."),
)
NOTE_CHART_KEYS = (
    *GROWTH_CHART_KEYS,
    Key("points", "list", "The child's measurements, each [age in months, percentile], e.g. [[9, 75], [12, 40]]; "
        "the build places each on the reference curve of that percentile.", required=True),
)
DOSES_KEYS = (
    Key("weights", "list", "Body weights in kg, one column each, e.g. [3, 5, 10, 15, 20, 25, 30, 40].",
        required=True),
    Key("per_kg", "string", "Column holding the dose per kg, a number.", required=True),
    Key("unit", "string", "Column holding the unit of dose × weight (mg, mL, J, …).", required=True),
    Key("per_kg_high", "string", "Column holding the upper end of a per-kg range, a number."),
    Key("max_single", "string", "Column holding the maximum single dose, a number in the row's unit."),
    Key("max_per_kg", "string", "Column holding a cap per kg on a single dose, a number."),
    Key("min_single", "string", "Column holding the minimum single dose, a number in the row's unit."),
    Key("per_kg_label", "string", "Heading of a column giving each row's dose per kg, before the weights "
        "(default: no such column)."),
    Key("words_only", "row-keys", "Keys of rows shown with their dose in words only, no dose worked out by weight "
        "(a cap the numbers cannot hold, such as 'or the adult dose'; say why in a comment)."),
    Key("concentration", "string", "Column holding the strength of the solution the volumes are drawn from: the "
        "amount of the row's unit in 1 mL, a number (0.1 for 0.1 mg/mL). With it, each dose by weight gets its "
        "volume in mL, and a column shows the concentration."),
    Key("concentration_note", "string", "Column of words shown with the concentration: the solution's name and, "
        "where several strengths are in use, that the sheet uses this one."),
    Key("concentration_from_kg", "string", "Column holding the lowest body weight the concentration is used at, a "
        "number; below it no volume is worked out (the note says which solution to use)."),
)


def _kind_table(*kinds: Kind) -> dict[str, Kind]:
    """The kinds by name, as keys name them; a name given twice would let one row hide another."""
    table = {kind.name: kind for kind in kinds}
    assert len(table) == len(kinds), "two kinds share a name"
    return table


# Every kind of value a key may hold, one row each: the reader checks with it, the editor schema
# describes with it, and its error shows its example.
KINDS = _kind_table(
    Text("text"),
    Text("string", strip=True),
    Pattern("slug", SLUG, "'{value}' is not a valid id",
            "use lower-case letters, digits and single hyphens, e.g. 'hepb-birth-dose'"),
    # `check` takes any slugs joined by '/', and then says whether such a note exists.
    Pattern("note-id", re.compile(rf"^{_SLUG_TEXT}(/{_SLUG_TEXT})*$"), "'{value}' is not a note id",
            schema_pattern=NOTE_ID),
    Pattern("url", re.compile(r"^https?://\S+$"), "must be an http(s) address"),
    Pattern("column", COLUMN, "must name a column"),
    Choice("note-type", tuple(FIELDS_BY_TYPE), "note type"),
    Choice("orientation", ORIENTATIONS, "orientation"),
    Date("date"),
    WholeNumber("int"),
    Year("year", first=1900, last=2100),
    Flag("bool"),
    Words("tags", "words", "[genpeds::vaccines::hepb]", TAG),
    Words("topics", "topics", "[vaccines]", SLUG),
    Words("note-ids", "note ids", "[jaundice-tcb-confirm-with-tsb]", NOTE_ID),
    Words("row-keys", "row keys", "[defibrillation-subsequent]", SLUG),
    Words("columns-list", "column names", "[vaccine, dose]", COLUMN, strict=True),
    Words("column-values", "column values", "[social/emotional, language/communication]"),
    Entries("teaching-order", TEACHING_ENTRY, "is not a file name or id",
            "write a file name (notes.yaml), a table id, table-id/row-key, table-id/*/rule or a note id",
            example="schedule-table.yaml"),
    Entries("source-ids", SLUG, "is not a source id", "write the id of a source, as in content/sources/",
            example="cdc-gbp-timing-spacing-2024"),
    SourceRefs("source-refs", SOURCE_REF_KEYS, example="- source: aap-hyperbilirubinemia-2022\n    locator: Figure 2"),
    SourceRefs("table-source-refs", TABLE_SOURCE_REF_KEYS,
               example="- source: aap-hyperbilirubinemia-2022\n    locator: Figure 2\n    for: [threshold]",
               definition="table_source_ref"),
    Mapping("mapping"),
    Mapping("row-filter", problem="must map column names to the values rows hold, e.g. {risk_factors: none}"),
    Columns("columns", COLUMN, reserved=tuple(key.name for key in ROW_KEYS)),
    Mapping("tag-vocabulary", TAG),
    List("list"),
    List("card-rules", hint="a table whose rows only feed sheets, and make no cards, says 'cards: []'"),
)


# (id of a key declaration, extra names) → (the declaration, kept so its id stays its own; the names).
_KNOWN_NAMES: dict[tuple[int, tuple[str, ...]], tuple[tuple[Key, ...], frozenset[str]]] = {}


def _known_names(keys: tuple[Key, ...], extra_keys: tuple[str, ...]) -> frozenset[str]:
    """The key names a mapping may hold: worked out once per declaration, not once per note (a
    declaration is looked up by identity: hashing its keys would cost more than the set it saves)."""
    found = _KNOWN_NAMES.get((id(keys), extra_keys))
    if found is None:
        found = _KNOWN_NAMES[id(keys), extra_keys] = (keys, frozenset(key.name for key in keys) | frozenset(extra_keys))
    return found[1]


class KeyReader:
    """Checks one YAML mapping against its declared keys, reporting every problem with its line."""

    def __init__(self, report: Report):
        self.report = report

    def read(self, mapping, keys: tuple[Key, ...], label: str, extra_keys=()) -> dict | None:
        """Validated values by key name (absent or invalid keys map to None); None if not a mapping."""
        if not isinstance(mapping, YamlMap):
            return None
        known = _known_names(keys, tuple(extra_keys))
        for name in mapping:
            if name not in known:
                self.report.error(mapping.at(name), "unknown-key", f"{label}: unknown key '{name}'",
                                  did_you_mean(name, known) or f"allowed keys: {', '.join(sorted(known))}")
        values = {}
        for key in keys:
            raw = mapping.get(key.name)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if key.required:
                    state = "is empty" if key.name in mapping else "is missing"
                    self.report.error(mapping.at(key.name), "missing-key",
                                      f"{label}: '{key.name}' {state}", key.description)
                values[key.name] = None
                continue
            values[key.name] = KINDS[key.kind].read(raw, Value(self, mapping, label, key.name))
        return values
