"""What `genpeds check` says about the content against the last release: released ids that vanished,
clozes dropped, note types or decks changed, retirements that make no sense, unreleased changes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from .cloze import answer_digests
from .diagnostics import Location, Report, closest, display_path
from .ledger import LEDGER_FILE, Ledger
from .models import Content
from .notetypes import note_type_schema
from .releases import NoteState, cloze_numbers

_RELEASE_HEADING = re.compile(r"^## (\d+\.\d+\.\d+)\b", re.MULTILINE)


def check_ledger_present(content_dir: Path, ledger: Ledger, report: Report) -> None:
    """A missing or emptied ledger would stamp every note as new (1970) and switch every guard off:
    an error once the project's CHANGELOG.md records a release."""
    if ledger.latest:
        return
    changelog = Path(content_dir).parent / "CHANGELOG.md"
    try:
        released = _RELEASE_HEADING.findall(changelog.read_text(encoding="utf-8")) if changelog.is_file() else []
    except (OSError, UnicodeDecodeError):
        released = []
    if released:
        shown = display_path(Path(content_dir) / LEDGER_FILE)
        report.error(Location(shown, 1), "ledger-missing",
                     f"{shown} records no release, but CHANGELOG.md records release {released[0]}",
                     "restore content/ledger.json from version control; only 'genpeds release' writes it")


def check_against_ledger(content: Content, ledger: Ledger, states: Mapping[str, NoteState], content_dir: Path,
                         report: Report) -> None:
    """Add every ledger problem to the report (nothing to check before the first release)."""
    if not ledger.latest:
        return
    ledger_at = Location(display_path(Path(content_dir) / LEDGER_FILE), 1)
    current = {note.id: note for note in content.notes}
    retired = {retirement.id: retirement for retirement in content.retired}
    topic_of_deck = {topic.deck_name: topic for topic in content.topics}
    new_ids = [note.id for note in content.notes if note.id not in ledger.notes]
    tables = {table.id: table for table in content.tables}
    for note_id, released in ledger.notes.items():
        if note_id not in current and note_id not in retired:
            _report_missing(note_id, released, current, closest(note_id, new_ids), topic_of_deck.get(released.deck),
                            tables.get(note_id.split("/", 1)[0]) if "/" in note_id else None, ledger_at, report)
        if released.retired and note_id in current:
            report.error(current[note_id].location, "retired-id-reused",
                         f"note '{note_id}': this id was retired in an earlier release and cannot come back",
                         "choose a new id")
    for retirement in content.retired:
        if retirement.id not in ledger.notes:
            report.error(retirement.location, "retired-unreleased",
                         f"note '{retirement.id}' was never released, so there is nothing to retire",
                         "delete this entry; an unreleased note can simply be deleted")
        elif retirement.id in current:
            report.error(retirement.location, "retired-still-present",
                         f"note '{retirement.id}' is retired but still in the content",
                         "delete the note, or remove the retirement")
    for deck in sorted({note.deck for note in ledger.notes.values()} - set(topic_of_deck)):
        now_in = [current[n].topic for n, released in ledger.notes.items() if released.deck == deck and n in current]
        topic = content.topic(max(set(now_in), key=now_in.count)) if now_in else None
        report.error(topic.deck_location if topic else ledger_at, "released-deck-missing",
                     f"deck '{deck}' was released but no topic uses it any more"
                     + (f" (its notes are now in topic '{topic.name}', deck '{topic.deck_name}')" if topic else ""),
                     f"deck names are frozen once released: a renamed deck splits every student's deck; "
                     f"write deck: {deck.split('::', 1)[-1]}")
    for note in content.notes:
        released = ledger.notes.get(note.id)
        if released is None or released.retired:
            continue
        if released.type != note.type:
            report.error(note.location, "note-type-changed",
                         f"note '{note.id}': was released as a {released.type} note and is now {note.type}",
                         "keep the type, or retire this note and add a new one with a new id")
            continue
        dropped = sorted(set(released.clozes) - set(cloze_numbers(note)))
        if dropped:
            report.error(note.location, "cloze-dropped",
                         f"note '{note.id}': released cloze number(s) {', '.join(f'c{n}' for n in dropped)} "
                         "are gone; students would keep a blank card",
                         "keep every released cloze number (add new ones after the highest)")
        _check_moved_answers(note, released, report)
        deck = content.topic(note.topic).deck_name
        if released.deck != deck:
            report.warning(note.location, "note-moved",
                           f"note '{note.id}': moved from deck '{released.deck}' to '{deck}'; "
                           "students who imported it keep it where it was")
    if ledger.note_types and ledger.note_types != note_type_schema():
        report.error(ledger_at, "note-type-schema-changed",
                     "the note types' ids, field names or template names differ from the released ones",
                     "they are frozen: a changed schema stops every student's updates; restore genpeds/notetypes.py")
    _warn_pending(ledger, states, ledger_at, report)


def _report_missing(note_id, released, current, renamed_to: str, topic, table, ledger_at: Location,
                    report: Report) -> None:
    """A released id that is gone: at the new note that looks like its renaming, else at the table that made it
    (a row deleted, a card rule removed, or the table made data-only with `cards: []`), else at its topic."""
    since = released.history[0].version
    if renamed_to:
        report.error(current[renamed_to].location, "released-id-missing",
                     f"note '{renamed_to}' is new and note '{note_id}', released in {since}, is gone: renamed?",
                     f"ids never change once released: give the note back its id '{note_id}', or retire "
                     f"'{note_id}' in content/retired.yaml and keep the new note")
        return
    if table is not None:
        report.error(table.location, "released-id-missing",
                     f"note '{note_id}' was released ({since}) but table '{table.id}' no longer makes it",
                     "a released note never just disappears: give the table back the row and card rule that made "
                     f"it, or retire '{note_id}' in content/retired.yaml")
        return
    report.error(topic.location if topic else ledger_at, "released-id-missing",
                 f"note '{note_id}' was released ({since}) but is gone from the content",
                 "restore it with the same id, or retire it in content/retired.yaml")


def _check_moved_answers(note, released, report: Report) -> None:
    """A cloze number keeps the question it was released with: the student's history of c2 belongs to
    what c2 asked. Rewording an answer is fine; the answer of another released number is not."""
    asked = dict(released.answers)
    for number, digest in sorted(answer_digests(note.field("text")).items()):
        if asked.get(number) == digest:
            continue
        moved_from = [other for other, was in sorted(asked.items()) if was == digest and other != number]
        if moved_from:
            report.error(note.location, "cloze-moved",
                         f"note '{note.id}': c{number} now hides what c{moved_from[0]} hid when released; every "
                         f"student's history of c{number} belongs to its old question",
                         f"keep each answer under its released number (put it back under c{moved_from[0]}); "
                         "a new question gets a new number after the highest")


def _warn_pending(ledger: Ledger, states: Mapping[str, NoteState], where: Location, report: Report) -> None:
    pending = [note_id for note_id, state in states.items() if state.pending]
    if pending:
        shown = ", ".join(pending[:3]) + (", …" if len(pending) > 3 else "")
        report.warning(where, "unreleased-changes",
                       f"{len(pending)} note(s) changed or added since release {ledger.latest.version} ({shown})",
                       "that is expected in a pull request; a maintainer runs 'genpeds release VERSION' "
                       "to release them")
