"""Coalescing timers: the one way widgets run a refresh once after a burst of changes.

Model changes come in bursts (an undo macro, a paste, typing); panels and the session restart a
single-shot timer on each and do their work once when it fires.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def coalescing_timer(parent: QObject, interval_ms: int, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer owned by `parent` that calls `slot` `interval_ms` after its last `start()`."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer
