"""A sheet's citations: sources numbered in the order the sheet first cites them, each row's anchor
given once, and the source list and the reviewed dates printed at the end of the sheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from .models import Content, SourceRef


@dataclass(frozen=True)
class SourceView:
    number: int
    citation: str
    url: str
    superseded_by: str
    short: str = ""  # label and year: what print shows, so the list takes a few lines, not a page
    printed: bool = True  # cited by a printed section (not only by screen-only ones)


class Citations:
    """Numbers each source the first time the sheet cites it; gives each row its anchor once."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.dates: list[dt.date] = []
        self.anchored: set[str] = set()

    def anchor(self, row_id: str) -> str:
        """The row's id the first time the sheet shows the row, then "" (ids are unique in a page)."""
        if row_id in self.anchored:
            return ""
        self.anchored.add(row_id)
        return row_id

    def cite(self, refs: tuple[SourceRef, ...], reviewed: dt.date | None) -> tuple[int, ...]:
        """The numbers of `refs`, numbering the sources not cited before; `reviewed` joins the sheet's dates
        (reference data has none: its tables are checked against their publications, not reviewed)."""
        if reviewed is not None:
            self.dates.append(reviewed)
        for ref in refs:
            self.numbers.setdefault(ref.source_id, len(self.numbers) + 1)
        return tuple(sorted({self.numbers[ref.source_id] for ref in refs}))


def source_list(citations: Citations, content: Content,
                printed: Collection[int] | None = None) -> tuple[SourceView, ...]:
    """The sources the sheet cited, in number order; a superseded one names its successor: by its
    number when the sheet cites it too, else by body and year. `printed` holds the numbers cited by
    printed sections (default: all)."""
    views = []
    for source_id, number in citations.numbers.items():
        source = content.source(source_id)
        newer = ""
        if source.superseded_by in citations.numbers:
            newer = f"[{citations.numbers[source.superseded_by]}]"
        elif source.superseded_by:  # short: the sheet cites the older document, not this one
            newer = f"{content.source(source.superseded_by).body}, {content.source(source.superseded_by).year}"
        views.append(SourceView(number, source.citation(), source.url, newer, source.short_citation(),
                                printed is None or number in printed))
    return tuple(views)


def reviewed_range(dates: list[dt.date]) -> str:
    """When the cited rows and notes were last reviewed: one date, or "first to last"."""
    if not dates:
        return ""
    first, last = min(dates), max(dates)
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
