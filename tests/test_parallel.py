"""Work spread over CPUs gives exactly what one process gives: the same results in the same order, the
same problems reported, the same decks; and a share whose process fails is worked (and fails) here."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from genpeds import parallel
from genpeds.build import build_decks, requests_for_recipes
from genpeds.parallel import map_shared, shares
from genpeds.project import load_project

REPO = Path(__file__).resolve().parents[1]

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="work is shared over CPUs only where it can fork")


@pytest.fixture
def two_workers(monkeypatch) -> int:
    """Work split in two (this process and one forked copy); this process's id."""
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "2")
    return os.getpid()


def test_shares_are_contiguous_balanced_and_cover_every_item():
    weights = [5, 1, 1, 1, 1, 1, 5, 1, 1, 3]
    parts = shares(weights, 3)
    assert [index for part in parts for index in part] == list(range(len(weights)))
    assert len(parts) == 3
    totals = [sum(weights[i] for i in part) for part in parts]
    assert max(totals) - min(totals) <= max(weights)


def test_shares_never_outnumber_the_items():
    assert shares([1, 1], 4) == [range(0, 1), range(1, 2)]
    assert shares([], 2) == []


def test_one_worker_runs_everything_in_this_process(monkeypatch):
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")
    seen = []
    assert map_shared(lambda item: seen.append(item) or item * 2, [1, 2, 3]) == [2, 4, 6]
    assert seen == [1, 2, 3]  # worked here: the side effect is visible


@needs_fork
def test_forked_shares_give_the_serial_results_in_order(monkeypatch):
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "3")
    pids = map_shared(lambda item: (item, os.getpid()), list(range(30)))
    assert [item for item, _ in pids] == list(range(30))
    assert len({pid for _, pid in pids}) == 3  # three processes did the work
    assert pids[0][1] == os.getpid()  # the first share here


@needs_fork
def test_below_the_minimum_weight_nothing_is_forked(two_workers):
    pids = map_shared(lambda item: os.getpid(), [1, 2, 3, 4], min_weight=5)
    assert set(pids) == {os.getpid()}


@needs_fork
def test_a_failing_share_fails_here_as_it_would_serially(two_workers):
    here = two_workers

    def work(item):
        if item == 3 and os.getpid() != here:
            os._exit(9)  # the forked process dies without answering
        if item == 3:
            raise ValueError("item 3 is bad")
        return item

    with pytest.raises(ValueError, match="item 3 is bad"):
        map_shared(work, [0, 1, 2, 3])


@needs_fork
def test_a_share_whose_process_dies_is_worked_again_here(two_workers):
    here = two_workers

    def work(item):
        if os.getpid() != here:
            os._exit(9)
        return item * 10

    assert map_shared(work, [1, 2, 3, 4]) == [10, 20, 30, 40]


def _load(monkeypatch, workers: str, root: Path = REPO):
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, workers)
    return load_project(root / "content", root / "decks")


@needs_fork
def test_the_real_content_reads_the_same_on_one_cpu_and_on_two(monkeypatch):
    serial, shared = _load(monkeypatch, "1"), _load(monkeypatch, "2")
    assert shared.content.notes == serial.content.notes
    assert shared.content.tables == serial.content.tables
    assert shared.report.diagnostics == serial.report.diagnostics
    assert shared.states == serial.states


@needs_fork
def test_problems_in_many_files_are_reported_in_file_order_as_serially(project, monkeypatch):
    """Errors found in forked processes come back with their files and lines, in the serial order."""
    for index in range(6):  # enough files, each with problems, to be split over processes
        Path(f"content/alpha/more-{index}.yaml").write_text(f"""notes:
  - id: more-{index}
    type: basic
    front: "More {index}: which answer?"
    back: This one.
    tags: [genpeds::alpha::no-such-tag-{index}]
    sources:
      - source: no-such-source-{index}
        locator: Section 1
    reviewed: 2026-01-15
""", encoding="utf-8")
    monkeypatch.setattr("genpeds.content.PARALLEL_MIN_BYTES", 0)
    serial, shared = _load(monkeypatch, "1", Path.cwd()), _load(monkeypatch, "2", Path.cwd())
    problems = [(d.location.path, d.location.line, d.code) for d in serial.report.errors]
    assert [code for *_, code in problems].count("unknown-tag") == 6
    assert [code for *_, code in problems].count("unknown-source") == 6
    assert shared.report.diagnostics == serial.report.diagnostics
    assert shared.content.notes == serial.content.notes


@needs_fork
def test_decks_written_side_by_side_are_the_decks_written_one_by_one(monkeypatch, tmp_path):
    monkeypatch.setattr("genpeds.build.PARALLEL_MIN_NOTES", 0)
    built = {}
    for workers in ("1", "2"):
        project = _load(monkeypatch, workers)
        out = tmp_path / workers
        build_decks(project, requests_for_recipes(project), out)
        built[workers] = {path.name: path.read_bytes() for path in sorted(out.glob("*.apkg"))}
    assert len(built["1"]) == len(list((REPO / "decks").glob("*.yaml")))
    assert built["2"] == built["1"]
    for data in built["1"].values():
        assert data[:2] == b"PK"
    assert zipfile.is_zipfile(tmp_path / "1" / next(iter(built["1"])))


@needs_fork
def test_nothing_is_forked_while_another_thread_runs(two_workers):
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        pids = map_shared(lambda item: os.getpid(), list(range(10)))
    finally:
        release.set()
        other.join()
    assert set(pids) == {os.getpid()}


@needs_fork
def test_when_this_process_fails_no_forked_copy_outlives_the_call(two_workers):
    import multiprocessing
    import time

    here = two_workers

    def work(item):
        if os.getpid() != here:
            time.sleep(60)  # the other share would keep running
        raise ValueError("the first share fails here")

    started = time.monotonic()
    with pytest.raises(ValueError, match="fails here"):
        map_shared(work, [1, 2])
    assert multiprocessing.active_children() == []
    assert time.monotonic() - started < 30
