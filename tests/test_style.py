"""The code stays lint-clean (ruff, configured in pyproject.toml) and its modules free of import cycles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO_ROOT


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), "check", "genpeds", "tests", "benchmarks", "scripts"], cwd=REPO_ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_import_cycle_in_the_package():
    """Each module can be read on its own: no two modules import each other, even lazily or for types."""
    import ast

    package = REPO_ROOT / "genpeds"
    modules = {path.stem: path for path in package.glob("*.py")}
    imports = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                found |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
        imports[name] = found & set(modules)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(step == goal or (step not in seen and reaches(step, goal, seen | {step}))
                   for step in imports[start])

    assert [name for name in sorted(modules) if reaches(name, name, {name})] == []
