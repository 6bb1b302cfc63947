"""`AfterFirstPaint`: run something once a widget has painted, and its picture had time to show.

Opening a big flow builds the canvas, then its first check would hold the event loop for seconds
before anything is painted. The main window hands that check to this watcher instead: it waits for
the canvas viewport's next paint, then AFTER_PAINT_MS more (a compositor puts the frame on screen),
so the user sees the flow at once and its findings shortly after.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from flowedit.gui.timers import coalescing_timer

FIRST_PAINT_WAIT_MS = 500  # a shown window whose canvas does not paint (minimised) runs it after this
AFTER_PAINT_MS = 40  # after the paint: long enough for it to reach the screen (a frame or two)


class AfterFirstPaint(QObject):
    """Calls `then` once the canvas has painted after `arm()`: AFTER_PAINT_MS after that paint ended.

    A big flow's first check (seconds) waits for this, so the user sees the flow at once. A hidden
    window has nothing to paint first (the check runs in the next pass); a shown one that does not
    paint (minimised, covered) runs it after FIRST_PAINT_WAIT_MS.
    """

    def __init__(self, viewport: QWidget, then: Callable[[], object]) -> None:
        super().__init__(viewport)
        self._viewport, self._then = viewport, then
        self._painting = False  # the paint was seen; the timer's next shot comes when it has ended
        self._timer = coalescing_timer(self, 0, self._fire)

    def arm(self, visible: bool) -> None:
        self._viewport.removeEventFilter(self)
        self._painting = False
        if visible:
            self._viewport.installEventFilter(self)
            self._timer.start(FIRST_PAINT_WAIT_MS)
        else:
            self._timer.start(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's virtual
        if watched is self._viewport and event.type() == QEvent.Type.Paint:
            self._viewport.removeEventFilter(self)
            self._painting = True
            self._timer.start(0)  # fires once this paint has been drawn (a paint of 1,000 frames takes a while)
        return False

    def _fire(self) -> None:
        if self._painting:
            self._painting = False
            self._timer.start(AFTER_PAINT_MS)  # drawn: now let it reach the screen
            return
        self._viewport.removeEventFilter(self)
        self._then()
