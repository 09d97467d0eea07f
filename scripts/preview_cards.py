"""Render built cards the way Anki shows them, to look at before a release.

Imports an .apkg into a throw-away Anki collection, renders each card through Anki's own template
engine, and writes one HTML page per card side (light and night mode); with --screenshots, headless
Chromium photographs each page at desktop and phone widths.

    python scripts/preview_cards.py dist/genpeds-complete.apkg --out preview --limit 12 --screenshots
    python scripts/preview_cards.py dist/genpeds-complete.apkg --search "tag:genpeds::jaundice::neurotoxicity"
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageRequest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]
WIDTHS = {"desktop": (1000, 700), "phone": (390, 844)}
PAGE = """<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body class="card{night}" style="margin:0;padding:20px">{side}</body></html>"""


def render_pages(package: Path, out: Path, limit: int, search: str = "") -> list[Path]:
    pages = []
    with tempfile.TemporaryDirectory() as scratch:
        collection = Collection(str(Path(scratch) / "preview.anki2"))
        options = collection._backend.get_import_anki_package_presets()
        collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))
        card_ids = sorted(collection.find_cards(search), key=lambda cid: collection.get_card(cid).due)[:limit]
        for number, card_id in enumerate(card_ids, 1):
            card = collection.get_card(card_id)
            for side, html in (("q", card.question()), ("a", card.answer())):
                for mode, night in (("light", ""), ("night", " nightMode night_mode")):
                    page = out / f"{number:03d}-{side}-{mode}.html"
                    page.write_text(PAGE.format(night=night, side=html), encoding="utf-8")
                    pages.append(page)
        # the drawn charts the cards show, beside the pages that name them
        for media in Path(collection.media.dir()).iterdir():
            shutil.copyfile(media, out / media.name)
        collection.close()
    return pages


def screenshot(page: Path) -> None:
    for label, (width, height) in WIDTHS.items():
        target = page.with_name(f"{page.stem}-{label}.png")
        subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tempfile.mkdtemp()}",
                        f"--window-size={width},{height}", f"--screenshot={target}", page.as_uri()],
                       check=True, capture_output=True, timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("--out", type=Path, default=Path("preview"))
    parser.add_argument("--limit", type=int, default=20, help="how many cards, in study order")
    parser.add_argument("--search", default="",
                        help='only cards matching this Anki search, e.g. "tag:genpeds::vaccines::rsv"')
    parser.add_argument("--screenshots", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    pages = render_pages(args.package, args.out, args.limit, args.search)
    if args.screenshots:
        for page in pages:
            screenshot(page)
    print(f"wrote {len(pages)} pages to {args.out}")


if __name__ == "__main__":
    main()
