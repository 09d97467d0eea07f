"""Release notes tell a changed card from one that reads as before: its sources corrected, or only shown
differently (a label, a tag). The ledger keeps a digest of each for every change."""

from __future__ import annotations

import json

from conftest import edit

NOTES = "content/alpha/notes.yaml"
SOURCES = "content/sources/fixture.yaml"


def release(cli, version: str, day: int) -> None:
    cli("release", version, "--time", f"2026-03-{day:02d}T00:00:00")


def test_the_ledger_records_what_each_change_says_and_cites(project, cli):
    release(cli, "1.0.0", 1)
    ledger = json.loads((project / "content/ledger.json").read_text())
    change = ledger["notes"]["alpha-basic"]["history"][-1]
    assert len(change["reads"]) == 16 and len(change["cites"]) == 16


def test_release_notes_count_same_card_changes_and_list_real_ones(project, cli):
    release(cli, "1.0.0", 1)
    edit(project / SOURCES, "label: Fixture Review Board · review", "label: FRB · review")  # alpha-cloze cites it
    edit(project / NOTES, "        locator: Section 1\n", "        locator: Section 1, second paragraph\n")
    edit(project / "content/beta/notes.yaml", "Beta answer.\n    tags: [genpeds::beta",
         "Beta answer.\n    tags: [genpeds::high-yield, genpeds::beta")
    release(cli, "1.1.0", 2)
    notes = cli("diff", "1.0.0", "1.1.0").output
    assert "0 added, 0 changed, 0 retired." in notes
    assert "The card reads as before on 3 more: 1 cite other documents or places in them, 2 show their " \
           "sources or tags differently only." in notes
    assert "- Changed:" not in notes

    edit(project / NOTES, "back: The first answer, 10 mg/kg.", "back: The first answer, 12 mg/kg.")
    release(cli, "1.2.0", 3)
    notes = cli("diff", "1.1.0", "1.2.0").output
    assert "0 added, 1 changed, 0 retired." in notes and "- Changed: `alpha-basic`" in notes


def test_a_change_to_every_note_of_a_table_rule_is_one_line(project, cli):
    release(cli, "1.0.0", 1)
    edit(project / "content/alpha/table.yaml", 'front: "Fixture: {drug} dose per kg?"',
         'front: "{drug}: dose per kg (fixture)?"')
    release(cli, "1.1.0", 2)
    notes = cli("diff", "1.0.0", "1.1.0").output
    assert "0 added, 2 changed, 0 retired." in notes
    # below five notes a rule's changes are listed one by one
    assert "- Changed: `alpha-doses/drug-a/dose`" in notes and "- Changed: `alpha-doses/drug-b/dose`" in notes


def test_a_whole_rule_is_one_line_only_when_every_note_of_it_changed():
    from genpeds.diffing import NoteChange, format_diff

    def changes(count: int, of: int) -> list[NoteChange]:
        return [NoteChange("changed", f"t/row-{n}/rule", "genpeds::Alpha", f"Prompt {n}?", of) for n in range(count)]

    whole = format_diff(changes(5, 5), "1.0.0", "1.1.0")
    assert "- Changed: `t/*/rule` — all 5 notes of this table rule, e.g. Prompt 0?" in whole.splitlines()
    part = format_diff(changes(5, 6), "1.0.0", "1.1.0")
    assert "`t/*/rule`" not in part and part.count("- Changed: `t/row-") == 5
