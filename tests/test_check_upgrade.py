"""scripts/check_upgrade.py, the maintainers' last look before a release, run on real Anki."""

from __future__ import annotations

import time

import pytest
from conftest import edit, load_script

pytestmark = pytest.mark.anki

DAY = 86400


def _script():
    return load_script("scripts/check_upgrade.py")


def _release(cli, version: str, days_ago: int, out: str) -> None:
    cli("release", version, "--time", time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() - days_ago * DAY)))
    cli("build", "everything", "--release", "--out", out)


def test_an_edited_release_upgrades_cleanly(project, cli, capsys):
    _release(cli, "1.0.0", 90, "v1")
    edit(project / "content/alpha/notes.yaml", "back:", "back: Corrected.")
    _release(cli, "1.1.0", 1, "v2")
    problems = _script().check_upgrade(project / "v1/genpeds-everything.apkg",
                                       project / "v2/genpeds-everything.apkg", answers=5)
    assert problems == []
    assert "tagged after the cut: alpha-basic, " in capsys.readouterr().out


def test_a_fix_that_does_not_arrive_is_reported(project, cli):
    _release(cli, "1.0.0", 90, "v1")
    edit(project / "content/alpha/notes.yaml", "back:", "back: Corrected.")
    cli("build", "everything", "--out", "v2")  # unreleased: its time is just after 1.0.0's, before the touch
    problems = _script().check_upgrade(project / "v1/genpeds-everything.apkg",
                                       project / "v2/genpeds-everything.apkg", answers=5)
    assert problems == ["1 note(s) the new release changed kept their old text (first: alpha-basic): students "
                        "would keep the unfixed fact"]


def test_a_renamed_note_is_reported(project, cli, capsys):
    cli("build", "everything", "--out", "v1")  # never released: the ledger would refuse the rename
    edit(project / "content/alpha/notes.yaml", "id: alpha-basic\n", "id: alpha-basic-renamed\n")
    cli("build", "everything", "--out", "v2")
    problems = _script().check_upgrade(project / "v1/genpeds-everything.apkg",
                                       project / "v2/genpeds-everything.apkg", answers=5)
    assert problems == ["1 note(s) of the old release are not in the new one (students keep stale copies no "
                        "release will correct): retire notes instead of deleting or renaming them"]
    assert "1 new" in capsys.readouterr().out


def test_released_0_2_3_held_back_a_fix_from_a_student_who_tagged_it_after_the_cut(published):
    # Measured on the published releases: 0.2.3 stamped its changes with its own time, so a touch after
    # the cut (here: now) blocks one of its 24 fixes. Releases since carry the fix window.
    old, new = (published(version) / "genpeds-complete.apkg" for version in ("0.2.2", "0.2.3"))
    problems = _script().check_upgrade(old, new, answers=10)
    assert problems == ["1 note(s) the new release changed kept their old text (first: "
                        "jaundice-neonatal-causes/polycythemia/clue-to-cause): students would keep the unfixed fact"]
