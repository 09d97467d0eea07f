"""`genpeds check` on broken content: the exact `path:line: error:` line, exit 1, never a traceback."""

from __future__ import annotations

import pytest
from conftest import edit, line_of, write

NOTES = "content/alpha/notes.yaml"
TABLE = "content/alpha/table.yaml"


def errors_of(result) -> list[str]:
    return [line for line in result.output.splitlines() if ": error: " in line]


def test_clean_fixture_passes(project, cli):
    result = cli("check")
    assert result.output.strip() == "ok: 7 notes in 2 topics, 2 deck recipes, 0 warning(s)"


def test_unknown_tag_names_the_closest_tag(project, cli):
    edit(project / NOTES, "tags: [genpeds::alpha::two]", "tags: [genpeds::alhpa::two]")
    line = line_of(project / NOTES, "genpeds::alhpa::two")
    result = cli("check", code=1)
    assert errors_of(result) == [
        f"{NOTES}:{line}: error: note 'alpha-cloze': unknown tag 'genpeds::alhpa::two' "
        "(did you mean 'genpeds::alpha::two'?)"
    ]
    assert result.output.splitlines()[-1] == "1 error(s), 0 warning(s)"


def test_unknown_tag_in_block_list_points_at_its_own_line(project, cli):
    edit(project / NOTES, "tags: [genpeds::alpha::two]",
         "tags:\n      - genpeds::alpha::two\n      - genpeds::hihg-yield")
    line = line_of(project / NOTES, "genpeds::hihg-yield")
    assert errors_of(cli("check", code=1)) == [
        f"{NOTES}:{line}: error: note 'alpha-cloze': unknown tag 'genpeds::hihg-yield' "
        "(did you mean 'genpeds::high-yield'?)"
    ]


def test_malformed_yaml(project, cli):
    edit(project / NOTES, "    back: The first answer, 10 mg/kg.", "    back: [unclosed")
    result = cli("check", code=1)
    [error] = errors_of(result)
    assert error.startswith(f"{NOTES}:")
    assert ": error: invalid YAML: " in error


def test_tab_indentation_gets_a_hint(project, cli):
    edit(project / NOTES, "    back: The first answer, 10 mg/kg.", "\tback: The first answer")
    [error] = errors_of(cli("check", code=1))
    assert error.endswith("(indent with spaces, not tabs)")


def test_duplicate_key_in_a_mapping(project, cli):
    edit(project / NOTES, "    extra: Why it is so.", "    extra: Why it is so.\n    back: Another answer.")
    first = line_of(project / NOTES, "back: The first answer")
    second = line_of(project / NOTES, "back: Another answer.")
    assert errors_of(cli("check", code=1)) == [
        f"{NOTES}:{second}: error: duplicate key 'back' (first written on line {first}) "
        "(YAML keeps only one of them; delete or rename one)"
    ]


def test_duplicate_id_across_files(project, cli):
    edit(project / "content/beta/notes.yaml", "id: beta-basic", "id: alpha-basic")
    line = line_of(project / "content/beta/notes.yaml", "id: alpha-basic")
    first = line_of(project / NOTES, "id: alpha-basic")
    assert errors_of(cli("check", code=1)) == [
        f"content/beta/notes.yaml:{line}: error: note 'alpha-basic': id already used at {NOTES}:{first} "
        "(ids are unique in the whole project; choose another for the new note)"
    ]


@pytest.mark.parametrize("key, message", [
    ("    reviewed: 2026-02-01\n", "note 'alpha-cloze': no reviewed date (give the note 'reviewed:', or its file"),
    ("        locator: Table 2\n", "note 'alpha-cloze': 'locator' is missing"),
])
def test_missing_required_key(project, cli, key, message):
    edit(project / NOTES, key, "")
    [error] = errors_of(cli("check", code=1))
    assert message in error


def test_empty_field(project, cli):
    edit(project / NOTES, "back: The first answer, 10 mg/kg.", 'back: ""')
    line = line_of(project / NOTES, 'back: ""')
    assert errors_of(cli("check", code=1)) == [f"{NOTES}:{line}: error: note 'alpha-basic': 'back' is empty"]


def test_unknown_key_suggests_the_right_one(project, cli):
    edit(project / NOTES, "    extra: Why it is so.", "    extras: Why it is so.")
    line = line_of(project / NOTES, "extras:")
    assert errors_of(cli("check", code=1)) == [
        f"{NOTES}:{line}: error: note 'alpha-basic': unknown key 'extras' (did you mean 'extra'?)"
    ]


def test_wrong_field_type(project, cli):
    edit(project / NOTES, "back: The first answer, 10 mg/kg.", "back: yes")
    line = line_of(project / NOTES, "back: yes")
    assert errors_of(cli("check", code=1)) == [
        f"{NOTES}:{line}: error: note 'alpha-basic': 'back' must be text (put the text in quotes)"
    ]


def test_unknown_source(project, cli):
    edit(project / NOTES, "source: fixture-review-2023", "source: fixture-reveiw-2023")
    line = line_of(project / NOTES, "fixture-reveiw-2023")
    assert errors_of(cli("check", code=1)) == [
        f"{NOTES}:{line}: error: note 'alpha-cloze': unknown source 'fixture-reveiw-2023' "
        "(did you mean 'fixture-review-2023'?)"
    ]


@pytest.mark.parametrize("text, problem", [
    ("Alpha has {{c1::two parts and more.", "a cloze is opened with '{{c…::' but never closed with '}}'"),
    ("Alpha has {{c1:two parts}}.", "cloze written with one colon; write {{c1::answer}}"),
    ("Alpha has two parts.", "cloze note has no cloze (mark the answer as {{c1::answer}}, or make it a basic note)"),
    ("Alpha has {{c0::two parts}}.", "cloze numbers start at c1"),
    ("Alpha has two}} parts.", "'}}' without a matching '{{c1::'"),
])
def test_broken_cloze(project, cli, text, problem):
    edit(project / NOTES, "Alpha has {{c1::two parts}} and {{c2::a hint::what kind?}}.", text)
    line = line_of(project / NOTES, "text: Alpha has")
    assert errors_of(cli("check", code=1)) == [f"{NOTES}:{line}: error: note 'alpha-cloze': {problem}"]


def test_cloze_markup_in_a_basic_note(project, cli):
    edit(project / NOTES, "back: The first answer, 10 mg/kg.", "back: The {{c1::first}} answer.")
    line = line_of(project / NOTES, "back: The {{c1::first}}")
    [error] = errors_of(cli("check", code=1))
    assert error.startswith(f"{NOTES}:{line}: error: note 'alpha-basic': 'back' contains cloze markup")


def test_row_that_a_rule_cannot_fill(project, cli):
    edit(project / TABLE, "      dose: 5 mg/kg\n", "")
    line = line_of(project / TABLE, "key: drug-b")
    assert errors_of(cli("check", code=1)) == [
        f"{TABLE}:{line}: error: table 'alpha-doses' row 'drug-b' rule 'dose': the row has no value for 'dose' "
        "(fill it in, or add the column to the rule's 'when' list to skip such rows)"
    ]


def test_rule_naming_an_unknown_column(project, cli):
    edit(project / TABLE, 'back: "{dose}"', 'back: "{doze}"')
    line = line_of(project / TABLE, "{doze}")
    assert errors_of(cli("check", code=1)) == [
        f"{TABLE}:{line}: error: table 'alpha-doses' rule 'dose': '{{doze}}' is not a column of the table "
        "(did you mean 'dose'?)"
    ]


def test_row_with_an_undeclared_column(project, cli):
    edit(project / TABLE, "      maximum: 1 mg", "      maximmum: 1 mg")
    line = line_of(project / TABLE, "maximmum")
    [error] = errors_of(cli("check", code=1))
    assert error == (f"{TABLE}:{line}: error: table 'alpha-doses' row 'drug-a': unknown key 'maximmum' "
                     "(did you mean 'maximum'?)")


def test_note_without_a_tag_of_its_topic(project, cli):
    edit(project / "content/beta/notes.yaml", "tags: [genpeds::beta]", "tags: [genpeds::high-yield]")
    line = line_of(project / "content/beta/notes.yaml", "tags: [genpeds::high-yield]")
    assert errors_of(cli("check", code=1)) == [
        f"content/beta/notes.yaml:{line}: error: note 'beta-basic': no tag under 'genpeds::beta' "
        "(add a tag of its topic, e.g. 'genpeds::beta')"
    ]


def test_same_question_twice_is_a_warning(project, cli):
    edit(project / "content/beta/notes.yaml", "front: Betamax question?", "front: Beta   *question*?")
    line = line_of(project / "content/beta/notes.yaml", "id: betamax-basic")
    result = cli("check")  # warnings do not fail
    assert f"content/beta/notes.yaml:{line}: warning: note 'betamax-basic' asks the same as note 'beta-basic'" \
        in result.output
    assert result.output.splitlines()[-1].endswith("1 warning(s)")


def test_alias_is_refused(project, cli):
    edit(project / NOTES, "    sources:\n      - source: fixture-guide-2024\n        locator: Section 1",
         "    sources: &refs\n      - source: fixture-guide-2024\n        locator: Section 1")
    edit(project / NOTES, "    sources:\n      - source: fixture-review-2023\n        locator: Table 2",
         "    sources: *refs")
    line = line_of(project / NOTES, "sources: *refs")
    errors = errors_of(cli("check", code=1))
    assert f"{NOTES}:{line}: error: YAML anchors and aliases (&name, *name) are not supported " \
        "(write the value out in full)" in errors


def test_every_problem_is_reported_at_once(project, cli):
    edit(project / NOTES, "tags: [genpeds::alpha::two]", "tags: [genpeds::alhpa::two]")
    edit(project / "content/beta/notes.yaml", "source: fixture-guide-2024\n        locator: Section 9",
         "source: nowhere\n        locator: Section 9")
    write(project / "content/beta/broken.yaml", "notes:\n  - id: [\n")
    errors = errors_of(cli("check", code=1))
    assert len(errors) == 3
    assert [error.split(":")[0] for error in errors] == [
        "content/alpha/notes.yaml", "content/beta/broken.yaml", "content/beta/notes.yaml"]


def test_empty_and_non_utf8_files(project, cli):
    write(project / "content/beta/empty.yaml", "")
    (project / "content/beta/latin1.yaml").write_bytes("notes:\n  - id: caf\xe9\n".encode("latin-1"))
    assert errors_of(cli("check", code=1)) == [
        "content/beta/empty.yaml:1: error: file is empty (delete it, or add content (see docs/content-format.md))",
        "content/beta/latin1.yaml:2: error: file is not valid UTF-8 text (save it as UTF-8)",
    ]


def test_recipe_with_an_unknown_tag(project, cli):
    edit(project / "decks/alpha.yaml", "include: [genpeds::alpha]", "include: [genpeds::alpah]")
    assert errors_of(cli("check", code=1)) == [
        "decks/alpha.yaml:3: error: recipe 'alpha': unknown tag 'genpeds::alpah' (did you mean 'genpeds::alpha'?)"
    ]


def test_missing_content_folder_is_explained(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    result = cli("check", code=1)
    assert result.output.strip() == (
        "genpeds: error: no content found at 'content' (expected content/tags.yaml); "
        "run genpeds from the project folder or pass --content DIR")


def test_a_broken_tags_file_is_the_only_error_not_one_per_note(project, cli):
    write(project / "content/tags.yaml", "tags:\n  genpeds: Root.\n  genpeds::high-yield: [unclosed\n")
    assert errors_of(cli("check", code=1)) == [
        "content/tags.yaml:4: error: invalid YAML: did not find expected ',' or ']' (check the indentation, and "
        "quote text that contains ': ' or ' #')"]


def test_a_huge_value_is_quoted_short(project, cli):
    edit(project / "content/sources/fixture.yaml", "year: 2024", "year: " + "7" * 5000)
    errors = errors_of(cli("check", code=1))
    assert any("'" + "7" * 59 + "…'" in error for error in errors)
    assert all(len(error) < 300 for error in errors)
