"""File ▸ Compare: read the other side of a comparison and hand it to the Differences dock.

The open flow is always side B (new); the other is A (old): the flow as saved (read again from
`session.loaded.location`, so unsaved edits show as differences) or any TwiML file or flow folder
(`compare_with(path)`, what the dialogs call, and what tests and scripts call directly). Reading goes
through the same hardened `load_flow` as Open; a path that cannot be read is a status message, and
files inside it that do not parse are counted in the dock's header rather than silently dropped.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from flowedit.gui.file_ops import file_filter
from flowedit.io.folder import load_flow

if TYPE_CHECKING:
    from flowedit.gui.main_window import MainWindow


class Compare:
    """The window's comparison commands (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 8000)

    def _start(self) -> str:
        session = self.window.session
        if session.untitled:
            return os.path.expanduser("~")
        return str(session.loaded.location.parent)  # beside the flow: where other versions usually are

    def with_saved(self, label: str = "the saved version") -> list | None:
        """Compare the open flow with what its files on disk hold now; None when it cannot."""
        session = self.window.session
        if session.untitled:
            self._status("This flow has not been saved: there is no saved version to compare with")
            return None
        return self._compare(session.loaded.location, label)

    def with_path(self, path: str | os.PathLike[str]) -> list | None:
        """Compare the open flow with the flow in a TwiML file or flow folder; None when it cannot be read."""
        path = Path(path)
        return self._compare(path, str(path))

    def choose_file(self) -> list | None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Compare with TwiML File", self._start(), file_filter())
        return self.with_path(path) if path else None

    def choose_folder(self) -> list | None:
        path = QFileDialog.getExistingDirectory(self.window, "Compare with Flow Folder", self._start())
        return self.with_path(path) if path else None

    def _compare(self, location: Path, label: str) -> list | None:
        try:
            loaded = load_flow(location)
        except OSError as err:
            self._status(f"Cannot compare with {location}: {err.strerror or err}")
            return None
        if loaded.errors:
            unread = len(loaded.errors)
            label = f"{label} ({unread} file{'' if unread == 1 else 's'} there could not be read)"
        window = self.window
        differences = window.differences_panel.compare(loaded.flow, label)
        window.diff_dock.show()
        window.diff_dock.raise_()
        self._status(window.differences_panel.header.text())
        return differences
