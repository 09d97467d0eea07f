"""Data tables: read the rows once, then make notes from them by each declared card rule.

A generated note's id is `<table>/<row key>/<rule>`, never anything from the row's values, so a
corrected value updates the same note in every student's collection.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .diagnostics import Location, Report, did_you_mean
from .loading import YamlList, YamlMap
from .models import Note, Origin, Row, SourceRef, Table
from .notes import Context, check_fields, check_tags, check_topic_tag, source_refs
from .row_sources import row_sources, rule_sources
from .schema import FIELDS_BY_TYPE, ROW_KEYS, RULE_KEYS, SLUG, TABLE_KEYS

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)(\?)?\}")


@dataclass(frozen=True)
class CardRule:
    """How one row becomes one note: field templates with {column} placeholders."""

    rule: str
    type: str
    templates: tuple[tuple[str, str], ...]
    when: tuple[str, ...]
    tags: tuple[str, ...]
    location: Location
    group_by: str = ""
    item: str = ""
    sources_omit: tuple[tuple[str, Location], ...] = ()
    tags_omit: tuple[str, ...] = ()

    def card_tags(self, *inherited: str) -> tuple[str, ...]:
        """The table's and rows' tags (`inherited`) with the rule's own, less those it leaves out."""
        return tuple(tag for tag in dict.fromkeys((*inherited, *self.tags)) if tag not in self.tags_omit)

    @functools.cached_property  # both are asked once per card the rule makes
    def omitted(self) -> frozenset[str]:
        return frozenset(source_id for source_id, _ in self.sources_omit)

    @functools.cached_property
    def shown(self) -> frozenset[str]:
        """The columns this rule's cards show: a source `for` other columns does not support them."""
        return frozenset(column for template in (*(text for _, text in self.templates), self.item)
                         for column, _ in placeholders(template))


def format_value(value) -> str:
    """A row value as it appears on a card: whole floats lose their '.0'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_number(value) -> float:
    """A row value as a number, or infinity when it holds none (a text, an empty cell): such a row sorts
    last, and such a dose limit limits nothing."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("inf")


def check_columns(names: Iterable[str], columns: Iterable[str], where: Location, report: Report, label: str,
                  problem: Callable[[str], str], list_columns: bool = True) -> bool:
    """Report each of `names` that is not one of a table's `columns` as 'unknown-column' at `where`,
    saying "<label>: <problem(name)>", with the closest column as the hint or, when none is close and
    `list_columns`, every column; True when all of them are columns."""
    columns = tuple(columns)
    known = True
    for name in names:
        if name not in columns:
            hint = did_you_mean(name, columns) or (f"columns: {', '.join(columns)}" if list_columns else "")
            report.error(where, "unknown-column", f"{label}: {problem(name)}", hint)
            known = False
    return known


def placeholders(template: str) -> list[tuple[str, bool]]:
    """The (column, optional) pairs a template refers to."""
    return [(match.group(1), bool(match.group(2))) for match in PLACEHOLDER.finditer(template)]


def fill(template: str, row: Row) -> str:
    """The template with each {column} replaced by the row's value ({column?} may be empty)."""
    return PLACEHOLDER.sub(lambda m: format_value(row.value(m.group(1), "")), template)


def read_table(data: YamlMap, topic: str, context: Context) -> tuple[Table | None, list[Note]]:
    """The table and the notes its rules make, in row order; problems go to the report."""
    values = context.reader.read(data, TABLE_KEYS, "table")
    table_id = values["id"] or "?"
    label = f"table '{table_id}'"
    columns = dict(values["columns"] or {})
    check_tags(values["tags"], data, label, context)
    default_refs = source_refs(values["sources"], label, context) if values["sources"] else ()
    _check_for_columns(default_refs, columns, data.at("sources"), label, context)
    rules = _read_rules(values["cards"] or [], columns, label, context)
    rows = _read_rows(values["rows"] or [], columns, values, default_refs, label, context)
    _check_rule_omissions(rules, rows, label, context)
    if any(values[key.name] is None for key in TABLE_KEYS if key.required):
        return None, []
    table = Table(
        id=table_id, topic=topic, title=values["title"], description=values["description"] or "",
        columns=tuple((name, str(text)) for name, text in columns.items()), rows=tuple(rows),
        location=data.at("id"),
    )
    notes = []
    table_tags = tuple(values["tags"] or ())
    card_rows = [row for row in rows if not row.chart_only]
    for row in card_rows:
        for rule in rules:
            note = None if rule.group_by else _make_note(table, row, rule, table_tags, topic, context)
            if note:
                notes.append(note)
    for rule in rules:
        if rule.group_by:
            notes.extend(_make_group_notes(table, card_rows, rule, table_tags, topic, context))
    return table, notes


def _read_rules(items: YamlList, columns: dict, label: str, context: Context) -> list[CardRule]:
    rules = []
    seen: dict[str, Location] = {}
    for index, item in enumerate(items):
        if not isinstance(item, YamlMap):
            context.report.error(items.at(index), "bad-rule",
                                 f"{label}: each card rule is a mapping starting with '- rule: …'")
            continue
        rule_label = f"{label} rule '{item.get('rule')}'"
        values = context.reader.read(item, RULE_KEYS, rule_label)
        if values["rule"] in seen:
            context.report.error(item.at("rule"), "duplicate-rule",
                                 f"{rule_label}: rule name used twice (also at {seen[values['rule']]})")
            continue
        check_tags(values["tags"], item, rule_label, context)
        check_tags(values["tags_omit"], item, rule_label, context, key="tags_omit")
        field_names = FIELDS_BY_TYPE.get(values["type"], ())
        templates = {}
        usable = True
        group_by = values["group_by"]
        if group_by and not check_columns([group_by], columns, item.at("group_by"), context.report, rule_label,
                                          lambda name: f"'group_by' names '{name}', which is not a column",
                                          list_columns=False):
            usable = False
        if group_by and not values["item"]:
            context.report.error(item.at("group_by"), "missing-key",
                                 f"{rule_label}: a grouped rule needs 'item' (written once per row into {{items}})")
            usable = False
        if values["item"] and not group_by:
            context.report.error(item.at("item"), "unknown-key", f"{rule_label}: 'item' needs 'group_by'")
            usable = False
        for name in (*field_names, "extra", "item"):
            if values[name] is None:
                if name not in ("extra", "item") and values["type"]:
                    context.report.error(item.at(), "missing-key",
                                         f"{rule_label}: a {values['type']} rule needs '{name}'")
                continue
            named = [column for column, _optional in placeholders(values[name])
                     if not (column == "items" and group_by and name != "item")]
            usable &= check_columns(named, columns, item.at(name), context.report, rule_label,
                                    lambda column: f"'{{{column}}}' is not a column of the table")
            templates[name] = values[name]
        usable &= check_columns(values["when"] or (), columns, item.at("when"), context.report, rule_label,
                                lambda column: f"'when' names '{column}', which is not a column", list_columns=False)
        if usable and values["rule"] and values["type"] and all(name in templates for name in field_names):
            seen[values["rule"]] = item.at("rule")
            item_template = templates.pop("item", "")
            rules.append(CardRule(values["rule"], values["type"], tuple(templates.items()),
                                  tuple(values["when"] or ()), tuple(values["tags"] or ()), item.at("rule"),
                                  group_by or "", item_template, values["sources_omit"] or (),
                                  tuple(values["tags_omit"] or ())))
    return rules


def _check_for_columns(refs, columns: dict, where: Location, label: str, context: Context) -> None:
    """A source's `for` names columns of the table: a typo would silently drop it from every card."""
    for ref in refs:
        source_id = ref.source_id
        check_columns(ref.columns, columns, where, context.report, label,
                      lambda column, source_id=source_id: f"source '{source_id}' is 'for' '{column}', "
                      "which is not a column")


def _check_rule_omissions(rules: list[CardRule], rows: list[Row], label: str, context: Context) -> None:
    """A rule can only leave out a source some row cites: any other id is a typo or a stale entry."""
    cited = list(dict.fromkeys(ref.source_id for row in rows for ref in row.sources))
    for rule in rules:
        for source_id, at in rule.sources_omit:
            if source_id not in cited:
                context.report.error(at, "unknown-source", f"{label} rule '{rule.rule}': 'sources_omit' names "
                                     f"'{source_id}', which no row of the table cites",
                                     did_you_mean(source_id, cited) or "name a source the rows cite")


def _read_rows(items: YamlList, columns: dict, table_values: dict, default_refs, label: str,
               context: Context) -> list[Row]:
    rows = []
    seen: dict[str, Location] = {}
    reserved = {key.name for key in ROW_KEYS}
    for index, item in enumerate(items):
        if not isinstance(item, YamlMap):
            context.report.error(items.at(index), "bad-row", f"{label}: each row is a mapping starting with '- key: …'")
            continue
        row_label = f"{label} row '{item.get('key')}'"
        values = context.reader.read(item, ROW_KEYS, row_label, extra_keys=columns)
        key = values["key"]
        if key in seen:
            context.report.error(item.at("key"), "duplicate-row",
                                 f"{row_label}: row key used twice (also at {seen[key]})")
            continue
        check_tags(values["tags"], item, row_label, context)
        refs = row_sources(default_refs, values, item.at("key"), row_label, context)
        _check_for_columns([ref for ref in refs if ref not in default_refs], columns, item.at("key"), row_label,
                           context)  # the table's own are checked once, at the table
        reviewed = values["reviewed"] or table_values["reviewed"]
        if not refs:
            context.report.error(item.at("key"), "missing-key", f"{row_label}: no sources",
                                 "give the row 'sources:', or the table a default 'sources:'")
        if reviewed is None and item.get("reviewed") is None:
            context.report.error(item.at("key"), "missing-key", f"{row_label}: no reviewed date",
                                 "give the row 'reviewed:', or the table a default 'reviewed:'")
        cells = {}
        for column in columns:
            if column in item and column not in reserved:
                value = item[column]
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                    context.report.error(item.at(column), "bad-value",
                                         f"{row_label}: '{column}' must be text or a number",
                                         "put the value in quotes")
                    continue
                cells[column] = value
        if key and refs and reviewed:
            seen[key] = item.at("key")
            rows.append(Row(key, tuple(cells.items()), tuple(values["tags"] or ()), tuple(refs),
                            reviewed, item.at("key"), bool(values["chart_only"])))
    return rows


def _make_note(table: Table, row: Row, rule: CardRule, table_tags: tuple[str, ...], topic: str,
               context: Context) -> Note | None:
    if any(row.value(column) is None for column in rule.when):
        return None
    label = f"table '{table.id}' row '{row.key}' rule '{rule.rule}'"
    missing = sorted({column for _, template in rule.templates
                      for column, optional in placeholders(template)
                      if not optional and row.value(column) is None})
    if missing:
        context.report.error(row.location, "row-unfillable",
                             f"{label}: the row has no value for {', '.join(repr(c) for c in missing)}",
                             "fill it in, or add the column to the rule's 'when' list to skip such rows")
        return None
    sources = _card_sources(row.sources, rule, row.location, label, ("the row", "the row"), context)
    if not sources:
        return None
    fields = {name: fill(template, row) for name, template in rule.templates}
    fields = {name: text for name, text in fields.items() if text.strip()}
    for name in FIELDS_BY_TYPE[rule.type]:
        if name not in fields:
            context.report.error(row.location, "row-unfillable", f"{label}: '{name}' comes out empty")
            return None
    check_fields(rule.type, fields, lambda _name: row.location, label, context.report,
                 _written(rule, [row]))
    tags = rule.card_tags(*table_tags, *row.tags)
    check_topic_tag(tags, topic, row.location, label, context)
    return Note(
        id=f"{table.id}/{row.key}/{rule.rule}", topic=topic, type=rule.type,
        fields=tuple(fields.items()), tags=tags, sources=sources, reviewed=row.reviewed,
        location=row.location, origin=Origin(table.id, row.key, rule.rule),
    )


def _card_sources(refs: tuple[SourceRef, ...], rule: CardRule, where: Location, label: str,
                  rows: tuple[str, str], context: Context) -> tuple[SourceRef, ...]:
    """The sources a rule's card cites of its row or rows (`rows`: how the messages name them, as
    subject and as object); none left is an error."""
    subject, holder = rows
    sources = rule_sources(refs, rule.omitted, rule.shown)
    if not sources:
        context.report.error(where, "missing-key", f"{label}: no source of {subject} supports this card",
                             f"give {holder} one ('sources_add'), or check the "
                             "rule's 'sources_omit' and the sources' 'for'")
    return sources


def _written(rule: CardRule, rows: list[Row]) -> tuple[str, ...]:
    """The texts as written that a rule's fields are filled from: its templates and the rows' cells."""
    return (*(template for _, template in rule.templates), rule.item,
            *(str(value) for row in rows for _, value in row.values))


_ITEMS = "\x00items\x00"


def _make_group_notes(table: Table, rows: list[Row], rule: CardRule, table_tags: tuple[str, ...], topic: str,
                      context: Context) -> list[Note]:
    """One note per value of the rule's group_by column; each row of the group adds one `item`.

    The note id comes from the group's value (a slug chosen to be permanent), never from its text.
    """
    groups: dict[str, list[Row]] = {}
    for row in rows:
        value = row.value(rule.group_by)
        if value is None or any(row.value(column) is None for column in rule.when):
            continue
        if not isinstance(value, str) or not SLUG.match(value):
            context.report.error(row.location, "bad-group", f"table '{table.id}' row '{row.key}': "
                                 f"'{rule.group_by}' must be a permanent slug (it names the note)")
            continue
        groups.setdefault(value, []).append(row)
    notes = []
    for value, members in groups.items():
        label = f"table '{table.id}' group '{value}' rule '{rule.rule}'"
        missing = sorted({f"{row.key}: {column}" for row in members for template in (rule.item,)
                          for column, optional in placeholders(template) if not optional and row.value(column) is None}
                         | {f"{members[0].key}: {column}" for _, template in rule.templates
                            for column, optional in placeholders(template)
                            if column != "items" and not optional and members[0].value(column) is None})
        if missing:
            context.report.error(members[0].location, "row-unfillable",
                                 f"{label}: no value for {', '.join(missing)}",
                                 "fill it in, or add the column to the rule's 'when' list to skip such rows")
            continue
        items = "\n".join(fill(rule.item, row) for row in members)
        fields = {name: fill(template.replace("{items}", _ITEMS), members[0]).replace(_ITEMS, items)
                  for name, template in rule.templates}
        fields = {name: text for name, text in fields.items() if text.strip()}
        check_fields(rule.type, fields, lambda _name, first=members[0]: first.location, label, context.report,
                     _written(rule, members))
        tags = rule.card_tags(*table_tags, *(tag for row in members for tag in row.tags))
        check_topic_tag(tags, topic, members[0].location, label, context)
        sources = _card_sources(tuple(dict.fromkeys(ref for row in members for ref in row.sources)), rule,
                                members[0].location, label, ("the rows", "them"), context)
        if not sources:
            continue
        notes.append(Note(
            id=f"{table.id}/{value}/{rule.rule}", topic=topic, type=rule.type, fields=tuple(fields.items()),
            tags=tags, sources=sources, reviewed=max(row.reviewed for row in members),
            location=members[0].location, origin=Origin(table.id, value, rule.rule),
        ))
    return notes
