"""scripts/check_upgrade.py, the maintainers' last look before a release, run on real Anki."""

from __future__ import annotations

import functools
import importlib.util
import sys

import pytest
from conftest import REPO_ROOT, edit

pytestmark = pytest.mark.anki


@functools.cache
def _script():
    name = "genpeds_check_upgrade"
    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "scripts" / "check_upgrade.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_an_edited_release_upgrades_cleanly(project, cli):
    cli("build", "everything", "--out", "v1")
    edit(project / "content/alpha/notes.yaml", "back:", "back: Corrected.")
    cli("build", "everything", "--out", "v2")
    problems = _script().check_upgrade(project / "v1/genpeds-everything.apkg",
                                       project / "v2/genpeds-everything.apkg", answers=5)
    assert problems == []


def test_a_renamed_note_is_reported(project, cli, capsys):
    cli("build", "everything", "--out", "v1")
    edit(project / "content/alpha/notes.yaml", "id: alpha-basic\n", "id: alpha-basic-renamed\n")
    cli("build", "everything", "--out", "v2")
    problems = _script().check_upgrade(project / "v1/genpeds-everything.apkg",
                                       project / "v2/genpeds-everything.apkg", answers=5)
    assert problems == ["1 note(s) of the old release are not in the new one (students keep stale copies no "
                        "release will correct): retire notes instead of deleting or renaming them"]
    assert "1 new" in capsys.readouterr().out
