"""The File menu's work: new from a template, open, save, save as, import, export, reload, close.

Anything that would throw away unsaved changes asks `window.maybe_save()` first (which asks the
user through the window's injectable `_confirm_discard`). Errors never raise out of here: a path
that cannot be opened is a status message and a row in Findings; a save that fails says why and what
to do and offers Save As (`offer_save_as`, see `save_errors`); an import or export that fails is
shown with its file and position through `window._show_error`; nothing is lost. File dialogs are
asked for only when no path is given, so every operation can be driven directly (by tests, by drops).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from flowedit.gui import assets, collector, save_errors
from flowedit.gui.session import Ref, SaveError
from flowedit.gui.templates import template, template_documents

# The reader, writer and model (lxml, the TwiML vocabulary) are imported by the commands that use
# them, not here: the window makes its FileOps at start, before any file is read.
if TYPE_CHECKING:
    from flowedit.gui.main_window import MainWindow
    from flowedit.model.document import Document

_UNSAFE = re.compile(r"[^A-Za-z0-9._~\-]+")


def file_filter() -> str:
    """The file dialogs' filter: TwiML files (by the suffixes the reader takes), or all files."""
    from flowedit.model.paths import SUFFIXES

    return f"TwiML files ({' '.join('*' + s for s in SUFFIXES)});;All files (*)"


def _dialog():
    """QFileDialog, imported when a dialog is first asked for (not at start)."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def free_path(taken, stem: str) -> str:
    """A valid document path from a file name's stem that no document of the flow uses yet."""
    from flowedit.model.paths import SUFFIXES, PathError, check_path

    base = _UNSAFE.sub("-", stem).strip("-.") or "document"
    for suffix in SUFFIXES:
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)] or "document"
    candidate, number = f"/{base}", 2
    while candidate in taken:
        candidate, number = f"/{base}-{number}", number + 1
    try:
        return check_path(candidate)
    except PathError:
        return free_path(taken, "document")


class FileOps:
    """The file commands of one window (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session

    def _status(self, message: str, timeout: int = 8000) -> None:
        self.window.statusBar().showMessage(message, timeout)

    def _folder(self) -> str:
        location = self.session.location
        if location is None:
            return os.path.expanduser("~")
        return str(location if location.is_dir() else location.parent)

    # -- new and open ----------------------------------------------------------------------
    def new_from_template(self, key: str) -> bool:
        """Start an unsaved flow from template `key` (after asking about unsaved changes)."""
        if not self.window.maybe_save():
            return False
        documents, entry = template_documents(key)
        self.session.new_flow(documents, entry)
        self.window.set_open_failure(None)
        if documents:
            self.session.select(Ref(documents[0]))
        self._status(f"New flow from “{template(key).title}”: {_plural(len(documents), 'document')}")
        return True

    def close_flow(self) -> bool:
        """Close the flow (asking about unsaved changes) and start an empty, untitled one."""
        if not self.window.maybe_save():
            return False
        self.session.new_flow()
        self.window.set_open_failure(None)
        return True

    def choose_file(self) -> None:
        path, _ = _dialog().getOpenFileName(self.window, "Open TwiML File", self._folder(), file_filter())
        if path:
            self.open_path(path)

    def choose_folder(self) -> None:
        path = _dialog().getExistingDirectory(self.window, "Open Flow Folder", self._folder())
        if path:
            self.open_path(path)

    def open_path(self, path: str | os.PathLike[str], *, remember: bool = True, ask: bool = True) -> bool:
        """Open a TwiML file or a flow folder; False (with a message, nothing changed) when it cannot be.

        Files of the flow that cannot be read are listed in Findings; the rest opens. `remember` adds
        the path to Open Recent; `ask` first offers to save unsaved changes.
        """
        path = Path(path)
        if ask and not self.window.maybe_save():
            return False
        try:
            # A big flow shows first and is checked right after (the window runs the check).
            with collector.paused():
                loaded = self.session.open(path, check_later=True)
        except OSError as err:
            failure = f"Cannot open {path}: {err.strerror or err}"
            self._status(failure, 15000)
            self.window.set_open_failure(failure)
            self.window.findings_dock.show()
            self.window.findings_dock.raise_()
            return False
        self.window.set_open_failure(None)
        if remember:
            self.window.remember(path)
        message = f"Opened {loaded.location.name}: {_plural(len(loaded.flow.documents), 'document')}"
        if loaded.errors:
            message += f"; {_plural(len(loaded.errors), 'file')} could not be read (see Findings)"
            self.window.findings_dock.show()
            self.window.findings_dock.raise_()
        self._status(message)
        return True

    def reload(self) -> bool:
        """Read the flow from disk again (after asking about unsaved changes)."""
        location = self.session.location
        if location is None:
            return False
        return self.open_path(location, remember=False)

    # -- saving ----------------------------------------------------------------------------
    def _apply_pending_xml(self) -> bool:
        pane = self.window.xml_pane
        if pane.edited and not pane.apply():
            self.window.xml_dock.show()
            self.window.xml_dock.raise_()
            self._status("Not saved: the XML pane holds text that does not read (see its banner)", 15000)
            return False
        return True

    def save(self) -> bool:
        """Save in place (an untitled flow asks where); typed XML is applied first."""
        if not self._apply_pending_xml():
            return False
        if self.session.untitled or self._bundled():
            return self.save_as()  # the bundled example is not the user's to overwrite
        try:
            written = self.session.save()
        except (SaveError, OSError) as err:  # OSError: a folder that cannot be made
            return self._save_failed(err)
        self._status(f"Saved {self.session.title} ({_plural(len(written), 'file')})")
        return True

    def _save_failed(self, err: Exception) -> bool:
        """Say why a save failed and what to do, and offer Save As; True when the flow got saved after all.

        Unless it is saved elsewhere, the flow stays open and modified (a failed save never marks it clean)."""
        problem = save_errors.diagnose(err, self.session.location)
        self._status(problem.status, 15000)
        if self.offer_save_as(problem):
            return self.save_as()
        return False

    def offer_save_as(self, problem: save_errors.SaveProblem) -> bool:
        """Ask (modally) whether to Save As after a failed save; True for "Save As…". Tests answer it."""
        return save_errors.ask_save_as(self.window, problem)

    def _bundled(self) -> bool:
        """True when the flow was opened from flowedit's own resources (the example)."""
        location, resources = self.session.location, assets.resource("")
        if location is None or not isinstance(resources, Path):
            return False
        return location.resolve().is_relative_to(resources.resolve())

    def _single_target(self) -> bool:
        return self.session.loaded.single_file and len(self.session.flow.documents) == 1

    def ask_save_location(self) -> Path | None:
        """Ask where to save: a file for a single-document flow read from a file, else a folder."""
        if self._single_target():
            path, _ = _dialog().getSaveFileName(self.window, "Save TwiML File", self._folder(), file_filter())
        else:
            path = _dialog().getExistingDirectory(self.window, "Save Flow in Folder", self._folder())
        return Path(path) if path else None

    def save_as(self, target: str | os.PathLike[str] | None = None) -> bool:
        """Save to `target` (asked for when None) and make it the flow's location."""
        if not self._apply_pending_xml():
            return False
        target = Path(target) if target is not None else self.ask_save_location()
        if target is None:
            return False
        try:
            written = self.session.save(target)
        except (SaveError, OSError) as err:  # OSError: a folder that cannot be made
            return self._save_failed(err)
        self.window.remember(target)
        self.window.update_title()
        self._status(f"Saved {target} ({_plural(len(written), 'file')})")
        return True

    # -- import and export -----------------------------------------------------------------
    def import_twiml(self, file: str | os.PathLike[str] | None = None) -> Document | None:
        """Add a TwiML file to the flow as a new document (one undoable step), at a free path from its name."""
        if file is None:
            chosen, _ = _dialog().getOpenFileName(self.window, "Import TwiML", self._folder(), file_filter())
            if not chosen:
                return None
            file = chosen
        from flowedit.io.errors import ReadError
        from flowedit.io.reader import read_file
        from flowedit.model.paths import SUFFIXES

        file = Path(file)
        flow = self.session.flow
        path = free_path(flow.documents, file.stem)
        suffix = file.suffix if file.suffix.lower() in SUFFIXES else ".xml"
        try:
            doc = read_file(file, path)
        except ReadError as err:
            self.window._show_error("Import Failed", str(err))
            return None
        except OSError as err:
            self.window._show_error("Import Failed", f"{file}: {err.strerror or err}")
            return None
        doc.suffix = suffix
        doc.filename = path.lstrip("/") + suffix

        def action():
            changes = [(flow, flow.add_document(doc))]
            if flow.entry is None:
                changes.append((flow, flow.set_entry(path)))
            return changes

        if not self.session.edit(f"Import {file.name} as {path}", action):
            return None
        self.session.select(Ref(doc))
        self._status(f"Imported {file.name} as {path}")
        return doc

    def export_flow(self, folder: str | os.PathLike[str] | None = None) -> list[Path]:
        """Write every document of the flow into `folder`; the flow's own location does not change."""
        if folder is None:
            chosen = _dialog().getExistingDirectory(self.window, "Export Flow to Folder", self._folder())
            if not chosen:
                return []
            folder = chosen
        from flowedit.io.folder import LoadedFlow, write_flow

        folder = Path(folder)
        loaded = self.session.loaded
        # An untitled or re-shaped flow exports as a folder (a single file only when it is one).
        single = loaded.single_file and len(self.session.flow.documents) == 1
        view = LoadedFlow(loaded.flow, [], loaded.location, loaded.manifest, single_file=single)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            written = write_flow(view, folder)
        except OSError as err:
            self.window._show_error("Export Failed", f"{folder}: {err.strerror or err}")
            return []
        self._status(f"Exported {_plural(len(written), 'file')} to {folder}")
        return written

    def export_document(self, file: str | os.PathLike[str] | None = None) -> Path | None:
        """Write the current document's TwiML to `file` (asked for when None)."""
        doc = self.session.current_document
        if doc is None:
            return None
        if file is None:
            start = os.path.join(self._folder(), os.path.basename(doc.filename))
            chosen, _ = _dialog().getSaveFileName(self.window, f"Export {doc.path}", start, file_filter())
            if not chosen:
                return None
            file = chosen
        from flowedit.io.folder import atomic_write
        from flowedit.io.writer import document_bytes

        file = Path(file)
        try:
            atomic_write(file, document_bytes(doc))
        except OSError as err:
            self.window._show_error("Export Failed", f"{file}: {err.strerror or err}")
            return None
        self._status(f"Exported {doc.path} to {file}")
        return file
