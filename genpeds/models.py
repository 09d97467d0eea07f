"""Frozen, typed content objects: what the rest of genpeds works with once content is valid."""

from __future__ import annotations

import datetime as dt
import functools
import html
from dataclasses import dataclass, field

from .diagnostics import Location

ROOT_TAG = "genpeds"
ROOT_DECK = "genpeds"
# A released note withdrawn from the content ships as a tombstone carrying this tag.
RETIRED_TAG = f"{ROOT_TAG}::retired"


def topic_tag(topic: str) -> str:
    """The tag branch of the topic folder `topic` ('genpeds::vaccines'): every note of the topic carries
    a tag at or below it, and the topic's own tags are declared under it."""
    return f"{ROOT_TAG}::{topic}"


@dataclass(frozen=True)
class Source:
    """One document of the sources registry."""

    id: str
    body: str
    document: str
    year: int
    url: str
    version: str | None = None
    superseded_by: str | None = None
    location: Location = field(default=Location(""), compare=False)
    label: str | None = None

    def citation(self) -> str:
        """'AAP — Document title (version), 2022': the full reference, for the registry, docs and source lists."""
        version = f" ({self.version})" if self.version else ""
        return f"{self.body} — {self.document}{version}, {self.year}"

    def short_citation(self) -> str:
        """'AAP · hyperbilirubinemia CPG, 2022': what a card or a sheet cell prints, so the sources stay a
        line each on a phone; the full reference stays one click away (the link) and in the registry."""
        return f"{self.label or self.body}, {self.year}"


@dataclass(frozen=True)
class SourceRef:
    """A note's pointer into one source: which document, and where in it. In a table, `columns` are
    the columns it supports (empty: all), so a row's card cites it only when it shows one of them."""

    source_id: str
    locator: str
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrderEntry:
    """One entry of a topic's teaching order: a file name, a table id, `table/row` or a note id."""

    name: str
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class OutlineItem:
    """One item of a topic's canon, as a review text lists it: the notes that teach it (entries named as
    in a teaching order), or why it is deliberately left out; none of either is a gap to fill."""

    id: str
    title: str
    heading: str  # the titles of the items it sits under, joined by " › "
    entries: tuple[OrderEntry, ...] = ()
    out_of_scope: str = ""
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Topic:
    """A content folder: its tag branch, its Anki subdeck, its place among topics and the order in
    which its notes are taught (empty: file by file, in file-name order)."""

    name: str
    title: str
    deck: str
    order: int
    description: str
    location: Location = field(default=Location(""), compare=False)
    teaching_order: tuple[OrderEntry, ...] = ()
    deck_location: Location = field(default=Location(""), compare=False)
    min_vignette_percent: int | None = None
    outline: tuple[OutlineItem, ...] = ()  # its leaf items in order; when given, also the teaching order

    @property
    def tag(self) -> str:
        return topic_tag(self.name)

    @property
    def deck_name(self) -> str:
        return f"{ROOT_DECK}::{self.deck}"


@dataclass(frozen=True)
class ChartMedia:
    """A growth chart the build drew for a note: its media file's name (by content hash) and its bytes."""

    name: str
    data: bytes
    source: SourceRef | None = None  # the reference data it is drawn from, cited on the card with its licence

    def img(self, alt: str) -> str:
        return (f'<div class="growth-chart"><img src="{html.escape(self.name, quote=True)}" '
                f'alt="{html.escape(alt, quote=True)}"></div>')


@dataclass(frozen=True)
class NoteChart:
    """A growth chart drawn under a note's question: a reference table's percentile curves for one sex,
    and the child's measurements, each given as (age in months, percentile)."""

    reference: str
    sex: int
    points: tuple[tuple[float, float], ...]
    to_months: int | None = None
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Origin:
    """Where a generated note came from: the table, the row and the card rule."""

    table_id: str
    row_key: str
    rule: str


@dataclass(frozen=True)
class Note:
    """One Anki note. `fields` holds Markdown by content key (front/back/extra or text/extra)."""

    id: str
    topic: str
    type: str
    fields: tuple[tuple[str, str], ...]
    tags: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    reviewed: dt.date
    location: Location = field(default=Location(""), compare=False)
    origin: Origin | None = None
    chart: NoteChart | None = None  # drawn by the build into the question's field

    def field(self, name: str) -> str:
        return dict(self.fields).get(name, "")

    @property
    def prompt(self) -> str:
        """What the note asks: a basic note's front, a cloze note's text."""
        return self.field("front") if self.type == "basic" else self.field("text")


@dataclass(frozen=True)
class Row:
    """One row of a data table: its permanent key and its values by column."""

    key: str
    values: tuple[tuple[str, object], ...]
    tags: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    reviewed: dt.date
    location: Location = field(default=Location(""), compare=False)
    chart_only: bool = False  # only drawn by a sheet's chart: no card, and no line of a sheet's table

    def value(self, column: str, default=None):
        return dict(self.values).get(column, default)


@dataclass(frozen=True)
class Table:
    """A data table of one topic; cards and sheets are both made from its rows."""

    id: str
    topic: str
    title: str
    description: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[Row, ...]
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Retirement:
    """A released note withdrawn on purpose: it ships as a tombstone saying when and why."""

    id: str
    date: dt.date
    reason: str
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Content:
    """Everything under content/, valid and in study order."""

    topics: tuple[Topic, ...]
    tags: tuple[tuple[str, str], ...]
    sources: tuple[Source, ...]
    notes: tuple[Note, ...]
    tables: tuple[Table, ...]
    retired: tuple[Retirement, ...] = ()
    tags_complete: bool = True  # False when a tags file could not be read (its error is then the cause)
    charts: tuple[tuple[str, ChartMedia], ...] = ()  # (note id, its drawn growth chart), for notes asking one

    @functools.cached_property
    def chart_of(self) -> dict[str, ChartMedia]:
        """The drawn growth chart of each note that asks for one, by note id."""
        return dict(self.charts)

    def topic(self, name: str) -> Topic:
        return self._topics_by_name[name]

    def source(self, source_id: str) -> Source:
        return self._sources_by_id[source_id]

    # Looked up once per note (cards, sheets, ledger checks): a scan of the tuples made builds
    # quadratic in the size of the content.
    @functools.cached_property
    def _topics_by_name(self) -> dict[str, Topic]:
        return {topic.name: topic for topic in self.topics}

    @functools.cached_property
    def _sources_by_id(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}


@dataclass(frozen=True)
class Recipe:
    """A deck recipe from decks/: which tags go into one .apkg."""

    name: str
    title: str
    description: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    location: Location = field(default=Location(""), compare=False)

    @property
    def file_name(self) -> str:
        return f"genpeds-{self.name}.apkg"
