"""Dose arithmetic of the sheets: per kg × weight, within the row's limits, rounded as printed; the volume of
that dose at the row's concentration, rounded as it is drawn up."""

from __future__ import annotations

import datetime as dt

import pytest

from genpeds.doses import (
    NO_LIMIT,
    VOLUME_ROUNDING,
    Dose,
    amount_text,
    concentration_for,
    dose_for,
    row_concentration,
    row_dose,
    volume_for,
    volume_text,
    within_limits,
)
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


# --- Volumes: the dose after its limits, divided by the concentration, rounded as drawn up ---------

# A fixture table of doses and what the sheet prints for them: (dose, concentration in the dose's unit per
# mL, weight in kg) → (the dose, its volume). Each volume is worked out here by hand, not by the code.
VOLUMES = [
    # epinephrine IV/IO, 0.01 mg/kg up to 1 mg, at 0.1 mg/mL (1:10,000)
    (Dose(0.01, "mg", max_single=1), 0.1, 3, "0.03 mg", "0.3 mL"),      # 0.03 / 0.1
    (Dose(0.01, "mg", max_single=1), 0.1, 30, "0.3 mg", "3 mL"),        # 0.3 / 0.1 is 2.9999999999999996 in floats
    (Dose(0.01, "mg", max_single=1), 0.1, 100, "1 mg", "10 mL"),        # exactly the maximum
    (Dose(0.01, "mg", max_single=1), 0.1, 120, "1 mg (max)", "10 mL"),  # the maximum first: 1 mg, never 1.2 mg = 12 mL
    # adenosine, 0.1 mg/kg up to 6 mg, at 3 mg/mL: below 1 mL to the 0.01 mL
    (Dose(0.1, "mg", max_single=6), 3, 5, "0.5 mg", "0.17 mL"),         # 0.1666…
    (Dose(0.1, "mg", max_single=6), 3, 25, "2.5 mg", "0.83 mL"),        # 0.8333…
    (Dose(0.1, "mg", max_single=6), 3, 40, "4 mg", "1.3 mL"),           # 1.333…: from 1 mL, to the 0.1 mL
    (Dose(0.1, "mg", max_single=6), 3, 70, "6 mg (max)", "2 mL"),
    # atropine, 0.02 mg/kg, 0.1 to 0.5 mg, at 0.1 mg/mL: the minimum is applied before the volume too
    (Dose(0.02, "mg", max_single=0.5, min_single=0.1), 0.1, 3, "0.1 mg (min)", "1 mL"),
    (Dose(0.02, "mg", max_single=0.5, min_single=0.1), 0.1, 40, "0.5 mg (max)", "5 mL"),
    # naloxone, 0.1 mg/kg up to 2 mg, at 0.4 mg/mL: halves round up (1.25 → 1.3, where Python's round gives 1.2)
    (Dose(0.1, "mg", max_single=2), 0.4, 5, "0.5 mg", "1.3 mL"),        # 1.25
    (Dose(0.1, "mg", max_single=2), 0.4, 15, "1.5 mg", "3.8 mL"),       # 3.75
    (Dose(0.1, "mg", max_single=2), 0.4, 3, "0.3 mg", "0.75 mL"),
    # magnesium, 25–50 mg/kg up to 2 g, at 500 mg/mL: both ends of a range get their volume
    (Dose(25, "mg", per_kg_high=50, max_single=2000), 500, 3, "75–150 mg", "0.15–0.3 mL"),
    (Dose(25, "mg", per_kg_high=50, max_single=2000), 500, 60, "1500–2000 mg (max)", "3–4 mL"),
    (Dose(25, "mg", per_kg_high=50, max_single=2000), 500, 100, "2000 mg (max)", "4 mL"),  # one amount, one volume
    # dextrose, 0.5–1 g/kg at 0.1 g/mL (D10W): whole mL from 10 mL
    (Dose(0.5, "g", per_kg_high=1), 0.1, 3, "1.5–3 g", "15–30 mL"),
    (Dose(0.5, "g", per_kg_high=1), 0.1, 40, "20–40 g", "200–400 mL"),
    (Dose(0.5, "g", per_kg_high=1), 0.1, 2.33, "1.17–2.33 g", "12–23 mL"),  # 11.65 and 23.3 mL
    # rounding never passes the maximum's volume: 1.01 mg at 0.3 mg/mL is 3.3667 mL, which would round to
    # 3.4 mL (1.02 mg); it is rounded down to 3.3 mL instead, held or not
    (Dose(1, "mg", max_single=1.01), 0.3, 5, "1.01 mg (max)", "3.3 mL"),
    (Dose(1, "mg", max_single=1.01), 0.3, 1.009, "1.01 mg", "3.3 mL"),
    # nor falls below the minimum's: 0.334 mg at 1 mg/mL would round to 0.33 mL; it is rounded up to 0.34 mL
    (Dose(0.01, "mg", min_single=0.334), 1, 3, "0.334 mg (min)", "0.34 mL"),
]


@pytest.mark.parametrize(("dose", "concentration", "weight", "amount", "volume"), VOLUMES)
def test_a_volume_is_the_limited_dose_over_the_concentration_rounded_as_drawn_up(dose, concentration, weight,
                                                                                 amount, volume):
    assert dose.for_weight(weight) == printed(amount)
    assert dose.volume_for_weight(weight, concentration) == printed(volume)


@pytest.mark.parametrize(("volume", "shown"), [
    (0.004, "0"),      # below half a hundredth of a mL: too little to draw up undiluted, never a made-up 0.01
    (0.005, "0.01"),   # halves up
    (0.125, "0.13"),   # 0.125 is exact in binary: round-half-even would give 0.12
    (0.994, "0.99"),
    (0.996, "1"),      # rounds up to 1 mL
    (1.04, "1"),       # from 1 mL, to the 0.1 mL, without the trailing zero ("1.0" reads as 10)
    (1.05, "1.1"),
    (9.94, "9.9"),
    (9.96, "10"),
    (10.5, "11"),      # from 10 mL, whole mL
    (250.0, "250"),
])
def test_volumes_are_rounded_to_a_syringes_marks_halves_up(volume, shown):
    assert volume_text(volume) == shown


def test_a_rounded_volume_stays_within_the_volumes_of_the_limits():
    assert volume_text(3.3667, most=3.3667) == "3.3"   # 3.4 would pass the maximum's volume
    assert volume_text(3.3333, most=3.3333) == "3.3"   # rounding to the nearest already stays within it
    assert volume_text(0.334, least=0.334) == "0.34"   # 0.33 would fall below the minimum's
    assert volume_text(10.0, most=10.0) == "10"        # exactly at the maximum, nothing to round
    assert volume_text(2.9999999999999996, most=2.9999999999999996) == "3"  # float noise is not a volume


def test_the_sheet_says_how_volumes_are_rounded():
    assert VOLUME_ROUNDING.startswith("Each volume (mL) is the dose above it, after its maximum or minimum, "
                                      "divided by the row's concentration")
    for step in ("0.01 mL below 1 mL", "0.1 mL from 1 mL", "whole mL from 10 mL", "halves up",
                 "never past the volume of the maximum dose"):
        assert step in VOLUME_ROUNDING


VOLUME_DOSES = Doses((10.0,), "per_kg", "unit", "high", "max", "cap", "min", concentration="strength",
                     concentration_note="strength_note", concentration_from_kg="from_kg")


def test_a_rows_volume_uses_its_concentration_and_only_from_the_weight_it_applies_at():
    bicarbonate = row(per_kg=1, unit="mEq", strength=1, from_kg=5)
    assert volume_for(VOLUME_DOSES, bicarbonate, 3) == ""           # a smaller child gets another solution
    assert dose_for(VOLUME_DOSES, bicarbonate, 3) == printed("3 mEq")  # the dose is still given
    assert volume_for(VOLUME_DOSES, bicarbonate, 5) == f"5{NBSP}mL"
    assert concentration_for(VOLUME_DOSES, bicarbonate) == f"1{NBSP}mEq/mL"
    assert concentration_for(VOLUME_DOSES, row(per_kg=0.01, unit="mg", strength=0.1)) == f"0.1{NBSP}mg/mL"


@pytest.mark.parametrize("values", [
    {"per_kg": 10, "unit": "mL"},                      # a dose in mL: it is its own volume
    {"per_kg": 2, "unit": "J"},                        # an energy
    {"per_kg": 0.1, "unit": "mg", "strength": 0},      # never divided by 0 (check refuses it)
    {"per_kg": 0.1, "unit": "mg", "strength": "0.4 mg/mL"},  # words are not a number
    {"unit": "mg", "strength": 0.4},                   # no dose, so no volume
])
def test_a_row_without_a_usable_concentration_gets_no_volume(values):
    assert volume_for(VOLUME_DOSES, row(**values), 10) == ""
    assert concentration_for(VOLUME_DOSES, row(**values)) == ""


def test_a_section_that_names_no_concentration_gives_no_volume():
    assert row_concentration(DOSES, row(per_kg=0.1, unit="mg", strength=0.4)) is None
    assert volume_for(DOSES, row(per_kg=0.1, unit="mg", strength=0.4), 10) == ""
