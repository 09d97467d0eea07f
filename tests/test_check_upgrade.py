"""scripts/check_upgrade.py, the maintainers' last look before a release, run on real Anki."""

from __future__ import annotations

import pytest
from conftest import edit, load_script

pytestmark = pytest.mark.anki


def _script():
    return load_script("scripts/check_upgrade.py")


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
