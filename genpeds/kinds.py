"""Kinds of value a content key may hold: how `check` reads each one, the JSON-Schema fragment an editor
checks it with, and the example its error message shows.

A kind is one row of the table `schema.KINDS`, made from one of the classes here (in the manner of
mkdocs' config options); `KeyReader` and `editor_schema` both look a key's kind up in that table, so
the checker and the editor never disagree and a new kind is one new row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from .diagnostics import Location, Report, did_you_mean, shorten
from .loading import YamlList, YamlMap


class Reader(Protocol):
    """What a kind needs of the key reader (genpeds.schema.KeyReader): its report, and reading a nested
    mapping against its own keys."""

    report: Report

    def read(self, mapping, keys: tuple[Key, ...], label: str, extra_keys=()) -> dict | None: ...


@dataclass(frozen=True)
class Key:
    """One key: its name, the kind of value it holds (a name in `KINDS`), what it means, whether it is required."""

    name: str
    kind: str
    description: str
    required: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class Value:
    """One value being read: the reader (its report, and nested mappings), where it is, how to name it."""

    reader: Reader
    mapping: YamlMap  # the mapping that holds the key
    label: str  # what holds the key, e.g. "note 'hepb-birth-dose'"
    key: str

    @property
    def where(self) -> Location:
        """Where the key was written (worked out only when a problem is reported)."""
        return self.mapping.at(self.key)

    @property
    def what(self) -> str:
        return f"{self.label}: '{self.key}'"

    def bad(self, problem: str, hint: str = "") -> None:
        """Report the value as unusable; the caller then treats the key as absent."""
        self.reader.report.error(self.where, "bad-value", f"{self.what} {problem}", hint)
        return None


@dataclass(frozen=True)
class Kind:
    """A kind of value, named by the keys that hold it (`Key("tags", "tags", …)`)."""

    name: str

    def read(self, raw, value: Value) -> Any:
        """The checked value, or None once the problem is reported (`raw` is never empty here)."""
        raise NotImplementedError

    def schema(self) -> dict:
        """A fresh JSON-Schema fragment for the value, which the editor schema may add to."""
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Kind):
    """Markdown or a plain string; numbers and unquoted dates are text too, as the author wrote them."""

    strip: bool = False

    def read(self, raw, value: Value):
        if isinstance(raw, dt.date):  # an unquoted date is still text here
            raw = raw.isoformat()
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            return value.bad("must be text", "put the text in quotes")
        return str(raw).strip() if self.strip else str(raw)

    def schema(self) -> dict:
        return {"type": ["string", "number"], "minLength": 1}


@dataclass(frozen=True)
class Pattern(Kind):
    """A string of a fixed shape (an id, an address); `problem` may name the value as {value}."""

    pattern: re.Pattern
    problem: str
    hint: str = ""
    # The editor may know the shape more exactly than `check` needs to (a note id has at most three parts).
    schema_pattern: re.Pattern | None = None

    def read(self, raw, value: Value):
        if not isinstance(raw, str) or not self.pattern.match(raw):
            return value.bad(self.problem.format(value=shorten(raw)), self.hint)
        return raw

    def schema(self) -> dict:
        return {"type": "string", "pattern": (self.schema_pattern or self.pattern).pattern}


@dataclass(frozen=True)
class Choice(Kind):
    """One of a few fixed words."""

    choices: tuple[str, ...]
    noun: str

    def read(self, raw, value: Value):
        if not isinstance(raw, str) or raw not in self.choices:
            return value.bad(f"unknown {self.noun} '{shorten(raw)}'", did_you_mean(str(raw), self.choices)
                             or "use " + " or ".join(f"'{choice}'" for choice in self.choices))
        return raw

    def schema(self) -> dict:
        return {"enum": list(self.choices)}


@dataclass(frozen=True)
class Date(Kind):
    """A calendar date, written YYYY-MM-DD."""

    def read(self, raw, value: Value):
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            return value.bad(f"'{shorten(raw)}' is not a date", "write it as YYYY-MM-DD")

    def schema(self) -> dict:
        return {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}


@dataclass(frozen=True)
class WholeNumber(Kind):
    """An integer (YAML's true and false are not numbers here, though Python counts them as ints)."""

    def read(self, raw, value: Value):
        if isinstance(raw, bool) or not isinstance(raw, int):
            return value.bad("must be a whole number")
        return raw

    def schema(self) -> dict:
        return {"type": "integer"}


@dataclass(frozen=True)
class Year(WholeNumber):
    """The year of a publication: a whole number within a plausible range."""

    first: int
    last: int

    def read(self, raw, value: Value):
        raw = super().read(raw, value)
        if raw is not None and not self.first <= raw <= self.last:
            return value.bad(f"{shorten(raw)} is not a plausible year")
        return raw

    def schema(self) -> dict:
        return {**super().schema(), "minimum": self.first, "maximum": self.last}


@dataclass(frozen=True)
class Flag(Kind):
    """YAML's true or false."""

    def read(self, raw, value: Value):
        if not isinstance(raw, bool):
            return value.bad("must be true or false")
        return raw

    def schema(self) -> dict:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Words(Kind):
    """A list of names ([a, b]; a single name counts as a list of one), each of the shape `item`.

    `check` only makes sure of the shape where `strict`: for tags, topics, note ids and row keys a
    later check knows which names exist and suggests the one meant. The example shows what a list of
    this kind looks like, since a wrong value is most often a mapping or a list of something else.
    """

    noun: str
    example: str
    item: re.Pattern | None = None
    strict: bool = False

    def read(self, raw, value: Value):
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            return value.bad(f"must be a list of {self.noun}, e.g. {self.example}")
        if self.strict and not all(self.item.match(item) for item in raw):
            return value.bad(f"must list {self.noun}")
        return tuple(raw)

    def schema(self) -> dict:
        item = {"type": "string", "pattern": self.item.pattern} if self.item else {"type": "string"}
        return {"anyOf": [{"type": "array", "items": item}, item]}  # one word written alone is a list of one


@dataclass(frozen=True)
class Entries(Kind):
    """A non-empty list whose entries each match `entry`; each bad one is reported at its own line."""

    entry: re.Pattern
    problem: str
    hint: str
    example: str

    def read(self, raw, value: Value):
        if not isinstance(raw, YamlList) or not raw:
            return value.bad("must be a list (each item starting with '- ')", f"e.g. - {self.example}")
        entries = []
        for index, item in enumerate(raw):
            if isinstance(item, str) and self.entry.match(item):
                entries.append((item, raw.at(index)))
            else:
                value.reader.report.error(raw.at(index), "bad-value",
                                          f"{value.what}: '{shorten(item)}' {self.problem}", self.hint)
        return tuple(entries)

    def schema(self) -> dict:
        return {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": self.entry.pattern}}


@dataclass(frozen=True)
class SourceRefs(Kind):
    """Where each fact can be checked: a non-empty list of mappings with `keys` (source and locator)."""

    keys: tuple[Key, ...]
    example: str
    definition: str = "source_ref"  # its entry's name in the editor schema's $defs

    def read(self, raw, value: Value):
        if not isinstance(raw, YamlList) or not raw:
            return value.bad("must be a list of '- source: …' / 'locator: …' entries")
        refs = []
        for index, item in enumerate(raw):
            if not isinstance(item, YamlMap):
                value.reader.report.error(raw.at(index), "bad-value",
                                          f"{value.label}: each source needs 'source:' and 'locator:'",
                                          f"e.g. {self.example}")
                continue
            values = value.reader.read(item, self.keys, value.label)
            if values["source"] and values["locator"]:
                refs.append((values["source"], values["locator"], item.at("source"), values.get("for") or ()))
        return tuple(refs)

    def schema(self) -> dict:
        return {"type": "array", "minItems": 1, "items": {"$ref": f"#/$defs/{self.definition}"}}


@dataclass(frozen=True)
class Mapping(Kind):
    """A non-empty mapping; with `names`, of names of that shape to one-line descriptions."""

    names: re.Pattern | None = None
    problem: str = "must be a mapping of names to descriptions"

    def read(self, raw, value: Value):
        if not isinstance(raw, YamlMap) or not raw:
            return value.bad(self.problem)
        return raw

    def schema(self) -> dict:
        if self.names is None:
            return {"type": "object", "minProperties": 1}
        return {"type": "object", "propertyNames": {"pattern": self.names.pattern},
                "additionalProperties": {"type": "string"}}


@dataclass(frozen=True)
class Columns(Mapping):
    """A table's columns: names a row may use as keys, so never one of the row's own keys."""

    reserved: tuple[str, ...] = ()

    def read(self, raw, value: Value):
        raw = super().read(raw, value)
        for name in raw or ():
            if not self.names.match(name) or name in self.reserved:
                value.reader.report.error(raw.at(name), "bad-column",
                                          f"{value.label}: column name '{name}' is not allowed",
                                          f"use lower-case words joined by '_'; {', '.join(self.reserved)} "
                                          "are reserved")
        return raw


@dataclass(frozen=True)
class List(Kind):
    """A YAML list whose items the caller reads itself (notes, rows, sections…); `hint` says what to write
    instead of something else."""

    hint: str = ""

    def read(self, raw, value: Value):
        if not isinstance(raw, YamlList):
            return value.bad("must be a list (each item starting with '- ')", self.hint)
        return raw

    def schema(self) -> dict:
        return {"type": "array"}
