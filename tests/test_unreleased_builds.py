"""Builds between releases (CI, pull requests, a contributor's own): a later commit's build carries later
note times, so each further change reaches whoever imports it; measured in real Anki."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from conftest import LazyScript, edit
from test_build import notes_in

from genpeds.identity import note_guid

pytestmark = pytest.mark.anki

DAY = 86400
UPGRADE = LazyScript("scripts/check_upgrade.py")


def commit(project, when: int, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000",
           "GIT_AUTHOR_NAME": "Contributor", "GIT_AUTHOR_EMAIL": "c@example.org",
           "GIT_COMMITTER_NAME": "Contributor", "GIT_COMMITTER_EMAIL": "c@example.org"}
    for args in (("add", "-A"), ("commit", "-q", "-m", message)):
        subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, env=env)


def test_each_later_commit_builds_later_times_and_its_change_arrives(project, cli, tmp_path):
    subprocess.run(["git", "-C", str(project), "init", "-q"], check=True, capture_output=True)
    released = int(time.time()) - 90 * DAY
    cli("release", "1.0.0", "--time", time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(released)))
    commit(project, released + 60, "Release 1.0.0")
    cli("build", "everything", "--release", "--out", "v1")
    notes = project / "content/beta/notes.yaml"
    edit(notes, "back: Beta answer.", "back: Beta answer, first fix.")
    commit(project, released + 2 * DAY, "First fix")
    cli("build", "everything", "--out", "ci-1")
    edit(notes, "back: Beta answer, first fix.", "back: Beta answer, second fix.")
    commit(project, released + 3 * DAY, "Second fix")
    cli("build", "everything", "--out", "ci-2")
    beta = note_guid("beta-basic")
    times = [notes_in(project / f"{name}/genpeds-everything.apkg")[beta][1] for name in ("v1", "ci-1", "ci-2")]
    assert times[0] < times[1] < times[2]

    from anki.collection import Collection

    collection = Collection(str(tmp_path / "student.anki2"))
    try:
        for name in ("v1", "ci-1", "ci-2"):
            UPGRADE.import_deck(collection, project / f"{name}/genpeds-everything.apkg")
        nid = collection.db.scalar("select id from notes where guid = ?", beta)
        assert "second fix" in collection.get_note(nid)["Back"]
    finally:
        collection.close()
