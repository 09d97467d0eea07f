"""Growth reference tables (WHO 2006 standards, CDC 2000 charts and their 2022 extended BMI): load one,
compute percentile values, z-scores and percentile curves from its L, M and S, convert units.

The tables are CSV files with a short YAML header under `content/reference/growth/` (their README says
the format and where each came from). Nothing reads them until a caller asks: `genpeds check` and
`genpeds build` of the notes never do, so the data costs the content nothing until a chart uses it
(`growth_charts` draws them).

The LMS method (Cole and Green, 1992), as CDC and WHO publish it: the value at z-score z is
M × (1 + L·S·z)^(1/L), or M × exp(S·z) where L is 0; between two rows of a table L, M and S are
interpolated linearly in age. Above the 95th percentile CDC's 2022 extended BMI-for-age model
replaces the LMS curve: percentile = 90 + 10 × Φ((BMI − P95) / sigma).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from statistics import NormalDist

from .diagnostics import Location, Report, did_you_mean, display_path
from .errors import ReferenceDataError
from .files import is_real_folder, list_folder, read_regular_file
from .loading import read_yaml_text

GROWTH_FOLDER = ("reference", "growth")  # under the content folder
MALE, FEMALE = 1, 2
SEX_NAMES = {MALE: "boys", FEMALE: "girls"}
SEXES = {name: number for number, name in SEX_NAMES.items()}  # as recipes and notes write them
STANDARD_PERCENTILES = (3, 5, 10, 25, 50, 75, 90, 95, 97)
COLUMNS = "sex,age_months,l,m,s"
HEADER_KEYS = ("id", "title", "measure", "unit", "source", "licence")
SOURCE_KEYS = ("body", "title", "year", "url", "file")
MAX_TABLE_BYTES = 1024 * 1024  # the largest table is about 22 kB
KG_PER_LB = 0.45359237  # exact, by definition of the pound
CM_PER_IN = 2.54  # exact, by definition of the inch
_NORMAL = NormalDist()


def kg_to_lb(kg: float) -> float:
    return kg / KG_PER_LB


def lb_to_kg(lb: float) -> float:
    return lb * KG_PER_LB


def cm_to_in(cm: float) -> float:
    return cm / CM_PER_IN


def in_to_cm(inches: float) -> float:
    return inches * CM_PER_IN


def percentile_name(percentile: float) -> str:
    """'3rd', '50th', '97th', '99.5th'."""
    suffix = "th"
    if float(percentile).is_integer() and int(percentile) % 100 not in (11, 12, 13):
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(int(percentile) % 10, "th")
    return f"{percentile:g}{suffix}"


@dataclass(frozen=True)
class Lms:
    """The three parameters of one sex at one age: Box-Cox power L, median M, coefficient of variation S."""

    l: float  # noqa: E741 - the name every source gives it
    m: float
    s: float

    def value_at(self, z: float) -> float:
        """The measurement at z-score `z`."""
        if self.l == 0:
            return self.m * math.exp(self.s * z)
        base = 1 + self.l * self.s * z
        if base <= 0:
            raise ValueError(f"z-score {z:g} lies outside what L={self.l:g}, S={self.s:g} can describe")
        return self.m * base ** (1 / self.l)

    def z_of(self, value: float) -> float:
        """The z-score of the measurement `value`."""
        if self.l == 0:
            return math.log(value / self.m) / self.s
        return ((value / self.m) ** self.l - 1) / (self.l * self.s)


@dataclass(frozen=True)
class ExtendedBmi:
    """CDC's 2022 extended BMI-for-age above the 95th percentile: a half-normal tail of scale sigma,
    sigma = a + b·age + c·age² (age in years), by sex."""

    sigma: Mapping[int, tuple[float, float, float]]

    def sigma_at(self, sex: int, age_months: float) -> float:
        a, b, c = self.sigma[sex]
        years = age_months / 12
        return a + b * years + c * years**2


@dataclass(frozen=True)
class ReferenceTable:
    """One published LMS table, both sexes: rows by sex as (age in months, Lms), in ascending age."""

    id: str
    title: str
    measure: str
    unit: str
    source: Mapping
    licence: str
    rows: Mapping[int, tuple[tuple[float, Lms], ...]]
    extended: ExtendedBmi | None
    path: Path
    cites: str = ""  # the source id (content/sources/) a chart drawn from the table cites

    @property
    def licence_statement(self) -> str:
        """The licence as a chart prints it: the header's words without their pointer to the folder's LICENSE.md."""
        return str(self.licence).split("; see LICENSE.md")[0]

    def ages(self, sex: int) -> tuple[float, ...]:
        return tuple(age for age, _ in self.rows[sex])

    def lms_at(self, sex: int, age_months: float) -> Lms:
        """L, M and S at `age_months`, interpolated linearly between the table's rows."""
        rows = self.rows[sex]
        first, last = rows[0][0], rows[-1][0]
        if not first <= age_months <= last:
            raise ValueError(f"{self.id}: age {age_months:g} months is outside the table ({first:g} to {last:g})")
        for (age0, lms0), (age1, lms1) in pairwise(rows):
            if age0 <= age_months <= age1:
                f = (age_months - age0) / (age1 - age0)
                return Lms(lms0.l + f * (lms1.l - lms0.l), lms0.m + f * (lms1.m - lms0.m),
                           lms0.s + f * (lms1.s - lms0.s))
        return rows[0][1]  # a one-row table

    def value_at_percentile(self, sex: int, age_months: float, percentile: float, extended: bool = True) -> float:
        """The measurement at `percentile` (0 < p < 100). Above the 95th, a table with CDC's extended
        BMI model uses it unless `extended` is False (the CDC 2000 LMS curve)."""
        if not 0 < percentile < 100:
            raise ValueError(f"percentile {percentile:g} is not between 0 and 100")
        lms = self.lms_at(sex, age_months)
        if extended and self.extended and percentile > 95:
            p95 = lms.value_at(_NORMAL.inv_cdf(0.95))
            return p95 + _NORMAL.inv_cdf((percentile - 90) / 10) * self.extended.sigma_at(sex, age_months)
        return lms.value_at(_NORMAL.inv_cdf(percentile / 100))

    def z_score(self, sex: int, age_months: float, value: float, extended: bool = True) -> float:
        """The z-score of `value`; above the 95th percentile of a table with CDC's extended BMI model,
        the extended z-score."""
        lms = self.lms_at(sex, age_months)
        z = lms.z_of(value)
        if extended and self.extended and z > _NORMAL.inv_cdf(0.95):
            # far out in the tail the percentile rounds to 100: the z-score stops at about 8.2, as CDC's does
            share = min(self.percentile_of(sex, age_months, value) / 100, math.nextafter(1, 0))
            return _NORMAL.inv_cdf(share)
        return z

    def percentile_of(self, sex: int, age_months: float, value: float, extended: bool = True) -> float:
        """The percentile (0–100) of `value`."""
        lms = self.lms_at(sex, age_months)
        if extended and self.extended:
            p95 = lms.value_at(_NORMAL.inv_cdf(0.95))
            if value > p95:
                return 90 + 10 * _NORMAL.cdf((value - p95) / self.extended.sigma_at(sex, age_months))
        return 100 * _NORMAL.cdf(lms.z_of(value))

    def curve(self, sex: int, percentile: float, ages: Iterable[float] | None = None,
              extended: bool = True) -> tuple[tuple[float, float], ...]:
        """(age in months, value) at each age, by default at every row of the table."""
        return tuple((age, self.value_at_percentile(sex, age, percentile, extended))
                     for age in (self.ages(sex) if ages is None else ages))

    def curves(self, sex: int, percentiles: Sequence[float] = STANDARD_PERCENTILES,
               ages: Iterable[float] | None = None, extended: bool = True) -> dict[float, tuple]:
        """Each percentile's curve, keyed by percentile."""
        ages = tuple(self.ages(sex) if ages is None else ages)
        return {p: self.curve(sex, p, ages, extended) for p in percentiles}


def growth_folder(content_root: Path) -> Path:
    return Path(content_root).joinpath(*GROWTH_FOLDER)


def load_tables(content_root: Path) -> dict[str, ReferenceTable]:
    """Every table under content/reference/growth/, by id. Raises ReferenceDataError for the first
    file that cannot be read or breaks the format."""
    report = Report()
    root = growth_folder(content_root)
    tables: dict[str, ReferenceTable] = {}
    folders = list_folder(root, report) if is_real_folder(root, report) else None
    if folders is None:
        _raise(report)
    for folder in folders:
        if folder.is_dir() and is_real_folder(folder, report):
            for path in list_folder(folder, report, "*.csv") or ():
                table = load_table(path)
                if table.id in tables:
                    raise ReferenceDataError(f"{display_path(path)}: table id '{table.id}' is also "
                                             f"{display_path(tables[table.id].path)}'s")
                tables[table.id] = table
        elif not report.ok:
            _raise(report)
    return tables


def cited_sources(content_root: Path) -> set[str]:
    """The source ids the reference tables cite (`cites:` in their headers), read from the headers alone:
    `check` counts them as cited without parsing the rows. A file that cannot be read cites nothing here;
    the sheet check that draws it reports why."""
    root = growth_folder(content_root)
    cited = set()
    for path in sorted(root.glob("*/*.csv")) if root.is_dir() else ():
        try:
            with open(path, encoding="utf-8") as file:
                lines = list(itertools.islice(file, 80))  # a header is a few dozen lines
            end = lines.index("---\n", 1)
            header = _read_header("".join(lines[1:end]).rstrip("\n"), display_path(path))
        except (OSError, UnicodeDecodeError, ValueError, ReferenceDataError):
            continue
        if header.get("cites"):
            cited.add(str(header["cites"]))
    return cited


def chart_table(tables: Mapping[str, ReferenceTable], reference: str, sex: int, to_months: int | None,
                source_ids: Collection[str], where: Location, label: str, report: Report) -> ReferenceTable | None:
    """The table a chart (on a sheet or a card) draws, if it can: the reference exists, `to_months` is after
    its first age, and the source it cites is declared; otherwise None, with the error at `where`."""
    table = tables.get(reference)
    if table is None:
        report.error(where, "unknown-reference", f"{label}: unknown growth reference '{reference}'",
                     did_you_mean(reference, tables) or f"references: {', '.join(sorted(tables))}")
    elif to_months is not None and to_months <= table.ages(sex)[0]:
        report.error(where, "bad-value", f"{label}: to_months {to_months} is not after the chart's first age "
                     f"({table.ages(sex)[0]:g} months)")
    elif table.cites and table.cites not in source_ids:
        report.error(where, "unknown-source", f"{label}: '{table.id}' cites '{table.cites}', which no file in "
                     "content/sources/ declares", f"correct 'cites:' in {display_path(table.path)}")
    else:
        return table
    return None


def load_tables_for_charts(content_root: Path, where: Location, report: Report) -> dict[str, ReferenceTable] | None:
    """`load_tables`, for a chart that needs them: a file that cannot be read is an error at `where`."""
    try:
        return load_tables(content_root)
    except ReferenceDataError as error:
        report.error(where, "bad-reference-data", f"the growth reference data cannot be read: {error}")
        return None

def load_table(path: Path) -> ReferenceTable:
    """One table file: its header checked, its rows parsed and checked."""
    report = Report()
    raw = read_regular_file(Path(path), report, MAX_TABLE_BYTES)
    if raw is None:
        _raise(report)
    shown = display_path(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ReferenceDataError(f"{shown}: not UTF-8 text") from None
    lines = text.split("\n")
    end = lines.index("---", 1) if lines[0] == "---" and "---" in lines[1:] else 0
    if not end:
        raise ReferenceDataError(f"{shown}:1: a table starts with a YAML header between two '---' lines")
    header = _read_header("\n".join(lines[1:end]), shown)
    if len(lines) <= end + 1 or lines[end + 1].strip() != COLUMNS:
        raise ReferenceDataError(f"{shown}:{end + 2}: the columns must be '{COLUMNS}'")
    rows = _read_rows(lines[end + 2:], end + 3, shown)
    return ReferenceTable(header["id"], header["title"], header["measure"], header["unit"], header["source"],
                          header["licence"], rows, _read_extended(header, shown), Path(path),
                          str(header.get("cites") or ""))


def _raise(report: Report):
    problem = report.errors[0]
    where = problem.location.path + (f":{problem.location.line}" if problem.location.line > 0 else "")
    raise ReferenceDataError(f"{where}: {problem.message}")


def _read_header(text: str, shown: str) -> dict:
    report = Report()
    header = read_yaml_text("\n" + text, shown, report)  # the header starts on the file's second line
    if not report.ok:
        _raise(report)
    if not isinstance(header, dict):
        raise ReferenceDataError(f"{shown}: the header must be a YAML mapping")
    missing = [key for key in HEADER_KEYS if not header.get(key)]
    source = header.get("source")
    missing += [f"source.{key}" for key in SOURCE_KEYS if not isinstance(source, dict) or not source.get(key)]
    if missing:
        raise ReferenceDataError(f"{shown}: the header lacks {', '.join(missing)}")
    return header


def _read_rows(lines: list[str], first_line: int, shown: str) -> dict[int, tuple[tuple[float, Lms], ...]]:
    rows: dict[int, list[tuple[float, Lms]]] = {MALE: [], FEMALE: []}
    for number, line in enumerate(lines, first_line):
        if not line.strip():
            continue
        fields = line.split(",")
        try:
            sex, age, l, m, s = int(fields[0]), *(float(field) for field in fields[1:])  # noqa: E741
        except ValueError:
            raise ReferenceDataError(f"{shown}:{number}: a row is five numbers: {COLUMNS}") from None
        if sex not in rows:
            raise ReferenceDataError(f"{shown}:{number}: sex is 1 (male) or 2 (female), not {sex}")
        if not all(math.isfinite(x) for x in (age, l, m, s)) or m <= 0 or s <= 0:
            raise ReferenceDataError(f"{shown}:{number}: M and S must be positive numbers")
        if rows[sex] and age <= rows[sex][-1][0]:
            raise ReferenceDataError(f"{shown}:{number}: ages must rise within each sex")
        rows[sex].append((age, Lms(l, m, s)))
    if not rows[MALE] or not rows[FEMALE]:
        raise ReferenceDataError(f"{shown}: a table holds rows of both sexes")
    return {sex: tuple(found) for sex, found in rows.items()}


def _read_extended(header: dict, shown: str) -> ExtendedBmi | None:
    extended = header.get("extended_above_p95")
    if extended is None:
        return None
    sigma = extended.get("sigma") if isinstance(extended, dict) else None
    if not isinstance(sigma, dict) or sorted(sigma) != [str(MALE), str(FEMALE)] or not all(
            isinstance(v, list) and len(v) == 3 and all(isinstance(x, (int, float)) for x in v)
            for v in sigma.values()):
        raise ReferenceDataError(f"{shown}: extended_above_p95.sigma gives three numbers for sex 1 and for sex 2")
    if not isinstance(extended.get("source"), dict):
        raise ReferenceDataError(f"{shown}: extended_above_p95 names its source")
    return ExtendedBmi({int(sex): tuple(float(x) for x in values) for sex, values in sigma.items()})
