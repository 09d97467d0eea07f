"""The one family of errors the library raises; only the CLI turns them into messages."""

from __future__ import annotations


class GenpedsError(Exception):
    """Root of every error genpeds raises on purpose (never a bug)."""


class ContentNotFoundError(GenpedsError):
    """Raised by loaders when the content or decks folder does not exist."""


class ContentInvalidError(GenpedsError):
    """Raised by `load_project` callers when `genpeds check` would fail; carries the report."""

    def __init__(self, report):
        self.report = report
        super().__init__(f"{len(report.errors)} error(s) in the content")


class SelectionError(GenpedsError):
    """Raised by selection and recipes when a request cannot be honoured (unknown recipe, empty selection)."""


class InvalidValueError(GenpedsError):
    """Raised by `request_for_tags` when a custom deck's file name cannot be used (not a plain file name,
    or a recipe's file); the CLI reports it as a usage error of --name."""


class OutputError(GenpedsError):
    """Raised by writers when an output file cannot be written; the previous file is left as it was."""


class LedgerError(GenpedsError):
    """Raised by the ledger reader when content/ledger.json is unreadable or breaks an invariant; says
    where (the line of the note's entry, or of the JSON error) so the check can report it there."""

    def __init__(self, message: str, path: str, line: int = 1):
        super().__init__(message)
        self.path = path
        self.line = line


class ReleaseError(GenpedsError):
    """Raised by `cut_release` and release builds when the content cannot be released as it is."""
