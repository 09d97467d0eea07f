"""Text no card may carry: characters that are not text to Anki, and Anki's own media and LaTeX syntax.

Anki joins a note's fields with U+001F, so one inside a field splits the note and Anki refuses the
whole package; other control characters, lone surrogates and U+FFFE/U+FFFF are not text either.
YAML refuses them written directly in a file, but its escapes ("\\x1f") and HTML's character
references ("&#31;") make them. Anki also acts on some bracketed text in any field: `[sound:…]`
becomes a media reference (a player, or a missing file), `[anki:tts …]` speaks and `[anki:play:…]`
is its play button, and `[latex]`, `[$]`, `[$$]` make it generate LaTeX images. genpeds cards carry
no media and no LaTeX, so content text may hold none of these; tab and line break are the only
control characters allowed. Other square brackets ("[see Table 2]") are text like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NOT_TEXT = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
# A carriage return in a file ends a line (YAML reads it as a line break); inside a value it only
# comes from an escape.
FILE_CHARACTER = re.compile(f"[{_NOT_TEXT}]")
_TEXT_CHARACTER = re.compile(f"[\\r{_NOT_TEXT}]")
# As Anki matches them: sound and its own tags in lower case only, LaTeX in any case.
_ANKI_SYNTAX = re.compile(r"\[(?:sound:|anki:|(?i:/?(?:latex|\$\$?)\]))")

_SYNTAX_MEANINGS = {"[sound:": "a sound or video file", "[anki:": "text-to-speech and play buttons"}
_SYNTAX_HINT = "genpeds cards carry no media or LaTeX; write it as text"
# What to do about a character depends on how it got into the text.
_CHARACTER_HINTS = {
    "file": "delete it; most editors do not show it",
    "yaml": 'delete it; in double quotes it is written as an escape such as "{escape}"',
    "html": 'delete the character reference that makes it, such as "&#{code};"',
}

# The short escapes YAML has for some of them: the likeliest way such a character was written.
_YAML_ESCAPES = {0x00: "\\0", 0x07: "\\a", 0x08: "\\b", 0x0B: "\\v", 0x0C: "\\f", 0x0D: "\\r", 0x1B: "\\e",
                 0x85: "\\N"}


@dataclass(frozen=True)
class TextProblem:
    """Why a text cannot reach a card: a stable diagnostic code, what was found, what to do."""

    code: str
    what: str
    hint: str

    @property
    def message(self) -> str:
        """The diagnostic where the text was written."""
        return f"text contains {self.what}"


def text_problem(text: str, written_as: str = "yaml") -> TextProblem | None:
    """A character in `text` that is not text or, failing that, an Anki marker; None when it has neither.

    `written_as` says where the text came from ("yaml": a value read from a content file; "html":
    rendered Markdown), which decides how the hint tells the contributor to remove it.
    """
    found = _TEXT_CHARACTER.search(text) or ("[" in text and _ANKI_SYNTAX.search(text))
    if not found:
        return None
    if len(found.group()) == 1:
        return character_problem(found.group(), written_as)
    marker = found.group()
    meaning = _SYNTAX_MEANINGS.get(marker, "a LaTeX image")
    return TextProblem("anki-syntax", f"'{marker}', Anki's syntax for {meaning}", _SYNTAX_HINT)


def character_problem(character: str, written_as: str) -> TextProblem:
    """A character that is not text, named by its code point (it is invisible, or worse, when printed)."""
    code = ord(character)
    name = f"U+{code:04X}"
    if 0xD800 <= code <= 0xDFFF:
        what = f"the lone surrogate {name}"
    elif code in (0xFFFE, 0xFFFF):
        what = f"the non-character {name}"
    else:
        what = f"the control character {name}" + (", Anki's field separator" if code == 0x1F else "")
    escape = _YAML_ESCAPES.get(code) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return TextProblem("bad-character", what, _CHARACTER_HINTS[written_as].format(escape=escape, code=code))
