"""The `genpeds` command: parse options, call the library, print, map to an exit code.

Library modules are imported inside each command so that `genpeds --help` starts fast.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from . import __version__

CONTENT_OPTION = click.option(
    "--content", "content_dir", default="content", show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="Folder holding the content.")
DECKS_OPTION = click.option(
    "--decks", "decks_dir", default="decks", show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="Folder holding the deck recipes.")


def _fail(message: str) -> None:
    click.echo(f"genpeds: error: {message}", err=True)
    sys.exit(1)


def _load(content_dir: Path, decks_dir: Path | None):
    from .errors import GenpedsError
    from .project import load_project

    try:
        return load_project(content_dir, decks_dir)
    except GenpedsError as exc:
        _fail(str(exc))


def _print_report(report, err: bool = False) -> None:
    for diagnostic in report.sorted():
        click.echo(diagnostic.format(), err=err)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="genpeds")
def main() -> None:
    """Turn sourced pediatric content into Anki decks.

    \b
    Example:
      genpeds check
      genpeds build
      genpeds build --tag genpeds::vaccines --exclude genpeds::vaccines::covid
    """


@main.command()
@CONTENT_OPTION
@DECKS_OPTION
def check(content_dir: Path, decks_dir: Path) -> None:
    """Check every content file and deck recipe; report every problem with its file and line.

    Exits 0 when there are no errors (warnings do not fail), 1 otherwise.

    \b
    Example:
      genpeds check
    """
    project = _load(content_dir, decks_dir)
    _print_report(project.report)
    report = project.report
    notes = len(project.content.notes)
    if report.errors:
        click.echo(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")
        sys.exit(1)
    click.echo(f"ok: {notes} notes in {len(project.content.topics)} topics, "
               f"{len(project.recipes)} deck recipes, {len(report.warnings)} warning(s)")


@main.command()
@click.argument("recipes", nargs=-1)
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Build a custom deck of notes with this tag or any tag below it (repeatable).")
@click.option("--exclude", "excludes", multiple=True, metavar="TAG",
              help="Leave out notes with this tag or any tag below it (repeatable).")
@click.option("--out", "out_dir", default="dist", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder to write the decks into.")
@click.option("--name", "file_name", default="", metavar="FILE",
              help="File name of a custom (--tag) deck [default: genpeds-custom.apkg].")
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
    from .build import DeckRequest, build_decks, requests_for_recipes
    from .errors import ContentInvalidError, GenpedsError

    if recipes and tags:
        _fail("give either recipe names or --tag, not both")
    if excludes and not tags and not recipes:
        _fail("--exclude needs --tag (the tags to start from)")
    if file_name and not file_name.endswith(".apkg"):
        file_name += ".apkg"
    project = _load(content_dir, decks_dir)
    try:
        if tags:
            requests = [DeckRequest.from_tags(tags, excludes, file_name)]
        else:
            requests = requests_for_recipes(project, recipes)
            if excludes:
                requests = [DeckRequest(r.file_name, r.title, r.description, r.include,
                                        r.exclude + tuple(excludes)) for r in requests]
        built = build_decks(project, requests, out_dir, release=release)
    except ContentInvalidError as exc:
        _print_report(exc.report, err=True)
        _fail(f"{len(exc.report.errors)} error(s) in the content; nothing was written (run 'genpeds check')")
    except GenpedsError as exc:
        _fail(str(exc))
    for deck in built:
        decks = ", ".join(f"{name} {count}" for name, count in deck.notes_by_deck)
        click.echo(f"built {deck.path}: {deck.note_count} notes ({decks})")


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
    from .diffing import diff_packages, diff_releases, format_diff
    from .errors import GenpedsError

    try:
        if old.endswith(".apkg") or new.endswith(".apkg"):
            changes = diff_packages(Path(old), Path(new))
        else:
            project = _load(content_dir, None)
            changes = diff_releases(project, old, new)
    except GenpedsError as exc:
        _fail(str(exc))
    click.echo(format_diff(changes, old, new), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
