"""Import a previous release, study it, import the new release over it, and say what a student keeps.

Before publishing a release, run it on the previous release's deck and the new one:

    python scripts/check_upgrade.py old/genpeds-complete.apkg dist/genpeds-complete.apkg

It uses a throw-away Anki collection (the official `anki` package, the import dialog's default
options), answers some cards, suspends one, and then, as a student may after a release was cut and
before importing it, tags a note the new release changes and one it leaves alone. It imports the
new deck and checks that the review history and every card's scheduling are untouched, that every
note the new release changed now has its new text (the tagged one too), that the tag on the
unchanged note survived, that no note was duplicated or conflicted, that no note type or deck was
added besides the new topics' decks, that every note of the old deck is still in the new one
(retired notes ship as tombstones), and that importing the new deck twice changes nothing. Exit
status 1 when any of that fails.

The unchanged note it tags is one outside its fix window (its time in the old deck has passed). A
note changed by a release cut less than 30 days ago still carries a time in the future, so a tag
made on it now is replaced by any later import, whenever the next release is cut (README,
"Updating your deck"): the check counts such notes, tags one and reports what happened to it
without calling it a problem.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageRequest
from anki.scheduler.v3 import CardAnswer

from genpeds.diffing import package_notes

RATINGS = (CardAnswer.GOOD, CardAnswer.EASY, CardAnswer.AGAIN, CardAnswer.HARD)


def import_deck(collection: Collection, package: Path):
    options = collection._backend.get_import_anki_package_presets()
    request = ImportAnkiPackageRequest(package_path=str(package), options=options)
    return collection.import_anki_package(request).log


def note_by_guid(collection: Collection, guid: str):
    return collection.get_note(collection.db.scalar("select id from notes where guid = ?", guid))


def collection_fields(collection: Collection, guid: str) -> tuple[str, ...]:
    """A note's fields as `package_notes` gives them: every field but Release, in order."""
    note = note_by_guid(collection, guid)
    return tuple(value for name, value in note.items() if name != "Release")


def tag_note(collection: Collection, guid: str, tag: str) -> str:
    """Tag a note as a student would (its time becomes now); returns its genpeds id."""
    note = note_by_guid(collection, guid)
    note.add_tag(tag)
    collection.update_note(note)
    return note["Id"]


def split_by_fix_window(collection: Collection, guids: list[str], now: int) -> tuple[list[str], list[str]]:
    """The notes whose time in the collection has passed, and those still in their release's fix window
    (a time in the future), each in the given order."""
    times = dict(collection.db.all("select guid, mod from notes"))
    return [g for g in guids if times[g] <= now], [g for g in guids if times[g] > now]


def answer_cards(collection: Collection, count: int) -> int:
    """Answer up to `count` cards of the genpeds deck in study order; returns how many were answered."""
    collection.decks.select(collection.decks.id_for_name("genpeds"))
    for number in range(count):
        queued = collection.sched.get_queued_cards(fetch_limit=1)
        if not queued.cards:
            return number
        card = collection.get_card(queued.cards[0].card.id)
        card.start_timer()
        collection.sched.answer_card(collection.sched.build_answer(
            card=card, states=queued.cards[0].states, rating=RATINGS[number % len(RATINGS)]))
    return count


def scheduling(collection: Collection) -> dict[int, tuple]:
    """Every card's deck, state, due date, interval, ease, counts and flag, by card id."""
    rows = collection.db.all("select id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, left, "
                             "odue, odid, flags from cards")
    return {row[0]: tuple(row[1:]) for row in rows}


def snapshot(collection: Collection) -> dict:
    return {
        "scheduling": scheduling(collection),
        "revlog": collection.db.all("select * from revlog order by id"),
        "notetypes": sorted(entry.name for entry in collection.models.all_names_and_ids()),
        "decks": {entry.name for entry in collection.decks.all_names_and_ids()},
    }


def check_upgrade(old: Path, new: Path, answers: int) -> list[str]:
    """The problems found (empty when the upgrade keeps everything), printing what it measures."""
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        collection = Collection(str(Path(scratch) / "student.anki2"))
        first = import_deck(collection, old)
        answered = answer_cards(collection, answers)
        collection.sched.suspend_cards(collection.find_cards("")[:1])
        before_notes, after_notes = package_notes(old), package_notes(new)
        changed = sorted(guid for guid in before_notes.keys() & after_notes.keys()
                         if before_notes[guid][2:] != after_notes[guid][2:])
        unchanged = sorted(before_notes.keys() & after_notes.keys() - set(changed))
        unchanged, in_window = split_by_fix_window(collection, unchanged, now=int(time.time()))
        touched = [tag_note(collection, guids[-1], "my::own-tag")
                   for guids in (changed, unchanged, in_window) if guids]
        before = snapshot(collection)
        print(f"{old}: {len(first.new)} notes imported, {answered} cards answered, 1 suspended; "
              f"tagged after the cut: {', '.join(touched)} ({len(changed)} note(s) change in the new release)")
        if in_window:
            print(f"{len(in_window)} unchanged note(s) are still in the fix window of the release that changed "
                  "them (its time in the deck is in the future): a tag made on them now is replaced by the next "
                  "import of any release")
        if not unchanged:
            print("no unchanged note is past its fix window: this pair does not test that a tag on such a note "
                  "survives (tests/test_check_upgrade.py does)")

        log = import_deck(collection, new)
        after = snapshot(collection)
        print(f"{new}: {len(log.new)} new, {len(log.updated)} updated, {len(log.duplicate)} unchanged, "
              f"{len(log.conflicting)} conflicting; collection now {collection.note_count()} notes, "
              f"{collection.card_count()} cards")
        stale = [after_notes[guid][0] for guid in changed
                 if collection_fields(collection, guid) != after_notes[guid][2]]
        if stale:
            problems.append(f"{len(stale)} note(s) the new release changed kept their old text (first: {stale[0]}): "
                            "students would keep the unfixed fact")
        if unchanged and "my::own-tag" not in note_by_guid(collection, unchanged[-1]).tags:
            problems.append(f"the student's tag on {after_notes[unchanged[-1]][0]}, a note the release did not "
                            "change, was lost")
        if in_window:
            kept = "my::own-tag" in note_by_guid(collection, in_window[-1]).tags
            print(f"the tag on {after_notes[in_window[-1]][0]} (in its fix window) was "
                  f"{'kept' if kept else 'replaced, as documented'}")
        dropped = before_notes.keys() - after_notes.keys()
        if dropped:
            problems.append(f"{len(dropped)} note(s) of the old release are not in the new one (students keep "
                            "stale copies no release will correct): retire notes instead of deleting or renaming them")
        if after["revlog"] != before["revlog"]:
            problems.append("the review history changed")
        moved = [card for card, state in before["scheduling"].items() if after["scheduling"].get(card) != state]
        if moved:
            problems.append(f"{len(moved)} card(s) lost or changed their scheduling")
        if log.conflicting or log.first_field_match or log.missing_notetype:
            problems.append("notes conflicted, matched by first field, or missed their note type")
        guids = collection.db.list("select guid from notes")
        if len(guids) != len(set(guids)):
            problems.append("duplicate notes")
        if after["notetypes"] != before["notetypes"]:
            problems.append(f"note types changed: {before['notetypes']} -> {after['notetypes']}")
        if not all(name == "genpeds" or name.startswith("genpeds::") for name in after["decks"] - before["decks"]):
            problems.append(f"decks outside genpeds were added: {sorted(after['decks'] - before['decks'])}")
        again = import_deck(collection, new)
        if again.new or again.updated:
            problems.append(f"importing the new deck again changed {len(again.new) + len(again.updated)} note(s)")
        collection.close()
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the previous release's .apkg")
    parser.add_argument("new", type=Path, help="the new release's .apkg")
    parser.add_argument("--answers", type=int, default=60, help="cards to answer before the upgrade")
    args = parser.parse_args()
    problems = check_upgrade(args.old, args.new, args.answers)
    for problem in problems:
        print(f"problem: {problem}")
    print("ok: the upgrade keeps every review, schedule, suspension and note" if not problems else
          f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
