"""Fail a pull request that changes content/ledger.json without being a release.

Only `genpeds release` writes the ledger, and a release is a change that also bumps the version in
pyproject.toml to the ledger's newest release and adds that release to CHANGELOG.md. A ledger edited
by hand (or by a release that forgot the rest) can switch off every guard `genpeds check` has.

    python scripts/check_ledger_change.py origin/main      # in CI: the pull request's base
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

LEDGER = "content/ledger.json"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def version_of(pyproject: str) -> str:
    match = re.search(r'^version\s*=\s*"([^"]+)"', pyproject, re.MULTILINE)
    return match.group(1) if match else ""


def ledger_change_problems(root: Path, base: str) -> list[str]:
    """Why the change from `base` to the working tree's HEAD is not a release that may touch the ledger."""
    changed = set(git(root, "diff", "--name-only", f"{base}...HEAD").split())
    if LEDGER not in changed:
        return []
    releases = json.loads((root / LEDGER).read_text(encoding="utf-8-sig")).get("releases") or [{}]
    newest = releases[-1].get("version", "")
    problems = []
    version = version_of((root / "pyproject.toml").read_text(encoding="utf-8"))
    if "pyproject.toml" not in changed or version != newest:
        problems.append(f"{LEDGER} changed, but pyproject.toml's version ({version}) is not bumped to the ledger's "
                        f"newest release ({newest})")
    if "CHANGELOG.md" not in changed or f"## {newest}" not in (root / "CHANGELOG.md").read_text(encoding="utf-8"):
        problems.append(f"{LEDGER} changed, but CHANGELOG.md does not add release {newest}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the branch or commit the change is compared with")
    args = parser.parse_args()
    problems = ledger_change_problems(Path(__file__).resolve().parent.parent, args.base)
    for problem in problems:
        print(f"error: {problem}; only 'genpeds release' writes the ledger (README, 'Cutting a release')")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
