"""The teaching order in topic.yaml: which note a student meets when, and what `check` says about it."""

from __future__ import annotations

from conftest import FIXTURE_PROJECT, edit, line_of

from genpeds.content import load_content
from genpeds.teaching import teaching_order

ALPHA_TOPIC = "content/alpha/topic.yaml"
BETA_TOPIC = "content/beta/topic.yaml"


def order_of(root, topic: str) -> list[str]:
    content, report = load_content(root / "content")
    assert report.ok, [d.format() for d in report.errors]
    return [note.id for note in teaching_order(content)[topic]]


def warnings_of(result) -> list[str]:
    return [line for line in result.output.splitlines() if ": warning: " in line]


def test_files_and_tables_are_taught_in_the_declared_order():
    assert order_of(FIXTURE_PROJECT, "alpha") == [
        "alpha-basic", "alpha-cloze", "alpha-doses/drug-a/dose", "alpha-doses/drug-a/maximum",
        "alpha-doses/drug-b/dose"]


def test_a_note_id_pulls_its_note_out_of_its_file():
    # beta's notes.yaml holds beta-basic then betamax-basic; the order lists betamax-basic first.
    assert order_of(FIXTURE_PROJECT, "beta") == ["betamax-basic", "beta-basic"]


def test_the_most_specific_entry_places_a_note(project):
    edit(project / ALPHA_TOPIC, "  - notes.yaml\n  - alpha-doses\n",
         "  - alpha-doses/*/maximum\n  - notes.yaml\n  - alpha-doses\n  - alpha-doses/drug-b\n"
         "  - alpha-cloze\n")
    assert order_of(project, "alpha") == [
        "alpha-doses/drug-a/maximum", "alpha-basic", "alpha-doses/drug-a/dose", "alpha-doses/drug-b/dose",
        "alpha-cloze"]


def test_without_a_declaration_notes_follow_file_names(project, cli):
    edit(project / ALPHA_TOPIC, "teaching_order:\n  - notes.yaml\n  - alpha-doses\n", "")
    assert order_of(project, "alpha")[:2] == ["alpha-basic", "alpha-cloze"]
    assert warnings_of(cli("check")) == [
        f"{ALPHA_TOPIC}:1: warning: topic 'alpha' declares no teaching_order: its new cards follow file names "
        "(list its files, tables or notes under 'teaching_order:', foundations first)"]


def test_a_misspelt_entry_is_named_with_the_closest_spelling(project, cli):
    edit(project / ALPHA_TOPIC, "  - alpha-doses\n", "  - alpha-dose\n")
    first_row = line_of(project / "content/alpha/table.yaml", "key: drug-a")
    assert warnings_of(cli("check")) == [
        f"content/alpha/table.yaml:{first_row}: warning: no entry of topic 'alpha's teaching_order places 3 note(s) "
        "of this file (first: 'alpha-doses/drug-a/dose'): students meet them after every note it places (add "
        "'table.yaml', the table or the notes' ids to teaching_order in content/alpha/topic.yaml)",
        f"{ALPHA_TOPIC}:{line_of(project / ALPHA_TOPIC, 'alpha-dose')}: warning: topic 'alpha': teaching_order: "
        "'alpha-dose' names no note of this topic (did you mean 'alpha-doses'?)"]


def test_an_entry_naming_another_topics_note_says_where_it_belongs(project, cli):
    edit(project / ALPHA_TOPIC, "  - alpha-doses\n", "  - alpha-doses\n  - beta-basic\n")
    assert warnings_of(cli("check")) == [
        f"{ALPHA_TOPIC}:{line_of(project / ALPHA_TOPIC, 'beta-basic')}: warning: topic 'alpha': teaching_order: "
        "'beta-basic' names no note of this topic (it belongs to topic 'beta'; list it in that topic's "
        "teaching_order)"]


def test_an_entry_listed_twice_is_an_error_at_the_second(project, cli):
    edit(project / BETA_TOPIC, "  - notes.yaml\n", "  - notes.yaml\n  - betamax-basic\n")
    result = cli("check", code=1)
    assert [line for line in result.output.splitlines() if ": error: " in line] == [
        f"{BETA_TOPIC}:10: error: topic 'beta': teaching_order lists 'betamax-basic' twice "
        f"(keep the first, at {BETA_TOPIC}:8)"]


def test_an_entry_whose_notes_all_sit_elsewhere_is_a_warning(project, cli):
    edit(project / BETA_TOPIC, "  - notes.yaml\n", "  - notes.yaml\n  - beta-basic\n")
    assert warnings_of(cli("check")) == [
        f"{BETA_TOPIC}:9: warning: topic 'beta': teaching_order: 'notes.yaml' places no note: more specific "
        "entries place all its notes (remove it, or remove the entries that place its notes elsewhere)"]


def test_an_entry_that_is_no_name_is_an_error(project, cli):
    edit(project / BETA_TOPIC, "  - notes.yaml\n", "  - notes.yaml\n  - Notes File\n")
    result = cli("check", code=1)
    assert [line for line in result.output.splitlines() if ": error: " in line] == [
        f"{BETA_TOPIC}:10: error: topic 'beta': 'teaching_order': 'Notes File' is not a file name or id "
        "(write a file name (notes.yaml), a table id, table-id/row-key, table-id/*/rule or a note id)"]


def test_a_file_that_fails_to_load_brings_no_follow_on_warnings(project, cli):
    edit(project / "content/alpha/notes.yaml", "    back: The first answer, 10 mg/kg.", "    back: [unclosed")
    result = cli("check", code=1)
    assert not [line for line in warnings_of(result) if "teaching_order" in line]


def test_order_lists_the_notes_students_meet_first(project, cli):
    assert cli("order", "beta").output.splitlines() == [
        "genpeds::Beta: 2 notes, first 2",
        "    1  betamax-basic  Betamax question?",
        "    2  beta-basic  Beta question?",
    ]
    assert cli("order", "gamma", code=1).output.strip() == "genpeds: error: unknown topic 'gamma'; topics: alpha, beta"
