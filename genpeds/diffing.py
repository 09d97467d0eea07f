"""What changed between two releases, by topic, as Markdown for release notes and CHANGELOG.md."""

from __future__ import annotations

import html
import json
import re
import sqlite3
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import GenpedsError
from .ledger import Change
from .models import RETIRED_TAG
from .project import Project

KINDS = ("added", "changed", "retired")
# Changes that leave what the card says as it was (genpeds.change_kinds): counted, not listed.
SAME_CARD_KINDS = ("cited", "restyled")
# From this many notes, a change to every note of one table rule is listed as one line.
WHOLE_RULE_LINE = 5


@dataclass(frozen=True)
class NoteChange:
    kind: str
    note_id: str
    deck: str
    summary: str
    rule_notes: int = 0  # how many released notes the note's table rule made ('' for an authored note)

    @property
    def rule(self) -> str:
        return table_rule(self.note_id)


def table_rule(note_id: str) -> str:
    """`table/*/rule` for the id of a note a table rule made, else ""."""
    parts = note_id.split("/")
    return f"{parts[0]}/*/{parts[2]}" if len(parts) == 3 else ""


def _plain(text: str, limit: int = 90) -> str:
    flat = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def diff_releases(project: Project, old: str, new: str) -> list[NoteChange]:
    """Changes recorded in the ledger after release `old` up to and including release `new`."""
    ledger = project.ledger
    known = ", ".join(release.version for release in ledger.releases) or "none yet"
    start, end = ledger.release(old), ledger.release(new)
    for version, release in ((old, start), (new, end)):
        if release is None:
            raise GenpedsError(f"no release '{version}' in the ledger (releases: {known})")
    if start.time >= end.time:
        raise GenpedsError(f"release {old} is not older than {new}")
    # By version, not by time: a change's time is the note's modification time, later than its release's.
    versions = {release.version for release in ledger.releases if start.time < release.time <= end.time}
    current = {note.id: note for note in project.content.notes}
    reasons = {retirement.id: _plain(retirement.reason) for retirement in project.content.retired}
    per_rule = Counter(table_rule(note_id) for note_id in ledger.notes)
    changes = []
    for note_id, released in sorted(ledger.notes.items()):
        in_range = [c for c in released.history if c.version in versions]
        note = current.get(note_id)
        summary = _plain(note.prompt) if note else reasons.get(note_id, "")
        if released.retired in versions:
            kind = "retired"
        elif released.history[0] in in_range:
            kind = "added"
        elif in_range:
            kind = change_kind(released.history[released.history.index(in_range[0]) - 1], in_range[-1])
        else:
            continue
        change = NoteChange(kind, note_id, released.deck, summary)
        changes.append(replace(change, rule_notes=per_rule[change.rule] if change.rule else 0))
    return changes


def change_kind(before: Change, after: Change) -> str:
    """'changed' when what the card says changed (or the ledger cannot tell: no digests before 0.3.0),
    'cited' when only its documents or locators did, 'restyled' when only how they are shown or its tags."""
    if not (before.reads and after.reads) or before.reads != after.reads:
        return "changed"
    return "cited" if before.cites != after.cites else "restyled"


def package_notes(path: Path) -> dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """GUID → (note id, deck, fields without Release, tags) of every note in an .apkg."""
    if not path.is_file():
        raise GenpedsError(f"no such deck file: {path}")
    try:
        with zipfile.ZipFile(path) as package, tempfile.TemporaryDirectory() as scratch:
            database = Path(scratch) / "collection.anki2"
            database.write_bytes(package.read("collection.anki2"))
            with sqlite3.connect(database) as connection:
                models_json, decks_json = connection.execute("select models, decks from col").fetchone()
                models = {int(k): [f["name"] for f in v["flds"]] for k, v in json.loads(models_json).items()}
                decks = {int(k): v["name"] for k, v in json.loads(decks_json).items()}
                deck_of = dict(connection.execute("select nid, did from cards"))
                rows = connection.execute("select id, guid, mid, flds, tags from notes").fetchall()
    except (zipfile.BadZipFile, KeyError, sqlite3.Error, ValueError) as exc:
        raise GenpedsError(f"{path} is not a readable Anki package ({exc})") from exc
    notes = {}
    for nid, guid, mid, flds, tags in rows:
        names = models.get(mid, [])
        fields = dict(zip(names, flds.split("\x1f"), strict=False))
        summary_fields = tuple(value for name, value in fields.items() if name != "Release")
        notes[guid] = (fields.get("Id", guid), decks.get(deck_of.get(nid), ""), summary_fields,
                       tuple(tags.split()))
    return notes


def diff_packages(old: Path, new: Path) -> list[NoteChange]:
    """Notes added, changed and retired from one .apkg to another."""
    before, after = package_notes(old), package_notes(new)
    changes = []
    for guid, (note_id, deck, fields, tags) in sorted(after.items(), key=lambda item: item[1][0]):
        summary = _plain(html.unescape(fields[0])) if fields else ""
        if guid not in before:
            changes.append(NoteChange("added", note_id, deck, summary))
        elif RETIRED_TAG in tags and RETIRED_TAG not in before[guid][3]:
            changes.append(NoteChange("retired", note_id, deck, summary))
        elif before[guid][2] != fields or before[guid][3] != tags:
            changes.append(NoteChange("changed", note_id, deck, summary))
    return changes


def held_back_search(changes: list[NoteChange], version: str) -> str:
    """An Anki search for the notes this release changed that still show an older release: the ones
    Anki skipped because the student touched them after the fix window (README, "Updating")."""
    ids = " OR ".join(f'"Id:{change.note_id}"' for change in changes if change.kind in ("changed", "cited", "retired"))
    return f'deck:genpeds -"Release:{version}" ({ids})' if ids else ""


def _listed(changes: list[NoteChange], kind: str) -> list[str]:
    """One line per note; or one line `table/*/rule` where a release did the same to every note a
    table rule made (a rewording of the rule, a rule retired), so long lists stay readable."""
    whole_rules = {rule for rule, count in Counter(c.rule for c in changes if c.rule).items()
                   if count >= WHOLE_RULE_LINE and count == next(c.rule_notes for c in changes if c.rule == rule)}
    lines, done = [], set()
    for change in changes:
        if change.rule in whole_rules:
            if change.rule not in done:
                done.add(change.rule)
                example = f", e.g. {change.summary}" if change.summary else ""
                lines.append(f"- {kind.capitalize()}: `{change.rule}` — all {change.rule_notes} notes of this "
                             f"table rule{example}")
            continue
        summary = f" — {change.summary}" if change.summary else ""
        lines.append(f"- {kind.capitalize()}: `{change.note_id}`{summary}")
    return lines


def format_diff(changes: list[NoteChange], old: str, new: str, search: str = "") -> str:
    """Markdown: a count line, the search for held-back fixes (if given), then a section per deck with
    added, changed and retired notes."""
    counts = {kind: sum(1 for change in changes if change.kind == kind) for kind in (*KINDS, *SAME_CARD_KINDS)}
    lines = [f"## Changes from {old} to {new}", "",
             f"{counts['added']} added, {counts['changed']} changed, {counts['retired']} retired.", ""]
    if counts["cited"] or counts["restyled"]:
        lines += [f"The card reads as before on {counts['cited'] + counts['restyled']} more: "
                  f"{counts['cited']} cite other documents or places in them, {counts['restyled']} show their "
                  "sources or tags differently only. They are counted by deck below, not listed.", ""]
    if search:
        lines += ["After importing, this search in Anki's Browse window lists any changed note that kept its "
                  "older text (see the README, \"Updating your deck\"); import again with *Update notes: "
                  "Always* to bring those fixes:", "", f"    {search}", ""]
    for deck in sorted({change.deck for change in changes}):
        lines += [f"### {deck}", ""]
        for kind in KINDS:
            lines += _listed([c for c in changes if c.deck == deck and c.kind == kind], kind)
        same = {kind: sum(1 for c in changes if c.deck == deck and c.kind == kind) for kind in SAME_CARD_KINDS}
        if any(same.values()):
            lines.append(f"- Reads as before: {same['cited']} cite other sources, {same['restyled']} show them "
                         "differently only")
        lines.append("")
    return "\n".join(lines)
