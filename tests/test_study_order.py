"""What a student meets first, measured in real Anki: each topic in its teaching order, cloze siblings
apart, topics interleaved under the genpeds preset, and upgrades from the last release that keep
every review whether or not the student imports the preset."""

from __future__ import annotations

import contextlib
import copy
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import FIXTURE_PROJECT, REPO_ROOT, LazyScript

from genpeds.build import DeckRequest, build_decks
from genpeds.deck_options import DECK_OPTIONS_NAME
from genpeds.identity import DECK_OPTIONS_ID, note_guid
from genpeds.models import RETIRED_TAG
from genpeds.project import load_project
from genpeds.teaching import teaching_order

if TYPE_CHECKING:
    from anki.collection import Collection

pytestmark = pytest.mark.anki

UPGRADE = LazyScript("scripts/check_upgrade.py")
FIRST = LazyScript("scripts/first_new_cards.py")
DAY = 20  # new cards a day, Anki's default and the preset's
# What the preset changes in Anki's default options, as the README describes it.
PRESET_CHOICES = {("new", "bury"): True, ("rev", "bury"): True, ("newGatherPriority",): 1, ("newSortOrder",): 1}


def build_complete(root: Path, out: Path):
    project = load_project(root / "content", root / "decks")
    assert project.report.ok, [d.format() for d in project.report.errors]
    [deck] = build_decks(project, [DeckRequest.from_tags(["genpeds"], file_name="complete.apkg")], out)
    return project, deck.path


@pytest.fixture(scope="module")
def real_build(tmp_path_factory):
    return build_complete(REPO_ROOT, tmp_path_factory.mktemp("dist"))


@contextlib.contextmanager
def fresh_collection(folder: Path, package: Path, with_presets: bool = False):
    """A new student's collection that imported `package`, closed afterwards."""
    from anki.collection import Collection

    collection = Collection(str(folder / f"student-{with_presets}.anki2"))
    try:
        FIRST.import_package(collection, package, with_presets)
        yield collection
    finally:
        collection.close()


def first_new_cards(collection: Collection, deck: str, count: int = DAY):
    cards = FIRST.first_new_cards(collection, deck, count)
    assert all(card.type == 0 for card in cards)  # new cards, nothing studied yet
    return cards


def note_ids(cards, project) -> list[str]:
    by_guid = {note_guid(note.id): note.id for note in project.content.notes}
    return [by_guid[card.note().guid] for card in cards]


def test_each_topic_opens_with_the_first_notes_of_its_teaching_order(real_build, tmp_path):
    project, package = real_build
    with fresh_collection(tmp_path, package) as collection:
        declared = teaching_order(project.content)
        for topic in project.content.topics:
            shown = note_ids(first_new_cards(collection, topic.deck_name), project)
            assert len(shown) == DAY, topic.name
            assert len(set(shown)) >= 14, (topic.name, shown)
            assert shown == [note.id for note in declared[topic.name][:DAY]], topic.name


def test_no_note_fills_a_day_in_any_topic(real_build, tmp_path):
    project, package = real_build
    with fresh_collection(tmp_path, package) as collection:
        for topic in project.content.topics:
            deck_id = collection.decks.id_for_name(topic.deck_name)
            # Tombstones come after every card worth studying and are there to be deleted (README), so a
            # retired cloze note's cards may sit together at the very end.
            by_position = collection.db.list(
                "select n.guid from cards c join notes n on n.id = c.nid where c.did = ? and n.tags not like ? "
                "order by c.due, c.ord", deck_id, f"%{RETIRED_TAG}%")
            # Any 20 cards in a row, as a day's new cards: at most 2 from one note.
            days = [by_position[start:start + DAY] for start in range(max(1, len(by_position) - DAY + 1))]
            crowded = [start for start, day in enumerate(days) if max(day.count(guid) for guid in day) > 2]
            assert not crowded, (topic.name, crowded[:3])


def test_the_preset_interleaves_topics_in_the_parent_deck(real_build, tmp_path):
    project, package = real_build
    with fresh_collection(tmp_path, package, with_presets=True) as collection:
        cards = first_new_cards(collection, "genpeds")
        topics = {collection.decks.name(card.did) for card in cards}
        assert len(cards) == DAY and len(topics) >= 3, topics
        assert len(set(note_ids(cards, project))) >= 14


def test_the_preset_is_ankis_default_with_our_choices(real_build, tmp_path):
    _, package = real_build
    with fresh_collection(tmp_path, package, with_presets=True) as collection:
        genpeds_decks = [d for d in collection.decks.all_names_and_ids() if d.name.split("::")[0] == "genpeds"]
        assert {collection.decks.get(d.id)["conf"] for d in genpeds_decks} == {DECK_OPTIONS_ID}
        preset = collection.decks.get_config(DECK_OPTIONS_ID)
        default = copy.deepcopy(collection.decks.get_config(1))
        for path, value in PRESET_CHOICES.items():
            target = default
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        default.update(id=DECK_OPTIONS_ID, name=DECK_OPTIONS_NAME, mod=preset["mod"], usn=preset["usn"])
        assert preset == default
        assert (preset["new"]["perDay"], preset["rev"]["perDay"]) == (20, 200)


def test_default_options_leave_deck_presets_alone(real_build, tmp_path):
    _, package = real_build
    with fresh_collection(tmp_path, package) as collection:
        assert [entry["id"] for entry in collection.decks.all_config()] == [1]
        assert {collection.decks.get(d.id)["conf"] for d in collection.decks.all_names_and_ids()} == {1}


def test_the_fixture_decks_come_due_in_teaching_order(tmp_path):
    project, package = build_complete(FIXTURE_PROJECT, tmp_path / "dist")
    with fresh_collection(tmp_path, package) as collection:
        by_position = collection.db.list("select n.guid from cards c join notes n on n.id = c.nid order by c.due")
        first_seen = list(dict.fromkeys(by_position))
        for topic, notes in teaching_order(project.content).items():
            guids = {note_guid(note.id) for note in notes}
            assert [guid for guid in first_seen if guid in guids] == [note_guid(note.id) for note in notes], topic


@pytest.fixture(scope="module")
def previous_release(published) -> Path:
    return published("0.2.3") / "genpeds-complete.apkg"


@pytest.mark.parametrize("with_presets", [False, True], ids=["default-options", "import-deck-presets"])
def test_upgrading_from_the_last_release_keeps_every_review(real_build, previous_release, tmp_path, with_presets):
    _, package = real_build
    with fresh_collection(tmp_path, previous_release) as collection:
        assert [entry["id"] for entry in collection.decks.all_config()] == [1]  # 0.2.3 carried no preset
        assert UPGRADE.answer_cards(collection, 40) == 40
        before = UPGRADE.snapshot(collection)
        log = FIRST.import_package(collection, package, with_presets)
        after = UPGRADE.snapshot(collection)
        assert not log.conflicting and after["notetypes"] == before["notetypes"]
        assert after["revlog"] == before["revlog"]
        assert {card: after["scheduling"][card] for card in before["scheduling"]} == before["scheduling"]
        confs = {collection.decks.get(collection.decks.id_for_name(name))["conf"]
                 for name in after["decks"] if name.split("::")[0] == "genpeds"}
        assert confs == ({DECK_OPTIONS_ID} if with_presets else {1})


def test_ticking_import_deck_presets_again_restores_the_preset_but_keeps_its_edits(real_build, tmp_path):
    _, package = real_build
    with fresh_collection(tmp_path, package, with_presets=True) as collection:
        preset = collection.decks.get_config(DECK_OPTIONS_ID)
        preset["new"]["perDay"] = 35
        collection.decks.update_config(preset)
        own = collection.decks.add_config_returning_id("My options")
        vaccines = collection.decks.get(collection.decks.id_for_name("genpeds::Vaccines"))
        vaccines["conf"] = own
        collection.decks.save(vaccines)
        FIRST.import_package(collection, package, with_presets=True)
        assert collection.decks.get(vaccines["id"])["conf"] == DECK_OPTIONS_ID
        assert collection.decks.get_config(DECK_OPTIONS_ID)["new"]["perDay"] == 35
        FIRST.import_package(collection, package, with_presets=False)
        vaccines = collection.decks.get(vaccines["id"])
        vaccines["conf"] = own
        collection.decks.save(vaccines)
        FIRST.import_package(collection, package, with_presets=False)
        assert collection.decks.get(vaccines["id"])["conf"] == own


def test_first_new_cards_prints_what_a_student_reads(tmp_path):
    _, package = build_complete(FIXTURE_PROJECT, tmp_path / "dist")
    printed = subprocess.run([sys.executable, str(REPO_ROOT / "scripts/first_new_cards.py"), str(package),
                              "--deck", "genpeds::Beta", "--count", "5"], capture_output=True, text=True, check=True)
    assert printed.stdout.splitlines() == [
        "genpeds::Beta: first 2 new cards", "   1. Betamax question?", "   2. Beta question?", ""]
