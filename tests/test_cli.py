"""The command line's one error path and its streams: a usage error exits 2 in click's format (the usage
line, then `Error: …`), an error of the content or the run exits 1 as `genpeds: error: …`; human
diagnostics go to stderr, results and machine output (`check --format json/github`) to stdout."""

from __future__ import annotations

import ast
import json

import pytest
from click.testing import CliRunner
from conftest import REPO_ROOT, edit, line_of, write

from genpeds.cli import main

NOTES = "content/alpha/notes.yaml"
RELEASE = ("release", "1.0.0", "--time", "2026-01-01T00:00:00")
NO_CONTENT = ("genpeds: error: no content found at 'nowhere' (expected nowhere/tags.yaml); "
              "run genpeds from the project folder or pass --content DIR")


def usage_error(result) -> str:
    """The `Error: …` line of a usage error, once it is seen under the usage line, on stderr alone."""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Usage: ") and lines[-2:-1] == [""], result.stderr
    assert result.stdout == ""
    return lines[-1]


def break_a_tag(project) -> str:
    """Give a note an undeclared tag; returns the error line every command that checks the content shows."""
    edit(project / NOTES, "tags: [genpeds::alpha::two]", "tags: [genpeds::alhpa::two]")
    return (f"{NOTES}:{line_of(project / NOTES, 'genpeds::alhpa::two')}: error: note 'alpha-cloze': unknown tag "
            "'genpeds::alhpa::two' (did you mean 'genpeds::alpha::two'?)")


# --- Usage errors: exit 2, click's format, before any work -----------------------------------------

USAGE_ERRORS = {
    "build-recipe-and-tag": (("build", "alpha", "--tag", "genpeds::alpha"),
                             "Error: give either recipe names or --tag, not both"),
    "build-exclude-alone": (("build", "--exclude", "genpeds::red-flag"),
                            "Error: --exclude needs --tag or a recipe name to start from; for every note except a "
                            "tag: genpeds build --tag genpeds --exclude TAG"),
    "build-name": (("build", "--tag", "genpeds::alpha", "--name", "../mine"),
                   "Error: Invalid value for '--name': '../mine' is not a plain file name: use letters, digits, "
                   "'-', '_' and '.', starting with a letter or digit"),
    "check-today": (("check", "--today", "2026-13-01"),
                    "Error: Invalid value for '--today': '2026-13-01' is not a date; write it as YYYY-MM-DD"),
    "stats-today": (("stats", "--today", "26/11/2026"),
                    "Error: Invalid value for '--today': '26/11/2026' is not a date; write it as YYYY-MM-DD"),
    "new-today": (("new", "alpha", "--today", "tomorrow"),
                  "Error: Invalid value for '--today': 'tomorrow' is not a date; write it as YYYY-MM-DD"),
    "release-time": (("release", "1.0.0", "--time", "noon"),
                     "Error: Invalid value for '--time': 'noon' is not an ISO date and time, e.g. 2026-12-01T12:00:00"),
    "release-version": (("release", "1.0 final"),
                        "Error: Invalid value for 'VERSION': '1.0 final' is not a version; use something like 1.2.0"),
    "release-assets-chromium": (("release-assets", "--chromium", "no-such-chromium"),
                                "Error: printing the sheets to PDF needs Chromium (apt-get install -y chromium, or "
                                "--chromium PATH); pass --no-pdf for HTML sheets only"),
}
# Usage errors that click finds itself: its wording changes between versions, the exit code and format do not.
CLICK_USAGE_ERRORS = {
    "order-limit": (("order", "--limit", "0"), "'--limit'"),
    "outline-format": (("outline", "--format", "yaml"), "--format"),
    "tags-option": (("tags", "--tag", "genpeds"), "--tag"),
    "schema-argument": (("schema", "content"), "(content)"),
    "diff-argument": (("diff", "1.0.0"), "'NEW'"),
    "sheets-option": (("sheets", "--format", "pdf"), "--format"),
    "site-option": (("site", "--format", "html"), "--format"),
}


@pytest.mark.parametrize(("args", "error"), USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
def test_a_usage_error_exits_2_in_clicks_format_and_writes_nothing(project, cli, args, error):
    before = sorted(path.relative_to(project) for path in project.rglob("*"))
    assert usage_error(cli(*args, code=2)) == error
    assert sorted(path.relative_to(project) for path in project.rglob("*")) == before


@pytest.mark.parametrize(("args", "named"), CLICK_USAGE_ERRORS.values(), ids=CLICK_USAGE_ERRORS.keys())
def test_a_usage_error_click_finds_exits_2_in_the_same_format(project, cli, args, named):
    error = usage_error(cli(*args, code=2))
    assert error.startswith("Error: ") and named in error


def test_every_command_has_a_usage_error_test():
    """Each case is named `<command>-<what>`; a command's name may itself hold a hyphen (release-assets)."""
    cases = (*USAGE_ERRORS, *CLICK_USAGE_ERRORS)
    assert {command for command in main.commands if any(case.startswith(f"{command}-") for case in cases)} == \
        set(main.commands)


def test_a_malformed_date_in_the_environment_is_a_usage_error(project):
    result = CliRunner(env={"GENPEDS_TODAY": "soon"}).invoke(main, ["stats"])
    assert result.exit_code == 2
    assert usage_error(result) == "Error: Invalid value for '--today': 'soon' is not a date; write it as YYYY-MM-DD"


def test_a_malformed_version_is_refused_before_the_content_is_read(project, cli):
    result = cli("release", "../1.0", "--content", "nowhere", code=2)
    assert usage_error(result) == ("Error: Invalid value for 'VERSION': '../1.0' is not a version; "
                                   "use something like 1.2.0")


# --- Content and run errors: exit 1, `genpeds: error: …` on stderr ---------------------------------

@pytest.mark.parametrize(("args", "closing"), [
    (("build",), "genpeds: error: 1 error(s) in the content; nothing was written (run 'genpeds check')"),
    (("sheets",), "genpeds: error: 1 error(s) in the content or sheet recipes; nothing was written "
                  "(run 'genpeds check')"),
    (RELEASE, "genpeds: error: 1 error(s) in the content; nothing was released"),
], ids=["build", "sheets", "release"])
def test_content_errors_stop_a_writing_command_with_every_error_then_the_count(project, cli, args, closing):
    error = break_a_tag(project)
    result = cli(*args, code=1)
    assert result.stderr.splitlines() == [error, closing]
    assert result.stdout == ""
    assert not (project / "dist").exists() and not (project / "content/ledger.json").exists()


def test_content_errors_fail_check_with_the_errors_on_stderr_and_the_count_on_stdout(project, cli):
    error = break_a_tag(project)
    result = cli("check", code=1)
    assert result.stderr.splitlines() == [error]
    assert result.stdout == "1 error(s), 0 warning(s)\n"


@pytest.mark.parametrize("args", [("tags",), ("order",), ("outline",), ("stats",), ("new", "alpha"),
                                  ("diff", "0.9.0", "1.0.0"), ("check",), ("build",), ("sheets",), RELEASE],
                         ids=["tags", "order", "outline", "stats", "new", "diff", "check", "build", "sheets",
                              "release"])
def test_missing_content_is_an_error_of_the_run(project, cli, args):
    result = cli(*args, "--content", "nowhere", code=1)
    assert result.stderr == NO_CONTENT + "\n"
    assert result.stdout == ""


@pytest.mark.parametrize(("args", "error"), [
    (("order", "gamma"), "genpeds: error: unknown topic 'gamma'; topics: alpha, beta"),
    (("outline", "gamma"), "genpeds: error: unknown topic 'gamma'; topics: alpha, beta"),
    (("new", "gamma"), "genpeds: error: unknown topic 'gamma'; topics: alpha, beta"),
    (("build", "alhpa"), "genpeds: error: unknown deck recipe 'alhpa'; recipes: alpha, everything"),
    (("sheets", "alpah"), "genpeds: error: unknown sheet 'alpah'; sheets: alpha, beta"),
    (("diff", "0.9.0", "1.0.0"), "genpeds: error: no release '0.9.0' in the ledger (releases: 1.0.0)"),
    (("diff", "old.apkg", "new.apkg"), "genpeds: error: no such deck file: old.apkg"),
    (("schema", "--out", "blocked/schema"),
     "genpeds: error: cannot write blocked/schema/content.schema.json: Not a directory"),
], ids=["order", "outline", "new", "build", "sheets", "diff", "diff-apkg", "schema"])
def test_a_run_error_exits_1_on_stderr(project, cli, args, error):
    cli(*RELEASE)
    write(project / "blocked", "a file where a folder is wanted\n")
    result = cli(*args, code=1)
    assert result.stderr == error + "\n"
    assert result.stdout == ""


# --- Streams: diagnostics on stderr, results and machine output on stdout --------------------------

def test_check_warnings_go_to_stderr_and_the_summary_to_stdout(project, cli):
    edit(project / NOTES, "reviewed: 2026-01-15\n\n  - id: alpha-cloze", "reviewed: 2020-01-15\n\n  - id: alpha-cloze")
    result = cli("check")
    assert result.stderr.splitlines() == [
        f"{NOTES}:2: warning: note 'alpha-basic' was last reviewed on 2020-01-15, more than 24 months before "
        "2026-11-26 (check it against the current sources and update 'reviewed')"]
    assert result.stdout == "ok: 7 notes in 2 topics, 2 deck recipes, 1 warning(s)\n"


def test_check_json_is_all_on_stdout(project, cli):
    break_a_tag(project)
    result = cli("check", "--format", "json", code=1)
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert (report["errors"], [d["code"] for d in report["diagnostics"]]) == (1, ["unknown-tag"])


def test_check_github_annotations_are_all_on_stdout(project, cli):
    break_a_tag(project)
    result = cli("check", "--format", "github", code=1)
    assert result.stderr == ""
    line = line_of(project / NOTES, "genpeds::alhpa::two")
    assert result.stdout.splitlines() == [
        f"::error file={NOTES},line={line},title=unknown-tag::note 'alpha-cloze': unknown tag "
        "'genpeds::alhpa::two' (did you mean 'genpeds::alpha::two'?)",
        "1 error(s), 0 warning(s)"]


def test_build_prints_the_decks_on_stdout_and_the_unreleased_note_on_stderr(project, cli):
    cli(*RELEASE)
    edit(project / NOTES, "The first answer, 10 mg/kg.", "The first answer, 15 mg/kg.")
    result = cli("build", "alpha")
    assert result.stdout == "built dist/genpeds-alpha.apkg: 4 notes (genpeds::Alpha 4)\n"
    assert result.stderr == ("note: 1 note(s) have changes not yet in a release (after 1.0.0); release decks are "
                             "built with --release\n")


@pytest.mark.parametrize("args", [("tags",), ("order",), ("outline",), ("stats",), ("new", "alpha"), ("schema",),
                                  ("diff", "1.0.0", "1.1.0"), ("build",), ("sheets",), ("check",),
                                  ("release", "1.2.0", "--time", "2026-03-01T00:00:00")],
                         ids=["tags", "order", "outline", "stats", "new", "schema", "diff", "build", "sheets",
                              "check", "release"])
def test_a_clean_run_prints_its_result_on_stdout_and_nothing_on_stderr(project, cli, args):
    cli(*RELEASE)
    cli("release", "1.1.0", "--time", "2026-02-01T00:00:00")
    result = cli(*args)
    assert result.stdout.strip() and result.stderr == ""


# --- The library behind the commands: importable, silent, without click -------------------------------

def test_library_modules_never_import_click():
    for path in sorted((REPO_ROOT / "genpeds").glob("*.py")):
        if path.name == "cli.py":
            continue
        imported = {alias.name.split(".")[0] for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                    if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module.split(".")[0] for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                     if isinstance(node, ast.ImportFrom) and node.module}
        assert "click" not in imported, path.name


def test_check_project_returns_what_check_prints_and_prints_nothing(project, capsys):
    import datetime as dt

    from genpeds.commands import check_project

    break_a_tag(project)
    result = check_project(project / "content", project / "decks", project / "sheets", dt.date(2026, 11, 26), 24)
    assert result.summary() == {"errors": 1, "warnings": 0, "notes": 7, "topics": 2, "recipes": 2}
    assert [d.code for d in result.report.sorted()] == ["unknown-tag"]
    assert capsys.readouterr() == ("", "")
