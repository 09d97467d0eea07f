"""JSON Schemas for content files, deck recipes and sheet recipes, made from the same key declarations
and kinds the checker uses, so an editor's completion and squiggles agree with `genpeds check`."""

from __future__ import annotations

from .schema import (
    COLUMN,
    DOSES_KEYS,
    FIELDS_BY_TYPE,
    GRID_KEYS,
    GROWTH_CHART_KEYS,
    KINDS,
    NOTE_CHART_KEYS,
    NOTE_KEYS,
    NOTES_FILE_KEYS,
    OUTLINE_FILE_KEYS,
    OUTLINE_ITEM_KEYS,
    RECIPE_KEYS,
    RETIREMENT_KEYS,
    ROW_KEYS,
    RULE_KEYS,
    SECTION_KEYS,
    SHEET_KEYS,
    SLUG,
    SOURCE_KEYS,
    SOURCE_REF_KEYS,
    TABLE_KEYS,
    TABLE_SOURCE_REF_KEYS,
    TIMELINE_KEYS,
    TOPIC_KEYS,
    Key,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCALAR = {"type": ["string", "number"]}


def _object(keys: tuple[Key, ...], overrides: dict | None = None, extra=False) -> dict:
    """An object of the declared keys, each described by its kind unless `overrides` gives its structure."""
    overrides = overrides or {}
    properties = {}
    for key in keys:
        schema = dict(overrides.get(key.name) or KINDS[key.kind].schema())
        schema["description"] = key.description
        properties[key.name] = schema
    return {"type": "object", "properties": properties,
            "required": [key.name for key in keys if key.required], "additionalProperties": extra}


def _notes_file() -> dict:
    """A notes file: each note gives its reviewed date unless the file gives a default one."""
    schema = _object(NOTES_FILE_KEYS, {"notes": {"type": "array", "items": {"$ref": "#/$defs/note"}}})
    schema["if"] = {"not": {"required": ["reviewed"]}}
    schema["then"] = {"properties": {"notes": {"items": {"required": ["reviewed"]}}}}
    return schema


def content_schema() -> dict:
    """One schema for every file under content/ (notes, tables, topics, sources, tags, retirements)."""
    point = {"type": "array", "prefixItems": [{"type": "number", "minimum": 0},
                                              {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100}],
             "minItems": 2, "maxItems": 2}
    note = _object(NOTE_KEYS, {"growth_chart": _object(NOTE_CHART_KEYS, {
        "sex": {"enum": ["boys", "girls"]}, "to_months": {"type": "integer", "exclusiveMinimum": 0},
        "points": {"type": "array", "minItems": 1, "items": point}})})
    # A basic note has front and back, a cloze note text: each type's fields, and none of the other's.
    fields = {name for names in FIELDS_BY_TYPE.values() for name in names}
    note["allOf"] = [{"if": {"properties": {"type": {"const": note_type}}, "required": ["type"]},
                      "then": {"required": list(names),
                               "properties": {name: False for name in sorted(fields - {*names})}}}
                     for note_type, names in FIELDS_BY_TYPE.items()]
    row = _object(ROW_KEYS, extra=SCALAR)
    rule = _object(RULE_KEYS)
    table = _object(TABLE_KEYS, {"rows": {"type": "array", "items": {"$ref": "#/$defs/row"}},
                                 "cards": {"type": "array", "items": {"$ref": "#/$defs/rule"}}})
    source_ref = _object(SOURCE_REF_KEYS)
    table_source_ref = _object(TABLE_SOURCE_REF_KEYS)
    files = {
        "notes_file": _notes_file(),
        "table_file": {"type": "object", "required": ["table"], "additionalProperties": False,
                       "properties": {"table": {"$ref": "#/$defs/table"}}},
        "topic_file": _object(TOPIC_KEYS),
        "sources_file": {"type": "object", "required": ["sources"], "additionalProperties": False,
                         "properties": {"sources": {"type": "object", "propertyNames": {"pattern": SLUG.pattern},
                                                    "additionalProperties": _object(SOURCE_KEYS)}}},
        "tags_file": {"type": "object", "required": ["tags"], "additionalProperties": False,
                      "properties": {"tags": KINDS["tag-vocabulary"].schema()}},
        "outline_file": _object(OUTLINE_FILE_KEYS, {"outline": {"type": "array",
                                                                "items": {"$ref": "#/$defs/outline_item"}}}),
        "retired_file": {"type": "object", "required": ["retired"], "additionalProperties": False,
                         "properties": {"retired": {"type": "array", "items": _object(RETIREMENT_KEYS)}}},
    }
    return {
        "$schema": DRAFT,
        "title": "genpeds content file",
        "description": "A file under content/: notes, a data table, a topic, sources, tags or retirements.",
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in files],
        "$defs": {"note": note, "row": row, "rule": rule, "table": table, "source_ref": source_ref,
                  "outline_item": _object(OUTLINE_ITEM_KEYS, {"items": {"type": "array",
                                                                    "items": {"$ref": "#/$defs/outline_item"}}}),
                  "table_source_ref": table_source_ref, **files},
    }


def recipe_schema() -> dict:
    """The schema of a deck recipe in decks/."""
    return {"$schema": DRAFT, "title": "genpeds deck recipe", **_object(RECIPE_KEYS)}


def sheet_recipe_schema() -> dict:
    """The schema of a sheet recipe in sheets/: a section shows one table, notes by tag or by id, or a
    growth reference chart."""
    number = {"type": "number"}
    axis_column = {"type": "array", "prefixItems": [{"type": "string"}, number, number], "minItems": 3, "maxItems": 3}
    section = _object(SECTION_KEYS, {
        "labels": {"type": "object", "propertyNames": {"pattern": COLUMN.pattern},
                   "additionalProperties": {"type": "string", "minLength": 1}},
        "grid": _object(GRID_KEYS),
        "timeline": _object(TIMELINE_KEYS, {"axis": {"type": "array", "minItems": 1, "items": axis_column}}),
        "doses": _object(DOSES_KEYS, {"weights": {"type": "array", "minItems": 1,
                                                  "items": {**number, "exclusiveMinimum": 0}}}),
        "growth_chart": _object(GROWTH_CHART_KEYS, {"sex": {"enum": ["boys", "girls"]},
                                                    "to_months": {"type": "integer", "exclusiveMinimum": 0}}),
    })
    section["oneOf"] = [{"required": [name]} for name in ("table", "notes", "ids", "growth_chart")]
    return {"$schema": DRAFT, "title": "genpeds sheet recipe",
            **_object(SHEET_KEYS, {"sections": {"type": "array", "items": {"$ref": "#/$defs/section"}}}),
            "$defs": {"section": section}}
