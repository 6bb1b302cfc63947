"""Saves that fail: the error a save raises, why it failed in words a user can act on, and the offer
to save somewhere else.

`FlowSession.save` raises `SaveError` naming the file it could not write, Qt's or the system's reason
(`detail`), and for a flow of several files which of them were written before the failure and which
were not. `diagnose` turns that into a `SaveProblem`: it looks at the disk as it is now (a folder that
is missing or is really a file, a read-only file or folder, a full disk) rather than parsing messages,
because Qt reports most failures as a bare "Permission denied" or "Unknown error". `save_as_box`
builds the question shown for it — "Save As…" or "Cancel" — so the flow, still open and still
unsaved, can be put where it can be written.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

# What the system says when a disk or a quota is full (Qt passes these strings on unchanged).
_FULL = {os.strerror(errno.ENOSPC), os.strerror(errno.EDQUOT)}
_READ_ONLY_FS = os.strerror(errno.EROFS)
_LIST_AT_MOST = 6  # file names listed in a message before "and N more"


class SaveError(Exception):
    """A save that did not happen (the message names the file and the reason); nothing was lost.

    `file` is the file that could not be written (or, with `removing`, the file of a removed document
    that could not be deleted), `detail` the reason the system gave; `written` and `unwritten` are
    filled in by `FlowSession.save` for the flow's files before and from the failure.
    """

    def __init__(self, message: str, *, file: Path | None = None, detail: str = "", removing: bool = False) -> None:
        super().__init__(message)
        self.file = file
        self.detail = detail
        self.removing = removing
        self.written: list[Path] = []
        self.unwritten: list[Path] = []


@dataclass(frozen=True)
class SaveProblem:
    """A failed save told for the user: what, why, what to do, and which files made it to disk."""

    file: Path | None
    reason: str  # one sentence naming the file (or folder) and what is wrong with it
    advice: str  # what to do about it
    written: list[str] = field(default_factory=list)  # files saved before the failure (display names)
    unwritten: list[str] = field(default_factory=list)  # files not saved

    @property
    def headline(self) -> str:
        name = self.file.name if self.file is not None else "The flow"
        if len(self.written) + len(self.unwritten) > 1:  # a flow of several files
            return f"The flow was not saved: {name} could not be written."
        return f"{name} could not be saved."

    @property
    def files(self) -> str:
        """Which files were and were not written, for a save of several files that stopped part-way."""
        if not self.written:
            return ""
        return f"Written: {_names(self.written)}.\nNot written: {_names(self.unwritten) or 'none'}."

    @property
    def status(self) -> str:
        """One line for the status bar."""
        return f"Not saved: {self.reason}"

    @property
    def details(self) -> str:
        """The body of the message box: reason, advice, the files, and that nothing open was lost."""
        parts = [self.reason, self.advice]
        if self.files:
            parts.append(self.files)
        parts.append("Your changes are still open and unsaved.")
        return "\n\n".join(parts)


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:_LIST_AT_MOST])
    more = len(names) - _LIST_AT_MOST
    return f"{shown} and {more} more" if more > 0 else shown


def _display(file: Path, root: Path | None) -> str:
    if root is not None and root.is_dir():
        try:
            return file.relative_to(root).as_posix()
        except ValueError:
            pass
    return str(file)


def _blocking_file(folder: Path) -> Path | None:
    """The nearest ancestor of `folder` (or itself) that exists but is not a folder, if any."""
    for candidate in (folder, *folder.parents):
        if candidate.exists() or candidate.is_symlink():
            return None if candidate.is_dir() else candidate
    return None


def diagnose(err: BaseException, root: Path | None = None) -> SaveProblem:
    """Why the save that raised `err` failed and what to do; `root` (the flow's folder) shortens names."""
    file = getattr(err, "file", None)
    detail = getattr(err, "detail", "") or (err.strerror if isinstance(err, OSError) else "") or ""
    if file is None and isinstance(err, OSError) and err.filename:
        file = Path(os.fsdecode(err.filename))
    written = [_display(f, root) for f in getattr(err, "written", [])]
    unwritten = [_display(f, root) for f in getattr(err, "unwritten", [])]
    if file is None:
        return SaveProblem(None, str(err) or "the flow could not be written.",
                           "Use Save As… to save the flow somewhere else.", written, unwritten)
    file = Path(file)
    if getattr(err, "removing", False):
        return SaveProblem(file, f"{file} belongs to a document removed from the flow and could not be deleted: "
                                 f"{detail or 'the system gave no reason'}.",
                           "Every document was written; delete that file yourself, then save again.",
                           written, unwritten)
    reason, advice = _explain(file, detail)
    return SaveProblem(file, reason, advice, written, unwritten)


def _explain(file: Path, detail: str) -> tuple[str, str]:
    folder = file.parent
    blocker = _blocking_file(folder)
    elsewhere = "or use Save As… to save the flow somewhere else"
    if blocker is not None:
        return (f"The folder {folder} cannot be created: {blocker} is a file, not a folder.",
                f"Rename or move that file, {elsewhere}.")
    if not folder.is_dir():
        because = f" ({detail})" if detail else ""
        return (f"The folder {folder} does not exist and cannot be created{because}.",
                f"Check that its drive or network share is connected and the path is right, {elsewhere}.")
    if detail in _FULL:
        return (f"The disk holding {folder} is full: {file.name} could not be written.",
                "Free some space on that disk and save again, or use Save As… to save the flow on "
                "another disk. The file on disk was left as it was.")
    if detail == _READ_ONLY_FS:
        return (f"{file} is on a read-only disk.", "Use Save As… to save the flow on a disk you can write to.")
    if file.exists() and not os.access(file, os.W_OK):
        return (f"{file} is read-only.",
                f"Make the file writable (check its permissions or read-only flag), then save again, {elsewhere}.")
    if not os.access(folder, os.W_OK | os.X_OK):
        return (f"The folder {folder} is read-only: {file.name} cannot be saved in it.",
                f"Get write permission for the folder, then save again, {elsewhere}.")
    because = detail or "the system gave no reason"
    return (f"{file} could not be written: {because}.", f"Try again, {elsewhere}.")


def save_as_box(parent: QWidget | None, problem: SaveProblem, title: str = "Save Failed") -> QMessageBox:
    """The question after a failed save: "Save As…" (accepted) or "Cancel" (rejected); not yet shown."""
    from PySide6.QtWidgets import QMessageBox  # dialogs: imported when first asked for (the session imports us)

    box = QMessageBox(QMessageBox.Icon.Warning, title, problem.headline, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("saveFailedBox")
    box.setInformativeText(problem.details)
    save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
    save_as.setObjectName("saveAsButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save_as)
    box.setEscapeButton(cancel)
    return box


def ask_save_as(parent: QWidget | None, problem: SaveProblem, title: str = "Save Failed") -> bool:
    """Show the failed save and ask whether to Save As; True for "Save As…"."""
    box = save_as_box(parent, problem, title)
    box.exec()
    clicked = box.clickedButton()
    answer = clicked is not None and clicked.objectName() == "saveAsButton"
    box.deleteLater()
    return answer
