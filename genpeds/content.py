"""Walk content/: tags, sources, topics, notes and tables, checked together into one `Content`."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from .card_charts import draw_note_charts
from .diagnostics import Location, Report, display_path
from .errors import ContentNotFoundError
from .files import is_real_folder, list_folder
from .growth_reference import cited_sources
from .ledger import LEDGER_FILE
from .loading import YamlMap, read_mapping_file, read_yaml
from .markup import remember, rendered
from .models import Content, Note, OrderEntry, OutlineItem, Retirement, Source, Table, Topic, topic_tag
from .notes import Context, read_notes_file
from .outline import OUTLINE_FILE, check_outlines, read_outline_items
from .parallel import map_shared
from .releases import fingerprint
from .schema import (
    NOTES_FILE_KEYS,
    OUTLINE_FILE_KEYS,
    RETIRED_FILE_KEYS,
    RETIREMENT_KEYS,
    SLUG,
    SOURCE_KEYS,
    SOURCES_FILE_KEYS,
    TABLE_FILE_KEYS,
    TAGS_FILE_KEYS,
    TOPIC_KEYS,
    KeyReader,
)
from .tables import read_table
from .teaching import check_teaching_order, notes_by_entry_name
from .vignettes import check_vignettes
from .vocabulary import Vocabulary

TAGS_FILE = "tags.yaml"
TOPIC_FILE = "topic.yaml"
RETIRED_FILE = "retired.yaml"
SOURCES_FOLDER = "sources"
# Published reference data (growth chart parameters), read only by the code that uses it, never as a topic.
REFERENCE_FOLDER = "reference"
# The content folder's own files: each is checked by its reader, none is ever taken for a topic folder.
ROOT_FILES = frozenset({TAGS_FILE, RETIRED_FILE, LEDGER_FILE})
# Below this much YAML in the content files, a second process costs more than it saves.
PARALLEL_MIN_BYTES = 512 * 1024


def load_content(root: Path, released: Mapping[str, str] | None = None) -> tuple[Content, Report]:
    """Read and check everything under `root`; the report lists every problem found. `released` (note
    id → the fingerprint of its last release) lets a duplicate id be blamed on the new note."""
    root = Path(root)
    if not os.path.lexists(root / TAGS_FILE):  # whatever is there is read, or said why it cannot be
        raise ContentNotFoundError(
            f"no content found at '{display_path(root)}' (expected {display_path(root / TAGS_FILE)}); "
            "run genpeds from the project folder or pass --content DIR")
    report = Report()
    vocabulary = Vocabulary()
    _read_tags(root / TAGS_FILE, vocabulary, report)
    topics = _read_topics(root, vocabulary, report)
    sources = _read_sources(root / SOURCES_FOLDER, report)
    source_ids = frozenset(source.id for source in sources)
    notes: list[Note] = []
    tables: list[Table] = []
    for file_notes, file_tables, diagnostics in _read_content_files(root, topics, vocabulary, source_ids, report):
        notes.extend(file_notes)
        tables.extend(file_tables)
        report.diagnostics.extend(diagnostics)
    retired = _read_retired(root / RETIRED_FILE, report)
    _check_superseded(sources, report)
    _warn_uncited_sources(sources, notes, tables, cited_sources(root), report)
    _check_duplicate_questions(notes, report)
    charts = draw_note_charts(notes, root, {source.id for source in sources}, report)
    content = Content(tuple(topics), tuple(vocabulary.descriptions.items()), tuple(sources),
                      tuple(notes), tuple(tables), tuple(retired), not vocabulary.incomplete, tuple(charts.items()))
    _check_duplicate_ids(content, report, released or {})
    by_name = notes_by_entry_name(content)
    check_teaching_order(content, report, by_name)
    check_outlines(content, report, by_name, released or {})
    check_vignettes(content, report)
    return content, report


def _read_file_keys(path: Path, keys, report: Report, label: str):
    return _read_file(path, keys, report, label)[1]


def _read_file(path: Path, keys, report: Report, label: str):
    """The file's mapping (with the lines of its keys) and its checked values; (None, None) if unreadable."""
    data = read_mapping_file(path, display_path(path), report,
                             f"{label} must be a mapping starting with '{keys[0].name}:'")
    return data, KeyReader(report).read(data, keys, label) if data is not None else None


def _read_tags(path: Path, vocabulary: Vocabulary, report: Report) -> None:
    values = _read_file_keys(path, TAGS_FILE_KEYS, report, "tags file")
    vocabulary.incomplete = not (values and values["tags"])
    if values and values["tags"]:
        for tag, description in values["tags"].items():
            vocabulary.declare(tag, description, values["tags"].at(tag), report)


def _topic_folders(root: Path, report: Report) -> list[Path]:
    """The real folders of the content folder but sources/ and reference/, by name. A link that would
    pass for one (to a folder, or to nothing: dangling or a loop) is reported, not followed; links to
    files and other files are no topic and are not read."""
    folders = []
    for path in list_folder(root, report) or ():
        if path.name in (SOURCES_FOLDER, REFERENCE_FOLDER) or path.name in ROOT_FILES:
            continue
        if os.path.isdir(path) or (os.path.islink(path) and not os.path.isfile(path)):
            if is_real_folder(path, report):
                folders.append(path)
    return folders


def _read_topics(root: Path, vocabulary: Vocabulary, report: Report) -> list[Topic]:
    topics = []
    for folder in _topic_folders(root, report):
        shown = display_path(folder / TOPIC_FILE)
        if not SLUG.match(folder.name):
            report.error(Location(display_path(folder)), "bad-topic",
                         f"topic folder '{folder.name}' must be a lower-case slug")
            continue
        files = list_folder(folder, report, "*.yaml")
        if files is None:
            continue
        if folder / TOPIC_FILE not in files:
            report.error(Location(shown), "missing-topic-file",
                         f"topic folder '{folder.name}' has no {TOPIC_FILE}",
                         "copy one from another topic and adapt it")
            continue
        label = f"topic '{folder.name}'"
        data, values = _read_file(folder / TOPIC_FILE, TOPIC_KEYS, report, label)
        if not values:
            continue
        branch = topic_tag(folder.name)
        for tag, description in (values["tags"] or {}).items():
            vocabulary.declare(tag, description, values["tags"].at(tag), report, branch=branch)
        if values["tags"] is not None and branch not in vocabulary:
            report.error(Location(shown, values["tags"].line), "missing-topic-tag",
                         f"{label}: its branch tag '{branch}' is not declared", "add it under 'tags:'")
        outline = _read_outline(folder, files, report)
        if outline and values["teaching_order"]:
            report.error(data.at("teaching_order"), "two-teaching-orders",
                         f"{label}: {OUTLINE_FILE} gives the teaching order, so topic.yaml declares none",
                         "delete 'teaching_order' here and keep the order in the outline")
        if all(values[key.name] is not None for key in TOPIC_KEYS if key.required):
            order = tuple(OrderEntry(name, where) for name, where in values["teaching_order"] or ())
            if outline:
                order = tuple(entry for item in outline for entry in item.entries)
            topics.append(Topic(folder.name, values["title"], values["deck"], values["order"],
                                values["description"], Location(shown, 1), order, data.at("deck"),
                                values["min_vignette_percent"], tuple(outline)))
    decks: dict[str, Topic] = {}
    for topic in topics:
        if topic.deck in decks:
            report.error(topic.location, "duplicate-deck",
                         f"topic '{topic.name}': deck '{topic.deck}' is also topic '{decks[topic.deck].name}'s deck")
        decks[topic.deck] = topic
    return sorted(topics, key=lambda topic: (topic.order, topic.name))


def _read_outline(folder: Path, files: list[Path], report: Report) -> list[OutlineItem]:
    """The leaf items of the topic's outline file, if it has one."""
    if folder / OUTLINE_FILE not in files:
        return []
    values = _read_file_keys(folder / OUTLINE_FILE, OUTLINE_FILE_KEYS, report, f"topic '{folder.name}' outline")
    return read_outline_items(values["outline"], folder.name, report) if values and values["outline"] else []


def _read_retired(path: Path, report: Report) -> list[Retirement]:
    """Withdrawn notes; the ledger check makes sure each was released and is gone from the content."""
    if not os.path.lexists(path):
        return []
    values = _read_file_keys(path, RETIRED_FILE_KEYS, report, "retired file")
    retired: dict[str, Retirement] = {}
    for index, item in enumerate(values["retired"] or [] if values else []):
        if not isinstance(item, YamlMap):
            report.error(values["retired"].at(index), "bad-retirement", "each entry is '- id: …' with date and reason")
            continue
        entry = KeyReader(report).read(item, RETIREMENT_KEYS, f"retired note '{item.get('id')}'")
        if entry["id"] in retired:
            report.error(item.at("id"), "duplicate-id", f"retired note '{entry['id']}' is listed twice")
        elif all(value is not None for value in entry.values()):
            retired[entry["id"]] = Retirement(entry["id"], entry["date"], entry["reason"], item.at("id"))
    return list(retired.values())


def _read_sources(folder: Path, report: Report) -> list[Source]:
    sources: dict[str, Source] = {}
    reader = KeyReader(report)
    present = os.path.lexists(folder) and is_real_folder(folder, report)  # the folder is optional
    for path in (list_folder(folder, report, "*.yaml") if present else None) or ():
        values = _read_file_keys(path, SOURCES_FILE_KEYS, report, "sources file")
        if not values or not values["sources"]:
            continue
        entries: YamlMap = values["sources"]
        for source_id, entry in entries.items():
            label = f"source '{source_id}'"
            where = entries.at(source_id)
            if not SLUG.match(str(source_id)):
                report.error(where, "bad-value", f"{label}: '{source_id}' is not a valid id",
                             "use lower-case letters, digits and single hyphens")
                continue
            if source_id in sources:
                report.error(where, "duplicate-source",
                             f"{label} is declared twice (also at {sources[source_id].location})")
                continue
            fields = reader.read(entry, SOURCE_KEYS, label)
            if fields is None:
                report.error(where, "bad-source", f"{label} must be a mapping with body, document, year, url")
                continue
            if all(fields[key.name] is not None for key in SOURCE_KEYS if key.required):
                sources[source_id] = Source(source_id, fields["body"], fields["document"],
                                            fields["year"], fields["url"], fields["version"],
                                            fields["superseded_by"], where, fields["label"])
    return list(sources.values())


def _read_content_files(root: Path, topics: list[Topic], vocabulary: Vocabulary, source_ids: frozenset[str],
                        report: Report) -> list[tuple[list[Note], list[Table], list]]:
    """Each notes or table file of each topic read and checked: its notes, its table and its problems, in
    the order of the topics and of their files. The files are independent, so they are read on every
    usable CPU (see `parallel`); the results are the same as one by one."""
    files = [(path, topic) for topic in topics for path in list_folder(root / topic.name, report, "*.yaml") or ()
             if path.name not in (TOPIC_FILE, OUTLINE_FILE)]

    def read(entry: tuple[Path, Topic]) -> tuple[list[Note], list[Table], list, dict[str, str]]:
        context = Context(Report(), vocabulary, source_ids)
        notes, tables = _read_content_file(*entry, context)
        # Rendered where they were read, so that the cards are made without rendering them again.
        htmls = rendered(text for note in notes for _, text in note.fields) if context.report.ok else {}
        return notes, tables, context.report.diagnostics, htmls

    read_files = map_shared(read, files, [_size(path) for path, _topic in files], min_weight=PARALLEL_MIN_BYTES)
    for *_, htmls in read_files:
        remember(htmls)
    return [(notes, tables, diagnostics) for notes, tables, diagnostics, _ in read_files]


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # reported by the reader
        return 0


def _read_content_file(path: Path, topic: Topic, context: Context) -> tuple[list[Note], list[Table]]:
    """The notes and the table (if any) of one content file; its problems go to `context.report`."""
    shown = display_path(path)
    data = read_yaml(path, shown, context.report)
    if data is None:
        return [], []
    if not isinstance(data, YamlMap) or ("notes" in data) == ("table" in data):
        context.report.error(Location(shown, 1), "bad-file",
                             "a content file holds either 'notes:' (a list of notes) or 'table:' (one data table)")
        return [], []
    if "notes" in data:
        values = context.reader.read(data, NOTES_FILE_KEYS, "notes file")
        if values["notes"] is None:
            return [], []
        return read_notes_file(values["notes"], topic.name, shown, context, values["reviewed"]), []
    values = context.reader.read(data, TABLE_FILE_KEYS, "table file")
    if values["table"] is None:
        return [], []
    table, made = read_table(values["table"], topic.name, context)
    return list(made), [table] if table else []


def _check_superseded(sources: list[Source], report: Report) -> None:
    known = {source.id for source in sources}
    for source in sources:
        if source.superseded_by and source.superseded_by not in known:
            report.error(source.location, "unknown-source",
                         f"source '{source.id}': superseded_by names unknown source '{source.superseded_by}'")


def _warn_uncited_sources(sources: list[Source], notes: list[Note], tables: list[Table], by_references: set[str],
                          report: Report) -> None:
    """A registry entry no note, table row or growth reference table cites is usually left over from an
    edit; it never reaches a card or a sheet (a row's source reaches the sheet even where its rules leave
    it out of the cards)."""
    cited = {ref.source_id for note in notes for ref in note.sources} | by_references
    cited |= {ref.source_id for table in tables for row in table.rows for ref in row.sources}
    cited |= {source.superseded_by for source in sources if source.superseded_by}
    for source in sources:
        if source.id not in cited:
            report.warning(source.location, "uncited-source", f"source '{source.id}' is cited by no note",
                           "cite it from the notes it supports, or delete it from the sources file")


def _check_duplicate_ids(content: Content, report: Report, released: Mapping[str, str]) -> None:
    """Each id once; of two notes with one id, the one that is not the released note is the new one."""
    first: dict[str, Note] = {}
    for note in content.notes:
        if note.id not in first:
            first[note.id] = note
            continue
        new, kept = note, first[note.id]
        if _is_released(new, content, released) and not _is_released(kept, content, released):
            new, kept = kept, new
        report.error(new.location, "duplicate-id", f"note '{note.id}': id already used at {kept.location}",
                     "ids are unique in the whole project; choose another for the new note")
    first_table: dict[str, Location] = {}
    for table in content.tables:
        if table.id in first_table:
            report.error(table.location, "duplicate-id",
                         f"table '{table.id}': id already used at {first_table[table.id]}")
        first_table.setdefault(table.id, table.location)


def _is_released(note: Note, content: Content, released: Mapping[str, str]) -> bool:
    """True when `note` is exactly what its id's last release shipped."""
    if note.id not in released:
        return False
    try:
        return fingerprint(note, content) == released[note.id]
    except KeyError:  # cites a source that failed to load: reported already, and not what was released
        return False


def question_key(note: Note) -> str:
    """What a note asks, reduced so that trivial differences (case, spacing, markup) vanish."""
    return re.sub(r"[\W_]+", " ", note.prompt.lower()).strip()


def _check_duplicate_questions(notes: list[Note], report: Report) -> None:
    first: dict[str, Note] = {}
    for note in notes:
        key = question_key(note)
        if key in first and first[key].id != note.id:
            report.warning(note.location, "duplicate-question",
                           f"note '{note.id}' asks the same as note '{first[key].id}' ({first[key].location})",
                           "merge them, or make each prompt say what sets it apart")
        first.setdefault(key, note)
