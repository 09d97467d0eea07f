"""A student who touches a note after a release was cut, then imports it: measured in real Anki.

Tagging, marking, editing a note, or Anki tagging one of its cards `leech`, sets the note's time to
the moment of the touch, and Anki skips a note whose time is newer than the package's. Notes changed
in a release carry the release's time plus a window (FIX_WINDOW_SECONDS): within it the fix still
arrives; after it, "Update notes: Always" brings it, keeping every review.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest
from conftest import edit
from test_updates import UPGRADE, import_release, make_tree, note_by_id, study

from genpeds.releases import FIX_WINDOW_SECONDS

if TYPE_CHECKING:
    from anki.collection import Collection

pytestmark = pytest.mark.anki

DAY = 86400
CHANGED = ("study-note-1", "study-note-6", "study-note-8", "study-cloze-4")


def iso(moment: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(moment))


def make_leech(collection: Collection, card_id: int) -> None:
    """Fail a review card until Anki tags its note `leech` (8 lapses with the default options)."""
    from anki.scheduler.v3 import CardAnswer

    for _ in range(8):
        collection.sched.set_due_date([card_id], "0")
        card = collection.get_card(card_id)
        card.start_timer()
        states = collection._backend.get_scheduling_states(card_id)
        collection.sched.answer_card(collection.sched.build_answer(card=card, states=states, rating=CardAnswer.AGAIN))


def touched_after_the_cut(tmp_path, cli, monkeypatch, days_since_cut: int):
    """v1 imported and studied; v2 cut `days_since_cut` days ago; then, before importing v2, the student
    tags, marks and edits changed notes, gets a leech on one, and tags an unchanged one."""
    from anki.collection import Collection

    monkeypatch.chdir(tmp_path)
    make_tree(tmp_path, 20)
    now = int(time.time())
    cli("release", "1.0.0", "--time", iso(now - 120 * DAY))
    cli("build", "--release", "--out", "v1")
    collection = Collection(str(tmp_path / "student.anki2"))
    import_release(collection, tmp_path / "v1/genpeds-all.apkg")
    study(collection, 10)
    notes_file = tmp_path / "content/study/notes.yaml"
    for index in (1, 6, 8):
        edit(notes_file, f"back: Answer number {index}.\n", f"back: Corrected answer number {index}.\n")
    edit(notes_file, "Cloze fact 4 has", "Cloze fact 4, corrected, has")
    cli("release", "2.0.0", "--time", iso(now - days_since_cut * DAY))
    cli("build", "--release", "--out", "v2")
    tagged, marked, edited = (note_by_id(collection, note_id) for note_id in CHANGED[:3])
    tagged.add_tag("my-own-tag")
    marked.add_tag("marked")
    edited.fields[2] = "My own mnemonic."
    unchanged = note_by_id(collection, "study-note-2")
    unchanged.add_tag("my-own-tag")
    for note in (tagged, marked, edited, unchanged):
        collection.update_note(note)
    make_leech(collection, note_by_id(collection, CHANGED[3]).card_ids()[0])
    assert "leech" in note_by_id(collection, CHANGED[3]).tags
    before = UPGRADE.snapshot(collection)
    return collection, before, tmp_path / "v2/genpeds-all.apkg"


def fixed(collection: Collection, note_id: str) -> bool:
    return "orrected" in note_by_id(collection, note_id).fields[0 if "cloze" in note_id else 1]


def assert_history_kept(collection: Collection, before: dict) -> None:
    after = UPGRADE.snapshot(collection)
    assert after["revlog"] == before["revlog"]
    assert after["scheduling"] == before["scheduling"]
    assert after["notetypes"] == before["notetypes"]


def test_a_note_touched_within_the_window_after_the_cut_still_gets_its_fix(tmp_path, cli, monkeypatch):
    collection, before, v2 = touched_after_the_cut(tmp_path, cli, monkeypatch, days_since_cut=1)
    try:
        log = import_release(collection, v2)
        assert not log.conflicting
        assert all(fixed(collection, note_id) for note_id in CHANGED)
        assert "my-own-tag" in note_by_id(collection, "study-note-2").tags  # an unchanged note keeps its tag
        assert_history_kept(collection, before)
    finally:
        collection.close()


def test_after_the_window_the_fix_waits_and_update_always_brings_it(tmp_path, cli, monkeypatch):
    from anki.collection import ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

    days = FIX_WINDOW_SECONDS // DAY + 5
    collection, before, v2 = touched_after_the_cut(tmp_path, cli, monkeypatch, days_since_cut=days)
    try:
        import_release(collection, v2)
        assert not any(fixed(collection, note_id) for note_id in CHANGED)  # as the README warns
        [search] = [line.strip() for line in cli("diff", "1.0.0", "2.0.0").output.splitlines()
                    if line.startswith("    deck:genpeds")]
        held_back = {collection.get_note(nid).guid for nid in collection.find_notes(search)}
        assert held_back == {note_by_id(collection, note_id).guid for note_id in CHANGED}
        options = collection._backend.get_import_anki_package_presets()
        options.update_notes = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS
        collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(v2), options=options))
        assert all(fixed(collection, note_id) for note_id in CHANGED)
        assert not collection.find_notes(search)
        assert_history_kept(collection, before)
    finally:
        collection.close()


def test_check_database_brings_a_note_inside_its_window_back_to_today(tmp_path, cli, monkeypatch):
    from anki.collection import Collection

    monkeypatch.chdir(tmp_path)
    make_tree(tmp_path, 5)
    cli("release", "1.0.0", "--time", iso(int(time.time()) - DAY))
    cli("build", "--release", "--out", "v1")
    collection = Collection(str(tmp_path / "student.anki2"))
    try:
        package = tmp_path / "v1/genpeds-all.apkg"
        import_release(collection, package)
        assert not import_release(collection, package).updated  # the same file again: nothing to do
        collection.fix_integrity()  # "Check Database" moves the future note times to today
        assert len(import_release(collection, package).updated) == 5  # so the next import rewrites them
    finally:
        collection.close()
