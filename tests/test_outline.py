"""Outlines: a topic's canon, which notes teach each item, the gaps; and the teaching order, declared once."""

from __future__ import annotations

import json

from conftest import edit, line_of, write

from genpeds.content import load_content
from genpeds.teaching import teaching_order

TOPIC = "content/alpha/topic.yaml"
OUTLINE = "content/alpha/outline.yaml"
ALPHA_OUTLINE = """outline:
  - id: doses
    title: Doses of the fixture drugs
    items:
      - id: dose-per-kg
        title: Dose per kg
        notes: [alpha-doses/*/dose]
      - id: maximum
        title: Maximum single dose
        notes: [alpha-doses/drug-a/maximum]
  - id: basics
    title: The basic facts
    items:
      - id: first-answer
        title: The first answer
        notes: [alpha-basic, beta-basic]
      - id: two-parts
        title: The two parts
        notes: [alpha-cloze]
      - id: rare-detail
        title: A rare detail
        out_of_scope: Not asked in exams.
      - id: the-gap
        title: What nobody has written yet
"""


def with_outline(project, text: str = ALPHA_OUTLINE) -> None:
    edit(project / TOPIC, "teaching_order:\n  - notes.yaml\n  - alpha-doses\n", "")
    write(project / OUTLINE, text)


def test_the_outline_is_the_teaching_order(project):
    with_outline(project)
    content, report = load_content(project / "content")
    assert report.ok, [d.format() for d in report.diagnostics]
    assert [note.id for note in teaching_order(content)["alpha"]] == [
        "alpha-doses/drug-a/dose", "alpha-doses/drug-b/dose", "alpha-doses/drug-a/maximum", "alpha-basic",
        "alpha-cloze"]


def test_outline_lists_each_item_with_its_notes_and_marks_the_gaps(project, cli):
    with_outline(project)
    output = cli("outline", "alpha").output
    assert output.splitlines() == [
        "alpha: 4 of 6 items covered, 1 out of scope, 1 uncovered",
        "  Doses of the fixture drugs",
        "    ✓ dose-per-kg — Dose per kg (2 note(s))",
        "    ✓ maximum — Maximum single dose (1 note(s))",
        "  The basic facts",
        "    ✓ first-answer — The first answer (2 note(s))",
        "    ✓ two-parts — The two parts (1 note(s))",
        "    – rare-detail — A rare detail (out of scope: Not asked in exams.)",
        "    ✗ the-gap — What nobody has written yet (NO NOTE)",
    ]


def test_outline_json_lists_leaf_items_once_with_note_ids(project, cli):
    with_outline(project)
    data = json.loads(cli("outline", "--format", "json").output)
    assert list(data["topics"]) == ["alpha"]  # beta has no outline
    items = {item["id"]: item for item in data["topics"]["alpha"]["items"]}
    assert list(items) == ["dose-per-kg", "maximum", "first-answer", "two-parts", "rare-detail", "the-gap"]
    assert items["first-answer"] == {"id": "first-answer", "title": "The first answer",
                                     "notes": ["alpha-basic", "beta-basic"], "out_of_scope": None}
    assert items["rare-detail"]["out_of_scope"] == "Not asked in exams." and items["the-gap"]["notes"] == []


def test_check_warns_about_a_gap_and_errors_on_an_unknown_note(project, cli):
    with_outline(project)
    line = line_of(project / OUTLINE, "id: the-gap")
    assert (f"{OUTLINE}:{line}: warning: topic 'alpha': 1 outline item(s) have no note ('the-gap') (genpeds "
            "outline alpha lists them: write the notes that teach each and list them under its 'notes:', or say "
            "why it is left out under 'out_of_scope:')") in cli("check").output
    edit(project / OUTLINE, "notes: [alpha-cloze]", "notes: [alpha-clozes]")
    line = line_of(project / OUTLINE, "alpha-clozes")
    assert (f"{OUTLINE}:{line}: error: topic 'alpha' outline item 'two-parts': 'alpha-clozes' names no note "
            "(did you mean 'alpha-cloze'?)") in cli("check", code=1).output.splitlines()


def test_a_note_no_outline_item_names_is_warned_about(project, cli):
    with_outline(project, ALPHA_OUTLINE.replace("        notes: [alpha-cloze]\n", "        out_of_scope: Later.\n"))
    output = cli("check").output
    assert "no entry of topic 'alpha's outline.yaml places 1 note(s) of this file (first: 'alpha-cloze')" in output


def test_an_outline_and_a_teaching_order_together_are_an_error(project, cli):
    write(project / OUTLINE, ALPHA_OUTLINE)
    line = line_of(project / TOPIC, "teaching_order:")
    assert (f"{TOPIC}:{line}: error: topic 'alpha': outline.yaml gives the teaching order, so topic.yaml declares "
            "none (delete 'teaching_order' here and keep the order in the outline)") in cli("check", code=1).output


def test_a_heading_with_notes_of_its_own_is_an_error(project, cli):
    with_outline(project, ALPHA_OUTLINE.replace("    title: The basic facts\n",
                                                "    title: The basic facts\n    notes: [alpha-basic]\n"))
    line = line_of(project / OUTLINE, "id: basics") + 3
    assert (f"{OUTLINE}:{line}: error: topic 'alpha' outline item 'basics' has sub-items, so its notes and scope "
            "belong to them (move 'notes' or 'out_of_scope' to a sub-item)") in cli("check", code=1).output


def test_too_much_out_of_scope_is_warned_about(project, cli):
    with_outline(project, ALPHA_OUTLINE.replace("        notes: [alpha-basic, beta-basic]\n",
                                                "        out_of_scope: Elsewhere.\n"))
    assert ("warning: topic 'alpha': 2 of 6 outline items are out of scope (more than 10%)"
            in cli("check").output)


def test_stats_prints_outline_coverage(project, cli):
    with_outline(project)
    assert "  alpha                                    4 of 6 items covered, 1 out of scope, 1 uncovered" in \
        cli("stats").output.splitlines()


def remove_cloze_note(project) -> None:
    text = (project / "content/alpha/notes.yaml").read_text()
    write(project / "content/alpha/notes.yaml", text[:text.index("\n  - id: alpha-cloze")] + "\n")


def test_an_outline_naming_a_retired_note_is_an_error(project, cli):
    cli("release", "1.0.0", "--time", "2026-03-01T00:00:00")
    with_outline(project)
    remove_cloze_note(project)
    write(project / "content/retired.yaml",
          "retired:\n  - id: alpha-cloze\n    date: 2026-03-02\n    reason: Merged into alpha-basic.\n")
    line = line_of(project / OUTLINE, "notes: [alpha-cloze]")
    assert (f"{OUTLINE}:{line}: error: topic 'alpha' outline item 'two-parts': 'alpha-cloze' was retired and "
            "teaches nothing (name the note that teaches the item now, or remove it)"
            ) in cli("check", code=1).output.splitlines()


def test_a_deleted_released_note_is_reported_once_by_the_ledger_check(project, cli):
    cli("release", "1.0.0", "--time", "2026-03-01T00:00:00")
    with_outline(project)
    remove_cloze_note(project)
    errors = [line for line in cli("check", code=1).output.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "note 'alpha-cloze'" in errors[0] and "outline" not in errors[0]


# The real content: every topic, those added later included, has a canon of its own size.
MIN_OUTLINE_ITEMS = {"chd": 80}  # CHD: 14+ lesions, each with the same sub-items
DEFAULT_MIN_OUTLINE_ITEMS = 40


def test_every_topic_of_the_content_has_an_outline_of_the_canons_size():
    from conftest import REPO_ROOT

    content, _ = load_content(REPO_ROOT / "content")
    short = {topic.name: len(topic.outline) for topic in content.topics
             if len(topic.outline) < MIN_OUTLINE_ITEMS.get(topic.name, DEFAULT_MIN_OUTLINE_ITEMS)}
    assert short == {}
    too_much_left_out = {topic.name for topic in content.topics
                         if sum(1 for item in topic.outline if item.out_of_scope) > 0.10 * len(topic.outline)}
    assert too_much_left_out == set()
