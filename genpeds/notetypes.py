"""The two genpeds note types. Their ids, field names and template names are frozen once released:
a changed schema makes Anki copy the note type and stop updating every student's existing notes.
"""

from __future__ import annotations

import functools
from importlib import resources

import genanki

from .identity import BASIC_NOTETYPE_ID, CLOZE_NOTETYPE_ID

BASIC_FIELDS = ("Front", "Back", "Extra", "Sources", "Id", "Release")
CLOZE_FIELDS = ("Text", "Extra", "Sources", "Id", "Release")
FIELDS_BY_NOTE_TYPE = {"basic": BASIC_FIELDS, "cloze": CLOZE_FIELDS}
CONTENT_FIELD_NAMES = {"front": "Front", "back": "Back", "text": "Text", "extra": "Extra"}


def _template(name: str) -> str:
    return resources.files("genpeds").joinpath("templates", name).read_text(encoding="utf-8")


@functools.cache
def note_types() -> dict[str, genanki.Model]:
    """The genanki models by content note type ('basic', 'cloze')."""
    css = _template("cards.css")
    basic = genanki.Model(
        BASIC_NOTETYPE_ID, "genpeds Basic",
        fields=[{"name": name} for name in BASIC_FIELDS],
        templates=[{"name": "Card", "qfmt": _template("basic-front.html"),
                    "afmt": _template("basic-back.html")}],
        css=css, sort_field_index=0,
    )
    cloze = genanki.Model(
        CLOZE_NOTETYPE_ID, "genpeds Cloze",
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[{"name": "Cloze", "qfmt": _template("cloze-front.html"),
                    "afmt": _template("cloze-back.html")}],
        css=css, model_type=genanki.Model.CLOZE, sort_field_index=0,
    )
    return {"basic": basic, "cloze": cloze}


def note_type_schema() -> dict:
    """What must never change once released, by note type: id, field names and template names."""
    return {
        kind: {"id": model.model_id, "fields": [f["name"] for f in model.fields],
               "templates": [t["name"] for t in model.templates]}
        for kind, model in note_types().items()
    }
