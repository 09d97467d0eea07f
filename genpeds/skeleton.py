"""A ready-to-edit note block for `genpeds new`: a fresh id that no note uses, and today's date;
printed, or appended to a notes file."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .errors import OutputError, SelectionError
from .models import Content, topic_tag
from .output import write_bytes_atomically


def fresh_id(content: Content, topic: str, stem: str = "new-note") -> str:
    taken = {note.id for note in content.notes} | {retired.id for retired in content.retired}
    candidate, number = f"{topic}-{stem}", 2
    while candidate in taken:
        candidate, number = f"{topic}-{stem}-{number}", number + 1
    return candidate


def note_skeleton(content: Content, topic: str, today: dt.date, note_type: str = "basic") -> str:
    """YAML for one note of `topic`, indented to sit under a file's `notes:` list."""
    names = [t.name for t in content.topics]
    if topic not in names:
        raise SelectionError(f"unknown topic '{topic}'; topics: {', '.join(names)}")
    fields = ("    front: TODO the question, with its context (age, setting, units, guideline)?\n"
              "    back: TODO the short answer\n") if note_type == "basic" else \
        "    text: TODO a sentence with the answer as {{c1::answer}}\n"
    source = next((s.id for s in content.sources), "TODO-source-id")
    return (
        f"  - id: {fresh_id(content, topic)}\n"
        f"    type: {note_type}\n"
        f"{fields}"
        "    extra: TODO optional — one or two lines of why, or delete this line\n"
        f"    tags: [{topic_tag(topic)}]\n"
        "    sources:\n"
        f"      - source: {source}\n"
        "        locator: TODO section, table, figure or page\n"
        f"    reviewed: {today.isoformat()}\n"
    )


def append_note(path: Path, block: str) -> None:
    """Append a note block to the notes file at `path`, starting a missing file with 'notes:'.

    The file is replaced in one step, so a failure leaves it as it was; raises OutputError when it
    cannot be read or written. A read-only file is refused although the folder would let the rename
    replace it: its owner made it read-only on purpose.
    """
    path = Path(path)
    try:
        existing = path.read_text(encoding="utf-8") if path.exists() else "notes:\n"
    except OSError as exc:
        raise OutputError(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise OutputError(f"cannot read {path}: it is not UTF-8 text") from exc
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"cannot write {path}: the file is read-only")
    write_bytes_atomically(path, (existing + _separator(existing) + block).encode("utf-8"))


def _separator(existing: str) -> str:
    """What goes between a file's text and an appended block: one blank line, as between notes."""
    if existing.endswith("\n\n") or existing == "notes:\n":
        return ""
    return "\n" if existing.endswith("\n") else "\n\n"
