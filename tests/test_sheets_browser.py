"""The project's sheets in a real browser: headless Chromium from Debian's `chromium` package.

Each sheet is opened from disk, as a student opens it: nothing may be fetched and nothing may log an
error. It is photographed at a desktop and a phone width and printed to PDF on A4 and US Letter.
Nothing here downloads a browser. Where Chromium is missing the tests are skipped with the command
that installs it, except in CI (the CI variable is set), where a missing browser is a failure.

To keep the screenshots and PDFs for a look: GENPEDS_SHEET_SHOTS=shots .venv/bin/python -m pytest -m browser
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import REPO_ROOT

from genpeds import __version__
from genpeds.project import load_project
from genpeds.sheet_recipes import load_sheet_recipes
from genpeds.sheets import write_sheets

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = {"desktop": 1200, "phone": 390}
PAPERS = ("A4", "Letter")

# A sheet is printed for the ward pocket or the wall: it stays useful only while it stays short. The
# target is 2 pages, A4 and Letter alike: the tables, charts and algorithms a clinician pins up, then
# the sources a printed section cites, as short labels. Flashcard sections, long comments and
# background are `screen_only` and print names them. Each bound is the sheet's length today (the
# longer of A4 and Letter); lower it when the sheet gets shorter. A sheet that outgrows it needs a
# decision, not a silently higher number: trim its recipe in sheets/ (fewer columns, `leave_out`,
# `screen_only_columns`, `screen_only`), or raise the bound here with the reason.
PAGE_BOUNDS = {
    "vaccines": 2,  # the schedule grid with its legend (page 1), the catch-up grid and the sources
    "milestones": 2,  # landscape: the checklist and red-flag grids, each age a block flowing in three columns
    "reflexes": 1,  # the primitive reflexes table and the WHO motor windows
    # resuscitation steps, the respiratory distress table, hypoglycemia, GBS and early-onset sepsis, withdrawal
    "neonatal": 2,
    "congenital": 2,  # chromosomal and single-gene syndromes, congenital infections
    "congenital-anomalies": 2,  # structural anomalies by presentation, teratogens
    # bilirubin steps and causes (page 1), four threshold charts two to a row (drawn 380 units wide, so their
    # text prints at 8.2 pt) and the sources (page 2)
    "jaundice": 2,
    "newborn-screening": 2,  # blood-spot conditions, the CCHD screen and the sources: a page and a few lines
    "chd": 2,  # landscape: the cyanotic and acyanotic lesion tables (eight and seven text columns)
    "kawasaki-murmurs": 1,  # Kawasaki coronary z-scores, innocent murmurs, preterm PDA doses
    # landscape: the PALS lookup by weight, each dose with its volume (20 rows of drugs and shocks by eight
    # weights, a long concentration note under the table; the volumes of a range never wrap), tube sizes by age
    "pals": 2,
    "emergencies": 2,  # landscape: vital signs, maintenance fluids, the WHO dehydration plans, status epilepticus
    # twelve growth charts, a boy's beside a girl's, three rows to a page (about 92 mm wide: text 8.2 pt);
    # which chart when, expected growth, BMI categories, the failure-to-thrive and short-stature approach
    "growth": 4,
    "index": 1,  # a link and a line per sheet
}


# Text with a unit whose letter case carries meaning; upper-casing it (CSS text-transform) would print
# µmol/L as "ΜMOL/L", read as mmol/L, a thousand times off.
CASED_UNITS_SHOWN_TRANSFORMED = """() => {
  const unit = /[µμ]|mg\\/dL|mmol|mcg|mEq|mL/;
  const changed = [];
  for (const element of document.querySelectorAll("body *")) {
    const label = element.getAttribute("data-label") || "";
    if (unit.test(label) && getComputedStyle(element, "::before").textTransform !== "none") changed.push(label);
    const own = [...element.childNodes].filter(node => node.nodeType === 3).map(node => node.textContent).join("");
    if (unit.test(own) && getComputedStyle(element).textTransform !== "none") changed.push(own.trim().slice(0, 60));
  }
  return changed;
}"""


def _browser_problem() -> str:
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM}; install it with: apt-get install -y chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing; install the test extra: .venv/bin/pip install -e '.[test]'"
    return ""


@pytest.fixture(scope="module")
def browser():
    problem = _browser_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def sheets_dir(tmp_path_factory) -> Path:
    """The project's own sheets, built from the real content."""
    out = tmp_path_factory.mktemp("sheets")
    cwd = Path.cwd()
    os.chdir(REPO_ROOT)
    try:
        project = load_project(REPO_ROOT / "content", None)
        recipes, report = load_sheet_recipes(REPO_ROOT / "sheets", project.content)
        write_sheets(project, recipes, report, out, __version__)
    finally:
        os.chdir(cwd)
    return out


@pytest.fixture(scope="module")
def shots_dir(tmp_path_factory) -> Path:
    kept = os.environ.get("GENPEDS_SHEET_SHOTS")
    if kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
        return Path(kept)
    return tmp_path_factory.mktemp("shots")


def open_sheet(browser, path: Path, width: int):
    """A page showing `path`, with every request and every console error recorded."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(path.as_uri(), wait_until="load")
    return context, page


def pdf_page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("name", sorted(PAGE_BOUNDS))
@pytest.mark.parametrize("screen", sorted(WIDTHS))
def test_sheet_opens_offline_without_errors_and_fits_the_screen(browser, sheets_dir, shots_dir, name, screen):
    path = sheets_dir / f"{name}.html"
    width = WIDTHS[screen]
    context, page = open_sheet(browser, path, width)
    try:
        assert page.title(), "the sheet has no title"
        assert page.requests == [path.as_uri()], f"requests besides the sheet itself: {page.requests[1:]}"
        assert page.errors == []
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate(CASED_UNITS_SHOWN_TRANSFORMED) == [], "units shown with their letter case changed"
        shot = page.screenshot(path=str(shots_dir / f"{name}-{screen}.png"), full_page=True)
        assert shot.startswith(b"\x89PNG")
    finally:
        context.close()


@pytest.mark.parametrize("name", sorted(PAGE_BOUNDS))
def test_sheet_prints_within_its_page_bound(browser, sheets_dir, shots_dir, name):
    context, page = open_sheet(browser, sheets_dir / f"{name}.html", WIDTHS["desktop"])
    try:
        for paper in PAPERS:
            pdf = page.pdf(format=paper, print_background=True)
            (shots_dir / f"{name}-{paper}.pdf").write_bytes(pdf)
            pages = pdf_page_count(pdf)
            # Counted in Arial's metrics, as the sheet asks, or the count says nothing of another system's print.
            assert b"LiberationSans" in pdf or b"Arial" in pdf, (
                "the sheet printed without Arial or Liberation Sans: apt-get install -y fonts-liberation")
            assert 1 <= pages <= PAGE_BOUNDS[name], f"{name} prints on {pages} {paper} pages"
        assert page.errors == []
    finally:
        context.close()


def test_every_sheet_has_a_page_bound(sheets_dir):
    assert sorted(p.stem for p in sheets_dir.glob("*.html")) == sorted(PAGE_BOUNDS)


PHOTOTHERAPY_WEEKS = ["35 weeks", "36 weeks", "37 weeks", "38 weeks", "39 weeks", "40 weeks or more"]
WEEKS_TO_38 = ["35 weeks", "36 weeks", "37 weeks", "38 weeks or more"]
PERCENTILES = ["3rd", "5th", "10th", "25th", "50th", "75th", "90th", "95th", "97th"]
# Charts a sheet must draw, as (sheet, chart title start, the series it draws, the marks it draws at least:
# a threshold chart marks each point, a growth chart draws each percentile as one line): a chart lost to a
# recipe or table change fails here.
CHARTS = [
    ("jaundice", "AAP 2022 phototherapy thresholds — no neurotoxicity", PHOTOTHERAPY_WEEKS, 13),
    ("jaundice", "AAP 2022 phototherapy thresholds — one or more", WEEKS_TO_38, 9),
    ("jaundice", "AAP 2022 exchange-transfusion thresholds — no neurotoxicity", WEEKS_TO_38, 9),
    ("jaundice", "AAP 2022 exchange-transfusion thresholds — one or more", WEEKS_TO_38, 9),
    ("growth", "Weight-for-age, boys, 0–2 years", PERCENTILES, 9),
    ("growth", "BMI-for-age, girls, 2–20 years", PERCENTILES, 9),
]


@pytest.mark.parametrize(("name", "title", "series", "marks"), CHARTS)
def test_sheet_draws_its_charts_on_screen_and_in_print(browser, sheets_dir, name, title, series, marks):
    context, page = open_sheet(browser, sheets_dir / f"{name}.html", WIDTHS["phone"])
    try:
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            drawn = page.evaluate("""(title) => {
              const section = [...document.querySelectorAll('section')]
                .find(s => s.querySelector('h2') && s.querySelector('h2').textContent.startsWith(title));
              if (!section) return null;
              const svg = section.querySelector('svg.chart-svg');
              const box = svg.getBoundingClientRect();
              return {series: [...svg.querySelectorAll('g.series')].map(g => g.dataset.series),
                      points: svg.querySelectorAll('g.series circle, g.series rect, g.series path').length,
                      width: box.width, height: box.height};
            }""", title)
            assert drawn is not None, f"{name}: no chart titled {title!r} ({media})"
            assert drawn["series"] == series, media
            # printed at a phone's width a growth chart takes half of it, beside its pair
            assert drawn["points"] >= marks and drawn["width"] > 150 and drawn["height"] > 100, (media, drawn)
    finally:
        context.close()


# The vaccine schedule grid: every kind of bar the recipe explains, drawn and in the legend, on screen and in print.
GRID_KINDS = ["routine", "catch-up", "high-risk", "shared-decision"]


def test_the_vaccine_grid_draws_each_kind_with_its_legend_on_screen_and_in_print(browser, sheets_dir):
    context, page = open_sheet(browser, sheets_dir / "vaccines.html", WIDTHS["phone"])
    try:
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            drawn = page.evaluate("""() => {
              const figure = document.querySelector('figure.schedule-figure');
              const svg = figure.querySelector('svg.schedule-svg');
              const box = svg.getBoundingClientRect();
              return {kinds: [...new Set([...svg.querySelectorAll('g.bar')].map(g => g.dataset.kind))],
                      legend: [...figure.querySelectorAll('.schedule-legend li')].map(li => li.dataset.kind),
                      shown: [...figure.querySelectorAll('.schedule-legend li')].every(li => li.offsetWidth > 0),
                      lines: svg.querySelectorAll('g.line').length, width: box.width, height: box.height};
            }""")
            assert sorted(drawn["kinds"]) == sorted(GRID_KINDS) and drawn["legend"] == GRID_KINDS, (media, drawn)
            assert drawn["shown"] and drawn["lines"] > 10 and drawn["width"] > 300, (media, drawn)
        # printed on A4 the grid is as wide as the page's text, 186 mm: its text, scaled with it, stays 8 pt or more
        page.set_viewport_size({"width": round(186 / 25.4 * 96), "height": 900})
        smallest = page.evaluate("""() => {
          const svg = document.querySelector('svg.schedule-svg');
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize)))
                 * scale * 0.75;
        }""")
        assert smallest >= 7.95, f"the grid prints text at {smallest:.2f} pt"
    finally:
        context.close()


SMALLEST_PRINTED_TEXT = """() => {
  const small = [];
  for (const element of document.querySelectorAll('body *')) {
    const own = [...element.childNodes].some(node => node.nodeType === 3 && node.textContent.trim());
    if (!own || element.closest('.screen-only') || getComputedStyle(element).display === 'none') continue;
    if (element.tagName.toLowerCase() === 'title') continue;  // an SVG title is a tooltip, never drawn
    // SVG text is sized in the drawing's units: it prints at that size times the drawing's scale.
    const svg = element.closest('svg');
    const scale = svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width
      ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
    if (svg && svg.getBoundingClientRect().width === 0) continue;
    const points = parseFloat(getComputedStyle(element).fontSize) * scale * 0.75;
    if (points < 7.95) small.push(`${element.tagName.toLowerCase()}.${element.className.baseVal ?? element.className} `
                                  + `${points.toFixed(1)}pt`);
  }
  return [...new Set(small)];
}"""


@pytest.mark.parametrize("name", sorted(PAGE_BOUNDS))
def test_printed_text_is_never_below_8_points(browser, sheets_dir, name):
    """Measured at the width of an A4 page's text (the narrower paper), so drawings scale as they print."""
    context, page = open_sheet(browser, sheets_dir / f"{name}.html", WIDTHS["desktop"])
    try:
        page.emulate_media(media="print")
        landscape = page.evaluate("() => document.querySelector('.landscape') !== null")
        text_mm = (297 if landscape else 210) - 2 * 10  # the page less its 10 mm side margins
        page.set_viewport_size({"width": round(text_mm / 25.4 * 96), "height": 900})
        assert page.evaluate(SMALLEST_PRINTED_TEXT) == []
    finally:
        context.close()


@pytest.mark.parametrize("name", sorted(PAGE_BOUNDS))
def test_nothing_marked_screen_only_prints(browser, sheets_dir, name):
    """A more specific print rule (a source list's items shown inline, say) must not bring one back."""
    context, page = open_sheet(browser, sheets_dir / f"{name}.html", WIDTHS["desktop"])
    try:
        page.emulate_media(media="print")
        shown = page.evaluate("""() => [...document.querySelectorAll('.screen-only')]
          .filter(e => getComputedStyle(e).display !== 'none').map(e => e.tagName + '#' + e.id)""")
        assert shown == []
    finally:
        context.close()


# The PALS lookup: on a screen a reader picks a weight and sees that weight's column alone; paper shows every
# weight. No script may run on the page (its Content-Security-Policy): radio buttons and :has() do it.
LOOKUP_STATE = """() => {
  const lookup = document.querySelector('section.lookup');
  const shown = element => getComputedStyle(element).display !== 'none';
  const cells = [...lookup.querySelectorAll('tbody td.weight')];
  const rows = [...lookup.querySelectorAll('tbody tr')];
  return {
    weights: [...lookup.querySelectorAll('.weight-picker input')].map(input => input.value),
    headings: [...lookup.querySelectorAll('thead th.weight')].filter(shown).map(th => th.dataset.column),
    columns: [...new Set(cells.filter(shown).map(td => td.dataset.column))],
    perRow: Object.fromEntries(rows.map(tr => [tr.id.split('/').pop(),
                                                [...tr.querySelectorAll('td.weight')].filter(shown).length])),
    // on a phone the picked weight comes first in a drug's card, under its name
    firstUnderName: rows.every(tr => {
      const picked = [...tr.querySelectorAll('td.weight')].find(shown);
      const others = [...tr.querySelectorAll('td:not(.weight)')].filter(shown);
      return !picked || others.every(td => td.getBoundingClientRect().top >= picked.getBoundingClientRect().bottom);
    }),
    volumes: lookup.querySelectorAll('tbody td.weight .volume').length,
    volumesShown: [...lookup.querySelectorAll('tbody td.weight .volume')].filter(shown).length,
    pickerShown: shown(lookup.querySelector('.weight-picker')),
    widest: Math.max(...[...lookup.querySelectorAll('tbody tr')].map(tr => tr.getBoundingClientRect().right)),
  };
}"""


def test_the_pals_lookup_shows_the_picked_weight_alone_on_a_phone_and_every_weight_in_print(browser, sheets_dir):
    path = sheets_dir / "pals.html"
    context, page = open_sheet(browser, path, WIDTHS["phone"])
    try:
        state = page.evaluate(LOOKUP_STATE)
        weights = [weight for weight in state["weights"] if weight != "all"]
        assert weights == [f"dose-{kg}kg" for kg in (3, 5, 10, 15, 20, 25, 30, 40)]
        assert state["columns"] == weights and state["pickerShown"]  # at first, every weight
        for weight in (weights[2], weights[0], weights[-1]):
            page.locator("section.lookup .weight-picker label").filter(has_text=weight[5:-2] + " kg").first.click()
            state = page.evaluate(LOOKUP_STATE)
            assert state["columns"] == [weight] and state["headings"] == [weight], weight
            assert set(state["perRow"].values()) == {1} and len(state["perRow"]) == 20, state["perRow"]
            assert state["firstUnderName"], weight
            assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"]
            assert state["widest"] <= WIDTHS["phone"], "the lookup runs past the phone's width"
        page.locator("section.lookup .weight-picker label").filter(has_text="every weight").click()
        assert page.evaluate(LOOKUP_STATE)["columns"] == weights
        # print shows every weight, whatever was picked on screen, and no picker
        page.locator("section.lookup .weight-picker label").filter(has_text="10 kg").first.click()
        page.emulate_media(media="print")
        printed = page.evaluate(LOOKUP_STATE)
        assert printed["columns"] == weights and printed["headings"] == weights and not printed["pickerShown"]
        assert printed["volumesShown"] == printed["volumes"] > 100
        assert page.requests == [path.as_uri()] and page.errors == []
    finally:
        context.close()
