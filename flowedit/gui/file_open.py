"""Files opened from the desktop on macOS: Finder hands them over as `QFileOpenEvent`s, not in argv.

Double-clicking a `.twiml` file, dropping a file or flow folder on the Dock icon, or "Open With" sends
the application a `QEvent.FileOpen` — at launch as well as while it runs. At launch it can arrive before
the main window exists, so the opener keeps such paths and opens them once `attach(window)` is called;
later ones open at once. Either way the window asks about unsaved changes first, as File ▸ Open does.
flowedit has one flow per window, so of several files sent together the last one opens.

`app.main` installs the opener on macOS only. It is an event filter on the QApplication, and a filter
there sees every event of the program; only macOS (and iOS) send FileOpen, so elsewhere it would cost
a Python call per event for nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

if TYPE_CHECKING:
    from flowedit.gui.main_window import MainWindow

FILE_OPEN = QEvent.Type.FileOpen
NEEDED = sys.platform == "darwin"


class FileOpener(QObject):
    """Opens the files of QFileOpenEvents sent to the application in the main window."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        self._window: MainWindow | None = None
        self.pending: list[Path] = []
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != FILE_OPEN or watched is not self._app:
            return False
        name = event.file() or event.url().toLocalFile()
        if not name:  # a non-file URL (flowedit registers no URL scheme): not for us
            return False
        self.pending.append(Path(name))
        if self._window is not None:
            QTimer.singleShot(0, self, self.open_pending)  # not inside event delivery: it may ask a question
        return True

    def attach(self, window: MainWindow) -> None:
        """From now on open files in `window`, starting with any that came before it existed."""
        self._window = window
        if self.pending:
            QTimer.singleShot(0, self, self.open_pending)

    def open_pending(self) -> bool:
        """Open the last path received (the window asks about unsaved changes); True when it opened."""
        if self._window is None or not self.pending:
            return False
        path, skipped = self.pending[-1], len(self.pending) - 1
        self.pending.clear()
        window = self._window
        opened = window.open_path(path)
        if opened and skipped:
            window.statusBar().showMessage(
                f"Opened {path.name}; flowedit shows one flow per window, so {skipped} other "
                f"{'file was' if skipped == 1 else 'files were'} not opened", 15000)
        window.show()
        window.raise_()
        window.activateWindow()
        return opened

    def uninstall(self) -> None:
        self._app.removeEventFilter(self)
        self._window = None


def install(app: QCoreApplication) -> FileOpener:
    """Start catching the application's FileOpen events (see the module's notes)."""
    return FileOpener(app)
