"""`genpeds release-assets`: the folder a release publishes (decks, sheets, notes, checksums), all or nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import edit

from genpeds.errors import InvalidRequestError
from genpeds.release_assets import find_chromium

CHROMIUM = Path("/usr/bin/chromium")


def _checksums(folder: Path) -> dict[str, str]:
    lines = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def test_a_release_folder_holds_the_decks_sheets_notes_and_a_checksum_of_each(project, cli):
    cli("release", "1.0.0")
    result = cli("release-assets", "--no-pdf", "--out", "dist/release")
    folder = project / "dist/release"
    files = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
    assert files == ["RELEASE-NOTES.md", "SHA256SUMS", "genpeds-alpha.apkg", "genpeds-everything.apkg",
                     "sheets/alpha.html", "sheets/beta.html", "sheets/index.html"]
    sums = _checksums(folder)
    assert sorted(sums) == [name for name in files if name != "SHA256SUMS"]
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert "First release" in (folder / "RELEASE-NOTES.md").read_text(encoding="utf-8")
    assert "wrote release 1.0.0" in result.output


def test_the_notes_of_a_later_release_list_what_it_changed(project, cli):
    cli("release", "1.0.0", "--time", "2026-01-01T00:00:00")
    edit(project / "content/alpha/notes.yaml", "back:", "back: Corrected.")
    cli("release", "1.1.0", "--time", "2026-03-01T00:00:00")
    cli("release-assets", "--no-pdf")
    notes = (project / "dist/release/RELEASE-NOTES.md").read_text(encoding="utf-8")
    assert "1.1.0" in notes and "alpha-basic" in notes


def test_unreleased_changes_are_refused_and_the_previous_folder_stays_as_it_was(project, cli):
    cli("release", "1.0.0")
    cli("release-assets", "--no-pdf")
    before = (project / "dist/release/SHA256SUMS").read_bytes()
    edit(project / "content/alpha/notes.yaml", "back:", "back: Not yet released.")
    result = cli("release-assets", "--no-pdf", code=1)
    assert "release" in result.output
    assert (project / "dist/release/SHA256SUMS").read_bytes() == before
    assert not [path for path in (project / "dist").iterdir() if path.name.startswith(".")]  # no staging left


def test_a_tag_that_is_not_the_latest_release_is_refused(project, cli):
    cli("release", "1.0.0")
    result = cli("release-assets", "--no-pdf", "--version", "v1.1.0", code=1)
    assert "the latest release in the ledger is 1.0.0, not v1.1.0" in result.output
    cli("release-assets", "--no-pdf", "--version", "v1.0.0")


def test_before_the_first_release_it_says_what_to_run(project, cli):
    result = cli("release-assets", "--no-pdf", code=1)
    assert "genpeds release VERSION" in result.output
    assert not (project / "dist/release").exists()


def test_a_chromium_that_is_not_there_gets_a_way_out(project, cli):
    result = cli("release-assets", "--chromium", str(project / "no-such-chromium"), code=2)
    assert "--no-pdf" in result.output and "apt-get install -y chromium" in result.output
    with pytest.raises(InvalidRequestError, match="--no-pdf"):
        find_chromium(project / "no-such-chromium")


@pytest.mark.browser
def test_every_sheet_is_printed_on_a4_and_letter(project, cli):
    if not CHROMIUM.is_file():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    cli("release", "1.0.0")
    cli("release-assets", "--chromium", str(CHROMIUM))
    sheets = project / "dist/release/sheets"
    for name in ("alpha", "beta"):
        for paper in ("a4", "letter"):
            pdf = (sheets / f"{name}-{paper}.pdf").read_bytes()
            assert pdf.startswith(b"%PDF") and b"/Type /Page" in pdf, (name, paper)
    assert "sheets/alpha-a4.pdf" in _checksums(project / "dist/release")
