"""The open flow in the editor: model, undo stack, file location, selection and live findings.

`FlowSession` is what ARCHITECTURE.md calls the GUI "document": the one object every panel and the
canvas talk to. Widgets never change the model themselves: they call `edit(text, action)`, which runs
the action through the model's edit API, and pushes the change records it returns as one
`EditCommand` on the `QUndoStack` (refused edits are reported, never pushed). The session subscribes to
the flow and re-emits each change as a Qt signal, so the picture follows the model; after every change
of the undo stack it re-runs the live `Validator`, which re-checks only the documents that changed.
Selection is session state, not undoable.

Opening a big flow can leave its first check for later (`open(path, check_later=True)`): the window
shows the flow first and runs the check after its first paint, a slice at a time between events
(`check_in_slices`); meanwhile `checking` is True and the findings are empty. Reading `findings`
while that check is due runs it first (without announcing it: `findingsChanged` follows from
`check_now()`), so no reader ever sees findings of another flow.
The checker itself (`flowedit.validate`, which pulls in networkx) is imported on the first check, so
an empty editor starts without it. Likewise the model and its files (`flowedit.model`, `flowedit.io`:
lxml and the TwiML vocabulary, ~35 ms of a cold start): until something needs more than the empty
window asks, a new session's `flow` is `EmptyFlow`, which answers those questions (no documents, no
entry, no links, no positions) and makes the real, empty `Flow` for anything else (see `loaded`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from flowedit.gui import collector
from flowedit.gui.save_errors import SaveError
from flowedit.gui.timers import coalescing_timer

# The model, the reader and writer and the undo commands are imported where they are used: a new
# window's session starts without them (see the module docstring).
if TYPE_CHECKING:
    from flowedit.gui.commands import Recorded
    from flowedit.io.folder import LoadedFlow
    from flowedit.model.document import Document
    from flowedit.model.flow import Flow
    from flowedit.validate import Finding, Validator

# Up to this many documents a check takes a few frames at most: it runs at once, even when asked
# to wait (so small flows open with their findings, as they always did).
CHECK_AT_ONCE_DOCUMENTS = 16
SLICE_MS = 8  # a slice of a first check left for after the paint (`check_in_slices`): half a frame


@dataclass(frozen=True)
class Ref:
    """One selected node: an element (or comment) of a document, or the document itself (`eid` None)."""

    document: Document
    eid: int | None = None

    @property
    def path(self) -> str:
        return self.document.path


class EmptyFlow:
    """A new session's flow until something needs the model (see the module docstring).

    It answers what an empty window asks of its flow as an empty `Flow` would: no documents, no entry,
    no links, no saved positions. Any other attribute makes the session's real, empty `Flow` (importing
    the model) and comes from that, so edits, saves and checks all act on the real one.
    """

    documents = MappingProxyType({})
    entry = None
    base_url = None

    def __init__(self, session: FlowSession) -> None:
        self._session = session

    def links(self) -> list:
        return []

    def position(self, _path: str) -> None:
        return None

    def __getattr__(self, name: str):
        return getattr(self._session.loaded.flow, name)


class FlowSession(QObject):
    """The flow being edited (see the module docstring)."""

    flowReplaced = Signal()  # noqa: N815 - a new flow was opened or created: rebuild everything
    documentChanged = Signal(object, object)  # noqa: N815 - (Document, DocumentChange) after it applied
    flowChanged = Signal(object)  # noqa: N815 - FlowChange after it applied (documents added, moved …)
    modelChanged = Signal()  # noqa: N815 - after any change of either kind
    findingsChanged = Signal()  # noqa: N815
    selectionChanged = Signal()  # noqa: N815
    editRefused = Signal(str)  # noqa: N815 - an edit the model refused: the reason, for the status bar
    # {file: bytes} a save put on disk (also the files a failed save wrote before it stopped), so the
    # file watcher can tell our own writes from other programs'
    filesWritten = Signal(object)  # noqa: N815
    # the draft (text typed in the XML pane and not applied) came, changed or went: autosave keeps it
    draftChanged = Signal()  # noqa: N815
    # a burst of model changes (one edit, undo or redo: a rename rewrites thousands of links) is over;
    # views that put their work off while `in_burst` do it now, once per document
    changesSettled = Signal()  # noqa: N815

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._loaded: LoadedFlow | None = None  # a new session's empty flow, made when needed (`loaded`)
        self._empty = EmptyFlow(self)
        self.untitled = True  # never saved: Save asks where
        self._validator: Validator | None = None  # made by the first check (see `validator`)
        self._single_file = False
        self._findings: list[Finding] = []
        self.checking = False  # a flow was opened and its first check has not been announced yet
        self._check_due = False  # ... nor run: reading `findings` runs it first
        self._unannounced: list[Finding] | None = None  # a check run on reading, for `check_now` to announce
        self._selection: list[Ref] = []
        self._applied: list | None = None  # changes announced while an edit's action runs
        self._files: set[Path] = set()  # the document files the flow was read from / last saved to
        self._draft: tuple[Document, str] | None = None  # (document, typed text) not applied (`draft`)
        self._bursts = 0  # nesting of `burst()`
        self._prune_due = False  # documents may have gone in this burst: the selection is pruned at its end
        # coalesce a burst of changes into one check, right after them
        self._check_timer = coalescing_timer(self, 0, self.check_now)
        self._slice_timer = coalescing_timer(self, 0, lambda: self._slice_check(*self._next_slice))
        self._next_slice: tuple = (None, [])  # see `check_in_slices`
        self.undo_stack.indexChanged.connect(lambda _index: self._check_timer.start())

    # -- the flow --------------------------------------------------------------------------------
    @property
    def loaded(self) -> LoadedFlow:
        """The flow, the files of it that could not be read, and where it came from."""
        if self._loaded is None:  # a new session: its untitled, empty flow, now that it is needed
            from flowedit.io.folder import LoadedFlow, Manifest
            from flowedit.model.flow import Flow

            self._loaded = LoadedFlow(Flow(), [], Path("untitled"), Manifest())
            self._loaded.flow.subscribe(self._on_change)
        return self._loaded

    @property
    def flow(self) -> Flow:
        return self._empty if self._loaded is None else self._loaded.flow  # type: ignore[return-value]

    @property
    def location(self) -> Path | None:
        return None if self.untitled else self.loaded.location

    @property
    def title(self) -> str:
        return "Untitled flow" if self.untitled else self.loaded.location.name

    def open(self, path: Path | str, *, check_later: bool = False) -> LoadedFlow:
        """Open a TwiML file or flow folder (OSError when it cannot be read at all).

        With `check_later`, a flow of more than CHECK_AT_ONCE_DOCUMENTS documents is not checked yet:
        `checking` stays True until the caller's `check_now()` (or a read of `findings`) runs it.
        """
        from flowedit.io.folder import load_flow

        loaded = load_flow(Path(path))
        self._replace(loaded, untitled=False,
                      check_later=check_later and len(loaded.flow.documents) > CHECK_AT_ONCE_DOCUMENTS)
        self._files = {self._file_of(doc) for doc in loaded.flow.documents.values()}
        return loaded

    def new_flow(self, documents: list[Document] | None = None, entry: str | None = None) -> None:
        """Start an unsaved flow from these documents (a template), or an empty one."""
        from flowedit.io.folder import LoadedFlow, Manifest
        from flowedit.model.flow import Flow

        flow = Flow(documents or [], entry=entry)
        self._replace(LoadedFlow(flow, [], Path("untitled"), Manifest()), untitled=True)
        self._files = set()

    def recover(self, loaded: LoadedFlow, *, untitled: bool, files: set[Path]) -> None:
        """Show a flow recovered from an autosave: modified from the start (nothing of it is saved),
        with a fresh undo history, tied to `loaded.location` so Save writes there. `files` are the
        document files it was read from or last saved to there (Save removes those of removed documents)."""
        self._replace(loaded, untitled=untitled, check_later=len(loaded.flow.documents) > CHECK_AT_ONCE_DOCUMENTS)
        self._files = set(files)
        self.undo_stack.resetClean()  # no step to undo, yet not what is on disk

    # -- the draft: work typed but not applied ------------------------------------------------------
    @property
    def draft(self) -> tuple[str, str] | None:
        """(document path, text) typed in the XML pane and not applied, or None. It is part of the
        user's work (autosaved, recovered, asked about on close) though not of the model. The path is
        the document's as it is now (it follows a rename)."""
        return (self._draft[0].path, self._draft[1]) if self._draft is not None else None

    def set_draft(self, doc: Document | None, text: str | None = None) -> None:
        """The XML pane's unapplied text of `doc` (None, or no text: there is none now)."""
        draft = (doc, text) if doc is not None and text is not None else None
        if draft != self._draft:
            self._draft = draft
            self.draftChanged.emit()

    @property
    def files(self) -> frozenset[Path]:
        """The document files the flow was read from or last saved to."""
        return frozenset(self._files)

    def _replace(self, loaded: LoadedFlow, *, untitled: bool, check_later: bool = False) -> None:
        if self._loaded is not None:
            self._loaded.flow.unsubscribe(self._on_change)
        self._loaded = loaded
        self.untitled = untitled
        loaded.flow.subscribe(self._on_change)
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._selection = []
        self._validator = None
        self._single_file = loaded.single_file
        # Nothing is known about the new flow yet: no old findings shown on its items meanwhile.
        self._findings, self._unannounced = [], None
        self._check_due, self.checking = False, check_later
        self.flowReplaced.emit()
        self.selectionChanged.emit()
        if check_later:
            self._check_timer.stop()  # clearing the old undo history asked for a check: not before the paint
            self._check_due = True  # only now: the views built above read the (empty) findings as they are
        else:
            self.check_now()

    def _on_change(self, flow, flow_change, doc, doc_change) -> None:
        self._unannounced = None  # checked before this change: check again
        if self._applied is not None:  # an action is running: note what it did, for a rollback
            self._applied.append((flow, flow_change) if flow_change is not None else (doc, doc_change))
        if flow_change is not None:
            if self._bursts:
                self._prune_due = True  # once, when the burst is over (moving 1,000 frames is 1,000 changes)
            else:
                self._prune_selection()
            self.flowChanged.emit(flow_change)
        else:
            self.documentChanged.emit(doc, doc_change)
        self.modelChanged.emit()

    # -- editing ---------------------------------------------------------------------------------
    @property
    def in_burst(self) -> bool:
        """True while an edit, undo or redo is applying its changes (see `burst`)."""
        return self._bursts > 0

    @contextmanager
    def burst(self):
        """The model changes made inside are one burst: each is announced as it happens, and views
        that are costly to update per change (the canvas) may wait for `changesSettled` at its end."""
        with collector.paused():  # thousands of change records and items at once (see `collector`)
            self._bursts += 1
            try:
                yield
            finally:
                self._bursts -= 1
                if not self._bursts:  # the views follow the burst: still part of it for the collector
                    if self._prune_due:
                        self._prune_due = False
                        self._prune_selection()
                    self.changesSettled.emit()

    def edit(self, text: str, action: Callable[[], Recorded], merge_key: Hashable | None = None) -> bool:
        """Run `action` (model edits returning [(target, change), …]) as one undoable step named `text`.

        False, with `editRefused` emitted, when the model refused it. A refusal halfway through an
        action of several edits rolls back the ones already made, so nothing is left changed.
        """
        from flowedit.gui.commands import EditCommand, is_no_op
        from flowedit.model.document import EditError
        from flowedit.model.paths import PathError

        self._applied = []
        refused = None
        try:
            with self.burst():
                try:
                    changes = list(action())
                except (EditError, PathError) as err:
                    self._roll_back(self._applied)
                    refused = str(err)
        finally:
            self._applied = None
        if refused is not None:
            self.editRefused.emit(refused)
            return False
        if not changes or is_no_op(changes):
            return True
        self.undo_stack.push(EditCommand(text, changes, merge_key, burst=self.burst))
        return True

    @staticmethod
    def _roll_back(applied: list) -> None:
        """Undo the changes an interrupted action made, newest first. The link rewrites a rename made
        were announced on their own too; the rename's inverse undoes them, so they are skipped here."""
        nested = {id(edit.change) for _, change in applied for edit in getattr(change, "links", ())}
        for target, change in reversed(applied):
            if id(change) not in nested:
                target.apply(change.inverse())

    # -- selection (not undoable) ----------------------------------------------------------------
    @property
    def selection(self) -> list[Ref]:
        """The selected nodes that are in their document now. A removed element stays selected behind
        the scenes, so that undoing the removal brings it back selected."""
        return [r for r in self._selection if r.eid is None or r.document.contains(r.eid)]

    def select(self, refs: list[Ref] | Ref | None, *, add: bool = False) -> None:
        refs = [] if refs is None else [refs] if isinstance(refs, Ref) else list(refs)
        new = (self._selection + [r for r in refs if r not in self._selection]) if add else refs
        if new != self._selection:
            self._selection = new
            self.selectionChanged.emit()

    def _prune_selection(self) -> None:
        documents = set(self.flow.documents.values())  # (a set: `in .values()` scans them all)
        kept = [r for r in self._selection if r.document in documents and (r.eid is None or r.document.contains(r.eid))]
        if kept != self._selection:
            self._selection = kept
            self.selectionChanged.emit()

    @property
    def current_document(self) -> Document | None:
        """The document of the last selected node, else the entry document, else the first one."""
        if self._selection:
            return self._selection[-1].document  # even when that element was just removed
        flow = self.flow
        if flow.entry in flow.documents:
            return flow.documents[flow.entry]
        return next(iter(flow.documents.values()), None)

    # -- validation ------------------------------------------------------------------------------
    @property
    def validator(self) -> Validator:
        """The live checker of the open flow, made on first use (importing it costs ~0.15 s)."""
        if self._validator is None:
            from flowedit.gui.pyside_scan import tell_pyside_about

            tell_pyside_about("networkx", "importlib", "email")  # imported with the checker
            # Importing ~350 modules with a big flow open ran the collector over the flow's objects
            # ~50 times: 150–175 ms of a ~260 ms import (1,000 documents).
            with collector.paused():
                from flowedit.io.writer import document_bytes
                from flowedit.validate import Validator

                self._validator = Validator(self.loaded.flow, single_file=self._single_file,
                                            measure=lambda doc: len(document_bytes(doc)))
        return self._validator

    @property
    def findings(self) -> list[Finding]:
        """The live findings; a first check that is due runs now (see the module docstring)."""
        if self._check_due:
            self._check_due = False
            self._findings = self._unannounced = self.validator.check()
        return self._findings

    def check_in_slices(self) -> None:
        """Run a due first check a few milliseconds at a time between events, then announce it.

        The screen and the document rules of a big flow take a few hundred milliseconds: done at
        once right after the flow is shown, they would hold scrolling and clicks that long. Each
        slice checks documents for SLICE_MS (the checker keeps each document's findings), and the
        last runs `check_now()`, which then only adds the flow rules. An edit meanwhile runs the
        whole check at once as usual (its timer), and so does reading `findings`; a slice then finds
        nothing left to do, as it does when another flow was opened."""
        if not self.checking:
            return
        validator = self.validator  # importing the checker (networkx) is one piece
        pending = list(self.loaded.flow.documents.values())[::-1]  # popped from the end: in flow order
        self._slice_check(validator, pending)

    def _slice_check(self, validator: Validator, pending: list[Document]) -> None:
        if self._validator is not validator or not self.checking:
            return  # another flow, or checked and announced meanwhile
        if self._check_due:  # (not when `findings` was read meanwhile: then it only needs announcing)
            from time import perf_counter

            deadline = perf_counter() + SLICE_MS / 1000
            documents = self.loaded.flow.documents
            with collector.paused():
                while pending:
                    doc = pending.pop()
                    if documents.get(doc.path) is doc:  # (one removed meanwhile is not checked)
                        validator.document_findings(doc)
                    if pending and perf_counter() >= deadline:
                        self._next_slice = (validator, pending)
                        self._slice_timer.start()
                        return
        self.check_now()

    def check_now(self) -> list[Finding]:
        """Re-run the live checks (only changed documents are re-checked) and announce the result."""
        self._check_timer.stop()
        self._slice_timer.stop()
        self._next_slice = (None, [])
        found = self._unannounced if self._unannounced is not None else self.validator.check()
        self._findings, self._unannounced = found, None
        self._check_due = self.checking = False
        self.findingsChanged.emit()
        return found

    def findings_for(self, document: Document, eid: int | None = None) -> list[Finding]:
        return [f for f in self.findings if f.document == document.path and (eid is None or f.eid == eid)]

    # -- saving ----------------------------------------------------------------------------------
    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def _file_of(self, doc: Document, root: Path | None = None) -> Path:
        root = root or self.loaded.location
        if self.loaded.single_file:
            return root
        return root / doc.filename

    def save(self, target: Path | None = None) -> list[Path]:
        """Write the flow (atomically, file by file) to its location or to `target` (Save As).

        A folder flow saved in place also removes the files of documents that were removed or renamed
        since they were read; nothing else in the folder is touched, and a file that already holds
        what would be written is not written again (one edit in a flow of a thousand documents writes
        one file, and the others keep their time stamps). Raises SaveError; one that stops
        part-way lists the files written before it and those not written.
        """
        from flowedit.io.folder import MANIFEST, LoadedFlow, manifest_bytes, sidecar_for
        from flowedit.io.writer import document_bytes

        single = self.loaded.single_file
        if target is None:
            if self.untitled:
                raise SaveError("this flow has not been saved yet: choose where to save it")
            root = self.loaded.location
        else:
            root = Path(target)
            if single and len(self.flow.documents) != 1:
                single = False
        plan = [(root if single else root / doc.filename, document_bytes(doc))
                for doc in self.flow.documents.values()]
        manifest = manifest_bytes(self.loaded, single_file=single)
        settings_file = sidecar_for(root) if single else root / MANIFEST
        if manifest is not None:
            plan.append((settings_file, manifest))
        written: dict[Path, bytes] = {}  # every file that now holds its bytes, rewritten or not
        # A file this flow was read from or saved to (its settings file, saving in place) that holds
        # the bytes already is left, time stamp and all. A new path is always written: on a file
        # system that ignores case, a document renamed only in case must get its new name on disk.
        known = self._files | ({settings_file} if target is None else set())
        try:
            for file, data in plan:
                if not (file in known and _holds(file, data)):
                    self._write(file, data)
                written[file] = data
            if target is None and not single:
                for stale in sorted(self._files - set(written)):
                    if _same_file_as_one_of(stale, written):
                        continue  # renamed only in case, on a file system that ignores case: it is the new file
                    try:
                        stale.unlink()
                    except FileNotFoundError:
                        pass
                    except OSError as err:
                        raise SaveError(f"{stale}: cannot remove the file of a removed document: {err.strerror}",
                                        file=stale, detail=err.strerror or "", removing=True) from None
        except SaveError as err:
            # Stopped part-way: say which files made it; the flow stays modified (not marked clean).
            err.written, err.unwritten = list(written), [file for file, _ in plan if file not in written]
            if written:
                self.filesWritten.emit(dict(written))
            raise
        if target is not None:
            self._loaded = LoadedFlow(self.flow, [], root, self.loaded.manifest, single_file=single)
            self.untitled = False
        self._files = {w for w in written if w.name != MANIFEST and not w.name.endswith(".flowedit.json")}
        self.undo_stack.setClean()
        self.filesWritten.emit(dict(written))
        return list(written)

    @staticmethod
    def _write(file: Path, data: bytes) -> None:
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise SaveError(f"{file.parent}: cannot create the folder: {err.strerror or err}",
                            file=file, detail=err.strerror or str(err)) from None
        from PySide6.QtCore import QSaveFile  # by the first save: its Python enums are made when first touched

        # QSaveFile writes a temporary file and renames it over `file` only on commit: a failure on
        # the way leaves the old file as it was.
        saver = QSaveFile(str(file))
        if not saver.open(QSaveFile.OpenModeFlag.WriteOnly):
            raise SaveError(f"{file}: cannot write: {saver.errorString()}", file=file, detail=saver.errorString())
        if saver.write(data) != len(data):
            message = saver.errorString()
            saver.cancelWriting()
            saver.commit()  # after cancelWriting, commit removes the temporary file rather than renaming it
            raise SaveError(f"{file}: cannot write: {message}", file=file, detail=message)
        if not saver.commit():  # a failed commit has removed its temporary file itself
            message = saver.errorString()
            raise SaveError(f"{file}: cannot write: {message}", file=file, detail=message)


def _same_file_as_one_of(stale: Path, written: dict[Path, bytes]) -> bool:
    """True when `stale` names, on a file system that ignores case (Windows, macOS), a file just
    written under a name that differs from it only in case: removing it would remove that file."""
    key = stale.name.casefold()
    for file in written:
        if file.parent == stale.parent and file.name.casefold() == key:
            try:
                return os.path.samefile(stale, file)
            except OSError:  # `stale` is gone: nothing to remove
                return False
    return False


def _holds(file: Path, data: bytes) -> bool:
    """True when `file` holds exactly `data` (its size first: most changed files differ in it)."""
    try:
        return file.stat().st_size == len(data) and file.read_bytes() == data
    except OSError:  # missing, unreadable, a folder: write it
        return False
