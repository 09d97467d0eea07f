"""Pick notes by tag: a union of included tags, minus excluded ones, at `::` boundaries."""

from __future__ import annotations

from collections.abc import Iterable

from .diagnostics import did_you_mean
from .errors import SelectionError
from .models import Note
from .vocabulary import selects_any, tag_matches


def has_tag_under(note: Note, selectors: Iterable[str]) -> bool:
    return any(tag_matches(tag, selector) for tag in note.tags for selector in selectors)


def select_notes(notes: Iterable[Note], include: Iterable[str], exclude: Iterable[str] = ()) -> list[Note]:
    """Notes carrying a tag at or below any of `include` and none at or below any of `exclude`."""
    include, exclude = tuple(include), tuple(exclude)
    return [note for note in notes if has_tag_under(note, include) and not has_tag_under(note, exclude)]


def check_selectors(selectors: Iterable[str], vocabulary: Iterable[str]) -> None:
    """Refuse a tag that matches nothing declared, naming the closest one (a typo, most likely)."""
    known = tuple(vocabulary)
    for selector in selectors:
        if not selects_any(selector, known):
            hint = did_you_mean(selector, known)
            raise SelectionError(f"unknown tag '{selector}'" + (f" ({hint})" if hint else "")
                                 + "; 'genpeds tags' lists every tag")
