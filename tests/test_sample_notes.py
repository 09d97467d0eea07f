"""scripts/sample_notes.py: the same seed draws the same notes, whatever order the files list them in."""

from __future__ import annotations

import subprocess
import sys

from conftest import FIXTURE_PROJECT, REPO_ROOT, edit, load_script

from genpeds.content import load_content

SAMPLER = load_script("scripts/sample_notes.py")


def test_a_seed_draws_the_same_notes_in_any_file_order():
    content, _ = load_content(FIXTURE_PROJECT / "content")
    first = [note.id for note in SAMPLER.draw(content.notes, 20261207, 4)]
    again = [note.id for note in SAMPLER.draw(list(reversed(content.notes)), 20261207, 4)]
    assert first == again and len(set(first)) == 4 and first == sorted(first)
    assert [note.id for note in SAMPLER.draw(content.notes, 1, 100)] == sorted(note.id for note in content.notes)


def test_the_sample_prints_each_note_with_where_to_fix_it(project):
    printed = subprocess.run([sys.executable, str(REPO_ROOT / "scripts/sample_notes.py"), "--seed", "7", "--count",
                              "2"], capture_output=True, text=True, check=True, cwd=project).stdout
    assert printed.startswith("# 2 notes drawn with seed 7 from 7\n")
    assert printed.count("\n### ") == 2 and printed.count("- file: `content/") == 2
    assert "reader: ☐ fact ok ☐ quality ok" in printed


def test_unreleased_draws_only_what_the_next_release_changes(project, cli):
    cli("release", "1.0.0")
    edit(project / "content/alpha/notes.yaml", "back: The first answer", "back: The corrected first answer")
    printed = subprocess.run([sys.executable, str(REPO_ROOT / "scripts/sample_notes.py"), "--seed", "7", "--count",
                              "5", "--unreleased"], capture_output=True, text=True, check=True, cwd=project).stdout
    assert printed.startswith("# 1 notes drawn with seed 7 from 1 unreleased\n")
    assert "### alpha-basic\n" in printed
