"""Badges: the cross-cutting tags a sheet marks on a row or fact, and the legend that explains them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Badge:
    """A cross-cutting tag shown on a row or fact: a symbol and a word, never colour alone."""

    tag: str
    css: str
    symbol: str
    word: str


BADGES = (
    Badge("genpeds::red-flag", "red-flag", "⚠", "Red flag"),
    Badge("genpeds::changed-guideline", "changed", "Δ", "Changed"),
    Badge("genpeds::high-yield", "high-yield", "★", "High yield"),
)
LEGEND = {
    "red-flag": "needs prompt action or referral",
    "changed": "guidance changed recently, or bodies differ",
    "high-yield": "recurs in exams and on the wards",
}


def badges_for(tags: tuple[str, ...]) -> tuple[Badge, ...]:
    """The badges of a row's or note's tags, in the fixed order of BADGES."""
    return tuple(badge for badge in BADGES if badge.tag in tags)


def legend(shown: Iterable[Badge]) -> tuple[tuple[Badge, str], ...]:
    """Each badge a sheet shows with what it means, in the order of BADGES; badges it does not show
    are left out, so the legend explains only what the reader will meet."""
    used = {badge.css for badge in shown}
    return tuple((badge, LEGEND[badge.css]) for badge in BADGES if badge.css in used)
