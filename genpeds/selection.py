"""Pick notes by tag: a union of included tags, minus excluded ones, at `::` boundaries."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from .diagnostics import did_you_mean
from .errors import SelectionError
from .models import Note
from .vocabulary import selects_any


def has_tag_under(note: Note, selectors: Iterable[str]) -> bool:
    """True when one of the note's tags is a selector or lies below one (see `tag_matches`)."""
    return not tag_levels(note.tags).isdisjoint(selectors)


@functools.lru_cache(maxsize=65536)
def tag_levels(tags: tuple[str, ...]) -> frozenset[str]:
    """Every tag and every level above it ('a::b::c' gives 'a', 'a::b', 'a::b::c'): a selector picks a
    note exactly when it is one of these. Many notes share their tags, and sheets and decks select
    from every note many times, so each set of tags is split once."""
    levels = set()
    for tag in tags:
        parts = tag.split("::")
        levels.update("::".join(parts[:end]) for end in range(1, len(parts) + 1))
    return frozenset(levels)


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
