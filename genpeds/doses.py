"""Dose arithmetic for the sheets: a table row's per-kg dose worked out for one body weight.

The dose is per kg × weight (a range where the row gives one), never above the maximum single dose
or the cap per kg × weight, never below the minimum single dose, and printed rounded as a dose is
read at the bedside. Nothing is made up: a row without a per-kg number or a unit gets no dose.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Row
from .sheet_recipes import Doses
from .tables import cell_number, format_value

NO_LIMIT = float("inf")
UNIT_SPACE = "\u00a0"  # a dose never wraps between its number and its unit


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

    def for_weight(self, weight: float) -> str:
        """The dose for `weight` kg as printed: "0.03 mg", "250–500 mg"; a limit that applies is
        named, "1 mg (max)". A range whose ends round to the same amount prints as one amount."""
        ceiling = min(self.max_single, self.max_per_kg * weight)
        low, low_limit = within_limits(self.per_kg * weight, ceiling, self.min_single)
        if self.per_kg_high == NO_LIMIT or self.per_kg_high <= self.per_kg:
            return self._printed(amount_text(low), low_limit)
        high, high_limit = within_limits(self.per_kg_high * weight, ceiling, self.min_single)
        if amount_text(high) == amount_text(low):
            return self._printed(amount_text(low), high_limit or low_limit)
        return self._printed(f"{amount_text(low)}–{amount_text(high)}", high_limit)

    def per_kg_text(self) -> str:
        """The dose per kg as printed, without its limits: "0.01 mg/kg", "0.5–1 J/kg"."""
        amounts = amount_text(self.per_kg)
        if self.per_kg_high != NO_LIMIT and self.per_kg_high > self.per_kg:
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
