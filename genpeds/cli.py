"""The `genpeds` command: parse options, call the library, print, map to an exit code.

Library modules are imported inside each command so that `genpeds --help` starts fast.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
from pathlib import Path

import click

CONTENT_OPTION = click.option(
    "--content", "content_dir", default="content", show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="Folder holding the content.")
DECKS_OPTION = click.option(
    "--decks", "decks_dir", default="decks", show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="Folder holding the deck recipes.")


def _fail(message: str) -> None:
    click.echo(f"genpeds: error: {message}", err=True)
    sys.exit(1)


def _load(content_dir: Path, decks_dir: Path | None, sheets_dir: Path | None = None):
    from .errors import GenpedsError
    from .project import load_project

    try:
        return load_project(content_dir, decks_dir, sheets_dir)
    except GenpedsError as exc:
        _fail(str(exc))


def _print_report(report, err: bool = False) -> None:
    for diagnostic in report.sorted():
        click.echo(diagnostic.format(), err=err)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="genpeds", prog_name="genpeds")
def main() -> None:
    """Turn sourced pediatric content into Anki decks.

    \b
    Example:
      genpeds check
      genpeds build
      genpeds build --tag genpeds::vaccines --exclude genpeds::vaccines::covid
    """
    _stop_like_ctrl_c(click.get_current_context())


def _stop_like_ctrl_c(context: click.Context) -> None:
    """Let SIGTERM (`kill`, a service manager, a CI timeout) and SIGHUP (a closed terminal) stop genpeds
    as Ctrl-C does: as an exception, so that every `finally` runs and a write in progress removes its
    staged files instead of leaving them in the output folder. The previous handlers come back when the
    command ends (tests run commands in-process). Only the main thread may set handlers."""
    if threading.current_thread() is not threading.main_thread():
        return
    for number in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if number is not None:
            previous = signal.signal(number, _exit_on_signal)
            if previous is None:  # set outside Python: nothing to give back but the default
                previous = signal.SIG_DFL
            context.call_on_close(lambda number=number, previous=previous: signal.signal(number, previous))


def _exit_on_signal(number: int, _frame) -> None:
    """Exit with 128 + the signal's number, the status a shell reports for a process the signal ended."""
    raise SystemExit(128 + number)


TODAY_OPTION = click.option(
    "--today", "today", default=None, envvar="GENPEDS_TODAY", metavar="YYYY-MM-DD",
    help="Date that 'reviewed' dates are compared with [default: today; env GENPEDS_TODAY].")
STALE_OPTION = click.option(
    "--stale-months", "stale_months", default=24, show_default=True, type=click.IntRange(1, 240),
    help="A note reviewed longer ago than this is due for re-review.")


def _today(value: str | None):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value) if value else dt.date.today()
    except ValueError:
        _fail(f"--today '{value}' is not a date; write it as YYYY-MM-DD")


@main.command()
@click.option("--format", "output_format", type=click.Choice(["text", "github", "json"]), default="text",
              show_default=True, help="text for people, github for pull-request annotations, json for tools.")
@TODAY_OPTION
@STALE_OPTION
@CONTENT_OPTION
@DECKS_OPTION
@click.option("--sheets", "sheets_dir", default="sheets", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder holding the sheet recipes (checked when it exists).")
def check(output_format: str, today: str | None, stale_months: int, content_dir: Path, decks_dir: Path,
          sheets_dir: Path) -> None:
    """Check every content file, deck recipe and sheet recipe; report every problem with its file and line.

    Exits 0 when there are no errors (warnings do not fail), 1 otherwise. Warnings include notes not
    reviewed for --stale-months and notes citing a source that a newer guideline superseded.

    \b
    Example:
      genpeds check
      genpeds check --format github      # annotations on a pull request's lines
    """
    import json

    from .stats import warn_stale_and_superseded

    project = _load(content_dir, decks_dir, sheets_dir)
    report = project.report
    if report.ok:
        warn_stale_and_superseded(project.content, _today(today), stale_months, report)
    summary = {"errors": len(report.errors), "warnings": len(report.warnings),
               "notes": len(project.content.notes), "topics": len(project.content.topics),
               "recipes": len(project.recipes)}
    if output_format == "json":
        click.echo(json.dumps({**summary, "diagnostics": [d.as_dict() for d in report.sorted()]}, indent=1))
    elif output_format == "github":
        for diagnostic in report.sorted():
            click.echo(diagnostic.format_github())
    else:
        _print_report(report)
    if output_format != "json":
        if report.errors:
            click.echo(f"{summary['errors']} error(s), {summary['warnings']} warning(s)")
        else:
            click.echo(f"ok: {summary['notes']} notes in {summary['topics']} topics, "
                       f"{summary['recipes']} deck recipes, {summary['warnings']} warning(s)")
    sys.exit(1 if report.errors else 0)


@main.command()
@click.argument("recipes", nargs=-1)
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Build a custom deck of notes with this tag or any tag below it (repeatable).")
@click.option("--exclude", "excludes", multiple=True, metavar="TAG",
              help="Leave out notes with this tag or any tag below it (repeatable).")
@click.option("--out", "out_dir", default="dist", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder to write the decks into.")
@click.option("--name", "file_name", default="", metavar="FILE",
              help="File name of a custom (--tag) deck, written into --out [default: genpeds-custom.apkg].")
@click.option("--release", "release", is_flag=True,
              help="Refuse to build while any note has changes not yet recorded by 'genpeds release'.")
@CONTENT_OPTION
@DECKS_OPTION
def build(recipes, tags, excludes, out_dir, file_name, release, content_dir, decks_dir) -> None:
    """Build Anki decks (.apkg): every recipe in decks/, the named RECIPES, or a --tag selection.

    \b
    Examples:
      genpeds build                      # every recipe in decks/
      genpeds build vaccines             # decks/vaccines.yaml only
      genpeds build --tag genpeds::emergencies --exclude genpeds::emergencies::toxicology
    """
    from dataclasses import replace

    from .build import build_decks, request_for_tags, requests_for_recipes
    from .errors import ContentInvalidError, GenpedsError, InvalidValueError

    if recipes and tags:
        _fail("give either recipe names or --tag, not both")
    if excludes and not tags and not recipes:
        _fail("--exclude needs --tag or a recipe name to start from; for every note except a tag: "
              "genpeds build --tag genpeds --exclude TAG")
    project = _load(content_dir, decks_dir)
    try:
        if tags:
            requests = [request_for_tags(project, tags, excludes, file_name)]
        else:
            requests = requests_for_recipes(project, recipes)
            if excludes:
                requests = [replace(r, exclude=r.exclude + tuple(excludes)) for r in requests]
        built = build_decks(project, requests, out_dir, release=release)
    except InvalidValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--name'") from None
    except ContentInvalidError as exc:
        _print_report(exc.report, err=True)
        _fail(f"{len(exc.report.errors)} error(s) in the content; nothing was written (run 'genpeds check')")
    except GenpedsError as exc:
        _fail(str(exc))
    for deck in built:
        decks = ", ".join(f"{name} {count}" for name, count in deck.notes_by_deck)
        click.echo(f"built {deck.path}: {deck.note_count} notes ({decks})")
    unreleased = sum(state.pending for state in project.states.values())
    if unreleased and project.ledger.latest:
        click.echo(f"note: {unreleased} note(s) have changes not yet in a release (after "
                   f"{project.ledger.latest.version}); release decks are built with --release")


@main.command()
@CONTENT_OPTION
def tags(content_dir: Path) -> None:
    """List every tag with the number of notes under it, to choose a --tag selection.

    \b
    Example:
      genpeds tags
    """
    from .selection import select_notes

    project = _load(content_dir, None)
    notes = project.content.notes
    for tag, description in sorted(project.content.tags):
        count = len(select_notes(notes, [tag]))
        click.echo(f"{tag:<48} {count:>5}  {description}")


@main.command()
@click.argument("topics", nargs=-1)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1),
              help="How many notes of each topic to list (20 is a day's new cards).")
@CONTENT_OPTION
def order(topics, limit: int, content_dir: Path) -> None:
    """List each topic's notes in the order students meet them (its teaching_order in topic.yaml).

    \b
    Example:
      genpeds order
      genpeds order chd emergencies --limit 40
    """
    from .teaching import teaching_order

    project = _load(content_dir, None)
    by_topic = teaching_order(project.content)
    unknown = [name for name in topics if name not in by_topic]
    if unknown:
        _fail(f"unknown topic '{unknown[0]}'; topics: {', '.join(by_topic)}")
    for name in topics or by_topic:
        notes = by_topic[name]
        click.echo(f"{project.content.topic(name).deck_name}: {len(notes)} notes, first {min(limit, len(notes))}")
        for number, note in enumerate(notes[:limit], 1):
            prompt = " ".join(note.prompt.split())
            click.echo(f"{number:>5}  {note.id}  {prompt[:100] + '…' if len(prompt) > 100 else prompt}")


@main.command()
@TODAY_OPTION
@STALE_OPTION
@CONTENT_OPTION
def stats(today: str | None, stale_months: int, content_dir: Path) -> None:
    """Print notes per topic and subtopic, the sources cited, and notes due for re-review.

    \b
    Example:
      genpeds stats
      genpeds stats --stale-months 12
    """
    from .stats import content_stats

    project = _load(content_dir, None)
    figures = content_stats(project.content, _today(today), stale_months)
    click.echo(f"{figures.total} notes")
    click.echo("\nNotes by topic and subtopic:")
    for tag, count in figures.notes_by_tag:
        depth = tag.count("::") - 1
        click.echo(f"  {'  ' * depth}{tag:<{56 - 2 * depth}} {count:>5}")
    click.echo(f"\nSources cited ({len(figures.sources_used)}), by number of notes:")
    for source_id, count in figures.sources_used:
        click.echo(f"  {source_id:<56} {count:>5}")
    if figures.unused_sources:
        click.echo(f"\nSources never cited: {', '.join(figures.unused_sources)}")
    click.echo(f"\nNotes last reviewed more than {stale_months} months ago: {len(figures.stale)}")
    for note in figures.stale:
        click.echo(f"  {note.location}: {note.id} (reviewed {note.reviewed.isoformat()})")


@main.command()
@click.option("--out", "out_dir", default="dist/schema", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder to write the schemas into.")
def schema(out_dir: Path) -> None:
    """Write JSON Schemas for content files, deck and sheet recipes, for completion and checks in editors.

    \b
    Example:
      genpeds schema --out .schema
      # then point the YAML language server at them (see README)
    """
    import json

    from .editor_schema import content_schema, recipe_schema, sheet_recipe_schema
    from .errors import OutputError
    from .output import write_bytes_atomically

    try:
        for name, document in (("content.schema.json", content_schema()),
                               ("deck-recipe.schema.json", recipe_schema()),
                               ("sheet-recipe.schema.json", sheet_recipe_schema())):
            target = out_dir / name
            write_bytes_atomically(target, (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode())
            click.echo(f"wrote {target}")
    except OutputError as exc:
        _fail(str(exc))


@main.command()
@click.argument("topic")
@click.option("--type", "note_type", type=click.Choice(["basic", "cloze"]), default="basic", show_default=True)
@click.option("--append", "append_to", default=None, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Append the skeleton to this notes file (created with 'notes:' if missing).")
@TODAY_OPTION
@CONTENT_OPTION
def new(topic: str, note_type: str, append_to: Path | None, today: str | None, content_dir: Path) -> None:
    """Print a skeleton note for TOPIC with a fresh, valid id and today's date (or append it to a file).

    \b
    Example:
      genpeds new vaccines
      genpeds new jaundice --type cloze --append content/jaundice/new-notes.yaml
    """
    from .errors import GenpedsError
    from .skeleton import append_note, note_skeleton

    project = _load(content_dir, None)
    try:
        block = note_skeleton(project.content, topic, _today(today), note_type)
        if append_to is not None:
            append_note(append_to, block)
    except GenpedsError as exc:
        _fail(str(exc))
    if append_to is None:
        click.echo(block, nl=False)
        return
    click.echo(f"appended a {note_type} note to {append_to}; fill in every TODO, then run 'genpeds check'")


@main.command()
@click.argument("version")
@click.option("--time", "when", default=None, metavar="ISO-TIME",
              help="Release time in UTC, e.g. 2026-12-01T12:00:00 [default: now].")
@CONTENT_OPTION
@DECKS_OPTION
def release(version: str, when: str | None, content_dir: Path, decks_dir: Path) -> None:
    """Record release VERSION in content/ledger.json: every new or changed note gets this release's time.

    Run it once per release, commit the ledger, then build with --release. Notes that did not change
    keep their old time, so students' own tags and edits on them survive the update.

    \b
    Example:
      genpeds release 1.2.0
      genpeds build --release
    """
    import datetime as dt

    from .errors import GenpedsError
    from .ledger import save_ledger
    from .releases import cut_release

    if not re.match(r"^[0-9A-Za-z][0-9A-Za-z.+-]*$", version):
        _fail(f"'{version}' is not a version; use something like 1.2.0")
    try:
        moment = dt.datetime.fromisoformat(when) if when else dt.datetime.now(dt.timezone.utc)
    except ValueError:
        _fail(f"--time '{when}' is not an ISO date and time, e.g. 2026-12-01T12:00:00")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    project = _load(content_dir, decks_dir)
    if not project.report.ok:
        _print_report(project.report, err=True)
        _fail(f"{len(project.report.errors)} error(s) in the content; nothing was released")
    try:
        before = project.ledger
        after = cut_release(project.content, before, version, int(moment.timestamp()))
        save_ledger(content_dir, after)
    except GenpedsError as exc:
        _fail(str(exc))
    changed = [note_id for note_id, note in after.notes.items()
               if note.last.version == version]
    click.echo(f"released {version}: {len(changed)} note(s) new or changed, "
               f"{len(after.notes) - len(changed)} unchanged; ledger written to {content_dir / 'ledger.json'}")


@main.command()
@click.argument("old")
@click.argument("new")
@CONTENT_OPTION
def diff(old: str, new: str, content_dir: Path) -> None:
    """List notes added, changed and retired between two releases (versions or .apkg files), as Markdown.

    \b
    Examples:
      genpeds diff 1.1.0 1.2.0
      genpeds diff old/genpeds-complete.apkg dist/genpeds-complete.apkg
    """
    from .diffing import diff_packages, diff_releases, format_diff, held_back_search
    from .errors import GenpedsError

    search = ""
    try:
        if old.endswith(".apkg") or new.endswith(".apkg"):
            changes = diff_packages(Path(old), Path(new))
        else:
            project = _load(content_dir, None)
            changes = diff_releases(project, old, new)
            search = held_back_search(changes, new)
    except GenpedsError as exc:
        _fail(str(exc))
    click.echo(format_diff(changes, old, new, search), nl=False)


@main.command()
@click.argument("names", nargs=-1, metavar="[SHEET]...")
@click.option("--out", "out_dir", default="dist/sheets", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder to write the sheets into.")
@CONTENT_OPTION
@click.option("--sheets", "sheets_dir", default="sheets", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder holding the sheet recipes.")
def sheets(names, out_dir, content_dir, sheets_dir) -> None:
    """Write quick-reference HTML sheets (every recipe in sheets/, or the named SHEETs) and an index.

    Each sheet is one self-contained file that opens offline and prints on A4 or US Letter.

    \b
    Examples:
      genpeds sheets                     # every sheet, into dist/sheets/
      genpeds sheets vaccines milestones --out printouts
    """
    from .errors import ContentInvalidError, GenpedsError
    from .sheet_recipes import load_sheet_recipes
    from .sheets import choose_sheets, write_sheets

    project = _load(content_dir, None)
    try:
        recipes, recipe_report = load_sheet_recipes(sheets_dir, project.content)
        written = write_sheets(project, choose_sheets(recipes, names), recipe_report, out_dir,
                               project.content_version)
    except ContentInvalidError as exc:
        _print_report(exc.report, err=True)
        _fail(f"{len(exc.report.errors)} error(s) in the content or sheet recipes; nothing was written "
              "(run 'genpeds check')")
    except GenpedsError as exc:
        _fail(str(exc))
    for warning in recipe_report.sorted():
        click.echo(warning.format(), err=True)
    for sheet in written.sheets:
        click.echo(f"wrote {sheet.path}: {sheet.title} ({sheet.row_count} table rows, {sheet.fact_count} notes)")
    click.echo(f"wrote {written.index}: index of {len(written.sheets)} sheet(s)")


if __name__ == "__main__":  # pragma: no cover
    main()
