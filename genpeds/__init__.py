"""genpeds: sourced pediatric content turned into Anki decks and quick-reference sheets.

The map of the modules, the data flow of each command and where to add things: docs/architecture.md.
"""


def __getattr__(name: str):
    # Looked up only when asked for: importlib.metadata costs every command ~30 ms at start-up.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("genpeds")
        except PackageNotFoundError:  # running from a source tree that was never installed
            return "0.0.0"
    raise AttributeError(f"module 'genpeds' has no attribute {name!r}")
