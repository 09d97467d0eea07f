"""A sheet's table sections laid out as a table of columns (with doses by weight), a grid or a timeline."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from xml.etree import ElementTree

from genpeds.charts import GRID_WIDTH, NAME_WIDTH
from genpeds.citations import Citations
from genpeds.models import Row, SourceRef, Table
from genpeds.sheet_recipes import Doses, Grid, TableSection, Timeline
from genpeds.sheet_tables import lay_out_table

REVIEWED = dt.date(2026, 3, 1)
SVG = "{http://www.w3.org/2000/svg}"


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
    ("vaccine", "Vaccine"), ("mark", "Mark"), ("from", "From"), ("to", "To"), ("age", "Age"), ("kind", "Kind"),
), (
    row("hepb-1", vaccine="HepB", mark="1st", age="birth", **{"from": 0, "to": 0}),
    row("hepb-2", vaccine="HepB", mark="2nd", age="1–2 mo", **{"from": 1, "to": 2}),
    row("hepb-late", vaccine="HepB", mark="catch-up", kind="catch-up", **{"from": 4, "to": 4}),
    row("hepb-3", vaccine="HepB", mark="3rd", age="6–18 mo", **{"from": 6, "to": 18}),
    row("rv-x", vaccine="RV", mark="1st", **{"from": "later", "to": 4}),  # no number: not drawn
    row("flu", vaccine="Flu", mark="every season", **{"from": 6, "to": 216}),
    row("flu-2", vaccine="Flu", mark="2nd dose", **{"from": 7, "to": 96}),
))
KINDS = (("routine", "For all children"), ("catch-up", "Catch-up"), ("high-risk", "High-risk groups"))
AXIS = (("Birth", 0, 0), ("1 mo", 1, 1), ("2 mo", 2, 3), ("4 mo", 4, 5), ("6–18 mo", 6, 18), ("7–8 yrs", 84, 107),
        ("9–18 yrs", 108, 227))


def bars_of(svg: str) -> dict[str, list[tuple[str, str, int, int]]]:
    """Each line's bars as (kind, what pointing at it shows, first column, last column), lane by lane."""
    columns = (GRID_WIDTH - NAME_WIDTH) / len(AXIS)
    lines = {}
    for line in ElementTree.fromstring(svg).iter(f"{SVG}g"):
        if line.get("class") == "line":
            lines[line.get("data-line")] = [
                (bar.get("data-kind"), bar.find(f"{SVG}title").text,
                 round((float(bar.find(f"{SVG}rect").get("x")) - NAME_WIDTH) / columns),
                 round((float(bar.find(f"{SVG}rect").get("x")) + float(bar.find(f"{SVG}rect").get("width"))
                        - NAME_WIDTH) / columns) - 1)
                for bar in line.iter(f"{SVG}g") if bar.get("class") == "bar"]
    return lines


def lay_out_schedule(table: Table = SCHEDULE):
    timeline = Timeline("vaccine", "mark", "from", "to", "age", AXIS, kind="kind", kinds=KINDS)
    return lay_out_table(TableSection("alpha-schedule", "Schedule", (), timeline=timeline), table, Citations())


def test_a_timeline_draws_each_row_as_a_bar_of_its_kind_over_the_columns_its_range_touches():
    view = lay_out_schedule()
    assert bars_of(view.svg) == {
        "HepB": [("routine", "1st; For all children; birth", 0, 0), ("routine", "2nd; For all children; 1–2 mo", 1, 2),
                 ("catch-up", "catch-up; Catch-up", 3, 3), ("routine", "3rd; For all children; 6–18 mo", 4, 4)],
        # overlapping bars stack; the second season dose ends at 8 years, in the 7–8 column
        "Flu": [("routine", "every season; For all children", 4, 6), ("routine", "2nd dose; For all children", 4, 5)],
    }
    assert view.row_count == 6 and view.refs == (1,)
    # the legend explains the kinds the bars use, and only those
    assert re.findall(r'<li data-kind="([^"]+)">.*?</svg> ([^<]+)</li>', view.legend) == [
        ("routine", "For all children"), ("catch-up", "Catch-up")]


def corrected(table: Table, key: str, **values) -> Table:
    """The table with one row's values changed, as a contributor's fix would change them."""
    return replace(table, rows=tuple(replace(r, values=tuple({**dict(r.values), **values}.items())) if r.key == key
                                     else r for r in table.rows))


def test_a_fix_in_a_row_changes_the_grid():
    before = bars_of(lay_out_schedule().svg)
    fixed = corrected(corrected(SCHEDULE, "flu-2", to=200), "hepb-late", kind="high-risk")
    after = bars_of(lay_out_schedule(fixed).svg)
    assert before["Flu"][1] == ("routine", "2nd dose; For all children", 4, 5)
    assert after["Flu"][1] == ("routine", "2nd dose; For all children", 4, 6)
    assert after["HepB"][2] == ("high-risk", "catch-up; High-risk groups", 3, 3)


def test_rows_that_only_feed_a_chart_are_left_out_of_a_table_of_the_same_rows():
    only_drawn = replace(SCHEDULE, rows=tuple(replace(r, chart_only=r.key == "hepb-late") for r in SCHEDULE.rows))
    table = lay_out_table(TableSection("alpha-schedule", "Doses", ("vaccine", "mark")), only_drawn, Citations())
    assert "alpha-schedule/hepb-late" not in [r.id for r in table.rows] and len(table.rows) == 6
    assert ("catch-up", "catch-up; Catch-up", 3, 3) in bars_of(lay_out_schedule(only_drawn).svg)["HepB"]
