"""Text Anki would not keep as text: control characters (U+001F splits a note's fields) are refused by
`check` at their line, wherever they are written."""

from __future__ import annotations

import pytest
from conftest import edit, line_of

from genpeds.anki_text import text_problem

NOTES = "content/alpha/notes.yaml"
TABLE = "content/alpha/table.yaml"
SOURCES = "content/sources/fixture.yaml"

SEPARATOR_AS_WRITTEN = ("text contains the control character U+001F, Anki's field separator "
                        '(delete it; in double quotes it is written as an escape such as "\\x1f")')


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
