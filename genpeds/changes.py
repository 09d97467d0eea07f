"""When each note last changed: the modification time Anki compares on re-import.

Anki updates a note only when the package's time is newer than the one in the student's
collection. Until releases are recorded, a note's change time is the start (UTC) of its `reviewed`
date: it moves forward whenever a note is re-checked, and it never comes from the build clock.
"""

from __future__ import annotations

import calendar

from .models import Note


def change_time(note: Note) -> int:
    """Seconds since the epoch at which `note`'s content last changed."""
    return calendar.timegm(note.reviewed.timetuple())
