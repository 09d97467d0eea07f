"""End to end in real Anki: build the decks, import each into a fresh collection with the desktop
dialog's default options, and render every card through Anki's own template engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURE_PROJECT, REPO_ROOT

from genpeds.build import build_decks, requests_for_recipes
from genpeds.cloze import scan
from genpeds.identity import note_guid
from genpeds.project import load_project

ANKI_PROBLEMS = (
    "The front of this card is blank", "no field called", "No cloze", "Please edit this note type",
    "Unknown field", "{{", "}}",
)


def visible_text(rendered: str) -> str:
    without_style = re.sub(r"<style>.*?</style>", "", rendered, flags=re.S)
    return re.sub(r"<[^>]+>", " ", without_style).strip()


def import_package(path: Path, folder: Path):
    from anki.collection import Collection, ImportAnkiPackageRequest

    collection = Collection(str(folder / f"{path.stem}.anki2"))
    options = collection._backend.get_import_anki_package_presets()
    result = collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options))
    return collection, result.log


def built_decks(root: Path, out: Path):
    project = load_project(root / "content", root / "decks")
    assert project.report.ok, [d.format() for d in project.report.errors]
    return project, build_decks(project, requests_for_recipes(project), out)


@pytest.mark.anki
@pytest.mark.parametrize("root", [FIXTURE_PROJECT, REPO_ROOT], ids=["fixture", "real-content"])
def test_every_card_renders_in_real_anki(root, tmp_path):
    project, decks = built_decks(root, tmp_path / "dist")
    notes_by_guid = {note_guid(note.id): note for note in project.shipped_notes()}  # tombstones too
    decks_by_topic = {topic.name: topic.deck_name for topic in project.content.topics}
    for deck in decks:
        collection, log = import_package(deck.path, tmp_path)
        try:
            assert len(log.new) == deck.note_count
            assert not log.conflicting and not log.duplicate and not log.updated
            note_ids = collection.find_notes("")
            assert len(note_ids) == deck.note_count
            for note_id in note_ids:
                anki_note = collection.get_note(note_id)
                note = notes_by_guid[anki_note.guid]
                assert sorted(anki_note.tags) == sorted(note.tags)
                cards = anki_note.cards()
                expected_cards = sorted(scan(note.field("text")).numbers) if note.type == "cloze" else [1]
                assert [card.ord + 1 for card in cards] == expected_cards, note.id
                for card in cards:
                    question, answer = card.question(), card.answer()
                    for side, rendered in (("question", question), ("answer", answer)):
                        text = visible_text(rendered)
                        assert text, f"{note.id} card {card.ord + 1}: empty {side}"
                        for problem in ANKI_PROBLEMS:
                            assert problem not in text, f"{note.id} card {card.ord + 1} {side}: {problem!r}"
                    if note.type == "cloze":
                        assert 'class="cloze"' in question and "[" in visible_text(question), note.id
                    assert note.id in answer and "sources" in answer
                    assert collection.decks.name(card.did) == decks_by_topic[note.topic]
                    chart = project.content.chart_of.get(note.id)
                    if chart:  # the drawn growth chart: shown under the question, its file in the collection
                        assert f'<img src="{chart.name}"' in question, note.id
                        assert Path(collection.media.dir(), chart.name).read_bytes() == chart.data, note.id
        finally:
            collection.close()


@pytest.mark.anki
def test_reimporting_the_same_build_changes_nothing(tmp_path):
    from anki.collection import ImportAnkiPackageRequest

    _, decks = built_decks(FIXTURE_PROJECT, tmp_path / "dist")
    collection, _ = import_package(decks[0].path, tmp_path)
    try:
        options = collection._backend.get_import_anki_package_presets()
        again = collection.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(decks[0].path), options=options)).log
        assert not again.new and not again.updated and not again.conflicting
        assert len(again.duplicate) == decks[0].note_count
        names = [entry.name for entry in collection.models.all_names_and_ids()]
        assert names.count("genpeds Basic") == 1 and names.count("genpeds Cloze") == 1
        assert not [name for name in names if name.startswith("genpeds") and name.endswith("+")]
    finally:
        collection.close()


PAYLOADS = [
    "<script>document.title='pwned'</script>", '<video src=x onerror="document.title=1"></video>',
    '<object data="https://example.org/x.swf"></object>', '<embed src="https://example.org/x">',
    '<svg onload="alert(1)"></svg>', '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>', '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<iframe src="https://example.org"></iframe>', "<style>.answer{display:none}</style>",
    '<link rel="stylesheet" href="https://example.org/x.css">', '<form action="https://example.org"><input></form>',
    '<span onmouseover="alert(1)">hover</span>',
]


@pytest.mark.anki
def test_hostile_html_never_reaches_a_rendered_card(project, tmp_path):
    blocks = "".join(f"""  - id: beta-hostile-{index}
    type: basic
    front: 'Hostile payload {index}: {payload.replace("'", "''")}'
    back: 'Answer {index} {payload.replace("'", "''")}'
    tags: [genpeds::beta]
    sources:
      - source: fixture-guide-2024
        locator: Section {index}
    reviewed: 2026-01-15
""" for index, payload in enumerate(PAYLOADS))
    (project / "content/beta/hostile.yaml").write_text("notes:\n" + blocks, encoding="utf-8")
    built = built_decks(project, tmp_path / "dist")[1]
    deck = next(deck for deck in built if deck.path.name == "genpeds-everything.apkg")
    collection, log = import_package(deck.path, tmp_path)
    try:
        assert len(log.new) == 7 + len(PAYLOADS)
        for card_id in collection.find_cards("tag:genpeds::beta"):
            card = collection.get_card(card_id)
            for rendered in (card.question(), card.answer()):
                body = re.sub(r"<style>.*?</style>", "", rendered, count=1, flags=re.S).lower()
                for marker in ("<script", "onerror", "onload", "onmouseover", "javascript:", "data:", "<iframe",
                               "<style", "<link", "<form", "<input", "<svg", "<img", "<video", "<object",
                               "<embed"):
                    assert marker not in body, (marker, body)
    finally:
        collection.close()
