"""Reach the project's files safely: only regular files and real folders, and never more bytes than a limit.

Content arrives in pull requests, and `genpeds check` runs on them in CI. A symbolic link there leads
out of the repository (to /dev/zero, which never ends, or to any file of the machine), a named pipe
blocks the first read forever, and a link loop or an unreadable folder stops a naive walk with a
traceback. Every file and folder genpeds reads from the project is reached through this module, so
each of these is one diagnostic naming the path, what is there and what to do.

The folders a user names (--content, --decks, --sheets) are trusted as given; what lies inside them
is not.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from .diagnostics import Location, Report, display_path

# What lstat found, in words; the first test that matches names it.
_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISREG, "a regular file"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
# Opening never follows a link, never waits on a pipe's writer (both hold even when something was put in
# the file's place after the lstat that allowed the open), and never translates line ends (Windows).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_CHUNK = 64 * 1024


class _Expected(NamedTuple):
    """What genpeds reads at a place, and the words a diagnostic about it uses."""

    one: str  # 'is a socket, not <one>'
    many: str  # 'genpeds reads only <many> inside the project'
    is_kind: Callable[[int], bool]
    permission: str  # what lets the user read it


_EXPECTED = {
    "file": _Expected("a regular file", "regular files", stat.S_ISREG, "chmod a+r"),
    "folder": _Expected("a folder", "real folders", stat.S_ISDIR, "chmod a+rx"),
}


def _kind(mode: int) -> str:
    return next((name for is_kind, name in _KINDS if is_kind(mode)), "a special file")


def _report_wrong_kind(path: Path, mode: int, what: str, report: Report) -> None:
    """Say that `path` is not the regular file or real folder (`what`) genpeds expected there."""
    expected = _EXPECTED[what]
    where = Location(display_path(path))
    if stat.S_ISLNK(mode):
        report.error(where, "symlink", f"'{path.name}' is a symbolic link; genpeds reads only {expected.many} "
                     "inside the project", f"replace the symlink with the {what} itself")
    else:
        report.error(where, f"not-a-{what}", f"'{path.name}' is {_kind(mode)}, not {expected.one}",
                     f"replace it with {expected.one}, or delete it")


def _report_unreadable(path: Path, what: str, exc: OSError, report: Report) -> None:
    report.error(Location(display_path(path)), f"{what}-unreadable", f"cannot read {what}: {exc.strerror or exc}",
                 f"let the user running genpeds read it, e.g. {_EXPECTED[what].permission}")


def _is_real(path: Path, what: str, report: Report) -> bool:
    """Whether `path` itself (not what a link points to) is what genpeds expects; if not, the report says
    what it is. Asking never opens it: opening a pipe waits for a writer, opening a device may act."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        _report_unreadable(path, what, exc, report)
        return False
    if not _EXPECTED[what].is_kind(mode):
        _report_wrong_kind(path, mode, what, report)
        return False
    return True


def is_regular_file(path: Path, report: Report) -> bool:
    """Whether `path` is a regular file itself, not a link to one or anything else (said in the report)."""
    return _is_real(path, "file", report)


def is_real_folder(path: Path, report: Report) -> bool:
    """Whether `path` is a folder itself, not a link to one or anything else (said in the report)."""
    return _is_real(path, "folder", report)


def read_regular_file(path: Path, report: Report, limit: int) -> bytes | None:
    """The bytes of the regular file `path`, or None when it is not one, cannot be read or holds more than
    `limit` bytes (the report says which). Never reads more than `limit` + 1 bytes."""
    if not is_regular_file(path, report):
        return None
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        _report_unreadable(path, "file", exc, report)
        return None
    try:
        return _read_open_file(descriptor, path, report, limit)
    except OSError as exc:
        _report_unreadable(path, "file", exc, report)
        return None
    finally:
        os.close(descriptor)


def _read_open_file(descriptor: int, path: Path, report: Report, limit: int) -> bytes | None:
    facts = os.fstat(descriptor)
    if not stat.S_ISREG(facts.st_mode):  # something else was put in the file's place since the lstat
        _report_wrong_kind(path, facts.st_mode, "file", report)
        return None
    raw = _read_at_most(descriptor, limit + 1) if facts.st_size <= limit else b""
    if facts.st_size <= limit and len(raw) <= limit:
        return raw
    size = max(len(raw), os.fstat(descriptor).st_size)  # asked again: the file may have grown while read
    report.error(Location(display_path(path)), "file-too-large", f"file is {size:,} bytes; the limit is {limit:,}",
                 "split it into several files")
    return None


def _read_at_most(descriptor: int, count: int) -> bytes:
    chunks = []
    while count > 0 and (chunk := os.read(descriptor, min(count, _CHUNK))):
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def list_folder(folder: Path, report: Report, pattern: str = "*") -> list[Path] | None:
    """The entries of `folder` whose names match `pattern`, by name, without following or opening any;
    None when the folder cannot be listed (the report says why)."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries if fnmatch.fnmatch(entry.name, pattern))
    except OSError as exc:
        _report_unreadable(folder, "folder", exc, report)
        return None
    return [folder / name for name in names]
