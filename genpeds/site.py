"""A static site made from the content: a home page, every sheet, and a card browser.

No server and no network: the pages open from `file://` as from GitHub Pages. The card browser lists
every current note as it reads on its card (retired notes are not content any more), one element per
note carrying `data-note-id`. Which notes each tag selects is worked out here, by the same selection
code the decks use (so the `::` rule has one home); the page's script only intersects those sets and
matches the search words against each note's text.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

from .cards import chart_html, sources_html
from .markup import render, reveal_cloze
from .models import Content, Note
from .output import staged_writes
from .selection import select_notes

SITE_TEMPLATES = "templates/site"


@dataclass(frozen=True)
class NoteEntry:
    """One note as the card browser shows it."""

    id: str
    topic: str
    question: str  # HTML: the front, or the cloze text with its answers in bold
    answer: str  # HTML: the back ('' for a cloze note, whose answers are in the question)
    extra: str
    sources: str
    tags: tuple[str, ...]
    release: str  # the release that last changed it ('' while unreleased)
    search_text: str  # lower-case plain words the search box matches
    report_url: str


@dataclass(frozen=True)
class SiteResult:
    pages: tuple[Path, ...]
    notes: int


def repository_url(project_root: Path) -> str:
    """The repository named in pyproject.toml's [project.urls] (Repository, else Source, else Homepage)."""
    path = Path(project_root) / "pyproject.toml"
    if not path.is_file():
        return ""
    urls = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {}).get("urls", {})
    return next((urls[key].rstrip("/") for key in ("Repository", "Source", "Homepage") if urls.get(key)), "")


def note_entries(content: Content, releases: dict[str, str], repository: str) -> list[NoteEntry]:
    """Every note, topic by topic and in each topic's teaching order, as the browser lists it."""
    from .teaching import teaching_order

    by_topic = teaching_order(content)
    taught = [note for topic in sorted(content.topics, key=lambda topic: topic.order)
              for note in by_topic.get(topic.name, ())]
    seen = {note.id for note in taught}
    entries = []
    for note in (*taught, *(note for note in content.notes if note.id not in seen)):
        cloze = note.type == "cloze"
        question = reveal_cloze(note.field("text")) if cloze else render(note.field("front"))
        question += chart_html(note, content)  # as on the card, under the question
        answer = "" if cloze else render(note.field("back"))
        extra = render(note.field("extra"))
        plain = " ".join((note.id, *note.tags, *(text for _, text in note.fields)))
        entries.append(NoteEntry(note.id, note.topic, question, answer, extra, sources_html(note, content),
                                 tuple(note.tags), releases.get(note.id, ""), " ".join(plain.lower().split()),
                                 _report_url(repository, note)))
    return entries


def tag_members(content: Content, entries: list[NoteEntry]) -> dict[str, list[int]]:
    """For each declared tag, the positions (in `entries`) of the notes a `--tag` selection of it takes."""
    position = {entry.id: index for index, entry in enumerate(entries)}
    return {tag: sorted(position[note.id] for note in select_notes(content.notes, [tag]))
            for tag, _ in sorted(content.tags)}


def _report_url(repository: str, note: Note) -> str:
    """A prefilled new-issue link naming the card, on the repository's tracker (none without a repository)."""
    if not repository:
        return ""
    title = quote(f"Card {note.id}: ")
    body = quote(f"Card id: {note.id}\n\nWhat is wrong:\n\n"
                 "The source that says otherwise (document, year, where in it):\n")
    return f"{repository}/issues/new?title={title}&body={body}"


def write_site(project, sheets_written, out_dir: Path, repository: str,
               downloads: list[tuple[str, str]]) -> SiteResult:
    """Write index.html and cards.html into `out_dir` (the sheets are written beside them by the caller)."""
    content: Content = project.content
    releases = {note_id: state.version for note_id, state in project.states.items()}
    entries = note_entries(content, releases, repository)
    members = tag_members(content, entries)
    topics = [(topic, sum(1 for entry in entries if entry.topic == topic.name))
              for topic in sorted(content.topics, key=lambda topic: topic.order)]
    environment = Environment(loader=PackageLoader("genpeds", SITE_TEMPLATES), autoescape=select_autoescape(),
                              trim_blocks=True, lstrip_blocks=True)
    environment.filters["html"] = Markup  # already rendered and sanitised, as on the cards
    css = environment.loader.get_source(environment, "site.css")[0]
    common = {"css": css, "version": project.content_version, "repository": repository}
    pages = {
        "index.html": environment.get_template("index.html").render(
            **common, topics=topics, notes=len(entries), sheets=sheets_written, downloads=downloads),
        "cards.html": environment.get_template("cards.html").render(
            **common, entries=entries, topics=topics,
            tags=[(tag, description, len(members[tag])) for tag, description in sorted(content.tags)],
            members_json=json.dumps(members, separators=(",", ":"))),
    }
    out_dir = Path(out_dir)
    with staged_writes(f"the site into {out_dir}") as stage:
        for name, text in pages.items():
            stage(out_dir / name).write_text(text, encoding="utf-8")
        for chart in content.chart_of.values():  # the charts the cards show, by the names their <img> use
            stage(out_dir / chart.name).write_bytes(chart.data)
    return SiteResult(tuple(out_dir / name for name in pages), len(entries))


def download_links(site_dir: Path, release_dir: Path | None) -> list[tuple[str, str]]:
    """(file name, link relative to the site) for each deck of a release folder built beside the site."""
    if not release_dir or not Path(release_dir).is_dir():
        return []
    return [(path.name, Path(os.path.relpath(path, site_dir)).as_posix())
            for path in sorted(Path(release_dir).glob("*.apkg"))]
