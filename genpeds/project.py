"""The whole project as the commands see it: content and deck recipes, checked together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import load_content
from .diagnostics import Report
from .models import Content, Recipe
from .recipes import load_recipes
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Project:
    content: Content
    recipes: tuple[Recipe, ...]
    report: Report


def load_project(content_dir: Path, decks_dir: Path | None) -> Project:
    """Read and check content/ (and decks/ when given); every problem is in `report`."""
    content, report = load_content(Path(content_dir))
    recipes: list[Recipe] = []
    if decks_dir is not None:
        recipes = load_recipes(Path(decks_dir), Vocabulary(dict(content.tags)), report)
    return Project(content, tuple(recipes), report)
