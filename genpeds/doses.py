"""Dose arithmetic for the sheets: a table row's per-kg dose worked out for one body weight, and the
volume of it to draw up.

The dose is per kg × weight (a range where the row gives one), never above the maximum single dose
or the cap per kg × weight, never below the minimum single dose, and printed rounded as a dose is
read at the bedside. Its volume is that dose, limits applied, divided by the row's concentration,
rounded as a syringe is read (VOLUME_ROUNDING says how, in the words the sheet prints). Nothing is
made up: a row without a per-kg number or a unit gets no dose, one without a concentration no volume.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from .models import Row
from .sheet_recipes import Doses
from .tables import cell_number, format_value

NO_LIMIT = float("inf")
UNIT_SPACE = "\u00a0"  # a dose never wraps between its number and its unit
VOLUME_UNIT = "mL"
# (below this volume in mL, the step it is rounded to); from 10 mL, whole mL. 0.01 mL is the finest mark
# of a 1 mL syringe.
VOLUME_STEPS = ((Decimal(1), Decimal("0.01")), (Decimal(10), Decimal("0.1")))
VOLUME_ROUNDING = (
    "Each volume (mL) is the dose above it, after its maximum or minimum, divided by the row's concentration, "
    "then rounded: to 0.01 mL below 1 mL, to 0.1 mL from 1 mL, to whole mL from 10 mL (halves up), but never "
    "past the volume of the maximum dose nor below that of the minimum. Check the concentration on the vial "
    "before drawing up.")


@dataclass(frozen=True)
class Dose:
    """What one row prescribes, as numbers: `per_kg` (up to `per_kg_high` for a range) in `unit`,
    never more than `max_single` nor `max_per_kg` × weight, never less than `min_single`. A limit the
    row does not give is NO_LIMIT (a minimum, 0)."""

    per_kg: float
    unit: str
    per_kg_high: float = NO_LIMIT
    max_single: float = NO_LIMIT
    max_per_kg: float = NO_LIMIT
    min_single: float = 0.0

    @property
    def is_range(self) -> bool:
        return self.per_kg_high != NO_LIMIT and self.per_kg_high > self.per_kg

    def ceiling(self, weight: float) -> float:
        """The most a single dose may be for `weight` kg: the lower of the two maximums."""
        return min(self.max_single, self.max_per_kg * weight)

    def amounts(self, weight: float) -> tuple[tuple[float, str], tuple[float, str]]:
        """The lower and upper ends of the dose for `weight` kg, each held within the limits and with the
        limit that held it ("max", "min" or ""); for a single amount both ends are the same."""
        low = within_limits(self.per_kg * weight, self.ceiling(weight), self.min_single)
        if not self.is_range:
            return low, low
        return low, within_limits(self.per_kg_high * weight, self.ceiling(weight), self.min_single)

    def for_weight(self, weight: float) -> str:
        """The dose for `weight` kg as printed: "0.03 mg", "250–500 mg"; a limit that applies is
        named, "1 mg (max)". A range whose ends round to the same amount prints as one amount."""
        (low, low_limit), (high, high_limit) = self.amounts(weight)
        if not self.is_range:
            return self._printed(amount_text(low), low_limit)
        if amount_text(high) == amount_text(low):
            return self._printed(amount_text(low), high_limit or low_limit)
        return self._printed(f"{amount_text(low)}–{amount_text(high)}", high_limit)

    def volume_for_weight(self, weight: float, concentration: float) -> str:
        """The volume of the dose for `weight` kg at `concentration` (the amount of the dose's unit in
        1 mL), as printed: "0.3 mL", "0.15–0.3 mL". It is worked out from the dose after its limits,
        never from the rounded amount printed beside it, and rounded by `volume_text` within the volumes
        of the limits."""
        (low, _), (high, _) = self.amounts(weight)
        most, least = self.ceiling(weight) / concentration, self.min_single / concentration
        low_text = volume_text(low / concentration, most, least)
        high_text = volume_text(high / concentration, most, least)
        shown = low_text if high_text == low_text else f"{low_text}–{high_text}"
        return f"{shown}{UNIT_SPACE}{VOLUME_UNIT}"

    def per_kg_text(self) -> str:
        """The dose per kg as printed, without its limits: "0.01 mg/kg", "0.5–1 J/kg"."""
        amounts = amount_text(self.per_kg)
        if self.is_range:
            amounts += f"–{amount_text(self.per_kg_high)}"
        return f"{amounts}{UNIT_SPACE}{self.unit}/kg"

    def _printed(self, amounts: str, limit: str) -> str:
        return f"{amounts}{UNIT_SPACE}{self.unit}" + (f" ({limit})" if limit else "")


def within_limits(amount: float, ceiling: float, floor: float) -> tuple[float, str]:
    """`amount` held between `floor` and `ceiling`, with the limit that held it ("max", "min" or "").
    The ceiling is tested first: where a minimum lies above a maximum (a minimum single dose above the
    cap per kg of a small child), an amount above the maximum is held at it and one below both is
    raised to the minimum."""
    if amount > ceiling:
        return ceiling, "max"
    if amount < floor:
        return floor, "min"
    return amount, ""


def amount_text(amount: float) -> str:
    """An amount as printed: whole from 100, one decimal from 10, two from 1, three below 1; no
    trailing zeros (a dose of 1.50 mg reads 1.5 mg). Body weights are printed the same way."""
    digits = 0 if amount >= 100 else 1 if amount >= 10 else 2 if amount >= 1 else 3
    text = f"{amount:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def volume_text(volume: float, most: float = NO_LIMIT, least: float = 0.0) -> str:
    """A volume in mL as drawn up (VOLUME_ROUNDING): to 0.01 mL below 1 mL, to 0.1 mL from 1 mL, to a
    whole mL from 10 mL, halves up; where that would pass `most` (the volume of the maximum dose) it is
    rounded down instead, and where it would fall below `least` (that of the minimum) up. Printed
    without trailing zeros, which are misread as ten times the volume ("1.0" as "10")."""
    exact = _decimal(volume)
    step = next((step for below, step in VOLUME_STEPS if exact < below), Decimal(1))
    rounded = exact.quantize(step, ROUND_HALF_UP)
    if most != NO_LIMIT and rounded > _decimal(most):
        rounded = exact.quantize(step, ROUND_DOWN)
    elif rounded < _decimal(least):
        rounded = exact.quantize(step, ROUND_UP)
    text = f"{rounded:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _decimal(number: float) -> Decimal:
    """`number` without the binary noise of its arithmetic (0.3 / 0.1 is 2.9999999999999996 as a float),
    which would otherwise round a volume held at its maximum one step down."""
    return Decimal(f"{number:.9f}")


def concentration_text(concentration: float, unit: str) -> str:
    """A concentration as printed: "0.1 mg/mL", "1 mEq/mL"."""
    return f"{amount_text(concentration)}{UNIT_SPACE}{unit}/{VOLUME_UNIT}"


def row_dose(doses: Doses, row: Row) -> Dose | None:
    """The dose `row` prescribes, read from the columns a sheet section's `doses` names; None when
    the row has no per-kg number or no unit."""

    def number(column: str) -> float:
        return cell_number(row.value(column)) if column else NO_LIMIT

    per_kg, unit = number(doses.per_kg), row.value(doses.unit)
    if per_kg == NO_LIMIT or unit is None:
        return None
    min_single = number(doses.min_single)
    return Dose(per_kg, format_value(unit), number(doses.per_kg_high), number(doses.max_single),
                number(doses.max_per_kg), min_single if min_single < NO_LIMIT else 0.0)


def per_kg_for(doses: Doses, row: Row) -> str:
    """The row's dose per kg as printed, or "" when the row lacks the numbers."""
    dose = row_dose(doses, row)
    return dose.per_kg_text() if dose else ""


def dose_for(doses: Doses, row: Row, weight: float) -> str:
    """The row's dose for `weight` kg as printed, or "" when the row lacks the numbers."""
    dose = row_dose(doses, row)
    return dose.for_weight(weight) if dose else ""


def row_concentration(doses: Doses, row: Row) -> float | None:
    """The amount of the row's unit in 1 mL of the solution its volumes are drawn from, or None when the
    section names no concentration column or the row gives none (a dose in mL or in joules)."""
    concentration = cell_number(row.value(doses.concentration)) if doses.concentration else NO_LIMIT
    return concentration if 0 < concentration < NO_LIMIT else None


def concentration_for(doses: Doses, row: Row) -> str:
    """The row's concentration as printed ("0.1 mg/mL"), or "" when it has none."""
    concentration, dose = row_concentration(doses, row), row_dose(doses, row)
    return concentration_text(concentration, dose.unit) if concentration and dose else ""


def volume_for(doses: Doses, row: Row, weight: float) -> str:
    """The volume of the row's dose for `weight` kg as printed, or "" when the row lacks the numbers or
    its concentration is not used at this weight (below its `concentration_from_kg`)."""
    dose, concentration = row_dose(doses, row), row_concentration(doses, row)
    from_kg = cell_number(row.value(doses.concentration_from_kg)) if doses.concentration_from_kg else NO_LIMIT
    if dose is None or concentration is None or (from_kg != NO_LIMIT and weight < from_kg):
        return ""
    return dose.volume_for_weight(weight, concentration)
