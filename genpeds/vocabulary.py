"""The closed tag vocabulary: declared tags, their topics, and matching tags at `::` boundaries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .diagnostics import Location, Report, did_you_mean
from .models import ROOT_TAG
from .schema import TAG


def tag_matches(tag: str, selector: str) -> bool:
    """True when `tag` is `selector` or lies below it (`a::b` matches `a::b::c`, not `a::bc`)."""
    return tag == selector or tag.startswith(selector + "::")


def selects_any(selector: str, tags: Iterable[str]) -> bool:
    """True when one of `tags` lies at or below `selector`: a selector that matches no declared tag can
    only select nothing, and is most likely a typo."""
    return any(tag_matches(tag, selector) for tag in tags)


@dataclass
class Vocabulary:
    """Every declared tag with its description and where it was declared."""

    descriptions: dict[str, str] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    # Set when a tags file could not be read: its error is the cause, and an "unknown tag" on every
    # note would bury it, so unknown tags are not reported until it is fixed.
    incomplete: bool = False

    def declare(self, tag: str, description, where: Location, report: Report,
                branch: str = ROOT_TAG) -> None:
        """Declare `tag` under `branch`. A malformed tag is reported here, once, and still declared, so that
        the notes carrying it are not each reported as using an unknown tag."""
        if not isinstance(description, str) or not description.strip():
            report.error(where, "tag-description", f"tag '{tag}' needs a one-line description")
            description = ""
        if not tag_matches(tag, branch):
            report.error(where, "tag-outside-branch", f"tag '{tag}' is not under '{branch}'",
                         f"tags declared here start with '{branch}::'")
            return
        if not TAG.fullmatch(tag):
            report.error(where, "bad-tag", f"tag '{tag}' is not a valid tag",
                         "Anki splits tags at spaces and ignores case: write lower-case words joined by '-', "
                         "levels by '::', e.g. 'genpeds::red-flag'")
        if tag in self.descriptions:
            report.error(where, "duplicate-tag",
                         f"tag '{tag}' is declared twice (also at {self.locations[tag]})")
            return
        self.descriptions[tag] = description.strip()
        self.locations[tag] = where

    def __contains__(self, tag: str) -> bool:
        return tag in self.descriptions

    def check(self, tag: str, where: Location, label: str, report: Report) -> bool:
        """Report an undeclared tag with the closest declared spelling; True when the tag is known."""
        if tag in self.descriptions:
            return True
        if self.incomplete:
            return False
        hint = did_you_mean(tag, self.descriptions) or "declare it in the topic's topic.yaml or content/tags.yaml"
        report.error(where, "unknown-tag", f"{label}: unknown tag '{tag}'", hint)
        return False

    def check_selector(self, selector: str, where: Location, label: str, report: Report) -> bool:
        """Report a selector (of a recipe or a sheet section) that matches no declared tag, as `check`
        reports an unknown tag; True when it matches some."""
        if selects_any(selector, self.descriptions):
            return True
        self.check(selector, where, label, report)
        return False
