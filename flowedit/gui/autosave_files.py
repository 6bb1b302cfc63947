"""The files of an autosave entry: a snapshot written, synced and committed by its record.

`Plan.commit` is the one writer of a snapshot (see `flowedit.gui.autosave` for the entry's layout and
life): it touches files only, never the model, a widget or any Qt object, so the editor runs it on a
thread of its own, behind the editor, and `Autosave.write` runs it in place when the work must be on
disk now.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flowedit import __version__

RECORD = "autosave.json"
SNAPSHOT = "snapshot-"
FORMAT = 1

__all__ = ["FORMAT", "RECORD", "SNAPSHOT", "Plan", "digest", "link", "rmtree", "save_file"]


def rmtree(folder: Path) -> None:
    """Remove `folder` and everything in it, quietly (a removal that fails is retried next time)."""
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


@dataclass
class Plan:
    """One autosave, as the GUI thread hands it to `commit`: where it goes, the files' bytes and the
    record's fields, and the snapshot before it (with its files' digests) to link unchanged files to."""

    folder: Path
    snapshot: Path
    files: list[tuple[str, bytes]]
    fields: dict[str, Any]
    current: Path | None
    previous: dict[str, str]

    def commit(self) -> dict[str, str]:
        """Write the snapshot, then the record that names it (the commit point), then remove the
        snapshots before it; the digests of the files written. Touches files only, so it may run
        on any thread."""
        import json
        from datetime import datetime, timezone

        snapshot = self.snapshot
        rmtree(snapshot)  # left by a write that failed halfway
        snapshot.mkdir()
        digests: dict[str, str] = {}
        folders = {snapshot}
        for name, data in self.files:
            sha = digest(data)
            target = snapshot / name
            if target.parent not in folders:  # once per folder, not once per file
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            current = self.current
            if not (current is not None and self.previous.get(name) == sha and link(current / name, target)):
                with open(target, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())  # on disk before the record names it
            digests[name] = sha
        record = {"flowedit_autosave": FORMAT, "version": __version__, "pid": os.getpid(),
                  "time": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
                  "snapshot": snapshot.name, **self.fields,
                  "files": [{"name": name, "sha256": digests[name]} for name, _data in self.files]}
        save_file(self.folder / RECORD, (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        for old in self.folder.glob(f"{SNAPSHOT}*"):
            if old != snapshot:
                rmtree(old)
        return digests


def link(source: Path, target: Path) -> bool:
    """Hard-link `target` to `source` (an unchanged file of the snapshot before); False when not."""
    try:
        os.link(source, target)
    except OSError:  # no previous file, or a file system without hard links: write it instead
        return False
    return True


def save_file(file: Path, data: bytes) -> None:
    """Replace `file` by `data` atomically: a temporary file beside it, synced, renamed over it.

    The io layer's `atomic_write` rather than QSaveFile: this runs on the writer thread, which
    touches no Qt object (see `flowedit.gui.autosave`)."""
    from flowedit.io.folder import atomic_write

    atomic_write(file, data)
