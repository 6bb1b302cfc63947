"""The flow's settings file changed by another program: `ManifestWatch`, the part of `FlowWatcher`
(`watch`) that looks after `flowedit.json` (or a single file's `.flowedit.json` sidecar).

The manifest holds the entry document, the base URL and where each frame stands. Another program
changes it — a `git pull` bringing a teammate's layout, a script setting the entry — and a Save
that did not notice would put the old settings back over theirs. So, as for documents, the watch
compares the file with what the editor last read from it or wrote to it (`known`):

- **our settings unchanged** since then: the file's entry, base URL and positions are taken at once,
  as one undoable step ("Reload flowedit.json from disk"), with a status message;
- **our settings changed too**: a non-modal question — Reload (theirs; undoable) or Keep Mine
  (the next save writes ours over it);
- **no longer reads** (broken JSON …): reported once with file:line:column; the flow keeps its
  settings, and Save leaves the file alone until it reads again (`Manifest.unreadable`);
- **deleted**: said; Save writes it again.

The keys flowedit does not know are taken with the file (Save keeps them), and so are its bytes, so
a Save with nothing changed writes the file back exactly as the other program left it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from flowedit.gui.watch import FlowWatcher

TITLE = "Reload flowedit.json from disk"


class ManifestWatch:
    """What the editor knows of the flow's manifest file, and what it does when the file changes."""

    def __init__(self, watcher: FlowWatcher) -> None:
        self.watcher = watcher
        self.session = watcher.session
        self.known: bytes | None = None  # the file as last read or written (None: there was none)
        self.stamp = None
        self._reported: bytes | None = None  # unreadable bytes already reported
        self.question: QMessageBox | None = None

    def file(self) -> Path | None:
        """The manifest of the open flow: the folder's flowedit.json, or the single file's sidecar."""
        from flowedit.io.folder import MANIFEST, sidecar_for

        root = self.watcher.root
        if root is None:
            return None
        return sidecar_for(root) if self.session.loaded.single_file else root / MANIFEST

    def restart(self) -> None:
        """Take the file as it is now (a flow was opened)."""
        self.close_question()
        file = self.file()
        self.stamp = self.watcher.stamp_of(file) if file is not None else None
        self.known = _read(file)
        self._reported = None

    def written(self, written: dict[Path, bytes]) -> None:
        """Our own save: what it wrote is what the file holds."""
        file = self.file()
        if file is not None and file in written:
            self.known, self.stamp = written[file], self.watcher.stamp_of(file)

    def changed(self) -> bool:
        """Whether the file's stat differs from when it was last looked at."""
        file = self.file()
        return file is not None and self.watcher.stamp_of(file) != self.stamp

    # -- looking and acting ------------------------------------------------------------------
    def look(self) -> str | None:
        """Look at the file and act on what changed; a message for the status bar, or None."""
        from flowedit.io.errors import ReadError
        from flowedit.io.folder import manifest_bytes, parse_manifest

        file = self.file()
        if file is None:
            return None
        self.stamp = self.watcher.stamp_of(file)
        data = _read(file)
        if data == self.known:
            return None  # our own save, or touched without a change
        loaded = self.session.loaded
        if data is None:
            self.known = None
            return f"{file.name} was deleted by another program; Save writes it again"
        try:
            manifest, settings = parse_manifest(data, str(file))
        except ReadError as err:
            if self._reported == data:
                return None
            self._reported = data
            loaded.manifest.unreadable = True  # never written over until it reads again
            return f"{err} (changed on disk; the flow keeps its settings until it reads)"
        ours = manifest_bytes(loaded, single_file=loaded.single_file)
        if ours in (self.known, data) or loaded.manifest.unreadable:
            self.reload(manifest, settings, data)
            return (f"Reloaded {file.name}: changed on disk by another program "
                    "(Edit ▸ Undo brings back the previous settings)")
        self.ask()
        return None

    def reload(self, manifest, settings: dict, data: bytes) -> bool:
        """Take the file's settings (entry, base URL, positions) as one undoable step, and its keys and bytes."""
        from flowedit.model.flow import as_position

        session = self.session
        flow = session.flow
        was_clean = session.undo_stack.isClean()
        entry = settings.get("entry") if not session.loaded.single_file else flow.entry
        base_url = settings.get("base_url") or None
        positions = (settings.get("layout") or {}).get("positions") or {}

        def action():
            changes = []
            if entry != flow.entry and (entry is None or entry in flow.documents):
                changes.append((flow, flow.set_entry(entry)))
            if base_url != flow.base_url:
                changes.append((flow, flow.set_base_url(base_url)))
            for path in flow.documents:
                new = as_position(positions.get(path))
                if new != flow.position(path):
                    changes.append((flow, flow.set_position(path, new)))
            return changes
        session.loaded.manifest = manifest
        self.known, self._reported = data, None
        done = session.edit(TITLE, action)
        if done and was_clean:  # the settings now agree with the file: still saved
            session.undo_stack.setClean()
        return done

    def ask(self) -> QMessageBox:
        """Ask whether to take the file's settings over ours (non-modal; one box at a time)."""
        from PySide6.QtWidgets import QMessageBox

        if self.question is not None:
            self.question.show()
            self.question.raise_()
            return self.question
        file = self.file()
        box = QMessageBox(QMessageBox.Icon.Question, "Flow Settings Changed on Disk",
                          f"{file.name} was changed by another program, and you have moved frames or "
                          "changed the flow's settings since it was saved.",
                          QMessageBox.StandardButton.NoButton, self.watcher.window)
        box.setObjectName("manifestChangeBox")
        box.setInformativeText(f"{file}\n\nReload takes the entry, base URL and positions on disk "
                               "(Edit ▸ Undo brings yours back). Keep Mine keeps yours, and saving "
                               "will write them over the file.")
        reload = box.addButton("Reload", QMessageBox.ButtonRole.AcceptRole)
        reload.setObjectName("reloadButton")
        keep = box.addButton("Keep Mine", QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("keepButton")
        box.setDefaultButton(keep)  # Enter loses nothing
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.finished.connect(lambda _result, box=box: self.answer(box.clickedButton() is reload, box))
        self.question = box
        box.show()
        return box

    def answer(self, reload: bool, box: QMessageBox | None = None) -> None:
        """Act on the question's answer, the file as it is now: Reload, or Keep Mine."""
        from flowedit.io.errors import ReadError
        from flowedit.io.folder import parse_manifest

        if box is not None and self.question is box:
            self.question = None
            box.deleteLater()
        file = self.file()
        data = _read(file) if file is not None else None
        if data is None:
            return
        try:
            manifest, settings = parse_manifest(data, str(file))
        except ReadError:
            return  # it broke meanwhile: the next look reports it
        if reload:
            self.reload(manifest, settings, data)
        else:
            # Theirs is what we know of now, ours differs from it: the next save writes ours over it.
            self.session.loaded.manifest = manifest
            self.known = data
            self.watcher.window.statusBar().showMessage(
                f"Kept your flow settings; saving will overwrite {file.name}", 15000)

    def close_question(self) -> None:
        if self.question is not None:
            box, self.question = self.question, None
            box.close()
            box.deleteLater()


def _read(file: Path | None) -> bytes | None:
    try:
        return file.read_bytes() if file is not None else None
    except OSError:
        return None

