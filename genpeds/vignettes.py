"""Vignettes: cards where a patient (an age and a finding or setting) leads to the decision the exam asks.

Step 2 CK asks about patients, so each topic declares the share of its notes that must be vignettes
(`min_vignette_percent` in topic.yaml) and `check` says when a topic falls below it. A note claims to be
a vignette with the `genpeds::vignette` tag; `check` holds it to stating the patient's age, since a
bare "Infant with …" or "Child …" leaves the student guessing which rules apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import Report
from .models import ROOT_TAG, Content, Note

VIGNETTE_TAG = f"{ROOT_TAG}::vignette"

_UNIT = r"(?:hours?|h|days?|weeks?|wk|months?|mo|years?|yr)"
# Ways a prompt states a patient's age: "3-week-old", "30 hours old", "day 5 of life", "at 36 hours",
# "aged 4", "born at 27 weeks", "32 weeks' gestation", "term newborn", "preterm infant", "pregnant".
PATIENT_AGE = re.compile(rf"""
    \b\d+(?:[.,]\d+)?½?[\s-]*{_UNIT}[\s-]+old\b
  | \b\d+(?:[.,]\d+)?½?[\s-]*{_UNIT}\s+(?:of\s+age|of\s+life|after\s+birth)\b
  | \bday\s+\d+\s+of\s+life\b
  | \b(?:at|aged?)\s+\d+(?:[.,]\d+)?½?\s*{_UNIT}\b
  | \baged?\s+\d+\b
  | \bborn\s+at\s+\d+
  | \b\d+\s*(?:weeks?|wk)(?:'|’)?\s*(?:of\s+)?gestation
  | \b\d+-week\b
  | \b(?:newborn|neonate|pregnan\w*|(?:pre)?term\s+infant)\b
""", re.VERBOSE | re.IGNORECASE)


@dataclass(frozen=True)
class VignetteShare:
    """How many of a topic's notes are vignettes, against the share the topic asks for."""

    topic: str
    vignettes: int
    notes: int
    minimum_percent: int | None

    @property
    def percent(self) -> float:
        return 100 * self.vignettes / self.notes if self.notes else 0.0

    @property
    def below_minimum(self) -> bool:
        return self.minimum_percent is not None and self.percent < self.minimum_percent


def is_vignette(note: Note) -> bool:
    return VIGNETTE_TAG in note.tags


def prompt(note: Note) -> str:
    """What the student reads first: a basic note's front, a cloze note's text."""
    return note.field("front") if note.type == "basic" else note.field("text")


def vignette_shares(content: Content) -> list[VignetteShare]:
    """Each topic's vignettes and notes, in topic order."""
    return [VignetteShare(topic.name, sum(is_vignette(note) for note in notes), len(notes),
                          topic.min_vignette_percent)
            for topic in content.topics
            for notes in ([note for note in content.notes if note.topic == topic.name],)]


def check_vignettes(content: Content, report: Report) -> None:
    """A vignette's prompt states the patient's age; a topic keeps the vignette share it declares."""
    for note in content.notes:
        if is_vignette(note) and not PATIENT_AGE.search(prompt(note)):
            report.error(note.location, "vignette-without-age",
                         f"note '{note.id}' is tagged {VIGNETTE_TAG} but its prompt states no patient age",
                         "say how old the patient is ('3-week-old', 'term newborn, 30 hours old'), "
                         "or remove the tag")
    for share in vignette_shares(content):
        if share.below_minimum:
            report.warning(content.topic(share.topic).location, "few-vignettes",
                           f"topic '{share.topic}': {share.vignettes} of {share.notes} notes "
                           f"({share.percent:.1f}%) are vignettes, below its min_vignette_percent "
                           f"of {share.minimum_percent}",
                           f"add cards where a patient leads to a decision, tagged {VIGNETTE_TAG}")
