"""The `genpeds` deck options preset every package carries, for students who tick "Import any deck
presets" on their first import.

It is Anki's default preset (26.9.3) with five choices of ours: new cards gathered by ascending
position (so the topics interleave as the positions say), shown in the order gathered, new and
review siblings buried, 20 new cards and 200 reviews a day. Anki adds a preset by its id and never
updates it afterwards, so the id is fixed forever and a change here reaches only new students.
genanki cannot write presets: the package's collection is patched with Anki's legacy JSON keys.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from .identity import DECK_OPTIONS_ID

DECK_OPTIONS_NAME = "genpeds"


@functools.cache
def deck_options() -> dict:
    """The preset as Anki's legacy `dconf` entry."""
    text = resources.files("genpeds").joinpath("templates", "deck-options.json").read_text(encoding="utf-8")
    return {**json.loads(text), "id": DECK_OPTIONS_ID, "name": DECK_OPTIONS_NAME}


def with_deck_options(dconf: dict, decks: dict, deck_ids) -> tuple[dict, dict]:
    """`dconf` with the preset added, and `decks` with the decks of `deck_ids` using it."""
    dconf = {**dconf, str(DECK_OPTIONS_ID): deck_options()}
    chosen = {str(deck_id) for deck_id in deck_ids}
    decks = {key: {**deck, "conf": DECK_OPTIONS_ID} if key in chosen else deck for key, deck in decks.items()}
    return dconf, decks
