"""The floor: bare genanki writing notes that are already made, with no loading, checking or rendering.

    python benchmarks/floor.py notes.pickle out.apkg

`notes.pickle` holds what a genpeds build wrote (see `read_package`): the note types, the decks and
every note's fields, tags and GUID, already rendered. This script only turns them into genanki
objects and writes the package, so its process time is the least any tool would spend writing the
same notes with genanki. It prints the in-process write time as one JSON line.
"""

from __future__ import annotations

import json
import pickle
import sqlite3
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import genanki


def read_package(apkg: Path) -> dict:
    """Note types, decks and notes of a built .apkg, as plain data (the floor's input)."""
    with tempfile.TemporaryDirectory() as scratch:
        with zipfile.ZipFile(apkg) as package:
            package.extract("collection.anki2", scratch)
        db = sqlite3.connect(Path(scratch) / "collection.anki2")
        try:
            models_json, decks_json = db.execute("select models, decks from col").fetchone()
            deck_of = dict(db.execute("select nid, min(did) from cards group by nid"))
            notes = [(guid, str(mid), tags.split(), fields.split("\x1f"), str(deck_of[nid]))
                     for nid, guid, mid, tags, fields in
                     db.execute("select id, guid, mid, tags, flds from notes order by id")]
        finally:
            db.close()
    models = {
        model_id: {"name": m["name"], "fields": [f["name"] for f in m["flds"]],
                   "templates": [{"name": t["name"], "qfmt": t["qfmt"], "afmt": t["afmt"]} for t in m["tmpls"]],
                   "css": m["css"], "type": m["type"], "sort_field": m["sortf"]}
        for model_id, m in json.loads(models_json).items()
    }
    decks = {deck_id: {"name": d["name"], "description": d.get("desc", "")}
             for deck_id, d in json.loads(decks_json).items() if deck_id != "1"}  # 1 is Anki's Default
    return {"models": models, "decks": decks, "notes": notes}


def write_floor(data: dict, target: Path) -> None:
    models = {
        model_id: genanki.Model(int(model_id), m["name"], fields=[{"name": name} for name in m["fields"]],
                                templates=m["templates"], css=m["css"], model_type=m["type"],
                                sort_field_index=m["sort_field"])
        for model_id, m in data["models"].items()
    }
    decks = {deck_id: genanki.Deck(int(deck_id), d["name"], description=d["description"])
             for deck_id, d in data["decks"].items()}
    for guid, model_id, tags, fields, deck_id in data["notes"]:
        decks[deck_id].add_note(genanki.Note(model=models[model_id], fields=fields, tags=tags, guid=guid))
    genanki.Package(list(decks.values())).write_to_file(str(target), timestamp=1_700_000_000)


def main(argv: list[str]) -> None:
    source, target = Path(argv[0]), Path(argv[1])
    with source.open("rb") as handle:
        data = pickle.load(handle)
    started = time.perf_counter()
    write_floor(data, target)
    print(json.dumps({"write_s": time.perf_counter() - started, "notes": len(data["notes"])}))


if __name__ == "__main__":
    main(sys.argv[1:])
