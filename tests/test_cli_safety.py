"""What the command line lets a user do to their files: write only where asked, refuse what Anki would
refuse, and leave no half-written or hidden temporary file behind, whatever stops a command."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO_ROOT, edit, line_of, write

NOTES = "content/alpha/notes.yaml"
NAME_RULE = "use letters, digits, '-', '_' and '.', starting with a letter or digit"


def errors_of(result) -> list[str]:
    return [line for line in result.output.splitlines() if ": error: " in line]


def visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []


def staged(folder: Path) -> list[str]:
    """The hidden temporary files a write stages its output in."""
    return sorted(p.name for p in folder.glob(".*.tmp")) if folder.is_dir() else []


# --- build --name: a plain file name inside --out, never a recipe's deck ------------------------------

@pytest.mark.parametrize("name", ["../../x", "{outside}/x", "sub/dir/x", ".", "..", ".hidden", "a b", "x\\y",
                                  "red:flags", "-"])
def test_name_that_is_not_a_plain_file_name_is_a_usage_error(project, cli, name):
    name = name.format(outside=project.parent)
    result = cli("build", "--tag", "genpeds::alpha", "--name", name, code=2)
    assert result.output.splitlines()[-1] == (
        f"Error: Invalid value for '--name': '{name}' is not a plain file name: {NAME_RULE}")
    assert sorted(p.name for p in project.parent.iterdir()) == ["project"]
    assert not (project / "dist").exists()


@pytest.mark.parametrize("name", ["genpeds-everything", "genpeds-everything.apkg", "Genpeds-Alpha.apkg"])
def test_name_of_a_recipes_deck_is_refused_and_the_deck_kept(project, cli, name):
    cli("build")
    before = {path.name: path.read_bytes() for path in (project / "dist").iterdir()}
    result = cli("build", "--tag", "genpeds::red-flag", "--name", name, code=2)
    file_name = name if name.endswith(".apkg") else f"{name}.apkg"
    recipe = "alpha" if "alpha" in name.lower() else "everything"
    assert result.output.splitlines()[-1] == (
        f"Error: Invalid value for '--name': '{file_name}' is the deck of recipe '{recipe}' "
        f"(decks/{recipe}.yaml); choose another name")
    assert {path.name: path.read_bytes() for path in (project / "dist").iterdir()} == before


def test_default_custom_name_is_refused_when_a_recipe_writes_it(project, cli):
    shutil.copy(project / "decks/alpha.yaml", project / "decks/custom.yaml")
    result = cli("build", "--tag", "genpeds::alpha", code=2)
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for '--name': 'genpeds-custom.apkg' is the deck of recipe 'custom' "
        "(decks/custom.yaml); choose another name")


@pytest.mark.parametrize(("name", "file_name"), [("red-flags", "red-flags.apkg"), ("Red_flags.v2.apkg",
                                                                                  "Red_flags.v2.apkg")])
def test_plain_name_is_written_inside_out(project, cli, name, file_name):
    result = cli("build", "--tag", "genpeds::alpha", "--name", name, "--out", "custom")
    assert result.output.startswith(f"built custom/{file_name}: ")
    assert visible(project / "custom") == [file_name]


# --- Tags: declared as Anki keeps them, or a diagnostic at the declaration -------------------------

@pytest.mark.parametrize(("path", "tag"), [
    ("content/tags.yaml", "genpeds::red flag"),
    ("content/alpha/topic.yaml", "genpeds::alpha::two more"),
    ("content/alpha/topic.yaml", "genpeds::alpha::Three"),
])
def test_declared_tag_anki_would_split_or_fold_is_an_error_at_its_line(project, cli, path, tag):
    edit(project / path, "tags:\n", f"tags:\n  {tag}: A tag as Anki would not keep it.\n")
    edit(project / NOTES, "tags: [genpeds::alpha::two]", f"tags: [genpeds::alpha::two, {tag}]")
    expected = [f"{path}:{line_of(project / path, tag + ':')}: error: tag '{tag}' is not a valid tag (Anki splits "
                "tags at spaces and ignores case: write lower-case words joined by '-', levels by '::', "
                "e.g. 'genpeds::red-flag')"]
    assert errors_of(cli("check", code=1)) == expected
    build = cli("build", code=1)
    assert errors_of(build) == [*expected, "genpeds: error: 1 error(s) in the content; nothing was written "
                                           "(run 'genpeds check')"]
    assert not (project / "dist").exists()


# --- new --append: a clear error where it cannot write, and the file as it was ---------------------

@pytest.fixture
def read_only():
    """Make a file or folder read-only; returns the reason the system gives for refusing a write to it.

    chmod does not bind root, so as root the file gets the immutable attribute (chattr +i) instead,
    or the test is skipped where that is not possible. Everything is made writable again afterwards.
    """
    undo = []

    def make(path: Path) -> str:
        if os.geteuid() != 0:
            mode = path.stat().st_mode
            path.chmod(0o555 if path.is_dir() else 0o444)
            undo.append(lambda: path.chmod(mode))
            return os.strerror(errno.EACCES)
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)],
                                                            capture_output=True).returncode:
            pytest.skip("running as root, and this file system cannot make a path immutable")
        undo.append(lambda: subprocess.run(["chattr", "-i", str(path)], check=True))
        return os.strerror(errno.EPERM)

    yield make
    for step in reversed(undo):
        step()


@pytest.mark.parametrize("target", ["content/alpha/fresh.yaml", "content/alpha/more/fresh.yaml", NOTES])
def test_append_into_a_read_only_folder_is_a_clear_error(project, cli, read_only, target):
    before = (project / NOTES).read_bytes()
    reason = read_only(project / "content/alpha")
    result = cli("new", "alpha", "--append", target, code=1)
    assert result.output == f"genpeds: error: cannot write {target}: {reason}\n"
    assert (project / NOTES).read_bytes() == before
    assert sorted(p.name for p in (project / "content/alpha").iterdir()) == ["notes.yaml", "table.yaml", "topic.yaml"]


def test_append_to_a_read_only_file_is_a_clear_error(project, cli, read_only):
    before = (project / NOTES).read_bytes()
    read_only(project / NOTES)
    result = cli("new", "alpha", "--append", NOTES, code=1)
    assert result.output == f"genpeds: error: cannot write {NOTES}: the file is read-only\n"
    assert (project / NOTES).read_bytes() == before
    assert staged(project / "content/alpha") == []


def test_append_to_a_file_that_is_not_utf8_is_a_clear_error(project, cli):
    path = project / "content/alpha/latin1.yaml"
    path.write_bytes("notes:\n# Pr\xe9cis\n".encode("latin-1"))
    result = cli("new", "alpha", "--append", "content/alpha/latin1.yaml", code=1)
    assert result.output == "genpeds: error: cannot read content/alpha/latin1.yaml: it is not UTF-8 text\n"
    assert path.read_bytes() == "notes:\n# Pr\xe9cis\n".encode("latin-1")


def test_append_still_adds_the_block_after_a_blank_line(project, cli):
    before = (project / NOTES).read_text(encoding="utf-8")
    cli("new", "alpha", "--append", NOTES)
    after = (project / NOTES).read_text(encoding="utf-8")
    assert after.startswith(before) and after[len(before):].lstrip("\n").startswith("  - id: alpha-new-note\n")
    assert staged(project / "content/alpha") == []


# --- Signals: a write that is stopped leaves nothing behind ---------------------------------------

posix_only = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")


def _many_outputs(project: Path, command: str) -> None:
    """Forty decks (or sheets) more, so that a write lasts long enough to be caught in the middle."""
    folder, model = ("decks", "everything.yaml") if command == "build" else ("sheets", "alpha.yaml")
    text = (project / folder / model).read_text(encoding="utf-8")
    for number in range(40):
        write(project / folder / f"copy-{number}.yaml", text)


def _frozen_mid_write(command: str, project: Path, out: Path) -> subprocess.Popen:
    """`genpeds COMMAND --out OUT`, run for real and stopped (SIGSTOP) at a moment when it has staged
    files but moved none into place; runs again until one is caught there."""
    for _ in range(30):
        shutil.rmtree(out, ignore_errors=True)
        process = subprocess.Popen([sys.executable, "-m", "genpeds.cli", command, "--out", str(out)], cwd=project,
                                   env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while process.poll() is None and not staged(out):
            pass
        if process.poll() is None:
            process.send_signal(signal.SIGSTOP)
            _, status = os.waitpid(process.pid, os.WUNTRACED)
            if os.WIFSTOPPED(status) and staged(out) and not visible(out):
                return process
            process.send_signal(signal.SIGCONT)
        process.communicate(timeout=120)
    pytest.fail(f"genpeds {command} was never caught between staging and moving its files")


@posix_only
@pytest.mark.parametrize("command", ["build", "sheets"])
@pytest.mark.parametrize("signal_number", [signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)],
                         ids=["SIGTERM", "SIGHUP"])
def test_signal_during_a_write_removes_its_staged_files(project, command, signal_number):
    _many_outputs(project, command)
    out = project / "out"
    process = _frozen_mid_write(command, project, out)
    process.send_signal(signal_number)
    process.send_signal(signal.SIGCONT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + signal_number, stderr
    assert "Traceback" not in stderr
    assert sorted(p.name for p in out.iterdir()) == []


@posix_only
def test_staged_files_a_killed_build_left_are_removed_by_a_later_build(project, cli):
    _many_outputs(project, "build")
    out = project / "out"
    process = _frozen_mid_write("build", project, out)
    process.kill()  # SIGKILL cannot be caught: the staged files stay
    process.communicate(timeout=120)
    left = staged(out)
    assert left and all(re.fullmatch(r"\.genpeds-[a-z0-9-]+\.apkg\.[a-z0-9_]+\.tmp", name) for name in left)
    an_hour_ago = time.time() - 3600
    others = [".genpeds-alpha.apkg.tmp", ".notes.txt.abcd1234.tmp", "genpeds-alpha.apkg.abcd1234.tmp"]
    for name in others:
        (out / name).write_text("not a staged deck")
    for name in left + others:
        os.utime(out / name, (an_hour_ago, an_hour_ago))
    running = ".genpeds-alpha.apkg.running1.tmp"  # staged a moment ago by a build still running
    (out / running).write_text("a deck being written")
    cli("build", "--out", "out")
    assert staged(out) == sorted([running, *(name for name in others if name.startswith("."))])
    assert "genpeds-alpha.apkg.abcd1234.tmp" in visible(out)
