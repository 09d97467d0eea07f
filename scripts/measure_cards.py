"""Measure what a student scrolls through on a phone: every card's back, rendered by Anki, at 390 px.

Imports an .apkg into a throw-away Anki collection (the import dialog's default options), renders
each card's answer through Anki's own template engine, lays it out in headless Chromium (Debian's
`chromium`, driven by playwright) at a phone's width, and reports how tall each back is and how much
of it the sources take:

    python scripts/measure_cards.py dist/genpeds-complete.apkg
    python scripts/measure_cards.py dist/genpeds-complete.apkg --worst 20 --json

The targets it prints are the project's: at least 95% of backs no taller than 1,270 px (about
1.5 phone screens) and at least 95% with sources at most 40% of the back.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
TALLEST_BACK_PX = 1270
SOURCES_SHARE = 0.40
TARGET = 0.95
PAGE = """<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body class="card" style="margin:0;padding:16px">{side}</body></html>"""
# The back's height (the body's, not the window's: a short back does not fill the screen), and the
# height of its sources block (0 when a card shows none).
MEASURE = """() => {
  const sources = document.querySelector('.sources');
  return [document.body.getBoundingClientRect().height, sources ? sources.getBoundingClientRect().height : 0];
}"""


@dataclass(frozen=True)
class Measured:
    """One card's back at phone width."""

    note_id: str
    card: int
    deck: str
    height: float
    sources: float

    @property
    def sources_share(self) -> float:
        return self.sources / self.height if self.height else 0.0


def rendered_backs(package: Path) -> list[tuple[str, int, str, str]]:
    """(note id, card number, deck, answer HTML) of every card, as Anki renders it."""
    from anki.collection import Collection, ImportAnkiPackageRequest

    backs = []
    with tempfile.TemporaryDirectory() as scratch:
        collection = Collection(str(Path(scratch) / "measure.anki2"))
        try:
            options = collection._backend.get_import_anki_package_presets()
            collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))
            for card_id in collection.find_cards(""):
                card = collection.get_card(card_id)
                note = card.note()
                backs.append((note["Id"], card.ord + 1, collection.decks.name(card.did), card.answer()))
        finally:
            collection.close()
    return backs


def measure(package: Path) -> list[Measured]:
    """Every card's back laid out at 390 px in headless Chromium."""
    from playwright.sync_api import sync_playwright

    backs = rendered_backs(package)
    measured = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport=PHONE, device_scale_factor=1)
            for note_id, number, deck, answer in backs:
                page.set_content(PAGE.format(side=answer), wait_until="load")
                height, sources = page.evaluate(MEASURE)
                measured.append(Measured(note_id, number, deck, height, sources))
        finally:
            browser.close()
    return measured


def summary(measured: list[Measured]) -> dict:
    """The figures the targets are about, over every card."""
    count = len(measured)
    short = sum(card.height <= TALLEST_BACK_PX for card in measured)
    light = sum(card.sources_share <= SOURCES_SHARE for card in measured)
    return {
        "cards": count,
        "backs_within_px_share": round(short / count, 4) if count else 0,
        "sources_within_share": round(light / count, 4) if count else 0,
        "median_back_px": round(statistics.median(card.height for card in measured), 1) if count else 0,
        "median_sources_share": round(statistics.median(card.sources_share for card in measured), 3) if count else 0,
        "tallest_back_px": max((card.height for card in measured), default=0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("--worst", type=int, default=10, help="list this many of the tallest backs")
    parser.add_argument("--json", action="store_true", help="also print every card's figures as JSON lines")
    args = parser.parse_args()
    measured = measure(args.package)
    figures = summary(measured)
    met = lambda share: "met" if share >= TARGET else "MISSED"  # noqa: E731 - a one-line label
    print(f"{figures['cards']} cards measured at {PHONE['width']} px")
    print(f"backs at most {TALLEST_BACK_PX} px: {figures['backs_within_px_share']:.1%} "
          f"(target {TARGET:.0%}: {met(figures['backs_within_px_share'])}); median {figures['median_back_px']} px, "
          f"tallest {figures['tallest_back_px']:.0f} px")
    print(f"sources at most {SOURCES_SHARE:.0%} of the back: {figures['sources_within_share']:.1%} "
          f"(target {TARGET:.0%}: {met(figures['sources_within_share'])}); median share "
          f"{figures['median_sources_share']:.0%}")
    for card in sorted(measured, key=lambda card: -card.height)[:args.worst]:
        print(f"  {card.height:>6.0f} px  sources {card.sources_share:>4.0%}  {card.note_id} (card {card.card})")
    if args.json:
        for card in measured:
            print(json.dumps(asdict(card)))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
