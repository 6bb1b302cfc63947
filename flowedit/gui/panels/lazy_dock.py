"""`LazyDock`: a dock whose panel is built the first time the dock can be seen, or asked for.

Most docks start tabbed behind another (Code, Findings, History, Simulate, Differences behind XML;
Palette behind Documents). Building their panels at start, and keeping them filled while nobody
looks, made the editor start and a big flow open slowly (the Simulate form alone took seconds on
1,000 documents). A lazy dock holds an empty placeholder until its `visibilityChanged(True)` (its
tab raised, or the dock shown) or until code asks for `panel()`; then `factory()` builds the panel
from the session as it is at that moment, and the placeholder goes. Panels therefore build all their
state from the session in their constructor, never from signals they might have missed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDockWidget, QWidget


class LazyDock(QDockWidget):
    """A dock of `title` whose panel `factory()` makes when first needed (see the module docstring)."""

    def __init__(self, title: str, parent: QWidget, factory: Callable[[], QWidget]) -> None:
        super().__init__(title, parent)
        self._factory = factory
        self._panel: QWidget | None = None
        # What visibilityChanged last said; None before it said anything (a panel is assumed seen).
        self.seen: bool | None = None
        super().setWidget(QWidget())
        self.visibilityChanged.connect(self._visibility_changed)

    @property
    def built(self) -> bool:
        return self._panel is not None

    def panel(self) -> QWidget:
        """The dock's panel, built now if it was not yet."""
        if self._panel is None:
            panel = self._factory()
            self._panel = panel
            placeholder = super().widget()
            super().setWidget(panel)
            if placeholder is not None:
                placeholder.deleteLater()
        return self._panel

    def widget(self) -> QWidget:
        """The panel (built now if need be), for Python callers; Qt's own calls see what is set."""
        return self.panel()

    def _visibility_changed(self, visible: bool) -> None:
        self.seen = visible
        if visible:
            self.panel()
