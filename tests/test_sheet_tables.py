"""A sheet's table sections laid out as a table of columns (with doses by weight), a grid or a timeline."""

from __future__ import annotations

import datetime as dt

from genpeds.citations import Citations
from genpeds.models import Row, SourceRef, Table
from genpeds.sheet_recipes import Doses, Grid, TableSection, Timeline
from genpeds.sheet_tables import lay_out_table

REVIEWED = dt.date(2026, 3, 1)


def row(key: str, tags: tuple[str, ...] = (), source: str = "guide", **values) -> Row:
    return Row(key, tuple(values.items()), tags, (SourceRef(source, "Table 3"),), REVIEWED)


DRUGS = Table("alpha-doses", "alpha", "Alpha doses", "Doses *per kg*.", (
    ("drug", "Drug"), ("per_kg", "Dose per kg"), ("unit", "Unit"), ("max", "Maximum"), ("comment", "Comment"),
), (
    row("drug-a", ("genpeds::red-flag",), drug="Drug A", per_kg=0.01, unit="mg", max=1, comment="IV or IO"),
    row("drug-b", drug="Drug **B**", per_kg=5, unit="mg", max=300, source="review"),
    row("drug-c", drug="Drug C", unit="mg"),
))


def test_a_table_shows_its_columns_and_a_dose_per_weight():
    section = TableSection("alpha-doses", "Doses by weight", ("drug", "max", "comment"), labels=(("max", "Maximum"),),
                           doses=Doses((3.0, 120.0), "per_kg", "unit", max_single="max"))
    view = lay_out_table(section, DRUGS, Citations())
    assert [(h.column, h.label, h.description) for h in view.headings] == [
        ("drug", "Drug", "Drug"), ("max", "Maximum", "Maximum"), ("comment", "Comment", "Comment"),
        ("dose-3kg", "3 kg", "Dose for 3 kg"), ("dose-120kg", "120 kg", "Dose for 120 kg")]
    assert [[cell.html for cell in r.cells] for r in view.rows] == [
        ["Drug A", "1", "IV or IO", "0.03\u00a0mg", "1\u00a0mg (max)"],
        ["Drug <strong>B</strong>", "300", "", "15\u00a0mg", "300\u00a0mg (max)"],
        ["Drug C", "", "", "", ""],  # no dose per kg: nothing is made up
    ]
    assert view.description == "Doses <em>per kg</em>."
    assert [(r.id, [b.word for b in r.badges], r.refs) for r in view.rows] == [
        ("alpha-doses/drug-a", ["Red flag"], (1,)), ("alpha-doses/drug-b", [], (2,)), ("alpha-doses/drug-c", [], (1,))]


def test_a_column_no_row_fills_is_left_out_and_rows_can_be_filtered():
    section = TableSection("alpha-doses", "Doses", ("drug", "comment"), when=("max",), leave_out=("drug-a",))
    view = lay_out_table(section, DRUGS, Citations())
    assert [h.column for h in view.headings] == ["drug"]  # drug-b has no comment
    assert [r.id for r in view.rows] == ["alpha-doses/drug-b"]


def test_details_gather_in_a_notes_column():
    section = TableSection("alpha-doses", "Doses", ("drug",), details=("comment",))
    view = lay_out_table(section, DRUGS, Citations())
    assert view.details_label == "Notes"
    assert [[(d.label, d.html) for d in r.details] for r in view.rows] == [[("", "IV or IO")], [], []]


def test_a_table_shown_twice_is_described_and_anchored_only_the_first_time():
    citations = Citations()
    section = TableSection("alpha-doses", "Doses", ("drug",))
    first, second = lay_out_table(section, DRUGS, citations), lay_out_table(section, DRUGS, citations)
    assert first.description and [r.id for r in first.rows] == ["alpha-doses/drug-a", "alpha-doses/drug-b",
                                                                 "alpha-doses/drug-c"]
    assert second.description == "" and [r.id for r in second.rows] == ["", "", ""]


MILESTONES = Table("alpha-milestones", "alpha", "Milestones", "", (
    ("age", "Age"), ("months", "Months"), ("domain", "Domain"), ("skill", "Skill"),
), (
    row("walks", age="12 mo", months=12, domain="motor", skill="Walks"),
    row("smiles", age="2 mo", months=2, domain="social", skill="Smiles"),
    row("coos", age="2 mo", months=2, domain="language", skill="Coos"),
    row("waves", ("genpeds::high-yield",), age="12 mo", months=12, domain="social", skill="Waves"),
))


def test_a_grid_puts_each_row_at_its_line_and_column():
    grid = Grid("age", "domain", "skill", across_order=("social", "motor"), sort_by="months")
    view = lay_out_table(TableSection("alpha-milestones", "Milestones", (), grid=grid), MILESTONES, Citations())
    assert view.corner == "Age"
    assert [h.label for h in view.across] == ["social", "motor", "language"]
    assert [(line.heading, [[item.html for item in items] for items in line.cells]) for line in view.lines] == [
        ("2 mo", [["Smiles"], [], ["Coos"]]),
        ("12 mo", [["Waves"], ["Walks"], []]),
    ]
    assert view.row_count == 4
    assert view.badges_shown()[0].word == "High yield"


SCHEDULE = Table("alpha-schedule", "alpha", "Schedule", "", (
    ("vaccine", "Vaccine"), ("dose", "Dose"), ("from", "From"), ("to", "To"), ("age", "Age"),
), (
    row("hepb-1", vaccine="HepB", dose="1", age="birth", **{"from": 0, "to": 0}),
    row("hepb-2", vaccine="HepB", dose="2", age="1–2 mo", **{"from": 1, "to": 2}),
    row("hepb-3", vaccine="HepB", dose="3", age="6–18 mo", **{"from": 6, "to": 18}),
    row("rv-x", vaccine="RV", dose="x", **{"from": "later", "to": 4}),  # no number: not drawn
))


def test_a_timeline_merges_neighbouring_columns_covered_by_the_same_rows():
    timeline = Timeline("vaccine", "dose", "from", "to", "age",
                        (("Birth", 0, 0), ("1 mo", 1, 1), ("2 mo", 2, 2), ("4 mo", 4, 4), ("6 mo", 6, 6)))
    view = lay_out_table(TableSection("alpha-schedule", "Schedule", (), timeline=timeline), SCHEDULE, Citations())
    assert view.axis == ("Birth", "1 mo", "2 mo", "4 mo", "6 mo")
    [line] = view.lines
    assert line.heading == "HepB"
    assert [(bar.span, bar.marks, bar.title) for bar in line.bars] == [
        (1, "1", "birth"), (2, "2", "1–2 mo"), (1, "", ""), (1, "3", "6–18 mo")]
    assert view.row_count == 3
    assert view.badges_shown() == []
