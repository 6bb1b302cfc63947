"""`paused()`: Python's cyclic garbage collector held off while the editor makes or changes many
objects at once — opening a flow, building the canvas, one burst of model changes.

A 1,000-document flow is millions of objects (lxml proxies, graphics items, the model's records).
Making tens of thousands more runs the collector over the whole heap again and again: opening such a
flow ran it ~340 times (0.2–0.6 s), building the canvas spent a third of its time in it, and undoing a
rename of a shared document (3,000 link rewrites) spent ~0.3 s in it. Nothing made then is garbage
yet; the collector runs as usual again right after. Nested pauses are fine: only the outermost one
turns it back on, and only if it was on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
