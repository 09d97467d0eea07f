"""`genpeds sheets`: sheets hold exactly the data they are built from, the same bytes every time.

Golden files cover the fixture project only (tests/fixtures/project), so a content change never
touches a golden. After an intended change to the templates or the stylesheet, refresh them with

    GENPEDS_UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/test_sheets.py -k golden

and read the diff of tests/goldens/sheets/ as part of the review.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
from conftest import FIXTURE_PROJECT, REPO_ROOT, edit, line_of, write
from sheet_html import cell_text, parse

from genpeds import __version__
from genpeds.project import load_project
from genpeds.sheet_recipes import load_sheet_recipes
from genpeds.sheet_view import reveal_cloze
from genpeds.sheets import css_string, write_sheets

GOLDENS = Path(__file__).parent / "goldens" / "sheets"
GOLDEN_VERSION = "0.0.0-fixture"
ALPHA_TABLE = "content/alpha/table.yaml"
BETA_TABLE = "content/beta/stages-table.yaml"


def build(root: Path, out: Path, version: str = GOLDEN_VERSION, sheets_dir: Path | None = None):
    """Build every sheet of the project at `root` into `out` through the library; returns the report."""
    project = load_project(root / "content", None)
    recipes, recipe_report = load_sheet_recipes(sheets_dir or root / "sheets", project.content)
    write_sheets(project, recipes, recipe_report, out, version)
    return recipe_report


def errors_of(result) -> list[str]:
    """The `path:line: error:` lines (not the closing 'genpeds: error:' summary)."""
    return [line for line in result.output.splitlines() if ": error: " in line and not line.startswith("genpeds:")]


# --- What the command writes and says ---------------------------------------------------------

def test_sheets_writes_every_sheet_and_the_index(project, cli):
    result = cli("sheets")
    assert result.output.splitlines() == [
        "wrote dist/sheets/alpha.html: Alpha sheet (2 table rows, 2 notes)",
        "wrote dist/sheets/beta.html: Beta sheet (4 table rows, 2 notes)",
        "wrote dist/sheets/index.html: index of 2 sheet(s)",
    ]
    assert sorted(p.name for p in (project / "dist/sheets").iterdir()) == ["alpha.html", "beta.html", "index.html"]


def test_named_sheet_only_and_the_index_links_what_was_written(project, cli):
    cli("sheets", "beta", "--out", "print")
    assert sorted(p.name for p in (project / "print").iterdir()) == ["beta.html", "index.html"]
    links = [a.attrs["href"] for a in parse(project / "print/index.html").iter() if a.tag == "a"]
    assert links == ["beta.html"]


def test_unknown_sheet(project, cli):
    result = cli("sheets", "alpah", code=1)
    assert result.output.strip() == "genpeds: error: unknown sheet 'alpah'; sheets: alpha, beta"


def test_missing_recipes_folder(project, cli):
    result = cli("sheets", "--sheets", "nowhere", code=1)
    assert result.output.strip() == (
        "genpeds: error: no sheet recipes found at 'nowhere'; run genpeds from the project folder or pass --sheets DIR")


def test_every_sheet_carries_sources_version_review_date_and_caution(project, cli):
    cli("sheets")
    for name in ("alpha", "beta"):
        text = parse(project / f"dist/sheets/{name}.html").text
        assert "Content version unreleased" in text  # the fixture has no release yet
        assert "Not a substitute for clinical judgement." in text
        assert "check local protocols" in text
    alpha = parse(project / "dist/sheets/alpha.html")
    assert "last reviewed 2026-01-15 to 2026-03-01" in alpha.text
    cli("release", "1.0.0", "--time", "2026-04-01T00:00:00")
    cli("sheets")
    assert "Content version 1.0.0 ·" in parse(project / "dist/sheets/alpha.html").text
    edit(project / "content/beta/notes.yaml", "back: Beta answer.", "back: Beta answer, corrected.")
    cli("sheets")
    assert "Content version 1.0.0 + unreleased changes" in parse(project / "dist/sheets/alpha.html").text
    # in full on screen, as its short label in print
    first, second = alpha.find(id="source-1"), alpha.find(id="source-2")
    assert first.find(class_="full").text == "Fixture Society — Fixture Guideline (2nd edition), 2024"
    assert first.find(class_="short").text == "Fixture Society · guideline, 2024"
    assert second.find(class_="full").text == "Fixture Review Board — Fixture Review, 2023"


def test_sheet_is_self_contained(project, cli):
    cli("sheets")
    for page in (project / "dist/sheets").iterdir():
        html = page.read_text(encoding="utf-8")
        assert "<style>" in html and "@media print" in html, page.name
        for loads_something in ("<script", "<link", "<img", "src=", "url(", "@import"):
            assert loads_something not in html, f"{page.name} contains {loads_something}"


# --- The sheets show the data they are built from ----------------------------------------------

def test_changed_table_value_replaces_the_old_one_in_its_cell(project, cli):
    cli("sheets", "--out", "before")
    assert cell_text(project / "before/alpha.html", "alpha-doses/drug-b", "dose") == "5 mg/kg"
    edit(project / ALPHA_TABLE, "dose: 5 mg/kg", "dose: 7.5 mg/kg")
    cli("sheets", "--out", "after")
    sheet = project / "after/alpha.html"
    assert cell_text(sheet, "alpha-doses/drug-b", "dose") == "7.5 mg/kg"
    assert cell_text(sheet, "alpha-doses/drug-a", "dose") == "0.01 mg/kg"
    assert "5 mg/kg" not in sheet.read_text(encoding="utf-8").replace("7.5 mg/kg", "")


def test_changed_detail_value(project, cli):
    edit(project / ALPHA_TABLE, "maximum: 1 mg", "maximum: 2 mg")
    cli("sheets")
    assert cell_text(project / "dist/sheets/alpha.html", "alpha-doses/drug-a", "maximum") == "2 mg"
    assert "1 mg" not in parse(project / "dist/sheets/alpha.html").find(id="alpha-doses/drug-a").find(
        data_column="details").text


def test_changed_grid_value_lands_in_its_row_and_column(project, cli):
    edit(project / BETA_TABLE, "sign: Sign three", "sign: Sign three, revised")
    cli("sheets")
    page = parse(project / "dist/sheets/beta.html")
    item = page.find(id="beta-stages/late-left")
    assert item.text.startswith("Sign three, revised")
    assert item.parent.parent.attrs["data-label"] == "left"
    assert item.parent.parent.parent.children[1].text == "Late[1,2]"


def test_changed_note_answer(project, cli):
    edit(project / "content/beta/notes.yaml", "back: Beta answer.", "back: Beta answer, corrected.")
    cli("sheets")
    fact = parse(project / "dist/sheets/beta.html").find(id="beta-basic")
    assert fact.find(class_="a").text == "Beta answer, corrected.[2]"


def test_cloze_answers_are_shown_in_bold_without_hints():
    assert reveal_cloze("Alpha has {{c1::two parts}} and {{c2::a hint::what kind?}}.") == (
        "Alpha has <strong>two parts</strong> and <strong>a hint</strong>.")
    assert reveal_cloze("Give {{c1::**0.1** mg/kg, max {{c2::1 mg}}}}.") == (
        "Give <strong><strong>0.1</strong> mg/kg, max <strong>1 mg</strong></strong>.")


def test_markup_in_content_is_cleaned_and_text_is_escaped(project, cli):
    edit(project / ALPHA_TABLE, "drug: Drug A", 'drug: "Drug A <script>alert(1)</script><b onclick=x>bold</b>"')
    edit(project / "sheets/alpha.yaml", "title: Alpha sheet", "title: Alpha <i>sheet</i>")
    cli("sheets")
    html = (project / "dist/sheets/alpha.html").read_text(encoding="utf-8")
    assert "<script" not in html and "onclick" not in html
    assert "<b>bold</b>" in html
    assert "<h1>Alpha &lt;i&gt;sheet&lt;/i&gt;</h1>" in html


def test_sources_are_numbered_in_order_of_first_citation(project, cli):
    cli("sheets")
    page = parse(project / "dist/sheets/beta.html")
    assert page.find(id="source-1").text.startswith("Fixture Review Board")  # the grid's table cites it first
    line_heading = page.find(id="beta-stages/late-left").parent.parent.parent.children[1]
    assert line_heading.find(class_="refs").text == "[1,2]"  # a grid line cites its items' sources once


def test_table_of_the_sheets_topic_that_no_section_names_is_added_at_the_end(project, cli):
    write(project / "content/alpha/extra-table.yaml", """\
table:
  id: alpha-extra
  title: Alpha extra
  columns:
    thing: Thing
  tags: [genpeds::alpha]
  sources:
    - source: fixture-guide-2024
      locator: Table 9
  reviewed: 2026-03-01
  rows:
    - key: one
      thing: Extra thing
  cards: []
""")
    cli("sheets")
    page = parse(project / "dist/sheets/alpha.html")
    assert [h.text for h in page.iter() if h.tag == "h2"][-2:] == ["Alpha extra", "Sources"]
    assert cell_text(project / "dist/sheets/alpha.html", "alpha-extra/one", "thing") == "Extra thing"


def test_a_table_another_sheet_of_the_topic_names_is_not_added_again(project, cli):
    """A topic may spread its tables over two sheets (PALS by weight on one, fluids on the other): a table
    shows on the sheet that names it, and only a table that no sheet names is added to each of them."""
    write(project / "sheets/alpha-doses.yaml", """\
title: Alpha doses alone
order: 3
topics: [alpha]
sections:
  - table: alpha-doses
""")
    edit(project / "sheets/alpha.yaml", """  - table: alpha-doses
    title: Alpha doses per kg
    columns: [drug, dose]
    details: [maximum]
    labels:
      dose: Dose per kg

""", "")
    cli("sheets")
    alpha = [h.text for h in parse(project / "dist/sheets/alpha.html").iter() if h.tag == "h2"]
    doses = [h.text for h in parse(project / "dist/sheets/alpha-doses.html").iter() if h.tag == "h2"]
    assert "Alpha doses" not in " ".join(alpha), alpha
    assert doses[0].startswith("Alpha doses") and doses[-1] == "Sources", doses


def test_a_note_appears_once_per_sheet(project, cli):
    edit(project / "sheets/alpha.yaml", "ids: [alpha-cloze]", "ids: [alpha-cloze, alpha-basic]")
    cli("sheets")
    page = parse(project / "dist/sheets/alpha.html")
    assert [h.text for h in page.iter() if h.tag == "h2"] == ["Alpha doses per kg", "Alpha in order", "Sources"]


def test_two_runs_are_byte_identical(project, cli):
    cli("sheets", "--out", "one")
    cli("sheets", "--out", "two")
    for name in ("alpha.html", "beta.html", "index.html"):
        assert (project / "one" / name).read_bytes() == (project / "two" / name).read_bytes()


def test_invalid_content_writes_nothing(project, cli):
    cli("sheets")
    before = {p.name: p.read_bytes() for p in (project / "dist/sheets").iterdir()}
    edit(project / ALPHA_TABLE, "dose: 5 mg/kg", "dose: 7 mg/kg")
    edit(project / "content/beta/notes.yaml", "tags: [genpeds::beta]", "tags: [genpeds::btea]")
    result = cli("sheets", code=1)
    assert "unknown tag 'genpeds::btea'" in result.output
    assert result.output.strip().endswith("nothing was written (run 'genpeds check')")
    assert {p.name: p.read_bytes() for p in (project / "dist/sheets").iterdir()} == before


def test_unwritable_output_is_a_clear_error(project, cli):
    (project / "blocked").write_text("a file where the folder should be")
    result = cli("sheets", "--out", "blocked/sheets", code=1)
    assert result.output.startswith("genpeds: error: cannot write sheets into blocked/sheets")


# --- Recipe mistakes: every one reported with its file and line -------------------------------

@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ("table: alpha-doses", "table: alpha-dose", "table: alpha-dose",
     "sheet 'alpha' section 1 ('Alpha doses per kg'): unknown table 'alpha-dose' (did you mean 'alpha-doses'?)"),
    ("columns: [drug, dose]", "columns: [drug, doses]", "columns: [drug, doses]",
     "sheet 'alpha' section 1 ('Alpha doses per kg'): 'doses' is not a column of table 'alpha-doses' "
     "(did you mean 'dose'?)"),
    ("notes: [genpeds::alpha]", "notes: [genpeds::alpah]", "notes: [genpeds::alpah]",
     "sheet 'alpha' section 3 ('Alpha facts'): unknown tag 'genpeds::alpah' (did you mean 'genpeds::alpha'?)"),
    ("ids: [alpha-cloze]", "ids: [alpha-clozee]", "ids: [alpha-clozee]",
     "sheet 'alpha' section 2 ('Alpha in order'): no note has the id 'alpha-clozee' (did you mean 'alpha-cloze'?)"),
    ("layout: steps", "layout: step", "layout: step",
     "sheet 'alpha' section 2 ('Alpha in order'): unknown layout 'step' (did you mean 'steps'?)"),
    ("extra: true", "extra: yes please", "extra: yes please",
     "sheet 'alpha' section 3 ('Alpha facts'): 'extra' must be true or false"),
    ("topics: [alpha]", "topics: [alpah]", "topics: [alpah]",
     "sheet 'alpha': unknown topic 'alpah' (did you mean 'alpha'?)"),
    ("    layout: steps\n", "    layout: steps\n    details: [dose]\n", "details: [dose]",
     "sheet 'alpha' section 2 ('Alpha in order'): 'details' is for table sections"),
    ("topics: [alpha]\n", "topics: [alpha]\norientation: landscpe\n", "orientation: landscpe",
     "sheet 'alpha': 'orientation' unknown orientation 'landscpe' (did you mean 'landscape'?)"),
])
def test_recipe_mistake_names_file_and_line(project, cli, old, new, needle, message):
    recipe = project / "sheets/alpha.yaml"
    edit(recipe, old, new)
    result = cli("sheets", code=1)
    assert errors_of(result) == [f"sheets/alpha.yaml:{line_of(recipe, needle)}: error: {message}"]
    assert not (project / "dist").exists()


def test_section_showing_one_thing(project, cli):
    recipe = project / "sheets/beta.yaml"
    edit(recipe, "  - title: Beta facts\n", "  - title: Beta facts\n    table: beta-stages\n")
    result = cli("sheets", code=1)
    assert errors_of(result) == [
        f"sheets/beta.yaml:{line_of(recipe, 'title: Beta facts')}: error: sheet 'beta' section 2 ('Beta facts'): "
        "give exactly one of 'table', 'notes', 'ids' or 'growth_chart' "
        "(a section shows one data table, notes chosen by tag or by id, or a growth reference chart)"
    ]


def test_section_matching_no_note_is_a_warning_and_is_left_out(project, cli):
    recipe = project / "sheets/beta.yaml"
    edit(recipe, "sections:\n", "sections:\n  - title: Red flags\n    notes: [genpeds::red-flag]\n")
    result = cli("sheets")
    assert result.output.splitlines()[0] == (
        f"sheets/beta.yaml:{line_of(recipe, 'genpeds::red-flag')}: warning: sheet 'beta' section 1 ('Red flags'): "
        "no note matches; the section is left out")
    assert "Red flags" not in [h.text for h in parse(project / "dist/sheets/beta.html").iter() if h.tag == "h2"]


def test_css_string_cannot_break_out():
    assert css_string('A "quoted" </style> title') == r'"A \22 quoted\22  \3c \2f style\3e  title"'


# --- Golden files (fixture content only) -------------------------------------------------------

@pytest.mark.parametrize("name", ["alpha.html", "beta.html", "index.html"])
def test_golden(tmp_path, monkeypatch, name):
    monkeypatch.chdir(FIXTURE_PROJECT)
    report = build(FIXTURE_PROJECT, tmp_path)
    assert not report.diagnostics, [d.format() for d in report.diagnostics]
    actual = (tmp_path / name).read_text(encoding="utf-8")
    golden = GOLDENS / name
    if os.environ.get("GENPEDS_UPDATE_GOLDENS"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(golden), "now"))
        pytest.fail(f"{name} differs from its golden; if the change is intended, refresh with "
                    f"GENPEDS_UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/test_sheets.py -k golden\n{diff}")


# --- The project's own sheets ------------------------------------------------------------------

def test_project_sheets_build_cleanly_from_the_real_content(tmp_path, monkeypatch):
    """A content change that breaks a sheet recipe (a renamed column, a retired note) fails here."""
    monkeypatch.chdir(REPO_ROOT)
    report = build(REPO_ROOT, tmp_path, version=__version__)
    assert report.ok, "\n".join(d.format() for d in report.errors)
    names = sorted(p.stem for p in (REPO_ROOT / "sheets").glob("*.yaml"))
    assert names == ["chd", "congenital", "congenital-anomalies", "emergencies", "growth", "jaundice",
                     "kawasaki-murmurs", "milestones", "neonatal", "newborn-screening", "pals", "reflexes", "vaccines"]
    for name in names:
        html = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        assert re.search(r"<table class=\"(data|grid)[^\"]*\">|<svg class=\"chart-svg\"", html), (
            f"{name} shows no table and no chart")
        text = parse(tmp_path / f"{name}.html").text
        # a column's name is for the data, never for the reader: "dose_per_kg", "Ml per kg day"
        leaked = sorted(set(re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\bMl per\b", text)))
        assert leaked == [], f"{name} shows column names: {leaked}"


def test_the_pals_lookup_gives_each_drug_dose_its_volume_and_the_energies(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO_ROOT)
    build(REPO_ROOT, tmp_path, version=__version__)
    sheet = tmp_path / "pals.html"
    table = "emergencies-pals-drug-doses"
    assert cell_text(sheet, f"{table}/epinephrine-arrest", "concentration") == "0.1 mg/mL 1:10,000 (1 mg in 10 mL)"
    assert cell_text(sheet, f"{table}/epinephrine-arrest", "dose-10kg") == "0.1 mg 1 mL"
    assert cell_text(sheet, f"{table}/amiodarone-arrest", "dose-40kg") == "200 mg 4 mL"
    assert cell_text(sheet, f"{table}/atropine-bradycardia", "dose-3kg") == "0.1 mg (min) 1 mL"
    assert cell_text(sheet, f"{table}/sodium-bicarbonate", "dose-3kg") == "3 mEq"  # 4.2% under 5 kg: the note says
    assert cell_text(sheet, f"{table}/dextrose-d10", "dose-20kg") == "10–20 g 100–200 mL"
    assert cell_text(sheet, f"{table}/defibrillation-first", "dose-20kg") == "40 J"
    assert cell_text(sheet, f"{table}/cardioversion-first", "dose-20kg") == "10–20 J"
    # a long note on the concentration prints once under the table, its mark in each row that has it
    assert cell_text(sheet, f"{table}/adenosine-first", "concentration") == "3 mg/mL a"
    assert cell_text(sheet, f"{table}/adenosine-second", "concentration") == "3 mg/mL a"
    notes = [item.text for item in parse(sheet).iter() if item.tag == "li"
             and item.parent is not None and "table-notes" in item.parent.attrs.get("class", "")]
    assert notes[0] == "a undiluted; some newborn protocols dilute to 0.3 mg/mL"
    assert any(note.startswith("g 8.4%; under 5 kg use 4.2%") for note in notes), notes
    assert len(notes) == len(set(notes))
    # every row with a concentration has a volume at every weight but where its solution is not used
    page = parse(sheet)
    lookup = next(e for e in page.iter() if e.tag == "section" and "lookup" in e.attrs.get("class", ""))
    rows = [e for e in lookup.iter() if e.tag == "tr" and e.attrs.get("id", "").startswith(table)]
    with_volumes = [row for row in rows if any(e.attrs.get("class") == "volume" for e in row.iter())]
    assert len(with_volumes) == 14 and len(rows) == 20
    for row in with_volumes:
        weights = [e for e in row.iter() if e.tag == "td" and e.attrs.get("class") == "weight"]
        volumes = [e for cell in weights for e in cell.iter() if e.attrs.get("class") == "volume"]
        assert len(weights) == 8 and len(volumes) == (7 if row.attrs["id"].endswith("sodium-bicarbonate") else 8)


def test_the_endotracheal_tube_rows_follow_their_formulas(real_content):
    """Each row's numbers are written out for the sheet; here they are worked out again from the formulas the
    table names: uncuffed age/4 + 4, cuffed age/4 + 3.5, depth 3 × the diameter, weight by the APLS formula."""
    tables = {table.id: table for table in real_content.tables}
    bands = tables["emergencies-weight-estimation"].rows
    rows = tables["emergencies-ett-by-age"].rows
    assert [row.key for row in rows] == ["under-1-year", "age-2-years", "age-4-years", "age-6-years", "age-8-years"]
    for row in rows:
        uncuffed, cuffed = (float(row.value(column)) for column in ("uncuffed_mm", "cuffed_mm"))
        assert all(re.fullmatch(r"\d\.\d", row.value(column)) for column in ("uncuffed_mm", "cuffed_mm"))  # "5.0"
        assert (row.value("uncuffed_depth_cm"), row.value("cuffed_depth_cm")) == (3 * uncuffed, 3 * cuffed), row.key
        age = row.value("age_years")
        if age is None:
            assert (uncuffed, cuffed) == (3.5, 3.0)
            continue
        assert (uncuffed, cuffed) == (age / 4 + 4, age / 4 + 3.5), row.key
        band = next(band for band in bands if band.value("min_age") <= age <= band.value("max_age"))
        assert row.value("typical_weight") == band.value("multiplier") * age + band.value("constant"), row.key


@pytest.fixture(scope="module")
def real_content():
    from genpeds.content import load_content

    content, report = load_content(REPO_ROOT / "content")
    assert report.ok
    return content


def test_the_vaccine_grid_shows_every_kind_with_its_legend_and_says_what_each_bar_is(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO_ROOT)
    build(REPO_ROOT, tmp_path, version=__version__)
    html = (tmp_path / "vaccines.html").read_text(encoding="utf-8")
    grid = html[html.index('<svg class="schedule-svg"'):html.index("</figure>")]
    bars = re.findall(r'<g class="bar" data-kind="([^"]+)"><title>([^<]*)</title><rect [^>]*/>(?:<text [^>]*>([^<]*)'
                      r"</text>)?</g>", grid)
    legend = re.findall(r'<li data-kind="([^"]+)">', grid)
    assert legend == ["routine", "catch-up", "high-risk", "shared-decision"]
    assert sorted({kind for kind, _, _ in bars}) == sorted(legend)
    # a dose's bar says which dose it is, never a bare number ("1", "1, 2")
    assert all(text for kind, _, text in bars if kind == "routine"), [tip for kind, tip, text in bars if not text]
    assert not [text for _, _, text in bars if re.fullmatch(r"[\d, ]+", text)]
    # the second influenza dose of a first season ends at 8 years, in the 7–8 column, not at 10
    influenza = grid[grid.index('data-line="Influenza"'):grid.index('data-line="COVID-19"')]
    second = re.search(r'<title>2nd dose in the first season[^<]*</title><rect x="([\d.]+)" y="[\d.]+" '
                       r'width="([\d.]+)"', influenza)
    headings = re.findall(r'<text x="([\d.]+)" y="[\d.]+">([^<]+)</text>', grid[:grid.index('class="line"')])
    seven_to_eight = next(float(x) for x, text in headings if text in ("7–8", "7–8 yrs"))
    nine_to_ten = next(float(x) for x, text in headings if text in ("9–10", "9–10 yrs"))
    end = float(second.group(1)) + float(second.group(2))
    assert seven_to_eight < end < (seven_to_eight + nine_to_ten) / 2


# --- Computed layouts: doses by weight, timelines, row filters ---------------------------------

def dose_row(**values):
    from genpeds.models import Row
    return Row("r", tuple(values.items()), (), (), None)


@pytest.mark.parametrize(("values", "weight", "shown"), [
    ({"per_kg": 0.01, "unit": "mg", "max": 1}, 3, "0.03 mg"),
    ({"per_kg": 0.01, "unit": "mg", "max": 1}, 120, "1 mg (max)"),
    ({"per_kg": 0.02, "unit": "mg", "max": 0.5, "min": 0.1}, 3, "0.1 mg (min)"),
    ({"per_kg": 0.02, "unit": "mg", "max": 0.5, "min": 0.1}, 40, "0.5 mg (max)"),
    ({"per_kg": 25, "high": 50, "unit": "mg", "max": 2000}, 10, "250–500 mg"),
    ({"per_kg": 25, "high": 50, "unit": "mg", "max": 2000}, 60, "1500–2000 mg (max)"),
    ({"per_kg": 25, "high": 50, "unit": "mg", "max": 2000}, 100, "2000 mg (max)"),
    ({"per_kg": 4, "high": 10, "unit": "J", "cap": 10}, 15, "60–150 J"),
    ({"per_kg": 5, "unit": "mg", "max": 300}, 2.5, "12.5 mg"),
    ({"per_kg": 1, "unit": "mEq"}, 7, "7 mEq"),
    ({"unit": "mg"}, 7, ""),  # no number to compute from: the cell stays empty, nothing is made up
])
def test_dose_for_a_weight_is_capped_and_names_the_limit(values, weight, shown):
    from genpeds.sheet_recipes import Doses
    from genpeds.sheet_view import dose_for

    doses = Doses((weight,), "per_kg", "unit", "high", "max", "cap", "min")
    assert dose_for(doses, dose_row(**values), weight) == shown.replace(" ", "\u00a0", 1)


DOSE_TABLE = """\
table:
  id: alpha-numbers
  title: Alpha numbers
  columns:
    drug: Drug
    per_kg: Dose per kg
    unit: Unit
    max: Maximum single dose
    start: First month
    end: Last month
    note: Why
  tags: [genpeds::alpha]
  sources:
    - source: fixture-guide-2024
      locator: Table 12
  reviewed: 2026-03-01
  rows:
    - key: drug-c
      drug: Drug C
      per_kg: 0.1
      unit: mg
      max: 2
      start: 2
      end: 4
    - key: drug-d
      drug: Drug D
      per_kg: 10
      unit: mL
      start: 6
      end: 6
      note: Only this one has a note.
  cards: []
"""


DOSE_SHEET = """\
title: Numbers
order: 3
topics: [alpha]
sections:
  - table: alpha-numbers
    columns: [drug]
    doses: {weights: [5, 30], per_kg: per_kg, unit: unit, max_single: max}
"""


def test_doses_section_computes_one_column_per_weight(project, cli):
    write(project / "content/alpha/numbers-table.yaml", DOSE_TABLE)
    write(project / "sheets/numbers.yaml", DOSE_SHEET)
    cli("sheets", "numbers")
    sheet = project / "dist/sheets/numbers.html"
    assert cell_text(sheet, "alpha-numbers/drug-c", "dose-5kg") == "0.5 mg"
    assert cell_text(sheet, "alpha-numbers/drug-c", "dose-30kg") == "2 mg (max)"
    assert cell_text(sheet, "alpha-numbers/drug-d", "dose-30kg") == "300 mL"
    first_table = next(e for e in parse(sheet).iter() if e.tag == "table")
    thead = next(e for e in first_table.iter() if e.tag == "thead")
    assert [th.text for th in thead.iter() if th.tag == "th"] == ["Drug", "5 kg", "30 kg"]


def test_a_row_shown_in_words_only_gets_no_dose_by_weight(project, cli):
    write(project / "content/alpha/numbers-table.yaml", DOSE_TABLE)
    sheet_with = DOSE_SHEET.replace("max_single: max}", "max_single: max, words_only: [ROW], per_kg_label: Per kg}")
    write(project / "sheets/numbers.yaml", sheet_with.replace("ROW", "drug-d"))
    cli("sheets", "numbers")
    sheet = project / "dist/sheets/numbers.html"
    assert cell_text(sheet, "alpha-numbers/drug-c", "dose-30kg") == "2 mg (max)"
    assert cell_text(sheet, "alpha-numbers/drug-d", "drug") == "Drug D"
    assert cell_text(sheet, "alpha-numbers/drug-d", "dose-30kg") == "—"
    assert cell_text(sheet, "alpha-numbers/drug-d", "dose-per-kg") == "10 mL/kg"  # the words say why not more
    write(project / "sheets/numbers.yaml", sheet_with.replace("ROW", "drug-x"))
    result = cli("sheets", "numbers", code=1)
    assert "sheet 'numbers' section 1: table 'alpha-numbers' has no row 'drug-x'" in result.output


VOLUME_TABLE = """\
table:
  id: alpha-volumes
  title: Alpha volumes
  columns:
    drug: Drug
    per_kg: Dose per kg
    unit: Unit
    max: Maximum single dose
    strength: Concentration
    strength_note: Which solution
    from_kg: Lowest weight for the solution
  tags: [genpeds::alpha]
  sources:
    - source: fixture-guide-2024
      locator: Table 12
  reviewed: 2026-03-01
  rows:
    - key: drug-c
      drug: Drug C
      per_kg: 0.1
      unit: mg
      max: 2
      strength: 0.4
      strength_note: the 0.4 mg/mL vial
    - key: drug-d
      drug: Drug D
      per_kg: 10
      unit: mL
    - key: drug-e
      drug: Drug E
      per_kg: 1
      unit: mEq
      strength: 1
      strength_note: 8.4%; under 10 kg the 4.2% solution
      from_kg: 10
  cards: []
"""


VOLUME_SHEET = """\
title: Volumes
order: 3
topics: [alpha]
sections:
  - table: alpha-volumes
    columns: [drug]
    labels: {strength: Concentration}
    doses: {weights: [5, 30], per_kg: per_kg, unit: unit, max_single: max, concentration: strength,
            concentration_note: strength_note, concentration_from_kg: from_kg}
"""


def test_a_dose_section_with_a_concentration_gives_each_dose_its_volume(project, cli):
    write(project / "content/alpha/volumes-table.yaml", VOLUME_TABLE)
    write(project / "sheets/volumes.yaml", VOLUME_SHEET)
    cli("sheets", "volumes")
    sheet = project / "dist/sheets/volumes.html"
    assert cell_text(sheet, "alpha-volumes/drug-c", "dose-5kg") == "0.5 mg 1.3 mL"  # 1.25 mL, halves up
    assert cell_text(sheet, "alpha-volumes/drug-c", "dose-30kg") == "2 mg (max) 5 mL"  # 2 mg, not 3 mg = 7.5 mL
    assert cell_text(sheet, "alpha-volumes/drug-c", "concentration") == "0.4 mg/mL the 0.4 mg/mL vial"
    assert cell_text(sheet, "alpha-volumes/drug-d", "dose-30kg") == "300 mL"  # a dose in mL is its own volume
    assert cell_text(sheet, "alpha-volumes/drug-d", "concentration") == "—"
    assert cell_text(sheet, "alpha-volumes/drug-e", "dose-5kg") == "5 mEq"  # below the solution's weight: no volume
    assert cell_text(sheet, "alpha-volumes/drug-e", "dose-30kg") == "30 mEq 30 mL"
    page = parse(sheet)
    thead = next(e for e in page.iter() if e.tag == "thead")
    assert [th.text for th in thead.iter() if th.tag == "th"] == ["Drug", "Concentration", "5 kg", "30 kg"]
    # the sheet says how the volumes were worked out and rounded, above the table
    from genpeds.doses import VOLUME_ROUNDING
    assert page.find(class_="about volumes-note").text == VOLUME_ROUNDING


def test_a_dose_section_has_a_weight_picker_that_needs_no_script(project, cli):
    write(project / "content/alpha/volumes-table.yaml", VOLUME_TABLE)
    write(project / "sheets/volumes.yaml", VOLUME_SHEET)
    cli("sheets", "volumes")
    html = (project / "dist/sheets/volumes.html").read_text(encoding="utf-8")
    page = parse(project / "dist/sheets/volumes.html")
    picker = page.find(class_="weight-picker screen-only")
    radios = [e.attrs for e in picker.iter() if e.tag == "input"]
    assert [(r["type"], r["value"], "checked" in r) for r in radios] == [
        ("radio", "all", True), ("radio", "dose-5kg", False), ("radio", "dose-30kg", False)]
    assert len({r["name"] for r in radios}) == 1
    assert [e.text.strip() for e in picker.iter() if e.tag == "label"] == ["every weight", "5 kg", "30 kg"]
    # the page may run no script: each weight has a stylesheet rule that hides the others' cells on screen
    assert "<script" not in html and "default-src 'none'; style-src 'unsafe-inline'" in html
    screen = html[html.index("@media screen {\n  .lookup:has("):]
    for weight in ("dose-5kg", "dose-30kg"):
        assert (f'.lookup:has(input[value="{weight}"]:checked) .weight:not([data-column="{weight}"]) '
                "{ display: none; }") in screen
    cells = [e for e in page.iter() if e.tag in ("th", "td") and "weight" in e.attrs.get("class", "").split()]
    assert {e.attrs["data-column"] for e in cells} == {"dose-5kg", "dose-30kg"} and len(cells) == 2 + 2 * 3


def test_a_sheet_without_doses_by_weight_has_no_picker(project, cli):
    cli("sheets", "alpha")
    html = (project / "dist/sheets/alpha.html").read_text(encoding="utf-8")
    assert "weight-picker\"" not in html and ".lookup:has(input[value=" not in html


@pytest.mark.parametrize(("value", "shown"), [("0", "0"), ("-0.1", "-0.1"), ("0.4 mg/mL", None)])
def test_a_concentration_that_is_not_a_positive_number_is_an_error(project, cli, value, shown):
    write(project / "content/alpha/volumes-table.yaml", VOLUME_TABLE.replace("      strength: 0.4\n",
                                                                            f"      strength: {value}\n"))
    write(project / "sheets/volumes.yaml", VOLUME_SHEET)
    result = cli("sheets", "volumes", code=1)
    row = line_of(project / "content/alpha/volumes-table.yaml", "key: drug-c")
    prefix = f"content/alpha/volumes-table.yaml:{row}: error: sheet 'volumes' section 1: row 'drug-c': 'strength' is "
    if shown is None:
        assert f"{prefix}'{value}', not a number, so the sheet could compute no dose or limit from it" in result.output
    else:
        assert (prefix + f"{shown}, so no volume could be worked out from it (write the amount of the row's 'unit' "
                "in 1 mL, above 0 (0.1 for 0.1 mg/mL))") in result.output
    assert not (project / "dist/sheets/volumes.html").exists()


TIMELINE_SHEET = """\
title: Numbers
order: 3
topics: [alpha]
sections:
  - table: alpha-numbers
    timeline:
      row: drug
      mark: unit
      from: start
      to: end
      note: note
      kind: kind
      kinds:
        usual: Given to everyone
        late: Catch-up
      axis: [[A, 0, 1], [B, 2, 3], [C, 4, 5], [D, 6, 8]]
"""
KIND_TABLE = DOSE_TABLE.replace("    note: Why\n", "    note: Why\n    kind: What the bar means\n").replace(
    "      note: Only this one has a note.\n", "      note: Only this one has a note.\n      kind: late\n")


def test_timeline_draws_each_row_as_a_bar_of_its_kind_with_a_legend(project, cli):
    write(project / "content/alpha/numbers-table.yaml", KIND_TABLE)
    write(project / "sheets/numbers.yaml", TIMELINE_SHEET)
    cli("sheets", "numbers")
    html = (project / "dist/sheets/numbers.html").read_text(encoding="utf-8")
    assert re.findall(r'<g class="line" data-line="([^"]+)">', html) == ["Drug C", "Drug D"]
    assert re.findall(r'<g class="bar" data-kind="([^"]+)"><title>([^<]+)</title>', html) == [
        ("usual", "mg; Given to everyone"), ("late", "mL; Catch-up; Only this one has a note.")]
    assert re.findall(r'<li data-kind="([^"]+)">.*?</svg> ([^<]+)</li>', html) == [
        ("usual", "Given to everyone"), ("late", "Catch-up")]
    assert ">A<" in html and ">D<" in html  # the axis headings


def test_a_timeline_kind_the_legend_does_not_explain_is_an_error_at_its_row(project, cli):
    write(project / "content/alpha/numbers-table.yaml", KIND_TABLE.replace("kind: late", "kind: lat"))
    write(project / "sheets/numbers.yaml", TIMELINE_SHEET)
    result = cli("check", code=1)
    row = line_of(project / "content/alpha/numbers-table.yaml", "key: drug-d")
    assert (f"content/alpha/numbers-table.yaml:{row}: error: sheet 'numbers' section 1 timeline: row 'drug-d': "
            "'kind' is 'lat', not one of the kinds the legend explains (did you mean 'late'?)") in errors_of(result)


def test_a_timeline_kind_column_needs_its_kinds(project, cli):
    write(project / "content/alpha/numbers-table.yaml", KIND_TABLE)
    write(project / "sheets/numbers.yaml", re.sub(r"      kinds:\n(        .*\n)+", "", TIMELINE_SHEET))
    result = cli("check", code=1)
    assert errors_of(result) == [
        f"sheets/numbers.yaml:{line_of(project / 'sheets/numbers.yaml', 'kind: kind')}: error: sheet 'numbers' "
        "section 1 timeline: give both 'kind' (the column) and 'kinds' (what each of its values means)"]


def test_when_keeps_only_rows_that_fill_the_columns(project, cli):
    edit(project / "sheets/alpha.yaml", "    details: [maximum]\n", "    details: [maximum]\n    when: [maximum]\n")
    cli("sheets")
    page = parse(project / "dist/sheets/alpha.html")
    assert [tr.attrs.get("id") for tr in page.iter() if tr.tag == "tr" and tr.attrs.get("id")] == ["alpha-doses/drug-a"]


def test_only_keeps_notes_that_also_carry_one_of_the_tags(project, cli):
    edit(project / "sheets/alpha.yaml", "    extra: true\n", "    extra: true\n    only: [genpeds::red-flag]\n")
    result = cli("sheets")
    assert "('Alpha facts'): no note matches; the section is left out" in result.output
    edit(project / "sheets/alpha.yaml", "only: [genpeds::red-flag]", "only: [genpeds::high-yield]")
    cli("sheets")
    assert parse(project / "dist/sheets/alpha.html").find(id="alpha-basic").find(class_="a").text.startswith(
        "The first answer")


def test_check_reports_sheet_recipe_problems(project, cli):
    recipe = next(iter(sorted((project / "sheets").glob("*.yaml"))))
    text = recipe.read_text()
    table = next(line for line in text.splitlines() if line.strip().startswith("- table:"))
    recipe.write_text(text.replace(table, table + "x", 1))
    result = cli("check", code=1)
    assert any(line.startswith(f"sheets/{recipe.name}:") and ": error: " in line
               for line in result.output.splitlines()), result.output


def test_a_dose_limit_written_as_text_is_an_error_not_a_silent_no_limit(project, cli):
    write(project / "content/alpha/numbers-table.yaml", DOSE_TABLE.replace("      max: 2\n", "      max: 2 mg\n"))
    write(project / "sheets/numbers.yaml", DOSE_SHEET)
    result = cli("sheets", "numbers", code=1)
    row = line_of(project / "content/alpha/numbers-table.yaml", "key: drug-c")
    assert (f"content/alpha/numbers-table.yaml:{row}: error: sheet 'numbers' section 1: row "
            "'drug-c': 'max' is '2 mg', not a number, so the sheet could compute no dose or limit from it (write the "
            "number alone; its unit is the row's 'unit' column)") in result.output
    assert not (project / "dist/sheets/numbers.html").exists()


def test_a_screen_only_section_is_shown_on_screen_and_left_out_of_print(project, cli):
    edit(project / "sheets/alpha.yaml", "    extra: true\n", "    extra: true\n    screen_only: true\n")
    cli("sheets")
    page = parse(project / "dist/sheets/alpha.html")
    sections = [element for element in page.iter() if element.tag == "section"]
    screen_only = [next(e.text for e in section.iter() if e.tag == "h2") for section in sections
                   if "screen-only" in section.attrs["class"]]
    assert screen_only == ["⚠ Alpha facts"]
    assert "alpha-basic" in {element.attrs.get("id") for element in page.iter()}  # still on the page
    css = (project / "dist/sheets/alpha.html").read_text(encoding="utf-8")
    assert re.search(r"@media print \{[^@]*\.screen-only \{ display: none !important; \}", css)


def test_print_lists_only_the_sources_a_printed_section_cites(project, cli):
    edit(project / "sheets/alpha.yaml", "    layout: steps\n", "    layout: steps\n    screen_only: true\n")
    cli("sheets")
    page = parse(project / "dist/sheets/alpha.html")
    items = [li for li in page.iter() if li.tag == "li" and li.attrs.get("id", "").startswith("source-")]
    printed = {item.attrs["id"] for item in items if "screen-only" not in item.attrs.get("class", "")}
    cited_in_print = {f"source-{a.attrs['href'].removeprefix('#source-')}" for section in page.iter()
                      if section.tag == "section" and "screen-only" not in section.attrs["class"]
                      for a in section.iter() if a.tag == "a" and a.attrs.get("href", "").startswith("#source-")}
    assert printed == cited_in_print
    assert len(printed) < len(items)  # the screen-only steps cite a source nothing printed cites


def test_print_names_the_sections_it_leaves_out(project, cli):
    edit(project / "sheets/alpha.yaml", "    layout: steps\n", "    layout: steps\n    screen_only: true\n")
    cli("sheets")
    assert _print_only_text(project / "dist/sheets/alpha.html") == [
        "On screen and in the cards, not printed: Alpha in order."]
    assert _print_only_text(project / "dist/sheets/beta.html") == []


def _print_only_text(path: Path) -> list[str]:
    return [e.text for e in parse(path).iter() if "print-only" in e.attrs.get("class", "").split()]


def test_every_printed_page_carries_the_version_the_review_date_and_the_caution(project, cli):
    cli("sheets")
    css = (project / "dist/sheets/alpha.html").read_text(encoding="utf-8")
    footer = re.search(r"@bottom-left \{ content: (\"[^\"]*\")", css).group(1)
    # CSS escapes: \b7 is "·", \a a line break
    assert footer == ('"Alpha sheet \\b7  genpeds content version unreleased\\a Last reviewed 2026-01-15 to 2026-03-01 '
                      '\\b7  not a substitute for clinical judgement"')


def test_a_sheet_prints_landscape_when_its_recipe_says_so(project, cli):
    assert "size: landscape" not in cli_sheet(project, cli, "alpha")
    edit(project / "sheets/alpha.yaml", "topics: [alpha]\n", "topics: [alpha]\norientation: landscape\n")
    assert re.search(r"@page \{\s*size: landscape;", cli_sheet(project, cli, "alpha"))


def cli_sheet(project: Path, cli, name: str) -> str:
    cli("sheets", name)
    return (project / f"dist/sheets/{name}.html").read_text(encoding="utf-8")


def test_a_screen_only_column_is_shown_on_screen_and_left_out_of_print(project, cli):
    edit(project / "sheets/alpha.yaml", "    details: [maximum]\n",
         "    details: [maximum]\n    screen_only_columns: [dose, maximum]\n")
    cli("sheets", "alpha")
    page = parse(project / "dist/sheets/alpha.html")
    hidden = {(e.tag, e.attrs.get("data-column", e.text)) for e in page.iter()
              if e.tag in ("th", "td") and "screen-only" in e.attrs.get("class", "").split()}
    assert hidden == {("th", "Dose per kg"), ("th", "Notes"), ("td", "dose"), ("td", "details")}
    assert cell_text(project / "dist/sheets/alpha.html", "alpha-doses/drug-a", "maximum") == "1 mg"  # on screen


def test_a_grid_shows_its_shorter_column_headings_and_can_print_as_flowing_blocks(project, cli):
    edit(project / "sheets/beta.yaml", "      across_order: [right, left]\n",
         "      across_order: [right, left]\n      across_labels: {left: Left side}\n      print_flow: true\n")
    cli("sheets", "beta")
    page = parse(project / "dist/sheets/beta.html")
    grid = page.find(class_="grid flow")  # printed as flowing blocks
    assert [e.text for e in grid.iter() if e.tag == "th" and e.parent.parent.tag == "thead"] == [
        "Stage", "right", "Left side", "middle"]
    assert page.find(id="beta-stages/late-left").parent.parent.attrs["data-label"] == "Left side"


def test_a_shorter_heading_for_a_value_the_grid_does_not_order_is_an_error(project, cli):
    edit(project / "sheets/beta.yaml", "      across_order: [right, left]\n",
         "      across_order: [right, left]\n      across_labels: {lefft: Left side}\n")
    result = cli("check", code=1)
    assert errors_of(result) == [
        f"sheets/beta.yaml:{line_of(project / 'sheets/beta.yaml', 'lefft: Left side')}: error: sheet 'beta' "
        "section 1 grid: across_labels names 'lefft', which across_order does not list "
        "(list it in across_order, or correct the spelling)"]


def test_a_grid_shows_more_columns_under_each_value(project, cli):
    edit(project / "sheets/beta.yaml", "      cell: sign\n", "      cell: sign\n      more: [stage]\n")
    cli("sheets", "beta")
    more = parse(project / "dist/sheets/beta.html").find(id="beta-stages/late-left").find(class_="more")
    assert more.text == "Stage: Late"
