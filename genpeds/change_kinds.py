"""What kind of change a release made to a note: what the card says, or only what it cites or how.

A student who studied an earlier release re-reads the cards whose question, answer or extra changed;
a card whose sources were corrected, or only shown differently (a short label, a tag), reads the
same. The ledger keeps two digests per change so release notes can tell these apart.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Mapping

# The fields a student reads on the card; Sources, Id and Release are about the card.
NOT_READ = ("Sources", "Id", "Release")
# A Sources field item: the linked document, then " · " and the locator (see cards.sources_html).
_CITED = re.compile(r'<li><a href="([^"]*)">.*?</a> · (.*?)</li>', re.S)


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def reads_digest(fields: Mapping[str, str]) -> str:
    """A digest of what the card says: every field a student reads, by name."""
    return _digest(sorted((name, value) for name, value in fields.items() if name not in NOT_READ))


def cites_digest(sources_html: str) -> str:
    """A digest of what the card cites: each document's address and the locator, whatever the label."""
    return _digest(sorted((html.unescape(url), html.unescape(locator).strip())
                          for url, locator in _CITED.findall(sources_html)))
