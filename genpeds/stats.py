"""Figures about the content for maintainers: notes per topic and subtopic, sources, stale notes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from .diagnostics import Report
from .models import Content, Note
from .outline import coverage_line, outline_coverage
from .vignettes import VignetteShare, vignette_shares
from .vocabulary import tag_matches

DEFAULT_STALE_MONTHS = 24


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` earlier (clamped to the month's last day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stale_notes(content: Content, today: dt.date, months: int = DEFAULT_STALE_MONTHS) -> list[Note]:
    """Notes whose `reviewed` date is older than `months` before `today`."""
    cutoff = months_before(today, months)
    return [note for note in content.notes if note.reviewed < cutoff]


def warn_stale_and_superseded(content: Content, today: dt.date, months: int, report: Report) -> None:
    """Warnings (never errors): notes due for re-review, and notes citing a superseded source alone."""
    for note in stale_notes(content, today, months):
        report.warning(note.location, "stale-note",
                       f"note '{note.id}' was last reviewed on {note.reviewed.isoformat()}, "
                       f"more than {months} months before {today.isoformat()}",
                       "check it against the current sources and update 'reviewed'")
    superseded = {source.id: source.superseded_by for source in content.sources if source.superseded_by}
    for note in content.notes:
        cited = {ref.source_id for ref in note.sources}
        for ref in note.sources:
            # Citing the old document beside its replacement is a deliberate comparison, not staleness.
            if ref.source_id in superseded and superseded[ref.source_id] not in cited:
                report.warning(note.location, "superseded-source",
                               f"note '{note.id}' cites '{ref.source_id}', which is superseded by "
                               f"'{superseded[ref.source_id]}'",
                               "check the fact against the newer source and cite it")


@dataclass(frozen=True)
class Stats:
    """What `genpeds stats` prints: notes per tag, sources by use, and notes older than `months`."""

    notes_by_tag: tuple[tuple[str, int], ...]
    sources_used: tuple[tuple[str, int], ...]
    unused_sources: tuple[str, ...]
    stale: tuple[Note, ...]
    total: int
    months: int = DEFAULT_STALE_MONTHS
    vignettes: tuple[VignetteShare, ...] = ()
    outlines: tuple[tuple[str, str], ...] = ()  # (topic, coverage line) of each topic with an outline

    def format(self) -> str:
        """The figures as text for maintainers: subtopics indented under their topic, counts aligned."""
        lines = [f"{self.total} notes", "", "Notes by topic and subtopic:"]
        for tag, count in self.notes_by_tag:
            depth = tag.count("::") - 1
            lines.append(f"  {'  ' * depth}{tag:<{56 - 2 * depth}} {count:>5}")
        if self.vignettes:
            lines += ["", "Vignettes by topic (patient → decision):"]
            lines += [f"  {share.topic:<40} {share.vignettes:>5} of {share.notes:>5}  {share.percent:5.1f}%"
                      + (f"  (at least {share.minimum_percent}%)" if share.minimum_percent is not None else "")
                      for share in self.vignettes]
        if self.outlines:
            lines += ["", "Outline coverage by topic (genpeds outline lists the gaps):"]
            lines += [f"  {topic:<40} {line}" for topic, line in self.outlines]
        lines += ["", f"Sources cited ({len(self.sources_used)}), by number of notes:"]
        lines += [f"  {source_id:<56} {count:>5}" for source_id, count in self.sources_used]
        if self.unused_sources:
            lines += ["", f"Sources never cited: {', '.join(self.unused_sources)}"]
        lines += ["", f"Notes last reviewed more than {self.months} months ago: {len(self.stale)}"]
        lines += [f"  {note.location}: {note.id} (reviewed {note.reviewed.isoformat()})" for note in self.stale]
        return "\n".join(lines) + "\n"


def content_stats(content: Content, today: dt.date, months: int = DEFAULT_STALE_MONTHS) -> Stats:
    """Notes per topic and subtopic (each note counted under every topic tag it carries)."""
    by_tag: Counter[str] = Counter()
    for note in content.notes:
        topic_tags = [tag for tag in note.tags if not _is_cross_cutting(tag, content)]
        by_tag.update({"::".join(tag.split("::")[:depth]) for tag in topic_tags
                       for depth in range(2, tag.count("::") + 2)})
    cited: Counter[str] = Counter(ref.source_id for note in content.notes for ref in note.sources)
    unused = tuple(sorted(source.id for source in content.sources if source.id not in cited))
    return Stats(tuple(sorted(by_tag.items())), tuple(sorted(cited.items(), key=lambda kv: (-kv[1], kv[0]))),
                 unused, tuple(stale_notes(content, today, months)), len(content.notes), months,
                 tuple(vignette_shares(content)), _outline_lines(content))


def _outline_lines(content: Content) -> tuple[tuple[str, str], ...]:
    coverage = outline_coverage(content)
    return tuple((topic.name, coverage_line([entry for entry in coverage if entry.topic == topic.name]))
                 for topic in content.topics if topic.outline)


def _is_cross_cutting(tag: str, content: Content) -> bool:
    return not any(tag_matches(tag, topic.tag) for topic in content.topics)
