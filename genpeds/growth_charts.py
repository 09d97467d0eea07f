"""Growth charts as inline SVG: one sex's percentile curves of a growth reference table, drawn through
`charts`, each curve named at its right end, with the US unit (lb, in) on a second axis."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .charts import SecondAxis, Series, line_chart, nice_ticks
from .growth_reference import CM_PER_IN, KG_PER_LB, SEX_NAMES, STANDARD_PERCENTILES, ReferenceTable, percentile_name

# Narrower and lower than a threshold chart: printed two side by side (a boy's and a girl's), each half
# an A4 page's text wide (about 92 mm), so its 12-unit text prints at 8.2 pt; three rows fit a page.
WIDTH, PLOT_HEIGHT = 380, 185

# A second axis in the unit US charts print beside the metric one (weight in lb, length in inches).
_US_UNITS = {"kg": SecondAxis("lb", 1 / KG_PER_LB), "cm": SecondAxis("in", 1 / CM_PER_IN)}
# Curves of a pair (3rd and 97th, …) share a dash pattern; the median is solid; end labels name them.
_DASHES = {50: "", 25: "7 4", 75: "7 4", 10: "4 3", 90: "4 3", 5: "2 3", 95: "2 3", 3: "9 3 2 3", 97: "9 3 2 3"}


def chart_ages(table: ReferenceTable, sex: int, most: int = 80, to_months: float | None = None) -> tuple[float, ...]:
    """The table's ages (up to `to_months` if given), thinned to at most about `most` points (first and
    last kept) for a chart."""
    ages = tuple(age for age in table.ages(sex) if to_months is None or age <= to_months)
    step = max(1, math.ceil(len(ages) / most))
    return tuple(dict.fromkeys(ages[::step] + ages[-1:]))


def percentile_chart_svg(table: ReferenceTable, sex: int, percentiles: Sequence[float] = STANDARD_PERCENTILES,
                         us_units: bool = True, to_months: float | None = None,
                         child: tuple[str, Sequence[tuple[float, float]]] | None = None, panel: bool = False) -> str:
    """An inline SVG chart of one sex's percentile curves (up to `to_months` if given), each named at its
    right end; ages in months up to 3 years and in years beyond; with `us_units`, a right-hand axis in lb
    or inches. `child` is a name and (age in months, value) measurements, drawn marked and bold; `panel`
    draws on its own white panel (an image on a card)."""
    ages = chart_ages(table, sex, to_months=to_months)
    in_years = ages[-1] > 36
    scale = 12 if in_years else 1
    series = [Series(percentile_name(p), tuple((age / scale, value) for age, value in points), _DASHES.get(p))
              for p, points in table.curves(sex, percentiles, ages).items()]
    if child:
        name, points = child
        series.append(Series(name, tuple((age / scale, value) for age, value in points), "", markers=True,
                             emphasis=True))
    values = [value for line in series for _, value in line.points]
    first, last = ages[0] / scale, ages[-1] / scale
    x_step = (1 if last - first <= 6 else 2) if in_years else (3 if last <= 24 else 6)
    x_ticks = [x for x in range(math.floor(first), math.ceil(last) + 1) if x % x_step == 0]
    return line_chart(series, "Age (years)" if in_years else "Age (months)", f"{table.measure.capitalize()} "
                      f"({table.unit})", _US_UNITS.get(table.unit) if us_units else None, x_ticks,
                      f"{table.title}: {SEX_NAMES[sex]}", y_ticks=nice_ticks(min(values), max(values), 6),
                      markers=False, end_labels=True, legend=False, plot_height=PLOT_HEIGHT, width=WIDTH,
                      panel=panel)
