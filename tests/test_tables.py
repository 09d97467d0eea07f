"""Data tables: rules make one note per row, or one per group of rows; ids come from keys, not values."""

from __future__ import annotations

from conftest import line_of, write

from genpeds.content import load_content

GROUPED = """table:
  id: beta-checklist
  title: Beta checklist
  columns:
    group: Permanent slug of the card the row belongs to
    cloze: Permanent cloze number of the row within its card
    age: Age
    skill: What most children can do
  tags: [genpeds::beta]
  sources:
    - source: fixture-guide-2024
      locator: Checklist
  reviewed: 2026-01-01
  rows:
    - key: walks
      group: age-12m
      cloze: 1
      age: 12 months
      skill: walks holding on
    - key: waves
      group: age-12m
      cloze: 2
      age: 12 months
      skill: waves bye-bye
      reviewed: 2026-02-01
    - key: runs
      group: age-2y
      cloze: 1
      age: 2 years
      skill: runs
  cards:
    - rule: age
      type: basic
      front: "Checklist: by what age do most children {skill}?"
      back: "{age}"
    - rule: skills
      type: cloze
      group_by: group
      text: "By **{age}** most children:\\n\\n{items}"
      item: "- {{{{c{cloze}::{skill}}}}}"
"""


def test_grouped_rule_makes_one_note_per_group(project):
    write(project / "content/beta/checklist.yaml", GROUPED.replace("{{{{", "{{").replace("}}}}", "}}"))
    content, report = load_content(project / "content")
    assert report.ok, [d.format() for d in report.diagnostics]
    made = {note.id: note for note in content.notes if note.id.startswith("beta-checklist/")}
    assert sorted(made) == ["beta-checklist/age-12m/skills", "beta-checklist/age-2y/skills",
                            "beta-checklist/runs/age", "beta-checklist/walks/age", "beta-checklist/waves/age"]
    twelve = made["beta-checklist/age-12m/skills"]
    assert twelve.field("text") == ("By **12 months** most children:\n\n"
                                    "- {{c1::walks holding on}}\n- {{c2::waves bye-bye}}")
    assert str(twelve.reviewed) == "2026-02-01"
    walks = made["beta-checklist/walks/age"]
    assert walks.field("front") == "Checklist: by what age do most children walks holding on?"


def test_group_value_must_be_a_slug(project):
    write(project / "content/beta/checklist.yaml",
          GROUPED.replace("{{{{", "{{").replace("}}}}", "}}").replace("group: age-2y", "group: 2 years"))
    _, report = load_content(project / "content")
    assert [d.message for d in report.errors] == [
        "table 'beta-checklist' row 'runs': 'group' must be a permanent slug (it names the note)"]


def test_grouped_rule_needs_an_item_template(project):
    write(project / "content/beta/checklist.yaml",
          GROUPED.replace("{{{{", "{{").replace("}}}}", "}}").replace('      item: "- {{c{cloze}::{skill}}}"\n', ""))
    _, report = load_content(project / "content")
    assert [d.message for d in report.errors] == [
        "table 'beta-checklist' rule 'skills': a grouped rule needs 'item' (written once per row into {items})"]


def test_a_table_with_no_card_rules_is_data_for_the_sheets_only(project, cli):
    """`cards: []` makes a data-only table: its rows make no note, yet every sheet that shows it shows them."""
    content, report = load_content(project / "content")
    assert report.ok
    table = next(table for table in content.tables if table.id == "beta-stages")
    assert len(table.rows) == 4
    assert not [note for note in content.notes if note.origin and note.origin.table_id == "beta-stages"]
    cli("sheets", "beta")
    page = (project / "dist/sheets/beta.html").read_text(encoding="utf-8")
    assert all(f'id="beta-stages/{row.key}"' in page for row in table.rows)


def test_cards_written_as_anything_but_a_list_says_how_to_write_a_data_only_table(project, cli):
    path = project / "content/beta/stages-table.yaml"
    for written in ("false", "none", "no"):
        path.write_text(path.read_text().replace("  cards: []\n", f"  cards: {written}\n"))
        result = cli("check", code=1)
        at = line_of(path, "  cards:")
        assert [line for line in result.output.splitlines() if ": error: " in line] == [
            f"content/beta/stages-table.yaml:{at}: error: table: 'cards' must be a list (each "
            "item starting with '- ') (a table whose rows only feed sheets, and make no cards, says 'cards: []')"]
        path.write_text(path.read_text().replace(f"  cards: {written}\n", "  cards: []\n"))


def test_a_chart_only_row_makes_no_card_and_needs_no_column_the_rules_fill(project):
    checklist = GROUPED.replace("{{{{", "{{").replace("}}}}", "}}").replace("    - key: runs\n", """\
    - key: crawls-range
      chart_only: true
      group: age-9m
      age: 9 months
    - key: runs
""")
    write(project / "content/beta/checklist.yaml", checklist)
    content, report = load_content(project / "content")
    assert report.ok, [d.format() for d in report.diagnostics]  # no 'skill' for the rule's {skill}: no error
    assert not [note.id for note in content.notes if "crawls-range" in note.id or "age-9m" in note.id]
    [table] = [table for table in content.tables if table.id == "beta-checklist"]
    assert [(row.key, row.chart_only) for row in table.rows] == [
        ("walks", False), ("waves", False), ("crawls-range", True), ("runs", False)]


def test_chart_only_is_true_or_false(project):
    write(project / "content/beta/checklist.yaml", GROUPED.replace("{{{{", "{{").replace("}}}}", "}}").replace(
        "      group: age-2y\n", "      group: age-2y\n      chart_only: sometimes\n"))
    _, report = load_content(project / "content")
    assert [d.message for d in report.errors] == [
        "table 'beta-checklist' row 'runs': 'chart_only' must be true or false"]
