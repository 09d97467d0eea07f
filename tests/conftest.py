"""Shared fixtures: a copy of the small fixture project per test, and a CLI runner that fails on crashes.

Tests marked `anki` need the official `anki` package: where it is missing they are skipped, except in CI
(the CI variable is set), where they fail, so that CI never passes without them. Modules holding such tests
import anki (and the scripts that do) only inside the tests, so that they are still collected without it.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from genpeds.cli import main

FIXTURE_PROJECT = Path(__file__).parent / "fixtures" / "project"
REPO_ROOT = Path(__file__).parent.parent
FIXED_TODAY = "2026-11-26"


@functools.cache
def load_script(relative: str):
    """A script of the repository (benchmarks/, scripts/ are not packages) loaded as a module."""
    name = "genpeds_script_" + relative.replace("/", "_").removesuffix(".py")
    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / relative)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


class LazyScript:
    """A repository script loaded on first use: a test module can name one that imports `anki` at its top
    and still be collected where anki is missing."""

    def __init__(self, relative: str) -> None:
        self.relative = relative

    def __getattr__(self, name: str):
        return getattr(load_script(self.relative), name)


ANKI_MISSING = "the anki package is missing; install the test extra: .venv/bin/pip install -e '.[test]'"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test marked `anki` where the package is missing, or fail it in CI."""
    if item.get_closest_marker("anki") is None:
        return
    try:
        import anki  # noqa: F401
    except ImportError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"{ANKI_MISSING} ({exc}); CI runs every Anki test", pytrace=False)
        pytest.skip(ANKI_MISSING)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A writable copy of tests/fixtures/project, made the working directory."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, target)
    monkeypatch.chdir(target)
    return target


class Cli:
    """Runs genpeds in-process; a traceback (any exception but SystemExit) fails the test."""

    def __call__(self, *args: str, code: int = 0):
        # A fixed "today", so that the fixtures' reviewed dates never become stale as years pass.
        result = CliRunner(env={"GENPEDS_TODAY": FIXED_TODAY}).invoke(main, list(args))
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"genpeds {' '.join(args)} crashed") from result.exception
        assert result.exit_code == code, f"exit {result.exit_code}, output:\n{result.output}"
        return result


@pytest.fixture
def cli() -> Cli:
    return Cli()


def write(path: Path, text: str) -> Path:
    """Write a content file, creating folders, and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of `old` in a file (fails loudly if it is not there once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based number of the only line containing `needle`."""
    lines = [i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    assert len(lines) == 1, f"{needle!r} on lines {lines}"
    return lines[0]


# Warnings the real content may carry between releases: changes waiting for a release, and the gaps an
# outline lists on purpose until cards fill them (both are work in progress, not problems of the input).
EXPECTED_WARNINGS = ("changed or added since release", " outline item(s) have no note (")


def unexpected_warnings(lines: list[str]) -> list[str]:
    """The lines of `check` output that are neither of the expected kinds."""
    return [line for line in lines if not any(expected in line for expected in EXPECTED_WARNINGS)]


def relative(path: Path) -> str:
    return os.path.relpath(path)


def released_decks(version: str, out_dir: Path) -> Path:
    """The decks of a published release, rebuilt by that release's own code and content from the
    commit that recorded it in the ledger (scripts/rebuild_release.py); returns the folder they are in.

    Needs the repository's history: without it the test is skipped locally and fails under CI.
    """
    script = load_script("scripts/rebuild_release.py")
    try:
        return script.rebuild_release(version, out_dir / f"decks-{version}")
    except script.ReleaseNotFound as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """`released_decks` for the whole run: each release is rebuilt once, however many tests read its decks."""
    built: dict[str, Path] = {}

    def decks(version: str) -> Path:
        if version not in built:
            built[version] = released_decks(version, tmp_path_factory.mktemp(f"release-{version}"))
        return built[version]

    return decks


# A small growth reference table in the fixture project's format (content/reference/growth/): a sheet
# or a card may draw it.
GROWTH_REFERENCE = "content/reference/growth/cdc/fixture-weight.csv"
GROWTH_TABLE = """\
---
id: fixture-weight
title: Fixture weight-for-age
measure: weight
unit: kg
cites: fixture-review-2023
source: {body: CDC, title: Fixture, year: 2000, url: https://www.cdc.gov/x, file: x.csv}
licence: public domain (a work of the US federal government); see LICENSE.md in this folder
---
sex,age_months,l,m,s
1,0,1,3.5,0.1
1,12,1,9.5,0.1
1,24,1,12.2,0.1
2,0,1,3.4,0.1
2,12,1,8.9,0.1
2,24,1,11.5,0.1
"""
