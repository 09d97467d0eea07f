"""scripts/check_upgrade.py, the maintainers' last look before a release, run on real Anki."""

from __future__ import annotations

import time

import pytest
from conftest import edit, load_script

pytestmark = pytest.mark.anki

DAY = 86400


def _script():
    return load_script("scripts/check_upgrade.py")


def _upgrade(project, old: str, new: str) -> list[str]:
    """The check's problems for the 'everything' deck built into folder `old`, then `new`."""
    return _script().check_upgrade(project / old / "genpeds-everything.apkg",
                                   project / new / "genpeds-everything.apkg", answers=5)


def _release(cli, version: str, days_ago: int, out: str) -> None:
    cli("release", version, "--time", time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() - days_ago * DAY)))
    cli("build", "everything", "--release", "--out", out)


@pytest.mark.parametrize("first_cut_days_ago, said", [
    (90, "tagged after the cut: alpha-basic, "),  # the changed note, then one past its fix window
    # 1.0.0's notes are all still in their fix window: no tag on an unchanged note can be expected to survive
    (3, "no unchanged note is past its fix window"),
])
def test_an_edited_release_upgrades_cleanly(project, cli, capsys, first_cut_days_ago, said):
    _release(cli, "1.0.0", first_cut_days_ago, "v1")
    edit(project / "content/alpha/notes.yaml", "back:", "back: Corrected.")
    _release(cli, "1.1.0", 1, "v2")
    problems = _upgrade(project, "v1", "v2")
    assert problems == []
    assert said in capsys.readouterr().out


def test_a_fix_that_does_not_arrive_is_reported(project, cli):
    _release(cli, "1.0.0", 90, "v1")
    edit(project / "content/alpha/notes.yaml", "back:", "back: Corrected.")
    cli("build", "everything", "--out", "v2")  # unreleased: its time is just after 1.0.0's, before the touch
    problems = _upgrade(project, "v1", "v2")
    assert problems == ["1 note(s) the new release changed kept their old text (first: alpha-basic): students "
                        "would keep the unfixed fact"]


def test_a_renamed_note_is_reported(project, cli, capsys):
    cli("build", "everything", "--out", "v1")  # never released: the ledger would refuse the rename
    edit(project / "content/alpha/notes.yaml", "id: alpha-basic\n", "id: alpha-basic-renamed\n")
    cli("build", "everything", "--out", "v2")
    problems = _upgrade(project, "v1", "v2")
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


def test_a_tag_in_the_previous_releases_fix_window_is_reported_not_failed(project, cli, capsys):
    # 1.1.0 was cut 5 days ago: the note it changed still carries a time in the future, so a tag made on
    # it now is replaced by any later import (README, "Updating your deck"), whenever 1.2.0 is cut. The
    # notes last changed by 1.0.0 are past their window, and a tag on them must survive.
    _release(cli, "1.0.0", 90, "v1")
    edit(project / "content/alpha/notes.yaml", "back:", "back: Corrected.")
    _release(cli, "1.1.0", 5, "v2")
    edit(project / "content/alpha/notes.yaml", "text: Alpha has", "text: Alpha now has")
    _release(cli, "1.2.0", 0, "v3")
    problems = _upgrade(project, "v2", "v3")
    output = capsys.readouterr().out
    assert problems == []
    assert "1 unchanged note(s) are still in the fix window" in output
    assert "the tag on alpha-basic (in its fix window) was replaced, as documented" in output
    assert "tagged after the cut: alpha-cloze, " in output  # the changed note, then one past its window
