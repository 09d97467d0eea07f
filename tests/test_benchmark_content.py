"""The benchmark's synthetic content is real content: `genpeds check` accepts it as written."""

from __future__ import annotations

import re

from conftest import load_script


def _synthetic():
    return load_script("benchmarks/synthetic.py")


def test_synthetic_tree_passes_check_with_every_note(tmp_path, monkeypatch, cli):
    tree = _synthetic().write_tree(tmp_path / "bench", notes=50)
    monkeypatch.chdir(tree.root)
    result = cli("check")
    assert result.output == "ok: 50 notes in 6 topics, 1 deck recipes, 0 warning(s)\n"
    assert tree.authored + tree.from_tables == 50


def test_synthetic_tree_mixes_note_kinds_and_markdown(tmp_path):
    tree = _synthetic().write_tree(tmp_path / "bench", notes=200)
    text = "".join(path.read_text(encoding="utf-8") for path in tree.content.rglob("*.yaml"))
    assert "type: basic" in text and "type: cloze" in text and "{{c1::" in text
    assert "**" in text and "table:" in text
    assert re.search(r"\n      - (?!source:)", text), "no Markdown list in any field"
