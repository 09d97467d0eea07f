"""`genpeds build`: what it writes, that it writes the same bytes twice, and that failure loses nothing."""

from __future__ import annotations

import os
import sqlite3
import stat
import zipfile

from conftest import edit


def notes_in(path) -> dict[str, tuple[str, int]]:
    """GUID → (tags, modification time) of every note in an .apkg."""
    with zipfile.ZipFile(path) as package:
        database = path.parent / f"{path.name}.anki2"
        database.write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(database) as connection:
        rows = connection.execute("select guid, tags, mod from notes").fetchall()
    database.unlink()
    return {guid: (tags.strip(), mod) for guid, tags, mod in rows}


def test_build_writes_every_recipe_and_says_what(project, cli):
    result = cli("build")
    assert result.output.splitlines() == [
        "built dist/genpeds-alpha.apkg: 4 notes (genpeds::Alpha 4)",
        "built dist/genpeds-everything.apkg: 7 notes (genpeds::Alpha 5, genpeds::Beta 2)",
    ]
    assert len(notes_in(project / "dist/genpeds-everything.apkg")) == 7


def test_named_recipe_only(project, cli):
    cli("build", "alpha")
    assert sorted(p.name for p in (project / "dist").iterdir()) == ["genpeds-alpha.apkg"]


def test_unknown_recipe(project, cli):
    result = cli("build", "alhpa", code=1)
    assert result.output.strip() == "genpeds: error: unknown deck recipe 'alhpa'; recipes: alpha, everything"


def test_custom_tag_selection_contains_exactly_the_matching_notes(project, cli):
    from genpeds.identity import note_guid

    result = cli("build", "--tag", "genpeds::alpha", "--exclude", "genpeds::red-flag", "--out", "mine",
                 "--name", "alpha-calm")
    assert result.output.strip() == "built mine/alpha-calm.apkg: 4 notes (genpeds::Alpha 4)"
    expected = ["alpha-basic", "alpha-cloze", "alpha-doses/drug-a/dose", "alpha-doses/drug-a/maximum"]
    assert set(notes_in(project / "mine/alpha-calm.apkg")) == {note_guid(i) for i in expected}


def test_selection_that_matches_nothing_is_an_error(project, cli):
    result = cli("build", "--tag", "genpeds::beta", "--exclude", "genpeds::beta", code=1)
    assert "matches no note" in result.output
    assert not (project / "dist").exists()


def test_exclude_alone_is_refused_with_the_command_that_does_it(project, cli):
    result = cli("build", "--exclude", "genpeds::red-flag", code=2)
    assert "--exclude needs --tag or a recipe name" in result.output
    assert not (project / "dist").exists()
    suggested = result.output.split("for every note except a tag: ")[1].strip().split()
    assert suggested[:4] == ["genpeds", "build", "--tag", "genpeds"]
    built = cli("build", "--tag", "genpeds", "--exclude", "genpeds::red-flag", "--out", "all-calm")
    assert "built all-calm/genpeds-custom.apkg" in built.output
    tags = [tags.split() for tags, _ in notes_in(project / "all-calm/genpeds-custom.apkg").values()]
    assert tags and not any("genpeds::red-flag" in note_tags for note_tags in tags)


def test_unknown_tag_in_selection(project, cli):
    result = cli("build", "--tag", "genpeds::betta", code=1)
    assert result.output.strip() == (
        "genpeds: error: unknown tag 'genpeds::betta' (did you mean 'genpeds::beta'?); 'genpeds tags' lists every tag")


def test_two_builds_are_byte_identical(project, cli):
    cli("build", "--out", "one")
    cli("build", "--out", "two")
    for name in ("genpeds-alpha.apkg", "genpeds-everything.apkg"):
        assert (project / "one" / name).read_bytes() == (project / "two" / name).read_bytes()


def test_built_files_get_ordinary_permissions(project, cli):
    previous = os.umask(0o022)
    try:
        cli("build", "--out", "shared")
        cli("sheets", "--out", "shared/sheets")
    finally:
        os.umask(previous)
    written = [*(project / "shared").glob("*.apkg"), *(project / "shared/sheets").glob("*.html")]
    assert written and {stat.S_IMODE(path.stat().st_mode) for path in written} == {0o644}


def test_zip_entries_carry_no_clock(project, cli):
    cli("build")
    with zipfile.ZipFile(project / "dist/genpeds-alpha.apkg") as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_failed_build_leaves_previous_output_untouched(project, cli):
    cli("build")
    before = {p.name: p.read_bytes() for p in (project / "dist").iterdir()}
    edit(project / "content/alpha/notes.yaml", "tags: [genpeds::alpha::two]", "tags: [genpeds::alhpa::two]")
    result = cli("build", code=1)
    assert "unknown tag 'genpeds::alhpa::two'" in result.output
    assert result.output.strip().endswith("nothing was written (run 'genpeds check')")
    assert {p.name: p.read_bytes() for p in (project / "dist").iterdir()} == before


def test_unwritable_output_is_a_clear_error(project, cli):
    (project / "blocked").write_text("a file where the folder should be")
    result = cli("build", "--out", "blocked/decks", code=1)
    assert result.output.startswith("genpeds: error: cannot write decks into blocked/decks")


def test_guid_comes_from_the_id_and_only_a_changed_note_moves_forward(project, cli):
    from genpeds.identity import note_guid
    from genpeds.releases import FIX_WINDOW_SECONDS

    cli("release", "1.0.0", "--time", "2026-01-01T00:00:00")
    assert "not yet in a release" not in cli("build", "--release", "--out", "one").output
    edit(project / "content/beta/notes.yaml", "back: Beta answer.", "back: Beta answer, corrected.")
    assert cli("build", "--out", "pending").output.splitlines()[-1] == (
        "note: 1 note(s) have changes not yet in a release (after 1.0.0); release decks are built with --release")
    cli("release", "1.1.0", "--time", "2026-02-01T00:00:00")
    cli("build", "--release", "--out", "two")
    one, pending, two = (notes_in(project / f"{name}/genpeds-everything.apkg") for name in ("one", "pending", "two"))
    assert set(one) == set(pending) == set(two)
    beta = note_guid("beta-basic")
    assert [guid for guid in one if one[guid] != two[guid]] == [beta]
    window = FIX_WINDOW_SECONDS
    assert one[beta][1] == 1767225600 + window  # 1.0.0, plus the window in which a touched note still updates
    assert pending[beta][1] == 1767225600 + window + 1  # unreleased: just after every released note
    assert two[beta][1] == 1769904000 + window  # 1.1.0
    assert all(two[guid][1] == 1767225600 + window for guid in two if guid != beta)


def test_release_build_refuses_unreleased_changes(project, cli):
    result = cli("build", "--release", code=1)
    assert result.output.strip() == "genpeds: error: nothing has been released yet; run 'genpeds release VERSION' first"
    cli("release", "1.0.0", "--time", "2026-01-01T00:00:00")
    edit(project / "content/beta/notes.yaml", "back: Beta answer.", "back: Beta answer, corrected.")
    result = cli("build", "--release", code=1)
    assert result.output.strip() == ("genpeds: error: 1 note(s) changed since release 1.0.0 (first: beta-basic); "
                                     "run 'genpeds release VERSION' before a release build")


def test_tags_lists_vocabulary_with_counts(project, cli):
    lines = cli("tags").output.splitlines()
    counts = {line.split()[0]: int(line.split()[1]) for line in lines}
    assert counts["genpeds"] == 7
    assert counts["genpeds::alpha::one"] == 4
    assert counts["genpeds::retired"] == 0


def collection_rows(path) -> dict[str, list[tuple]]:
    """Every row of the tables a package's collection fills, in id order."""
    with zipfile.ZipFile(path) as package:
        database = path.parent / f"{path.name}.rows.anki2"
        database.write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(database) as connection:
        rows = {table: connection.execute(f"select * from {table} order by 1").fetchall()
                for table in ("col", "notes", "cards")}
    database.unlink()
    return rows


def test_batched_inserts_write_what_genanki_writes_row_by_row(project, cli, monkeypatch):
    cli("build", "--out", "batched")

    class RowByRow:  # genanki's own cursor, every statement run as genanki makes it
        def __init__(self, cursor):
            self.cursor = cursor

        def __getattr__(self, name):
            return getattr(self.cursor, name)

        def flush(self):
            pass

    monkeypatch.setattr("genpeds.apkg._BatchedInserts", RowByRow)
    cli("build", "--out", "row-by-row")
    for name in ("genpeds-alpha.apkg", "genpeds-everything.apkg"):
        batched, plain = collection_rows(project / "batched" / name), collection_rows(project / "row-by-row" / name)
        assert batched["notes"] and batched["cards"]
        assert batched == plain
