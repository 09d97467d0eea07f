"""Growth chart sections of a sheet: one sex's percentile curves of a growth reference table
(content/reference/growth/), drawn by `growth_charts` from the table's LMS rows, so a corrected row
corrects the sheet. The caption names the data's source and licence: WHO's tables are not under the
content's licence, and a chart drawn from them says so where it is printed."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .citations import Citations
from .diagnostics import Location, Report
from .growth_reference import SEX_NAMES, SEXES, ReferenceTable, chart_table, load_tables_for_charts
from .loading import YamlMap
from .models import Content, SourceRef
from .schema import GROWTH_CHART_KEYS, KeyReader


@dataclass(frozen=True)
class GrowthChartSection:
    """A growth reference table drawn as one sex's percentile curves, up to `to_months` if given."""

    reference: str
    sex: int
    title: str = ""
    to_months: int | None = None
    location: Location = field(default=Location(""), compare=False)
    screen_only: bool = False


@dataclass(frozen=True)
class GrowthChartView:
    kind = "growth_chart"
    title: str
    svg: str
    caption: str  # the data's licence, printed with the chart
    refs: tuple[int, ...] = ()  # the data's source, in the sheet's list of sources
    screen_only: bool = False
    description: str = ""
    row_count: int = 0  # draws curves, not rows: the sheet's count of rows shown is unchanged

    def badges_shown(self) -> list:
        return []

    def refs_shown(self) -> set[int]:
        return set(self.refs)


def read_growth_chart_section(item: YamlMap, values: dict, label: str, report: Report) -> GrowthChartSection | None:
    """The section a recipe's `growth_chart:` mapping asks for; None (with an error) if it cannot be drawn."""
    mapping = values["growth_chart"]
    chart = KeyReader(report).read(mapping, GROWTH_CHART_KEYS, f"{label} growth_chart")
    if chart is None or any(chart[key.name] is None for key in GROWTH_CHART_KEYS if key.required):
        return None
    if chart["sex"] not in SEXES:
        report.error(mapping.at("sex"), "bad-value", f"{label} growth_chart: sex '{chart['sex']}' is not one of "
                     f"{', '.join(SEXES)}", "the reference tables hold boys and girls")
        return None
    if chart["to_months"] is not None and chart["to_months"] <= 0:
        report.error(mapping.at("to_months"), "bad-value", f"{label} growth_chart: to_months must be a positive "
                     "number of months")
        return None
    return GrowthChartSection(chart["reference"], SEXES[chart["sex"]], values["title"] or "", chart["to_months"],
                              item.at(), bool(values["screen_only"]))


def check_references(recipes: Sequence, content: Content, content_root: Path | None, report: Report) -> None:
    """Each growth chart of the recipes names a reference table that exists, covers the ages it asks for
    and cites a known source; the tables are read only when some recipe draws one."""
    sections = [(section, f"sheet '{recipe.name}' growth chart") for recipe in recipes
                for section in recipe.sections if isinstance(section, GrowthChartSection)]
    if not sections or content_root is None:
        return
    tables = load_tables_for_charts(content_root, sections[0][0].location, report)
    known_sources = {source.id for source in content.sources}
    for section, label in sections if tables is not None else ():
        chart_table(tables, section.reference, section.sex, section.to_months, known_sources, section.location,
                    label, report)


def growth_chart_view(section: GrowthChartSection, tables: Callable[[], Mapping[str, ReferenceTable]],
                      citations: Citations) -> GrowthChartView:
    from .growth_charts import percentile_chart_svg  # drawing code loads only for a sheet that draws one

    table = tables()[section.reference]
    title = section.title or f"{table.title}: {SEX_NAMES[section.sex]}"
    refs = citations.cite((SourceRef(table.cites, table.source.get("file", "")),), None) if table.cites else ()
    return GrowthChartView(title, percentile_chart_svg(table, section.sex, to_months=section.to_months),
                           data_caption(table), refs, section.screen_only)


def data_caption(table: ReferenceTable) -> str:
    """Under which terms the curves' numbers may be used, in one printed line."""
    return "Data: " + table.licence_statement
