"""Quick-reference sheets: each recipe rendered to one self-contained HTML file, plus an index.

The HTML carries its stylesheet inline and loads nothing, so a sheet opens offline and prints the
same anywhere. No clock or random value reaches the output: the same content gives the same bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from .diagnostics import Report
from .errors import ContentInvalidError, SelectionError
from .growth_reference import load_tables
from .output import staged_writes
from .project import Project
from .sheet_recipes import SheetRecipe
from .sheet_view import SheetView, sheet_view

INDEX_FILE = "index.html"


@dataclass(frozen=True)
class WrittenSheet:
    """One file a run wrote, with what it holds (table rows and note facts)."""

    path: Path
    title: str
    row_count: int
    fact_count: int


@dataclass(frozen=True)
class WrittenSheets:
    """What `write_sheets` wrote: the sheets, then the index linking them."""

    sheets: tuple[WrittenSheet, ...]
    index: Path


def choose_sheets(recipes: Sequence[SheetRecipe], names: Sequence[str] = ()) -> list[SheetRecipe]:
    """The named recipes in the order given (every recipe, in index order, when none is named)."""
    by_name = {recipe.name: recipe for recipe in recipes}
    for name in names:
        if name not in by_name:
            raise SelectionError(f"unknown sheet '{name}'; sheets: {', '.join(by_name)}")
    return [by_name[name] for name in dict.fromkeys(names)] if names else list(recipes)


def write_sheets(project: Project, recipes: Sequence[SheetRecipe], recipe_report: Report, out_dir: Path,
                 version: str) -> WrittenSheets:
    """Write each recipe's sheet and an index of them into `out_dir`; on failure nothing is touched.

    Refuses when the content or the recipes (`recipe_report`) have errors. `version` is the content
    version printed on every sheet.
    """
    # Recipes checked against broken content report mostly echoes of its errors: show the cause.
    for report in (project.report, recipe_report):
        if not report.ok:
            raise ContentInvalidError(report, "the content or sheet recipes")
    out_dir = Path(out_dir)
    # read once, by the first sheet that draws a growth chart
    references = functools.cache(lambda: load_tables(project.content_dir))
    views = [sheet_view(recipe, project.content, references) for recipe in recipes]
    pages = {out_dir / view.file_name: render_sheet(view, version) for view in views}
    pages[out_dir / INDEX_FILE] = render_index(views, version)
    with staged_writes(f"sheets into {out_dir}") as stage:
        for target, page in pages.items():
            stage(target).write_bytes(page.encode("utf-8"))
    return WrittenSheets(
        tuple(WrittenSheet(out_dir / view.file_name, view.title, view.row_count, view.fact_count) for view in views),
        out_dir / INDEX_FILE)


def render_sheet(view: SheetView, version: str) -> str:
    return _environment().get_template("sheet.html").render(sheet=view, version=version, css=_css())


def render_index(views: Sequence[SheetView], version: str) -> str:
    return _environment().get_template("index.html").render(sheets=views, version=version, css=_css())


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string that cannot end the string or the <style> element early."""
    escaped = "".join(c if c.isalnum() or c in " .,;:()–—-" else f"\\{ord(c):x} " for c in str(text))
    return Markup(f'"{escaped}"')


def number_runs(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted numbers as (first, last) runs of consecutive ones: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return [(first, last) for first, last in runs]


def breakable(text: str) -> Markup:
    """Escaped text that may wrap after a slash ("language/communication" in a narrow column)."""
    return Markup("/<wbr>").join(Markup.escape(part) for part in str(text).split("/"))


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("genpeds", "templates/sheets"),
        autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    environment.filters["css_string"] = css_string
    environment.filters["breakable"] = breakable
    environment.filters["runs"] = number_runs
    # Field HTML was rendered from Markdown and cleaned by nh3 (markup.render): safe to insert as is.
    environment.filters["html"] = Markup
    return environment


@functools.cache
def _css() -> Markup:
    css = resources.files("genpeds").joinpath("templates", "sheets", "sheet.css").read_text(encoding="utf-8")
    return Markup(css)
