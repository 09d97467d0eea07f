"""`genpeds check` against the release ledger: what must never change once released, and retirements."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import REPO_ROOT, edit, line_of, write

from genpeds import notetypes

NOTES = "content/alpha/notes.yaml"
RELEASE = ("release", "1.0.0", "--time", "2026-01-01T00:00:00")


def errors_of(result) -> list[str]:
    return [line for line in result.output.splitlines() if ": error: " in line]


def warnings_of(result) -> list[str]:
    return [line for line in result.output.splitlines() if ": warning: " in line]


def remove_note(path, note_id: str) -> None:
    """Delete one note block (from its '- id:' line to the next one or the end) from a notes file."""
    lines = path.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {note_id}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("- id:")), len(lines))
    path.write_text("".join(lines[:start] + lines[end:]))


def test_release_records_every_note_and_the_schema(project, cli):
    result = cli(*RELEASE)
    assert result.output.strip() == ("released 1.0.0: 7 note(s) new or changed, 0 unchanged; "
                                     "ledger written to content/ledger.json")
    ledger = json.loads((project / "content/ledger.json").read_text())
    assert ledger["releases"] == [{"version": "1.0.0", "time": 1767225600, "changes": 7}]
    assert ledger["notes"]["alpha-cloze"]["clozes"] == [1, 2]
    assert sorted(ledger["notes"]["alpha-cloze"]["answers"]) == ["1", "2"]
    assert ledger["notes"]["alpha-doses/drug-a/dose"]["deck"] == "genpeds::Alpha"
    assert ledger["note_types"]["basic"]["fields"] == list(notetypes.BASIC_FIELDS)
    assert cli("check").output.strip() == "ok: 7 notes in 2 topics, 2 deck recipes, 0 warning(s)"


def test_release_refuses_a_reused_version_or_an_earlier_time(project, cli):
    cli(*RELEASE)
    assert cli(*RELEASE, code=1).output.strip() == \
        "genpeds: error: release 1.0.0 already exists; choose a new version"
    result = cli("release", "1.1.0", "--time", "2025-12-31T00:00:00", code=1)
    assert "is not after release 1.0.0" in result.output


def test_released_id_that_disappears_fails_check(project, cli):
    cli(*RELEASE)
    remove_note(project / NOTES, "alpha-basic")
    assert errors_of(cli("check", code=1)) == [
        "content/alpha/topic.yaml:1: error: note 'alpha-basic' was released (1.0.0) but is gone from the content "
        "(restore it with the same id, or retire it in content/retired.yaml)"]


def test_a_renamed_released_id_is_blamed_on_the_new_note_with_its_old_name(project, cli):
    cli(*RELEASE)
    edit(project / NOTES, "- id: alpha-basic\n", "- id: alpha-basics\n")
    assert errors_of(cli("check", code=1)) == [
        f"{NOTES}:{line_of(project / NOTES, 'id: alpha-basics')}: error: note 'alpha-basics' is new and note "
        "'alpha-basic', released in 1.0.0, is gone: renamed? (ids never change once released: give the note back "
        "its id 'alpha-basic', or retire 'alpha-basic' in content/retired.yaml and keep the new note)"]


def test_retired_note_ships_as_a_tombstone(project, cli):
    cli(*RELEASE)
    remove_note(project / NOTES, "alpha-basic")
    write(project / "content/retired.yaml",
          "retired:\n  - id: alpha-basic\n    date: 2026-03-01\n    reason: Merged into alpha-cloze.\n")
    result = cli("check")
    assert "1 note(s) changed or added since release 1.0.0 (alpha-basic)" in result.output
    cli("release", "1.1.0", "--time", "2026-03-02T00:00:00")
    assert cli("check").output.strip() == "ok: 6 notes in 2 topics, 2 deck recipes, 0 warning(s)"
    cli("build", "--release")
    changes = cli("diff", "1.0.0", "1.1.0").output
    assert "- Retired: `alpha-basic`" in changes
    assert "0 added, 0 changed, 1 retired." in changes


def test_retiring_an_unreleased_note_is_an_error(project, cli):
    cli(*RELEASE)
    write(project / "content/retired.yaml", "retired:\n  - id: never-was\n    date: 2026-03-01\n    reason: Gone.\n")
    assert errors_of(cli("check", code=1)) == [
        "content/retired.yaml:2: error: note 'never-was' was never released, so there is nothing to retire "
        "(delete this entry; an unreleased note can simply be deleted)"]


def test_retired_id_cannot_come_back(project, cli):
    cli(*RELEASE)
    text = (project / NOTES).read_text()
    remove_note(project / NOTES, "alpha-basic")
    write(project / "content/retired.yaml", "retired:\n  - id: alpha-basic\n    date: 2026-03-01\n    reason: Gone.\n")
    cli("release", "1.1.0", "--time", "2026-03-02T00:00:00")
    (project / "content/retired.yaml").unlink()
    (project / NOTES).write_text(text)
    line = line_of(project / NOTES, "id: alpha-basic")
    assert errors_of(cli("check", code=1)) == [
        f"{NOTES}:{line}: error: note 'alpha-basic': this id was retired in an earlier release and cannot come back "
        "(choose a new id)"]


def test_dropping_a_released_cloze_number_fails(project, cli):
    cli(*RELEASE)
    edit(project / NOTES, "{{c2::a hint::what kind?}}", "a hint")
    line = line_of(project / NOTES, "id: alpha-cloze")
    assert errors_of(cli("check", code=1)) == [
        f"{NOTES}:{line}: error: note 'alpha-cloze': released cloze number(s) c2 are gone; students would keep "
        "a blank card (keep every released cloze number (add new ones after the highest))"]


def test_adding_a_cloze_number_is_fine(project, cli):
    cli(*RELEASE)
    edit(project / NOTES, "{{c2::a hint::what kind?}}", "{{c2::a hint::what kind?}} {{c3::more}}")
    assert not errors_of(cli("check"))


def test_changing_a_released_note_type_fails(project, cli):
    cli(*RELEASE)
    edit(project / "content/beta/notes.yaml", "    type: basic\n    front: Beta question?\n    back: Beta answer.",
         "    type: cloze\n    text: Beta {{c1::answer}}.")
    [error] = errors_of(cli("check", code=1))
    assert "note 'beta-basic': was released as a basic note and is now cloze" in error


def test_moving_a_released_note_to_another_deck_warns(project, cli):
    cli(*RELEASE)
    text = (project / "content/beta/notes.yaml").read_text()
    moved = text[text.index("  - id: betamax-basic"):].replace("[genpeds::betamax, genpeds::beta]",
                                                              "[genpeds::betamax, genpeds::alpha]")
    (project / "content/beta/notes.yaml").write_text(text[: text.index("  - id: betamax-basic")])
    write(project / "content/alpha/moved.yaml", "notes:\n" + moved)
    result = cli("check")
    assert ("content/alpha/moved.yaml:2: warning: note 'betamax-basic': moved from deck 'genpeds::Beta' to "
            "'genpeds::Alpha'; students who imported it keep it where it was") in warnings_of(result)


def test_renaming_a_released_deck_fails(project, cli):
    cli(*RELEASE)
    edit(project / "content/beta/topic.yaml", "deck: Beta", "deck: Beta renamed")
    assert errors_of(cli("check", code=1)) == [
        "content/beta/topic.yaml:2: error: deck 'genpeds::Beta' was released but no topic uses it any more (its "
        "notes are now in topic 'beta', deck 'genpeds::Beta renamed') (deck names are frozen once released: a "
        "renamed deck splits every student's deck; write deck: Beta)"]


def test_the_checked_schema_is_the_schema_of_the_note_types_written():
    assert notetypes.note_type_schema() == {
        kind: {"id": model.model_id, "fields": [field["name"] for field in model.fields],
               "templates": [template["name"] for template in model.templates]}
        for kind, model in notetypes.note_types().items()}


@pytest.mark.parametrize("change", ["rename a field", "add a field", "rename a template"])
def test_changing_the_note_type_schema_fails(project, cli, monkeypatch, change):
    cli(*RELEASE)
    if change == "rename a field":
        monkeypatch.setitem(notetypes.FIELDS_BY_NOTE_TYPE, "basic", ("Question", *notetypes.BASIC_FIELDS[1:]))
    elif change == "add a field":
        monkeypatch.setitem(notetypes.FIELDS_BY_NOTE_TYPE, "cloze", (*notetypes.CLOZE_FIELDS, "Mnemonic"))
    else:
        monkeypatch.setitem(notetypes.TEMPLATE_NAMES, "basic", "Front card")
    try:
        assert errors_of(cli("check", code=1)) == [
            "content/ledger.json:1: error: the note types' ids, field names or template names differ from the "
            "released ones (they are frozen: a changed schema stops every student's updates; "
            "restore genpeds/notetypes.py)"]
    finally:
        monkeypatch.undo()
        notetypes.note_types.cache_clear()
        for model in notetypes.note_types().values():
            assert model.templates[0]["name"] in ("Card", "Cloze")


def test_diff_between_two_packages(project, cli):
    cli(*RELEASE)
    cli("build", "--release", "--out", "v1")
    edit(project / "content/beta/notes.yaml", "back: Beta answer.", "back: Beta answer, corrected.")
    write(project / "content/beta/more.yaml", (project / "content/beta/notes.yaml").read_text()
          .replace("beta-basic", "beta-new").replace("betamax-basic", "betamax-new")
          .replace("Beta question?", "Another beta question?").replace("Betamax question?", "Another betamax?"))
    cli("release", "1.1.0", "--time", "2026-02-01T00:00:00")
    cli("build", "--release", "--out", "v2")
    by_package = cli("diff", "v1/genpeds-everything.apkg", "v2/genpeds-everything.apkg").output
    by_version = cli("diff", "1.0.0", "1.1.0").output
    for changes in (by_package, by_version):
        assert "2 added, 1 changed, 0 retired." in changes
        assert "- Changed: `beta-basic` — Beta question?" in changes
        assert "- Added: `beta-new` — Another beta question?" in changes


def test_diff_names_unknown_releases(project, cli):
    cli(*RELEASE)
    assert cli("diff", "0.9.0", "1.0.0", code=1).output.strip() == \
        "genpeds: error: no release '0.9.0' in the ledger (releases: 1.0.0)"


def test_unreadable_ledger_is_a_clear_error(project, cli):
    cli(*RELEASE)
    (project / "content/ledger.json").write_text("{\n not json")
    result = cli("check", code=1)
    assert errors_of(result) == [
        "content/ledger.json:2: error: release ledger: not valid JSON (Expecting property name enclosed in double "
        "quotes, column 2) (it is written only by 'genpeds release': restore it from version control)"]


@pytest.fixture
def real_project(tmp_path, monkeypatch):
    """A copy of the repository's own content, decks and ledger."""
    for folder in ("content", "decks"):
        shutil.copytree(REPO_ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    assert (tmp_path / "content/ledger.json").exists(), "the repository's content has no release ledger"
    return tmp_path


def real_ledger(root) -> dict:
    return json.loads((root / "content/ledger.json").read_text())


def test_real_content_passes_check_against_its_ledger(real_project, cli):
    assert cli("check").output.splitlines()[-1].startswith("ok: ")


def test_real_content_deleting_a_released_id_fails(real_project, cli):
    notes = real_ledger(real_project)["notes"]
    note_id = next(i for i in notes if "/" not in i and not notes[i].get("retired"))
    first_release = notes[note_id]["history"][0]["version"]
    path = next(p for p in (real_project / "content").rglob("*.yaml") if f"- id: {note_id}\n" in p.read_text())
    remove_note(path, note_id)
    errors = errors_of(cli("check", code=1))
    topic = path.parent.name
    assert errors == [f"content/{topic}/topic.yaml:1: error: note '{note_id}' was released ({first_release}) "
                      "but is gone from the "
                      "content (restore it with the same id, or retire it in content/retired.yaml)"]


def test_real_content_dropping_a_cloze_fails(real_project, cli):
    ledger = real_ledger(real_project)
    note_id = next(i for i, n in ledger["notes"].items() if len(n["clozes"]) >= 2 and "/" not in i)
    path = next(p for p in (real_project / "content").rglob("*.yaml") if f"- id: {note_id}\n" in p.read_text())
    text = path.read_text()
    block = text[text.index(f"- id: {note_id}\n"):]
    highest = max(ledger["notes"][note_id]["clozes"])
    marker = f"{{{{c{highest}::"
    start = block.index(marker)
    inner_end = block.index("}}", start)
    answer = block[start + len(marker):inner_end].split("::")[0]
    path.write_text(text.replace(block, block[:start] + answer + block[inner_end + 2:], 1))
    [error] = errors_of(cli("check", code=1))
    assert f"note '{note_id}': released cloze number(s) c{highest} are gone" in error


def test_real_content_moving_a_note_warns(real_project, cli):
    note_id = next(i for i in real_ledger(real_project)["notes"] if i.startswith("milestones-") and "/" not in i)
    path = next(p for p in (real_project / "content/milestones").glob("*.yaml")
                if f"- id: {note_id}\n" in p.read_text())
    text = path.read_text()
    start = text.index(f"  - id: {note_id}\n")
    end = text.find("\n  - id: ", start + 1)
    block = text[start:] if end == -1 else text[start:end + 1]
    path.write_text(text.replace(block, "", 1))
    write(real_project / "content/vaccines/moved.yaml",
          "notes:\n" + block.replace("tags: [", "tags: [genpeds::vaccines, ", 1))
    result = cli("check")
    assert any(f"note '{note_id}': moved from deck 'genpeds::Developmental milestones' to 'genpeds::Vaccines'" in w
               for w in warnings_of(result))


# What the ledger itself must hold: anything else is an error at the entry's line, never a traceback.


def _ledger_after_release(project, cli) -> dict:
    cli(*RELEASE)
    return json.loads((project / "content/ledger.json").read_text())


def _write_ledger(project, ledger: dict) -> None:
    """Write a hand-spoilt ledger in the layout 'genpeds release' uses: one note per line."""
    lines = ["{", f' "format": {ledger["format"]},', f' "releases": {json.dumps(ledger["releases"])},',
             f' "note_types": {json.dumps(ledger["note_types"])},', ' "notes": {']
    lines.append(",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in ledger["notes"].items()))
    (project / "content/ledger.json").write_text("\n".join(lines) + "\n }\n}\n")


def _line_of_entry(project, note_id: str) -> int:
    return line_of(project / "content/ledger.json", f'  "{note_id}": ')


LEDGER_HINT = " (it is written only by 'genpeds release': restore it from version control)"


@pytest.mark.parametrize(("spoil", "problem"), [
    (lambda led: led["notes"]["alpha-basic"].update(history=[]), "note 'alpha-basic' has no history"),
    (lambda led: led["notes"]["alpha-cloze"].update(clozes=[1, "2"]),
     "note 'alpha-cloze': 'clozes' must list cloze numbers in order"),
    (lambda led: led["notes"]["alpha-basic"].update(tags="genpeds::alpha"),
     "note 'alpha-basic': 'tags' must be a list of tags"),
    (lambda led: led["notes"]["alpha-basic"]["history"][0].update(version="9.9.9"),
     "note 'alpha-basic': history entry {'cites': '"),
])
def test_a_malformed_note_entry_is_an_error_at_its_line(project, cli, spoil, problem):
    ledger = _ledger_after_release(project, cli)
    spoil(ledger)
    _write_ledger(project, ledger)
    note_id = "alpha-cloze" if "alpha-cloze" in problem else "alpha-basic"
    [error] = errors_of(cli("check", code=1))
    assert error.startswith(f"content/ledger.json:{_line_of_entry(project, note_id)}: error: release ledger: "
                            f"{problem.removesuffix('…')}")
    assert error.endswith(LEDGER_HINT)


def test_an_empty_digest_of_what_a_change_says_is_an_error(project, cli):
    ledger = _ledger_after_release(project, cli)
    ledger["notes"]["alpha-basic"]["history"][0]["reads"] = ""
    _write_ledger(project, ledger)
    [error] = errors_of(cli("check", code=1))
    assert "note 'alpha-basic': history entry {" in error and "has an empty 'reads' digest" in error


@pytest.mark.parametrize(("spoil", "problem"), [
    (lambda led: led.update(releases=[]), "notes are recorded but no release is"),
    (lambda led: led["notes"].pop("alpha-basic"),
     "release 1.0.0 recorded 7 note change(s) but the ledger holds 6: an entry was removed or added by hand"),
    (lambda led: led["releases"].append({"version": "0.9.0", "time": 1700000000, "changes": 0}),
     "release 0.9.0 does not come after release 1.0.0"),
    (lambda led: led.update(format=[[[[1]]]]), "unknown ledger format [[[[1]]]]"),
])
def test_a_ledger_that_switches_the_guards_off_is_an_error(project, cli, spoil, problem):
    ledger = _ledger_after_release(project, cli)
    spoil(ledger)
    _write_ledger(project, ledger)
    assert errors_of(cli("check", code=1)) == [f"content/ledger.json:1: error: release ledger: {problem}{LEDGER_HINT}"]
    assert errors_of(cli("build", code=1))


def test_deeply_nested_ledger_json_is_an_error_not_a_crash(project, cli):
    (project / "content/ledger.json").write_text("[" * 100_000 + "]" * 100_000)
    assert errors_of(cli("check", code=1)) == [
        f"content/ledger.json:1: error: release ledger: cannot be read (RecursionError){LEDGER_HINT}"]


def test_a_ledger_with_a_byte_order_mark_is_read(project, cli):
    cli(*RELEASE)
    path = project / "content/ledger.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert cli("check").output.strip() == "ok: 7 notes in 2 topics, 2 deck recipes, 0 warning(s)"


def test_a_deleted_ledger_is_an_error_once_the_changelog_records_a_release(real_project, cli):
    shutil.copy(REPO_ROOT / "CHANGELOG.md", real_project / "CHANGELOG.md")
    (real_project / "content/ledger.json").unlink()
    release = json.loads((REPO_ROOT / "content/ledger.json").read_text())["releases"][-1]["version"]
    assert errors_of(cli("check", code=1)) == [
        f"content/ledger.json:1: error: content/ledger.json records no release, but CHANGELOG.md records release "
        f"{release} (restore content/ledger.json from version control; only 'genpeds release' writes it)"]


# A released cloze number keeps its question (F2).


def test_swapping_two_released_clozes_is_an_error(project, cli):
    cli(*RELEASE)
    edit(project / NOTES, "{{c1::two parts}} and {{c2::a hint::what kind?}}", "{{c2::two parts}} and {{c1::a hint}}")
    line = line_of(project / NOTES, "- id: alpha-cloze")
    assert errors_of(cli("check", code=1)) == [
        f"{NOTES}:{line}: error: note 'alpha-cloze': c1 now hides what c2 hid when released; every student's history "
        "of c1 belongs to its old question (keep each answer under its released number (put it back under c2); a "
        "new question gets a new number after the highest)",
        f"{NOTES}:{line}: error: note 'alpha-cloze': c2 now hides what c1 hid when released; every student's history "
        "of c2 belongs to its old question (keep each answer under its released number (put it back under c1); a "
        "new question gets a new number after the highest)"]


def test_rewording_a_cloze_under_its_own_number_is_fine(project, cli):
    cli(*RELEASE)
    edit(project / NOTES, "{{c1::two parts}}", "{{c1::two separate parts}}")
    assert not errors_of(cli("check"))


def test_real_content_moving_a_cloze_answer_to_another_number_fails(real_project, cli):
    ledger = real_ledger(real_project)
    note_id = next(i for i, n in ledger["notes"].items() if n["clozes"] == [1, 2] and "/" not in i)
    path = next(p for p in (real_project / "content").rglob("*.yaml") if f"- id: {note_id}\n" in p.read_text())
    text = path.read_text()
    start = text.index(f"- id: {note_id}\n")
    end = text.find("\n  - id: ", start)
    end = len(text) if end == -1 else end
    block = re.sub(r"\{\{c([12])::", lambda m: "{{c" + ("2" if m.group(1) == "1" else "1") + "::", text[start:end])
    path.write_text(text[:start] + block + text[end:])
    errors = errors_of(cli("check", code=1))
    assert any(f"note '{note_id}': c1 now hides what c2 hid when released" in error for error in errors)


def test_a_duplicate_id_is_blamed_on_the_new_note_not_the_released_one(project, cli):
    cli(*RELEASE)
    write(project / "content/alpha/aaa.yaml", """notes:
  - id: alpha-basic
    type: basic
    front: "A new question that reuses a released id?"
    back: A new answer.
    tags: [genpeds::alpha::one]
    sources:
      - source: fixture-guide-2024
        locator: Section 2
    reviewed: 2026-01-15
""")
    assert errors_of(cli("check", code=1)) == [
        f"content/alpha/aaa.yaml:2: error: note 'alpha-basic': id already used at {NOTES}:"
        f"{line_of(project / NOTES, '- id: alpha-basic')} (ids are unique in the whole project; choose another "
        "for the new note)"]


def test_a_table_made_data_only_cannot_drop_its_released_notes_silently(project, cli):
    """Turning a released table's rows into sheet data (`cards: []`, or a rule removed) would make its
    notes vanish from every student's deck without a word: check blames the table and says what to do."""
    cli(*RELEASE)
    table = project / "content/alpha/table.yaml"
    text = table.read_text()
    table.write_text(text[:text.index("  cards:")] + "  cards: []\n")
    line = line_of(table, "id: alpha-doses")
    assert errors_of(cli("check", code=1)) == [
        f"content/alpha/table.yaml:{line}: error: note '{note}' was released (1.0.0) but table 'alpha-doses' no "
        f"longer makes it (a released note never just disappears: give the table back the row and card rule that "
        f"made it, or retire '{note}' in content/retired.yaml)"
        for note in ("alpha-doses/drug-a/dose", "alpha-doses/drug-a/maximum", "alpha-doses/drug-b/dose")]
    retired = "".join(f"  - id: {note}\n    date: 2026-03-01\n    reason: The doses are sheet data now.\n"
                      for note in ("alpha-doses/drug-a/dose", "alpha-doses/drug-a/maximum", "alpha-doses/drug-b/dose"))
    write(project / "content/retired.yaml", "retired:\n" + retired)
    assert errors_of(cli("check")) == []
