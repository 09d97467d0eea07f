"""The README's promises and the CLI's help stay true."""

from __future__ import annotations

import re

import pytest
from conftest import REPO_ROOT

from genpeds.cli import main

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def readme_command(comment: str) -> str:
    match = re.search(rf"# {re.escape(comment)}\n(.+)\n", README)
    assert match, f"README has no command under '# {comment}'"
    return match.group(1).strip()


def test_ci_runs_the_readme_test_command():
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_command("install and run the tests") in ci.splitlines()


def test_readme_build_command_installs_and_builds():
    command = readme_command("install and build the decks into dist/")
    assert "pip install ." in command and command.endswith("genpeds build")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name):
    help_text = main.commands[name].help or ""
    assert help_text.strip(), f"genpeds {name} has no help"
    assert "Example" in help_text, f"genpeds {name} --help shows no example"


def test_every_recipe_is_in_the_readme_table():
    for recipe in sorted((REPO_ROOT / "decks").glob("*.yaml")):
        assert f"`genpeds-{recipe.stem}.apkg`" in README, recipe.name


def test_readme_states_the_fix_window_the_releases_use():
    from genpeds.releases import FIX_WINDOW_SECONDS

    days = FIX_WINDOW_SECONDS // 86400
    assert f"**plus {days} days**" in README and f"within {days} days after the release was cut" in README


def test_the_code_map_names_every_module():
    code_map = (REPO_ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    modules = sorted(path.stem for path in (REPO_ROOT / "genpeds").glob("*.py") if path.stem != "__init__")
    assert [name for name in modules if f"`{name}`" not in code_map] == []
