"""The contributor's tools: check formats, stale and superseded warnings, stats, schema, new, CI workflow."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import REPO_ROOT, edit, line_of

NOTES = "content/alpha/notes.yaml"


def test_github_format_annotates_the_line(project, cli):
    edit(project / NOTES, "tags: [genpeds::alpha::two]", "tags: [genpeds::alhpa::two]")
    line = line_of(project / NOTES, "genpeds::alhpa::two")
    result = cli("check", "--format", "github", code=1)
    assert result.output.splitlines()[0] == (
        f"::error file={NOTES},line={line},title=unknown-tag::note 'alpha-cloze': unknown tag "
        "'genpeds::alhpa::two' (did you mean 'genpeds::alpha::two'?)")


def test_json_format_is_machine_readable(project, cli):
    edit(project / NOTES, "tags: [genpeds::alpha::two]", "tags: [genpeds::alhpa::two]")
    report = json.loads(cli("check", "--format", "json", code=1).output)
    assert report["errors"] == 1 and report["notes"] == 7
    [diagnostic] = report["diagnostics"]
    assert diagnostic["path"] == NOTES and diagnostic["code"] == "unknown-tag" and diagnostic["severity"] == "error"


def test_stale_notes_are_warned_about_not_failed(project, cli):
    result = cli("check", "--today", "2028-02-01")
    stale = [line for line in result.output.splitlines() if "was last reviewed" in line]
    assert stale == [
        f"{NOTES}:2: warning: note 'alpha-basic' was last reviewed on 2026-01-15, more than 24 months before "
        "2028-02-01 (check it against the current sources and update 'reviewed')",
        "content/beta/notes.yaml:2: warning: note 'beta-basic' was last reviewed on 2026-01-15, more than 24 "
        "months before 2028-02-01 (check it against the current sources and update 'reviewed')",
        "content/beta/notes.yaml:12: warning: note 'betamax-basic' was last reviewed on 2026-01-15, more than 24 "
        "months before 2028-02-01 (check it against the current sources and update 'reviewed')",
    ]
    assert cli("check", "--today", "2028-02-01", "--stale-months", "36").output.strip().endswith("0 warning(s)")


def test_superseded_source_is_warned_about(project, cli):
    edit(project / "content/sources/fixture.yaml", "    url: https://example.org/fixture-review\n",
         "    url: https://example.org/fixture-review\n    superseded_by: fixture-guide-2024\n")
    result = cli("check")
    line = line_of(project / NOTES, "id: alpha-cloze")
    assert (f"{NOTES}:{line}: warning: note 'alpha-cloze' cites 'fixture-review-2023', which is superseded by "
            "'fixture-guide-2024' (check the fact against the newer source and cite it)") in result.output


def test_a_source_no_note_cites_is_warned_about(project, cli):
    registry = project / "content/sources/fixture.yaml"
    registry.write_text(registry.read_text() + "  fixture-leftover-2020:\n    body: AAP\n"
                        "    document: An older statement\n    year: 2020\n    url: https://example.org/old\n"
                        "    label: AAP · older statement\n")
    line = line_of(registry, "fixture-leftover-2020:")
    result = cli("check")
    assert (f"content/sources/fixture.yaml:{line}: warning: source 'fixture-leftover-2020' is cited by no note "
            "(cite it from the notes it supports, or delete it from the sources file)") in result.output
    assert result.output.strip().endswith("1 warning(s)")


def test_stats(project, cli):
    lines = cli("stats", "--today", "2028-02-01").output.splitlines()
    assert lines[0] == "7 notes"
    assert any(line.split() == ["genpeds::alpha", "5"] for line in lines)
    assert any(line.split() == ["genpeds::alpha::one", "4"] for line in lines)
    assert any(line.split() == ["fixture-guide-2024", "6"] for line in lines)
    assert "Notes last reviewed more than 24 months ago: 3" in lines


def test_new_prints_a_skeleton_that_passes_check_once_appended(project, cli):
    printed = cli("new", "beta", "--today", "2026-11-26").output
    assert printed.startswith("  - id: beta-new-note\n    type: basic\n")
    assert "    reviewed: 2026-11-26\n" in printed
    result = cli("new", "beta", "--type", "cloze", "--append", "content/beta/fresh.yaml")
    assert result.output.startswith("appended a cloze note to content/beta/fresh.yaml")
    cli("new", "beta", "--append", "content/beta/fresh.yaml")
    ids = [line.split(": ")[1] for line in (project / "content/beta/fresh.yaml").read_text().splitlines()
           if line.startswith("  - id: ")]
    assert ids == ["beta-new-note", "beta-new-note-2"]
    output = cli("check").output.strip().splitlines()
    assert output[0].startswith("content/beta/fresh.yaml:2: warning: no entry of topic 'beta's teaching_order places")
    assert output[-1].startswith("ok: 9 notes")


def test_new_rejects_an_unknown_topic(project, cli):
    assert cli("new", "gamma", code=1).output.strip() == "genpeds: error: unknown topic 'gamma'; topics: alpha, beta"


def _as_editor_sees_it(value):
    """YAML as a language server validates it: dates are strings."""
    if isinstance(value, dict):
        return {key: _as_editor_sees_it(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_editor_sees_it(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.fixture(scope="module")
def schemas(tmp_path_factory):
    from click.testing import CliRunner

    from genpeds.cli import main

    out = tmp_path_factory.mktemp("schema")
    result = CliRunner().invoke(main, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return {name: json.loads((out / f"{name}.schema.json").read_text()) for name in ("content", "deck-recipe")}


@pytest.mark.parametrize("path", sorted(p.relative_to(REPO_ROOT) for p in (REPO_ROOT / "content").rglob("*.yaml")),
                         ids=str)
def test_every_real_content_file_matches_the_schema(schemas, path):
    data = _as_editor_sees_it(yaml.safe_load((REPO_ROOT / path).read_text(encoding="utf-8")))
    jsonschema.validate(data, schemas["content"])


def test_every_recipe_matches_its_schema(schemas):
    for path in (REPO_ROOT / "decks").glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text()), schemas["deck-recipe"])


# The editor's schema and `genpeds check` give the same verdict on the same notes file: each case is a note
# valid in the fixture project (its tags and sources exist) with one change, validated against the schema as
# an editor sees the file and checked by `genpeds check` in the fixture project, which prints the errors
# given (none: both accept it).
PARITY_NOTE = {"id": "beta-parity", "type": "basic", "front": "Parity question?", "back": "Parity answer.",
               "tags": ["genpeds::beta"], "sources": [{"source": "fixture-guide-2024", "locator": "Section 12"}],
               "reviewed": dt.date(2026, 1, 1)}
PARITY = "content/beta/parity.yaml"


@pytest.mark.parametrize(("change", "check_errors"), [
    pytest.param({}, None, id="valid"),
    pytest.param({"reviewed": "2026-01-01"}, None, id="quoted-date"),
    pytest.param({"type": "cloze", "front": None, "back": None, "text": "Parity has {{c1::one part}}."}, None,
                 id="cloze"),
    pytest.param({"extras": "typo"}, ["12: error: note 'beta-parity': unknown key 'extras' (did you mean 'extra'?)"],
                 id="unknown-key"),
    pytest.param({"id": "Not A Slug"}, ["2: error: note 'Not A Slug': 'id' 'Not A Slug' is not a valid id (use "
                                        "lower-case letters, digits and single hyphens, e.g. 'hepb-birth-dose')"],
                 id="bad-id"),
    pytest.param({"type": "flashcard", "front": None, "back": None, "tags": [], "sources": [], "reviewed": "soon"},
                 ["3: error: note 'beta-parity': 'type' unknown note type 'flashcard' (use 'basic' or 'cloze')",
                  "4: error: note 'beta-parity': no tag under 'genpeds::beta' (add a tag of its topic, e.g. "
                  "'genpeds::beta')",
                  "5: error: note 'beta-parity': 'sources' must be a list of '- source: …' / 'locator: …' entries",
                  "6: error: note 'beta-parity': 'reviewed' 'soon' is not a date (write it as YYYY-MM-DD)"],
                 id="bad-type-and-empty-lists"),
    pytest.param({"reviewed": None}, ["2: error: note 'beta-parity': no reviewed date (give the note 'reviewed:', "
                                      "or its file a default 'reviewed:' beside 'notes:')"], id="no-reviewed"),
    pytest.param({"sources": [{"source": "fixture-guide-2024"}]},
                 ["9: error: note 'beta-parity': 'locator' is missing (Where in the document: section, table, "
                  "figure, page.)"], id="no-locator"),
    pytest.param({"extra": ["a", "b"]}, ["12: error: note 'beta-parity': 'extra' must be text (put the text in "
                                         "quotes)"], id="extra-not-text"),
    pytest.param({"tags": "genpeds::beta"}, None, id="one-tag-as-text"),
    pytest.param({"text": "Parity has {{c1::one part}}."},
                 ["12: error: note 'beta-parity': a basic note has no 'text' (a basic note has front, back and extra)"],
                 id="basic-with-text"),
    pytest.param({"reviewed": "2026-13-01"},
                 ["11: error: note 'beta-parity': 'reviewed' '2026-13-01' is not a date (write it as YYYY-MM-DD)"],
                 id="impossible-date"),
])
def test_schema_and_check_give_the_same_verdict(schemas, project, cli, change, check_errors):
    note = {key: value for key, value in (PARITY_NOTE | change).items() if value is not None}
    text = yaml.safe_dump({"notes": [note]}, sort_keys=False, allow_unicode=True)
    (project / PARITY).write_text(text, encoding="utf-8")
    validator = jsonschema.validators.validator_for(schemas["content"])(schemas["content"])
    schema_errors = [error.message for error in validator.iter_errors(_as_editor_sees_it(yaml.safe_load(text)))]
    result = cli("check", code=1 if check_errors else 0)
    assert bool(schema_errors) == bool(check_errors), (text, schema_errors)
    if check_errors:
        assert [line for line in result.output.splitlines() if ": error: " in line] == \
            [f"{PARITY}:{error}" for error in check_errors], text


WORKFLOW = REPO_ROOT / ".github" / "workflows" / "ci.yml"
RELEASE_WORKFLOW = REPO_ROOT / ".github" / "workflows" / "release.yml"


@pytest.mark.parametrize("workflow", [WORKFLOW, RELEASE_WORKFLOW], ids=["ci", "release"])
def test_workflow_is_a_valid_github_workflow(workflow):
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", str(workflow)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_release_workflow_only_calls_what_a_maintainer_runs():
    """Tests, the release assets for the tag, the upgrade check from the previous release: the same commands."""
    steps = yaml.safe_load(RELEASE_WORKFLOW.read_text())["jobs"]["release"]["steps"]
    commands = "\n".join(step.get("run", "") for step in steps)
    assert "bash .ci/run" in commands
    assert '.venv/bin/genpeds release-assets --out dist/release --version "$GITHUB_REF_NAME"' in commands
    assert ".venv/bin/python scripts/rebuild_release.py --previous dist/previous" in commands
    assert "scripts/check_upgrade.py dist/previous/genpeds-complete.apkg dist/release/genpeds-complete.apkg" in commands


def test_workflow_runs_what_ci_runs():
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["test"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert any(command.strip() == "bash .ci/run" for command in commands)
    assert any("genpeds check --format github" in command for command in commands)
    assert any("chromium" in command for command in commands)
    assert any("genpeds build" in command and "genpeds sheets" in command for command in commands)


def test_citing_a_superseded_source_beside_its_replacement_is_a_comparison(project, cli):
    edit(project / "content/sources/fixture.yaml", "    url: https://example.org/fixture-review\n",
         "    url: https://example.org/fixture-review\n    superseded_by: fixture-guide-2024\n")
    edit(project / NOTES, "      - source: fixture-review-2023\n        locator: Table 2\n",
         "      - source: fixture-review-2023\n        locator: Table 2\n"
         "      - source: fixture-guide-2024\n        locator: Table 2, updated\n")
    assert cli("check").output.strip().endswith("0 warning(s)")
