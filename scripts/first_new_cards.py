"""Print the first new cards a student meets in each deck, as real Anki queues and shows them.

Imports an .apkg into a throw-away Anki collection (the import dialog's default options, or with
--presets as if "Import any deck presets" were ticked), selects each genpeds deck in turn and prints
the fronts of the cards Anki would show first, rendered by its own template engine:

    python scripts/first_new_cards.py dist/genpeds-complete.apkg --count 10
    python scripts/first_new_cards.py dist/genpeds-complete.apkg --presets --deck genpeds
"""

from __future__ import annotations

import argparse
import html
import re
import tempfile
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageRequest


def import_package(collection: Collection, package: Path, with_presets: bool = False):
    """Import as the desktop dialog does by default; `with_presets` ticks "Import any deck presets"."""
    options = collection._backend.get_import_anki_package_presets()
    options.with_deck_configs = with_presets
    return collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options)).log


def first_new_cards(collection: Collection, deck: str, count: int):
    """The cards Anki shows first when the student selects `deck` and has studied nothing there yet."""
    collection.decks.select(collection.decks.id_for_name(deck))
    queued = collection.sched.get_queued_cards(fetch_limit=count).cards
    return [collection.get_card(entry.card.id) for entry in queued]


def front_text(card) -> str:
    """The question as a student reads it: no styles, tags or repeated spaces."""
    visible = re.sub(r"<style>.*?</style>", "", card.question(), flags=re.S)
    visible = re.sub(r"<br\s*/?>|</(?:p|div|li)>", " ", visible)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", visible)).split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("--count", type=int, default=10, help="cards per deck")
    parser.add_argument("--presets", action="store_true", help='import as with "Import any deck presets" ticked')
    parser.add_argument("--deck", action="append", default=[],
                        help="a deck to show (repeatable); default: the parent deck and every topic subdeck")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        collection = Collection(str(Path(scratch) / "student.anki2"))
        import_package(collection, args.package, args.presets)
        decks = args.deck or sorted(entry.name for entry in collection.decks.all_names_and_ids()
                                    if entry.name.split("::")[0] == "genpeds")
        for deck in decks:
            cards = first_new_cards(collection, deck, args.count)
            print(f"{deck}: first {len(cards)} new cards")
            for number, card in enumerate(cards, 1):
                where = collection.decks.name(card.did).removeprefix("genpeds::")
                label = f"[{where}] " if where != deck.removeprefix("genpeds::") else ""
                print(f"{number:>4}. {label}{front_text(card)}")
            print()
        collection.close()


if __name__ == "__main__":
    main()
