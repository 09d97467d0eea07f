"""What one sheet shows: its recipe applied to the content, as plain values ready for a template.

Every value comes from a table row or a note, rendered by the same Markdown engine as the cards.
Table sections are laid out by `sheet_tables`; this module picks each notes section's notes, turns
them into facts, and gathers the sheet's sources (`citations`) and badge legend (`badges`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from .badges import Badge, badges_for, legend
from .citations import Citations, SourceView, reviewed_range, source_list
from .doses import dose_for as dose_for  # re-exported: its home was this module
from .growth_reference import ReferenceTable
from .markup import render, reveal_cloze
from .models import Content, Note
from .sheet_growth import GrowthChartSection, GrowthChartView, growth_chart_view
from .sheet_recipes import NotesSection, SheetRecipe, TableSection, section_notes
from .sheet_tables import GridView, TableView, TimelineView, lay_out_table
from .vignettes import is_vignette


@dataclass(frozen=True)
class Fact:
    id: str
    prompt: str
    answer: str
    extra: str
    badges: tuple[Badge, ...]
    refs: tuple[int, ...]


@dataclass(frozen=True)
class NotesView:
    kind = "notes"
    title: str
    layout: str
    highlight: bool
    facts: tuple[Fact, ...]
    screen_only: bool = False

    def badges_shown(self) -> list[Badge]:
        return [badge for fact in self.facts for badge in fact.badges]

    def refs_shown(self) -> set[int]:
        return {number for fact in self.facts for number in fact.refs}


@dataclass(frozen=True)
class SheetView:
    name: str
    file_name: str
    title: str
    description: str
    sections: tuple[TableView | GridView | TimelineView | NotesView | GrowthChartView, ...]
    sources: tuple[SourceView, ...]
    reviewed: str
    legend: tuple[tuple[Badge, str], ...]
    row_count: int
    fact_count: int
    orientation: str = "portrait"

    @property
    def weight_columns(self) -> tuple[str, ...]:
        """Every column of doses for one weight the sheet's tables show, once: the stylesheet has a rule for
        each, which shows that weight alone when a reader picks it."""
        return tuple(dict.fromkeys(column for section in self.sections if section.kind == "table"
                                   for column in section.weight_columns))

    @property
    def left_out_of_print(self) -> tuple[str, ...]:
        """The titles of the sections shown on screen only, which print names so none goes unnoticed."""
        return tuple(section.title for section in self.sections if section.screen_only)


def sheet_view(recipe: SheetRecipe, content: Content,
               references: Callable[[], Mapping[str, ReferenceTable]] = dict) -> SheetView:
    """The sheet as the template needs it; sections that end up empty are left out. `references` gives
    the growth reference tables by id, asked for only by a sheet that draws a growth chart."""
    citations = Citations()
    tables = {table.id: table for table in content.tables}
    # A note appears once per sheet. A section that names its notes by id (an algorithm, say) always
    # shows them all; a section that selects by tag skips notes shown anywhere by id or earlier, and
    # vignettes: a sheet is a reference to look things up in, a vignette a question about a patient.
    shown = {note_id for section in recipe.sections if isinstance(section, NotesSection) for note_id in section.ids}
    sections = []
    for section in recipe.sections:
        if isinstance(section, TableSection):
            view = lay_out_table(section, tables[section.table_id], citations)
            if view.row_count:
                sections.append(replace(view, screen_only=section.screen_only))
        elif isinstance(section, GrowthChartSection):
            sections.append(growth_chart_view(section, references, citations))
        else:
            notes = section_notes(section, content.notes, recipe.topics)
            if not section.ids:
                notes = [note for note in notes if note.id not in shown and not is_vignette(note)]
            shown.update(note.id for note in notes)
            facts = [_fact(note, citations, section.extra) for note in notes]
            if facts:
                sections.append(NotesView(section.title, section.layout, section.highlight, tuple(facts),
                                          section.screen_only))
    return SheetView(
        name=recipe.name, file_name=recipe.file_name, title=recipe.title,
        description=render(recipe.description) if recipe.description else "",
        sections=tuple(sections),
        sources=source_list(citations, content, printed=_printed_refs(sections)),
        reviewed=reviewed_range(citations.dates),
        legend=legend(badge for view in sections for badge in view.badges_shown()),
        row_count=sum(view.row_count for view in sections if view.kind != "notes"),
        fact_count=sum(len(view.facts) for view in sections if view.kind == "notes"),
        orientation=recipe.orientation,
    )


def _printed_refs(sections) -> set[int]:
    """The source numbers some printed section cites: print lists only these (a source cited only by
    screen-only sections would be a number nobody on the page points to)."""
    return {number for view in sections if not view.screen_only for number in view.refs_shown()}


def _fact(note: Note, citations: Citations, with_extra: bool) -> Fact:
    if note.type == "cloze":
        prompt, answer = "", reveal_cloze(note.field("text"))
    else:
        prompt, answer = render(note.field("front")), render(note.field("back"))
    extra = note.field("extra") if with_extra else ""
    return Fact(note.id, prompt, answer, render(extra) if extra else "", badges_for(note.tags),
                citations.cite(note.sources, note.reviewed))
