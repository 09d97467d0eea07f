"""Write one .apkg: notes in their topic decks, byte-identical for the same content.

Nothing here reads the clock: every time stamp comes from the notes' change times, and the zip is
written here with fixed entry metadata (genanki's own zip carries the file system's dates).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import genanki

from .cards import anki_tags, with_release
from .deck_options import with_deck_options
from .identity import deck_id, note_guid
from .markup import render
from .models import ROOT_DECK, Content, Note
from .notetypes import note_types
from .positions import CardKey, card_ords
from .releases import NoteState

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# zlib's fastest level: the complete deck's database compresses in two fifths of the default level's
# time, into a file about a seventh larger.
ZIP_LEVEL = 1


class _PlacedCard(genanki.Card):
    """A genanki card with its own new-card position (genanki gives every card of a note the same)."""

    def __init__(self, ord_: int, position: int):
        super().__init__(ord_)
        self.position = position

    def write_to_db(self, cursor, timestamp, deck_id, note_id, id_gen, due=0):  # noqa: ARG002 - genanki's
        super().write_to_db(cursor, timestamp, deck_id, note_id, id_gen, self.position)


class _TimedNote(genanki.Note):
    """A genanki note that carries its own modification time instead of the package's, and cards
    placed one by one."""

    def __init__(self, *args, modified: int, positions: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.modified = modified
        self.positions = positions

    @property
    def cards(self):
        return [_PlacedCard(ord_, position) for ord_, position in sorted(self.positions.items())]

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):  # noqa: ARG002 - genanki's signature
        super().write_to_db(cursor, self.modified, deck_id, id_gen)


class _BatchedInserts:
    """A cursor that keeps genanki's row inserts and runs them as one batch per table.

    genanki inserts each note and each card with its own statement: a sixth of writing 50,000 notes.
    The rows are genanki's own, in its order; a note's id is the id it inserts (the rowid), which
    genanki reads back as `lastrowid`. Every other statement runs at once, after the rows so far.
    """

    def __init__(self, cursor: sqlite3.Cursor):
        self.cursor = cursor
        self.rows: dict[str, list[tuple]] = {}
        self.lastrowid = None

    def execute(self, statement: str, parameters=()):
        if statement.startswith("INSERT INTO "):
            self.rows.setdefault(statement, []).append(parameters)
            self.lastrowid = parameters[0]
            return self
        self.flush()
        return self.cursor.execute(statement, parameters)

    def executescript(self, script: str):
        self.flush()
        return self.cursor.executescript(script)

    def flush(self) -> None:
        for statement, rows in self.rows.items():
            self.cursor.executemany(statement, rows)
        self.rows.clear()


class _PackageWithOptions(genanki.Package):
    """A genanki package whose decks use the genpeds deck options preset, written to a database file
    of ours (genanki's own write_to_file leaves its temporary database behind in the system's temp
    folder, one per deck file and build)."""

    def write_database(self, path: Path, timestamp: int) -> None:
        connection = sqlite3.connect(path)
        # The database is scratch, zipped and deleted at once: no journal and no waiting for the disk
        # (each of genanki's statements would otherwise wait for its own sync, most of a deck's write).
        connection.execute("pragma journal_mode = off")
        connection.execute("pragma synchronous = off")
        try:
            cursor = _BatchedInserts(connection.cursor())
            self.write_to_db(cursor, timestamp, itertools.count(timestamp * 1000))
            cursor.flush()
            connection.commit()
        finally:
            connection.close()

    def write_to_db(self, cursor, timestamp, id_gen):
        super().write_to_db(cursor, timestamp, id_gen)
        dconf, decks = (json.loads(value) for value in cursor.execute("select dconf, decks from col").fetchone())
        dconf, decks = with_deck_options(dconf, decks, (deck.deck_id for deck in self.decks))
        cursor.execute("update col set dconf = ?, decks = ?", (json.dumps(dconf), json.dumps(decks)))


def write_package(target: Path, content: Content, notes: Sequence[Note], states: Mapping[str, NoteState],
                  positions: Mapping[CardKey, int], description: str, release_time: int) -> None:
    """Write `notes` into `target` (a path that nobody reads yet: the caller renames it into place).

    Each note carries its own change time and each card its position; the package's own time (which
    note types and decks carry) is the newest of those and of the last release, so a changed
    stylesheet reaches students.
    """
    models = note_types()
    decks = {ROOT_DECK: genanki.Deck(deck_id(ROOT_DECK), ROOT_DECK, description=render(description))}
    for topic in content.topics:
        decks[topic.name] = genanki.Deck(deck_id(topic.deck_name), topic.deck_name,
                                         description=render(topic.description))
    for note in notes:
        state = states[note.id]
        decks[note.topic].add_note(_TimedNote(
            model=models[note.type], fields=with_release(note.type, state.fields, state.version),
            tags=anki_tags(note), guid=note_guid(note.id), modified=state.time,
            positions={ord_: positions[note.id, ord_] for ord_ in card_ords(note)},
        ))
    used = [deck for name, deck in decks.items() if name == ROOT_DECK or deck.notes]
    newest = max([release_time, *(states[note.id].time for note in notes)])
    # Each drawn chart the package's notes show, once, under its content-hashed name.
    media = sorted({content.chart_of[note.id].name: content.chart_of[note.id].data
                    for note in notes if note.id in content.chart_of}.items())
    with tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "collection.anki2"
        _PackageWithOptions(used).write_database(database, newest)
        entries = {"collection.anki2": database.read_bytes(),
                   "media": json.dumps({str(index): name for index, (name, _) in enumerate(media)}).encode()}
        entries.update((str(index), data) for index, (_, data) in enumerate(media))
        _write_zip(target, entries)


def _write_zip(target: Path, entries: Mapping[str, bytes]) -> None:
    """The .apkg zip, entries in a fixed order with fixed dates and permissions."""
    with zipfile.ZipFile(target, "w") as package:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            package.writestr(info, entries[name], compresslevel=ZIP_LEVEL)
