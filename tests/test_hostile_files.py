"""Hostile files and folders a pull request can carry: links, pipes, devices, huge or unreadable files.

Each is one `path:line: error:` naming what is there and what to do; nothing is followed out of the
project, nothing waits forever, nothing is read beyond the size limit, and nothing shows a traceback.
Cases that could hang or fill memory before the fix run `genpeds check` in a child process with a
timeout and a memory cap, so a regression fails instead of stopping the suite.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import FIXED_TODAY, REPO_ROOT, unexpected_warnings

NOTES = "content/beta/notes.yaml"
MEMORY_CAP = 1024 ** 3  # far above what checking the fixture project needs


def errors_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line]


def symlink_error(path: str, folder: bool = False) -> str:
    what, things = ("folder", "real folders") if folder else ("file", "regular files")
    return (f"{path}:1: error: '{Path(path).name}' is a symbolic link; genpeds reads only {things} inside the "
            f"project (replace the symlink with the {what} itself)")


def special_error(path: str, kind: str) -> str:
    return (f"{path}:1: error: '{Path(path).name}' is {kind}, not a regular file "
            "(replace it with a regular file, or delete it)")


def _cap_memory() -> None:  # runs in the child: a read without end fails fast instead of filling the machine
    import resource

    with contextlib.suppress(ValueError, OSError):  # not every system caps address space
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def check_in_child(project: Path) -> subprocess.CompletedProcess:
    """`genpeds check` in its own process, killed (and the test failed) if it takes more than a minute; its
    stdout and stderr as one stream in `stdout`, as a terminal shows them."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]),
           "GENPEDS_TODAY": FIXED_TODAY}
    result = subprocess.run([sys.executable, "-m", "genpeds.cli", "check"], cwd=project, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60,
                            preexec_fn=_cap_memory if os.name == "posix" else None)
    assert "Traceback" not in result.stdout, result.stdout
    return result


def move_out(project: Path, relative: str) -> Path:
    """Move a file of the project out of it, leaving a symbolic link to it in its place."""
    outside = project.parent / "outside" / relative
    outside.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(project / relative, outside)
    (project / relative).symlink_to(outside)
    return outside


def _permissions_bind() -> bool:
    """Whether a file without read permission stops this process (not so for root, which reads anyway)."""
    with tempfile.TemporaryDirectory() as scratch:
        probe = Path(scratch) / "probe"
        probe.write_text("x")
        probe.chmod(0)
        try:
            probe.read_text()
        except PermissionError:
            return True
        return False


needs_permissions = pytest.mark.skipif(
    os.name != "posix" or (os.geteuid() == 0 and not _permissions_bind()),
    reason="running as root, which reads files and folders whatever their permissions")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")


@needs_fifo
@pytest.mark.parametrize("relative", [NOTES.replace("notes", "pipe"), "decks/pipe.yaml", "sheets/pipe.yaml",
                                      "content/sources/pipe.yaml", "content/ledger.json"])
def test_a_named_pipe_is_reported_not_waited_on(project, relative):
    os.mkfifo(project / relative)
    result = check_in_child(project)
    assert result.returncode == 1
    assert errors_of(result.stdout) == [special_error(relative, "a named pipe (FIFO)")]


@needs_fifo
def test_a_named_pipe_in_place_of_a_topic_file(project):
    (project / "content/beta/topic.yaml").unlink()
    os.mkfifo(project / "content/beta/topic.yaml")
    result = check_in_child(project)
    assert errors_of(result.stdout) == [special_error("content/beta/topic.yaml", "a named pipe (FIFO)")]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
@pytest.mark.parametrize("relative", ["content/beta/zero.yaml", "decks/zero.yaml", "sheets/zero.yaml"])
def test_a_link_to_dev_zero_is_not_read(project, relative):
    (project / relative).symlink_to("/dev/zero")
    result = check_in_child(project)
    assert result.returncode == 1
    assert errors_of(result.stdout) == [symlink_error(relative)]


@pytest.mark.parametrize("relative", [NOTES, "content/alpha/table.yaml", "content/sources/fixture.yaml",
                                      "decks/alpha.yaml", "sheets/alpha.yaml"])
def test_a_link_to_a_file_outside_the_project_is_not_followed(project, cli, relative):
    move_out(project, relative)
    assert symlink_error(relative) in errors_of(cli("check", code=1).output)


@pytest.mark.parametrize("relative", ["content/tags.yaml", "content/beta/topic.yaml"])
def test_a_link_in_place_of_a_required_file_is_reported_as_a_link(project, cli, relative):
    move_out(project, relative)
    assert symlink_error(relative) in errors_of(cli("check", code=1).output)


def test_a_link_in_place_of_the_ledger_is_not_followed(project, cli):
    outside = project.parent / "ledger.json"
    outside.write_text('{"format": 1, "releases": [], "note_types": {}, "notes": {}}', encoding="utf-8")
    (project / "content/ledger.json").symlink_to(outside)
    assert errors_of(cli("check", code=1).output) == [symlink_error("content/ledger.json")]


def test_a_link_in_place_of_the_retired_file_is_not_followed(project, cli):
    (project / "content/retired.yaml").symlink_to(project.parent / "nowhere.yaml")
    assert errors_of(cli("check", code=1).output) == [symlink_error("content/retired.yaml")]


def test_a_link_loop_is_reported_once(project, cli):
    (project / "content/beta/a.yaml").symlink_to("b")
    (project / "content/beta/b").symlink_to("a.yaml")
    assert errors_of(cli("check", code=1).output) == [symlink_error("content/beta/a.yaml")]


def test_a_topic_folder_that_links_out_of_the_project_is_not_followed(project, cli):
    outside = project.parent / "gamma"
    shutil.copytree(project / "content/beta", outside)
    (project / "content/gamma").symlink_to(outside)
    assert errors_of(cli("check", code=1).output) == [symlink_error("content/gamma", folder=True)]


def test_topic_folders_linked_in_a_loop_are_reported(project, cli):
    (project / "content/gamma").symlink_to("delta")
    (project / "content/delta").symlink_to("gamma")
    assert errors_of(cli("check", code=1).output) == [symlink_error("content/delta", folder=True),
                                                      symlink_error("content/gamma", folder=True)]


def test_a_sources_folder_that_links_out_of_the_project_is_not_followed(project, cli):
    move_out(project, "content/sources")
    assert symlink_error("content/sources", folder=True) in errors_of(cli("check", code=1).output)


def test_a_link_to_a_file_that_genpeds_never_reads_is_left_alone(project, cli):
    (project / "content/README.md").symlink_to(REPO_ROOT / "README.md")
    (project / "content/beta/figure.svg").symlink_to("/dev/zero")
    assert cli("check").output.strip().startswith("ok: 7 notes")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets on this system")
def test_a_socket_is_reported(project, cli):
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind("content/beta/socket.yaml")  # relative: a socket's path is short
        errors = errors_of(cli("check", code=1).output)
    assert errors == [special_error("content/beta/socket.yaml", "a socket")]


def test_a_device_is_reported(project, cli):
    try:
        os.mknod(project / "content/beta/null.yaml", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("this user cannot make device nodes")
    assert errors_of(cli("check", code=1).output) == [special_error("content/beta/null.yaml", "a character device")]


def test_a_folder_named_like_a_content_file_is_reported(project, cli):
    (project / "content/beta/more.yaml").mkdir()
    assert errors_of(cli("check", code=1).output) == [special_error("content/beta/more.yaml", "a folder")]


def test_a_file_far_over_the_limit_is_refused_without_reading_it(project):
    with open(project / "content/beta/huge.yaml", "wb") as huge:  # sparse: takes no disk, but reads as 8 GiB
        huge.truncate(8 * 1024 ** 3)
    result = check_in_child(project)
    assert errors_of(result.stdout) == [
        "content/beta/huge.yaml:1: error: file is 8,589,934,592 bytes; the limit is 2,097,152 "
        "(split it into several files)"]


@needs_permissions
@pytest.mark.parametrize("relative, mode", [("content/beta", 0), ("content/beta", 0o300)],
                         ids=["no-access", "no-listing"])
def test_an_unreadable_topic_folder_is_reported(project, cli, relative, mode):
    (project / relative).chmod(mode)
    try:
        errors = errors_of(cli("check", code=1).output)
    finally:
        (project / relative).chmod(0o755)
    assert errors == [f"{relative}:1: error: cannot read folder: Permission denied "
                      "(let the user running genpeds read it, e.g. chmod a+rx)"]


@needs_permissions
def test_an_unreadable_sources_folder_is_reported(project, cli):
    (project / "content/sources").chmod(0)
    try:
        errors = errors_of(cli("check", code=1).output)
    finally:
        (project / "content/sources").chmod(0o755)
    assert ("content/sources:1: error: cannot read folder: Permission denied "
            "(let the user running genpeds read it, e.g. chmod a+rx)") in errors


@needs_permissions
@pytest.mark.parametrize("relative", [NOTES, "content/beta/topic.yaml", "decks/alpha.yaml", "sheets/alpha.yaml"])
def test_an_unreadable_file_is_reported(project, cli, relative):
    (project / relative).chmod(0)
    assert errors_of(cli("check", code=1).output) == [
        f"{relative}:1: error: cannot read file: Permission denied (let the user running genpeds read it, "
        "e.g. chmod a+r)"]


def test_the_real_content_still_passes(monkeypatch, cli):
    monkeypatch.chdir(REPO_ROOT)
    *problems, last = cli("check").output.strip().splitlines()
    assert last.startswith("ok: ")
    assert not unexpected_warnings(problems), problems
