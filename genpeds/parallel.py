"""Independent pieces of work spread over the CPUs this process may use, with the results in order.

Reading a large content tree and rendering its notes is pure Python: one CPU does all of it while the
others wait. `map_shared` splits the items into one contiguous share per usable CPU, works the first
share in this process and each other share in a forked copy of it (which already holds everything the
work needs, so only the results travel back, pickled). The results are exactly the serial ones, in
the same order: a share whose process fails for any reason is worked again here, and raises here as
the serial run would.

Forking is used on Linux only (elsewhere a fresh interpreter would have to import and load everything
again), in a process running no other thread, with more than one usable CPU, and for enough work to
repay a process. `GENPEDS_WORKERS=1`
runs everything in this process.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

WORKERS_VARIABLE = "GENPEDS_WORKERS"


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, not the machine's count), or GENPEDS_WORKERS."""
    chosen = os.environ.get(WORKERS_VARIABLE, "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without affinity
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Linux, and no other thread running: a thread holding a lock (an import's, a logger's) when the
    process is copied would leave the copy waiting on it for ever."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def shares(weights: Sequence[float], count: int) -> list[range]:
    """`count` contiguous ranges of indexes whose weights are as even as a cut between items allows."""
    total = sum(weights)
    cuts, running, index = [0], 0.0, 0
    for part in range(1, count):
        goal = total * part / count
        while index < len(weights) and running + weights[index] / 2 < goal:
            running += weights[index]
            index += 1
        cuts.append(max(index, cuts[-1]))
    cuts.append(len(weights))
    return [range(start, end) for start, end in itertools.pairwise(cuts) if end > start]


def map_shared(function: Callable[[Item], Result], items: Sequence[Item], weights: Sequence[float] | None = None,
               min_weight: float = 0) -> list[Result]:
    """`[function(item) for item in items]`, worked on every usable CPU when the items' total weight
    (each 1 unless `weights` says) reaches `min_weight`. `function` and each result must not depend on
    work done for another item: what a forked process changes in its memory is lost with it (the
    files it writes stay)."""
    weights = list(weights) if weights is not None else [1.0] * len(items)
    workers = min(usable_cpus(), len(items))
    if workers < 2 or not can_fork() or sum(weights) < min_weight:
        return [function(item) for item in items]
    parts = shares(weights, workers)
    context = multiprocessing.get_context("fork")
    sys.stdout.flush()  # a forked copy would write out again whatever is still buffered
    sys.stderr.flush()
    started = []
    try:
        for part in parts[1:]:
            share = [items[i] for i in part]
            receiving, sending = context.Pipe(duplex=False)
            process = context.Process(target=_work_share, args=(function, share, sending), daemon=True)
            process.start()
            sending.close()
            started.append((share, process, receiving))
        results = [function(items[i]) for i in parts[0]]
        while started:
            share, process, receiving = started.pop(0)
            results.extend(_collect(function, share, process, receiving))
        return results
    finally:  # this process failed or was interrupted: no forked copy outlives the call
        for _share, process, receiving in started:
            process.terminate()
            receiving.close()
            process.join()


def _work_share(function, items, sending) -> None:
    """In the forked process: the share's results, pickled down the pipe; nothing when any item fails."""
    try:
        payload = pickle.dumps([function(item) for item in items], protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # the parent works the share again and meets the error itself
        payload = b""
    try:
        sending.send_bytes(payload)
    finally:
        sending.close()


def _collect(function, items, process, receiving) -> list:
    try:
        payload = receiving.recv_bytes()
    except (EOFError, OSError):  # the process died before it could answer
        payload = b""
    finally:
        receiving.close()
        process.join()
    if payload:
        return pickle.loads(payload)
    return [function(item) for item in items]
