"""Measure genpeds on this machine, side by side with bare genanki, and print what it costs.

    .venv/bin/python benchmarks/run.py            # real content, then 10,000 and 50,000 synthetic notes
    .venv/bin/python benchmarks/run.py --quick    # the same without 50,000 notes

Every figure is the wall time of a fresh process (start to exit) run as a user runs it, through the
installed `genpeds` script; the median of several runs is reported. A build and bare genanki's write
of the same notes run in turns, so that the machine's drifting speed touches both alike. For the synthetic trees (see
synthetic.py) it also times the floor: bare genanki writing the very notes the build wrote, with no
loading, checking or rendering (floor.py), and splits one build into stages with cProfile
(profile_build.py). Peak memory is the build process's own maximum resident set size.

The table comes first; the last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from floor import read_package  # noqa: E402
from synthetic import write_tree  # noqa: E402

TARGETS = {
    "real_build_s": 1.0,  # seconds
    "help_s": 0.3,  # seconds
    "ratio_50k": 3.0,  # genpeds build / bare genanki
    "scaling": 1.10,  # 50k cost / (5 × 10k cost); 1.0 is linear, a fixed start-up cost makes it lower
    "max_rss_mb_50k": 1024.0,
}


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time, start to exit
    cpu_seconds: float  # user + system time of the process itself
    max_rss_mb: float
    output: str


@dataclass(frozen=True)
class Figure:
    label: str
    runs: tuple[Run, ...]

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def median_cpu(self) -> float:
        return statistics.median(run.cpu_seconds for run in self.runs)

    @property
    def max_rss_mb(self) -> float:
        return max(run.max_rss_mb for run in self.runs)


def genpeds_script() -> Path:
    """The installed console script, beside the interpreter running this benchmark."""
    for candidate in (Path(sys.executable).parent / "genpeds", REPO / ".venv" / "bin" / "genpeds"):
        if candidate.exists():
            return candidate
    found = shutil.which("genpeds")
    if not found:
        raise SystemExit("no genpeds script found; install the project first (see README)")
    return Path(found)


def run_once(command: list[str], cwd: Path) -> Run:
    """Run `command` to completion; its wall time and its own peak memory (wait4 reports this child only)."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} (in {cwd}) exited {process.returncode}:\n{text}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)  # maxrss: KiB


def measure(label: str, command: list[str], cwd: Path, runs: int, fresh: Path | None = None) -> Figure:
    """`runs` fresh processes of `command`; `fresh` is a folder removed before each (the build output)."""
    return Figure(label, tuple(one_run(f"{label}: run {index + 1}/{runs}", command, cwd, fresh)
                               for index in range(runs)))


def one_run(what: str, command: list[str], cwd: Path, fresh: Path | None = None) -> Run:
    if fresh is not None:
        shutil.rmtree(fresh, ignore_errors=True)
    progress(f"  {what}")
    return run_once(command, cwd)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_synthetic(notes: int, runs: int, profile: bool, genpeds: Path) -> dict:
    """check, build and the genanki floor on a generated tree of `notes` notes (and a profile if asked)."""
    with tempfile.TemporaryDirectory(prefix=f"genpeds-bench-{notes}-") as scratch:
        root = Path(scratch) / "project"
        started = time.perf_counter()
        tree = write_tree(root, notes)
        progress(f"{notes:,} synthetic notes written in {time.perf_counter() - started:.1f} s "
                 f"({tree.files} content files, {tree.from_tables:,} notes from tables)")
        check = measure(f"{notes // 1000}k check", [str(genpeds), "check"], root, runs)
        expected = f"ok: {notes} notes in"
        if expected not in check.runs[0].output:
            raise SystemExit(f"genpeds check did not accept the synthetic tree:\n{check.runs[0].output}")
        # The build and the floor run in turns (build, floor, build, floor …): this machine's speed drifts
        # over minutes, and side by side the two see the same drift, so their ratio does not.
        build_command, size = [str(genpeds), "build"], f"{notes // 1000}k"
        builds = [one_run(f"{size} build: run 1/{runs}", build_command, root, fresh=root / "dist")]
        floor_input = Path(scratch) / "floor.pickle"
        package = read_package(root / "dist" / "genpeds-complete.apkg")
        if len(package["notes"]) != notes:
            raise SystemExit(f"the build wrote {len(package['notes'])} notes, not {notes}")
        floor_input.write_bytes(pickle.dumps(package))
        floor_command = [sys.executable, str(HERE / "floor.py"), str(floor_input), str(Path(scratch) / "floor.apkg")]
        floors = []
        for index in range(runs):
            if index:
                builds.append(one_run(f"{size} build: run {index + 1}/{runs}", build_command, root,
                                      fresh=root / "dist"))
            floors.append(one_run(f"{size} bare genanki: run {index + 1}/{runs}", floor_command, root))
        build, floor = Figure(f"{size} build", tuple(builds)), Figure(f"{size} bare genanki", tuple(floors))
        profiled = None
        if profile:
            progress(f"  {notes // 1000}k build under cProfile")
            run = run_once([sys.executable, str(HERE / "profile_build.py"), str(Path(scratch) / "profiled")], root)
            profiled = json.loads(run.output.strip().splitlines()[-1])
    return {"tree": tree, "check": check, "build": build, "floor": floor, "profile": profiled}


def row(label: str, figure: Figure | None, target: str = "", met: bool | None = None) -> str:
    if figure is None:
        return f"{label:<56} {'':>8} {'':>17} {'':>8} {'':>9}  {target:<18} {_verdict(met)}"
    spread = f"{min(r.seconds for r in figure.runs):.3f}–{max(r.seconds for r in figure.runs):.3f}"
    return (f"{label:<56} {figure.median:>7.3f}s {spread + ' ×' + str(len(figure.runs)):>17} "
            f"{figure.median_cpu:>7.3f}s {figure.max_rss_mb:>6.0f} MB  {target:<18} {_verdict(met)}")


def _verdict(met: bool | None) -> str:
    return "" if met is None else ("met" if met else "MISSED")


def versions() -> str:
    import yaml

    names = ("genpeds", "genanki", "cmarkgfm", "PyYAML", "nh3")
    found = ", ".join(f"{name} {metadata.version(name)}" for name in names)
    return (f"Python {platform.python_version()}, {found}, libyaml loader: "
            f"{'yes' if getattr(yaml, '__with_libyaml__', False) else 'NO'}; {os.cpu_count()} CPUs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the 50,000-note tree")
    parser.add_argument("--runs", type=int, default=7, help="runs per real-content figure (at least 5)")
    parser.add_argument("--synthetic-runs", type=int, default=3, help="runs per synthetic-tree figure")
    args = parser.parse_args()
    runs = max(args.runs, 5)
    genpeds = genpeds_script()
    progress(f"genpeds benchmark: {versions()}")
    load_before = os.getloadavg()[0]

    with tempfile.TemporaryDirectory(prefix="genpeds-bench-real-") as scratch:
        out = Path(scratch) / "dist"
        help_ = measure("help", [str(genpeds), "--help"], REPO, runs)
        check = measure("real check", [str(genpeds), "check"], REPO, runs)
        build = measure("real build", [str(genpeds), "build", "--out", str(out)], REPO, runs, fresh=out)
    real_notes = int(re.search(r"^ok: (\d+) notes", check.runs[0].output, re.MULTILINE).group(1))

    sizes = (10_000,) if args.quick else (10_000, 50_000)
    synthetic = {size: measure_synthetic(size, args.synthetic_runs, size == sizes[-1], genpeds) for size in sizes}

    figures: dict[str, float | None] = {
        "real_build_s": build.median, "real_check_s": check.median, "help_s": help_.median,
        "real_notes": real_notes,
    }
    for size, result in synthetic.items():
        key = f"{size // 1000}k"
        figures |= {f"check_{key}_s": result["check"].median, f"build_{key}_s": result["build"].median,
                    f"genanki_{key}_s": result["floor"].median,
                    f"ratio_{key}": result["build"].median / result["floor"].median,
                    f"ratio_{key}_cpu": result["build"].median_cpu / result["floor"].median_cpu,
                    f"max_rss_mb_{key}": result["build"].max_rss_mb}
    for key in ("check_50k_s", "build_50k_s", "genanki_50k_s", "ratio_50k", "max_rss_mb_50k"):
        figures.setdefault(key, None)
    if 50_000 in synthetic:
        figures["scaling_build"] = figures["build_50k_s"] / (5 * figures["build_10k_s"])
        figures["scaling_check"] = figures["check_50k_s"] / (5 * figures["check_10k_s"])
        figures["scaling_rss"] = figures["max_rss_mb_50k"] / (5 * figures["max_rss_mb_10k"])
        figures["scaling_build_cpu"] = (synthetic[50_000]["build"].median_cpu
                                        / (5 * synthetic[10_000]["build"].median_cpu))
        figures["scaling_check_cpu"] = (synthetic[50_000]["check"].median_cpu
                                        / (5 * synthetic[10_000]["check"].median_cpu))

    load_after = os.getloadavg()[0]
    every_run = [run for figure in (help_, check, build) for run in figure.runs] + [
        run for result in synthetic.values() for key in ("check", "build", "floor") for run in result[key].runs]
    # On an idle machine a process's wall time is its CPU time; other work shows up as the excess.
    waiting = sum(run.seconds for run in every_run) / sum(run.cpu_seconds for run in every_run)
    figures |= {"load_average": [round(load_before, 2), round(load_after, 2)], "wall_per_cpu": round(waiting, 3)}
    print(f"genpeds benchmark — {versions()}")
    print(f"load average {load_before:.2f} before, {load_after:.2f} after; wall time / CPU time {waiting:.2f}", end="")
    print(" — other work was running: wall times are inflated, compare the CPU column" if waiting > 1.15
          else " (an idle machine)")
    print()
    print(f"{'measurement (fresh process, start to exit)':<56} {'median':>8} {'min–max ×runs':>17} "
          f"{'CPU':>8} {'max RSS':>9}  {'target':<18} verdict")
    print(row("genpeds --help", help_, "< 0.3 s", help_.median < TARGETS["help_s"]))
    print(row(f"genpeds check, real content ({real_notes} notes)", check))
    print(row(f"genpeds build, real content ({real_notes} notes)", build, "< 1 s",
              build.median < TARGETS["real_build_s"]))
    for size, result in synthetic.items():
        key = f"{size // 1000}k"
        ratio = figures[f"ratio_{key}"]
        print(row(f"genpeds check, {size:,} synthetic notes", result["check"]))
        print(row(f"genpeds build, {size:,} synthetic notes", result["build"]))
        print(row(f"bare genanki, the same {size:,} notes", result["floor"]))
        target = "≤ 3× genanki" if size == 50_000 else ""
        print(row(f"  build / bare genanki = {ratio:.1f}× (CPU {figures[f'ratio_{key}_cpu']:.1f}×)", None, target,
                  ratio <= TARGETS["ratio_50k"] if size == 50_000 else None))
    if 50_000 in synthetic:
        print(row(f"  scaling 10k → 50k, build: {figures['scaling_build']:.2f} of linear "
                  f"(CPU {figures['scaling_build_cpu']:.2f})", None, "≤ 1.10 (linear)",
                  figures["scaling_build"] <= TARGETS["scaling"]))
        print(row(f"  scaling 10k → 50k, check: {figures['scaling_check']:.2f} of linear "
                  f"(CPU {figures['scaling_check_cpu']:.2f})", None, "≤ 1.10 (linear)",
                  figures["scaling_check"] <= TARGETS["scaling"]))
        print(row(f"  max RSS 10k → 50k: {figures['scaling_rss']:.2f} of linear", None, "≤ 1.10 (linear)",
                  figures["scaling_rss"] <= TARGETS["scaling"]))
        print(row(f"  max RSS of the 50k build: {figures['max_rss_mb_50k']:.0f} MB", None, "< 1 GB",
                  figures["max_rss_mb_50k"] < TARGETS["max_rss_mb_50k"]))

    largest = sizes[-1]
    profile = synthetic[largest]["profile"]
    print()
    print(f"where a {largest:,}-note build spends its time (cProfile of one in-process build; the profiler "
          f"slows Python code more than C code, so read the shares)")
    total = profile["profiled_s"]
    for stage, seconds in profile["stages_s"].items():
        print(f"  {stage:<10} {seconds:>8.2f} s  {seconds / total:>5.0%}  {seconds / largest * 1e6:>6.0f} µs/note")
    print(f"  {'total':<10} {total:>8.2f} s")
    parts = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in profile["write_parts_s"].items())
    print(f"  write = {parts}")
    texts = profile["distinct_texts_rendered"]
    each = profile["stages_s"]["render"] / texts * 1e6
    print(f"  render: {texts:,} distinct texts, {each:.0f} µs each under the profiler")
    print("  most own time:")
    for entry in profile["top_functions"]:
        print(f"    {entry['own_s']:>7.3f} s own {entry['cumulative_s']:>7.3f} s cum {entry['calls']:>9,} calls  "
              f"{entry['function']}")
    print()
    print(json.dumps({key: round(value, 4) if isinstance(value, float) else value for key, value in figures.items()}))


if __name__ == "__main__":
    main()
