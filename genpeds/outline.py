"""A topic's outline: its canon as a student's review text lists it, and which notes teach each item.

`content/<topic>/outline.yaml` nests items under headings; each leaf names the notes that teach it
(entries as in a teaching order: note ids, `table/row`, `table/*/rule`) or says why it is out of
scope, and a leaf with neither is a gap everyone can see. The outline is also the topic's teaching
order (its leaves, top to bottom), so the order is declared once.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from .diagnostics import Location, Report, did_you_mean
from .loading import YamlList, YamlMap
from .models import Content, Note, OrderEntry, OutlineItem, Topic
from .schema import OUTLINE_ITEM_KEYS, KeyReader
from .teaching import notes_by_entry_name

OUTLINE_FILE = "outline.yaml"
# Beyond this share of a topic's items left out on purpose, the outline stops describing the canon.
MAX_OUT_OF_SCOPE = 0.10


def read_outline_items(items: YamlList, topic: str, report: Report, heading: str = "") -> list[OutlineItem]:
    """The leaf items under `items`, depth first, in the order written."""
    leaves: list[OutlineItem] = []
    reader = KeyReader(report)
    for index, item in enumerate(items):
        if not isinstance(item, YamlMap):
            report.error(items.at(index), "bad-outline-item", f"topic '{topic}' outline: each item is a mapping "
                         "starting with '- id: …' and a title")
            continue
        label = f"topic '{topic}' outline item '{item.get('id')}'"
        values = reader.read(item, OUTLINE_ITEM_KEYS, label)
        if not values["id"] or not values["title"]:
            continue
        if values["items"] is not None:
            if values["notes"] or values["out_of_scope"]:
                report.error(item.at("items"), "bad-outline-item", f"{label} has sub-items, so its notes and "
                             "scope belong to them", "move 'notes' or 'out_of_scope' to a sub-item")
            title = f"{heading} › {values['title']}" if heading else values["title"]
            leaves += read_outline_items(values["items"], topic, report, title)
            continue
        if values["notes"] and values["out_of_scope"]:
            report.error(item.at("out_of_scope"), "bad-outline-item",
                         f"{label}: an item is taught by notes or out of scope, not both", "keep one")
        entries = tuple(OrderEntry(name, where) for name, where in values["notes"] or ())
        leaves.append(OutlineItem(values["id"], values["title"], heading, entries, values["out_of_scope"] or "",
                                  item.at("id")))
    return leaves


@dataclass(frozen=True)
class ItemCoverage:
    """An outline leaf with the notes that teach it (of any topic; retired notes are gone from content)."""

    topic: str
    item: OutlineItem
    notes: tuple[str, ...]

    @property
    def state(self) -> str:
        """'covered', 'out of scope' or 'uncovered'."""
        if self.item.out_of_scope:
            return "out of scope"
        return "covered" if self.notes else "uncovered"


def outline_coverage(content: Content, topics: tuple[str, ...] = ()) -> list[ItemCoverage]:
    """Every leaf of every outline (of `topics`, or all), with the ids of the notes its entries name."""
    by_name = notes_by_entry_name(content)
    coverage = []
    for topic in content.topics:
        if topics and topic.name not in topics:
            continue
        for item in topic.outline:
            ids = dict.fromkeys(note.id for entry in item.entries for note in by_name.get(entry.name, ()))
            coverage.append(ItemCoverage(topic.name, item, tuple(ids)))
    return coverage


def check_outlines(content: Content, report: Report, by_name: Mapping[str, list[Note]],
                   released: Collection[str] = ()) -> None:
    """Unknown note references are errors; gaps and a large out-of-scope share are warnings. An entry
    naming a released note that is gone is left to the ledger check, which says how to restore it.
    `by_name` is `notes_by_entry_name(content)`, made once for this check and the teaching order's."""
    retired = {retirement.id for retirement in content.retired}
    for topic in content.topics:
        seen: dict[str, Location] = {}
        for item in topic.outline:
            label = f"topic '{topic.name}' outline item '{item.id}'"
            if item.id in seen:
                report.error(item.location, "duplicate-outline-item", f"{label}: id used twice (also at "
                             f"{seen[item.id]})")
            seen.setdefault(item.id, item.location)
            for entry in item.entries:
                if entry.name in retired:
                    report.error(entry.location, "retired-outline-entry", f"{label}: '{entry.name}' was retired "
                                 "and teaches nothing", "name the note that teaches the item now, or remove it")
                elif entry.name not in by_name and entry.name not in released and report.ok:
                    report.error(entry.location, "unknown-outline-entry", f"{label}: '{entry.name}' names no note",
                                 did_you_mean(entry.name, by_name) or "name a note id, table-id/row-key or "
                                 "table-id/*/rule")
        _warn_gaps(topic, report)
        _check_out_of_scope_share(topic, report)


def _warn_gaps(topic: Topic, report: Report) -> None:
    """One warning per topic for its gaps, at the first: a list of dozens would hide every other warning."""
    gaps = [item for item in topic.outline if not item.entries and not item.out_of_scope]
    if gaps:
        named = ", ".join(f"'{item.id}'" for item in gaps[:3]) + (", …" if len(gaps) > 3 else "")
        report.warning(gaps[0].location, "uncovered-outline-item",
                       f"topic '{topic.name}': {len(gaps)} outline item(s) have no note ({named})",
                       f"genpeds outline {topic.name} lists them: write the notes that teach each and list them "
                       "under its 'notes:', or say why it is left out under 'out_of_scope:'")


def _check_out_of_scope_share(topic: Topic, report: Report) -> None:
    left_out = sum(1 for item in topic.outline if item.out_of_scope)
    if topic.outline and left_out > MAX_OUT_OF_SCOPE * len(topic.outline):
        report.warning(topic.location, "out-of-scope-outline", f"topic '{topic.name}': {left_out} of "
                       f"{len(topic.outline)} outline items are out of scope (more than "
                       f"{MAX_OUT_OF_SCOPE:.0%})", "the outline is the canon: teach them, or drop what no "
                       "review text would list")


def outline_json(coverage: list[ItemCoverage]) -> str:
    """`{"topics": {topic: {"items": [{id, title, notes, out_of_scope}]}}}`: leaves only, each once."""
    topics: dict[str, dict] = {}
    for entry in coverage:
        topics.setdefault(entry.topic, {"items": []})["items"].append({
            "id": entry.item.id, "title": entry.item.title, "notes": list(entry.notes),
            "out_of_scope": entry.item.out_of_scope or None})
    return json.dumps({"topics": topics}, ensure_ascii=False, indent=2) + "\n"


def outline_text(coverage: list[ItemCoverage]) -> str:
    """Each topic's items under their headings, the uncovered ones marked, and a coverage line."""
    lines: list[str] = []
    marks = {"covered": "✓", "out of scope": "–", "uncovered": "✗"}
    for topic in dict.fromkeys(entry.topic for entry in coverage):
        items = [entry for entry in coverage if entry.topic == topic]
        heading = None
        lines.append(f"{topic}: {coverage_line(items)}")
        for entry in items:
            if entry.item.heading != heading:
                heading = entry.item.heading
                if heading:
                    lines.append(f"  {heading}")
            detail = {"covered": f"{len(entry.notes)} note(s)", "uncovered": "NO NOTE",
                      "out of scope": f"out of scope: {entry.item.out_of_scope}"}[entry.state]
            lines.append(f"    {marks[entry.state]} {entry.item.id} — {entry.item.title} ({detail})")
        lines.append("")
    return "\n".join(lines)


def coverage_line(items: list[ItemCoverage]) -> str:
    """'37 of 40 items covered, 1 out of scope, 2 uncovered'."""
    count = {state: sum(1 for entry in items if entry.state == state)
             for state in ("covered", "out of scope", "uncovered")}
    return (f"{count['covered']} of {len(items)} items covered, {count['out of scope']} out of scope, "
            f"{count['uncovered']} uncovered")
