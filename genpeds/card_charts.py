"""Growth charts on cards: a note may ask for one (`growth_chart:`), and the build draws it from the
growth reference data, with the child's measurements on it, as an SVG media file named by its content's
hash. A corrected reference row or point changes the file's name, so the note's field changes and a
student's re-import brings the new picture (Anki never overwrites a media file of the same name).
Contributors cannot place images themselves: only the build writes the `<img>`."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Sequence
from pathlib import Path

from .diagnostics import Report
from .growth_reference import SEXES, ReferenceTable, chart_table, load_tables_for_charts
from .loading import YamlMap
from .models import ChartMedia, Note, NoteChart, SourceRef
from .schema import NOTE_CHART_KEYS, KeyReader

CHILD = "This child"  # the name of the child's line, printed at its last point


def read_note_chart(mapping: YamlMap, label: str, report: Report) -> NoteChart | None:
    """A note's `growth_chart:`, its shape checked (the reference itself is checked when drawn)."""
    values = KeyReader(report).read(mapping, NOTE_CHART_KEYS, f"{label} growth_chart")
    if values is None or any(values[key.name] is None for key in NOTE_CHART_KEYS if key.required):
        return None
    where = f"{label} growth_chart"
    if values["sex"] not in SEXES:
        report.error(mapping.at("sex"), "bad-value", f"{where}: sex '{values['sex']}' is not one of "
                     f"{', '.join(SEXES)}", "the reference tables hold boys and girls")
        return None
    points = _points(values["points"])
    if points is None:
        report.error(mapping.at("points"), "bad-value", f"{where}: points must list [age in months, percentile] "
                     "pairs, ages rising, each percentile above 0 and below 100", "e.g. [[9, 75], [12, 40], [18, 20]]")
        return None
    return NoteChart(values["reference"], SEXES[values["sex"]], points, values["to_months"], mapping.at())


def _points(raw) -> tuple[tuple[float, float], ...] | None:
    def number(value) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

    if not isinstance(raw, list) or not raw:
        return None
    pairs = []
    for item in raw:
        if not (isinstance(item, list) and len(item) == 2 and all(number(v) for v in item)
                and item[0] >= 0 and 0 < item[1] < 100):
            return None
        pairs.append((float(item[0]), float(item[1])))
    if any(later[0] <= earlier[0] for earlier, later in zip(pairs, pairs[1:], strict=False)):
        return None
    return tuple(pairs)


def draw_note_charts(notes: Sequence[Note], content_root: Path, source_ids: Collection[str],
                     report: Report) -> dict[str, ChartMedia]:
    """The chart of every note that asks for one, by note id; a chart that cannot be drawn is an error at
    the note's `growth_chart:`. The reference data are read only when some note asks."""
    asking = [note for note in notes if note.chart]
    if not asking:
        return {}
    tables = load_tables_for_charts(content_root, asking[0].chart.location, report)
    if tables is None:
        return {}
    charts = {}
    for note in asking:
        chart = note.chart
        label = f"note '{note.id}' growth_chart"
        table = chart_table(tables, chart.reference, chart.sex, chart.to_months, source_ids, chart.location, label,
                            report)
        if table is None:
            continue
        ages = table.ages(chart.sex)
        last = min(ages[-1], chart.to_months or ages[-1])
        outside = [age for age, _ in chart.points if not ages[0] <= age <= last]
        if outside:
            report.error(chart.location, "bad-value", f"{label}: age {outside[0]:g} months is outside the chart "
                         f"({ages[0]:g} to {last:g} months)")
            continue
        charts[note.id] = _media(chart, table)
    return charts


def _media(chart: NoteChart, table: ReferenceTable) -> ChartMedia:
    from .growth_charts import percentile_chart_svg  # drawing code loads only for content that draws charts

    child = tuple((age, table.value_at_percentile(chart.sex, age, percentile)) for age, percentile in chart.points)
    svg = percentile_chart_svg(table, chart.sex, to_months=chart.to_months, child=(CHILD, child), panel=True)
    data = svg.encode("utf-8")
    locator = f"the chart: percentile curves computed from its L, M and S values; data {table.licence_statement}"
    source = SourceRef(table.cites, locator) if table.cites else None
    return ChartMedia(f"genpeds-chart-{hashlib.sha1(data).hexdigest()[:20]}.svg", data, source)
