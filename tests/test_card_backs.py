"""What a student scrolls through on a phone: every card's back, rendered by Anki and laid out by Chromium at
390 px (scripts/measure_cards.py). Sources fold under one line, so backs stay short."""

from __future__ import annotations

import os

import pytest
from conftest import FIXTURE_PROJECT, REPO_ROOT, LazyScript

from genpeds.build import DeckRequest, build_decks
from genpeds.project import load_project

pytestmark = [pytest.mark.anki, pytest.mark.browser]

MEASURE = LazyScript("scripts/measure_cards.py")


def _complete_deck(root, out):
    if not MEASURE.CHROMIUM.exists():
        message = f"Chromium is not installed at {MEASURE.CHROMIUM}; install it with: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    project = load_project(root / "content", root / "decks")
    [deck] = build_decks(project, [DeckRequest.from_tags(["genpeds"], file_name="complete.apkg")], out)
    return project, deck.path


def test_every_card_of_the_fixture_is_measured_with_its_sources_folded(tmp_path):
    _, package = _complete_deck(FIXTURE_PROJECT, tmp_path)
    measured = MEASURE.measure(package)
    assert sorted((card.note_id, card.card) for card in measured) == [
        ("alpha-basic", 1), ("alpha-cloze", 1), ("alpha-cloze", 2), ("alpha-doses/drug-a/dose", 1),
        ("alpha-doses/drug-a/maximum", 1), ("alpha-doses/drug-b/dose", 1), ("beta-basic", 1), ("betamax-basic", 1)]
    assert all(card.height > 0 for card in measured)
    assert all(0 < card.sources < 40 for card in measured), [(c.note_id, c.sources) for c in measured]


def test_the_real_decks_backs_fit_a_phone(tmp_path):
    _, package = _complete_deck(REPO_ROOT, tmp_path)
    figures = MEASURE.summary(MEASURE.measure(package))
    assert figures["backs_within_px_share"] >= MEASURE.TARGET, figures
    assert figures["sources_within_share"] >= MEASURE.TARGET, figures
