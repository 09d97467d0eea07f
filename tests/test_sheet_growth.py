"""Growth chart sections of a sheet: curves drawn from a reference table, captioned with the data's
licence, citing the table's source; a recipe naming what does not exist is an error at its line."""

from __future__ import annotations

import re

import pytest
from conftest import GROWTH_REFERENCE as REFERENCE
from conftest import GROWTH_TABLE as TABLE
from conftest import edit, line_of, write
from sheet_html import parse

SHEET = """\
title: Growth fixture
order: 3
topics: [alpha]
sections:
  - growth_chart: {reference: fixture-weight, sex: girls, to_months: 12}
    title: Weight, girls, to 1 year
"""
PERCENTILES = ["3rd", "5th", "10th", "25th", "50th", "75th", "90th", "95th", "97th"]


@pytest.fixture
def growth_project(project):
    write(project / REFERENCE, TABLE)
    write(project / "sheets/growth.yaml", SHEET)
    return project


def errors_of(result) -> list[str]:
    return [line for line in result.output.splitlines() if ": error: " in line and not line.startswith("genpeds:")]


def test_a_growth_chart_draws_each_percentile_to_its_age_with_the_datas_licence_and_source(growth_project, cli):
    cli("sheets", "growth")
    html = (growth_project / "dist/sheets/growth.html").read_text(encoding="utf-8")
    figure = parse(growth_project / "dist/sheets/growth.html").find(class_="chart-figure growth-chart")
    svg = re.search(r'<figure class="chart-figure growth-chart">(.*?)</figure>', html, re.S)[1]
    assert re.findall(r'data-series="([^"]+)"', svg) == PERCENTILES
    assert ">Age (months)<" in svg and ">12<" in svg and ">24<" not in svg  # drawn to 12 months only
    caption = next(e for e in figure.iter() if e.tag == "figcaption").text
    assert caption == "Data: public domain (a work of the US federal government)[1]"
    first_source = parse(growth_project / "dist/sheets/growth.html").find(class_="sources").text.strip().splitlines()[0]
    assert first_source.startswith("Fixture Review Board — Fixture Review, 2023")  # [1]: the table's `cites`


def test_a_source_only_a_reference_table_cites_is_not_reported_as_uncited(project, cli):
    registry = project / "content/sources/fixture.yaml"
    registry.write_text(registry.read_text() + "  fixture-leftover-2020:\n    body: CDC\n    document: Data files\n"
                        "    year: 2000\n    url: https://example.org/data\n    label: CDC · data files\n")
    assert "'fixture-leftover-2020' is cited by no note" in cli("check").output
    write(project / REFERENCE, TABLE.replace("fixture-review-2023", "fixture-leftover-2020"))
    assert "'fixture-leftover-2020' is cited by no note" not in cli("check").output


@pytest.mark.parametrize(("change", "message"), [
    (("reference: fixture-weight", "reference: fixture-wieght"),
     "sheet 'growth' growth chart: unknown growth reference 'fixture-wieght' (did you mean 'fixture-weight'?)"),
    (("sex: girls", "sex: female"),
     "sheet 'growth' section 1 ('Weight, girls, to 1 year') growth_chart: sex 'female' is not one of boys, girls "
     "(the reference tables hold boys and girls)"),
    (("to_months: 12", "to_months: 0"),
     "sheet 'growth' section 1 ('Weight, girls, to 1 year') growth_chart: to_months must be a positive number of "
     "months"),
])
def test_a_growth_chart_that_cannot_be_drawn_is_an_error_at_its_section(growth_project, cli, change, message):
    edit(growth_project / "sheets/growth.yaml", *change)
    result = cli("check", code=1)
    line = line_of(growth_project / "sheets/growth.yaml", "growth_chart:")
    assert [error.split(": error: ", 1)[1] for error in errors_of(result)] == [message]
    assert errors_of(result)[0].startswith(("sheets/growth.yaml:", f"sheets/growth.yaml:{line}:"))


def test_a_reference_table_citing_an_unknown_source_is_an_error(growth_project, cli):
    edit(growth_project / REFERENCE, "cites: fixture-review-2023", "cites: fixture-reveiw-2023")
    [error] = errors_of(cli("check", code=1))
    assert error.endswith("sheet 'growth' growth chart: 'fixture-weight' cites 'fixture-reveiw-2023', which no file "
                          f"in content/sources/ declares (correct 'cites:' in {REFERENCE})")
