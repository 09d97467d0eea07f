"""Growth reference data: the shipped LMS tables reproduce the values their publishers print, load
without error, stay out of `check`, and draw as percentile curves.

Every expected number below was read in the source file or page named beside it (CDC's percentile
data files wtage.csv, statage.csv and bmiagerev.csv; CDC's page on the 2022 extended BMI-for-age
charts; WHO's z-score tables), not computed here.
"""

from __future__ import annotations

import re
from statistics import NormalDist

import pytest
from conftest import REPO_ROOT, write

from genpeds.errors import ReferenceDataError
from genpeds.growth_charts import percentile_chart_svg
from genpeds.growth_reference import (
    FEMALE,
    MALE,
    STANDARD_PERCENTILES,
    Lms,
    cm_to_in,
    in_to_cm,
    kg_to_lb,
    lb_to_kg,
    load_table,
    load_tables,
    percentile_name,
)

CONTENT = REPO_ROOT / "content"


@pytest.fixture(scope="module")
def tables():
    return load_tables(CONTENT)


def test_the_lms_formula_and_its_inverse():
    lms = Lms(-0.5, 20.0, 0.1)
    assert lms.value_at(0) == 20.0
    assert lms.value_at(2) == pytest.approx(20 * (1 + -0.5 * 0.1 * 2) ** (1 / -0.5))
    assert lms.z_of(lms.value_at(1.3)) == pytest.approx(1.3)
    log_normal = Lms(0, 20.0, 0.1)  # L = 0: M·exp(S·z)
    assert log_normal.value_at(1) == pytest.approx(20 * 2.718281828459045 ** 0.1)
    assert log_normal.z_of(log_normal.value_at(-2)) == pytest.approx(-2)


# (table, sex, age in months, percentile, the value printed in the CDC file's P-column of that row)
CDC_PUBLISHED = [
    # wtage.csv (weight, kg)
    ("cdc-2000-weight-for-age", MALE, 24, 50, 12.6707633),
    ("cdc-2000-weight-for-age", MALE, 24, 5, 10.64009004),
    ("cdc-2000-weight-for-age", MALE, 24, 95, 15.18777349),
    ("cdc-2000-weight-for-age", FEMALE, 24, 3, 9.985667562),
    ("cdc-2000-weight-for-age", FEMALE, 24, 97, 15.00156359),
    ("cdc-2000-weight-for-age", MALE, 120.5, 90, 41.96894158),
    ("cdc-2000-weight-for-age", FEMALE, 180.5, 10, 42.7562665),
    ("cdc-2000-weight-for-age", FEMALE, 180.5, 75, 59.44404265),
    ("cdc-2000-weight-for-age", MALE, 240, 97, 100.7783809),
    # statage.csv (stature, cm)
    ("cdc-2000-stature-for-age", MALE, 24, 50, 86.45220101),
    ("cdc-2000-stature-for-age", MALE, 24, 3, 79.91084447),
    ("cdc-2000-stature-for-age", MALE, 24, 97, 93.02265441),
    ("cdc-2000-stature-for-age", FEMALE, 24, 95, 90.66354871),
    ("cdc-2000-stature-for-age", MALE, 180.5, 5, 156.6565818),
    ("cdc-2000-stature-for-age", MALE, 180.5, 90, 179.8124447),
    ("cdc-2000-stature-for-age", FEMALE, 120.5, 25, 133.7239135),
    ("cdc-2000-stature-for-age", FEMALE, 120.5, 75, 142.8050794),
    # bmiagerev.csv (BMI, kg/m²); its P97 is the 2000 LMS curve, hence extended=False below
    ("cdc-2000-bmi-for-age", MALE, 24, 50, 16.57502768),
    ("cdc-2000-bmi-for-age", MALE, 24, 85, 18.16219473),
    ("cdc-2000-bmi-for-age", MALE, 24, 95, 19.33801062),
    ("cdc-2000-bmi-for-age", MALE, 24, 97, 19.85985812),
    ("cdc-2000-bmi-for-age", FEMALE, 24, 3, 14.1473467),
    ("cdc-2000-bmi-for-age", FEMALE, 24, 97, 19.56410958),
    ("cdc-2000-bmi-for-age", MALE, 240, 10, 19.81910123),
    ("cdc-2000-bmi-for-age", MALE, 240, 85, 27.04606818),
]


@pytest.mark.parametrize(("table", "sex", "age", "percentile", "published"), CDC_PUBLISHED)
def test_the_cdc_tables_reproduce_the_percentiles_cdc_prints(tables, table, sex, age, percentile, published):
    value = tables[table].value_at_percentile(sex, age, percentile, extended=False)
    assert value == pytest.approx(published, rel=1e-6)  # CDC prints 10 significant digits


def test_the_cdc_extended_bmi_reproduces_the_worked_examples_of_its_page(tables):
    """CDC, 'Data File for the Extended CDC BMI-for-age Growth Charts for Children and Adolescents'
    (2022), the four worked examples and the sigma equations."""
    bmi = tables["cdc-2000-bmi-for-age"]
    # A girl of 114.5 months, BMI 21.2: P95 22.3979, below it, z-score 1.4215, 92.2nd percentile.
    assert round(bmi.value_at_percentile(FEMALE, 114.5, 95), 4) == 22.3979
    assert round(bmi.z_score(FEMALE, 114.5, 21.2), 4) == 1.4215
    assert round(bmi.percentile_of(FEMALE, 114.5, 21.2), 1) == 92.2
    # A boy of 50.5 months, BMI 22.6: P95 17.8219, sigma 2.3983, 99.7683rd percentile, z-score 2.83.
    assert round(bmi.value_at_percentile(MALE, 50.5, 95), 4) == 17.8219
    assert round(bmi.extended.sigma_at(MALE, 50.5), 4) == 2.3983
    assert round(bmi.percentile_of(MALE, 50.5, 22.6), 4) == 99.7683
    assert round(bmi.z_score(MALE, 50.5, 22.6), 2) == 2.83
    # A girl of 184.5 months at z-score 1.5 (below the 95th): BMI 27.2.
    assert round(bmi.lms_at(FEMALE, 184.5).value_at(1.5), 1) == 27.2
    # A boy of 92.5 months at the 98.7th percentile: sigma 3.8373, P95 19.7477, BMI 24.1.
    assert round(bmi.extended.sigma_at(MALE, 92.5), 4) == 3.8373
    assert round(bmi.value_at_percentile(MALE, 92.5, 95), 4) == 19.7477
    assert round(bmi.value_at_percentile(MALE, 92.5, 98.7), 1) == 24.1


def test_above_the_95th_the_extended_model_replaces_the_lms_curve(tables):
    bmi = tables["cdc-2000-bmi-for-age"]
    assert bmi.value_at_percentile(MALE, 92.5, 97) > bmi.value_at_percentile(MALE, 92.5, 97, extended=False)
    assert bmi.value_at_percentile(MALE, 92.5, 90) == bmi.value_at_percentile(MALE, 92.5, 90, extended=False)
    assert tables["cdc-2000-weight-for-age"].extended is None
    assert 8 < bmi.z_score(MALE, 92.5, 90) < 8.3  # far beyond the chart: a finite z-score, not an error


# (table, sex, month, z-score, the value in WHO's z-score table: SD columns rounded to 0.1)
WHO_PUBLISHED = [
    ("who-2006-length-for-age", FEMALE, 12, 0, 74.0),  # lhfa_girls_0_2_zscores: the median at 12 months
    ("who-2006-length-for-age", MALE, 24, -3, 78.7),
    ("who-2006-length-for-age", MALE, 24, 2, 93.9),
    ("who-2006-weight-for-age", MALE, 24, -2, 9.7),
    ("who-2006-weight-for-age", MALE, 24, 2, 15.3),
    ("who-2006-weight-for-age", FEMALE, 0, 3, 4.8),
    ("who-2006-weight-for-age", FEMALE, 60, -1, 15.8),
    ("who-2006-head-circumference-for-age", MALE, 12, 0, 46.1),
    ("who-2006-head-circumference-for-age", FEMALE, 6, 2, 44.8),
    ("who-2006-bmi-for-age", MALE, 12, -2, 14.4),
    ("who-2006-bmi-for-age", FEMALE, 6, 1, 18.5),
]


@pytest.mark.parametrize(("table", "sex", "month", "z", "published"), WHO_PUBLISHED)
def test_the_who_tables_reproduce_the_values_who_prints(tables, table, sex, month, z, published):
    percentile = 100 * NormalDist().cdf(z) if z else 50
    value = tables[table].value_at_percentile(sex, month, percentile)
    assert abs(value - published) <= 0.05 + 1e-9  # WHO prints one decimal


def test_the_median_is_the_tables_m(tables):
    assert tables["who-2006-length-for-age"].value_at_percentile(FEMALE, 12, 50) == 74.0150
    assert tables["cdc-2000-weight-for-age"].value_at_percentile(MALE, 24, 50) == 12.6707633


def test_between_two_rows_the_parameters_are_interpolated(tables):
    weight = tables["who-2006-weight-for-age"]
    low, high, middle = weight.lms_at(MALE, 12), weight.lms_at(MALE, 13), weight.lms_at(MALE, 12.5)
    assert middle.m == pytest.approx((low.m + high.m) / 2)
    with pytest.raises(ValueError, match="outside the table"):
        weight.lms_at(MALE, 61)


def test_units_convert_exactly():
    assert kg_to_lb(0.45359237) == pytest.approx(1)
    assert lb_to_kg(kg_to_lb(12.3)) == pytest.approx(12.3)
    assert cm_to_in(2.54) == pytest.approx(1)
    assert in_to_cm(cm_to_in(86.4)) == pytest.approx(86.4)
    assert round(kg_to_lb(10), 2) == 22.05


def test_every_table_loads_with_both_sexes_a_source_and_a_licence(tables):
    """Reads every file (how long it takes is measured, not asserted: see the README of the data)."""
    assert sorted(tables) == ["cdc-2000-bmi-for-age", "cdc-2000-stature-for-age", "cdc-2000-weight-for-age",
                              "who-2006-bmi-for-age", "who-2006-head-circumference-for-age",
                              "who-2006-length-for-age", "who-2006-weight-for-age"]
    for table in tables.values():
        body = table.source["body"]
        assert table.path.parent.name == body.split(",")[0].lower(), table.id
        assert table.source["url"].startswith("https://www.") and table.source["year"] in (2000, 2006)
        assert ("public domain" in table.licence) == (body.startswith("CDC")), table.id
        assert (table.path.parent / "LICENSE.md").is_file()
        for sex in (MALE, FEMALE):
            ages = table.ages(sex)
            assert ages[0] in (0, 24) and ages[-1] in (24, 60, 240, 240.5)
    assert tables["cdc-2000-bmi-for-age"].extended.sigma[FEMALE] == (0.8334, 0.3712, -0.0011)


GOOD_TABLE = """\
---
id: fixture-weight
title: Fixture weight
measure: weight
unit: kg
source: {body: CDC, title: Fixture, year: 2000, url: https://www.cdc.gov/x, file: x.csv}
licence: public domain
---
sex,age_months,l,m,s
1,0,1,3.5,0.1
1,1,1,4.5,0.1
2,0,1,3.4,0.1
2,1,1,4.4,0.1
"""


@pytest.mark.parametrize(("change", "message"), [
    (("url: https://www.cdc.gov/x, ", ""), "the header lacks source.url"),
    (("sex,age_months,l,m,s", "sex,age,l,m,s"), ":9: the columns must be 'sex,age_months,l,m,s'"),
    (("1,1,1,4.5,0.1", "1,0,1,4.5,0.1"), ":11: ages must rise within each sex"),
    (("2,1,1,4.4,0.1", "3,1,1,4.4,0.1"), ":13: sex is 1 (male) or 2 (female), not 3"),
    (("1,1,1,4.5,0.1", "1,1,1,4.5 kg,0.1"), ":11: a row is five numbers"),
    (("---\nid:", "id:"), ":1: a table starts with a YAML header"),
    (("licence: public domain", "licence: &a public domain\nnote: *a"),
     ":8: YAML anchors and aliases (&name, *name) are not supported"),
    (("measure: weight", "measure: weight\nmeasure: length"), ":5: duplicate key 'measure'"),
])
def test_a_broken_table_says_where_and_what(tmp_path, change, message):
    path = write(tmp_path / "table.csv", GOOD_TABLE.replace(*change))
    with pytest.raises(ReferenceDataError, match=re.escape(message)):
        load_table(path)


def test_check_reads_no_reference_data_and_makes_no_topic_of_it(project, cli):
    write(project / "content/reference/growth/cdc/broken.csv", "not a table")
    assert cli("check").output.splitlines()[-1].startswith("ok: ")


def test_a_chart_draws_one_curve_per_percentile_named_at_its_end(tables):
    svg = percentile_chart_svg(tables["cdc-2000-weight-for-age"], MALE)
    names = [percentile_name(p) for p in STANDARD_PERCENTILES]
    assert re.findall(r'data-series="([^"]+)"', svg) == names == ["3rd", "5th", "10th", "25th", "50th", "75th",
                                                                  "90th", "95th", "97th"]
    assert sorted(re.findall(r'class="end-label"[^>]*>([^<]+)<', svg)) == sorted(names)
    assert 'class="legend-entry"' not in svg and "<circle" not in svg
    assert ">Weight (kg)<" in svg and ">lb<" in svg and ">Age (years)<" in svg
    ends = {name: float(re.search(rf'data-series="{name}">\s*<path d="[^"]*L[\d.]+,([\d.]+)"', svg)[1])
            for name in names}
    assert ends["97th"] < ends["50th"] < ends["3rd"]  # SVG y grows downwards: heavier is higher
    infant = percentile_chart_svg(tables["who-2006-length-for-age"], FEMALE)
    assert ">Age (months)<" in infant and ">in<" in infant and "girls" in infant
