"""Re-importing a new release keeps every student's history, tags and edits: measured in real Anki.

Release v1 of a content tree, import it with the desktop dialog's default options, study it, then
edit, add and retire notes, change the stylesheet, release v2 and import again.
"""

from __future__ import annotations

import sqlite3
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import Cli, LazyScript, edit, write

from genpeds import notetypes
from genpeds.identity import note_guid

if TYPE_CHECKING:
    from anki.collection import Collection

pytestmark = pytest.mark.anki

TOPIC = """title: Study topic
deck: Study
order: 1
description: Notes to study.
tags:
  genpeds::study: Study notes.
  genpeds::study::basics: Basics.
"""


def note_block(index: int) -> str:
    if index % 5 == 4:
        return f"""  - id: study-cloze-{index}
    type: cloze
    text: Cloze fact {index} has {{{{c1::part one}}}} and {{{{c2::part two}}}}.
    tags: [genpeds::study::basics]
    sources:
      - source: study-guide-2024
        locator: Section {index}
    reviewed: 2026-01-01
"""
    return f"""  - id: study-note-{index}
    type: basic
    front: Study question number {index}?
    back: Answer number {index}.
    tags: [genpeds::study]
    sources:
      - source: study-guide-2024
        locator: Section {index}
    reviewed: 2026-01-01
"""


def make_tree(root: Path, count: int) -> None:
    write(root / "content/tags.yaml", "tags:\n  genpeds: Root.\n  genpeds::retired: Retired notes.\n")
    write(root / "content/study/topic.yaml", TOPIC)
    write(root / "content/sources/study.yaml", "sources:\n  study-guide-2024:\n    body: Study Board\n"
          "    document: Study Guide\n    year: 2024\n    url: https://example.org/study\n"
          "    label: Study Society · guide\n")
    write(root / "content/study/notes.yaml", "notes:\n" + "\n".join(note_block(i) for i in range(count)))
    write(root / "decks/all.yaml", "title: All\ndescription: Everything.\ninclude: [genpeds]\n")


UPGRADE = LazyScript("scripts/check_upgrade.py")


def import_release(collection: Collection, package: Path):
    return UPGRADE.import_deck(collection, package)


def scheduling(collection: Collection) -> dict:
    return UPGRADE.scheduling(collection)


def study(collection: Collection, answers: int) -> None:
    assert UPGRADE.answer_cards(collection, answers) == answers, "ran out of cards to study"


def note_by_id(collection: Collection, note_id: str):
    nid = collection.db.scalar("select id from notes where guid = ?", note_guid(note_id))
    assert nid is not None, note_id
    return collection.get_note(nid)


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """v1 and v2 of a 30-note tree, with a collection that imported and studied v1 in between, and the folder
    holding them: built once for the module, since its tests only read them."""
    from anki.collection import Collection

    root = tmp_path_factory.mktemp("releases")
    collection = Collection(str(root / "student.anki2"))
    try:
        with pytest.MonkeyPatch.context() as monkeypatch:
            before, second = _study_v1_then_import_v2(root, collection, monkeypatch)
        yield collection, before, second, root
    finally:
        collection.close()


def _study_v1_then_import_v2(root: Path, collection: Collection, monkeypatch: pytest.MonkeyPatch):
    """Release and build v1 in `root`, import and study it; edit, add, retire notes and change the stylesheet;
    release, build and import v2. Returns the collection's state before v2 and the log of its import."""
    cli = Cli()
    monkeypatch.chdir(root)
    make_tree(root, 30)
    now = int(time.time())
    v1_time = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now - 60 * 86400))  # its fix window is over
    cli("release", "1.0.0", "--time", v1_time)
    cli("build", "--release", "--out", "v1")
    first = import_release(collection, root / "v1/genpeds-all.apkg")
    assert len(first.new) == 30
    study(collection, 24)
    collection.sched.suspend_cards(note_by_id(collection, "study-note-3").card_ids())
    collection.set_user_flag_for_cards(2, note_by_id(collection, "study-note-5").card_ids())
    for note_id in ("study-note-1", "study-note-2"):  # note 1 will change upstream, note 2 will not
        note = note_by_id(collection, note_id)
        note.add_tag("my-own-tag")
        collection.update_note(note)
    before = {
        "scheduling": scheduling(collection),
        "revlog": collection.db.all("select * from revlog order by id"),
        "mod": {nid: collection.get_note(nid).mod for nid in collection.find_notes("")},
        "notetypes": sorted(n.name for n in collection.models.all_names_and_ids()),
    }
    assert len(before["revlog"]) >= 20

    notes_file = root / "content/study/notes.yaml"
    for index in (1, 6, 8):
        edit(notes_file, f"back: Answer number {index}.\n", f"back: Corrected answer number {index}.\n")
    edit(notes_file, "Cloze fact 4 has", "Cloze fact 4, reworded, has")
    text = notes_file.read_text()
    start = text.index("  - id: study-note-7\n")
    notes_file.write_text(text[:start] + text[text.index("  - id: study-note-8\n"):])
    write(root / "content/retired.yaml",
          "retired:\n  - id: study-note-7\n    date: 2026-02-01\n    reason: Merged into study-note-8.\n")
    with notes_file.open("a") as extra:
        extra.write("\n" + note_block(30) + "\n" + note_block(34))
    original = notetypes._template
    monkeypatch.setattr(notetypes, "_template", lambda name: original(name) + (
        "\n.card { letter-spacing: 0.01em; }\n" if name == "cards.css" else ""))
    notetypes.note_types.cache_clear()
    cli("release", "2.0.0", "--time", time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now + 3600)))
    cli("build", "--release", "--out", "v2")
    notetypes.note_types.cache_clear()
    return before, import_release(collection, root / "v2/genpeds-all.apkg")


def test_scheduling_and_review_history_survive(releases):
    collection, before, _, _ = releases
    assert collection.db.all("select * from revlog order by id") == before["revlog"]
    after = scheduling(collection)
    assert {card: after[card] for card in before["scheduling"]} == before["scheduling"]


def test_no_duplicates_no_conflicts_no_new_note_types(releases):
    collection, before, log, _ = releases
    assert not log.conflicting
    guids = collection.db.list("select guid from notes")
    assert len(guids) == len(set(guids)) == 32  # 30 released + 2 new; the retired one stays
    assert sorted(n.name for n in collection.models.all_names_and_ids()) == before["notetypes"]


def test_changed_notes_update_and_unchanged_ones_are_left_alone(releases):
    collection, before, log, _ = releases
    assert "Corrected answer number 6." in note_by_id(collection, "study-note-6").fields[1]
    assert "reworded" in note_by_id(collection, "study-cloze-4").fields[0]
    assert "Corrected answer number 1." in note_by_id(collection, "study-note-1").fields[1]
    assert "my-own-tag" not in note_by_id(collection, "study-note-1").tags  # documented: updates replace tags
    assert "my-own-tag" in note_by_id(collection, "study-note-2").tags
    updated = {note_guid(n) for n in ("study-note-1", "study-note-6", "study-note-8", "study-cloze-4",
                                      "study-note-7")}
    assert {collection.get_note(entry.id.nid).guid for entry in log.updated} == updated
    assert len(log.new) == 2
    changed_mod = {nid for nid, mod in before["mod"].items() if collection.get_note(nid).mod != mod}
    assert {collection.get_note(nid).guid for nid in changed_mod} == updated


def test_retired_note_is_marked(releases):
    collection, before, _, _ = releases
    note = note_by_id(collection, "study-note-7")
    assert "genpeds::retired" in note.tags
    assert "Merged into study-note-8." in note.fields[0]
    card = note.cards()[0]
    assert "Retired" in card.question()
    assert before["scheduling"][card.id][4] != -1 and card.queue != -1  # the student's card is left as it was


def test_a_new_student_meets_a_retired_note_after_every_other_card(releases, tmp_path):
    # A suspended card in the package would not help: imported with the default options (no scheduling),
    # Anki makes every new card plain new again. Tombstones are placed last instead.
    from anki.collection import Collection

    _, _, _, root = releases
    collection = Collection(str(tmp_path / "new-student.anki2"))
    try:
        import_release(collection, root / "v2/genpeds-all.apkg")
        [tombstone] = note_by_id(collection, "study-note-7").cards()
        others = [collection.get_card(card_id) for card_id in collection.find_cards("-tag:genpeds::retired")]
        assert others and all(card.due < tombstone.due for card in others)
    finally:
        collection.close()


def test_new_notes_arrive_in_their_deck_at_the_positions_of_the_release(releases, tmp_path):
    collection, _, _, root = releases
    new_cards = [*note_by_id(collection, "study-note-30").cards(), *note_by_id(collection, "study-cloze-34").cards()]
    assert {collection.decks.name(card.did) for card in new_cards} == {"genpeds::Study"}
    with zipfile.ZipFile(root / "v2/genpeds-all.apkg") as package:
        (tmp_path / "v2.anki2").write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "v2.anki2") as released:
        positions = dict(((guid, ord_), due) for guid, ord_, due in released.execute(
            "select n.guid, c.ord, c.due from cards c join notes n on n.id = c.nid"))
    assert [card.due for card in new_cards] == [positions[card.note().guid, card.ord] for card in new_cards]
    assert len({card.due for card in new_cards}) == 3  # each card its own place, cloze siblings apart


def test_stylesheet_change_reaches_the_collection(releases):
    collection, _, _, _ = releases
    collection.models._clear_cache()  # the Python side caches note types it has rendered with
    model = collection.models.by_name("genpeds Basic")
    assert "letter-spacing: 0.01em" in model["css"]


def test_importing_the_same_release_again_changes_nothing(releases):
    collection, _, _, root = releases
    snapshot = scheduling(collection), collection.db.all("select id, mod, flds, tags from notes order by id")
    again = import_release(collection, root / "v2/genpeds-all.apkg")
    assert not again.new and not again.updated and not again.conflicting
    assert (scheduling(collection), collection.db.all("select id, mod, flds, tags from notes order by id")) == snapshot
