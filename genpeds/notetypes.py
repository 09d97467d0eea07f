"""The two genpeds note types. Their ids, field names and template names are frozen once released:
a changed schema makes Anki copy the note type and stop updating every student's existing notes.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING

from .identity import BASIC_NOTETYPE_ID, CLOZE_NOTETYPE_ID

BASIC_FIELDS = ("Front", "Back", "Extra", "Sources", "Id", "Release")
CLOZE_FIELDS = ("Text", "Extra", "Sources", "Id", "Release")
FIELDS_BY_NOTE_TYPE = {"basic": BASIC_FIELDS, "cloze": CLOZE_FIELDS}
CONTENT_FIELD_NAMES = {"front": "Front", "back": "Back", "text": "Text", "extra": "Extra"}
# By note type: its id, its fields and its one card template's name (with that template's files).
NOTE_TYPE_IDS = {"basic": BASIC_NOTETYPE_ID, "cloze": CLOZE_NOTETYPE_ID}
TEMPLATE_NAMES = {"basic": "Card", "cloze": "Cloze"}

if TYPE_CHECKING:
    import genanki


def _template(name: str) -> str:
    return resources.files("genpeds").joinpath("templates", name).read_text(encoding="utf-8")


@functools.cache
def note_types() -> dict[str, genanki.Model]:
    """The genanki models by content note type ('basic', 'cloze')."""
    import genanki  # only commands that write decks need it (and its imports cost `check` a tenth of a second)

    css = _template("cards.css")
    basic = genanki.Model(
        NOTE_TYPE_IDS["basic"], "genpeds Basic",
        fields=[{"name": name} for name in FIELDS_BY_NOTE_TYPE["basic"]],
        templates=[{"name": TEMPLATE_NAMES["basic"], "qfmt": _template("basic-front.html"),
                    "afmt": _template("basic-back.html")}],
        css=css, sort_field_index=0,
    )
    cloze = genanki.Model(
        NOTE_TYPE_IDS["cloze"], "genpeds Cloze",
        fields=[{"name": name} for name in FIELDS_BY_NOTE_TYPE["cloze"]],
        templates=[{"name": TEMPLATE_NAMES["cloze"], "qfmt": _template("cloze-front.html"),
                    "afmt": _template("cloze-back.html")}],
        css=css, model_type=genanki.Model.CLOZE, sort_field_index=0,
    )
    return {"basic": basic, "cloze": cloze}


def note_type_schema() -> dict:
    """What must never change once released, by note type: id, field names and template names (read
    from the declarations `note_types` builds from, so that checking it needs no genanki)."""
    return {kind: {"id": NOTE_TYPE_IDS[kind], "fields": list(fields), "templates": [TEMPLATE_NAMES[kind]]}
            for kind, fields in FIELDS_BY_NOTE_TYPE.items()}
