"""What the README, CONTRIBUTING.md, docs/ and CHANGELOG.md say stays true, and so does the CLI's help;
the quick test loop they document runs without Anki and a browser."""

from __future__ import annotations

import ast
import dataclasses
import fnmatch
import functools
import itertools
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_PROJECT, REPO_ROOT, edit, line_of, write

from genpeds.cli import main

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def readme_command(comment: str) -> str:
    match = re.search(rf"# {re.escape(comment)}\n(.+)\n", README)
    assert match, f"README has no command under '# {comment}'"
    return match.group(1).strip()


def test_ci_runs_the_readme_test_command():
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_command("install and run the tests") in ci.splitlines()


def test_readme_build_command_installs_and_builds():
    command = readme_command("install and build the decks into dist/")
    assert "pip install ." in command and command.endswith("genpeds build")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name):
    help_text = main.commands[name].help or ""
    assert help_text.strip(), f"genpeds {name} has no help"
    assert "Example" in help_text, f"genpeds {name} --help shows no example"


QUICK_LOOP = re.compile(r'\.venv/bin/python -m pytest -m "([^"]+)"')


def test_readme_and_contributing_give_the_same_quick_loop(pytestconfig):
    [quick_loop] = QUICK_LOOP.findall(README[README.index("## Development"):])
    assert QUICK_LOOP.findall((REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")) == [quick_loop]
    declared = {marker.split(":")[0] for marker in pytestconfig.getini("markers")}
    assert set(re.findall(r"\bnot (\w+)", quick_loop)) == {"anki", "browser"} <= declared


def test_every_recipe_is_in_the_readme_table():
    for recipe in sorted((REPO_ROOT / "decks").glob("*.yaml")):
        assert f"`genpeds-{recipe.stem}.apkg`" in README, recipe.name


def test_readme_states_the_fix_window_the_releases_use():
    from genpeds.releases import FIX_WINDOW_SECONDS

    days = FIX_WINDOW_SECONDS // 86400
    assert f"**plus {days} days**" in README and f"within {days} days after the release was cut" in README


def test_the_code_map_names_every_module():
    code_map = (REPO_ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    modules = sorted(path.stem for path in (REPO_ROOT / "genpeds").glob("*.py") if path.stem != "__init__")
    assert [name for name in modules if f"`{name}`" not in code_map] == []


# --- Every YAML example in docs/ passes `genpeds check` ---------------------------------------------------
#
# Each ```yaml block of docs/*.md is written into a copy of the fixture project where check reads that kind of
# file, and check must report no error. What a block is, is told by its first key (`notes:`, `table:`,
# `sources:`, `tags:`, `retired:`); a topic, a deck recipe and a sheet recipe all start with `title:` and are
# told apart by a key only they have. A block of indented `  - id: …` is one note of a notes file, as
# `genpeds new` prints it. Notes and tables go into the topic folder of their first tag's branch. The docs'
# own topic, sources and tags examples are in every copy, so that a note example may cite what they declare.
# A sheet recipe only points at existing tables and notes, and the docs' example points at the real content's:
# it is checked beside a copy of the real content, decks and sheets.

DOC_EXAMPLE = re.compile(r"(?:^<!-- not checked: (?P<why>[^\n]+) -->\n)?^```yaml\n(?P<text>.*?)^```$", re.S | re.M)

# Blocks the docs mark `<!-- not checked: … -->` just before the fence. Keep them few: each is a fragment that
# only shows the keys one feature adds to a file the docs show whole (and check) elsewhere.
UNCHECKED = ["a note of the growth topic and its reference data (tests/test_card_charts.py checks one in full)",
             "fragment (the keys group_by adds to a table shown whole above)",
             "an outline names notes of the real content (tests/test_outline.py checks one in full)"]


@dataclasses.dataclass(frozen=True)
class DocExample:
    doc: Path
    line: int
    text: str
    unchecked: str | None

    def __str__(self) -> str:
        return f"{self.doc.name}:{self.line}"

    @property
    def file_text(self) -> str:
        """The example as a whole file: an indented note becomes the only note of a notes file."""
        return "notes:\n" + self.text if self.text.startswith("  - id:") else self.text

    @property
    def data(self):
        return yaml.safe_load(self.file_text)

    @property
    def kind(self) -> str | None:
        """notes, table, sources, tags, retired, topic, deck recipe or sheet recipe; None for a fragment."""
        keys = list(self.data) if isinstance(self.data, dict) else [None]
        if keys[0] in ("notes", "table", "sources", "tags", "retired"):
            return keys[0]
        for key, kind in (("deck", "topic"), ("include", "deck recipe"), ("sections", "sheet recipe")):
            if keys[0] == "title" and key in keys:
                return kind
        return None

    @property
    def topic(self) -> str:
        """The topic folder of a note, table or topic example: the branch of its first tag."""
        data = self.data
        tags = {"notes": lambda: data["notes"][0].get("tags"), "table": lambda: data["table"].get("tags"),
                "topic": lambda: list(data.get("tags") or [])}[self.kind]()
        assert tags, f"docs/{self}: the example carries no tag, so it has no topic folder to go into"
        return tags[0].split("::")[1]

    def write_into(self, root: Path) -> None:
        """Write the example where check reads this kind of file (a tags example joins the project's tags)."""
        if self.kind == "tags":
            tags_file = root / "content/tags.yaml"
            declared = yaml.safe_load(tags_file.read_text(encoding="utf-8"))["tags"] | self.data["tags"]
            tags_file.write_text(yaml.safe_dump({"tags": declared}, allow_unicode=True, sort_keys=False),
                                 encoding="utf-8")
            return
        name = f"docs-{self.doc.stem}-{self.line}.yaml"
        if self.kind in ("notes", "table", "topic"):
            path = f"content/{self.topic}/" + ("topic.yaml" if self.kind == "topic" else name)
        else:
            path = {"sources": f"content/sources/{name}", "retired": "content/retired.yaml",
                    "deck recipe": f"decks/{name}", "sheet recipe": f"sheets/{name}"}[self.kind]
        write(root / path, self.file_text)


def doc_examples() -> list[DocExample]:
    examples = []
    for doc in sorted((REPO_ROOT / "docs").glob("*.md")):
        text = doc.read_text(encoding="utf-8")
        for match in DOC_EXAMPLE.finditer(text):
            line = text.count("\n", 0, match.start("text"))  # the fence's line, 1-based
            examples.append(DocExample(doc, line, match["text"], match["why"]))
    return examples


CHECKED_EXAMPLES = [example for example in doc_examples() if not example.unchecked]


def test_the_docs_have_examples_and_few_unchecked_ones():
    assert len(CHECKED_EXAMPLES) >= 9
    assert [example.unchecked for example in doc_examples() if example.unchecked] == UNCHECKED


@pytest.mark.parametrize("example", CHECKED_EXAMPLES, ids=str)
def test_every_yaml_example_in_the_docs_passes_check(example, cli, tmp_path, monkeypatch):
    assert example.kind, (f"docs/{example}: cannot tell what this example is (it starts {example.text[:20]!r}); "
                          "complete it, or mark it '<!-- not checked: why -->' just before the fence")
    root = tmp_path / "project"
    if example.kind == "sheet recipe":
        for folder in ("content", "decks", "sheets"):
            shutil.copytree(REPO_ROOT / folder, root / folder)
    else:
        shutil.copytree(FIXTURE_PROJECT, root)
        for declaration in CHECKED_EXAMPLES:
            if declaration.kind in ("topic", "sources", "tags"):
                declaration.write_into(root)
    example.write_into(root)
    monkeypatch.chdir(root)
    assert cli("check").output.splitlines()[-1].startswith("ok: ")


FORMAT_DOC = (REPO_ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")


def test_the_format_doc_says_an_image_is_refused_not_removed(project, cli):
    notes = project / "content/alpha/notes.yaml"
    edit(notes, "back: The first answer, 10 mg/kg.", "back: '![chest X-ray](cxr.png)'")
    assert cli("check", code=1).output.splitlines()[0] == (
        f"content/alpha/notes.yaml:{line_of(notes, 'cxr.png')}: error: note 'alpha-basic': 'back' refers to an image; "
        "images are not supported yet (describe the finding in words, or leave the image out)")
    removed = re.search(r"HTML is cleaned: (.+?) are removed", FORMAT_DOC, re.S)[1]
    assert "image" not in removed
    assert "An image\n(`![…](…)` or an `<img>` tag) is an error" in FORMAT_DOC


# --- CHANGELOG.md: what a student needs, short enough to read ---------------------------------------------

CHANGELOG = REPO_ROOT / "CHANGELOG.md"
CHANGELOG_LIMIT = 40 * 1024


def changelog_sections() -> dict[str, str]:
    """The text of each `## ` section, by its first word: a version, or 'Unreleased'."""
    parts = re.split(r"^## ", CHANGELOG.read_text(encoding="utf-8"), flags=re.M)[1:]
    return {part.split(maxsplit=1)[0]: part for part in parts}


@pytest.fixture(scope="module")
def real_project():
    from genpeds.project import load_project

    return load_project(REPO_ROOT / "content", None)


def test_the_changelog_stays_under_40_kb():
    size = CHANGELOG.stat().st_size
    assert size < CHANGELOG_LIMIT, (
        f"CHANGELOG.md is {size:,} bytes, over {CHANGELOG_LIMIT:,}: list the changed and retired notes, and give "
        "the added ones as counts and the 'genpeds diff OLD NEW' that lists them")


def test_every_release_in_the_ledger_has_its_section_newest_first(real_project):
    released = [release.version for release in real_project.ledger.releases]
    assert [name for name in changelog_sections() if name != "Unreleased"] == released[::-1]


def release_listing(section: str) -> str:
    """A release's section and, for a release too large to list in the changelog, the full list it links
    (`docs/releases/VERSION.md`, written from `genpeds diff`)."""
    linked = re.search(r"\(docs/releases/([0-9][0-9.]*)\.md\)", section)
    return section + ((REPO_ROOT / "docs/releases" / f"{linked.group(1)}.md").read_text(encoding="utf-8")
                      if linked else "")


def test_each_release_section_counts_and_lists_what_the_ledger_recorded(real_project):
    from genpeds.diffing import diff_releases

    releases = [release.version for release in real_project.ledger.releases]
    sections = changelog_sections()
    for old, new in itertools.pairwise(releases):
        changes = diff_releases(real_project, old, new)
        ids = {kind: {c.note_id for c in changes if c.kind == kind} for kind in ("added", "changed", "retired")}
        retired = f"{len(ids['retired'])} retired" if ids["retired"] else "none retired"
        assert f"({len(ids['added'])} added, {len(ids['changed'])} changed, {retired})" in sections[new], new
        for kind in ("changed", "retired"):  # the notes a student who studied the older release looks at again
            listed = set(re.findall(rf"^- {kind.capitalize()}: `([^`]+)`", release_listing(sections[new]), re.M))
            # a `table/*/rule` line stands for every note of that rule, all of which the release changed
            covered = {note_id for note_id in ids[kind] if note_id in listed or any(
                "/*/" in entry and fnmatch.fnmatchcase(note_id, entry) for entry in listed)}
            assert covered == ids[kind], (new, kind, sorted(ids[kind] - covered)[:5])
            for entry in (entry for entry in listed if "/*/" in entry):
                assert {c.note_id for c in changes if fnmatch.fnmatchcase(c.note_id, entry)} <= ids[kind], entry
        same = sum(c.kind in ("cited", "restyled") for c in changes)
        if same:  # the same card, its sources corrected or shown differently: counted, not listed
            assert f"reads as before on {same} more" in release_listing(sections[new]), new
        if len(ids["added"]) > 20:
            assert f"`genpeds diff {old} {new}`" in sections[new], new


def test_the_format_doc_holds_that_every_note_carries_a_tag_of_its_topic(project, cli):
    assert "Every note must carry at\nleast one tag of its own topic's branch" in FORMAT_DOC
    edit(project / "content/alpha/notes.yaml", "tags: [genpeds::alpha::two]", "tags: []")
    line = line_of(project / "content/alpha/notes.yaml", "tags: []")
    assert [row for row in cli("check", code=1).output.splitlines() if ": error: " in row] == [
        f"content/alpha/notes.yaml:{line}: error: note 'alpha-cloze': no tag under 'genpeds::alpha' (add a tag of "
        "its topic, e.g. 'genpeds::alpha')"]


# --- The quick loop: `-m "not anki and not browser"` needs neither Anki nor a browser ----------------------
#
# conftest skips a test marked `anki` where the package is missing (and fails it in CI); the browser tests skip
# or fail on their own. That holds only if every test that needs one of them carries its marker, and if no
# test module imports them where it is collected.

NEEDS_MARKER = {"anki": "anki", "playwright": "browser"}  # a package a test may need → the marker it carries
SCRIPT = re.compile(r"(scripts|benchmarks)/\w+\.py")
TESTS = Path(__file__).parent


@functools.cache
def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _imported_packages(node: ast.AST) -> set[str]:
    """The packages of NEEDS_MARKER that `import` statements anywhere under `node` name."""
    found = set()
    for sub in ast.walk(node):
        names = [alias.name for alias in sub.names] if isinstance(sub, ast.Import) else \
            [sub.module or ""] if isinstance(sub, ast.ImportFrom) else []
        found |= {name.split(".")[0] for name in names} & set(NEEDS_MARKER)
    return found


def _needs(module: str, name: str, seen: set | None = None) -> set[str]:
    """The packages that the top-level `name` of test module `module` needs: through its own imports, the
    repository scripts it loads, and the helpers, fixtures and names of other test modules and conftest it
    uses."""
    seen = set() if seen is None else seen
    if (module, name) in seen:
        return set()
    seen.add((module, name))
    tree = _parsed(TESTS / f"{module}.py")
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("test_") and \
                name in {alias.name for alias in node.names}:
            return _needs(node.module, name, seen)
    definitions = {target.id: node for node in tree.body if isinstance(node, ast.Assign)
                   for target in node.targets if isinstance(target, ast.Name)}
    definitions |= {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    if name not in definitions:  # a fixture of conftest, or a name from elsewhere
        return _needs("conftest", name, seen) if module != "conftest" else set()
    found = _imported_packages(definitions[name])
    for sub in ast.walk(definitions[name]):
        if script := _script_named(sub):
            found |= _imported_packages(_parsed(script))
        used = sub.id if isinstance(sub, ast.Name) else sub.arg if isinstance(sub, ast.arg) else None
        if used:
            found |= _needs(module, used, seen)
    return found


def _script_named(node: ast.AST) -> Path | None:
    """The repository script a string names ("scripts/check_upgrade.py"): a test loads or runs it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and SCRIPT.fullmatch(node.value):
        return REPO_ROOT / node.value
    return None


def _markers(node: ast.AST) -> set[str]:
    """The names X of every `pytest.mark.X` under `node`."""
    return {sub.attr for sub in ast.walk(node) if isinstance(sub, ast.Attribute)
            and isinstance(sub.value, ast.Attribute) and sub.value.attr == "mark"}


def test_every_test_that_needs_anki_or_a_browser_carries_its_marker():
    unmarked = []
    for path in sorted(TESTS.glob("test_*.py")):
        tree = _parsed(path)
        module_markers = set().union(*(_markers(node) for node in tree.body if isinstance(node, ast.Assign)
                                       and any(getattr(t, "id", "") == "pytestmark" for t in node.targets)))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                markers = module_markers | set().union(*(_markers(d) for d in node.decorator_list))
                missing = {NEEDS_MARKER[package] for package in _needs(path.stem, node.name)} - markers
                unmarked += [f"{path.name}::{node.name} needs marker '{marker}'" for marker in sorted(missing)]
    assert unmarked == []


def _imported_on_collection(module: str) -> set[str]:
    """The packages of NEEDS_MARKER that pytest imports when it collects a test module: through the module's
    top-level statements and decorators (not function bodies, nor `if TYPE_CHECKING:`), the scripts they load
    with load_script, and the test modules they import."""
    found = set()
    for node in _parsed(TESTS / f"{module}.py").body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            continue
        run = node.decorator_list if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else [node]
        for part in run:
            found |= _imported_packages(part)
            found |= set().union(*(_imported_packages(_parsed(script)) for sub in ast.walk(part)
                                   if isinstance(sub, ast.Call) and getattr(sub.func, "id", "") == "load_script"
                                   and (script := _script_named(sub.args[0]))))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(("test_", "conftest")):
            found |= _imported_on_collection(node.module)
    return found


def test_the_quick_loop_collects_without_anki_or_a_browser():
    modules = ["conftest", *(path.stem for path in sorted(TESTS.glob("test_*.py")))]
    assert {module: needs for module in modules if (needs := _imported_on_collection(module))} == {}
