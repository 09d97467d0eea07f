"""Every id Anki sees, made in one place: note GUIDs from note ids, fixed note-type and deck ids.

These are a contract with every student who imported a release: a changed GUID is a new note with
no history, a changed note-type id a duplicated note type.
"""

from __future__ import annotations

import hashlib

GUID_NAMESPACE = "genpeds"

# Note-type ids are constants, chosen once; never change them.
BASIC_NOTETYPE_ID = 1733104001
CLOZE_NOTETYPE_ID = 1733104002

# The deck options preset's id, chosen once: Anki adds a preset by id and never updates it, and it
# only moves a deck to a package's preset whose id is not 1 (Anki's own default).
DECK_OPTIONS_ID = 1733104010


def note_guid(note_id: str) -> str:
    """The Anki GUID of a note: from its permanent id alone, never from its text."""
    import genanki  # only commands that write decks need it
    return genanki.guid_for(GUID_NAMESPACE, note_id)


def deck_id(deck_name: str) -> int:
    """A stable deck id from the full deck name (Anki matches decks by name; the id must not drift)."""
    digest = hashlib.sha256(f"{GUID_NAMESPACE}:deck:{deck_name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:6], "big") % (1 << 40)
