"""What the version-control history says about the content: the time of the commit it is at.

Unreleased builds (pull requests, CI, a contributor's own) need note times that a later build with
further changes exceeds, or Anki skips the second change; the clock would break byte-identical
builds, the commit time does not: the same commit gives the same bytes.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def commit_time(folder: Path) -> int | None:
    """The commit time of the checkout holding `folder`, or None outside a git checkout (or without git)."""
    try:
        result = subprocess.run(["git", "-C", str(folder), "log", "-1", "--format=%ct"], capture_output=True,
                                text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    text = result.stdout.strip()
    return int(text) if result.returncode == 0 and text.isdigit() else None
