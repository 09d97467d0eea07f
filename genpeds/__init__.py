"""genpeds: sourced pediatric content turned into Anki decks and quick-reference sheets."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("genpeds")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
