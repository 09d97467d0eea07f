"""Profile one build in-process and split its time into stages: load, validate, render, write.

    python benchmarks/profile_build.py OUT_DIR      # run from a project folder (content/, decks/)

It does what `genpeds build` does (load and check the project, then build every recipe), under
cProfile, and prints one JSON line: seconds per stage as the profiler saw them (cProfile slows Python
code more than C code, so read the shares, not the absolute figures) and the functions with the most
own time. It runs in one process (GENPEDS_WORKERS=1): work done in a forked process is invisible to
the profiler.

    load      reading files and building YAML into dicts with line marks (loading.read_yaml)
    validate  the rest of loading and checking the project (schema, tags, sources, tables, ids)
    render    Markdown → sanitised HTML, each distinct text once (markup.render)
    write     the rest of the build: fields, genanki notes, the SQLite collection, the zip
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import sys
from pathlib import Path

from genpeds.build import build_decks, requests_for_recipes
from genpeds.parallel import WORKERS_VARIABLE
from genpeds.project import load_project


def _entries(stats: pstats.Stats, module_path: str, function: str) -> list[tuple]:
    return [value for (path, _line, name), value in stats.stats.items()
            if name == function and path.replace("\\", "/").endswith(module_path)]


def cumulative(stats: pstats.Stats, module_path: str, function: str) -> float:
    """Cumulative seconds of a function (0 when it was never called)."""
    return sum(value[3] for value in _entries(stats, module_path, function))


def calls(stats: pstats.Stats, module_path: str, function: str) -> int:
    return sum(value[1] for value in _entries(stats, module_path, function))


def top_functions(stats: pstats.Stats, count: int) -> list[dict]:
    ranked = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:count]
    return [{"function": f"{Path(path).name}:{line}({name})", "calls": value[1], "own_s": round(value[2], 3),
             "cumulative_s": round(value[3], 3)} for (path, line, name), value in ranked]


def profile_build(out_dir: Path) -> dict:
    loading, building = cProfile.Profile(), cProfile.Profile()
    project = loading.runcall(load_project, Path("content"), Path("decks"))
    if not project.report.ok:
        raise SystemExit(f"the content has {len(project.report.errors)} error(s); run genpeds check")
    built = building.runcall(lambda: build_decks(project, requests_for_recipes(project), out_dir))
    load_stats, build_stats = pstats.Stats(loading), pstats.Stats(building)
    load = cumulative(load_stats, "genpeds/loading.py", "read_yaml")
    render_in_load = cumulative(load_stats, "genpeds/markup.py", "render")
    render_in_build = cumulative(build_stats, "genpeds/markup.py", "render")
    write = build_stats.total_tt - render_in_build
    genanki_write = cumulative(build_stats, "genanki/package.py", "write_to_db")
    zip_rewrite = cumulative(build_stats, "genpeds/apkg.py", "_write_zip")
    rendered = (calls(load_stats, "genpeds/markup.py", "_render")  # a text not rendered before
                + calls(build_stats, "genpeds/markup.py", "_render"))
    validate = load_stats.total_tt - load - render_in_load
    everything = pstats.Stats(loading)
    everything.add(build_stats)
    return {
        "notes": sum(deck.note_count for deck in built),
        "profiled_s": everything.total_tt,
        "stages_s": {
            "load": load,
            "validate": validate,
            "render": render_in_load + render_in_build,
            "write": write,
        },
        "write_parts_s": {"genanki": genanki_write, "zip": zip_rewrite,
                          "fields and notes": write - genanki_write - zip_rewrite},
        "distinct_texts_rendered": rendered,
        "top_functions": top_functions(everything, 12),
    }


if __name__ == "__main__":
    os.environ[WORKERS_VARIABLE] = "1"  # the profiler sees one process: all the work must happen in it
    print(json.dumps(profile_build(Path(sys.argv[1]))))
