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

from .errors import GenpedsError
from .output import write_bytes_atomically

LEDGER_FILE = "ledger.json"
LEDGER_FORMAT = 1


class LedgerError(GenpedsError):
    """Raised by the ledger reader when content/ledger.json is unreadable or malformed."""


@dataclass(frozen=True)
class Change:
    """One release in which a note's content changed (or first appeared), and the modification time
    the note carries in the decks from then on (up to 0.2.3 the release's time, since then later)."""

    version: str
    time: int
    fingerprint: str


@dataclass(frozen=True)
class Release:
    version: str
    time: int


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
    """The ledger beside the content, or an empty one before the first release."""
    path = Path(content_dir) / LEDGER_FILE
    if not path.exists():
        return Ledger()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != LEDGER_FORMAT:
            raise LedgerError(f"{path}: unknown ledger format {data.get('format')!r}")
        return Ledger(
            releases=tuple(Release(r["version"], int(r["time"])) for r in data["releases"]),
            note_types=data["note_types"],
            notes={
                note_id: LedgerNote(
                    note_id, entry["type"], entry["deck"], tuple(entry["tags"]), tuple(entry["clozes"]),
                    tuple(Change(c["version"], int(c["time"]), c["fingerprint"]) for c in entry["history"]),
                    str(entry.get("retired", "")),
                )
                for note_id, entry in data["notes"].items()
            },
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LedgerError(
            f"{path} cannot be read ({exc}); it is written only by 'genpeds release': "
            "restore it from version control") from exc


def save_ledger(content_dir: Path, ledger: Ledger) -> None:
    """Write the ledger with sorted keys and one note per line, so reviews read it as a small diff."""
    notes = []
    for note_id in sorted(ledger.notes):
        note = ledger.notes[note_id]
        entry = {
            "type": note.type, "deck": note.deck, "tags": list(note.tags), "clozes": list(note.clozes),
            "history": [{"version": c.version, "time": c.time, "fingerprint": c.fingerprint} for c in note.history],
        }
        if note.retired:
            entry["retired"] = note.retired
        notes.append(f"  {json.dumps(note_id)}: {json.dumps(entry, sort_keys=True, ensure_ascii=False)}")
    releases = [{"version": r.version, "time": r.time} for r in ledger.releases]
    text = (
        "{\n"
        f' "format": {LEDGER_FORMAT},\n'
        f' "releases": {json.dumps(releases)},\n'
        f' "note_types": {json.dumps(ledger.note_types, sort_keys=True)},\n'
        ' "notes": {\n' + ",\n".join(notes) + "\n }\n}\n"
    )
    write_bytes_atomically(Path(content_dir) / LEDGER_FILE, text.encode("utf-8"))
