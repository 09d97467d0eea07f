"""Growth charts on cards: a note's `growth_chart:` becomes an SVG media file named by its content's hash,
shown under the question; in real Anki the card shows it and the file is in the collection."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from conftest import GROWTH_REFERENCE, GROWTH_TABLE, edit, line_of, write

from genpeds.build import DeckRequest, build_decks
from genpeds.project import load_project

CHART = """    growth_chart:
      reference: fixture-weight
      sex: girls
      points: [[0, 50], [6, 25], [12, 5]]
    reviewed: 2026-01-15
"""


@pytest.fixture
def chart_project(project):
    write(project / GROWTH_REFERENCE, GROWTH_TABLE)
    edit(project / "content/alpha/notes.yaml", "        locator: Section 1\n    reviewed: 2026-01-15\n",
         "        locator: Section 1\n" + CHART)
    return project


def build_complete(root, out):
    project = load_project(root / "content", root / "decks")
    assert project.report.ok, [d.format() for d in project.report.errors]
    [deck] = build_decks(project, [DeckRequest.from_tags(["genpeds"], file_name="complete.apkg")], out)
    return project, deck.path


def package_media(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        names = json.loads(package.read("media"))
        return {name: package.read(index) for index, name in names.items()}


def test_the_chart_is_a_content_hashed_svg_the_question_shows(chart_project, tmp_path):
    project, path = build_complete(chart_project, tmp_path)
    [(name, data)] = package_media(path).items()
    assert re.fullmatch(r"genpeds-chart-[0-9a-f]{20}\.svg", name)
    svg = data.decode()
    assert svg.startswith("<svg") and 'fill="#fff"' in svg  # its own light panel, for night mode too
    assert re.findall(r'data-series="([^"]+)"', svg)[-1] == "This child"
    front = dict(zip(("Front", "Back"), project.states["alpha-basic"].fields, strict=False))["Front"]
    assert f'<img src="{name}"' in front
    sources = next(field for field in project.states["alpha-basic"].fields if field.startswith("<ul>"))
    assert "Fixture Review" in sources and "data public domain (a work of the US federal government)" in sources


def test_a_corrected_reference_row_renames_the_file_and_changes_the_note(chart_project, tmp_path):
    _, before = build_complete(chart_project, tmp_path / "before")
    edit(chart_project / GROWTH_REFERENCE, "2,12,1,8.9,0.1", "2,12,1,9.0,0.1")
    project, after = build_complete(chart_project, tmp_path / "after")
    assert set(package_media(before)).isdisjoint(package_media(after))
    assert next(iter(package_media(after))) in project.states["alpha-basic"].fields[0]


def test_a_deck_without_chart_notes_carries_no_media(project, tmp_path):
    _, path = build_complete(project, tmp_path)
    assert package_media(path) == {}


@pytest.mark.parametrize(("change", "message"), [
    (("reference: fixture-weight", "reference: fixture-wieght"),
     "note 'alpha-basic' growth_chart: unknown growth reference 'fixture-wieght' (did you mean 'fixture-weight'?)"),
    (("[12, 5]", "[30, 5]"), "note 'alpha-basic' growth_chart: age 30 months is outside the chart (0 to 24 months)"),
    (("[12, 5]", "[12, 100]"),
     "note 'alpha-basic' growth_chart: points must list [age in months, percentile] pairs, ages rising, each "
     "percentile above 0 and below 100 (e.g. [[9, 75], [12, 40], [18, 20]])"),
    (("sex: girls", "sex: girls\n      to_months: 0"),
     "note 'alpha-basic' growth_chart: to_months 0 is not after the chart's first age (0 months)"),
    (("sex: girls", "sex: f"),
     "note 'alpha-basic' growth_chart: sex 'f' is not one of boys, girls (the reference tables hold boys and girls)"),
])
def test_a_chart_that_cannot_be_drawn_is_an_error_at_the_note(chart_project, cli, change, message):
    edit(chart_project / "content/alpha/notes.yaml", *change)
    errors = [line for line in cli("check", code=1).output.splitlines() if ": error: " in line
              and not line.startswith("genpeds:")]
    assert [error.split(": error: ", 1)[1] for error in errors] == [message]
    assert errors[0].startswith("content/alpha/notes.yaml:")
    assert int(errors[0].split(":")[1]) >= line_of(chart_project / "content/alpha/notes.yaml", "growth_chart:")


def test_a_contributor_cannot_place_an_image_in_a_field(project, cli):
    edit(project / "content/alpha/notes.yaml", 'front: "Alpha: what is the **first** answer?"',
         'front: "Alpha: what is the answer? <img src=x.svg>"')
    assert cli("check", code=1).output.count(": error: ") >= 1


@pytest.mark.anki
def test_in_real_anki_the_card_shows_the_chart_and_the_file_is_in_the_collection(chart_project, tmp_path):
    from test_anki_import import import_package

    _, path = build_complete(chart_project, tmp_path / "dist")
    [name] = package_media(path)
    collection, log = import_package(path, tmp_path)
    try:
        [note_id] = collection.find_notes("Alpha first")
        question = collection.get_note(note_id).cards()[0].question()
        assert f'<img src="{name}"' in question
        assert (tmp_path / f"{path.stem}.media" / name).read_bytes() == package_media(path)[name]
    finally:
        collection.close()


def test_a_chart_whose_data_cite_an_unknown_source_is_an_error_at_the_note(chart_project, cli):
    edit(chart_project / GROWTH_REFERENCE, "cites: fixture-review-2023", "cites: fixture-reveiw-2023")
    [error] = [line for line in cli("check", code=1).output.splitlines() if ": error: " in line
               and not line.startswith("genpeds:")]
    assert error.endswith("note 'alpha-basic' growth_chart: 'fixture-weight' cites 'fixture-reveiw-2023', which no "
                          f"file in content/sources/ declares (correct 'cites:' in {GROWTH_REFERENCE})")
