"""Tag selection matches at `::` boundaries, unions includes and subtracts excludes: exact note sets."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURE_PROJECT
from hypothesis import given
from hypothesis import strategies as st

from genpeds.content import load_content
from genpeds.diagnostics import Location
from genpeds.errors import SelectionError
from genpeds.models import Note
from genpeds.selection import check_selectors, has_tag_under, select_notes
from genpeds.vocabulary import tag_matches


@pytest.fixture(scope="module")
def notes():
    content, report = load_content(FIXTURE_PROJECT / "content")
    assert report.ok
    return content.notes


def ids(selected) -> list[str]:
    return [note.id for note in selected]


@pytest.mark.parametrize("tag, selector, matches", [
    ("genpeds::vaccines::hepb", "genpeds::vaccines", True),
    ("genpeds::vaccines", "genpeds::vaccines", True),
    ("genpeds::vaccinesx", "genpeds::vaccines", False),
    ("genpeds::vaccines", "genpeds::vaccines::hepb", False),
    ("genpeds::betamax", "genpeds::beta", False),
])
def test_tag_matches_at_boundaries(tag, selector, matches):
    assert tag_matches(tag, selector) is matches


def test_everything_in_study_order(notes):
    assert ids(select_notes(notes, ["genpeds"])) == [
        "alpha-basic", "alpha-cloze", "alpha-doses/drug-a/dose", "alpha-doses/drug-a/maximum",
        "alpha-doses/drug-b/dose", "beta-basic", "betamax-basic"]


def test_subtopic(notes):
    assert ids(select_notes(notes, ["genpeds::alpha::one"])) == [
        "alpha-basic", "alpha-doses/drug-a/dose", "alpha-doses/drug-a/maximum", "alpha-doses/drug-b/dose"]


def test_union_of_includes(notes):
    assert ids(select_notes(notes, ["genpeds::alpha::two", "genpeds::betamax"])) == ["alpha-cloze", "betamax-basic"]


def test_exclude_subtracts(notes):
    assert ids(select_notes(notes, ["genpeds::beta"], ["genpeds::betamax"])) == ["beta-basic"]
    assert ids(select_notes(notes, ["genpeds::alpha"], ["genpeds::red-flag", "genpeds::high-yield"])) == [
        "alpha-cloze", "alpha-doses/drug-a/dose", "alpha-doses/drug-a/maximum"]


def test_prefix_that_is_not_a_tag_matches_nothing(notes):
    assert select_notes(notes, ["genpeds::alp"]) == []
    with pytest.raises(SelectionError, match=r"unknown tag 'genpeds::alp' \(did you mean 'genpeds::alpha'\?\)"):
        check_selectors(["genpeds::alp"], ["genpeds::alpha", "genpeds::beta"])


_WORDS = st.sampled_from(["genpeds", "a", "ab", "b", "vaccines", "vaccinesx", "", "x-y"])
_TAGS = st.lists(_WORDS, min_size=1, max_size=4).map("::".join)


@given(tags=st.lists(_TAGS, min_size=1, max_size=4), selectors=st.lists(_TAGS, min_size=1, max_size=3))
def test_a_note_is_under_a_selector_exactly_when_one_of_its_tags_matches_it(tags, selectors):
    """The split-once levels of a note's tags agree with matching each tag against each selector."""
    note = Note("n", "t", "basic", (), tuple(tags), (), dt.date(2026, 1, 1), Location("x", 1))
    expected = any(tag_matches(tag, selector) for tag in tags for selector in selectors)
    assert has_tag_under(note, selectors) is expected
