"""Which sources a table row's cards cite: the table's, as the row adjusts them, less what a rule leaves out.

A table names the sources most rows share once; a row adds what supports it alone, points a shared
source at its own place (a locator), or leaves out what does not apply, so no row copies the table's
list and no card cites a document that does not support it.
"""

from __future__ import annotations

from .diagnostics import Location, did_you_mean
from .models import SourceRef
from .notes import Context, source_refs


def row_sources(defaults: tuple[SourceRef, ...], values: dict, where: Location, label: str,
                context: Context) -> tuple[SourceRef, ...]:
    """The row's sources: its own `sources` (replacing the table's), or the table's adjusted by
    `sources_add` (a source the table cites gets the row's locator, in the table's order; others follow)
    and `sources_omit`."""
    own, added, omitted = values["sources"], values["sources_add"], values["sources_omit"]
    if own:
        if added or omitted:
            context.report.error(where, "conflicting-sources",
                                 f"{label}: 'sources' replaces the table's sources, so 'sources_add' and "
                                 "'sources_omit' have nothing to adjust", "keep one of the two ways")
        return source_refs(own, label, context)
    default_ids = [ref.source_id for ref in defaults]
    left_out = set()
    for source_id, at in omitted or ():
        if source_id in default_ids:
            left_out.add(source_id)
        else:
            context.report.error(at, "unknown-source", f"{label}: 'sources_omit' names '{source_id}', "
                                 "which is not one of the table's sources",
                                 did_you_mean(source_id, default_ids) or f"the table's: {', '.join(default_ids)}")
    refined = {}
    extra = []
    for ref, (_, _, at, _) in zip(source_refs(added, label, context), added or (), strict=True):
        if ref.source_id in left_out:
            context.report.error(at, "conflicting-sources",
                                 f"{label}: '{ref.source_id}' is both added and left out", "keep one")
        elif ref in defaults:
            context.report.warning(at, "repeated-source", f"{label}: '{ref.source_id}' repeats the table's "
                                   "source and locator", "leave it out: the row has it already")
        elif ref.source_id in default_ids:
            refined[ref.source_id] = ref
        else:
            extra.append(ref)
    kept = [refined.get(ref.source_id, ref) for ref in defaults if ref.source_id not in left_out]
    return tuple(dict.fromkeys((*kept, *extra)))


def rule_sources(refs: tuple[SourceRef, ...], omitted: frozenset[str], shown: frozenset[str]) -> tuple[SourceRef, ...]:
    """`refs` a card cites: not those its rule leaves out, nor those `for` columns the card does not show
    (`shown`): they support the row's other cards, not this one."""
    return tuple(ref for ref in refs
                 if ref.source_id not in omitted and (not ref.columns or shown.intersection(ref.columns)))
