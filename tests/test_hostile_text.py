"""Text Anki would not keep as text: control characters (U+001F splits a note's fields) and Anki's own
media and LaTeX syntax are refused by `check` at their line, wherever they are written or however
rendering would make them; real Anki shows what they would have done."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import REPO_ROOT, edit, line_of, unexpected_warnings, write
from hypothesis import given, settings
from hypothesis import strategies as st

from genpeds.anki_text import text_problem
from genpeds.markup import render

NOTES = "content/alpha/notes.yaml"
TABLE = "content/alpha/table.yaml"
SOURCES = "content/sources/fixture.yaml"

SEPARATOR_AS_WRITTEN = ("text contains the control character U+001F, Anki's field separator "
                        '(delete it; in double quotes it is written as an escape such as "\\x1f")')
NO_MEDIA = "(genpeds cards carry no media or LaTeX; write it as text)"


def errors_of(result) -> list[str]:
    """The content's error lines (not the command's closing 'genpeds: error: …')."""
    return [line for line in result.output.splitlines() if ": error: " in line and not line.startswith("genpeds:")]


# Every kind of file and key: the one check in the loader covers them all.
PLACES = [
    (NOTES, "front: \"Alpha: what is the **first** answer?\"", "front: \"Alpha: what is the\\x1f answer?\""),
    (NOTES, "back: The first answer, 10 mg/kg.", "back: \"The first answer,\\x1f 10 mg/kg.\""),
    (NOTES, "text: Alpha has {{c1::two parts}} and {{c2::a hint::what kind?}}.",
     "text: \"Alpha\\x1f has {{c1::two parts}}\""),
    (NOTES, "extra: Why it is so.", "extra: \"Why it\\x1f is so.\""),
    (NOTES, "locator: Section 1", "locator: \"Section\\x1f 1\""),
    (TABLE, "drug: Drug A", "drug: \"Drug\\x1f A\""),
    (TABLE, "back: \"{dose}\"", "back: \"{dose}\\x1f\""),
    (TABLE, "title: Alpha doses", "title: \"Alpha\\x1f doses\""),
    (SOURCES, "document: Fixture Guideline", "document: \"Fixture\\x1f Guideline\""),
    (SOURCES, "version: 2nd edition", "version: \"2nd\\x1f edition\""),
    ("content/tags.yaml", "Facts that recur in exam questions.", "\"Facts that recur\\x1f in exam questions.\""),
    ("content/alpha/topic.yaml", "description: The first fixture topic.",
     "description: \"The first\\x1f fixture topic.\""),
    ("content/alpha/topic.yaml", "deck: Alpha", "deck: \"Al\\x1fpha\""),
    ("decks/alpha.yaml", "description: Only alpha.", "description: \"Only\\x1f alpha.\""),
    ("decks/alpha.yaml", "title: Fixture — alpha", "title: \"Fixture —\\x1f alpha\""),
]


@pytest.mark.parametrize("path, old, new", PLACES, ids=[f"{p}:{old.split(':')[0]}" for p, old, _ in PLACES])
def test_escaped_field_separator_is_refused_at_its_line_in_every_kind_of_file(project, cli, path, old, new):
    edit(project / path, old, new)
    line = line_of(project / path, "\\x1f")
    errors = errors_of(cli("check", code=1))
    assert f"{path}:{line}: error: {SEPARATOR_AS_WRITTEN}" in errors
    assert errors_of(cli("build", code=1)) == errors
    assert not (project / "dist").exists()


def test_a_key_is_text_too(project, cli):
    edit(project / "content/tags.yaml", "  genpeds::betamax:", '  "genpeds::beta\\x1fmax":')
    line = line_of(project / "content/tags.yaml", "\\x1f")
    assert f"content/tags.yaml:{line}: error: {SEPARATOR_AS_WRITTEN}" in errors_of(cli("check", code=1))


@pytest.mark.parametrize("escape, code, shown", [
    ("\\0", "U+0000", "\\0"), ("\\a", "U+0007", "\\a"), ("\\b", "U+0008", "\\b"), ("\\v", "U+000B", "\\v"),
    ("\\f", "U+000C", "\\f"), ("\\r", "U+000D", "\\r"), ("\\e", "U+001B", "\\e"), ("\\x1c", "U+001C", "\\x1c"),
    ("\\x7f", "U+007F", "\\x7f"), ("\\N", "U+0085", "\\N"), ("\\x9f", "U+009F", "\\x9f"),
])
def test_every_control_character_is_named_with_what_to_do(project, cli, escape, code, shown):
    edit(project / NOTES, "back: The first answer, 10 mg/kg.", f'back: "The first{escape} answer"')
    line = line_of(project / NOTES, "back: ")
    assert errors_of(cli("check", code=1)) == [
        f"{NOTES}:{line}: error: text contains the control character {code} "
        f'(delete it; in double quotes it is written as an escape such as "{shown}")']


@pytest.mark.parametrize("escape, what", [("\\uFFFE", "the non-character U+FFFE"),
                                          ("\\uffff", "the non-character U+FFFF")])
def test_non_characters_are_refused(project, cli, escape, what):
    edit(project / NOTES, "extra: Why it is so.", f'extra: "Why{escape}"')
    line = line_of(project / NOTES, "extra: ")
    assert errors_of(cli("check", code=1)) == [
        f"{NOTES}:{line}: error: text contains {what} "
        f'(delete it; in double quotes it is written as an escape such as "{escape.lower()}")']


def test_lone_surrogates_are_not_text():
    problem = text_problem("x\ud800y")
    assert (problem.code, problem.what) == ("bad-character", "the lone surrogate U+D800")


def test_tab_and_line_break_stay_allowed(project, cli):
    edit(project / NOTES, "extra: Why it is so.",
         'extra: "Why\\tit is so,\\nover two lines."\n    back: |\n      Dose\t10 mg/kg\n      Max\t1 g')
    edit(project / NOTES, "    back: The first answer, 10 mg/kg.\n", "")
    assert cli("check").output.startswith("ok: 7 notes")


def test_a_control_character_written_into_the_file_is_named_at_its_line(project, cli):
    edit(project / NOTES, "back: The first answer, 10 mg/kg.", "back: The first\x1f answer\x07")
    line = line_of(project / NOTES, "back: ")
    assert errors_of(cli("check", code=1)) == [
        f"{NOTES}:{line}: error: text contains the control character U+001F, Anki's field separator "
        "(delete it; most editors do not show it)"]


@pytest.mark.parametrize("marker, meaning", [
    ("[sound:murmur.mp3]", "'[sound:', Anki's syntax for a sound or video file"),
    ("[anki:tts lang=en_US]Hello[/anki:tts]", "'[anki:', Anki's syntax for text-to-speech and play buttons"),
    ("[anki:play:q:0]", "'[anki:', Anki's syntax for text-to-speech and play buttons"),
    ("[latex]x^2[/latex]", "'[latex]', Anki's syntax for a LaTeX image"),
    ("[LaTeX]x^2[/LaTeX]", "'[LaTeX]', Anki's syntax for a LaTeX image"),
    ("[$]x^2[/$]", "'[$]', Anki's syntax for a LaTeX image"),
    ("[$$]x^2[/$$]", "'[$$]', Anki's syntax for a LaTeX image"),
])
def test_anki_media_and_latex_syntax_is_refused_where_written(project, cli, marker, meaning):
    edit(project / NOTES, "back: The first answer, 10 mg/kg.", f"back: 'The first answer {marker}'")
    line = line_of(project / NOTES, "back: ")
    assert errors_of(cli("check", code=1)) == [f"{NOTES}:{line}: error: text contains {meaning} {NO_MEDIA}"]


@pytest.mark.parametrize("path, old, new", [
    (TABLE, "drug: Drug A", "drug: Drug A [sound:a.mp3]"),
    (SOURCES, "document: Fixture Guideline", "document: Fixture Guideline [sound:a.mp3]"),
    (SOURCES, "url: https://example.org/fixture-guide", "url: https://example.org/[sound:a.mp3]"),
    (NOTES, "locator: Section 1", "locator: Section 1 [sound:a.mp3]"),
])
def test_anki_syntax_outside_note_fields_is_refused_once(project, cli, path, old, new):
    edit(project / path, old, new)
    line = line_of(project / path, "[sound:")
    assert errors_of(cli("check", code=1)) == [
        f"{path}:{line}: error: text contains '[sound:', Anki's syntax for a sound or video file {NO_MEDIA}"]


def test_other_square_brackets_are_text(project, cli):
    edit(project / NOTES, "back: The first answer, 10 mg/kg.",
         "back: 'The first answer [see Table 2], [1], [$ 5] and [sound] [latex [/ $]'")
    assert cli("check").output.startswith("ok: 7 notes")


@pytest.mark.parametrize("written, found", [
    ("'&#91;sound:murmur.mp3]'", "'[sound:', Anki's syntax for a sound or video file"),
    ("'&lbrack;sound:murmur.mp3]'", "'[sound:', Anki's syntax for a sound or video file"),
    ("'[latex\\]x^2[/latex\\]'", "'[latex]', Anki's syntax for a LaTeX image"),
    ("'[$\\]x^2[/$\\]'", "'[$]', Anki's syntax for a LaTeX image"),
    ("'[sou<!-- -->nd:murmur.mp3]'", "'[sound:', Anki's syntax for a sound or video file"),
    ("'[<x-tag>sound:murmur.mp3]'", "'[sound:', Anki's syntax for a sound or video file"),
    ("'&#x5b;$$]x^2&#x5b;/$$]'", "'[$$]', Anki's syntax for a LaTeX image"),
    ('"[![][r]sound:murmur.mp3]\\n\\n[r]: https://example.org/r.png"',
     "'[sound:', Anki's syntax for a sound or video file"),
])
def test_markup_that_renders_into_anki_syntax_is_refused(project, cli, written, found):
    edit(project / NOTES, "back: The first answer, 10 mg/kg.", f"back: {written}")
    line = line_of(project / NOTES, "back: ")
    assert errors_of(cli("check", code=1)) == [
        f"{NOTES}:{line}: error: note 'alpha-basic': 'back' contains {found}, once rendered {NO_MEDIA}"]


@pytest.mark.parametrize("reference, code", [("&#31;", "U+001F, Anki's field separator"), ("&#x7f;", "U+007F"),
                                             ("&#xffff;", "U+FFFF")])
def test_a_character_reference_that_renders_into_a_bad_character_is_refused(project, cli, reference, code):
    edit(project / NOTES, "back: The first answer, 10 mg/kg.", f"back: 'The first {reference} answer'")
    line = line_of(project / NOTES, "back: ")
    [error] = errors_of(cli("check", code=1))
    assert error.startswith(f"{NOTES}:{line}: error: note 'alpha-basic': 'back' contains the ")
    assert f"{code}, once rendered (delete the character reference that makes it, such as " in error


def test_a_table_template_and_a_cell_cannot_join_into_anki_syntax(project, cli):
    edit(project / TABLE, 'front: "Fixture: {drug} dose per kg?"', 'front: "Fixture: [{drug} dose per kg?"')
    edit(project / TABLE, "drug: Drug A", "drug: 'sound:a.mp3]'")
    line = line_of(project / TABLE, "key: drug-a")
    assert errors_of(cli("check", code=1)) == [
        f"{TABLE}:{line}: error: table 'alpha-doses' row 'drug-a' rule 'dose': 'front' contains '[sound:', "
        f"Anki's syntax for a sound or video file, once filled in {NO_MEDIA}"]


# Rendering is checked only for texts that hold '&', '\', '<' or '!' (see markup._MAY_RENDER_NEW_TEXT):
# anything else must render to no character or Anki marker it does not hold itself.
MARKDOWN_PIECES = ["[", "]", "(", ")", "sound", "anki", "latex", "LaTeX", ":", "$", "/", "*", "**", "_", "`", "#",
                   "# ", "-", "- ", "1. ", "|", "---", "===", ">", "> ", " ", "  ", "    ", "\n", "\n\n", "\t",
                   "[r]: https://example.org/x", "{{c1::", "::", "}}", "x", "tts", "play", "=", '"', "'", "~", "+"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=14).map("".join))
def test_text_without_references_escapes_or_html_renders_to_nothing_new(text):
    if text_problem(text) is None:
        assert text_problem(render(text), written_as="html") is None, render(text)


# End to end, with real Anki: what such text would have done to a package, and that none reaches one.

HOSTILE = {
    "separator": ('"A field with a separator\\x1f inside"', SEPARATOR_AS_WRITTEN),
    "sound": ("'Which murmur is this? [sound:murmur.mp3]'",
              f"text contains '[sound:', Anki's syntax for a sound or video file {NO_MEDIA}"),
    "latex": ("'The curve &#91;latex]y = x^2&#91;/latex]'",
              f"note 'beta-hostile': 'front' contains '[latex]', Anki's syntax for a LaTeX image, once rendered "
              f"{NO_MEDIA}"),
}


def _write_hostile(root: Path, front: str) -> Path:
    return write(root / "content/beta/hostile.yaml", f"""notes:
  - id: beta-hostile
    type: basic
    front: {front}
    back: Answer.
    tags: [genpeds::beta]
    sources:
      - source: fixture-guide-2024
        locator: Section 1
    reviewed: 2026-01-15
""")


def _forced_build(root: Path, out: Path) -> Path:
    """What `build` would have written without the check: the report emptied by hand."""
    from genpeds.build import build_decks, requests_for_recipes
    from genpeds.diagnostics import Report
    from genpeds.project import load_project

    project = load_project(root / "content", root / "decks")
    forced = dataclasses.replace(project, report=Report())
    built = build_decks(forced, requests_for_recipes(forced), out)
    return next(deck.path for deck in built if deck.path.name == "genpeds-everything.apkg")


def _what_anki_does(package: Path, folder: Path) -> str:
    from anki.collection import Collection, ImportAnkiPackageRequest
    from anki.errors import InvalidInput

    collection = Collection(str(folder / "student.anki2"))
    try:
        options = collection._backend.get_import_anki_package_presets()
        try:
            collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))
        except InvalidInput as exc:
            return f"refused: {exc}"
        [note_id] = collection.find_notes("Id:beta-hostile")
        [card] = collection.get_note(note_id).cards()
        if card.question_av_tags():
            return f"media: {card.question_av_tags()[0].filename}"
        if "class=latex" in card.question():
            return "latex image"
        return "text"
    finally:
        collection.close()


@pytest.mark.anki
@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_text_never_reaches_a_package(project, cli, tmp_path, kind):
    front, error = HOSTILE[kind]
    path = _write_hostile(project, front)
    shown = f"content/beta/{path.name}:{line_of(path, 'front: ')}: error: {error}"
    assert errors_of(cli("check", code=1)) == [shown]
    assert errors_of(cli("build", code=1)) == [shown]
    assert not (project / "dist").exists()
    # Without the check, real Anki would have refused the package or acted on the text.
    effect = _what_anki_does(_forced_build(project, tmp_path / "forced"), tmp_path)
    assert effect == {"separator": "refused: note has 7 fields, expected 6", "sound": "media: murmur.mp3",
                      "latex": "latex image"}[kind]


@pytest.mark.anki
def test_real_content_passes_and_no_field_carries_what_anki_acts_on(tmp_path):
    from anki.collection import Collection

    from genpeds.cards import anki_fields
    from genpeds.project import load_project

    project = load_project(REPO_ROOT / "content", REPO_ROOT / "decks", REPO_ROOT / "sheets")
    assert project.report.ok, [d.format() for d in project.report.errors]
    collection = Collection(str(tmp_path / "probe.anki2"))
    try:
        for note in project.shipped_notes():
            for field in anki_fields(note, project.content, release=project.states[note.id].version):
                assert "\x1f" not in field and text_problem(field, written_as="html") is None, note.id
                assert not collection._backend.extract_av_tags(text=field, question_side=True).av_tags, note.id
                assert not collection._backend.extract_latex(text=field, svg=False, expand_clozes=False).latex, \
                    note.id
    finally:
        collection.close()


def test_real_content_passes_check_unchanged(monkeypatch, cli):
    monkeypatch.chdir(REPO_ROOT)
    *problems, last = cli("check").output.strip().splitlines()
    assert last.startswith("ok: ")
    assert not unexpected_warnings(problems), problems
