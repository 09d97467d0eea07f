"""Value kinds: one table feeds the checker and the editor schemas, and each kind's error shows its own example."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from conftest import REPO_ROOT, edit, line_of
from test_check import errors_of

from genpeds import schema
from genpeds.schema import KINDS, Key

# --- A wrong value shows an example of its own kind -------------------------------------------

ALPHA = "sheets/alpha.yaml"
BETA = "sheets/beta.yaml"
SECTION_1 = "sheet 'alpha' section 1 ('Alpha doses per kg')"
SECTION_2 = "sheet 'alpha' section 2 ('Alpha in order')"
SECTION_3 = "sheet 'alpha' section 3 ('Alpha facts')"


@pytest.mark.parametrize(("recipe", "old", "new", "needle", "message"), [
    (ALPHA, "ids: [alpha-cloze]", "ids: {alpha-cloze: first}", "ids:",
     f"{SECTION_2}: 'ids' must be a list of note ids, e.g. [jaundice-tcb-confirm-with-tsb]"),
    (ALPHA, "topics: [alpha]", "topics: {alpha: Alpha}", "topics:",
     "sheet 'alpha': 'topics' must be a list of topics, e.g. [vaccines]"),
    (ALPHA, "    details: [maximum]\n", "    details: [maximum]\n    leave_out:\n      - key: drug-a\n",
     "leave_out:", f"{SECTION_1}: 'leave_out' must be a list of row keys, e.g. [defibrillation-subsequent]"),
    (ALPHA, "highlight: true", "highlight: [true]", "highlight:", f"{SECTION_3}: 'highlight' must be true or false"),
    (ALPHA, "columns: [drug, dose]", "columns: {drug: Drug}", "columns:",
     f"{SECTION_1}: 'columns' must be a list of column names, e.g. [vaccine, dose]"),
    (BETA, "across_order: [right, left]", "across_order: {right: 1, left: 2}", "across_order:",
     "sheet 'beta' section 1 grid: 'across_order' must be a list of column values, "
     "e.g. [social/emotional, language/communication]"),
    # Tags keep their words.
    (ALPHA, "notes: [genpeds::alpha]", "notes: {genpeds::alpha: all}", "notes:",
     f"{SECTION_3}: 'notes' must be a list of words, e.g. [genpeds::vaccines::hepb]"),
], ids=["note-ids", "topics", "row-keys", "bool", "columns-list", "column-values", "tags"])
def test_a_wrong_value_shows_an_example_of_its_kind(project, cli, recipe, old, new, needle, message):
    edit(project / recipe, old, new)
    result = cli("check", code=1)
    assert errors_of(result) == [f"{recipe}:{line_of(project / recipe, needle)}: error: {message}"]


def test_a_flag_is_a_declared_key_of_notes_sections_only(project, cli):
    edit(project / ALPHA, "    columns: [drug, dose]\n", "    columns: [drug, dose]\n    highlight: maybe\n")
    result = cli("check", code=1)
    line = line_of(project / ALPHA, "highlight: maybe")
    assert errors_of(result) == [
        f"{ALPHA}:{line}: error: {SECTION_1}: 'highlight' must be true or false",
        f"{ALPHA}:{line}: error: {SECTION_1}: 'highlight' is for notes sections",
    ]


# --- One table of kinds ------------------------------------------------------------------------

def _declared_keys() -> list[Key]:
    return [key for name, keys in vars(schema).items() if name.endswith("_KEYS") for key in keys]


def test_every_declared_key_holds_a_kind_of_the_table():
    assert {key.kind for key in _declared_keys()} <= set(KINDS)


def test_required_is_said_by_name():
    with pytest.raises(TypeError):
        Key("title", "string", True, "Name of the sheet.")
    assert Key("title", "string", "Name of the sheet.", required=True).required


# --- The sheet recipes' schema -----------------------------------------------------------------

SHEET_RECIPES = sorted([*(REPO_ROOT / "sheets").glob("*.yaml"),
                        *(REPO_ROOT / "tests/fixtures/project/sheets").glob("*.yaml")])


@pytest.fixture(scope="module")
def sheet_schema(tmp_path_factory):
    from click.testing import CliRunner

    from genpeds.cli import main

    out = tmp_path_factory.mktemp("schema")
    result = CliRunner().invoke(main, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'sheet-recipe.schema.json'}" in result.output.splitlines()
    return json.loads((out / "sheet-recipe.schema.json").read_text())


@pytest.mark.parametrize("path", SHEET_RECIPES, ids=lambda path: str(path.relative_to(REPO_ROOT)))
def test_every_sheet_recipe_matches_its_schema(sheet_schema, path):
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), sheet_schema)


FACTS = {"title": "Facts", "notes": ["genpeds::alpha"]}


@pytest.mark.parametrize("section", [FACTS, {**FACTS, "highlight": True}, {"table": "alpha-doses"}])
def test_sheet_schema_accepts_a_plain_section(sheet_schema, section):
    jsonschema.validate({"title": "Alpha", "order": 1, "topics": ["alpha"], "sections": [section]}, sheet_schema)


@pytest.mark.parametrize("section", [
    {**FACTS, "highlight": "yes"},
    {**FACTS, "hightlight": True},
    {"title": "In order", "ids": {"alpha-cloze": 1}},
    {"table": "alpha-doses", "leave_out": [{"key": "drug-a"}]},
    {"table": "alpha-doses", "grid": {"down": "drug", "across": "dose", "cell": "maximum",
                                      "across_order": {"right": 1}}},
    {**FACTS, "table": "alpha-doses"},
    {"title": "Nothing shown"},
], ids=["flag", "unknown-key", "note-ids", "row-keys", "grid", "two-things", "nothing"])
def test_sheet_schema_rejects_what_check_rejects(sheet_schema, section):
    recipe = {"title": "Alpha", "order": 1, "topics": ["alpha"], "sections": [section]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(recipe, sheet_schema)
