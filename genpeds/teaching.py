"""The teaching order: the order in which a topic's notes reach a student, declared in its topic.yaml.

An entry names a content file (`schedule-notes.yaml`), a table (`vaccines-schedule`), one row of a
table (`vaccines-schedule/hepb-1`), every note one rule makes (`vaccines-schedule/*/routine-age`) or
one note. A note takes the place of the most specific entry
that names it, so a topic can list a whole file early and pull one of its notes forward or back.
A topic without a declaration is taught file by file, in file-name order.
"""

from __future__ import annotations

import functools
import os.path
from collections import defaultdict
from collections.abc import Mapping

from .diagnostics import Report, did_you_mean
from .models import Content, Note, Topic

# One file name per file, not per note and per question asked (os.path: PurePath cost ~0.5 s at 50,000 notes).
_file_name = functools.cache(os.path.basename)


def entry_names(note: Note) -> tuple[str, ...]:
    """Every entry that can name `note`, most specific first: its id, its row, its rule, its table, its file."""
    file_name = _file_name(note.location.path)
    if note.origin:
        table, row, rule = note.origin.table_id, note.origin.row_key, note.origin.rule
        return note.id, f"{table}/{row}", f"{table}/*/{rule}", table, file_name
    return note.id, file_name


def _placing_entry(note: Note, positions: dict[str, int]) -> int | None:
    return next((positions[name] for name in entry_names(note) if name in positions), None)


def _entry_positions(topic: Topic) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, entry in enumerate(topic.teaching_order):
        positions.setdefault(entry.name, index)
    return positions


def topic_teaching_order(topic: Topic, notes: list[Note]) -> list[Note]:
    """The topic's notes in the order a student meets them (notes no entry names come last)."""
    if not topic.teaching_order:
        return list(notes)
    positions = _entry_positions(topic)
    placed = [(_placing_entry(note, positions), index, note) for index, note in enumerate(notes)]
    unplaced = len(topic.teaching_order)
    return [note for _, _, note in sorted(placed, key=lambda item: (
        unplaced if item[0] is None else item[0], item[1]))]


def notes_by_entry_name(content: Content) -> dict[str, list[Note]]:
    """Every name an entry can use (see `entry_names`) with the notes it names, of any topic."""
    by_name: dict[str, list[Note]] = defaultdict(list)
    for note in content.notes:
        for name in entry_names(note):
            by_name[name].append(note)
    return by_name


def _notes_by_topic(content: Content) -> dict[str, list[Note]]:
    by_topic: dict[str, list[Note]] = defaultdict(list)
    for note in content.notes:
        by_topic[note.topic].append(note)
    return by_topic


def teaching_order(content: Content) -> dict[str, list[Note]]:
    """Each topic's notes, topics in their order, notes in the topic's teaching order."""
    by_topic = _notes_by_topic(content)
    return {topic.name: topic_teaching_order(topic, by_topic[topic.name]) for topic in content.topics}


def check_teaching_order(content: Content, report: Report, by_name: Mapping[str, list[Note]]) -> None:
    """Every entry names a note of its topic, once; every note of a topic with a declaration is placed.
    `by_name` is `notes_by_entry_name(content)`, made once for this check and the outline's."""
    by_topic = _notes_by_topic(content)
    topic_of_name = {name: notes[-1].topic for name, notes in by_name.items()}
    # An entry naming nothing is a warning, so that the real cause (a deleted released note, say) is the
    # error a contributor sees; a file that failed to load leaves such entries, so they wait for valid content.
    entries_must_match = report.ok
    for topic in content.topics:
        if topic.teaching_order:
            _check_topic(topic, by_topic[topic.name], topic_of_name, report, entries_must_match)
        elif by_topic[topic.name]:
            report.warning(topic.location, "no-teaching-order",
                           f"topic '{topic.name}' declares no teaching_order: its new cards follow file names",
                           "list its files, tables or notes under 'teaching_order:', foundations first")


def _check_topic(topic: Topic, notes: list[Note], topic_of_name: dict[str, str], report: Report,
                 entries_must_match: bool) -> None:
    label = f"topic '{topic.name}': teaching_order"
    positions = _entry_positions(topic)
    if topic.outline:  # an outline may name a note under two items, or another topic's note: it checks itself
        _warn_unplaced(topic, notes, positions, report)
        return
    for index, entry in enumerate(topic.teaching_order):
        if positions[entry.name] != index:
            report.error(entry.location, "duplicate-order-entry", f"{label} lists '{entry.name}' twice",
                         f"keep the first, at {topic.teaching_order[positions[entry.name]].location}")
    names = {name for note in notes for name in entry_names(note)}
    placed = [(note, _placing_entry(note, positions)) for note in notes]
    used = {entry for _, entry in placed}
    for index, entry in enumerate(topic.teaching_order):
        if entry.name not in names:
            if not entries_must_match:
                continue
            elsewhere = topic_of_name.get(entry.name)
            hint = (f"it belongs to topic '{elsewhere}'; list it in that topic's teaching_order" if elsewhere
                    else did_you_mean(entry.name, names)
                    or "name a file of the topic (notes.yaml), a table id, table-id/row-key, table-id/*/rule "
                    "or a note id")
            report.warning(entry.location, "unknown-order-entry",
                           f"{label}: '{entry.name}' names no note of this topic", hint)
        elif index not in used and positions[entry.name] == index:
            report.warning(entry.location, "empty-order-entry",
                           f"{label}: '{entry.name}' places no note: more specific entries place all its notes",
                           "remove it, or remove the entries that place its notes elsewhere")
    _warn_unplaced(topic, notes, positions, report)


def _warn_unplaced(topic: Topic, notes: list[Note], positions: dict[str, int], report: Report) -> None:
    """A note no entry places reaches students after all the others: say so, once per file."""
    unplaced: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        if _placing_entry(note, positions) is None:
            unplaced[note.location.path].append(note)
    where = "outline.yaml" if topic.outline else "teaching_order"
    for path, missing in unplaced.items():
        first = missing[0]
        report.warning(first.location, "unordered-note",
                       f"no entry of topic '{topic.name}'s {where} places {len(missing)} note(s) of this "
                       f"file (first: '{first.id}'): students meet them after every note it places",
                       "add the notes' ids (or their table-id/*/rule) to the outline item they teach"
                       if topic.outline else f"add '{os.path.basename(path)}', the table or the notes' ids to "
                       f"teaching_order in {topic.location.path}")
