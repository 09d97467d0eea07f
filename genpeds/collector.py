"""Cyclic garbage collection paused while large structures without reference cycles are built."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block; it resumes as it was afterwards.

    Reading the content allocates millions of objects (mappings, notes, rendered fields) and no
    reference cycles. Collections run meanwhile find nothing, yet each young collection walks what was
    just made and the full ones walk all the content read so far: a fifth of loading 50,000 notes.
    Reference counting still frees everything that is dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
