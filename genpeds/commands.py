"""Each `genpeds` command as one library call: from folders and options to a result the caller prints.

The CLI (cli.py) parses options, calls one function here and prints what it returns; a script or a
test can call the same function. Nothing here prints: problems come back as a Report in the result,
or as a GenpedsError (genpeds/errors.py), raised before any file is touched when the request itself
cannot be used (InvalidRequestError). Each function imports the modules it needs when it runs, so a
command pays only for its own (genanki for decks, Jinja2 for sheets).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ContentInvalidError, InvalidRequestError, InvalidValueError, SelectionError

if TYPE_CHECKING:
    from .build import BuiltDeck
    from .diagnostics import Diagnostic, Report
    from .models import Note
    from .sheets import WrittenSheets
    from .stats import Stats

# A version as it appears in file names, tags and the ledger: no spaces, no path separators.
VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+-]*")


@dataclass(frozen=True)
class CheckResult:
    """Every problem `genpeds check` found, and how much content it read."""

    report: Report
    notes: int
    topics: int
    recipes: int

    @property
    def ok(self) -> bool:
        return self.report.ok

    def summary(self) -> dict[str, int]:
        """The counts, in the order `check --format json` gives them."""
        return {"errors": len(self.report.errors), "warnings": len(self.report.warnings),
                "notes": self.notes, "topics": self.topics, "recipes": self.recipes}


def check_project(content_dir: Path, decks_dir: Path, sheets_dir: Path, today: dt.date,
                  stale_months: int) -> CheckResult:
    """Check the content, the deck recipes and the sheet recipes (when sheets_dir exists); on content
    without errors, also warn of notes reviewed more than `stale_months` before `today` and of notes
    citing a superseded source."""
    from .project import load_project
    from .stats import warn_stale_and_superseded

    project = load_project(content_dir, decks_dir, sheets_dir)
    if project.report.ok:
        warn_stale_and_superseded(project.content, today, stale_months, project.report)
    return CheckResult(project.report, len(project.content.notes), len(project.content.topics),
                       len(project.recipes))


@dataclass(frozen=True)
class BuildResult:
    """The decks written, and how many notes carry changes no release has recorded yet (after `released`,
    the latest release, or '' before the first)."""

    decks: tuple[BuiltDeck, ...]
    unreleased: int
    released: str


def build_project(content_dir: Path, decks_dir: Path, out_dir: Path, recipes: Sequence[str] = (),
                  tags: Sequence[str] = (), excludes: Sequence[str] = (), name: str = "",
                  release: bool = False) -> BuildResult:
    """Write the decks of the named `recipes` (every recipe when none is named), or one custom deck of
    the notes under `tags` (file `name`), leaving out the notes under `excludes`; all or nothing.

    A release build (`release=True`) refuses while a note has changes no release has recorded.
    """
    from dataclasses import replace

    from .build import build_decks, request_for_tags, requests_for_recipes
    from .project import load_project

    if recipes and tags:
        raise InvalidRequestError("give either recipe names or --tag, not both")
    if excludes and not tags and not recipes:
        raise InvalidRequestError("--exclude needs --tag or a recipe name to start from; for every note except a "
                                  "tag: genpeds build --tag genpeds --exclude TAG")
    project = load_project(content_dir, decks_dir)
    if tags:
        requests = [request_for_tags(project, tags, excludes, name)]
    else:
        requests = [replace(request, exclude=request.exclude + tuple(excludes))
                    for request in requests_for_recipes(project, recipes)]
    built = build_decks(project, requests, out_dir, release=release)
    unreleased = sum(state.pending for state in project.states.values())
    return BuildResult(tuple(built), unreleased, project.ledger.latest.version if project.ledger.latest else "")


@dataclass(frozen=True)
class TagCount:
    """A declared tag, its description, and how many notes carry it or a tag below it."""

    tag: str
    notes: int
    description: str


def count_tags(content_dir: Path) -> list[TagCount]:
    """Every declared tag, in alphabetical order, with the number of notes a --tag selection of it takes."""
    from .project import load_project
    from .selection import select_notes

    content = load_project(content_dir, None).content
    return [TagCount(tag, len(select_notes(content.notes, [tag])), description)
            for tag, description in sorted(content.tags)]


@dataclass(frozen=True)
class TopicOrder:
    """One topic's deck and its notes in the order a student meets them."""

    deck_name: str
    notes: tuple[Note, ...]


def order_topics(content_dir: Path, topics: Sequence[str] = ()) -> list[TopicOrder]:
    """The named topics (every topic when none is named), each with its notes in teaching order."""
    from .project import load_project
    from .teaching import teaching_order

    content = load_project(content_dir, None).content
    by_topic = teaching_order(content)
    unknown = [name for name in topics if name not in by_topic]
    if unknown:
        raise SelectionError(f"unknown topic '{unknown[0]}'; topics: {', '.join(by_topic)}")
    return [TopicOrder(content.topic(name).deck_name, tuple(by_topic[name])) for name in topics or by_topic]


def outline_report(content_dir: Path, topics: Sequence[str] = (), as_json: bool = False) -> str:
    """The outline items of the named topics (every topic when none is named) with the notes that teach
    them, as text (gaps marked) or as JSON for tools."""
    from .outline import outline_coverage, outline_json, outline_text
    from .project import load_project

    content = load_project(content_dir, None).content
    names = [topic.name for topic in content.topics]
    unknown = [name for name in topics if name not in names]
    if unknown:
        raise SelectionError(f"unknown topic '{unknown[0]}'; topics: {', '.join(names)}")
    coverage = outline_coverage(content, tuple(topics))
    if as_json:
        return outline_json(coverage)
    without = [name for name in topics or names if not content.topic(name).outline]
    note = f"no outline yet: {', '.join(without)}\n" if without else ""
    return outline_text(coverage) + note


def project_stats(content_dir: Path, today: dt.date, stale_months: int) -> Stats:
    """Notes per topic and subtopic, the sources cited, and the notes due for re-review."""
    from .project import load_project
    from .stats import content_stats

    return content_stats(load_project(content_dir, None).content, today, stale_months)


def write_schemas(out_dir: Path) -> list[Path]:
    """Write the JSON Schemas of content files, deck recipes and sheet recipes into `out_dir`; returns
    their paths."""
    import json

    from .editor_schema import content_schema, recipe_schema, sheet_recipe_schema
    from .output import write_bytes_atomically

    written = []
    for file_name, document in (("content.schema.json", content_schema()),
                                ("deck-recipe.schema.json", recipe_schema()),
                                ("sheet-recipe.schema.json", sheet_recipe_schema())):
        target = Path(out_dir) / file_name
        write_bytes_atomically(target, (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode())
        written.append(target)
    return written


def new_note(content_dir: Path, topic: str, today: dt.date, note_type: str = "basic",
             append_to: Path | None = None) -> str:
    """A skeleton note of `topic` with a fresh id and `today` as its date; also appended to the notes
    file `append_to` when given."""
    from .project import load_project
    from .skeleton import append_note, note_skeleton

    block = note_skeleton(load_project(content_dir, None).content, topic, today, note_type)
    if append_to is not None:
        append_note(append_to, block)
    return block


@dataclass(frozen=True)
class ReleaseResult:
    """A release recorded: how many notes it stamped (new or changed) and left alone, and the ledger file."""

    version: str
    changed: int
    unchanged: int
    ledger: Path


def release_project(content_dir: Path, decks_dir: Path, version: str, when: dt.datetime) -> ReleaseResult:
    """Record release `version`, cut at `when`, in the ledger: every new or changed note gets its time.

    Refuses content with errors, and writes nothing then.
    """
    from .ledger import LEDGER_FILE, save_ledger
    from .project import load_project
    from .releases import cut_release

    if not VERSION.fullmatch(version):
        raise InvalidValueError(f"'{version}' is not a version; use something like 1.2.0", "version")
    project = load_project(content_dir, decks_dir)
    if not project.report.ok:
        raise ContentInvalidError(project.report, outcome="nothing was released")
    ledger = cut_release(project.content, project.ledger, version, int(when.timestamp()))
    save_ledger(content_dir, ledger)
    changed = sum(note.last.version == version for note in ledger.notes.values())
    return ReleaseResult(version, changed, len(ledger.notes) - changed, Path(content_dir) / LEDGER_FILE)


def diff_markdown(old: str, new: str, content_dir: Path) -> str:
    """The notes added, changed and retired from `old` to `new` (two released versions, or two .apkg
    files) as Markdown; for versions, with the Anki search that finds fixes a student's deck held back."""
    from .diffing import diff_packages, format_diff
    from .project import load_project

    if old.endswith(".apkg") or new.endswith(".apkg"):
        return format_diff(diff_packages(Path(old), Path(new)), old, new)
    return release_notes(load_project(content_dir, None), old, new)


def release_notes(project, old: str, new: str) -> str:
    """The notes added, changed and retired from release `old` to release `new` of a loaded project, as
    Markdown, with the Anki search that finds fixes a student's deck held back."""
    from .diffing import diff_releases, format_diff, held_back_search

    changes = diff_releases(project, old, new)
    return format_diff(changes, old, new, held_back_search(changes, new))


@dataclass(frozen=True)
class SheetsResult:
    """The sheets and index written, and the warnings about the sheet recipes."""

    written: WrittenSheets
    warnings: tuple[Diagnostic, ...]


def write_project_sheets(content_dir: Path, sheets_dir: Path, out_dir: Path,
                         names: Sequence[str] = ()) -> SheetsResult:
    """Write the named sheets (every sheet recipe when none is named) and their index into `out_dir`;
    all or nothing, and nothing while the content or the sheet recipes have errors."""
    from .project import load_project

    return write_sheets_of(load_project(content_dir, None), sheets_dir, out_dir, names)


def write_sheets_of(project, sheets_dir: Path, out_dir: Path, names: Sequence[str] = ()) -> SheetsResult:
    """`write_project_sheets` for a project already loaded (the site and a release write its sheets
    beside what else they make from it, reading the content once)."""
    from .sheet_recipes import load_sheet_recipes
    from .sheets import choose_sheets, write_sheets

    recipes, recipe_report = load_sheet_recipes(sheets_dir, project.content, project.content_dir)
    written = write_sheets(project, choose_sheets(recipes, names), recipe_report, out_dir, project.content_version)
    return SheetsResult(written, tuple(recipe_report.sorted()))


def write_project_site(content_dir: Path, sheets_dir: Path, out_dir: Path, release_dir: Path | None = None):
    """Write the static site into `out_dir`: the home page, the card browser and every sheet (under
    sheets/); `release_dir`, a release folder built beside it, gives the home page its download links."""
    from .project import load_project
    from .site import download_links, repository_url, write_site

    project = load_project(content_dir, None)
    sheets = write_sheets_of(project, sheets_dir, Path(out_dir) / "sheets")
    repository = repository_url(Path(content_dir).resolve().parent)
    return write_site(project, sheets.written.sheets, out_dir, repository, download_links(Path(out_dir), release_dir))
