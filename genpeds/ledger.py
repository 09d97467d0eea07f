"""The release ledger (content/ledger.json): every note ever released, and when its content last changed.

Anki updates a note on re-import only when the package's modification time is newer than the
collection's. So each note carries the time of the release that last changed it: unchanged notes
keep their time (and the student's own tags on them), changed notes move forward. The ledger is
written only by `genpeds release`; builds read it, so one repository state gives one set of bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import display_path, shorten
from .errors import LedgerError
from .output import write_bytes_atomically

LEDGER_FILE = "ledger.json"
LEDGER_FORMAT = 1


@dataclass(frozen=True)
class Change:
    """One release in which a note's content changed (or first appeared), and the modification time
    the note carries in the decks from then on (up to 0.2.3 the release's time, since then later)."""

    version: str
    time: int
    fingerprint: str
    reads: str = ""  # digest of what the card says (genpeds.change_kinds); "" before 0.3.0
    cites: str = ""  # digest of the documents and locators it cites


@dataclass(frozen=True)
class Release:
    """A release: its version, when it was cut, and how many note changes it recorded (so a removed
    ledger entry is noticed; None for ledgers written before it was counted)."""

    version: str
    time: int
    changes: int | None = None


@dataclass(frozen=True)
class LedgerNote:
    """What was released of one note: its history, where it lives and what Anki made of it."""

    id: str
    type: str
    deck: str
    tags: tuple[str, ...]
    clozes: tuple[int, ...]
    history: tuple[Change, ...]
    retired: str = ""  # the release that retired it
    answers: tuple[tuple[int, str], ...] = ()  # what each released cloze number asked, as a digest

    @property
    def last(self) -> Change:
        return self.history[-1]


@dataclass(frozen=True)
class Ledger:
    """All releases, the frozen note-type schemas, and every released note by id."""

    releases: tuple[Release, ...] = ()
    note_types: dict = field(default_factory=dict)
    notes: dict[str, LedgerNote] = field(default_factory=dict)

    @property
    def latest(self) -> Release | None:
        return self.releases[-1] if self.releases else None

    def release(self, version: str) -> Release | None:
        return next((release for release in self.releases if release.version == version), None)


def load_ledger(content_dir: Path) -> Ledger:
    """The ledger beside the content, or an empty one before the first release; raises LedgerError
    (with the line) when it cannot be read or breaks an invariant."""
    path = Path(content_dir) / LEDGER_FILE
    shown = display_path(path)
    if not path.exists():
        return Ledger()
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is accepted, as in content files
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LedgerError(f"not valid JSON ({exc.msg}, column {exc.colno})", shown, exc.lineno) from exc
    except (OSError, UnicodeDecodeError, RecursionError, ValueError) as exc:
        raise LedgerError(f"cannot be read ({type(exc).__name__})", shown) from exc
    return _LedgerReader(text, shown).ledger(data)


class _LedgerReader:
    """Checks the parsed ledger against what `genpeds release` always writes, naming the line of the
    first entry that differs."""

    def __init__(self, text: str, shown: str):
        self.shown = shown
        self.lines = {line.split('":', 1)[0][3:]: number for number, line in enumerate(text.splitlines(), 1)
                      if line.startswith('  "')}

    def fail(self, problem: str, note_id: str | None = None):
        raise LedgerError(problem, self.shown, self.lines.get(note_id, 1) if note_id else 1)

    def ledger(self, data) -> Ledger:
        if not isinstance(data, dict) or data.get("format") != LEDGER_FORMAT:
            self.fail(f"unknown ledger format {_quoted(data.get('format') if isinstance(data, dict) else data)}")
        for key, kind in (("releases", list), ("note_types", dict), ("notes", dict)):
            if not isinstance(data.get(key), kind):
                self.fail(f"'{key}' is missing or is not a {kind.__name__}")
        releases = tuple(self.release(entry) for entry in data["releases"])
        for earlier, later in zip(releases, releases[1:], strict=False):
            if later.time <= earlier.time or later.version == earlier.version:
                self.fail(f"release {later.version} does not come after release {earlier.version}")
        if data["notes"] and not releases:
            self.fail("notes are recorded but no release is")
        by_version = {release.version: release for release in releases}
        notes = {note_id: self.note(note_id, entry, by_version) for note_id, entry in data["notes"].items()}
        for release in releases:
            recorded = sum(change.version == release.version for note in notes.values() for change in note.history)
            if release.changes is not None and recorded != release.changes:
                self.fail(f"release {release.version} recorded {release.changes} note change(s) but the ledger "
                          f"holds {recorded}: an entry was removed or added by hand")
        return Ledger(releases, data["note_types"], notes)

    def release(self, entry) -> Release:
        if not isinstance(entry, dict) or not _is_text(entry.get("version")) or not _is_time(entry.get("time")):
            self.fail(f"release {_quoted(entry)} needs a version and a time")
        changes = entry.get("changes")
        if changes is not None and (not isinstance(changes, int) or isinstance(changes, bool) or changes < 0):
            self.fail(f"release {entry['version']}: 'changes' must be a count")
        return Release(entry["version"], entry["time"], changes)

    def note(self, note_id: str, entry, releases: dict[str, Release]) -> LedgerNote:
        label = f"note {_quoted(note_id)}"
        if not isinstance(entry, dict):
            self.fail(f"{label} is not an entry", note_id)
        if entry.get("type") not in ("basic", "cloze") or not _is_text(entry.get("deck")):
            self.fail(f"{label} needs a type (basic or cloze) and a deck", note_id)
        tags, clozes, history = entry.get("tags"), entry.get("clozes"), entry.get("history")
        if not isinstance(tags, list) or not all(_is_text(tag) for tag in tags):
            self.fail(f"{label}: 'tags' must be a list of tags", note_id)
        if not isinstance(clozes, list) or not all(_is_count(n) and n > 0 for n in clozes) \
                or clozes != sorted(set(clozes)):
            self.fail(f"{label}: 'clozes' must list cloze numbers in order", note_id)
        if not isinstance(history, list) or not history:
            self.fail(f"{label} has no history", note_id)
        changes = tuple(self.change(label, note_id, change, releases) for change in history)
        order = [list(releases).index(change.version) for change in changes]
        if order != sorted(set(order)):
            self.fail(f"{label}: its history is not in release order", note_id)
        retired = entry.get("retired", "")
        if retired and retired not in releases:
            self.fail(f"{label} was retired in release {_quoted(retired)}, which the ledger does not record", note_id)
        answers = entry.get("answers", {})
        if not isinstance(answers, dict) or not all(
                key.isdigit() and int(key) in clozes and _is_text(value) for key, value in answers.items()):
            self.fail(f"{label}: 'answers' must map its cloze numbers to digests", note_id)
        return LedgerNote(note_id, entry["type"], entry["deck"], tuple(tags), tuple(clozes), changes, retired,
                          tuple(sorted((int(key), value) for key, value in answers.items())))

    def change(self, label: str, note_id: str, change, releases: dict[str, Release]) -> Change:
        if not isinstance(change, dict) or change.get("version") not in releases or not _is_time(change.get("time")) \
                or not _is_text(change.get("fingerprint")):
            self.fail(f"{label}: history entry {_quoted(change)} must name a recorded release, a time and a "
                      "fingerprint", note_id)
        if change["time"] < releases[change["version"]].time:
            self.fail(f"{label}: changed in {change['version']} at a time before that release", note_id)
        for key in ("reads", "cites"):
            if key in change and not _is_text(change[key]):
                self.fail(f"{label}: history entry {_quoted(change)} has an empty '{key}' digest", note_id)
        return Change(change["version"], change["time"], change["fingerprint"], change.get("reads", ""),
                      change.get("cites", ""))


def _is_text(value) -> bool:
    return isinstance(value, str) and bool(value)


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_time(value) -> bool:
    """A time Anki can store: 32-bit seconds."""
    return _is_count(value) and 0 <= value < 2**31


def _quoted(value) -> str:
    return shorten(repr(value))


def _change_entry(change: Change) -> dict:
    entry = {"version": change.version, "time": change.time, "fingerprint": change.fingerprint}
    return entry | {key: value for key, value in (("reads", change.reads), ("cites", change.cites)) if value}


def save_ledger(content_dir: Path, ledger: Ledger) -> None:
    """Write the ledger with sorted keys and one note per line, so reviews read it as a small diff."""
    notes = []
    for note_id in sorted(ledger.notes):
        note = ledger.notes[note_id]
        entry = {
            "type": note.type, "deck": note.deck, "tags": list(note.tags), "clozes": list(note.clozes),
            "history": [_change_entry(c) for c in note.history],
        }
        if note.retired:
            entry["retired"] = note.retired
        if note.answers:
            entry["answers"] = {str(number): digest for number, digest in note.answers}
        notes.append(f"  {json.dumps(note_id)}: {json.dumps(entry, sort_keys=True, ensure_ascii=False)}")
    releases = [{"version": r.version, "time": r.time} | ({"changes": r.changes} if r.changes is not None else {})
                for r in ledger.releases]
    text = (
        "{\n"
        f' "format": {LEDGER_FORMAT},\n'
        f' "releases": {json.dumps(releases)},\n'
        f' "note_types": {json.dumps(ledger.note_types, sort_keys=True)},\n'
        ' "notes": {\n' + ",\n".join(notes) + "\n }\n}\n"
    )
    write_bytes_atomically(Path(content_dir) / LEDGER_FILE, text.encode("utf-8"))
