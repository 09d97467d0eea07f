"""Where each note stands against the ledger: its fingerprint, the release that last changed it, and
its modification time; tombstones for retired notes; and stamping a new release into the ledger."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace

from .cards import anki_fields
from .change_kinds import cites_digest, reads_digest
from .cloze import answer_digests, scan
from .errors import ReleaseError
from .ledger import Change, Ledger, LedgerNote, Release
from .models import RETIRED_TAG, Content, Note, Retirement
from .notetypes import FIELDS_BY_NOTE_TYPE, note_type_schema

# A note changed in a release carries the release's time plus this window as its modification time.
# Anki skips a note whose time in the student's collection is newer than the package's, and any tag,
# mark, edit or automatic `leech` sets it to the moment of the touch: a student who touches a note
# within the window after the release was cut, before importing it, still receives its fix. The
# price: a personal tag or edit made within the window on a note that then does not change is
# replaced at the next import (see README, "Updating your deck").
FIX_WINDOW_SECONDS = 30 * 86400
# Anki stores note times as 32-bit seconds: a later time wraps around to 1901 on import.
LAST_NOTE_TIME = 2**31 - 1


@dataclass(frozen=True)
class NoteState:
    """A note's fingerprint, the release that last changed it ('' while the change is unreleased), and
    the modification time Anki will compare."""

    fingerprint: str
    version: str
    time: int
    fields: tuple[str, ...] = ()  # as `anki_fields` renders them, Release left empty

    @property
    def pending(self) -> bool:
        return not self.version


def fingerprint(note: Note, content: Content) -> str:
    """A digest of everything an update would write into the student's note: fields and tags."""
    return _digest(note, anki_fields(note, content))


def _digest(note: Note, fields: list[str]) -> str:
    payload = json.dumps([note.type, fields, sorted(note.tags)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


def note_time(release_time: int) -> int:
    """The modification time of a note changed in a release cut at `release_time`."""
    return release_time + FIX_WINDOW_SECONDS


def pending_time(ledger: Ledger, committed: int | None = None) -> int:
    """The time given to unreleased changes: just after every released note's, so they are newer, and
    later by as much as the commit they are built from (`committed`) is later than the last release,
    so a build of a later commit carries later times (and the next release's are later still)."""
    newest = max((note.last.time for note in ledger.notes.values()), default=0)
    released = ledger.latest.time if ledger.latest else 0
    since_release = max(0, committed - released) if committed else 0
    return min(max(newest, released) + 1 + since_release, LAST_NOTE_TIME)


def cloze_numbers(note: Note) -> tuple[int, ...]:
    return tuple(sorted(scan(note.field("text")).numbers)) if note.type == "cloze" else ()


def tombstone(retirement: Retirement, released: LedgerNote, content: Content) -> Note | None:
    """The note that replaces a retired one: same id, type and clozes, text saying when and why."""
    topic = next((t for t in content.topics if t.deck_name == released.deck), None)
    if topic is None:
        return None
    notice = f"**Retired** on {retirement.date.isoformat()}: {retirement.reason} You can delete this note."
    if released.type == "cloze":
        markers = " ".join(f"{{{{c{number}::retired}}}}" for number in released.clozes or (1,))
        fields = (("text", f"{notice} ({markers})"),)
    else:
        fields = (("front", notice), ("back", "Retired: delete this note."))
    tags = tuple(dict.fromkeys((*(t for t in released.tags if t != RETIRED_TAG), RETIRED_TAG)))
    return Note(retirement.id, topic.name, released.type, fields, tags, (), retirement.date,
                retirement.location)


def tombstones(content: Content, ledger: Ledger) -> list[Note]:
    made = []
    for retirement in content.retired:
        released = ledger.notes.get(retirement.id)
        note = tombstone(retirement, released, content) if released else None
        if note:
            made.append(note)
    return made


def note_states(notes: list[Note], content: Content, ledger: Ledger) -> dict[str, NoteState]:
    """The state of each note (tombstones included) against the ledger."""
    states = {}
    waiting = pending_time(ledger)
    for note in notes:
        fields = anki_fields(note, content)
        digest = _digest(note, fields)
        released = ledger.notes.get(note.id)
        if released and released.last.fingerprint == digest:
            states[note.id] = NoteState(digest, released.last.version, released.last.time, tuple(fields))
        else:
            states[note.id] = NoteState(digest, "", waiting, tuple(fields))
    return states


def cut_release(content: Content, ledger: Ledger, version: str, time: int) -> Ledger:
    """The ledger with `version` recorded: every new or changed note stamped with this release."""
    if ledger.release(version):
        raise ReleaseError(f"release {version} already exists; choose a new version")
    if ledger.latest and time <= ledger.latest.time:
        raise ReleaseError(f"release time {time} is not after release {ledger.latest.version} ({ledger.latest.time})")
    if note_time(time) > LAST_NOTE_TIME:
        raise ReleaseError(f"release time {time} is too late: Anki's 32-bit note times end in January 2038")
    notes = [*content.notes, *tombstones(content, ledger)]
    states = note_states(notes, content, ledger)
    retired_ids = {retirement.id for retirement in content.retired}
    entries = dict(ledger.notes)
    for note in notes:
        state = states[note.id]
        released = entries.get(note.id)
        clozes = tuple(sorted({*cloze_numbers(note), *(released.clozes if released else ())}))
        if released is None:
            released = LedgerNote(note.id, note.type, content.topic(note.topic).deck_name, note.tags, clozes, ())
        if note.id not in retired_ids:  # a tombstone keeps what the note asked before it was retired
            released = record_answers(released, note)
        if state.pending:
            fields = dict(zip(FIELDS_BY_NOTE_TYPE[note.type], state.fields, strict=True))
            change = Change(version, note_time(time), state.fingerprint, reads_digest(fields),
                            cites_digest(fields["Sources"]))
            released = replace(released, history=(*released.history, change))
        retired = released.retired or (version if note.id in retired_ids else "")
        entries[note.id] = replace(released, tags=note.tags, clozes=clozes, retired=retired)
    changed = sum(state.pending for state in states.values())
    return Ledger((*ledger.releases, Release(version, time, changed)), note_type_schema(), entries)


def record_answers(released: LedgerNote, note: Note) -> LedgerNote:
    """The entry with what each of the note's cloze numbers asks now (kept for numbers it no longer has)."""
    if note.type != "cloze":
        return released
    answers = {**dict(released.answers), **answer_digests(note.field("text"))}
    return replace(released, answers=tuple(sorted(answers.items())))
