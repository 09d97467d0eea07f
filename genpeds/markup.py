"""Field Markdown → safe HTML, with cloze markup carried through untouched (cards) or shown as its
answers in bold (sheets).

The Markdown engine and its extensions are part of every released note's text: changing them
re-renders every note and so updates every note in every student's collection. They are frozen
here (CommonMark with GitHub's tables, by cmark-gfm); see docs/content-format.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

from . import cloze
from .anki_text import TextProblem, text_problem

MARKDOWN_EXTENSIONS = ("table",)
# Raw HTML passes through the engine, as Markdown defines it; the sanitiser below then keeps only the
# allowed tags (without this option the engine would replace every tag by a comment).
_ENGINE_OPTIONS = Options.CMARK_OPT_UNSAFE
# The engine writes a character reference to U+FFFE or U+FFFF as one invalid byte, not as the character;
# written as the character itself, it reaches the check below, which refuses it by name.
_NONCHARACTER_REFERENCE = re.compile(r"&#(?:[xX]0*[fF]{3}[eEfF]|0*6553[45]);")

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h3", "h4", "hr", "i",
    "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Private-use characters stand in for cloze markup while Markdown runs, so that neither Markdown
# nor the sanitiser can read '{{', '::' or '}}' as anything but text; on a sheet, a cloze's answer
# is shown in bold, and the bold's own stand-ins become <strong> once Markdown has run.
_OPEN, _OPEN_END, _HINT, _CLOSE = "\ue000", "\ue001", "\ue002", "\ue003"
_RESTORE = re.compile(f"{_OPEN}(\\d+){_OPEN_END}|{_HINT}|{_CLOSE}")
_STRONG_OPEN, _STRONG_CLOSE = "\ue010", "\ue011"
_REVEAL = {"open": _STRONG_OPEN, "hint": "", "close": _STRONG_CLOSE}


_SANITISER_OPTIONS = {
    "tags": set(ALLOWED_TAGS),
    "attributes": {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    "url_schemes": set(ALLOWED_URL_SCHEMES),
    "link_rel": "noopener noreferrer",
}
# Markdown and the sanitiser turn a text's syntax into markup, but make a character, or join two that
# were apart, only from a character reference ("&#91;" renders as "["), a backslash escape ("\[" as
# "[") or what the sanitiser drops (a tag, a comment, an image). A text holding none of these renders
# to no character or Anki marker it lacks itself, so it need not be rendered to be checked.
_MAY_RENDER_NEW_TEXT = re.compile(r"[&\\<!]")
# nh3.clean builds its sanitiser anew on every call (most of its 15 µs); a Cleaner is built once.
_cleaner = nh3.Cleaner(**_SANITISER_OPTIONS)


def sanitise(fragment: str) -> str:
    """Keep only harmless formatting: no scripts, styles, handlers, frames, forms or odd URLs."""
    return _cleaner.clean(fragment)


# A one-line text with none of Markdown's or HTML's syntax characters, and no block marker at its start,
# renders in the engine above to exactly itself (a single paragraph, unwrapped; nothing to sanitise):
# about half of all field texts, which then skip the engine. tests/test_markup.py holds the two paths
# equal on every text of the content and on texts at the edge of this pattern.
_PLAIN_TEXT = re.compile(r"[^\\`*_\[\]<>&|!#{}~\s\ue000-\uf8ff]*(?: [^\\`*_\[\]<>&|!#{}~\s\ue000-\uf8ff]+)*\Z")
_BLOCK_MARKER = re.compile(r"[-+*>#=]|\d+[.)]")


def is_plain(text: str) -> bool:
    """True when `text` would render to itself (see _PLAIN_TEXT)."""
    return (text == text.strip() and _PLAIN_TEXT.match(text) is not None
            and _BLOCK_MARKER.match(text) is None)


def _plain_run(part: str) -> bool:
    """A stretch of plain words, with at most one space at each end (next to a bold run)."""
    words = part.strip(" ")
    return not words or (_PLAIN_TEXT.match(words) is not None and len(part) - len(words) <= 2
                         and not part.startswith("  ") and not part.endswith("  "))


def render_bold_only(text: str) -> str | None:
    """The HTML of a one-line text whose only syntax is **bold** runs of plain words, or None for any other
    text: such texts (a third of the rest) then skip the engine too."""
    if text != text.strip() or "**" not in text:
        return None
    if _BLOCK_MARKER.match(text) and not (text.startswith("**") and not text.startswith("***")):
        return None  # a list, quote or heading; a leading "**" opens bold (a list needs "* ")
    parts = text.split("**")
    if len(parts) % 2 == 0:
        return None
    for index, part in enumerate(parts):
        if index % 2 and (not part or part != part.strip(" ") or not _PLAIN_TEXT.match(part)):
            return None
        if not index % 2 and not _plain_run(part):
            return None
    return "".join(f"<strong>{part}</strong>" if index % 2 else part for index, part in enumerate(parts))


# Every text rendered so far, with its HTML: a text is rendered once however many cards, decks and
# sheets show it. Texts rendered in another process are added with `remember`.
_RENDERED: dict[str, str] = {}


def render(text: str) -> str:
    """HTML for one field. A field that is a single paragraph renders without the <p> wrapper."""
    html = _RENDERED.get(text)
    if html is None:
        html = _RENDERED[text] = _render(text)
    return html


def _render(text: str) -> str:
    if is_plain(text):
        return text
    shortcut = render_bold_only(text)
    return shortcut if shortcut is not None else render_with_engine(text)


def rendered(texts: Iterable[str]) -> dict[str, str]:
    """Each of `texts` with its HTML (rendered now unless it was before), to `remember` elsewhere."""
    return {text: render(text) for text in texts}


def remember(htmls: Mapping[str, str]) -> None:
    """Take texts rendered in another process (by `rendered`) as rendered here."""
    _RENDERED.update(htmls)


def render_with_engine(text: str) -> str:
    """`render` without the plain-text shortcut: what the frozen engine and the sanitiser make of `text`."""
    protected = _NONCHARACTER_REFERENCE.sub(_referenced_character, _protect_cloze(text))
    rendered = cmarkgfm.markdown_to_html_with_extensions(protected, _ENGINE_OPTIONS, list(MARKDOWN_EXTENSIONS))
    rendered = rendered.rstrip("\n")
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return _restore_cloze(sanitise(rendered))


def _referenced_character(reference: re.Match) -> str:
    number = reference.group()[2:-1]
    return chr(int(number[1:], 16) if number[0] in "xX" else int(number))


def rendered_problem(text: str) -> TextProblem | None:
    """A character or Anki marker that rendering makes from `text` (which holds none itself), or None."""
    if not _MAY_RENDER_NEW_TEXT.search(text):
        return None
    return text_problem(render(text), written_as="html")


def reveal_cloze(text: str) -> str:
    """The cloze text with every deletion shown as its answer, in bold, and hints dropped."""
    shown = _replace_cloze(text, lambda token: _REVEAL[token.kind], drop_hints=True)
    return sanitise(render(shown).replace(_STRONG_OPEN, "<strong>").replace(_STRONG_CLOSE, "</strong>"))


def _protect_cloze(text: str) -> str:
    return _replace_cloze(text, _cloze_stand_in)


def _cloze_stand_in(token: cloze.Token) -> str:
    if token.kind == "open":
        return f"{_OPEN}{token.number}{_OPEN_END}"
    return _HINT if token.kind == "hint" else _CLOSE


def _replace_cloze(text: str, stand_in: Callable[[cloze.Token], str], drop_hints: bool = False) -> str:
    """`text` with each piece of cloze markup replaced by `stand_in(piece)`; with `drop_hints`, a hint and
    all it holds are left out. Text whose cloze markup is broken is returned as it is (the check
    reports it)."""
    pieces, last, hiding = [], 0, []
    for token in cloze.scan(text).tokens:
        if not any(hiding):
            pieces.append(text[last : token.start])
        if token.kind == "open":
            hiding.append(False)
        elif token.kind == "close":
            hiding.pop()
        shown = not any(hiding)
        if token.kind == "hint":
            hiding[-1] = drop_hints
        if shown:
            pieces.append(stand_in(token))
        last = token.end
    if not any(hiding):
        pieces.append(text[last:])
    return "".join(pieces)


def _restore_cloze(rendered: str) -> str:
    def back(match: re.Match) -> str:
        if match.group(1) is not None:
            return "{{c" + match.group(1) + "::"
        return "::" if match.group(0) == _HINT else "}}"

    return _RESTORE.sub(back, rendered)
