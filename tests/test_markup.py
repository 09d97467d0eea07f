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
