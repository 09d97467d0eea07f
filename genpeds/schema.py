"""The keys every kind of content block may have, declared once, and the reader that checks them.

Each `Key` says what a content key holds in one line; the same declarations drive validation, the
error messages and the documentation of the format.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .diagnostics import Report, did_you_mean, shorten
from .loading import YamlList, YamlMap

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLUMN = re.compile(r"^[a-z][a-z0-9_]*$")
_SLUG_TEXT = SLUG.pattern[1:-1]
# A tag: the root, then slugs joined by '::'. Anki splits tags at white space and ignores their case,
# so a space or a capital would give students a different tag than the one declared.
TAG = re.compile(r"^genpeds(::[a-z0-9]+(-[a-z0-9]+)*)*$")
# A teaching-order entry: a file name, a table, table/row, table/*/rule or a note id.
TEACHING_ENTRY = re.compile(
    rf"^(?:{_SLUG_TEXT}\.yaml|{_SLUG_TEXT}(?:/{_SLUG_TEXT}){{0,2}}|{_SLUG_TEXT}/\*/{_SLUG_TEXT})$")


@dataclass(frozen=True)
class Key:
    """One content key: its name, the kind of value it holds, whether it is required, what it means."""

    name: str
    kind: str
    required: bool
    description: str


NOTE_KEYS = (
    Key("id", "slug", True, "Permanent id of the note; never change it once released."),
    Key("type", "note-type", True, "basic (front and back) or cloze (text with {{c1::…}})."),
    Key("front", "text", False, "Basic notes: the question, with its context."),
    Key("back", "text", False, "Basic notes: the short answer."),
    Key("text", "text", False, "Cloze notes: the sentence with {{c1::…}} deletions."),
    Key("extra", "text", False, "Optional: why, a mnemonic, or what changed."),
    Key("tags", "tags", True, "Tags from the vocabulary; at least one of the note's own topic."),
    Key("sources", "source-refs", True, "Where each fact can be checked: source id and locator."),
    Key("reviewed", "date", True, "Date the note was last checked against its sources."),
)
FIELDS_BY_TYPE = {"basic": ("front", "back"), "cloze": ("text",)}

SOURCE_REF_KEYS = (
    Key("source", "slug", True, "Id of an entry in content/sources/."),
    Key("locator", "string", True, "Where in the document: section, table, figure, page."),
)

SOURCE_KEYS = (
    Key("body", "string", True, "Who published it (AAP, CDC/ACIP, AHA, …)."),
    Key("document", "string", True, "Title of the document."),
    Key("year", "year", True, "Year of publication or of the version cited."),
    Key("version", "string", False, "Edition, journal reference or schedule version."),
    Key("url", "url", True, "Where anyone can read it."),
    Key("superseded_by", "slug", False, "Id of the newer source that replaces this one."),
)

TOPIC_KEYS = (
    Key("title", "string", True, "Name of the topic as students see it."),
    Key("deck", "string", True, "Anki subdeck under the root deck; frozen once released."),
    Key("order", "int", True, "Position of the topic in the deck tree and in study order."),
    Key("description", "text", True, "Markdown shown in Anki's deck overview."),
    Key("tags", "tag-vocabulary", True, "The topic's tags, each with a one-line description."),
    Key("teaching_order", "teaching-order", False,
        "The order new cards reach a student, foundations first: files, tables, table/row, table/*/rule, note ids."),
)

TAGS_FILE_KEYS = (Key("tags", "tag-vocabulary", True, "Cross-cutting tags with descriptions."),)
SOURCES_FILE_KEYS = (Key("sources", "mapping", True, "Source id → body, document, year, url."),)
NOTES_FILE_KEYS = (Key("notes", "list", True, "The notes of this file, in study order."),)
TABLE_FILE_KEYS = (Key("table", "mapping", True, "One data table and the rules that make cards."),)

TABLE_KEYS = (
    Key("id", "slug", True, "Permanent id of the table; part of every generated note id."),
    Key("title", "string", True, "Name of the table as printed on sheets."),
    Key("description", "text", False, "What the table holds."),
    Key("columns", "columns", True, "Each column a row may use, with what it holds."),
    Key("tags", "tags", False, "Tags added to every card made from this table."),
    Key("sources", "source-refs", False, "Default sources of every row."),
    Key("reviewed", "date", False, "Default reviewed date of every row."),
    Key("rows", "list", True, "The rows, each with a permanent key."),
    Key("cards", "list", True, "Rules that turn each row into notes."),
)

ROW_KEYS = (
    Key("key", "slug", True, "Permanent key of the row; part of every note id made from it."),
    Key("tags", "tags", False, "Tags added to this row's cards."),
    Key("sources", "source-refs", False, "Sources of this row, replacing the table's."),
    Key("reviewed", "date", False, "Reviewed date of this row, replacing the table's."),
)

RULE_KEYS = (
    Key("rule", "slug", True, "Permanent name of the rule; part of every note id it makes."),
    Key("type", "note-type", True, "basic or cloze."),
    Key("front", "text", False, "Template of the question; {column} is the row's value."),
    Key("back", "text", False, "Template of the answer."),
    Key("text", "text", False, "Template of a cloze text."),
    Key("extra", "text", False, "Template of the extra field; {column?} may be empty."),
    Key("when", "columns-list", False, "Rows lacking any of these columns get no card."),
    Key("group_by", "column", False, "Rows sharing this column's value (a slug) make one note together."),
    Key("item", "text", False, "With group_by: written once per row of the group into {items}."),
    Key("tags", "tags", False, "Tags added to every card of this rule."),
)

RETIRED_FILE_KEYS = (Key("retired", "list", True, "Released notes withdrawn from the content."),)
RETIREMENT_KEYS = (
    Key("id", "note-id", True, "The id of the released note being withdrawn."),
    Key("date", "date", True, "The date it was withdrawn."),
    Key("reason", "string", True, "Why, in one line students will read (e.g. 'merged into …')."),
)

RECIPE_KEYS = (
    Key("title", "string", True, "Name of the deck build, shown in the root deck's description."),
    Key("description", "text", True, "What the deck contains (Markdown)."),
    Key("include", "tags", True, "Tags to include; each matches every tag below it."),
    Key("exclude", "tags", False, "Tags to leave out."),
)


class KeyReader:
    """Checks one YAML mapping against its declared keys, reporting every problem with its line."""

    def __init__(self, report: Report):
        self.report = report

    def read(self, mapping, keys: tuple[Key, ...], label: str, extra_keys=()) -> dict | None:
        """Validated values by key name (absent or invalid keys map to None); None if not a mapping."""
        if not isinstance(mapping, YamlMap):
            return None
        known = {key.name for key in keys} | set(extra_keys)
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
            values[key.name] = self.value(raw, key, mapping, label)
        return values

    def value(self, raw, key: Key, mapping: YamlMap, label: str):
        where = mapping.at(key.name)
        what = f"{label}: '{key.name}'"
        kind = key.kind
        if kind in ("text", "string"):
            if isinstance(raw, dt.date):  # an unquoted date is still text here
                raw = raw.isoformat()
            if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
                return self._bad(where, what, "must be text", "put the text in quotes")
            return str(raw).strip() if kind == "string" else str(raw)
        if kind == "slug":
            if not isinstance(raw, str) or not SLUG.match(raw):
                return self._bad(where, what, f"'{shorten(raw)}' is not a valid id",
                                 "use lower-case letters, digits and single hyphens, e.g. 'hepb-birth-dose'")
            return raw
        if kind == "note-id":  # authored ids are slugs; generated ones are table/row/rule
            if not isinstance(raw, str) or not all(SLUG.match(part) for part in raw.split("/")):
                return self._bad(where, what, f"'{shorten(raw)}' is not a note id")
            return raw
        if kind == "note-type":
            if not isinstance(raw, str) or raw not in FIELDS_BY_TYPE:
                return self._bad(where, what, f"unknown note type '{shorten(raw)}'",
                                 did_you_mean(str(raw), FIELDS_BY_TYPE) or "use 'basic' or 'cloze'")
            return raw
        if kind == "date":
            return self._date(raw, where, what)
        if kind in ("int", "year"):
            if isinstance(raw, bool) or not isinstance(raw, int):
                return self._bad(where, what, "must be a whole number")
            if kind == "year" and not 1900 <= raw <= 2100:
                return self._bad(where, what, f"{shorten(raw)} is not a plausible year")
            return raw
        if kind == "url":
            if not isinstance(raw, str) or not re.match(r"^https?://\S+$", raw):
                return self._bad(where, what, "must be an http(s) address")
            return raw
        if kind == "column":
            if not isinstance(raw, str) or not COLUMN.match(raw):
                return self._bad(where, what, "must name a column")
            return raw
        if kind in ("tags", "columns-list"):
            return self._string_list(raw, where, what, COLUMN if kind == "columns-list" else None)
        if kind == "source-refs":
            return self._source_refs(raw, where, what, label)
        if kind in ("mapping", "columns", "tag-vocabulary"):
            if not isinstance(raw, YamlMap) or not raw:
                return self._bad(where, what, "must be a mapping of names to descriptions")
            if kind == "columns":
                for name in raw:
                    if not COLUMN.match(name) or name in {k.name for k in ROW_KEYS}:
                        self.report.error(raw.at(name), "bad-column", f"{label}: column name '{name}' is not allowed",
                                          "use lower-case words joined by '_'; "
                                          "key, tags, sources, reviewed are reserved")
            return raw
        if kind == "teaching-order":
            if not isinstance(raw, YamlList) or not raw:
                return self._bad(where, what, "must be a list (each item starting with '- ')",
                                 "e.g. - schedule-table.yaml")
            entries = []
            for index, item in enumerate(raw):
                if isinstance(item, str) and TEACHING_ENTRY.match(item):
                    entries.append((item, raw.at(index)))
                else:
                    self.report.error(raw.at(index), "bad-value", f"{what}: '{shorten(item)}' is not a file name or id",
                                      "write a file name (notes.yaml), a table id, table-id/row-key, "
                                      "table-id/*/rule or a note id")
            return tuple(entries)
        if kind == "list":
            if not isinstance(raw, YamlList):
                return self._bad(where, what, "must be a list (each item starting with '- ')")
            return raw
        raise AssertionError(f"undeclared key kind {kind}")

    def _bad(self, where, what, problem, hint=""):
        self.report.error(where, "bad-value", f"{what} {problem}", hint)
        return None

    def _date(self, raw, where, what):
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            return self._bad(where, what, f"'{shorten(raw)}' is not a date", "write it as YYYY-MM-DD")

    def _string_list(self, raw, where, what, pattern):
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            return self._bad(where, what, "must be a list of words, e.g. [genpeds::vaccines::hepb]")
        if pattern and not all(pattern.match(item) for item in raw):
            return self._bad(where, what, "must list column names")
        return tuple(raw)

    def _source_refs(self, raw, where, what, label):
        if not isinstance(raw, YamlList) or not raw:
            return self._bad(where, what, "must be a list of '- source: …' / 'locator: …' entries")
        refs = []
        for index, item in enumerate(raw):
            if not isinstance(item, YamlMap):
                self.report.error(raw.at(index), "bad-value",
                                  f"{label}: each source needs 'source:' and 'locator:'",
                                  "e.g. - source: aap-hyperbilirubinemia-2022\n    locator: Figure 2")
                continue
            values = self.read(item, SOURCE_REF_KEYS, label)
            if values["source"] and values["locator"]:
                refs.append((values["source"], values["locator"], item.at("source")))
        return tuple(refs)
