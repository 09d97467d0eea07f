"""Atomic file writing: a reader sees the old files or the new ones, never half of one or a mix."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import OutputError

# A staged file older than this belongs to no running write: a build or a sheets run takes seconds,
# so ten minutes leave a wide margin for a large content tree on a slow machine.
STALE_AFTER_SECONDS = 10 * 60


def staged_path(target: Path, staged: dict[Path, Path]) -> Path:
    """Create a fresh, empty file beside `target` to write it in, and record it in `staged`.

    Beside the target, on the same file system, so that the rename is atomic. It is recorded before
    it is created, so that an interruption at any moment (Ctrl-C, SIGTERM) leaves no staged file that
    `discard` would miss. It gets the permissions of any newly created file (0666 less the umask), which
    a web server or a shared folder hands out. Stale staged files of the same target are removed first
    (see `remove_stale_staged`).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staged(target)
    staged[target] = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    os.close(os.open(staged[target], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    return staged[target]


def remove_stale_staged(target: Path) -> None:
    """Delete the staged files of `target` that an earlier write left behind.

    Ctrl-C and SIGTERM remove a write's staged files on the way out, but SIGKILL (the OOM killer, a CI
    timeout) or a power cut cannot be caught: the hidden `.<target name>.<random>.tmp` files stay. A
    file of that name beside the target can only be one of ours, so it is safe to delete, unless a
    write still running in the same folder (two builds at once) is about to move it into place: only
    files untouched for STALE_AFTER_SECONDS are removed. A file that cannot be removed is left alone.
    """
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]+\.tmp")  # [a-z0-9_]: older names came from mkstemp
    cutoff = time.time() - STALE_AFTER_SECONDS
    for candidate in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if pattern.fullmatch(candidate.name) and candidate.lstat().st_mtime < cutoff:
                candidate.unlink()


def commit(staged: dict[Path, Path]) -> None:
    """Move every staged file onto its target; called only once all of them were written."""
    for target, temporary in staged.items():
        os.replace(temporary, target)


def discard(staged: dict[Path, Path]) -> None:
    for temporary in staged.values():
        temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def staged_writes(what: str) -> Iterator[Callable[[Path], Path]]:
    """Write several files as one: all of them replace their targets, or none does.

    The block receives `stage(target)`, which returns a fresh file to write `target` in. Once the block
    has written them all, every staged file is moved onto its target; on a failure or an interruption
    while they are written, no target is touched. No staged file is left either way. An OSError
    becomes an OutputError saying what could not be written (`what`: "decks into dist", say), so the
    CLI reports it without a traceback.
    """
    staged: dict[Path, Path] = {}
    try:
        yield lambda target: staged_path(target, staged)
        commit(staged)
    except OSError as exc:
        raise OutputError(f"cannot write {what}: {exc.strerror or exc}") from exc
    finally:
        discard(staged)


@contextlib.contextmanager
def staged_folder(target: Path, what: str) -> Iterator[Path]:
    """Write a whole folder as one: the block fills a fresh folder beside `target`, which then takes
    `target`'s place (the old folder is removed only once the new one is there). On a failure or an
    interruption `target` is as it was and no staged folder is left; an OSError becomes an OutputError
    saying what could not be written (`what`), as in `staged_writes`."""
    staging = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    try:
        staging.mkdir(parents=True)
        yield staging
        retired = target.parent / f".{target.name}.{secrets.token_hex(6)}.old"
        if target.exists():
            os.replace(target, retired)
        os.replace(staging, target)
        shutil.rmtree(retired, ignore_errors=True)
    except OSError as exc:
        raise OutputError(f"cannot write {what}: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_bytes_atomically(target: Path, data: bytes) -> None:
    """Replace `target` with `data` in one step; on any failure or interruption the target is as it was
    and no staged file is left."""
    with staged_writes(str(target)) as stage:
        stage(target).write_bytes(data)
