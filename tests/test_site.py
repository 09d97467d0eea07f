"""`genpeds site`: the home page, the sheets and the card browser, with every current note once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO_ROOT, write
from sheet_html import parse

from genpeds.project import load_project
from genpeds.selection import select_notes
from genpeds.site import note_entries, tag_members

CHROMIUM = Path("/usr/bin/chromium")


def _note_ids(page: Path) -> list[str]:
    return [element.attrs["data-note-id"] for element in parse(page).iter() if "data-note-id" in element.attrs]


def test_the_site_lists_every_note_once_with_its_sheets_beside_it(project, cli):
    result = cli("site", "--out", "dist/site")
    site = project / "dist/site"
    content = load_project(project / "content", None).content
    assert sorted(_note_ids(site / "cards.html")) == sorted(note.id for note in content.notes)
    assert (site / "sheets/index.html").is_file() and (site / "sheets/alpha.html").is_file()
    assert f"{len(content.notes)} notes in the card browser" in result.output
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="cards.html"' in home and 'href="sheets/alpha.html"' in home


def test_each_tag_selects_what_the_decks_select(project):
    content = load_project(project / "content", None).content
    entries = note_entries(content, {}, "")
    members = tag_members(content, entries)
    for tag, _ in content.tags:
        assert [entries[index].id for index in members[tag]] == \
            [entry.id for entry in entries if entry.id in {note.id for note in select_notes(content.notes, [tag])}]
    assert members["genpeds"] == list(range(len(entries)))


def test_report_links_name_the_card_on_the_repository_of_pyproject(project, cli):
    cli("site")
    assert "issues/new" not in (project / "dist/site/cards.html").read_text(encoding="utf-8")
    write(project / "pyproject.toml", '[project]\nname = "x"\n\n[project.urls]\nRepository = "https://example.org/genpeds/"\n')
    cli("site")
    cards = (project / "dist/site/cards.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/genpeds/issues/new?title=Card%20alpha-basic' in cards


def test_the_home_page_links_the_decks_of_a_release_built_beside_it(project, cli):
    cli("release", "1.0.0")
    cli("release-assets", "--no-pdf", "--out", "dist/release")
    cli("site", "--out", "dist/site", "--downloads", "dist/release")
    home = (project / "dist/site/index.html").read_text(encoding="utf-8")
    assert 'href="../release/genpeds-everything.apkg"' in home


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    from genpeds.commands import write_project_site

    out = tmp_path_factory.mktemp("site")
    write_project_site(REPO_ROOT / "content", REPO_ROOT / "sheets", out)
    return out


@pytest.mark.browser
def test_in_chromium_search_and_filters_narrow_the_notes_and_nothing_leaves_the_site(real_site):
    if not CHROMIUM.is_file():
        pytest.fail("Chromium is not installed at /usr/bin/chromium; install it with: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    content = load_project(REPO_ROOT / "content", None).content
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 800})
            requests = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto((real_site / "cards.html").as_uri())
            visible = "() => document.querySelectorAll('article.note:not([hidden])').length"
            assert page.evaluate(visible) == len(content.notes)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
            page.fill("input[type=search]", "tetralogy")
            searched = page.evaluate(visible)
            assert 0 < searched < len(content.notes)
            page.select_option("#tag", "genpeds::vignette")
            both = page.evaluate(visible)
            vignettes = {note.id for note in select_notes(content.notes, ["genpeds::vignette"])}
            shown = page.eval_on_selector_all("article.note:not([hidden])", "els => els.map(e => e.dataset.noteId)")
            assert 0 < both < searched and set(shown) <= vignettes
            assert page.text_content("#anki-search") == "tag:genpeds::vignette tetralogy"
            charted = sorted(content.chart_of)[0]  # a card with a drawn growth chart shows it, loaded
            page.select_option("#tag", "")
            page.fill("input[type=search]", charted)
            widths = page.eval_on_selector_all("article.note:not([hidden]) img", "els => els.map(e => e.naturalWidth)")
            assert widths and all(width > 0 for width in widths), charted
            for name in ("index.html", "cards.html", "sheets/index.html"):
                page.goto((real_site / name).as_uri())
                for link in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                    if link.startswith("file:"):
                        target = Path(re.sub(r"^file://", "", link).split("#")[0])
                        assert target.exists(), (name, link)
            assert [url for url in requests if not url.startswith("file:")] == []
        finally:
            browser.close()
