"""The one family of errors the library raises; only the CLI turns them into messages."""

from __future__ import annotations


class GenpedsError(Exception):
    """Root of every error genpeds raises on purpose (never a bug)."""


class ContentNotFoundError(GenpedsError):
    """Raised by loaders when the content or decks folder does not exist."""


class ContentInvalidError(GenpedsError):
    """Raised by the functions that write from the content (decks, sheets, a release) when `genpeds check`
    would fail; carries the report, and says what was checked and what was therefore not done."""

    def __init__(self, report, checked: str = "the content",
                 outcome: str = "nothing was written (run 'genpeds check')"):
        self.report = report
        super().__init__(f"{len(report.errors)} error(s) in {checked}; {outcome}")


class SelectionError(GenpedsError):
    """Raised by selection and recipes when a request cannot be honoured (unknown recipe, empty selection)."""


class InvalidRequestError(GenpedsError):
    """Raised by the commands' functions (genpeds.commands) before any work when their arguments cannot
    be used together as given: the caller's mistake, not the content's. The CLI reports it as a usage
    error."""


class InvalidValueError(InvalidRequestError):
    """Raised when one argument's value cannot be used (a custom deck's file name that is not a plain
    file name or is a recipe's file, a malformed version); `parameter` names the function's parameter,
    and the CLI reports a usage error of its option of the same name."""

    def __init__(self, message: str, parameter: str):
        self.parameter = parameter
        super().__init__(message)


class ReferenceDataError(GenpedsError):
    """Raised by `growth_reference` when a reference table (content/reference/) cannot be read or breaks
    its format; says which file, which line and what is wrong."""


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
