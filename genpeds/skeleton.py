"""A ready-to-edit note block for `genpeds new`: a fresh id that no note uses, and today's date."""

from __future__ import annotations

import datetime as dt

from .errors import SelectionError
from .models import Content


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
        f"    tags: [genpeds::{topic}]\n"
        "    sources:\n"
        f"      - source: {source}\n"
        "        locator: TODO section, table, figure or page\n"
        f"    reviewed: {today.isoformat()}\n"
    )
