"""Markdown rendering: cloze markup survives, HTML is sanitised, short fields stay inline."""

from __future__ import annotations

import pytest

from genpeds.cloze import scan
from genpeds.markup import render


def test_single_paragraph_renders_inline():
    assert render("Give **10 mg/kg** by mouth") == "Give <strong>10 mg/kg</strong> by mouth"


def test_lists_and_paragraphs_keep_their_structure():
    assert render("First.\n\n- one\n- two") == "<p>First.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"


@pytest.mark.parametrize("text, expected", [
    ("{{c1::a_b_c}} and {{c2::x::hint}}", "{{c1::a_b_c}} and {{c2::x::hint}}"),
    ("{{c1::*emphasis* inside}}", "{{c1::<em>emphasis</em> inside}}"),
    ("__{{c1::bold cloze}}__", "<strong>{{c1::bold cloze}}</strong>"),
    ("{{c1::outer {{c2::inner}}}}", "{{c1::outer {{c2::inner}}}}"),
    ("a < b & {{c1::c > d}}", "a &lt; b &amp; {{c1::c &gt; d}}"),
])
def test_cloze_markup_is_kept_intact(text, expected):
    assert render(text) == expected


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<iframe src="https://example.org"></iframe>',
    "<style>.answer{display:none}</style>",
    '<form action="https://example.org"><input></form>',
    '<svg onload="alert(1)"></svg>',
    '<span style="display:none">hidden</span>',
    "[x](javascript:alert(1))",
])
def test_nothing_executable_survives(payload):
    out = render(payload).lower()
    for marker in ("<script", "onerror", "onload", "javascript:", "data:", "<iframe", "<style", "<form",
                   "<svg", "style=", "<img"):
        assert marker not in out, (payload, out)


def test_safe_links_are_kept():
    assert render("[AAP](https://www.aap.org)") == \
        '<a href="https://www.aap.org" rel="noopener noreferrer">AAP</a>'


def test_scan_reports_numbers_and_hints():
    found = scan("{{c1::a::hint}} {{c3::b}} {{c1::c}}")
    assert found.problem == ""
    assert found.numbers == {1, 3}
    assert [token.kind for token in found.tokens] == ["open", "hint", "close", "open", "close", "open", "close"]


# --- The plain-text shortcut: a text it skips would have rendered to itself ------------------------------

def test_every_plain_text_of_the_content_renders_to_itself_in_the_engine():
    from conftest import REPO_ROOT

    from genpeds.markup import is_plain, render_with_engine
    from genpeds.project import load_project

    project = load_project(REPO_ROOT / "content", None)
    texts = {text for note in project.shipped_notes() for _, text in note.fields}
    plain = [text for text in texts if is_plain(text)]
    assert len(plain) > len(texts) / 4  # the shortcut is worth having
    assert [text for text in plain if render_with_engine(text) != text] == []


def test_the_shortcut_takes_no_text_the_engine_would_change():
    import string

    from genpeds.markup import is_plain, render, render_with_engine

    characters = [*string.printable, "\u00a0", "\u2028", "\u2003", "–", "≥", "µ", "é", "\ue000", "\U0001f600"]
    shapes = ["{c}", "a{c}", "{c}a", "a{c}b", "a {c} b", "{c}{c}", "1{c} a", "a{c}{c}b", " {c}", "{c} "]
    for character in characters:
        for shape in shapes:
            text = shape.format(c=character)
            if is_plain(text):
                assert render_with_engine(text) == text, repr(text)
            assert render(text) == render_with_engine(text), repr(text)


def test_the_bold_shortcut_matches_the_engine_on_every_text_of_the_content_and_at_its_edges():
    from conftest import REPO_ROOT

    from genpeds.markup import render, render_bold_only, render_with_engine
    from genpeds.project import load_project

    project = load_project(REPO_ROOT / "content", None)
    texts = {text for note in project.shipped_notes() for _, text in note.fields}
    taken = [text for text in texts if render_bold_only(text) is not None]
    assert len(taken) > len(texts) / 10
    assert [text for text in taken if render_bold_only(text) != render_with_engine(text)] == []
    edges = ["**a**", "**a** b", "a **b**", "**a**b", "a**b**c", "** a**", "**a **", "***a***", "**a** **b**",
             "**a**  b", "a  **b**", "**a", "a**", "****", "**", "* **a**", "**1.** x", "1. **a**", "**a:** b",
             "**a b**", "**a** - b", "- **a**", "**a**\n", "**a**\tb", "**a_b**", "**a** *b*", "**a**&b",
             "**a** (b)", "> **a**", "# **a**", "**a**.", "**a** — b", "**≥ 5**", "**a**  **b**", "***", "**a***"]
    for text in edges:
        shortcut = render_bold_only(text)
        if shortcut is not None:
            assert shortcut == render_with_engine(text), repr(text)
        assert render(text) == render_with_engine(text), repr(text)
