"""Everything a release publishes, in one folder: the decks, the sheets (HTML, and PDF for A4 and US
Letter when a printer is given), the release notes and a SHA-256 checksum of every file.

The release workflow only calls this, so a maintainer runs the very same steps on their own machine.
The folder is built beside its target and moved into place once complete: a failed run (unreleased
changes, content errors, a printer that fails) leaves the previous folder as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import ReleaseError
from .output import staged_folder

CHECKSUMS = "SHA256SUMS"
NOTES = "RELEASE-NOTES.md"
PAPERS = ("A4", "Letter")

# Prints one HTML file on one paper size ("A4" or "Letter") and returns the PDF's bytes.
PdfPrinter = Callable[[Path, str], bytes]


@dataclass(frozen=True)
class ReleaseAssets:
    """The release the folder holds, and its files (relative to the folder), checksums last."""

    version: str
    folder: Path
    files: tuple[str, ...]


def write_release_assets(content_dir: Path, decks_dir: Path, sheets_dir: Path, out_dir: Path,
                         printer: PdfPrinter | None = None, expected_version: str = "") -> ReleaseAssets:
    """Build the latest release's assets into `out_dir` (replacing it whole), or raise and leave it as it was.

    Refuses while a note has changes no release has recorded (a release build), before the first
    release, and when `expected_version` (the tag being published) is not the latest release. Without a
    `printer` the sheets are HTML only.
    """
    from .build import build_decks, requests_for_recipes
    from .commands import release_notes, write_sheets_of
    from .project import load_project

    project = load_project(content_dir, decks_dir)  # read once: the decks, the sheets and the notes use it
    ledger = project.ledger
    if not ledger.releases:
        raise ReleaseError("no release is recorded in the ledger yet; run 'genpeds release VERSION' first")
    version = ledger.releases[-1].version
    if expected_version and expected_version.removeprefix("v") != version:
        raise ReleaseError(f"the latest release in the ledger is {version}, not {expected_version}: "
                           "tag the commit that recorded the release")
    out_dir = Path(out_dir)
    with staged_folder(out_dir, f"the release assets into {out_dir}") as staging:
        build_decks(project, requests_for_recipes(project, ()), staging, release=True)
        sheets = write_sheets_of(project, sheets_dir, staging / "sheets")
        if printer:
            _print_sheets([sheet.path for sheet in sheets.written.sheets], printer)
        previous = ledger.releases[-2].version if len(ledger.releases) > 1 else ""
        first = f"# genpeds {version}\n\nFirst release.\n"
        notes = release_notes(project, previous, version) if previous else first
        (staging / NOTES).write_text(notes, encoding="utf-8")
        files = _write_checksums(staging)
    return ReleaseAssets(version, out_dir, files)


def _print_sheets(pages: list[Path], printer: PdfPrinter) -> None:
    """Each sheet beside its HTML as `<name>-a4.pdf` and `<name>-letter.pdf`."""
    for page in pages:
        for paper in PAPERS:
            page.with_name(f"{page.stem}-{paper.lower()}.pdf").write_bytes(printer(page, paper))


def _write_checksums(folder: Path) -> tuple[str, ...]:
    """SHA256SUMS in the format `sha256sum -c` reads: one line per file, paths relative to the folder."""
    files = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
    lines = [f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n" for name in files]
    (folder / CHECKSUMS).write_text("".join(lines), encoding="utf-8")
    return (*files, CHECKSUMS)


def find_chromium(given: Path | None = None) -> Path:
    """The Chromium to print with: `given`, else $GENPEDS_CHROMIUM, else Debian's /usr/bin/chromium, else
    `chromium` on the PATH; raises InvalidRequestError saying how to get one (or skip the PDFs)."""
    from .errors import InvalidRequestError

    candidates = [given] if given else [os.environ.get("GENPEDS_CHROMIUM"), "/usr/bin/chromium",
                                        shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            try:
                import playwright.sync_api  # noqa: F401  (installed with the test extra)
            except ImportError as exc:
                raise InvalidRequestError("printing the sheets to PDF needs Playwright: pip install -e '.[test]' "
                                          "(or pass --no-pdf for HTML sheets only)") from exc
            return Path(candidate)
    raise InvalidRequestError("printing the sheets to PDF needs Chromium (apt-get install -y chromium, or "
                              "--chromium PATH); pass --no-pdf for HTML sheets only")


def chromium_printer(executable: Path) -> PdfPrinter:
    """A printer that opens each sheet in headless Chromium (through Playwright) and prints it as the
    browser's own print dialog would, backgrounds included."""
    def print_pdf(page_path: Path, paper: str) -> bytes:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(executable), args=["--no-sandbox"])
            try:
                page = browser.new_page()
                page.goto(page_path.resolve().as_uri())
                return page.pdf(format=paper, print_background=True)
            finally:
                browser.close()
    return print_pdf
