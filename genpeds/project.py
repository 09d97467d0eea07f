"""The whole project as the commands see it: content, deck recipes and the release ledger, checked together."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from .content import load_content
from .diagnostics import Report
from .files import is_regular_file
from .ledger import LEDGER_FILE, Ledger, load_ledger
from .ledger_checks import check_against_ledger
from .models import Content, Note, Recipe
from .recipes import load_recipes
from .releases import NoteState, note_states, tombstones
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Project:
    content: Content
    recipes: tuple[Recipe, ...]
    report: Report
    ledger: Ledger
    content_dir: Path

    def shipped_notes(self) -> list[Note]:
        """Every note a full build ships: the content's notes, then tombstones of retired ones."""
        return [*self.content.notes, *tombstones(self.content, self.ledger)]

    @property
    def content_version(self) -> str:
        """The release the content is at, as printed on sheets ('0.2.0', '0.2.0 + unreleased changes')."""
        latest = self.ledger.latest.version if self.ledger.latest else "unreleased"
        pending = any(state.pending for state in self.states.values())
        return f"{latest} + unreleased changes" if pending and self.ledger.latest else latest

    @functools.cached_property
    def states(self) -> dict[str, NoteState]:
        """Each shipped note against the ledger; worked out once, for the check and the build."""
        return note_states(self.shipped_notes(), self.content, self.ledger)


def _load_ledger(content_dir: Path, report: Report) -> Ledger:
    """The ledger, read only when it is a regular file: a link or a pipe in its place (a pull request can
    carry one) is reported, and the check then stops before anything is compared with the ledger."""
    path = content_dir / LEDGER_FILE
    if os.path.lexists(path) and not is_regular_file(path, report):
        return Ledger()
    return load_ledger(content_dir)


def load_project(content_dir: Path, decks_dir: Path | None, sheets_dir: Path | None = None) -> Project:
    """Read and check content/ (and decks/, and sheets/ when it exists) against the ledger; every
    problem is in `report`."""
    content_dir = Path(content_dir)
    content, report = load_content(content_dir)
    recipes: list[Recipe] = []
    if decks_dir is not None:
        recipes = load_recipes(Path(decks_dir), Vocabulary(dict(content.tags)), report)
    project = Project(content, tuple(recipes), report, _load_ledger(content_dir, report), content_dir)
    if report.ok:
        check_against_ledger(project, report)
    if report.ok and sheets_dir is not None and Path(sheets_dir).is_dir():
        from .sheet_recipes import load_sheet_recipes  # only `check` and `sheets` need them

        report.diagnostics.extend(load_sheet_recipes(Path(sheets_dir), content)[1].diagnostics)
    return project
