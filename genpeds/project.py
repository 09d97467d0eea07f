"""The whole project as the commands see it: content, deck recipes and the release ledger, checked together."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, replace
from pathlib import Path

from .collector import cyclic_gc_paused
from .content import load_content
from .deck_recipes import load_recipes
from .diagnostics import Location, Report
from .errors import LedgerError
from .files import is_regular_file
from .ledger import LEDGER_FILE, Ledger, load_ledger
from .ledger_checks import check_against_ledger, check_ledger_present
from .models import Content, Note, Recipe
from .releases import NoteState, note_states, pending_time, tombstones
from .repository import commit_time
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
        states = note_states(self.shipped_notes(), self.content, self.ledger)
        if not any(state.pending for state in states.values()):
            return states
        waiting = pending_time(self.ledger, commit_time(self.content_dir))  # git is asked only when needed
        return {note_id: replace(state, time=waiting) if state.pending else state
                for note_id, state in states.items()}


def _load_ledger(content_dir: Path, report: Report) -> Ledger:
    """The ledger, read only when it is a regular file: a link or a pipe in its place (a pull request can
    carry one) is reported, and the check then stops before anything is compared with the ledger. A
    ledger that cannot be read or breaks an invariant is an error at its line; a missing one, an error
    once the CHANGELOG records a release."""
    path = content_dir / LEDGER_FILE
    if os.path.lexists(path) and not is_regular_file(path, report):
        return Ledger()
    try:
        ledger = load_ledger(content_dir)
    except LedgerError as exc:
        report.error(Location(exc.path, exc.line), "bad-ledger", f"release ledger: {exc}",
                     "it is written only by 'genpeds release': restore it from version control")
        return Ledger()
    check_ledger_present(content_dir, ledger, report)
    return ledger


def load_project(content_dir: Path, decks_dir: Path | None, sheets_dir: Path | None = None) -> Project:
    """Read and check content/ (and decks/, and sheets/ when it exists) against the ledger; every
    problem is in `report`."""
    with cyclic_gc_paused():  # the project holds no reference cycles (see collector)
        return _load_project(Path(content_dir), decks_dir, sheets_dir)


def _load_project(content_dir: Path, decks_dir: Path | None, sheets_dir: Path | None) -> Project:
    ledger_report = Report()
    ledger = _load_ledger(content_dir, ledger_report)  # first: it says which of two equal ids is the new note
    content, report = load_content(content_dir, {note_id: note.last.fingerprint
                                                 for note_id, note in ledger.notes.items()})
    report.diagnostics.extend(ledger_report.diagnostics)
    recipes: list[Recipe] = []
    if decks_dir is not None:
        vocabulary = Vocabulary(dict(content.tags), incomplete=not content.tags_complete)
        recipes = load_recipes(Path(decks_dir), vocabulary, report)
    project = Project(content, tuple(recipes), report, ledger, content_dir)
    if report.ok:
        check_against_ledger(content, ledger, project.states, content_dir, report)
    if report.ok and sheets_dir is not None and Path(sheets_dir).is_dir():
        from .sheet_recipes import load_sheet_recipes  # only `check` and `sheets` need them

        report.diagnostics.extend(load_sheet_recipes(Path(sheets_dir), content, content_dir)[1].diagnostics)
    return project
