"""New-card positions: the teaching order per topic, cloze siblings a day apart, topics interleaved."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from genpeds.models import Content, Note, Topic
from genpeds.positions import SIBLING_MIN_GAP, SIBLING_SPREAD, card_positions, interleave, spread_siblings


def note(note_id: str, topic: str = "alpha", clozes: int = 0) -> Note:
    if clozes:
        text = " ".join(f"{{{{c{number}::part {number}}}}}" for number in range(1, clozes + 1))
        fields = (("text", f"Fact {note_id}: {text}"),)
    else:
        fields = (("front", f"Question {note_id}?"), ("back", "Answer."))
    return Note(note_id, topic, "cloze" if clozes else "basic", fields, (f"genpeds::{topic}",), (),
                dt.date(2026, 1, 1))


def content_of(*topics: tuple[str, list[Note]]) -> Content:
    made = tuple(Topic(name, name.title(), name.title(), index, "") for index, (name, _) in enumerate(topics, 1))
    return Content(made, (), (), tuple(n for _, notes in topics for n in notes), ())


def positions_by_note(sequence) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for position, (note_id, _) in enumerate(sequence):
        where.setdefault(note_id, []).append(position)
    return where


def test_a_notes_cards_are_a_days_new_cards_apart_where_the_topic_leaves_room():
    notes = [note(f"n{index}", clozes=4 if index % 3 == 0 else 0) for index in range(200)]
    sequence = spread_siblings(notes)
    assert sorted(sequence) == sorted((n.id, ord_) for n in notes for ord_ in range(4 if n.type == "cloze" else 1))
    assert [note_id for note_id, _ in sequence[:SIBLING_SPREAD]] == [f"n{index}" for index in range(SIBLING_SPREAD)]
    assert list(positions_by_note(sequence)) == [n.id for n in notes]  # first cards in teaching order
    for note_id, positions in positions_by_note(sequence).items():
        if int(note_id[1:]) < 100:
            gaps = [later - earlier for earlier, later in zip(positions, positions[1:], strict=False)]
            assert min(gaps, default=SIBLING_SPREAD) >= SIBLING_SPREAD, note_id


def test_long_notes_at_a_topics_end_never_crowd_a_day():
    notes = [note(f"n{index}", clozes=7 if index in (60, 70) else 4 if index > 75 else 0) for index in range(90)]
    sequence = spread_siblings(notes)
    for start in range(len(sequence) - SIBLING_SPREAD + 1):
        day = Counter(note_id for note_id, _ in sequence[start:start + SIBLING_SPREAD])
        assert max(day.values()) <= 2, (start, day.most_common(1))
    for positions in positions_by_note(sequence).values():
        assert all(later - earlier >= SIBLING_MIN_GAP for earlier, later in zip(positions, positions[1:], strict=False))


def test_a_topic_of_one_long_note_still_gets_every_card():
    assert spread_siblings([note("only", clozes=5)]) == [("only", ord_) for ord_ in range(5)]


def test_cloze_cards_keep_their_numbers_in_order():
    sequence = spread_siblings([note("a", clozes=3), *(note(f"b{index}") for index in range(50))])
    assert [card for card in sequence if card[0] == "a"] == [("a", 0), ("a", 1), ("a", 2)]


def test_topics_advance_at_the_same_pace():
    small = [("s", index) for index in range(10)]
    large = [("l", index) for index in range(40)]
    merged = interleave([small, large])
    assert sorted(merged) == sorted(small + large)
    for start in range(0, 50, 10):
        window = Counter(topic for topic, _ in merged[start:start + 10])
        assert window == {"s": 2, "l": 8}, (start, window)
    assert [card for card in merged if card[0] == "s"] == small  # each topic keeps its own order


def test_positions_cover_every_card_once_and_put_tombstones_last():
    alpha = [note(f"a{index}", clozes=2 if index == 0 else 0) for index in range(5)]
    beta = [note(f"b{index}", topic="beta") for index in range(5)]
    tombstone = note("gone", clozes=2)
    positions = card_positions(content_of(("alpha", alpha), ("beta", beta)), [*alpha, *beta, tombstone])
    assert sorted(positions.values()) == list(range(13))
    assert positions["gone", 0] == 11 and positions["gone", 1] == 12
    first_five = sorted(positions, key=positions.get)[:5]
    assert {note_id[0] for note_id, _ in first_five} == {"a", "b"}
