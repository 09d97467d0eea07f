"""Build decks: from recipes or from a tag selection, all written or none."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .apkg import write_package
from .errors import ContentInvalidError, InvalidValueError, ReleaseError, SelectionError
from .models import Content, Note, Recipe
from .output import staged_writes
from .parallel import map_shared
from .positions import card_positions
from .project import Project
from .selection import check_selectors, select_notes

CUSTOM_FILE_NAME = "genpeds-custom.apkg"
# Below this many notes in all decks, writing them side by side costs more than it saves.
PARALLEL_MIN_NOTES = 1000
# A plain file name: no folder, not hidden (staged files are hidden), no character a file system or
# a shell treats specially.
PLAIN_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class DeckRequest:
    """One .apkg to write: its file name, the root deck's description and the tag selection."""

    file_name: str
    title: str
    description: str
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    @classmethod
    def from_recipe(cls, recipe: Recipe) -> DeckRequest:
        description = f"**{recipe.title}**\n\n{recipe.description}"
        return cls(recipe.file_name, recipe.title, description, recipe.include, recipe.exclude)

    @classmethod
    def from_tags(cls, include, exclude=(), file_name: str = "") -> DeckRequest:
        label = " + ".join(include) + "".join(f" − {tag}" for tag in exclude)
        name = file_name or CUSTOM_FILE_NAME
        return cls(name, f"genpeds — custom selection: {label}",
                   f"**genpeds — custom selection**\n\nTags: {label}", tuple(include), tuple(exclude))


@dataclass(frozen=True)
class BuiltDeck:
    """What one build wrote: where, how many notes, and how many in each topic deck."""

    path: Path
    title: str
    note_count: int
    notes_by_deck: tuple[tuple[str, int], ...]


def requests_for_recipes(project: Project, names=()) -> list[DeckRequest]:
    """Requests for the named recipes (all of them when none is named)."""
    by_name = {recipe.name: recipe for recipe in project.recipes}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise SelectionError(f"unknown deck recipe '{unknown[0]}'; recipes: {', '.join(sorted(by_name))}")
    chosen = [by_name[name] for name in names] if names else list(project.recipes)
    return [DeckRequest.from_recipe(recipe) for recipe in chosen]


def request_for_tags(project: Project, include, exclude=(), name: str = "") -> DeckRequest:
    """The request for a custom deck of the notes under `include`, written to the file `name`.

    `name` gets `.apkg` added when it lacks it. It must be a plain file name, so the deck lands in the
    output folder and nowhere else, and must not be a recipe's file, which the custom deck would
    silently replace (compared ignoring case, as macOS and Windows file systems do).
    """
    file_name = CUSTOM_FILE_NAME
    if name:
        if not PLAIN_FILE_NAME.fullmatch(name):
            raise InvalidValueError(f"'{name}' is not a plain file name: use letters, digits, '-', '_' and '.', "
                                    "starting with a letter or digit", "name")
        file_name = name if name.endswith(".apkg") else f"{name}.apkg"
    for recipe in project.recipes:
        if file_name.casefold() == recipe.file_name.casefold():
            raise InvalidValueError(f"'{file_name}' is the deck of recipe '{recipe.name}' ({recipe.location.path}); "
                                    "choose another name", "name")
    return DeckRequest.from_tags(include, exclude, file_name)


def build_decks(project: Project, requests: list[DeckRequest], out_dir: Path,
                release: bool = False) -> list[BuiltDeck]:
    """Write every requested deck into `out_dir`; on any failure, no existing file is touched.

    A release build (`release=True`) refuses while any note has changes the ledger has not recorded,
    so that every published note carries the time of a real release.
    """
    if not project.report.ok:
        raise ContentInvalidError(project.report)
    content = project.content
    shipped = project.shipped_notes()
    states = project.states
    if release:
        _refuse_unreleased(project, states)
    release_time = project.ledger.latest.time if project.ledger.latest else 0
    positions = card_positions(content, shipped)
    plans = []
    for request in requests:
        check_selectors((*request.include, *request.exclude), dict(content.tags))
        notes = select_notes(shipped, request.include, request.exclude)
        if not notes:
            raise SelectionError(f"the selection for {request.file_name} matches no note "
                                 "(check --tag and --exclude against 'genpeds tags')")
        plans.append((Path(out_dir) / request.file_name, request, notes))
    with staged_writes(f"decks into {out_dir}") as stage:
        staged = [(stage(target), request, notes) for target, request, notes in plans]

        def write(plan) -> None:
            path, request, notes = plan
            write_package(path, content, notes, states, positions, request.description, release_time)

        map_shared(write, staged, [len(notes) for _, _, notes in staged], min_weight=PARALLEL_MIN_NOTES)
    return [_summary(target, request, notes, content) for target, request, notes in plans]


def _refuse_unreleased(project: Project, states) -> None:
    if not project.ledger.latest:
        raise ReleaseError("nothing has been released yet; run 'genpeds release VERSION' first")
    pending = [note_id for note_id, state in states.items() if state.pending]
    if pending:
        raise ReleaseError(f"{len(pending)} note(s) changed since release {project.ledger.latest.version} "
                           f"(first: {pending[0]}); run 'genpeds release VERSION' before a release build")


def _summary(path: Path, request: DeckRequest, notes: list[Note], content: Content) -> BuiltDeck:
    counts = Counter(note.topic for note in notes)
    by_deck = tuple((topic.deck_name, counts[topic.name]) for topic in content.topics if counts[topic.name])
    return BuiltDeck(path, request.title, len(notes), by_deck)
