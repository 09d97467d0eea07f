"""Staged writes of a whole folder: the old folder or the new one, never a mix, and nothing left behind."""

from __future__ import annotations

import pytest

from genpeds.errors import OutputError
from genpeds.output import staged_folder


def test_a_written_folder_replaces_the_old_one_whole(tmp_path):
    target = tmp_path / "release"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with staged_folder(target, "the release") as staging:
        (staging / "new.txt").write_text("new")
        assert not (target / "new.txt").exists()  # nothing shows before the block ends
    assert sorted(path.name for path in target.iterdir()) == ["new.txt"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["release"]


def test_a_failed_write_leaves_the_old_folder_and_no_staging(tmp_path):
    target = tmp_path / "release"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with pytest.raises(RuntimeError), staged_folder(target, "the release") as staging:
        (staging / "half.txt").write_text("half")
        raise RuntimeError("interrupted")
    assert sorted(path.name for path in target.iterdir()) == ["old.txt"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["release"]


def test_a_file_system_error_says_what_could_not_be_written(tmp_path):
    target = tmp_path / "release"
    with (pytest.raises(OutputError, match="cannot write the release: "),
          staged_folder(target, "the release") as staging):
        (staging / "missing" / "deep.txt").write_text("x")
    assert list(tmp_path.iterdir()) == []
