"""Vignettes: a tagged vignette states the patient's age, and each topic keeps the share it declares."""

from __future__ import annotations

import pytest
from conftest import REPO_ROOT, edit, line_of

from genpeds.project import load_project
from genpeds.vignettes import PATIENT_AGE, vignette_shares

NOTES = "content/alpha/notes.yaml"
VIGNETTE = """
  - id: alpha-vignette
    type: basic
    front: "{front}"
    back: Give the fixture drug.
    tags: [genpeds::alpha::one, genpeds::vignette]
    sources:
      - source: fixture-guide-2024
        locator: Section 9
    reviewed: 2026-01-15
"""
# What the exam asks of each topic (USMLE Step 2 CK questions are about patients).
REQUIRED_PERCENT = {"jaundice": 30, "newborn-screening": 30, "chd": 30, "emergencies": 30,
                    "growth": 30, "congenital": 30, "neonatal": 30, "vaccines": 20, "milestones": 20}


def with_vignette(project, front: str) -> None:
    edit(project / "content/tags.yaml", "  genpeds::retired:", "  genpeds::vignette: Patient to decision.\n"
         "  genpeds::retired:")
    (project / NOTES).write_text((project / NOTES).read_text() + VIGNETTE.format(front=front))


@pytest.mark.parametrize("prompt", [
    "3-week-old with projectile vomiting after every feed. Most likely diagnosis?",
    "Term newborn, 30 hours old, TSB 15 mg/dL: next step?",
    "Infant born at 27 weeks, day 5 of life on the ventilator: bounding pulses. Next step?",
    "A 4 year old who hops on one foot: developmental age?",
    "Healthy child aged 12 seen for a catch-up visit: doses needed?",
    "Preterm infant weighing 1,400 g; mother HBsAg-negative. When is HepB dose 1 given?",
])
def test_stated_ages_are_recognised(prompt):
    assert PATIENT_AGE.search(prompt)


@pytest.mark.parametrize("prompt", [
    "Infant with SVT at 260/min who is alert: first treatment?",
    "Toddler who walks on the toes: what may this indicate?",
    "Child developed thrombocytopenia after MMR dose 1. MMR dose 2?",
    "HepB dose 2: minimum interval to dose 3?",
])
def test_a_prompt_without_an_age_is_not_taken_for_one(prompt):
    assert not PATIENT_AGE.search(prompt)


def test_a_vignette_whose_prompt_states_no_age_is_an_error(project, cli):
    with_vignette(project, "Infant with a fever and a bulging fontanelle. Next step?")
    line = line_of(project / NOTES, "id: alpha-vignette")
    output = cli("check", code=1).output
    assert (f"{NOTES}:{line}: error: note 'alpha-vignette' is tagged genpeds::vignette but its prompt states no "
            "patient age (say how old the patient is ('3-week-old', 'term newborn, 30 hours old'), or remove the "
            "tag)") in output.splitlines()


def test_a_vignette_that_states_the_age_passes(project, cli):
    with_vignette(project, "5-month-old with a fever and a bulging fontanelle. Next step?")
    assert cli("check").output.startswith("ok: ")


def test_a_topic_below_its_vignette_share_is_warned_about(project, cli):
    with_vignette(project, "5-month-old with a fever and a bulging fontanelle. Next step?")
    edit(project / "content/alpha/topic.yaml", "order: 1\n", "order: 1\nmin_vignette_percent: 50\n")
    output = cli("check").output
    assert ("content/alpha/topic.yaml:1: warning: topic 'alpha': 1 of 6 notes (16.7%) are vignettes, below its "
            "min_vignette_percent of 50 (add cards where a patient leads to a decision, tagged genpeds::vignette)"
            ) in output.splitlines()


def test_stats_prints_each_topic_share(project, cli):
    with_vignette(project, "5-month-old with a fever and a bulging fontanelle. Next step?")
    edit(project / "content/alpha/topic.yaml", "order: 1\n", "order: 1\nmin_vignette_percent: 10\n")
    output = cli("stats").output
    assert "  alpha                                        1 of     6   16.7%  (at least 10%)" in output.splitlines()


def test_every_topic_keeps_the_vignette_share_the_exam_needs():
    project = load_project(REPO_ROOT / "content", REPO_ROOT / "decks")
    shares = {share.topic: share for share in vignette_shares(project.content)}
    for topic, required in REQUIRED_PERCENT.items():
        share = shares[topic]
        assert share.minimum_percent is not None and share.minimum_percent >= required, topic
        assert share.percent >= share.minimum_percent, (topic, share)
    assert all(share.minimum_percent is not None for share in shares.values())  # a new topic declares its own


def test_a_sheet_section_that_selects_by_tag_leaves_vignettes_out(project, cli):
    with_vignette(project, "5-month-old with a fever and a bulging fontanelle. Next step?")
    cli("sheets")
    sheet = (project / "dist/sheets/alpha.html").read_text()
    assert "bulging fontanelle" not in sheet  # "Alpha facts" selects genpeds::alpha, the vignette's branch
    assert "The first answer, 10 mg/kg." in sheet
