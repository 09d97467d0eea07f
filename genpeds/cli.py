"""The `genpeds` command: parse options, call one library function (genpeds/commands.py), print its result.

Streams: results go to stdout (the decks and files written, listings, `new`'s skeleton, `diff`'s
Markdown, `check`'s closing count) and so does machine output (`check --format json` and
`--format github`, whole); human diagnostics go to stderr (`path:line: error: …` and `warning: …`
lines, notes such as unreleased changes, and `genpeds: error: …`). So `genpeds tags > tags.txt` keeps
only the listing, and a terminal shows both.

Exit codes: 0 success (warnings do not fail); 1 the content or the run failed (errors in the content,
an unknown recipe, topic or tag, an output that cannot be written); 2 a usage error, in click's own
format (the usage line, then `Error: …`): an unknown or malformed option, or options that contradict
each other.

Errors take one path: the library raises the GenpedsError family (genpeds/errors.py), and
`GenpedsCommand.invoke` is the only place that turns it into a message and an exit code; a command
never catches one itself. Library modules are imported inside each command so that `genpeds --help`
starts fast.
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
import threading
from pathlib import Path

import click

from .errors import ContentInvalidError, GenpedsError, InvalidRequestError, InvalidValueError

CONTENT_OPTION = click.option(
    "--content", "content_dir", default="content", show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="Folder holding the content.")
DECKS_OPTION = click.option(
    "--decks", "decks_dir", default="decks", show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="Folder holding the deck recipes.")


class Failure(click.ClickException):
    """A run that failed on the content or the files, not on its options: `genpeds: error: …`, exit 1."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"genpeds: error: {self.format_message()}", err=True)


class GenpedsCommand(click.Command):
    """A genpeds command: the library's errors become messages and exit codes here, and only here."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InvalidValueError as exc:
            option = next((param for param in self.params if param.name == exc.parameter), None)
            raise click.BadParameter(str(exc), ctx, option) from None
        except InvalidRequestError as exc:
            raise click.UsageError(str(exc), ctx) from None
        except ContentInvalidError as exc:
            print_diagnostics(exc.report.sorted())
            raise Failure(str(exc)) from None
        except GenpedsError as exc:
            raise Failure(str(exc)) from None


class GenpedsGroup(click.Group):
    """The `genpeds` group: every command made with `@main.command()` is a GenpedsCommand."""

    command_class = GenpedsCommand


def print_diagnostics(diagnostics) -> None:
    """`path:line: severity: message (hint)` lines, on stderr with every human diagnostic."""
    for diagnostic in diagnostics:
        click.echo(diagnostic.format(), err=True)


@click.group(cls=GenpedsGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def _parse_today(_context, _param, value: str | None) -> dt.date:
    """--today as a date (today when not given); a malformed one is a usage error."""
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; write it as YYYY-MM-DD") from None


def _parse_release_time(_context, _param, value: str | None) -> dt.datetime:
    """--time as an aware datetime, read as UTC when it names no zone (now when not given); a malformed
    one is a usage error."""
    if not value:
        return dt.datetime.now(dt.timezone.utc)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not an ISO date and time, e.g. 2026-12-01T12:00:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


TODAY_OPTION = click.option(
    "--today", "today", default=None, envvar="GENPEDS_TODAY", metavar="YYYY-MM-DD", callback=_parse_today,
    help="Date that 'reviewed' dates are compared with [default: today; env GENPEDS_TODAY].")
STALE_OPTION = click.option(
    "--stale-months", "stale_months", default=24, show_default=True, type=click.IntRange(1, 240),
    help="A note reviewed longer ago than this is due for re-review.")


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
def check(output_format: str, today: dt.date, stale_months: int, content_dir: Path, decks_dir: Path,
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

    from .commands import check_project

    result = check_project(content_dir, decks_dir, sheets_dir, today, stale_months)
    diagnostics = result.report.sorted()
    summary = result.summary()
    if output_format == "json":
        click.echo(json.dumps({**summary, "diagnostics": [d.as_dict() for d in diagnostics]}, indent=1))
    else:
        if output_format == "github":
            for diagnostic in diagnostics:
                click.echo(diagnostic.format_github())
        else:
            print_diagnostics(diagnostics)
        if not result.ok:
            click.echo(f"{summary['errors']} error(s), {summary['warnings']} warning(s)")
        else:
            click.echo(f"ok: {summary['notes']} notes in {summary['topics']} topics, "
                       f"{summary['recipes']} deck recipes, {summary['warnings']} warning(s)")
    sys.exit(0 if result.ok else 1)


@main.command()
@click.argument("recipes", nargs=-1)
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Build a custom deck of notes with this tag or any tag below it (repeatable).")
@click.option("--exclude", "excludes", multiple=True, metavar="TAG",
              help="Leave out notes with this tag or any tag below it (repeatable).")
@click.option("--out", "out_dir", default="dist", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder to write the decks into.")
@click.option("--name", "name", default="", metavar="FILE",
              help="File name of a custom (--tag) deck, written into --out [default: genpeds-custom.apkg].")
@click.option("--release", "release", is_flag=True,
              help="Refuse to build while any note has changes not yet recorded by 'genpeds release'.")
@CONTENT_OPTION
@DECKS_OPTION
def build(recipes, tags, excludes, out_dir, name, release, content_dir, decks_dir) -> None:
    """Build Anki decks (.apkg): every recipe in decks/, the named RECIPES, or a --tag selection.

    \b
    Examples:
      genpeds build                      # every recipe in decks/
      genpeds build vaccines             # decks/vaccines.yaml only
      genpeds build --tag genpeds::emergencies --exclude genpeds::emergencies::toxicology
    """
    from .commands import build_project

    result = build_project(content_dir, decks_dir, out_dir, recipes, tags, excludes, name, release)
    for deck in result.decks:
        decks = ", ".join(f"{deck_name} {count}" for deck_name, count in deck.notes_by_deck)
        click.echo(f"built {deck.path}: {deck.note_count} notes ({decks})")
    if result.unreleased and result.released:
        click.echo(f"note: {result.unreleased} note(s) have changes not yet in a release (after "
                   f"{result.released}); release decks are built with --release", err=True)


@main.command()
@CONTENT_OPTION
def tags(content_dir: Path) -> None:
    """List every tag with the number of notes under it, to choose a --tag selection.

    \b
    Example:
      genpeds tags
    """
    from .commands import count_tags

    for tag in count_tags(content_dir):
        click.echo(f"{tag.tag:<48} {tag.notes:>5}  {tag.description}")


@main.command()
@click.argument("topics", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: {\"topics\": {topic: {\"items\": [{id, title, notes, out_of_scope}]}}}, leaf items only.")
@CONTENT_OPTION
def outline(topics, output_format: str, content_dir: Path) -> None:
    """List each topic's outline items with the notes that teach them; gaps are marked.

    \b
    Example:
      genpeds outline chd
      genpeds outline --format json
    """
    from .commands import outline_report

    click.echo(outline_report(content_dir, topics, output_format == "json"), nl=False)


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
    from .commands import order_topics

    for topic in order_topics(content_dir, topics):
        notes = topic.notes
        click.echo(f"{topic.deck_name}: {len(notes)} notes, first {min(limit, len(notes))}")
        for number, note in enumerate(notes[:limit], 1):
            prompt = " ".join(note.prompt.split())
            click.echo(f"{number:>5}  {note.id}  {prompt[:100] + '…' if len(prompt) > 100 else prompt}")


@main.command()
@TODAY_OPTION
@STALE_OPTION
@CONTENT_OPTION
def stats(today: dt.date, stale_months: int, content_dir: Path) -> None:
    """Print notes per topic and subtopic, the sources cited, and notes due for re-review.

    \b
    Example:
      genpeds stats
      genpeds stats --stale-months 12
    """
    from .commands import project_stats

    click.echo(project_stats(content_dir, today, stale_months).format(), nl=False)


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
    from .commands import write_schemas

    for target in write_schemas(out_dir):
        click.echo(f"wrote {target}")


@main.command()
@click.argument("topic")
@click.option("--type", "note_type", type=click.Choice(["basic", "cloze"]), default="basic", show_default=True)
@click.option("--append", "append_to", default=None, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Append the skeleton to this notes file (created with 'notes:' if missing).")
@TODAY_OPTION
@CONTENT_OPTION
def new(topic: str, note_type: str, append_to: Path | None, today: dt.date, content_dir: Path) -> None:
    """Print a skeleton note for TOPIC with a fresh, valid id and today's date (or append it to a file).

    \b
    Example:
      genpeds new vaccines
      genpeds new jaundice --type cloze --append content/jaundice/new-notes.yaml
    """
    from .commands import new_note

    block = new_note(content_dir, topic, today, note_type, append_to)
    if append_to is None:
        click.echo(block, nl=False)
    else:
        click.echo(f"appended a {note_type} note to {append_to}; fill in every TODO, then run 'genpeds check'")


@main.command()
@click.argument("version")
@click.option("--time", "when", default=None, metavar="ISO-TIME", callback=_parse_release_time,
              help="Release time in UTC, e.g. 2026-12-01T12:00:00 [default: now].")
@CONTENT_OPTION
@DECKS_OPTION
def release(version: str, when: dt.datetime, content_dir: Path, decks_dir: Path) -> None:
    """Record release VERSION in content/ledger.json: every new or changed note gets this release's time.

    Run it once per release, commit the ledger, then build with --release. Notes that did not change
    keep their old time, so students' own tags and edits on them survive the update.

    \b
    Example:
      genpeds release 1.2.0
      genpeds build --release
    """
    from .commands import release_project

    result = release_project(content_dir, decks_dir, version, when)
    click.echo(f"released {result.version}: {result.changed} note(s) new or changed, "
               f"{result.unchanged} unchanged; ledger written to {result.ledger}")


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
    from .commands import diff_markdown

    click.echo(diff_markdown(old, new, content_dir), nl=False)


@main.command()
@click.option("--out", "out_dir", default="dist/site", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder to write the site into.")
@click.option("--downloads", "release_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="A release folder built beside the site (genpeds release-assets): the home page links its decks.")
@CONTENT_OPTION
@click.option("--sheets", "sheets_dir", default="sheets", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder holding the sheet recipes.")
def site(out_dir, release_dir, content_dir, sheets_dir) -> None:
    """Write a static site: a home page, every sheet, and a card browser with search and tag filters.

    It needs no server and no network: open dist/site/index.html, or publish the folder (GitHub Pages).

    \b
    Example:
      genpeds site --out dist/site --downloads dist/release
    """
    from .commands import write_project_site

    result = write_project_site(content_dir, sheets_dir, out_dir, release_dir)
    click.echo(f"wrote the site into {out_dir}: {result.notes} notes in the card browser, "
               f"{len(result.pages)} pages and the sheets")


@main.command("release-assets")
@click.option("--out", "out_dir", default="dist/release", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the release into (replaced whole).")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Also print each sheet to PDF, A4 and US Letter.")
@click.option("--chromium", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Chromium to print with [default: $GENPEDS_CHROMIUM, /usr/bin/chromium, or chromium on PATH].")
@click.option("--version", "expected_version", default="",
              help="Refuse unless this (the tag being published, e.g. v1.2.0) is the latest release.")
@CONTENT_OPTION
@DECKS_OPTION
@click.option("--sheets", "sheets_dir", default="sheets", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder holding the sheet recipes.")
def release_assets(out_dir, pdf, chromium, expected_version, content_dir, decks_dir, sheets_dir) -> None:
    """Write what the latest release publishes: decks, sheets (HTML and PDF), release notes, SHA256SUMS.

    Refuses while any note has changes no release has recorded; leaves the previous folder as it was
    when anything fails.

    \b
    Example:
      genpeds release 1.2.0 && genpeds release-assets --out dist/release
    """
    from .release_assets import chromium_printer, find_chromium, write_release_assets

    printer = chromium_printer(find_chromium(chromium)) if pdf else None
    assets = write_release_assets(content_dir, decks_dir, sheets_dir, out_dir, printer, expected_version)
    click.echo(f"wrote release {assets.version} into {assets.folder}: {len(assets.files)} files, "
               f"checksums in {assets.folder.name}/SHA256SUMS")


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
    from .commands import write_project_sheets

    result = write_project_sheets(content_dir, sheets_dir, out_dir, names)
    print_diagnostics(result.warnings)
    for sheet in result.written.sheets:
        click.echo(f"wrote {sheet.path}: {sheet.title} ({sheet.row_count} table rows, {sheet.fact_count} notes)")
    click.echo(f"wrote {result.written.index}: index of {len(result.written.sheets)} sheet(s)")


if __name__ == "__main__":  # pragma: no cover
    main()
