"""Files of the open flow changed by other programs: noticed, and reloaded or asked about.

`FlowWatcher` watches every document file of the open flow, and the folders holding them, with a
`QFileSystemWatcher`. Events come in bursts (an editor truncates, writes and renames), so it looks
once they settle (`SETTLE_MS`). It then compares each file with what the editor last read from it or
wrote to it (`known`, kept per file): a file that still holds those bytes, or the document's own
bytes, changed nothing for us — that is how our own saves (announced by `FlowSession.filesWritten`)
are told from other programs' writes. A file replaced by a rename drops out of the watcher, so the
watched set is brought up to date after every look; a stat of every document file catches what an
event missed.

What a change does depends on the document:

- **unmodified** (its bytes are what was last read or saved, and the XML pane holds no typed text
  for it): reloaded at once, as one undoable command ("Reload … from disk"; a burst of files is one
  command), with a status message. A flow that was saved stays saved: the files and the flow agree.
- **modified**: a non-modal question — Reload (discard mine; undoable), Keep Mine (the flow stays
  modified and the next save overwrites the file), or Compare (the Differences dock against the
  files on disk, then the question again, so the differences can be browsed before answering).
- **deleted**: the document stays open and the flow is marked modified (saving recreates the file).
- **no longer reads** (malformed XML): reported once with file:line:column; the document is kept
  (Save writes it back), and once the file reads again it is handled as above.

In a folder flow a TwiML file that appears in a watched folder is offered for adding to the flow
(one undoable step) or ignored; either way it is not asked about again. The flow's settings file
(flowedit.json) is looked after the same way by `watch_manifest.ManifestWatch` (`self.manifest`).
`check()`, `examine()`, `resolve()` and `add_new_files()` do the work without the watcher, for tests
and scripts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, Signal

from flowedit.gui.session import Ref
from flowedit.gui.timers import coalescing_timer
from flowedit.gui.watch_manifest import ManifestWatch

# The reader, writer and paths (lxml, the TwiML vocabulary) are imported by the methods that look at
# files: the window makes its watcher at start, before there is a flow on disk to watch.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from flowedit.gui.main_window import MainWindow
    from flowedit.model.document import Document

SETTLE_MS = 300  # wait this long after the last event before looking: bursts are one change
NEW_FILES_LISTED = 10  # new files named in the offer to add them; the rest are counted

# What a look at a file found (`Look.kind`), and the answers to the question about a modified one.
IGNORED, RELOAD, CONFLICT, DELETED, UNREADABLE = "ignored", "reload", "conflict", "deleted", "unreadable"
KEEP, COMPARE = "keep", "compare"

Stamp = tuple[int, int, int, int]


def _stamp(file: Path) -> Stamp | None:
    try:
        st = file.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _listed(names: list[str], most: int = 4) -> str:
    """Names for a message: all of a few, else the first ones and how many more (a git checkout …)."""
    if len(names) <= most:
        return ", ".join(names)
    return f"{', '.join(names[:most - 1])} and {len(names) - most + 1} more"


@dataclass
class Look:
    """What one look at a file on disk found, and what it needs to act on it."""

    file: Path
    document: Document | None
    kind: str
    data: bytes | None = None  # the bytes on disk
    new: Document | None = None  # the document they read as (RELOAD, CONFLICT)
    error: str = ""  # UNREADABLE: the located error


class FlowWatcher(QObject):
    """Notices and handles changes other programs make to the open flow's files (module docstring)."""

    looked = Signal(list)  # the `Look`s of a `check()`, after it acted on them
    stamp_of = staticmethod(_stamp)  # a file's stat as the watch compares it (`watch_manifest` too)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.watcher = QFileSystemWatcher(self)
        self.known: dict[Path, bytes] = {}  # what we last read from or wrote to each document file
        self._stamps: dict[Path, Stamp | None] = {}  # each file's stat when `known` was taken
        self._deleted: set[Path] = set()  # document files found deleted (and not yet back)
        self._reported: dict[Path, bytes] = {}  # unreadable bytes already reported, not to be again
        self._seen: set[Path] = set()  # TwiML files of a folder flow already in it, offered or ignored
        self._changed: set[Path] = set()  # files with events since the last look
        self._folders_changed = False
        self._root: Path | None = None  # the watched flow's location (None: nothing watched)
        self._single = False
        self.questions: dict[Path, QMessageBox] = {}  # the open question about each modified file
        self.new_files_box: QMessageBox | None = None
        self._offered: dict[Path, tuple[Document, bytes]] = {}  # new files the open offer is about
        self._timer = coalescing_timer(self, SETTLE_MS, self.check)
        self.manifest = ManifestWatch(self)  # flowedit.json, or a single file's sidecar
        self.watcher.fileChanged.connect(self._file_changed)
        self.watcher.directoryChanged.connect(self._folder_changed)
        self.session.flowReplaced.connect(self.restart)
        self.session.filesWritten.connect(self._written)

    # -- what is watched -------------------------------------------------------------------
    def restart(self) -> None:
        """Forget the old flow and watch the session's flow, taking its files' bytes as they are now."""
        self._timer.stop()
        self._close_questions()
        watched = self.watcher.files() + self.watcher.directories()
        if watched:
            self.watcher.removePaths(watched)
        self.known.clear()
        self._stamps.clear()
        self._deleted.clear()
        self._reported.clear()
        self._seen.clear()
        self._changed.clear()
        self._folders_changed = False
        if self.session.untitled:
            self._root = None
            self.manifest.restart()
            return
        self._root, self._single = self.session.loaded.location, self.session.loaded.single_file
        docs = self.files()
        for file in docs:
            self._take(file)
        if not self._single:
            self._seen = set(self._twiml_files())
        self.manifest.restart()
        self._sync_watch(docs)

    @property
    def root(self) -> Path | None:
        """The watched flow's location (the folder, or the single file); None when nothing is watched."""
        return self._root

    def file_of(self, doc: Document) -> Path:
        assert self._root is not None
        return self._root if self._single else self._root / doc.filename

    def files(self) -> dict[Path, Document]:
        """The file of each document of the flow (whether it exists yet or not)."""
        if self._root is None:
            return {}
        return {self.file_of(doc): doc for doc in self.session.flow.documents.values()}

    def _take(self, file: Path, data: bytes | None = None) -> None:
        """Record `file` as known: its stat first, so a write racing the read shows up as a change."""
        stamp = _stamp(file)
        if data is None:
            try:
                data = file.read_bytes()
            except OSError:
                return
        self._stamps[file] = stamp
        self.known[file] = data
        self._deleted.discard(file)

    def _sync_watch(self, docs: dict[Path, Document] | None = None) -> None:
        """Watch every existing document file and the folders holding them. Files replaced by a
        rename (how most editors save, and QSaveFile too) have dropped out of the watcher: re-added."""
        if self._root is None:
            return
        docs = self.files() if docs is None else docs
        stamps = self._stamps  # fresh for every file looked at: no second stat for those
        files = {str(f) for f in docs if (stamps[f] is not None if f in stamps else f.is_file())}
        manifest = self.manifest.file()
        if manifest is not None and self.manifest.stamp is not None:
            files.add(str(manifest))
        folders = {str(f.parent) for f in docs} | {str(self._root.parent if self._single else self._root)}
        folders = {f for f in folders if os.path.isdir(f)}
        have_files, have_folders = set(self.watcher.files()), set(self.watcher.directories())
        gone = sorted((have_files - files) | (have_folders - folders))
        new = sorted((files - have_files) | (folders - have_folders))
        if gone:
            self.watcher.removePaths(gone)
        if new:
            self.watcher.addPaths(new)

    def _twiml_files(self):
        """The TwiML files under a folder flow's location, as the loader finds them."""
        from flowedit.io.folder import SIDECAR, is_twiml_file

        assert self._root is not None
        for folder, subfolders, names in os.walk(self._root):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            for name in names:
                path = Path(folder, name)
                if is_twiml_file(path) and not name.endswith(SIDECAR):
                    yield path

    def _written(self, written: dict[Path, bytes]) -> None:
        """Our own save: its bytes are now what the files hold (a Save As watches the new place)."""
        location = None if self.session.untitled else self.session.loaded.location
        if location != self._root or self.session.loaded.single_file != self._single:
            self.restart()
            return
        self.manifest.written(written)
        docs = self.files()
        for file, data in written.items():
            if file in docs:  # not the manifest, nor what a failed Save As wrote elsewhere
                self._take(file, data)
                self._seen.add(file)
        self._sync_watch(docs)

    def _file_changed(self, path: str) -> None:
        self._changed.add(Path(path))
        self._timer.start()

    def _folder_changed(self, _path: str) -> None:
        self._folders_changed = True
        self._timer.start()

    # -- looking ---------------------------------------------------------------------------
    def check(self) -> None:
        """Look at every file that had an event or whose stat changed, and act on what changed."""
        if self._root is None:
            return
        docs = self.files()
        changed, self._changed = self._changed, set()
        folders, self._folders_changed = self._folders_changed, False
        for file in docs:
            stamp = _stamp(file)
            if stamp != self._stamps.get(file):
                changed.add(file)
            elif file not in self._stamps:
                self._stamps[file] = None  # not there yet (a document not saved): nothing to look at
        # A file with an event may have been replaced: watch it afresh (some platforms keep watching
        # the old, deleted file under the same name rather than dropping it).
        watched = set(self.watcher.files())
        replaced = [str(file) for file in changed if str(file) in watched]
        if replaced:
            self.watcher.removePaths(replaced)
        manifest = self.manifest.file()
        settings = self.manifest.look() if manifest in changed or self.manifest.changed() else None
        changed.discard(manifest)
        looks = [self.examine(file, docs) for file in sorted(changed)]
        self.act(looks)
        if settings:
            self.window.statusBar().showMessage(settings, 20000)
        if folders and not self._single:
            self._look_for_new_files()
        self._sync_watch()
        self.looked.emit(looks)

    def _pane_edited(self, doc: Document) -> bool:
        pane = self.window.xml_pane
        return pane.edited and pane.document is doc

    def examine(self, file: Path, docs: dict[Path, Document] | None = None) -> Look:
        """What `file` holds now compared with what we know of it; only `known`/stamps are updated."""
        from flowedit.io.errors import ReadError
        from flowedit.io.reader import MAX_BYTES, read_document, read_file
        from flowedit.io.writer import document_bytes

        file = Path(file)
        doc = (self.files() if docs is None else docs).get(file)
        stamp = _stamp(file)
        self._stamps[file] = stamp  # looked at in this state: not again until it changes
        try:
            if stamp is not None and stamp[2] > MAX_BYTES:
                read_file(file)  # raises the reader's own "too large" error
            data = file.read_bytes()
        except FileNotFoundError:
            if doc is None or file not in self.known or file in self._deleted:
                return Look(file, doc, IGNORED)
            return Look(file, doc, DELETED)
        except ReadError as err:
            return Look(file, doc, UNREADABLE, error=str(err))
        except OSError as err:
            return Look(file, doc, UNREADABLE, error=f"{file}: cannot read: {err.strerror or err}")
        if data == self.known.get(file):
            self._deleted.discard(file)
            return Look(file, doc, IGNORED, data)  # our own save, or touched without a change
        if doc is None:
            self.known[file] = data  # not (or no longer) a document of the flow
            return Look(file, doc, IGNORED, data)
        mine = document_bytes(doc)
        edited = self._pane_edited(doc)
        if data == mine and not edited:
            self._take(file, data)  # the disk already holds what the editor has
            return Look(file, doc, IGNORED, data)
        try:
            new = read_document(data, doc.path, file=str(file), suffix=doc.suffix)
        except ReadError as err:
            if self._reported.get(file) == data:
                return Look(file, doc, IGNORED, data)  # told already
            return Look(file, doc, UNREADABLE, data, error=str(err))
        new.filename = doc.filename
        modified = edited or mine != self.known.get(file)
        return Look(file, doc, CONFLICT if modified else RELOAD, data, new)

    # -- acting ----------------------------------------------------------------------------
    def act(self, looks: list[Look]) -> None:
        """Do what each look calls for: reload, ask, or report (one status message for them all)."""
        said: list[str] = []
        reloads = [look for look in looks if look.kind == RELOAD]
        if reloads and self.reload(reloads, status=False):
            said.append(f"Reloaded {self._names(reloads)}: changed on disk by another program "
                        f"(Edit ▸ Undo brings back the previous version)")
        for look in looks:
            if look.kind == CONFLICT:
                self.ask(look.file)
        deleted = [look for look in looks if look.kind == DELETED]
        if deleted:
            said.append(self._gone(deleted))
        unreadable = [look for look in looks if look.kind == UNREADABLE]
        if unreadable:
            said.append(self._unreadable(unreadable))
        if said:
            self.window.statusBar().showMessage("; ".join(said), 20000)

    @staticmethod
    def _names(looks: list[Look]) -> str:
        return _listed([look.file.name for look in looks])

    def reload(self, looks: list[Look], *, status: bool = True) -> bool:
        """Replace each look's document by the version read from disk, as one undoable step."""
        session, flow = self.session, self.session.flow
        looks = [look for look in looks if look.new is not None and look.document in flow.documents.values()]
        if not looks:
            return False
        was_clean = session.undo_stack.isClean()
        olds = {id(look.document) for look in looks}
        pane = self.window.xml_pane
        if pane.edited and id(pane.document) in olds:
            pane.revert()  # "discard mine" includes text typed in the XML pane
        selected = [look.new for look in looks if any(ref.document is look.document for ref in session.selection)]

        def action():
            changes = []
            for look in looks:
                path, entry = look.document.path, flow.entry == look.document.path
                changes += [(flow, flow.remove_document(path)), (flow, flow.add_document(look.new))]
                if entry:
                    changes.append((flow, flow.set_entry(path)))
            return changes

        text = f"Reload {looks[0].file.name} from disk" if len(looks) == 1 else \
            f"Reload {_plural(len(looks), 'file')} from disk"
        if not session.edit(text, action):
            return False
        for look in looks:
            self._take(look.file, look.data)
        if was_clean:
            session.undo_stack.setClean()  # the flow and its files agree again: still saved
        if selected:
            session.select([Ref(doc) for doc in selected])
        if status:
            self.window.statusBar().showMessage(
                f"Reloaded {self._names(looks)} from disk (Edit ▸ Undo brings back your version)", 20000)
        return True

    def _mark_modified(self) -> None:
        """The flow no longer matches its files, though no step was taken: not clean until saved."""
        self.session.undo_stack.resetClean()

    def _gone(self, looks: list[Look]) -> str:
        for look in looks:
            self._deleted.add(look.file)
        self._mark_modified()
        if len(looks) == 1:
            look = looks[0]
            assert look.document is not None
            return (f"{look.file.name} was deleted on disk; {look.document.path} is still open "
                    f"(Save writes the file again)")
        return (f"{_plural(len(looks), 'file')} of the flow were deleted on disk ({self._names(looks)}); "
                f"their documents are still open (Save writes them again)")

    def _unreadable(self, looks: list[Look]) -> str:
        # `known` keeps the last bytes that read: the other program is likely still at work, and once
        # the file reads again an unmodified document reloads as usual. Not marked modified either.
        for look in looks:
            if look.data is not None:
                self._reported[look.file] = look.data  # reported once, not again at every look
        errors = "\n".join(look.error for look in looks)
        kept = "The document in the editor was kept" if len(looks) == 1 else "The documents in the editor were kept"
        self.window._show_error("File Changed on Disk",
                                f"{self._names(looks)} changed on disk and no longer reads:\n\n{errors}\n\n"
                                f"{kept}; Save writes the editor's version over the file.")
        return f"{self._names(looks)} changed on disk and no longer reads: {looks[0].error}"

    # -- the question about a modified document ---------------------------------------------
    def ask(self, file: Path) -> QMessageBox:
        """Ask what to do about a modified document changed on disk (non-modal; one box per file)."""
        from PySide6.QtWidgets import QMessageBox

        box = self.questions.get(file)
        if box is not None:
            box.show()
            box.raise_()
            return box
        doc = self.files().get(file)
        path = doc.path if doc is not None else file.name
        box = QMessageBox(QMessageBox.Icon.Question, "File Changed on Disk",
                          f"{file.name} was changed by another program, and you have unsaved changes to {path}.",
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("externalChangeBox")
        box.setInformativeText(
            f"{file}\n\n"
            "Reload takes the version on disk (Edit ▸ Undo brings yours back). Keep Mine leaves your "
            "version open, and saving will overwrite the file. Compare shows the differences first.")
        buttons = {}
        for answer, label, role in ((RELOAD, "Reload", QMessageBox.ButtonRole.AcceptRole),
                                    (KEEP, "Keep Mine", QMessageBox.ButtonRole.RejectRole),
                                    (COMPARE, "Compare…", QMessageBox.ButtonRole.ActionRole)):
            button = box.addButton(label, role)
            button.setObjectName(f"{answer}Button")
            buttons[answer] = button
        box.setDefaultButton(buttons[KEEP])  # Enter loses nothing
        box.setEscapeButton(buttons[KEEP])
        # Non-modal: the canvas and the Differences dock stay usable while it is open.
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.finished.connect(lambda _result, file=file, box=box: self._answered(file, box))
        self.questions[file] = box
        box.show()
        return box

    def _answered(self, file: Path, box: QMessageBox) -> None:
        clicked = box.clickedButton()
        name = clicked.objectName() if clicked is not None else ""
        answer = {f"{RELOAD}Button": RELOAD, f"{COMPARE}Button": COMPARE}.get(name, KEEP)
        if self.questions.get(file) is box:
            del self.questions[file]
        box.deleteLater()
        self.resolve(file, answer)

    def resolve(self, file: Path, answer: str) -> None:
        """Act on the answer about a modified document (RELOAD, KEEP or COMPARE), the disk as it is now."""
        file = Path(file)
        if answer == COMPARE:
            self.window.compare.with_saved("the files on disk")
            self.ask(file)  # ... and ask again, the differences in view
            return
        look = self.examine(file)
        if look.kind not in (RELOAD, CONFLICT):
            self.act([look])  # deleted, unreadable, or back to what we know by now
        elif answer == RELOAD:
            self.reload([look])
        else:
            self._take(file, look.data)  # their version is now the one we know of ...
            self._mark_modified()  # ... and ours differs from it: the next save overwrites it
            self.window.statusBar().showMessage(
                f"Kept your version of {file.name}; saving will overwrite the file on disk", 20000)

    def _close_questions(self) -> None:
        boxes = list(self.questions.values()) + ([self.new_files_box] if self.new_files_box else [])
        self.questions.clear()
        self.new_files_box, self._offered = None, {}
        for box in boxes:
            box.finished.disconnect()
            box.close()
            box.deleteLater()

    # -- new files in a folder flow -------------------------------------------------------------
    def _look_for_new_files(self) -> None:
        from flowedit.io.errors import ReadError
        from flowedit.io.reader import read_document
        from flowedit.model.paths import PathError, check_path, path_for_file

        assert self._root is not None
        flow = self.session.flow
        docs = self.files()
        found: dict[Path, tuple[Document, bytes]] = {}
        for file in sorted(set(self._twiml_files()) - self._seen - set(docs) - set(self._offered)):
            relative = file.relative_to(self._root).as_posix()
            path, suffix = path_for_file(relative)
            try:
                check_path(path)
                if path in flow.documents:
                    raise PathError(path)
                data = file.read_bytes()
                doc = read_document(data, path, file=str(file), suffix=suffix)
            except (PathError, OSError):
                self._seen.add(file)  # could never be added under its name: not asked about
                continue
            except ReadError:
                continue  # perhaps still being written: looked at again at the next change
            doc.filename = relative
            found[file] = (doc, data)
        if found:
            self.offer_new_files(found)

    def offer_new_files(self, found: dict[Path, tuple[Document, bytes]]) -> QMessageBox:
        """Offer to add TwiML files that appeared in the flow's folder (non-modal; one box for all)."""
        from PySide6.QtWidgets import QMessageBox

        self._offered.update(found)
        box = self.new_files_box
        if box is None:
            box = QMessageBox(QMessageBox.Icon.Question, "New File in the Flow Folder", "",
                              QMessageBox.StandardButton.NoButton, self.window)
            box.setObjectName("newFilesBox")
            add = box.addButton("Add to Flow", QMessageBox.ButtonRole.AcceptRole)
            add.setObjectName("addButton")
            ignore = box.addButton("Ignore", QMessageBox.ButtonRole.RejectRole)
            ignore.setObjectName("ignoreButton")
            box.setDefaultButton(add)
            box.setEscapeButton(ignore)
            box.setWindowModality(Qt.WindowModality.NonModal)
            box.finished.connect(lambda _result, box=box: self._new_files_answered(box))
            self.new_files_box = box
        offered = list(self._offered.items())
        if len(offered) == 1:
            file, (doc, _data) = offered[0]
            box.setText(f"{file.name} appeared in the flow's folder.")
            box.setInformativeText(f"Add it to the flow as {doc.path}? (Edit ▸ Undo takes it out again.)")
        else:
            lines = [f"{file.name}  →  {doc.path}" for file, (doc, _data) in offered[:NEW_FILES_LISTED]]
            if len(offered) > NEW_FILES_LISTED:
                lines.append(f"… and {len(offered) - NEW_FILES_LISTED} more")
            listed = "\n".join(lines)
            box.setText(f"{_plural(len(offered), 'TwiML file')} appeared in the flow's folder.")
            box.setInformativeText(f"{listed}\n\nAdd them to the flow? (Edit ▸ Undo takes them out again.)")
        box.show()
        return box

    def _new_files_answered(self, box: QMessageBox) -> None:
        clicked = box.clickedButton()
        offered, self._offered, self.new_files_box = self._offered, {}, None
        box.deleteLater()
        self._seen.update(offered)  # asked once: an ignored file is not offered again
        if clicked is not None and clicked.objectName() == "addButton":
            self.add_new_files(offered)

    def add_new_files(self, found: dict[Path, tuple[Document, bytes]]) -> bool:
        """Add documents read from new files to the flow, as one undoable step."""
        session, flow = self.session, self.session.flow
        adding = [(file, doc, data) for file, (doc, data) in found.items() if doc.path not in flow.documents]
        if not adding:
            return False
        was_clean = session.undo_stack.isClean()

        def action():
            return [(flow, flow.add_document(doc)) for _file, doc, _data in adding]

        names = _listed([file.name for file, _doc, _data in adding])
        if not session.edit(f"Add {names} to the flow", action):
            return False
        for file, _doc, data in adding:
            self._seen.add(file)
            self._take(file, data)
        if was_clean:
            session.undo_stack.setClean()  # the documents are what the files hold: nothing to save
        self._sync_watch()
        self.window.statusBar().showMessage(
            f"Added {_listed([doc.path for _file, doc, _data in adding])} to the flow", 15000)
        return True
