"""Atomic file writing: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def staged_path(target: Path) -> Path:
    """A fresh temporary path beside `target`, on the same file system so the rename is atomic.

    It gets the permissions of any newly created file (mkstemp alone makes it private to its owner,
    which a web server or a shared folder then refuses to hand out).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    os.chmod(name, 0o666 & ~_umask())
    return Path(name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def commit(staged: dict[Path, Path]) -> None:
    """Move every staged file onto its target; called only once all of them were written."""
    for target, temporary in staged.items():
        os.replace(temporary, target)


def discard(staged: dict[Path, Path]) -> None:
    for temporary in staged.values():
        temporary.unlink(missing_ok=True)


def write_bytes_atomically(target: Path, data: bytes) -> None:
    try:
        temporary = staged_path(target)
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror}") from exc
