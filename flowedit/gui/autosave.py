"""Autosave and crash recovery: unsaved work kept in the application data folder until it is safe.

Every running editor owns one entry, `<AppDataLocation>/autosave/<session-id>/`:

    lock            the `QLockFile` of the editor that owns the entry (held while it runs)
    autosave.json   the record: which snapshot is current, where the flow belongs, when, by whom,
                    and the draft (text typed in the XML pane and not applied), if there is one
    snapshot-<n>/   the flow as Save would write it: the documents by file name and the manifest
                    (for a single-file flow, the file and its sidecar), readable by `load_flow`

A snapshot is written into a fresh folder and only then named by the record, which is replaced
atomically (`QSaveFile`): the record is the commit point, so a crash while autosaving leaves the
previous snapshot current and whole. Documents unchanged since the previous snapshot are hard links
to it, so a big flow with one edit costs one file. The record's SHA-256 of each file tells a damaged
entry from a good one.

`Autosave` is the running editor's side: a single-shot timer started by the first change after a
save or an autosave (typing does not restart it, or it would never fire) — a change of the flow or
of the draft — and the entry removed when the flow is clean with no draft, is replaced, or the window
closes. What the timer starts is written on a thread of its own: the documents' bytes are taken from
the model at once, on the GUI thread, and the files are written, synced and named by the record
behind it (`autosave_files.Plan.commit`), so a slow disk (a network home folder, a flow of a
thousand documents: ~0.4 s of writes and fsyncs) never holds up typing. One write runs at a time; a
write asked for meanwhile follows it, and `write()` (recovery's "now"), `clear()` (Save) and closing
wait for it first. `find_crashed` is the next start's side:
entries with a record whose lock nobody alive holds (QLockFile knows a dead owner's lock is stale)
are crashed sessions; a lock held by a live process means "in use". Each entry found is locked by
the finder while it is offered, so two editors starting together never offer the same one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from time import strftime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from flowedit.gui.autosave_files import FORMAT, RECORD, SNAPSHOT, Plan, digest, rmtree

# Every window makes its Autosave at start, long before anything is autosaved or recovered: the
# reader and writer (lxml), hashlib (OpenSSL), json, datetime and uuid are imported where they are
# used, and so are QLockFile, QSaveFile and QStandardPaths (PySide6 makes a Qt class's Python enums
# when the class is first touched), and the root folder is looked up by the first autosave. So is
# shutil (only removals need it): PySide6's import hook reads the source of each module a module
# imports after PySide6, once, and shutil's is long.
if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from PySide6.QtCore import QLockFile

    from flowedit.gui.session import FlowSession
    from flowedit.io.folder import LoadedFlow

LOCK = "lock"
DEFAULT_SECONDS = 30.0
SECONDS_VARIABLE = "FLOWEDIT_AUTOSAVE_SECONDS"  # for tests: a shorter interval


JOB_POLL_MS = 20  # how often the GUI thread looks whether the writer thread is done


class AutosaveError(Exception):
    """An autosave entry that cannot be used; the message says why, for the recovery dialog."""


def autosave_root() -> Path:
    """Where the entries live: the application data folder's `autosave/`."""
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".flowedit") / "autosave"


def interval_ms(environ: Mapping[str, str] = os.environ) -> int:
    """The autosave interval: 30 s, or FLOWEDIT_AUTOSAVE_SECONDS when that is a positive number."""
    try:
        seconds = float(environ.get(SECONDS_VARIABLE, ""))
    except ValueError:
        seconds = DEFAULT_SECONDS
    if not seconds > 0 or seconds != seconds or seconds == float("inf"):
        seconds = DEFAULT_SECONDS
    return max(1, round(seconds * 1000))


def _lock(folder: Path) -> QLockFile | None:
    """The entry's lock, held; None when a live process holds it (or it cannot be made)."""
    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(folder / LOCK))
    lock.setStaleLockTime(0)  # stale only when its owner is dead, never by age (a long session is no crash)
    return lock if lock.tryLock(0) else None


def _safe_name(name: object) -> str:
    """A file name from a record, refused unless it stays inside the snapshot."""
    if not isinstance(name, str) or not name or "\x00" in name:
        raise AutosaveError("its record names a file no file system can hold")
    parts = Path(name).parts
    if Path(name).is_absolute() or ".." in parts or not parts:
        raise AutosaveError(f"its record names a file outside its folder: {name}")
    return name


# -- the running editor's entry ------------------------------------------------------------------
def snapshot_files(session: FlowSession) -> tuple[list[tuple[str, bytes]], dict[str, Any]]:
    """What an autosave of `session` holds: (file name, bytes) pairs, and the record's fields about them."""
    from flowedit.io.folder import MANIFEST, SIDECAR, manifest_bytes
    from flowedit.io.writer import document_bytes

    loaded = session.loaded
    docs = list(session.flow.documents.values())
    single = loaded.single_file and len(docs) == 1  # as Save writes it
    if single:
        name = loaded.location.name
        files = [(name, document_bytes(docs[0]))]
        manifest_name, opens = name + SIDECAR, name
    else:
        files = [(doc.filename, document_bytes(doc)) for doc in docs]
        manifest_name, opens = MANIFEST, ""
    manifest = manifest_bytes(loaded, single_file=single)
    if manifest is not None:
        files.append((manifest_name, manifest))
    fields = {
        "title": session.title,
        "untitled": session.untitled,
        "location": None if session.untitled else str(loaded.location.absolute()),
        "single_file": loaded.single_file,
        "open": opens,  # what load_flow reads: the single file, or the snapshot folder itself
        "documents": len(docs),
        "manifest_unreadable": loaded.manifest.unreadable,
        "saved_files": sorted(str(p.absolute()) for p in session.files),
        "draft": {"path": session.draft[0], "text": session.draft[1]} if session.draft is not None else None,
    }
    return files, fields


class Autosave(QObject):
    """The autosave of one window's session (see the module docstring)."""

    failed = Signal(str)  # the first autosave that could not be written: a message for the status bar
    written = Signal(object)  # the record file, after each autosave

    def __init__(self, session: FlowSession, parent: QObject | None = None, *, root: Path | None = None,
                 interval: int | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._root = Path(root) if root is not None else None  # looked up when first needed (`root`)
        # When, who, and 8 random hex digits (as uuid4().hex[:8], without importing uuid at start).
        self.session_id = f"{strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{os.urandom(4).hex()}"
        self._lock: QLockFile | None = None
        self._number = 0  # the last snapshot folder made
        self._current: Path | None = None  # the snapshot the record names
        self._previous: dict[str, str] = {}  # file name -> digest in the current snapshot (for links)
        self._warned = False
        self._dirty = session.modified  # follows cleanChanged: the stack is not asked while it is destroyed
        self._detached = False
        self._job = None  # the writer thread of the write in progress, if any
        self._outcome: list = []  # what the writer thread leaves: (plan, digests or None, error or None)
        self._again = False  # a write was due while one was in progress
        # The writer thread touches no Qt object (not even a signal: Qt would adopt the thread, and an
        # adopted thread's data can outlive or race its events); this timer looks for its end instead.
        self._watch = QTimer(self)
        self._watch.setInterval(JOB_POLL_MS)
        self._watch.timeout.connect(self._look_at_job)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval if interval is not None else interval_ms())
        self.timer.timeout.connect(self._due)
        session.undo_stack.indexChanged.connect(self._changed)
        session.undo_stack.cleanChanged.connect(self._clean_changed)
        session.flowReplaced.connect(self.clear)
        session.draftChanged.connect(self._draft_changed)
        # Emitted before the session's children go: the undo stack's destructor then clears it, which
        # must not read as "saved" (a window destroyed without closing keeps its autosave).
        session.destroyed.connect(self._detach)

    @property
    def root(self) -> Path:
        """Where the entries live (`autosave_root()` unless given)."""
        if self._root is None:
            self._root = autosave_root()
        return self._root

    @root.setter
    def root(self, root: Path) -> None:
        self._root = Path(root)

    @property
    def folder(self) -> Path:
        return self.root / self.session_id

    @property
    def record_file(self) -> Path:
        return self.folder / RECORD

    @property
    def active(self) -> bool:
        """True while an autosave of the open flow exists."""
        return self._lock is not None and self.record_file.exists()

    # -- when --------------------------------------------------------------------------------------
    @property
    def _keeping(self) -> bool:
        """Whether there is unsaved work: the flow changed, or a draft typed."""
        return self._dirty or self.session.draft is not None

    def _changed(self, *_index) -> None:
        # Started by the first change only: restarting it on every keystroke would postpone it forever.
        if self._keeping and not self._detached and not self.timer.isActive():
            self.timer.start()

    def _clean_changed(self, clean: bool) -> None:
        if self._detached:
            return
        self._dirty = not clean
        if clean and self.session.draft is None:  # saved, or undone back to what is on disk: nothing to keep
            self.clear()
        else:
            self._changed()  # the first edit (its indexChanged came before this), or a recovered flow

    def _draft_changed(self) -> None:
        if self._detached:
            return
        if self._keeping:
            self._changed()
        else:  # the draft applied or reverted, and the flow as on disk
            self.clear()

    def _due(self) -> None:
        if self._detached:
            return
        if self._keeping:
            self._write_behind()
        else:
            self.clear()

    def _detach(self, *_session) -> None:
        self._detached = True
        self.timer.stop()
        self._wait()

    def finish(self) -> None:
        """The window is closing and the user has decided about the changes: leave nothing behind."""
        self.clear()

    # -- writing -----------------------------------------------------------------------------------
    def write(self) -> bool:
        """Autosave the flow now, and wait for it; False (reported once through `failed`) when it
        cannot be written."""
        self.timer.stop()
        self._wait()
        if self._detached:
            return False
        try:
            plan = self._plan()
            digests = plan.commit()
        except (OSError, AutosaveError) as err:
            self._report(err)
            return False
        self._done(plan, digests)
        return True

    def _write_behind(self) -> None:
        """Start an autosave on the writer thread (see the module docstring)."""
        if self._job is not None:
            self._again = True  # written when the one in progress is over
            return
        try:
            plan = self._plan()
        except (OSError, AutosaveError) as err:
            self._report(err)
            return
        import threading

        outcome: list = []
        self._outcome = outcome
        self._job = threading.Thread(target=_run, args=(plan, outcome), name="flowedit-autosave")
        self._job.start()
        self._watch.start()

    def _look_at_job(self) -> None:
        if self._job is not None and self._job.is_alive():
            return
        self._wait()
        if self._again and not self._detached:
            self._again = False
            if self._keeping:
                self._write_behind()

    def _wait(self) -> None:
        """Let a write in progress end, and take its outcome."""
        job = self._job
        if job is None:
            return
        job.join()
        self._job = None
        self._watch.stop()
        outcome, self._outcome = self._outcome, []
        if not outcome:
            return
        plan, digests, err = outcome[0]
        if err is not None:
            if not isinstance(err, (OSError, AutosaveError)):
                err = AutosaveError(f"{type(err).__name__}: {err}")
            self._report(err)
        else:
            self._done(plan, digests)

    def _report(self, err: Exception) -> None:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        where = getattr(err, "filename", None) or self.root
        if not self._warned:
            self._warned = True
            self.failed.emit(f"Autosave is not working: cannot write {where}: {reason}. "
                             "Your work is still open; save it yourself.")

    def _done(self, plan: Plan, digests: dict[str, str]) -> None:
        self._previous, self._current = digests, plan.snapshot
        self.written.emit(self.record_file)

    def _claim(self) -> Path:
        if self._lock is not None and self.folder.is_dir():
            return self.folder
        self._release()
        self._current, self._previous = None, {}  # the folder is new (or was removed): nothing to link to
        for _attempt in range(3):
            self.folder.mkdir(parents=True, exist_ok=True)
            lock = _lock(self.folder)
            if lock is not None:
                self._lock = lock
                return self.folder
            if lock is None and not (self.folder / LOCK).exists():
                raise AutosaveError(f"cannot make the lock file in {self.folder}")
            self.session_id = f"{self.session_id}-{os.urandom(2).hex()}"  # taken by another editor
        raise AutosaveError(f"no free autosave folder in {self.root}")

    def _plan(self) -> Plan:
        """Claim the folder and take the flow's files from the model (on the GUI thread)."""
        folder = self._claim()
        files, fields = snapshot_files(self.session)
        self._number += 1
        return Plan(folder, folder / f"{SNAPSHOT}{self._number}", files, fields, self._current, dict(self._previous))

    def clear(self) -> None:
        """Remove the entry (the record first: without it, what is left is never offered)."""
        self.timer.stop()
        self._wait()
        self._again = False
        if self._lock is None:
            return
        folder = self.folder
        try:
            (folder / RECORD).unlink(missing_ok=True)
        except OSError:
            pass
        for old in folder.glob(f"{SNAPSHOT}*"):
            rmtree(old)
        self._release()
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty (someone's files) or gone: leave it
        self._previous, self._current, self._number = {}, None, 0

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


def _run(plan: Plan, outcome: list) -> None:
    """The writer thread: files only, never the model, a widget or any Qt object."""
    try:
        outcome.append((plan, plan.commit(), None))
    except Exception as err:  # any failure is reported, and the next autosave tries again
        outcome.append((plan, None, err))


# -- crashed sessions' entries -------------------------------------------------------------------
@dataclass
class Recovered:
    """A flow read back from an autosave, and what it needs to be tied to its original location."""

    loaded: LoadedFlow
    untitled: bool
    files: set[Path]
    draft: tuple[str, str] | None = None  # (document path, text) typed in the XML pane, not applied


class CrashedEntry:
    """The entry of an editor that did not shut down; locked by this process while it is offered."""

    def __init__(self, folder: Path, lock: QLockFile | None) -> None:
        self.folder = folder
        self._lock = lock
        self.record: dict[str, Any] = {}
        self.problem: str | None = None  # why it cannot be opened, in words
        try:
            self.record = self._read_record()
            self._check_files()
        except AutosaveError as err:
            self.problem = str(err)

    # -- what the dialog shows -----------------------------------------------------------------------
    @property
    def title(self) -> str:
        title = self.record.get("title")
        return title if isinstance(title, str) and title else self.folder.name

    @property
    def location(self) -> Path | None:
        location = self.record.get("location")
        return Path(location) if isinstance(location, str) and location else None

    @property
    def time(self) -> datetime | None:
        from datetime import datetime

        try:
            return datetime.fromisoformat(self.record.get("time", ""))
        except (TypeError, ValueError):
            return None

    @property
    def documents(self) -> int | None:
        count = self.record.get("documents")
        return count if isinstance(count, int) else None

    @property
    def snapshot(self) -> Path:
        return self.folder / _safe_name(self.record.get("snapshot"))

    @property
    def draft(self) -> tuple[str, str] | None:
        """(document path, text) typed in the XML pane and not applied, when the record has one."""
        draft = self.record.get("draft")
        if isinstance(draft, dict) and isinstance(draft.get("path"), str) and isinstance(draft.get("text"), str):
            return draft["path"], draft["text"]
        return None

    # -- checking and reading ------------------------------------------------------------------------
    def _read_record(self) -> dict[str, Any]:
        import json

        try:
            data = (self.folder / RECORD).read_bytes()
        except OSError as err:
            raise AutosaveError(f"its record cannot be read: {err.strerror or err}") from None
        try:
            record = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise AutosaveError("its record is damaged (not valid JSON)") from None
        if not isinstance(record, dict) or record.get("flowedit_autosave") != FORMAT:
            raise AutosaveError("its record is not one this version of flowedit can read")
        if not isinstance(record.get("files"), list) or not isinstance(record.get("snapshot"), str):
            raise AutosaveError("its record is incomplete")
        draft = record.get("draft")
        if draft is not None and not (isinstance(draft, dict) and isinstance(draft.get("path"), str)
                                      and isinstance(draft.get("text"), str)):
            raise AutosaveError("its record's typed XML is damaged")
        return record

    def _check_files(self) -> None:
        snapshot = self.snapshot
        for item in self.record["files"]:
            if not isinstance(item, dict):
                raise AutosaveError("its record is incomplete")
            name = _safe_name(item.get("name"))
            try:
                data = (snapshot / name).read_bytes()
            except (OSError, ValueError) as err:  # ValueError: a name no file system takes (a NUL in it)
                raise AutosaveError(f"{name} is missing from it: {getattr(err, 'strerror', None) or err}") from None
            if digest(data) != item.get("sha256"):
                raise AutosaveError(f"{name} is damaged (it is not what was autosaved)")

    def restore(self) -> Recovered:
        """The flow as autosaved, tied to its original location. AutosaveError when it cannot be."""
        if self.problem:
            raise AutosaveError(self.problem)
        opens = self.record.get("open") or ""
        source = self.snapshot / _safe_name(opens) if opens else self.snapshot
        from flowedit.io.folder import LoadedFlow, Manifest, load_flow

        try:
            read = load_flow(source)
        except (OSError, ValueError) as err:
            raise AutosaveError(f"it cannot be read: {getattr(err, 'strerror', None) or err}") from None
        if read.errors:
            raise AutosaveError(f"{read.errors[0]}")
        location = self.location
        single = bool(self.record.get("single_file"))
        manifest = Manifest(unreadable=True) if self.record.get("manifest_unreadable") else read.manifest
        loaded = LoadedFlow(read.flow, [], location or Path("untitled"), manifest, single_file=single)
        files: set[Path] = set()
        if location is not None and not single:
            # Save removes these when their documents are gone: only ever files inside the flow's folder.
            for text in self.record.get("saved_files") or []:
                if isinstance(text, str) and Path(text).is_relative_to(location) and ".." not in Path(text).parts:
                    files.add(Path(text))
        return Recovered(loaded, untitled=location is None, files=files, draft=self.draft)

    # -- deciding ------------------------------------------------------------------------------------
    def discard(self) -> None:
        """Delete the entry and everything in it."""
        self.release()
        rmtree(self.folder)

    def release(self) -> None:
        """Stop holding the entry (kept for the next start)."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


def find_crashed(root: Path | None = None, *, own: Path | None = None) -> list[CrashedEntry]:
    """The crashed sessions' entries under `root`, oldest first, each locked by this process.

    Entries of live editors are left alone; an entry whose dead owner autosaved nothing (a lock and no
    record) is removed, as there is nothing in it to recover.
    """
    root = root if root is not None else autosave_root()
    try:
        folders = sorted(p for p in root.iterdir() if p.is_dir() and p != own)
    except OSError:
        return []
    found = []
    for folder in folders:
        try:
            has_record, has_lock = (folder / RECORD).exists(), (folder / LOCK).exists()
        except OSError:
            continue  # not ours to look into
        if not has_record and not has_lock:
            continue  # being made by a starting editor (it locks before it writes), or not ours
        lock = _lock(folder)
        if lock is None:
            continue  # in use by a running editor
        if not has_record:
            lock.unlock()
            rmtree(folder)
            continue
        found.append(CrashedEntry(folder, lock))
    found.sort(key=lambda entry: (entry.time is None, entry.time.timestamp() if entry.time else 0))
    return found
