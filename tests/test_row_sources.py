"""Sources that fit the card: a table's sources are its rows' defaults, which a row adjusts and a rule
narrows; a notes file may give its notes one reviewed date; cards print a source's short label."""

from __future__ import annotations

from conftest import edit, line_of, write

from genpeds.cards import sources_html
from genpeds.content import load_content

TABLE = "content/alpha/table.yaml"
NOTES = "content/alpha/notes.yaml"
TWO_DEFAULTS = """  sources:
    - source: fixture-guide-2024
      locator: Table 3
    - source: fixture-review-2023
      locator: Chapter 1
  reviewed: 2026-03-01"""


def cited(content, note_id: str) -> list[tuple[str, str]]:
    [note] = [note for note in content.notes if note.id == note_id]
    return [(ref.source_id, ref.locator) for ref in note.sources]


def errors_of(result) -> list[str]:
    return [line for line in result.output.splitlines() if ": error: " in line]


def with_two_defaults(project) -> None:
    one_default = TWO_DEFAULTS.split("    - source: fixture-review")[0] + "  reviewed: 2026-03-01"
    edit(project / TABLE, one_default, TWO_DEFAULTS)


def rule_omits(project, source_id: str) -> None:
    edit(project / TABLE, "      when: [maximum]\n", f"      when: [maximum]\n      sources_omit: [{source_id}]\n")


def test_a_row_refines_a_default_locator_in_place_and_leaves_out_another(project):
    with_two_defaults(project)
    edit(project / TABLE, "      maximum: 1 mg\n", "      maximum: 1 mg\n      sources_add:\n"
         "        - source: fixture-review-2023\n          locator: Chapter 4, drug A\n")
    edit(project / TABLE, "      dose: 5 mg/kg\n", "      dose: 5 mg/kg\n      sources_omit: [fixture-review-2023]\n")
    content, report = load_content(project / "content")
    assert report.ok, [d.format() for d in report.diagnostics]
    assert cited(content, "alpha-doses/drug-a/dose") == [("fixture-guide-2024", "Table 3"),
                                                         ("fixture-review-2023", "Chapter 4, drug A")]
    assert cited(content, "alpha-doses/drug-b/dose") == [("fixture-guide-2024", "Table 3")]


def test_a_row_adds_a_source_after_the_defaults(project):
    edit(project / TABLE, "      maximum: 1 mg\n", "      maximum: 1 mg\n      sources_add:\n"
         "        - source: fixture-review-2023\n          locator: Chapter 2\n")
    content, report = load_content(project / "content")
    assert report.ok
    assert cited(content, "alpha-doses/drug-a/dose") == [("fixture-guide-2024", "Table 3"),
                                                         ("fixture-review-2023", "Chapter 2")]
    assert cited(content, "alpha-doses/drug-b/dose") == [("fixture-guide-2024", "Table 3")]


def test_leaving_out_a_source_the_table_does_not_cite_is_an_error(project, cli):
    edit(project / TABLE, "      dose: 5 mg/kg\n", "      dose: 5 mg/kg\n      sources_omit: [fixture-guide-2042]\n")
    line = line_of(project / TABLE, "sources_omit")
    assert errors_of(cli("check", code=1)) == [
        f"{TABLE}:{line}: error: table 'alpha-doses' row 'drug-b': 'sources_omit' names 'fixture-guide-2042', "
        "which is not one of the table's sources (did you mean 'fixture-guide-2024'?)"]


def test_replacing_and_adjusting_the_table_sources_at_once_is_an_error(project, cli):
    edit(project / TABLE, "      dose: 5 mg/kg\n", "      dose: 5 mg/kg\n      sources_omit: [fixture-guide-2024]\n"
         "      sources:\n        - source: fixture-review-2023\n          locator: Chapter 2\n")
    line = line_of(project / TABLE, "key: drug-b")
    assert errors_of(cli("check", code=1)) == [
        f"{TABLE}:{line}: error: table 'alpha-doses' row 'drug-b': 'sources' replaces the table's sources, so "
        "'sources_add' and 'sources_omit' have nothing to adjust (keep one of the two ways)"]


def test_a_row_that_copies_a_default_source_is_warned_about(project, cli):
    edit(project / TABLE, "      maximum: 1 mg\n", "      maximum: 1 mg\n      sources_add:\n"
         "        - source: fixture-guide-2024\n          locator: Table 3\n")
    line = line_of(project / TABLE, "sources_add") + 1
    output = cli("check").output
    assert (f"{TABLE}:{line}: warning: table 'alpha-doses' row 'drug-a': 'fixture-guide-2024' repeats the table's "
            "source and locator (leave it out: the row has it already)") in output


def test_a_rule_leaves_out_a_source_that_supports_only_the_other_cards(project):
    with_two_defaults(project)
    rule_omits(project, "fixture-review-2023")
    content, report = load_content(project / "content")
    assert report.ok, [d.format() for d in report.diagnostics]
    assert cited(content, "alpha-doses/drug-a/maximum") == [("fixture-guide-2024", "Table 3")]
    assert cited(content, "alpha-doses/drug-a/dose") == [("fixture-guide-2024", "Table 3"),
                                                         ("fixture-review-2023", "Chapter 1")]
    [table] = [table for table in content.tables if table.id == "alpha-doses"]
    assert len(table.rows[0].sources) == 2  # the row itself (and a sheet showing it) keeps both


def test_a_rule_leaving_out_a_source_no_row_cites_is_an_error(project, cli):
    rule_omits(project, "fixture-review-2023")
    line = line_of(project / TABLE, "sources_omit")
    assert errors_of(cli("check", code=1)) == [
        f"{TABLE}:{line}: error: table 'alpha-doses' rule 'maximum': 'sources_omit' names 'fixture-review-2023', "
        "which no row of the table cites (did you mean 'fixture-guide-2024'?)"]


def test_a_rule_leaving_a_card_without_sources_is_an_error(project, cli):
    rule_omits(project, "fixture-guide-2024")
    line = line_of(project / TABLE, "key: drug-a")
    assert errors_of(cli("check", code=1)) == [
        f"{TABLE}:{line}: error: table 'alpha-doses' row 'drug-a' rule 'maximum': no source of the row supports "
        "this card (give the row one ('sources_add'), or check the rule's 'sources_omit' and the sources' 'for')"]


def test_a_notes_file_gives_its_notes_a_default_reviewed_date(project):
    edit(project / NOTES, "    reviewed: 2026-02-01\n", "")
    text = (project / NOTES).read_text()
    write(project / NOTES, "reviewed: 2026-05-05\n" + text)
    content, report = load_content(project / "content")
    assert report.ok, [d.format() for d in report.diagnostics]
    reviewed = {note.id: str(note.reviewed) for note in content.notes if note.id.startswith("alpha-")}
    assert reviewed["alpha-cloze"] == "2026-05-05"  # the file's date
    assert reviewed["alpha-basic"] == "2026-01-15"  # a note's own date wins


def test_cards_print_a_source_by_its_short_label(project):
    content, report = load_content(project / "content")
    assert report.ok
    [note] = [note for note in content.notes if note.id == "alpha-basic"]
    assert sources_html(note, content) == ('<ul><li><a href="https://example.org/fixture-guide">'
                                           "Fixture Society · guideline, 2024</a> · Section 1</li></ul>")


def test_a_source_without_a_label_is_an_error(project, cli):
    edit(project / "content/sources/fixture.yaml", "    label: Fixture Society · guideline\n", "")
    line = line_of(project / "content/sources/fixture.yaml", "body: Fixture Society")  # where its keys start
    errors = errors_of(cli("check", code=1))
    assert (f"content/sources/fixture.yaml:{line}: error: source 'fixture-guide-2024': 'label' is missing "
            "(Short name cards and sheets print: body and short title ('AAP · hyperbilirubinemia CPG').)") in errors


def test_a_source_only_a_row_cites_is_not_warned_about_as_uncited(project, cli):
    with_two_defaults(project)
    edit(project / NOTES, "      - source: fixture-review-2023\n", "      - source: fixture-guide-2024\n")
    rule_omits(project, "fixture-review-2023")
    edit(project / TABLE, "      extra: \"Maximum: {maximum?}\"\n",
         "      extra: \"Maximum: {maximum?}\"\n      sources_omit: [fixture-review-2023]\n")
    output = cli("check").output
    assert "uncited" not in output and "cited by no note" not in output  # the row (and its sheet) still cites it


def test_a_source_for_some_columns_is_cited_only_by_the_cards_that_show_them(project):
    with_two_defaults(project)
    edit(project / TABLE, "      locator: Chapter 1\n", "      locator: Chapter 1\n      for: [maximum]\n")
    content, report = load_content(project / "content")
    assert report.ok, [d.format() for d in report.diagnostics]
    # the dose card shows {maximum} only in its extra: still one of its columns, so it cites the source
    assert cited(content, "alpha-doses/drug-a/maximum") == [("fixture-guide-2024", "Table 3"),
                                                            ("fixture-review-2023", "Chapter 1")]
    edit(project / TABLE, '      extra: "Maximum: {maximum?}"\n', "")
    content, report = load_content(project / "content")
    assert cited(content, "alpha-doses/drug-a/dose") == [("fixture-guide-2024", "Table 3")]


def test_a_source_for_an_unknown_column_is_an_error(project, cli):
    with_two_defaults(project)
    edit(project / TABLE, "      locator: Chapter 1\n", "      locator: Chapter 1\n      for: [maximun]\n")
    line = line_of(project / TABLE, "  sources:")
    assert errors_of(cli("check", code=1)) == [
        f"{TABLE}:{line}: error: table 'alpha-doses': source 'fixture-review-2023' is 'for' 'maximun', which is not "
        "a column (did you mean 'maximum'?)"]


def test_a_note_source_cannot_be_for_columns(project, cli):
    edit(project / NOTES, "        locator: Section 1\n", "        locator: Section 1\n        for: [dose]\n")
    line = line_of(project / NOTES, "for: [dose]")
    assert errors_of(cli("check", code=1)) == [f"{NOTES}:{line}: error: note 'alpha-basic': unknown key 'for' "
                                               "(allowed keys: locator, source)"]


def test_a_rule_leaves_out_a_row_tag_that_does_not_fit_its_cards(project, cli):
    edit(project / TABLE, "      when: [maximum]\n", "      when: [maximum]\n      tags_omit: [genpeds::red-flag]\n")
    edit(project / TABLE, "      maximum: 1 mg\n", "      maximum: 1 mg\n      tags: [genpeds::red-flag]\n")
    content, report = load_content(project / "content")
    assert report.ok, [d.format() for d in report.diagnostics]
    tags = {note.id: note.tags for note in content.notes}
    assert "genpeds::red-flag" in tags["alpha-doses/drug-a/dose"]
    assert "genpeds::red-flag" not in tags["alpha-doses/drug-a/maximum"]
    edit(project / TABLE, "tags_omit: [genpeds::red-flag]", "tags_omit: [genpeds::red-flags]")
    line = line_of(project / TABLE, "tags_omit")
    assert any(error.startswith(f"{TABLE}:{line}: error: table 'alpha-doses' rule 'maximum': ") and "red-flags" in error
               for error in errors_of(cli("check", code=1)))
