"""The recently opened files and folders, kept in QSettings.

QSettings is an unreliable carrier for lists from Python: a list of one path comes back as a plain
string, a missing key as None, and other backends may hand back odd types. `RecentFiles` therefore
normalises whatever it reads into a clean list of distinct strings, newest first, at most `LIMIT`.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

KEY = "recentFiles"
LIMIT = 10


def normalise(value: object) -> list[str]:
    """Whatever QSettings returned for the list, as distinct non-empty strings in order."""
    if value is None:
        items: list[object] = []
    elif isinstance(value, (str, bytes)):
        items = [value]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        items = []
    out: list[str] = []
    for item in items:
        if isinstance(item, bytes):
            item = item.decode("utf-8", "replace")
        if isinstance(item, str) and item and item not in out:
            out.append(item)
    return out


class RecentFiles:
    """Newest-first list of opened paths (files or flow folders), bounded and persisted."""

    def __init__(self, settings: QSettings, limit: int = LIMIT) -> None:
        self.settings = settings
        self.limit = limit

    def paths(self, *, existing_only: bool = True) -> list[str]:
        """The stored paths, newest first; those that vanished from disk are left out by default."""
        paths = normalise(self.settings.value(KEY))[: self.limit]
        return [p for p in paths if os.path.exists(p)] if existing_only else paths

    def add(self, path: str | os.PathLike[str]) -> None:
        """Put `path` (absolute, `..` folded) first, dropping its older entry and the oldest past the limit."""
        text = os.path.abspath(os.fspath(path))
        paths = [text] + [p for p in self.paths(existing_only=False) if p != text]
        self._store(paths[: self.limit])

    def remove(self, path: str) -> None:
        self._store([p for p in self.paths(existing_only=False) if p != path])

    def clear(self) -> None:
        self._store([])

    def _store(self, paths: list[str]) -> None:
        self.settings.setValue(KEY, paths)
        self.settings.sync()
