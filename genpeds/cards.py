"""A content note as Anki fields: Markdown rendered and sanitised, sources and id on the back."""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence

from .markup import render
from .models import Content, Note, Source
from .notetypes import CONTENT_FIELD_NAMES, FIELDS_BY_NOTE_TYPE


def sources_html(note: Note, content: Content) -> str:
    """The note's sources as a short list: the linked short citation, then the locator; a drawn growth
    chart adds the reference data it was computed from, with their licence."""
    items = []
    chart = content.chart_of.get(note.id)
    for ref in (*note.sources, *((chart.source,) if chart and chart.source else ())):
        link = _citation_link(content.source(ref.source_id))
        items.append(f"<li>{link} · {html.escape(ref.locator)}</li>")
    return "<ul>" + "".join(items) + "</ul>"


@functools.lru_cache(maxsize=4096)
def _citation_link(source: Source) -> str:
    """The source's linked short citation: made once per source, not once per note citing it."""
    return f'<a href="{html.escape(source.url, quote=True)}">{html.escape(source.short_citation())}</a>'


def chart_html(note: Note, content: Content) -> str:
    """The growth chart drawn for the note (shown under its question), or '' when it has none."""
    chart = content.chart_of.get(note.id)
    return chart.img(f"Growth chart: {note.chart.reference}, with this child's measurements") if chart else ""


def anki_fields(note: Note, content: Content, release: str = "") -> list[str]:
    """Field values in the note type's field order."""
    values = {CONTENT_FIELD_NAMES[name]: render(text) for name, text in note.fields}
    prompt = CONTENT_FIELD_NAMES["front" if note.type == "basic" else "text"]
    values[prompt] += chart_html(note, content)
    values["Sources"] = sources_html(note, content)
    values["Id"] = html.escape(note.id)
    values["Release"] = html.escape(release)
    return [values.get(name, "") for name in FIELDS_BY_NOTE_TYPE[note.type]]


def with_release(note_type: str, fields: Sequence[str], release: str) -> list[str]:
    """`fields` (as `anki_fields` made them without a release) with the Release field filled in: a
    note's fields are rendered once, for its fingerprint, and then written into every deck with it."""
    filled = list(fields)
    filled[FIELDS_BY_NOTE_TYPE[note_type].index("Release")] = html.escape(release)
    return filled


def anki_tags(note: Note) -> list[str]:
    """Tags as Anki stores them: hierarchical with '::', no spaces."""
    return list(note.tags)
