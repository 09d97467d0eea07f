"""Anki cloze syntax ({{c1::answer::hint}}): find the deletions and explain what is broken."""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass

_TOKEN = re.compile(r"\{\{c(\d+)::|\}\}|::|\{\{")
_SINGLE_COLON = re.compile(r"\{\{c\d+:(?!:)")
_NO_NUMBER = re.compile(r"\{\{(?!c\d+::)[^{}]*::")


@dataclass(frozen=True)
class Token:
    """A piece of cloze markup at `start`..`end`: an opening (with its number), a hint separator or a close."""

    kind: str
    start: int
    end: int
    number: int = 0


@dataclass(frozen=True)
class ClozeScan:
    """The markup of one text and, if it is broken, why."""

    tokens: tuple[Token, ...]
    numbers: frozenset[int]
    problem: str = ""


_NO_MARKUP = ClozeScan((), frozenset())


@functools.cache
def scan(text: str) -> ClozeScan:
    """Find cloze markup; nested deletions are allowed, as in current Anki. A text is scanned once: the
    check, the rendering, the card list and the ledger all ask about the same texts."""
    if "{{" not in text and "}}" not in text:  # most texts: no markup at all, nothing broken
        return _NO_MARKUP
    if _SINGLE_COLON.search(text):
        return ClozeScan((), frozenset(), "cloze written with one colon; write {{c1::answer}}")
    if _NO_NUMBER.search(text):
        return ClozeScan((), frozenset(), "cloze without a number; write {{c1::answer}}")
    tokens: list[Token] = []
    numbers: set[int] = set()
    depth = 0
    hint_seen: list[bool] = []
    for match in _TOKEN.finditer(text):
        piece = match.group(0)
        if match.group(1) is not None:
            number = int(match.group(1))
            if number < 1:
                return ClozeScan((), frozenset(), "cloze numbers start at c1")
            depth += 1
            hint_seen.append(False)
            numbers.add(number)
            tokens.append(Token("open", match.start(), match.end(), number))
        elif piece == "}}":
            if depth == 0:
                return ClozeScan((), frozenset(), "'}}' without a matching '{{c1::'")
            depth -= 1
            hint_seen.pop()
            tokens.append(Token("close", match.start(), match.end()))
        elif piece == "{{":
            return ClozeScan((), frozenset(), "'{{' that does not start a cloze; write {{c1::answer}}")
        elif depth and not hint_seen[-1]:
            hint_seen[-1] = True
            tokens.append(Token("hint", match.start(), match.end()))
    if depth:
        return ClozeScan((), frozenset(), "a cloze is opened with '{{c…::' but never closed with '}}'")
    return ClozeScan(tuple(tokens), frozenset(numbers))


def has_cloze_markup(text: str) -> bool:
    """True when text contains anything that looks like a cloze (for basic notes, an error)."""
    return "{{c" in text and bool(re.search(r"\{\{c\d+:", text))


def cloze_answers(text: str) -> dict[int, tuple[str, ...]]:
    """What each cloze number hides (hints left out, inner markup kept as text), in text order."""
    found: dict[int, list[str]] = defaultdict(list)
    open_at: list[tuple[int, int, int | None]] = []  # (number, where its answer starts, where its hint starts)
    for token in scan(text).tokens:
        if token.kind == "open":
            open_at.append((token.number, token.end, None))
        elif token.kind == "hint":
            number, start, _ = open_at.pop()
            open_at.append((number, start, token.start))
        else:
            number, start, hint = open_at.pop()
            found[number].append(text[start:hint if hint is not None else token.start])
    return {number: tuple(answers) for number, answers in found.items()}


def answer_digests(text: str) -> dict[int, str]:
    """A short digest of what each cloze number asks, blind to case, spacing, punctuation and markup, so
    that a reworded answer changes it and the same answer under another number is recognised."""
    digests = {}
    for number, answers in cloze_answers(text).items():
        plain = " | ".join(re.sub(r"[\W_]+", " ", re.sub(r"\{\{c\d+::|\}\}", "", answer).lower()).strip()
                           for answer in answers)
        digests[number] = hashlib.sha256(plain.encode("utf-8")).hexdigest()[:12]
    return digests
