"""A sheet's citations: source numbers in order of first citation, anchors once, the source list."""

from __future__ import annotations

import datetime as dt

from genpeds.citations import Citations, SourceView, reviewed_range, source_list
from genpeds.models import Content, Source, SourceRef

JAN, FEB, MAR = dt.date(2026, 1, 15), dt.date(2026, 2, 1), dt.date(2026, 3, 1)


def refs(*source_ids: str) -> tuple[SourceRef, ...]:
    return tuple(SourceRef(source_id, "Table 1") for source_id in source_ids)


def test_sources_are_numbered_in_the_order_the_sheet_first_cites_them():
    citations = Citations()
    assert citations.cite(refs("guide"), JAN) == (1,)
    assert citations.cite(refs("review", "guide"), FEB) == (1, 2)
    assert citations.cite(refs("atlas", "review", "review"), MAR) == (2, 3)
    assert citations.numbers == {"guide": 1, "review": 2, "atlas": 3}
    assert citations.dates == [JAN, FEB, MAR]


def test_a_row_gets_its_anchor_the_first_time_only():
    citations = Citations()
    assert citations.anchor("alpha-doses/drug-a") == "alpha-doses/drug-a"
    assert citations.anchor("alpha-doses/drug-a") == ""
    assert citations.anchor("alpha-doses/drug-b") == "alpha-doses/drug-b"


def source(source_id: str, body: str, year: int, superseded_by: str | None = None) -> Source:
    return Source(source_id, body, f"{body} guideline", year, f"https://example.org/{source_id}",
                  superseded_by=superseded_by)


def test_a_superseded_source_names_its_successor_by_number_or_by_body_and_year():
    content = Content(topics=(), tags=(), notes=(), tables=(), sources=(
        source("old", "AAP", 2004, superseded_by="new"), source("new", "AAP", 2022),
        source("older", "AHA", 2010, superseded_by="newest"), source("newest", "AHA", 2025)))
    citations = Citations()
    citations.cite(refs("old", "older", "new"), JAN)
    assert source_list(citations, content) == (
        SourceView(1, "AAP — AAP guideline, 2004", "https://example.org/old", "[3]", "AAP, 2004"),
        SourceView(2, "AHA — AHA guideline, 2010", "https://example.org/older", "AHA, 2025", "AHA, 2010"),
        SourceView(3, "AAP — AAP guideline, 2022", "https://example.org/new", "", "AAP, 2022"),
    )


def test_the_reviewed_dates_print_as_one_date_or_a_range():
    assert reviewed_range([FEB, FEB]) == "2026-02-01"
    assert reviewed_range([MAR, JAN, FEB]) == "2026-01-15 to 2026-03-01"
    assert reviewed_range([]) == ""
