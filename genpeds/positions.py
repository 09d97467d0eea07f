"""Where each new card stands in a student's queue: Anki shows new cards by ascending position.

Three rules shape the positions, all derived from the content alone (the same in every deck file):
- each topic's cards follow its teaching order;
- a note's further cards (cloze siblings) come about a day of new cards after the previous one,
  so one note never crowds a day (its released cloze numbers are never touched to get there);
- topics are interleaved, each advancing through its own order at the same pace, so a student who
  studies the parent deck by position meets every topic from the first day.
Retired notes' tombstones come after everything else.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from .models import Content, Note
from .releases import cloze_numbers
from .teaching import teaching_order

SIBLING_SPREAD = 20  # Anki's default number of new cards a day: a note's next card comes a day later
SIBLING_MIN_GAP = 11  # never closer: any 20 cards in a row then hold at most 2 of one note

CardKey = tuple[str, int]  # (note id, card ord)


def card_ords(note: Note) -> tuple[int, ...]:
    """The ords Anki gives the note's cards: one card for a basic note, one per cloze number."""
    return tuple(number - 1 for number in cloze_numbers(note)) or (0,)


def spread_siblings(notes: Sequence[Note]) -> list[CardKey]:
    """The cards of `notes` (in teaching order): first cards in that order, each note's next card
    about a day of new cards after the previous one, and never closer than SIBLING_MIN_GAP where the
    topic has enough other cards to put between them."""
    return _BackwardFill(notes).sequence()


class _BackwardFill:
    """Fills a topic's sequence from its last place to its first.

    Each card aims at a target: its note's rank, plus the note's gap for every sibling before it (a
    day of new cards; less for a long note near the end, where fewer cards follow it). Each place
    takes the card with the latest target whose later sibling is far enough away, so near the end,
    where few cards are left, a long note's siblings are spaced out with the last notes' cards
    instead of bunched together. First cards are placed in reverse teaching order; a note whose
    siblings have not all found a place by its turn is passed over and starts a little earlier.
    """

    def __init__(self, notes: Sequence[Note]):
        self.notes = notes
        self.ords = [card_ords(note) for note in notes]
        self.total = sum(len(cards) for cards in self.ords)
        self.remaining = [len(cards) for cards in self.ords]  # cards of each note not yet placed
        self.later = [self.total + SIBLING_SPREAD] * len(notes)  # each note's earliest placed card
        self.gaps = [self._gap(index, len(cards)) for index, cards in enumerate(self.ords)]
        self.frontier = len(notes)  # first cards of notes from here on may be placed
        self.candidates: list[tuple[int, int]] = []  # (-target, note index): each note's next card

    def _gap(self, index: int, cards: int) -> int:
        if cards == 1:
            return SIBLING_SPREAD
        cards_after = self.total - index * self.total / len(self.notes)
        return max(SIBLING_MIN_GAP, min(SIBLING_SPREAD, int(cards_after / (cards - 1)) - 1))

    def sequence(self) -> list[CardKey]:
        for index, count in enumerate(self.remaining):
            if count > 1:
                self._offer(index)
        self._open_next_first()
        placed = []
        for position in range(self.total - 1, -1, -1):
            index = self._take(position)
            self.remaining[index] -= 1
            self.later[index] = position
            placed.append((self.notes[index].id, self.ords[index][self.remaining[index]]))
            if self.remaining[index] > 1 or (self.remaining[index] == 1 and index >= self.frontier):
                self._offer(index)
            elif self.remaining[index] == 0 and index == self.frontier:
                self._open_next_first()
        return placed[::-1]

    def _offer(self, index: int) -> None:
        target = index + (self.remaining[index] - 1) * self.gaps[index]
        heapq.heappush(self.candidates, (-target, index))

    def _open_next_first(self) -> None:
        while self.frontier > 0:
            self.frontier -= 1
            if self.remaining[self.frontier] == 1:
                self._offer(self.frontier)
                return

    def _take(self, position: int) -> int:
        """The note whose card goes at `position`: the latest target at its note's gap, else at the
        minimum gap, else any."""
        for required in (lambda index: self.gaps[index], lambda index: SIBLING_MIN_GAP, lambda index: 0):
            skipped = []
            while self.candidates and self.later[self.candidates[0][1]] - position < required(self.candidates[0][1]):
                skipped.append(heapq.heappop(self.candidates))
            chosen = heapq.heappop(self.candidates) if self.candidates else None
            for entry in skipped:
                heapq.heappush(self.candidates, entry)
            if chosen:
                return chosen[1]
        raise AssertionError("no card left to place")  # unreachable: the last pass accepts any candidate


def interleave(sequences: Sequence[Sequence[CardKey]]) -> list[CardKey]:
    """One sequence in which each input advances at the same pace (its cards spread evenly through it)."""
    keyed = []
    for rank, sequence in enumerate(sequences):
        length = len(sequence)
        keyed.extend((((2 * index + 1) / (2 * length), rank, index), card) for index, card in enumerate(sequence))
    return [card for _, card in sorted(keyed)]


def card_positions(content: Content, shipped: Sequence[Note]) -> dict[CardKey, int]:
    """The position of every card of `shipped` (content notes and tombstones), from 0."""
    by_topic = teaching_order(content)
    ordered = interleave([spread_siblings(notes) for notes in by_topic.values() if notes])
    taught = {note.id for notes in by_topic.values() for note in notes}
    ordered += spread_siblings([note for note in shipped if note.id not in taught])
    return {card: position for position, card in enumerate(ordered)}
