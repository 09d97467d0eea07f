"""Problems found in content, collected all at once and printed as `path:line: severity: message`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a content file; `line` is 1-based (a problem with the whole file is put on line 1)."""

    path: str
    line: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{max(self.line, 1)}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where, how bad, a stable code per kind, what is wrong and what to do."""

    location: Location
    severity: str
    code: str
    message: str
    hint: str = ""

    def format(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.location}: {self.severity}: {self.message}{hint}"

    def format_github(self) -> str:
        """A GitHub Actions annotation, shown on the pull request's diff line."""
        text = self.message + (f" ({self.hint})" if self.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.location.path.replace(",", "%2C").replace(":", "%3A")
        return f"::{self.severity} file={path},line={max(self.location.line, 1)},title={self.code}::{text}"

    def as_dict(self) -> dict:
        return {"path": self.location.path, "line": max(self.location.line, 1), "severity": self.severity,
                "code": self.code, "message": self.message, "hint": self.hint}


@dataclass
class Report:
    """Every diagnostic of one run, in the order the files were read."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, code: str, message: str, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(location, ERROR, code, message, hint))

    def warning(self, location: Location, code: str, message: str, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(location, WARNING, code, message, hint))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics ordered by file and line, so output reads top to bottom."""
        return sorted(self.diagnostics, key=lambda d: (d.location.path, d.location.line))


def shorten(value, limit: int = 60) -> str:
    """A value quoted in a message, cut short: a file may hold anything, a 5,000-digit number included."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def closest(word: str, choices) -> str:
    """The closest known spelling of `word`, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else ""


def did_you_mean(word: str, choices) -> str:
    """A hint naming the closest known spelling, or '' when nothing is close."""
    close = closest(word, choices)
    return f"did you mean '{close}'?" if close else ""


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it.

    Its last step is not followed: a symbolic link is shown where it is, not where it points, and a
    link loop cannot stop the run."""
    path = Path(path)
    try:
        absolute = path.parent.resolve() / path.name if path.name not in ("", "..") else path.resolve()
        return str(absolute.relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the working directory; a loop above the path
        return str(path)
