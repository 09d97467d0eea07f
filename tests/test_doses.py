"""Dose arithmetic of the sheets: per kg × weight, within the row's limits, rounded as printed."""

from __future__ import annotations

import datetime as dt

import pytest

from genpeds.doses import NO_LIMIT, Dose, amount_text, dose_for, row_dose, within_limits
from genpeds.models import Row
from genpeds.sheet_recipes import Doses

NBSP = "\u00a0"


def printed(text: str) -> str:
    """A dose as written in a test ("1 mg (max)") as the sheet prints it: no break before the unit."""
    return text.replace(" ", NBSP, 1)


# --- One amount per kg, up to a maximum: the PALS rows as the emergencies sheet computes them -----

@pytest.mark.parametrize(("weight", "shown"), [
    (3, "0.03 mg"),      # 0.01 mg/kg × 3 kg, well below the maximum
    (40, "0.4 mg"),
    (100, "1 mg"),       # exactly the maximum: not held, so not marked
    (120, "1 mg (max)"),  # 1.2 mg would exceed the maximum single dose of 1 mg
])
def test_epinephrine_in_arrest_is_capped_at_its_maximum_single_dose(weight, shown):
    assert Dose(0.01, "mg", max_single=1).for_weight(weight) == printed(shown)


@pytest.mark.parametrize(("weight", "shown"), [
    (3, "0.1 mg (min)"),   # 0.06 mg is below the minimum single dose
    (10, "0.2 mg"),
    (25, "0.5 mg"),        # exactly the maximum
    (40, "0.5 mg (max)"),  # 0.8 mg would exceed it
])
def test_atropine_is_held_between_its_minimum_and_its_maximum(weight, shown):
    assert Dose(0.02, "mg", max_single=0.5, min_single=0.1).for_weight(weight) == printed(shown)


def test_a_maximum_per_kg_caps_a_dose_like_a_maximum_single_dose():
    dose = Dose(4, "J", per_kg_high=12, max_per_kg=10)
    assert dose.for_weight(15) == printed("60–150 J (max)")  # 12 J/kg × 15 kg = 180 J, capped at 10 J/kg
    assert Dose(4, "J", per_kg_high=10, max_per_kg=10).for_weight(15) == printed("60–150 J")


def test_the_lower_of_the_two_maximums_applies():
    dose = Dose(4, "J", per_kg_high=10, max_single=200, max_per_kg=10)
    assert dose.for_weight(10) == printed("40–100 J")
    assert dose.for_weight(25) == printed("100–200 J (max)")  # 250 J by kg, 200 J by the single maximum


# --- A range per kg ----------------------------------------------------------------------------

@pytest.mark.parametrize(("weight", "shown"), [
    (10, "250–500 mg"),
    (60, "1500–2000 mg (max)"),  # the upper end is capped; the lower end is not
    (80, "2000 mg (max)"),       # both ends capped: one amount, not "2000–2000"
    (100, "2000 mg (max)"),
])
def test_magnesium_range_is_capped_at_its_upper_end(weight, shown):
    assert Dose(25, "mg", per_kg_high=50, max_single=2000).for_weight(weight) == printed(shown)


def test_a_range_whose_ends_round_alike_prints_one_amount():
    assert Dose(0.01001, "mg", per_kg_high=0.01002).for_weight(3) == printed("0.03 mg")  # 0.03003–0.03006


def test_an_upper_end_not_above_the_lower_one_is_no_range():
    assert Dose(5, "mL", per_kg_high=5).for_weight(10) == printed("50 mL")
    assert Dose(5, "mL", per_kg_high=2).for_weight(10) == printed("50 mL")


def test_a_range_held_at_its_lower_end_names_the_limit_that_held_it():
    dose = Dose(0.01, "mg", per_kg_high=0.02, min_single=0.1)
    assert dose.for_weight(3) == printed("0.1 mg (min)")  # 0.03–0.06 mg, both ends raised to the minimum
    assert dose.for_weight(8) == printed("0.1–0.16 mg")   # the upper end is above the minimum


def test_the_maximum_is_tested_before_the_minimum():
    assert within_limits(3, ceiling=NO_LIMIT, floor=2) == (3, "")
    assert within_limits(1.5, ceiling=NO_LIMIT, floor=2) == (2, "min")
    # A minimum above the maximum: above both, the maximum holds; below both, the minimum does.
    assert within_limits(5, ceiling=1, floor=2) == (1, "max")
    assert within_limits(0.5, ceiling=1, floor=2) == (2, "min")


# --- Rounding ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "shown"), [
    (0.03, "0.03"),
    (0.0333333, "0.033"),  # below 1: three decimals
    (0.1, "0.1"),          # trailing zeros dropped
    (1.5, "1.5"),
    (1.234, "1.23"),       # from 1: two decimals
    (12.5, "12.5"),
    (12.34, "12.3"),       # from 10: one decimal
    (10.0, "10"),
    (99.96, "100"),        # one decimal below 100 can round up to a whole 100
    (150.4, "150"),        # from 100: whole numbers
    (2000.0, "2000"),
    (3.0, "3"),            # body weights are printed the same way
])
def test_amounts_are_rounded_by_size_without_trailing_zeros(amount, shown):
    assert amount_text(amount) == shown


def test_a_computed_dose_is_rounded_as_printed():
    assert Dose(5, "mg", max_single=300).for_weight(2.5) == printed("12.5 mg")
    assert Dose(0.1, "mg", max_single=6).for_weight(3.3) == printed("0.33 mg")
    assert Dose(0.015, "mg").for_weight(7) == printed("0.105 mg")
    assert Dose(20, "mg", max_single=2000).for_weight(7.5) == printed("150 mg")


# --- Units -------------------------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["mg", "mcg", "g", "mEq", "mL", "J"])
def test_the_unit_follows_the_amount_after_a_no_break_space(unit):
    assert Dose(1, unit).for_weight(7) == f"7{NBSP}{unit}"
    assert Dose(1, unit, max_single=5).for_weight(7) == f"5{NBSP}{unit} (max)"


# --- Reading a row by the columns a sheet section names ----------------------------------------

DOSES = Doses((10.0,), "per_kg", "unit", "high", "max", "cap", "min")


def row(**values) -> Row:
    return Row("r", tuple(values.items()), (), (), dt.date(2026, 1, 1))


def test_a_row_is_read_into_numbers_and_its_unit():
    assert row_dose(DOSES, row(per_kg=0.02, unit="mg", max=0.5, min=0.1)) == Dose(
        0.02, "mg", max_single=0.5, min_single=0.1)
    assert row_dose(DOSES, row(per_kg=4, high=10, unit="J", cap=10)) == Dose(4, "J", per_kg_high=10, max_per_kg=10)
    assert row_dose(Doses((3.0,), "per_kg", "unit"), row(per_kg="25", unit="mg", max=1)) == Dose(25, "mg")


@pytest.mark.parametrize("values", [
    {"unit": "mg"},                             # no dose per kg
    {"per_kg": "see comment", "unit": "mg"},    # a dose in words is not computed
    {"per_kg": 0.01},                           # no unit
])
def test_a_row_without_the_numbers_gets_no_dose(values):
    assert row_dose(DOSES, row(**values)) is None
    assert dose_for(DOSES, row(**values), 10) == ""


def test_dose_for_prints_the_rows_dose_for_a_weight():
    assert dose_for(DOSES, row(per_kg=0.1, unit="mg", max=2), 10) == printed("1 mg")
    assert dose_for(DOSES, row(per_kg=0.1, unit="mg", max=2), 30) == printed("2 mg (max)")
