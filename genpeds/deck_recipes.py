"""Deck recipes (decks/*.yaml): named tag selections, each built into one .apkg."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Location, Report, display_path
from .errors import ContentNotFoundError
from .files import list_folder
from .loading import read_mapping_file
from .models import Recipe
from .schema import RECIPE_KEYS, SLUG, KeyReader
from .vocabulary import Vocabulary


def load_recipes(folder: Path, vocabulary: Vocabulary, report: Report) -> list[Recipe]:
    """Every valid recipe in `folder`, by file name; problems go to the report."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ContentNotFoundError(
            f"no deck recipes found at '{display_path(folder)}'; "
            "run genpeds from the project folder or pass --decks DIR")
    recipes = []
    for path in list_folder(folder, report, "*.yaml") or ():
        shown = display_path(path)
        if not SLUG.match(path.stem):
            report.error(Location(shown), "bad-recipe-name",
                         f"recipe file name '{path.name}' must be a lower-case slug ending in .yaml")
            continue
        data = read_mapping_file(path, shown, report, "a recipe is a mapping with title, description, include")
        if data is None:
            continue
        label = f"recipe '{path.stem}'"
        values = KeyReader(report).read(data, RECIPE_KEYS, label)
        for key in ("include", "exclude"):
            for tag in values[key] or ():
                vocabulary.check_selector(tag, data.at(key), label, report)
        if all(values[key.name] is not None for key in RECIPE_KEYS if key.required):
            recipes.append(Recipe(path.stem, values["title"], values["description"], values["include"],
                                  values["exclude"] or (), data.at()))
    if not recipes and report.ok:
        report.error(Location(display_path(folder)), "no-recipes", "no deck recipes (decks/*.yaml) found")
    return recipes
