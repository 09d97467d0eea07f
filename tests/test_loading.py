"""The loader builds each file's data from the parser's events: the same data PyYAML's safe loader
reads, and the line of every key and item as the composed nodes mark it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from genpeds.diagnostics import Report
from genpeds.loading import YamlList, YamlMap, read_yaml

CONTENT = Path(__file__).resolve().parents[1] / "content"


def lines_of(node: yaml.Node):
    """Each key's and item's line, nested as the data is, from the composed node graph."""
    if isinstance(node, yaml.MappingNode):
        return {key.value: (key.start_mark.line + 1, lines_of(value)) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [(item.start_mark.line + 1, lines_of(item)) for item in node.value]
    return None


def marks_of(data):
    """The same, from what `read_yaml` recorded."""
    if isinstance(data, YamlMap):
        return {key: (data.key_lines[key], marks_of(value)) for key, value in data.items()}
    if isinstance(data, YamlList):
        return [(line, marks_of(item)) for line, item in zip(data.item_lines, data, strict=True)]
    return None


def read(path: Path):
    report = Report()
    data = read_yaml(path, str(path), report)
    return data, report


@pytest.mark.parametrize("path", sorted(CONTENT.rglob("*.yaml")), ids=lambda path: str(path.relative_to(CONTENT)))
def test_every_content_file_reads_as_the_safe_loader_reads_it(path):
    data, report = read(path)
    text = path.read_text(encoding="utf-8-sig")
    assert report.diagnostics == []
    assert data == yaml.safe_load(text)
    assert marks_of(data) == lines_of(yaml.compose(text, Loader=yaml.SafeLoader))


KEYS = st.sampled_from(["id", "front", "back", "tags", "n", "'q'"])  # keys are words: the loader keeps them as text
SCALARS = st.one_of(st.sampled_from(["1", "1.5", "yes", "~", "null", "2026-12-07", "'1'", '"a\\tb"', "text",
                                     "|\n  block"]),
                    st.text(alphabet="abc xyz", min_size=1, max_size=8).map(lambda text: text.strip() or "x"))


def documents(depth: int = 0):
    """A YAML document as lines: block mappings and sequences nested up to three deep, around scalars."""
    if depth > 2:
        return SCALARS.map(lambda scalar: [scalar])
    mapping = st.dictionaries(KEYS, st.deferred(lambda: documents(depth + 1)), min_size=1, max_size=4).map(
        lambda items: [line for key, value in items.items() for line in _pair(key, value)])
    sequence = st.lists(st.deferred(lambda: documents(depth + 1)), min_size=1, max_size=4).map(
        lambda items: [line for value in items for line in _item(value)])
    return st.one_of(mapping, sequence) if depth < 2 else st.one_of(mapping, sequence, SCALARS.map(lambda s: [s]))


def _pair(key: str, value: list[str]) -> list[str]:
    if len(value) == 1 and not value[0].startswith(("- ", "|")) and ":" not in value[0].split("'")[0]:
        return [f"{key}: {value[0]}"]
    if value[0].startswith("|"):
        return [f"{key}: {value[0].splitlines()[0]}", *("  " + line for line in value[0].splitlines()[1:])]
    return [f"{key}:", *("  " + line for line in value)]


def _item(value: list[str]) -> list[str]:
    if value[0].startswith("|"):
        return [f"- {value[0].splitlines()[0]}", *("  " + line for line in value[0].splitlines()[1:])]
    return [f"- {value[0]}", *("  " + line for line in value[1:])]


@settings(deadline=None, max_examples=200)
@given(documents())
def test_any_document_reads_as_the_safe_loader_reads_it(tmp_path_factory, lines):
    text = "\n".join(lines) + "\n"
    try:
        expected = yaml.safe_load(text)
        nodes = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return  # not YAML the safe loader reads; the loader's errors are tested elsewhere
    path = tmp_path_factory.mktemp("yaml") / "file.yaml"
    path.write_text(text, encoding="utf-8")
    data, report = read(path)
    if any(problem.code == "yaml-duplicate-key" for problem in report.diagnostics):
        return  # PyYAML keeps the last of two equal keys; the loader refuses them
    assert [problem for problem in report.diagnostics if problem.severity == "error"] == []
    assert data == expected
    assert marks_of(data) == lines_of(nodes)


@pytest.mark.parametrize(("text", "refused"), [
    ("<<: {a: 1}\nb: 2\n", True), ("!!merge <<: {a: 1}\nb: 2\n", True), ("? [a, b]\n: 1\nb: 2\n", True),
    ("'<<': 1\nb: 2\n", False), ("'a': 1\nb: 2\n", False)])
def test_merge_and_complex_keys_are_refused_at_their_line(tmp_path, text, refused):
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    data, report = read(path)
    assert [(problem.code, problem.location.line) for problem in report.diagnostics] == (
        [("yaml-bad-key", 1)] if refused else [])
    assert data["b"] == 2
