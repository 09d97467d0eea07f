"""Read one YAML file into plain dicts and lists that remember the line of every key and item.

PyYAML silently keeps the last of two equal keys and expands aliases without limit; contributors
need both reported, with lines, so files are composed into nodes and walked here instead. Every key
and value of every content file passes through the walk, so it is also where text no card may carry
(see `anki_text`) is refused, at its line.
"""

from __future__ import annotations

import contextlib
import gc
import re
from pathlib import Path

import yaml

from .anki_text import FILE_CHARACTER, character_problem, text_problem
from .diagnostics import Location, Report, shorten
from .files import read_regular_file

try:  # libyaml's composer is several times faster and keeps line marks too
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader


class _Loader(_SafeLoader):
    """The safe loader, resolving each node's tag without the general machinery for path resolvers
    (which the safe loader has none of): the composer asks once per node, a third of its time."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:  # a plain scalar: 12, true, 2026-12-07 and ~ are not text
                for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ENTRIES = 3000  # notes or table rows in one file; far above any real file, far below a blow-up
MAX_DEPTH = 32
_ENTRY = re.compile(r"^\s*-\s+(?:id|key):", re.MULTILINE)
# An alias is '*' then an anchor name, where a value can start. Markdown's **bold** never matches,
# so the second parse that reports aliases runs only on files that may have one.
_MAYBE_ALIAS = re.compile(r"(?:^|[\s\[{,:])\*[0-9A-Za-z_-]")
_STR_TAG = "tag:yaml.org,2002:str"

_constructor = yaml.constructor.SafeConstructor()


class YamlMap(dict):
    """A mapping read from YAML: `line` of the mapping, `key_lines[key]` of each key."""

    def __init__(self, path: str, line: int):
        super().__init__()
        self.path = path
        self.line = line
        self.key_lines: dict[str, int] = {}

    def at(self, key: str | None = None) -> Location:
        """Where `key` was written (or the mapping itself)."""
        return Location(self.path, self.key_lines.get(key, self.line) if key else self.line)


class YamlList(list):
    """A sequence read from YAML: `line` of the sequence, `item_lines[i]` of each item."""

    def __init__(self, path: str, line: int):
        super().__init__()
        self.path = path
        self.line = line
        self.item_lines: list[int] = []

    def at(self, index: int | None = None) -> Location:
        return Location(self.path, self.item_lines[index] if index is not None else self.line)


class _Walk:
    def __init__(self, path: str, report: Report, escapes_only: bool = False):
        self.path = path
        self.report = report
        # True when the file as written holds no character or marker a card may not carry: then only a
        # double-quoted scalar, whose escapes ("\x1f") make characters, can hold one.
        self.escapes_only = escapes_only

    def fail(self, line: int, code: str, message: str, hint: str = "") -> None:
        self.report.error(Location(self.path, line), code, message, hint)

    def check_text(self, text: str, line: int) -> None:
        """Refuse what no card may carry; YAML's escapes ("\\x1f") make characters it refuses in a file."""
        problem = text_problem(text)
        if problem:
            self.fail(line, problem.code, problem.message, problem.hint)

    def value(self, node: yaml.Node, depth: int):
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            self.fail(line, "yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels",
                      "content files are flat lists of notes; remove the extra nesting")
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.style == '"' or not self.escapes_only:
                self.check_text(node.value, line)
            if node.tag == _STR_TAG:  # most values: the text is the value
                return node.value
            try:
                return _constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError) as exc:
                self.fail(line, "yaml-bad-value", f"cannot read value '{shorten(node.value)}': {shorten(str(exc))}",
                          "put the value in quotes")
                return None
            finally:  # the constructor remembers every node it built; keep no file's nodes alive
                _constructor.constructed_objects.pop(node, None)
                _constructor.recursive_objects.pop(node, None)
        if isinstance(node, yaml.SequenceNode):
            items = YamlList(self.path, line)
            for child in node.value:
                items.append(self.value(child, depth + 1))
                items.item_lines.append(child.start_mark.line + 1)
            return items
        mapping = YamlMap(self.path, line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_line, "yaml-bad-key", "keys must be plain words",
                          "merge keys (<<) and complex keys are not supported")
                continue
            key = key_node.value
            if key_node.style == '"' or not self.escapes_only:
                self.check_text(key, key_line)
            if key in mapping.key_lines:
                self.fail(key_line, "yaml-duplicate-key",
                          f"duplicate key '{key}' (first written on line {mapping.key_lines[key]})",
                          "YAML keeps only one of them; delete or rename one")
                continue
            mapping.key_lines[key] = key_line
            mapping[key] = self.value(value_node, depth + 1)
        return mapping


@contextlib.contextmanager
def _cyclic_gc_paused():
    """No cyclic garbage collection while one file's node graph is alive.

    The graph holds tens of thousands of objects and no reference cycles: it is freed by reference
    counting as soon as the walk ends. Collections run during the walk found nothing, yet promoted
    the graph into the oldest generation and so triggered full collections over all the content
    read so far: 40% of loading 50,000 notes, and growing faster than the content.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _report_aliases(text: str, shown_as: str, report: Report) -> bool:
    """Refuse aliases before anything walks the data: expanded, a few lines can become billions."""
    found = False
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            report.error(Location(shown_as, event.start_mark.line + 1), "yaml-alias",
                         "YAML anchors and aliases (&name, *name) are not supported",
                         "write the value out in full")
            found = True
    return found


def _report_characters(text: str, shown_as: str, report: Report) -> bool:
    """Name each line's first character that is not text. YAML refuses them too, but says only
    "position 113" of the whole file, which neither the contributor nor an editor can use."""
    line, counted_to, reported = 1, 0, 0
    for match in FILE_CHARACTER.finditer(text):
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        if line != reported:
            problem = character_problem(match.group(), "file")
            report.error(Location(shown_as, line), problem.code, problem.message, problem.hint)
            reported = line
    return bool(reported)


def read_yaml(path: Path, shown_as: str, report: Report):
    """The file's data with line marks, or None when it cannot be read (the reason is in `report`)."""
    where = Location(shown_as, 1)
    raw = read_regular_file(path, report, MAX_FILE_BYTES)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.error(Location(shown_as, line), "file-not-utf8",
                     "file is not valid UTF-8 text", "save it as UTF-8")
        return None
    entries = len(_ENTRY.findall(text))
    if entries > MAX_ENTRIES:
        report.error(where, "file-too-many-entries",
                     f"file holds {entries:,} notes or rows; the limit is {MAX_ENTRIES:,} per file",
                     "split it into several files")
        return None
    return read_yaml_text(text, shown_as, report)


def read_yaml_text(text: str, shown_as: str, report: Report):
    """YAML text already read (a reference table's header), with the line marks and checks a content
    file gets; None when it cannot be read (the reason is in `report`)."""
    with _cyclic_gc_paused():
        return _compose_and_walk(text, shown_as, report)


def _compose_and_walk(text: str, shown_as: str, report: Report):
    where = Location(shown_as, 1)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:
        if not _report_characters(text, shown_as, report):
            report.error(where, "yaml-syntax", f"invalid YAML: {exc}")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or "invalid YAML"
        lines = text.splitlines()
        bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = ("indent with spaces, not tabs" if "\t" in bad_line
                else "check the indentation, and quote text that contains ': ' or ' #'")
        report.error(Location(shown_as, line), "yaml-syntax", f"invalid YAML: {problem}", hint)
        return None
    except yaml.YAMLError as exc:
        report.error(where, "yaml-syntax", f"invalid YAML: {exc}")
        return None
    if _MAYBE_ALIAS.search(text) and _report_aliases(text, shown_as, report):
        return None
    if node is None:
        report.error(Location(shown_as, 1), "file-empty", "file is empty",
                     "delete it, or add content (see docs/content-format.md)")
        return None
    return _Walk(shown_as, report, escapes_only=text_problem(text.replace("\r", "")) is None).value(node, 0)


def read_mapping_file(path: Path, shown_as: str, report: Report, expected: str) -> YamlMap | None:
    """The file's top-level mapping, or None when it is unreadable or not a mapping (said in `report`;
    `expected` tells the contributor what the file should hold)."""
    data = read_yaml(path, shown_as, report)
    if data is not None and not isinstance(data, YamlMap):
        report.error(Location(shown_as, 1), "bad-file", expected)
        return None
    return data
