"""Authored notes: read a `notes:` file and check each note's fields, tags and sources."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import cloze
from .anki_text import TextProblem, text_problem
from .card_charts import read_note_chart
from .diagnostics import Location, Report, did_you_mean
from .loading import YamlList, YamlMap
from .markup import rendered_problem
from .models import Note, SourceRef, topic_tag
from .schema import FIELDS_BY_TYPE, NOTE_KEYS, KeyReader
from .vocabulary import Vocabulary, tag_matches

_IMAGE = re.compile(r"!\[[^\]]*\]\(|<\s*img\b", re.IGNORECASE)


@dataclass
class Context:
    """What every reader needs to know: the report, the vocabulary and the declared source ids."""

    report: Report
    vocabulary: Vocabulary
    source_ids: frozenset[str]

    @property
    def reader(self) -> KeyReader:
        return KeyReader(self.report)


def item_location(mapping: YamlMap, key: str, index: int) -> Location:
    """Where item `index` of the list under `key` was written (the key's line for a flow list)."""
    items = mapping.get(key)
    if isinstance(items, YamlList) and index < len(items.item_lines):
        return items.at(index)
    return mapping.at(key)


def check_tags(tags, mapping: YamlMap, label: str, context: Context, key: str = "tags") -> None:
    """Each tag of `mapping[key]` is declared (a typo would split a student's deck)."""
    for index, tag in enumerate(tags or ()):
        context.vocabulary.check(tag, item_location(mapping, key, index), label, context.report)


def check_topic_tag(tags, topic: str, where: Location, label: str, context: Context) -> None:
    """Every note needs a tag of its own topic (checked once its tags are all known)."""
    branch = topic_tag(topic)
    if all(tag in context.vocabulary for tag in tags) and not any(tag_matches(tag, branch) for tag in tags):
        context.report.error(where, "no-topic-tag", f"{label}: no tag under '{branch}'",
                     f"add a tag of its topic, e.g. '{branch}'")


def source_refs(refs, label: str, context: Context) -> tuple[SourceRef, ...]:
    """The note's source pointers; unknown source ids are reported at their line."""
    result = []
    for source_id, locator, where, columns in refs or ():
        if source_id not in context.source_ids:
            context.report.error(where, "unknown-source", f"{label}: unknown source '{source_id}'",
                                 did_you_mean(source_id, context.source_ids)
                                 or "add it to a file in content/sources/")
        result.append(SourceRef(source_id, locator, tuple(columns)))
    return tuple(result)


def check_fields(note_type: str, fields: dict[str, str], where: Callable[[str], Location], label: str,
                 report: Report, written: tuple[str, ...] = ()) -> None:
    """Cloze syntax: a cloze note needs valid deletions, a basic note must have none. And no field may
    become, once rendered, what Anki would not keep as text.

    `written` holds the texts a table note's fields were filled from (templates and cells); by
    default each field is its own text as written. `where(name)` is where a field was written, asked
    only for a field with a problem.
    """
    for name, text in fields.items():
        gained = _gained_problem(text, written or (text,))
        if gained:
            problem, how = gained
            report.error(where(name), problem.code, f"{label}: '{name}' contains {problem.what}, {how}", problem.hint)
        if _IMAGE.search(text):
            report.error(where(name), "image-unsupported",
                         f"{label}: '{name}' refers to an image; images are not supported yet",
                         "describe the finding in words, or leave the image out")
        found = cloze.scan(text)
        if note_type == "cloze" and name == "text":
            if found.problem:
                report.error(where(name), "cloze-syntax", f"{label}: {found.problem}")
            elif not found.numbers:
                report.error(where(name), "cloze-missing", f"{label}: cloze note has no cloze",
                             "mark the answer as {{c1::answer}}, or make it a basic note")
        elif cloze.has_cloze_markup(text):
            report.error(where(name), "cloze-in-basic",
                         f"{label}: '{name}' contains cloze markup, which only a cloze note's text can use",
                         "use type: cloze, or remove the {{c1::…}}")


def _gained_problem(text: str, written: tuple[str, ...]) -> tuple[TextProblem, str] | None:
    """A character or Anki marker the field gains on its way into Anki (joined by filling a table's
    template, or made by rendering), with how it gained it; None when there is none, or when the text
    as written already holds one (reported at its line)."""
    if any(text_problem(part) for part in written):
        return None
    problem, how = (text_problem(text), "once filled in") if written != (text,) else (None, "")
    if problem is None:
        problem, how = rendered_problem(text), "once rendered"
    return (problem, how) if problem else None


def read_notes_file(items, topic: str, path: str, context: Context, reviewed: dt.date | None = None) -> list[Note]:
    """Every valid note of one `notes:` list, in file order; problems go to the report. `reviewed` is
    the file's default date, for a note that gives none."""
    notes = []
    for index, item in enumerate(items):
        if not isinstance(item, YamlMap):
            context.report.error(items.at(index), "bad-note", "each note is a mapping starting with '- id: …'")
            continue
        note = _read_note(item, topic, context, reviewed)
        if note:
            notes.append(note)
    return notes


def _read_note(item: YamlMap, topic: str, context: Context, default_reviewed: dt.date | None) -> Note | None:
    note_id = item.get("id") if isinstance(item.get("id"), str) else None
    label = f"note '{note_id}'" if note_id else "note"
    values = context.reader.read(item, NOTE_KEYS, label)
    note_type = values["type"]
    field_names = FIELDS_BY_TYPE.get(note_type, ())
    for name in ("front", "back", "text"):
        raw = item.get(name)
        if name in field_names and (raw is None or (isinstance(raw, str) and not raw.strip())):
            if name in item:
                context.report.error(item.at(name), "missing-key", f"{label}: '{name}' is empty")
            else:
                context.report.error(item.at(), "missing-key",
                                     f"{label}: a {note_type} note needs '{name}'")
        elif note_type and name not in field_names and name in item:
            context.report.error(item.at(name), "unknown-key",
                                 f"{label}: a {note_type} note has no '{name}'",
                                 f"a {note_type} note has {', '.join(field_names)} and extra")
    fields = {name: values[name] for name in (*field_names, "extra") if values.get(name)}
    check_fields(note_type or "", fields, item.at, label,
                 context.report)
    check_tags(values["tags"], item, label, context)
    if values["tags"] is not None:  # an empty list too: such a note would reach no deck of its topic
        check_topic_tag(values["tags"], topic, item.at("tags"), label, context)
    refs = source_refs(values["sources"], label, context)
    reviewed = values["reviewed"] or default_reviewed
    if reviewed is None and item.get("reviewed") is None:
        context.report.error(item.at(), "missing-key", f"{label}: no reviewed date",
                             "give the note 'reviewed:', or its file a default 'reviewed:' beside 'notes:'")
    required_missing = any(values[key.name] is None for key in NOTE_KEYS if key.required)
    if required_missing or reviewed is None or any(name not in fields for name in field_names):
        return None
    chart = read_note_chart(values["growth_chart"], label, context.report) if values["growth_chart"] else None
    if values["growth_chart"] is not None and chart is None:
        return None
    return Note(
        id=values["id"], topic=topic, type=note_type,
        fields=tuple((name, fields[name]) for name in (*field_names, "extra") if name in fields),
        tags=tuple(dict.fromkeys(values["tags"])), sources=refs, reviewed=reviewed,
        location=item.at("id"), chart=chart,
    )
