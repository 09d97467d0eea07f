"""Draw a reproducible random sample of notes for a second reader, as Markdown to read and annotate.

The same seed and the same content give the same sample, so a reading can be checked and repeated:

    python scripts/sample_notes.py --seed 20261207 --count 100 > sample.md

`--unreleased` draws only from the notes the next release will add or change, the ones a release's
final reading is for.

Each note is shown as a student meets it (prompt, answer, extra; cloze deletions in brackets) with its
sources and the file and line to fix it at. Retired notes are never drawn.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from genpeds.project import load_project

CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}")


def draw(notes, seed: int, count: int):
    """`count` notes chosen at random with `seed`, in the order of their ids (independent of file order)."""
    ordered = sorted(notes, key=lambda note: note.id)
    return sorted(random.Random(seed).sample(ordered, min(count, len(ordered))), key=lambda note: note.id)


def as_markdown(note, content) -> str:
    """One note for a reader: where it is, what it asks and answers, what it cites."""
    lines = [f"### {note.id}", "", f"- file: `{note.location}` · topic: {note.topic} · type: {note.type}"]
    if note.type == "cloze":
        lines.append(f"- text: {CLOZE.sub(lambda m: f'[c{m.group(1)}: {m.group(2)}]', note.field('text'))}")
    else:
        lines += [f"- front: {note.field('front')}", f"- back: {note.field('back')}"]
    if note.field("extra"):
        lines.append(f"- extra: {note.field('extra')}")
    lines.append(f"- tags: {', '.join(note.tags)}")
    for ref in note.sources:
        lines.append(f"- source: {content.source(ref.source_id).citation()} — {ref.locator}")
    lines += [f"- reviewed: {note.reviewed.isoformat()}", "", "reader: ☐ fact ok ☐ quality ok · notes:", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--unreleased", action="store_true",
                        help="draw only from notes added or changed since the last release")
    args = parser.parse_args()
    project = load_project(args.content, None)
    if not project.report.ok:
        raise SystemExit(f"the content has {len(project.report.errors)} error(s); run genpeds check first")
    notes = project.content.notes
    if args.unreleased:
        notes = [note for note in notes if project.states[note.id].pending]
    sample = draw(notes, args.seed, args.count)
    which = " unreleased" if args.unreleased else ""
    print(f"# {len(sample)} notes drawn with seed {args.seed} from {len(notes)}{which}\n")
    for note in sample:
        print(as_markdown(note, project.content))


if __name__ == "__main__":
    main()
