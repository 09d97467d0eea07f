"""Rebuild a published release's decks from the commit that recorded it in the ledger.

    python scripts/rebuild_release.py 0.3.0 old/          # writes old/genpeds-*.apkg
    python scripts/rebuild_release.py --previous old/     # the release before the latest one

The release's own code and content build them (`genpeds build --release` in a copy of that commit), so
the previous release can be compared with a new one (`scripts/check_upgrade.py`) without downloading
anything. Needs the repository's history: a shallow clone cannot reach the commit.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class ReleaseNotFound(Exception):
    """The history holds no commit that recorded the release (a shallow clone, or a version never cut)."""


def release_commit(version: str, repo: Path = REPO_ROOT) -> str:
    """The first commit whose ledger records `version`."""
    try:
        found = subprocess.run(["git", "-C", str(repo), "log", "--format=%H", "--reverse",
                                f"-S\"version\": \"{version}\"", "--", "content/ledger.json"],
                               capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError) as exc:
        raise ReleaseNotFound(f"cannot rebuild release {version}: {exc}") from exc
    if not found:
        raise ReleaseNotFound(f"cannot rebuild release {version}: the repository history does not reach it "
                              "(a shallow clone? run git fetch --unshallow)")
    return found[0]


def previous_release(repo: Path = REPO_ROOT) -> str:
    """The release before the latest one in the ledger."""
    from genpeds.ledger import load_ledger

    releases = load_ledger(repo / "content").releases
    if len(releases) < 2:
        raise ReleaseNotFound("the ledger records no release before the latest one")
    return releases[-2].version


def rebuild_release(version: str, out_dir: Path, repo: Path = REPO_ROOT) -> Path:
    """Build the release's decks into `out_dir` with the code and content of the commit that recorded it."""
    commit = release_commit(version, repo)
    out_dir = Path(out_dir).resolve()
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / f"source-{version}"
        source.mkdir()
        archive = subprocess.run(["git", "-C", str(repo), "archive", commit], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
        subprocess.run([sys.executable, "-m", "genpeds.cli", "build", "--release", "--out", str(out_dir)],
                       cwd=source, env={**os.environ, "PYTHONPATH": str(source)}, check=True, capture_output=True)
    return out_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", nargs="?", help="a released version recorded in content/ledger.json")
    parser.add_argument("out", type=Path, help="folder to write the release's decks into")
    parser.add_argument("--previous", action="store_true",
                        help="the release before the latest one in the ledger (what a new release replaces)")
    args = parser.parse_args()
    if bool(args.version) == args.previous:
        parser.error("give a VERSION or --previous")
    try:
        version = args.version or previous_release()
        folder = rebuild_release(version, args.out)
    except ReleaseNotFound as exc:
        sys.exit(str(exc))
    print(f"rebuilt release {version} into {folder}")


if __name__ == "__main__":
    main()
