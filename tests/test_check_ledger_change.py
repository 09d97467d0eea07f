"""scripts/check_ledger_change.py: a pull request may change the ledger only as a release."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import load_script, write


def _ledger(*versions: str) -> str:
    return json.dumps({"format": 1, "releases": [{"version": v, "time": 1 + i} for i, v in enumerate(versions)],
                       "note_types": {}, "notes": {}})


@pytest.fixture
def repo(tmp_path):
    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "maintainer@example.org")
    git("config", "user.name", "Maintainer")
    write(tmp_path / "pyproject.toml", '[project]\nname = "genpeds"\nversion = "1.0.0"\n')
    write(tmp_path / "CHANGELOG.md", "# Changelog\n\n## 1.0.0 — first\n")
    write(tmp_path / "content/ledger.json", _ledger("1.0.0"))
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    git("checkout", "-q", "-b", "change")
    return tmp_path, git


def _problems(root):
    return load_script("scripts/check_ledger_change.py").ledger_change_problems(root, "main")


def test_a_hand_edited_ledger_fails(repo):
    root, git = repo
    write(root / "content/ledger.json", _ledger("1.0.0", "1.1.0"))
    git("commit", "-q", "-am", "edit the ledger")
    assert _problems(root) == [
        "content/ledger.json changed, but pyproject.toml's version (1.0.0) is not bumped to the ledger's newest "
        "release (1.1.0)",
        "content/ledger.json changed, but CHANGELOG.md does not add release 1.1.0"]


def test_a_release_may_change_the_ledger(repo):
    root, git = repo
    write(root / "content/ledger.json", _ledger("1.0.0", "1.1.0"))
    write(root / "pyproject.toml", '[project]\nname = "genpeds"\nversion = "1.1.0"\n')
    write(root / "CHANGELOG.md", "# Changelog\n\n## 1.1.0 — fixes\n\n## 1.0.0 — first\n")
    git("commit", "-q", "-am", "Release 1.1.0")
    assert _problems(root) == []


def test_a_change_that_leaves_the_ledger_alone_passes(repo):
    root, git = repo
    write(root / "content/notes.yaml", "notes: []\n")
    git("add", "-A")
    git("commit", "-q", "-m", "content")
    assert _problems(root) == []
