"""Read one YAML file into plain dicts and lists that remember the line of every key and item.

PyYAML silently keeps the last of two equal keys and expands aliases without limit; contributors
need both reported, with lines, so the data is built here from the parser's events instead (an alias
is reported, never expanded). Every key and value of every content file passes through this build, so
it is also where text no card may carry (see `anki_text`) is refused, at its line.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .anki_text import FILE_CHARACTER, character_problem, text_problem
from .collector import cyclic_gc_paused
from .diagnostics import Location, Report, shorten
from .files import read_regular_file

try:  # libyaml's parser is several times faster and marks lines too
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader


class _Loader(_SafeLoader):
    """The safe loader, resolving each node's tag without the general machinery for path resolvers
    (which the safe loader has none of): asked once per scalar, it was a third of the composer's time."""

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
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_NO_DOCUMENT = object()

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


class _Builder:
    """Builds one file's data straight from the parser's events, with the line of every key and item.

    Composing a node graph and then walking it visited every value twice; the events carry all a
    walk needs (value, style, tag, line), so the data is built in one pass, for two thirds of the time.
    """

    def __init__(self, loader: _Loader, path: str, report: Report, escapes_only: bool = False):
        self.loader = loader
        self.path = path
        self.report = report
        # True when the file as written holds no character or marker a card may not carry: then only a
        # double-quoted scalar, whose escapes ("\x1f") make characters, can hold one.
        self.escapes_only = escapes_only
        self.aliases = False

    def fail(self, line: int, code: str, message: str, hint: str = "") -> None:
        self.report.error(Location(self.path, line), code, message, hint)

    def check_text(self, text: str, line: int) -> None:
        """Refuse what no card may carry; YAML's escapes ("\\x1f") make characters it refuses in a file."""
        problem = text_problem(text)
        if problem:
            self.fail(line, problem.code, problem.message, problem.hint)

    def document(self):
        """The data of the stream's one document; `_NO_DOCUMENT` for a stream that holds none."""
        next_event = self.loader.get_event
        next_event()  # stream start
        if isinstance(self.loader.peek_event(), yaml.StreamEndEvent):
            return _NO_DOCUMENT
        start = next_event()  # document start
        data = self.value(next_event(), 0)
        next_event()  # document end
        if not isinstance(self.loader.peek_event(), yaml.StreamEndEvent):
            raise yaml.composer.ComposerError("expected a single document in the stream", start.start_mark,
                                              "but found another document", self.loader.peek_event().start_mark)
        return data

    def value(self, event, depth: int):
        """The value that starts with `event` (its events are consumed up to its end)."""
        line = event.start_mark.line + 1
        kind = type(event)
        if kind is yaml.AliasEvent:
            self.fail(line, "yaml-alias", "YAML anchors and aliases (&name, *name) are not supported",
                      "write the value out in full")
            self.aliases = True
            return None
        if depth > MAX_DEPTH:
            self.fail(line, "yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels",
                      "content files are flat lists of notes; remove the extra nesting")
            self.skip(event)
            return None
        if kind is yaml.ScalarEvent:
            return self.scalar(event, line)
        if kind is yaml.SequenceStartEvent:
            return self.sequence(line, depth)
        return self.mapping(line, depth)

    def scalar(self, event, line: int):
        text = event.value
        if event.style == '"' or not self.escapes_only:
            self.check_text(text, line)
        tag = event.tag
        if tag is None or tag == "!":  # untagged: resolved from its text as the composer would
            if not event.implicit[0]:  # quoted or block text is text
                return text
            tag = self.loader.resolve(yaml.ScalarNode, text, event.implicit)
        if tag == _STR_TAG:  # most values: the text is the value
            return text
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return _constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            self.fail(line, "yaml-bad-value", f"cannot read value '{shorten(event.value)}': {shorten(str(exc))}",
                      "put the value in quotes")
            return None
        finally:  # the constructor remembers every node it built; keep no file's nodes alive
            _constructor.constructed_objects.pop(node, None)
            _constructor.recursive_objects.pop(node, None)

    def sequence(self, line: int, depth: int) -> YamlList:
        items = YamlList(self.path, line)
        next_event = self.loader.get_event
        event = next_event()
        while type(event) is not yaml.SequenceEndEvent:
            items.append(self.value(event, depth + 1))
            items.item_lines.append(event.start_mark.line + 1)
            event = next_event()
        return items

    def mapping(self, line: int, depth: int) -> YamlMap:
        mapping = YamlMap(self.path, line)
        next_event = self.loader.get_event
        key_event = next_event()
        while type(key_event) is not yaml.MappingEndEvent:
            key_line = key_event.start_mark.line + 1
            key = self.key(key_event, key_line)
            if key is None:
                self.skip(next_event())
            elif key in mapping.key_lines:
                self.fail(key_line, "yaml-duplicate-key",
                          f"duplicate key '{key}' (first written on line {mapping.key_lines[key]})",
                          "YAML keeps only one of them; delete or rename one")
                self.skip(next_event())
            else:
                mapping.key_lines[key] = key_line
                mapping[key] = self.value(next_event(), depth + 1)
            key_event = next_event()
        return mapping

    def key(self, event, line: int) -> str | None:
        """The key that `event` starts, or None (reported) when it is no plain word."""
        if type(event) is yaml.AliasEvent:
            self.value(event, 0)
            return None
        if type(event) is not yaml.ScalarEvent or event.tag == _MERGE_TAG or (
                event.tag in (None, "!") and event.implicit[0] and event.value == "<<"):  # resolves to merge
            self.fail(line, "yaml-bad-key", "keys must be plain words",
                      "merge keys (<<) and complex keys are not supported")
            self.skip(event)
            return None
        if event.style == '"' or not self.escapes_only:
            self.check_text(event.value, line)
        return event.value

    def skip(self, event) -> None:
        """Consume the rest of the value that starts with `event`, reading nothing of it but aliases."""
        depth = 0
        while True:
            kind = type(event)
            if kind is yaml.AliasEvent:
                self.value(event, 0)
            elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                depth += 1
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                depth -= 1
            if depth == 0:
                return
            event = self.loader.get_event()


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
    with cyclic_gc_paused():  # one file's data holds no cycles (see collector)
        return _read_text(text, shown_as, report)


def _read_text(text: str, shown_as: str, report: Report):
    """The file's data, or None with its problems in `report`: a file that YAML cannot read reports
    that alone, and one with aliases reports only them (nothing of it is read)."""
    where = Location(shown_as, 1)
    loader = _Loader(text)
    found = Report()
    builder = _Builder(loader, shown_as, found, escapes_only=text_problem(text.replace("\r", "")) is None)
    try:
        data = builder.document()
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
    finally:
        loader.dispose()
    if builder.aliases:
        report.diagnostics.extend(problem for problem in found.diagnostics if problem.code == "yaml-alias")
        return None
    report.diagnostics.extend(found.diagnostics)
    if data is _NO_DOCUMENT:
        report.error(where, "file-empty", "file is empty",
                     "delete it, or add content (see docs/content-format.md)")
        return None
    return data


def read_mapping_file(path: Path, shown_as: str, report: Report, expected: str) -> YamlMap | None:
    """The file's top-level mapping, or None when it is unreadable or not a mapping (said in `report`;
    `expected` tells the contributor what the file should hold)."""
    data = read_yaml(path, shown_as, report)
    if data is not None and not isinstance(data, YamlMap):
        report.error(Location(shown_as, 1), "bad-file", expected)
        return None
    return data
