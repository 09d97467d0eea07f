"""JSON Schemas for content files and deck recipes, made from the same key declarations the checker
uses, so an editor's completion and squiggles agree with `genpeds check`."""

from __future__ import annotations

from .schema import (
    COLUMN,
    NOTE_KEYS,
    RECIPE_KEYS,
    RETIREMENT_KEYS,
    ROW_KEYS,
    RULE_KEYS,
    SLUG,
    SOURCE_KEYS,
    TABLE_KEYS,
    TAG,
    TEACHING_ENTRY,
    TOPIC_KEYS,
    Key,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCALAR = {"type": ["string", "number"]}

_KINDS = {
    "slug": {"type": "string", "pattern": SLUG.pattern},
    "note-id": {"type": "string", "pattern": rf"^{SLUG.pattern[1:-1]}(/{SLUG.pattern[1:-1]}){{0,2}}$"},
    "note-type": {"enum": ["basic", "cloze"]},
    "text": {"type": ["string", "number"], "minLength": 1},
    "string": {"type": ["string", "number"], "minLength": 1},
    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "int": {"type": "integer"},
    "year": {"type": "integer", "minimum": 1900, "maximum": 2100},
    "url": {"type": "string", "pattern": r"^https?://\S+$"},
    "tags": {"type": "array", "items": {"type": "string", "pattern": TAG.pattern}},
    "teaching-order": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": TEACHING_ENTRY.pattern}},
    "columns-list": {"type": "array", "items": {"type": "string", "pattern": COLUMN.pattern}},
    "column": {"type": "string", "pattern": COLUMN.pattern},
    "source-refs": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/source_ref"}},
    "columns": {"type": "object", "propertyNames": {"pattern": COLUMN.pattern},
                "additionalProperties": {"type": "string"}},
    "tag-vocabulary": {"type": "object", "propertyNames": {"pattern": TAG.pattern},
                       "additionalProperties": {"type": "string"}},
}


def _object(keys: tuple[Key, ...], overrides: dict | None = None, extra=False) -> dict:
    overrides = overrides or {}
    properties = {}
    for key in keys:
        schema = dict(overrides.get(key.name) or _KINDS[key.kind])
        schema["description"] = key.description
        properties[key.name] = schema
    return {"type": "object", "properties": properties,
            "required": [key.name for key in keys if key.required], "additionalProperties": extra}


def content_schema() -> dict:
    """One schema for every file under content/ (notes, tables, topics, sources, tags, retirements)."""
    note = _object(NOTE_KEYS)
    row = _object(ROW_KEYS, extra=SCALAR)
    rule = _object(RULE_KEYS)
    table = _object(TABLE_KEYS, {"rows": {"type": "array", "items": {"$ref": "#/$defs/row"}},
                                 "cards": {"type": "array", "items": {"$ref": "#/$defs/rule"}}})
    source_ref = _object(
        (Key("source", "slug", True, "Id of an entry in content/sources/."),
         Key("locator", "string", True, "Where in the document: section, table, figure, page.")))
    files = {
        "notes_file": {"type": "object", "required": ["notes"], "additionalProperties": False,
                       "properties": {"notes": {"type": "array", "items": {"$ref": "#/$defs/note"}}}},
        "table_file": {"type": "object", "required": ["table"], "additionalProperties": False,
                       "properties": {"table": {"$ref": "#/$defs/table"}}},
        "topic_file": _object(TOPIC_KEYS),
        "sources_file": {"type": "object", "required": ["sources"], "additionalProperties": False,
                         "properties": {"sources": {"type": "object", "propertyNames": {"pattern": SLUG.pattern},
                                                    "additionalProperties": _object(SOURCE_KEYS)}}},
        "tags_file": {"type": "object", "required": ["tags"], "additionalProperties": False,
                      "properties": {"tags": _KINDS["tag-vocabulary"]}},
        "retired_file": {"type": "object", "required": ["retired"], "additionalProperties": False,
                         "properties": {"retired": {"type": "array", "items": _object(RETIREMENT_KEYS)}}},
    }
    return {
        "$schema": DRAFT,
        "title": "genpeds content file",
        "description": "A file under content/: notes, a data table, a topic, sources, tags or retirements.",
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in files],
        "$defs": {"note": note, "row": row, "rule": rule, "table": table, "source_ref": source_ref, **files},
    }


def recipe_schema() -> dict:
    """The schema of a deck recipe in decks/."""
    return {"$schema": DRAFT, "title": "genpeds deck recipe", **_object(RECIPE_KEYS)}
