"""Saves that fail: the old files stay whole, the user is told what happened and what to do, the flow
stays open and modified, and Save As is offered.

Permissions do not stop root, and these tests may run as root: a read-only file or folder is then
simulated (QSaveFile refusing, `os.access` saying so), while a folder that cannot be created (its
parent is a regular file) and a write that stops part-way are real everywhere.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from gui_support import write

pytestmark = pytest.mark.gui

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
OLD = "<Response>\n  <Say>Old words</Say>\n</Response>\n"


def set_say(session, path: str, text: str) -> None:
    doc = session.flow.documents[path]
    say = doc.child_elements(doc.root_id)[0]
    assert session.edit("Set text", lambda: [(doc, doc.set_text(say, text))])


def listing(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too: a leftover temporary file would show)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def answers(window, monkeypatch):
    """Record the Save As offers instead of showing them; the test sets `answers.reply` (default: Cancel)."""

    class Answers(list):
        reply = False

    offers = Answers()

    def offer(problem):
        offers.append(problem)
        return offers.reply

    monkeypatch.setattr(window.file_ops, "offer_save_as", offer)
    return offers


@pytest.fixture
def single(window, tmp_path):
    """A single-file flow, open and edited (so modified)."""
    file = write(tmp_path / "flow" / "call.xml", OLD)
    assert window.open_path(file)
    set_say(window.session, "/call", "New words")
    assert window.session.modified
    return file


@pytest.fixture
def folder_flow(window, tmp_path):
    """A folder flow of three documents (a.xml, sub/b.xml, z.xml), open, each document edited."""
    folder = tmp_path / "three"
    for name in ("a.xml", "sub/b.xml", "z.xml"):
        write(folder / name, OLD)
    assert window.open_path(folder)
    for path in ("/a", "/sub/b", "/z"):
        set_say(window.session, path, f"New words of {path}")
    return folder


def read_only(monkeypatch, target: Path) -> None:
    """Make `target` (a file or a folder) read-only; as root, make QSaveFile and os.access act as if it were."""
    if not AS_ROOT:
        mode = target.stat().st_mode
        target.chmod(stat.S_IMODE(mode) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        return  # made writable again by the `writable_again` fixture
    from PySide6.QtCore import QSaveFile

    real_access, real_open = os.access, QSaveFile.open
    denied = "Permission denied"

    def access(path, mode, *args, **kwargs):
        if Path(path) == target and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    def open_(self, flags):
        name = Path(self.fileName())
        if name == target or name.parent == target:
            self.errorString = lambda: denied  # what Qt reports for EACCES
            return False
        return real_open(self, flags)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(QSaveFile, "open", open_)


@pytest.fixture
def writable_again():
    """Whatever a test made read-only is made writable again, so tmp_path can be cleaned up."""
    made: list[Path] = []
    yield made
    for path in made:
        if path.exists():
            path.chmod(stat.S_IMODE(path.stat().st_mode) | stat.S_IWUSR)


# -- atomic saves ---------------------------------------------------------------------------
def test_a_write_failing_midway_leaves_the_old_file_and_no_temporary_file(window, single, answers, monkeypatch):
    from PySide6.QtCore import QSaveFile

    before = listing(single.parent)
    real_write = QSaveFile.write

    def half(self, data):  # half of the bytes reach the temporary file, then the device fails
        data = bytes(data)
        real_write(self, data[: len(data) // 2])
        return len(data) // 2

    with monkeypatch.context() as failing:
        failing.setattr(QSaveFile, "write", half)
        assert not window.file_ops.save()
    assert listing(single.parent) == before  # the old bytes, and nothing else left in the folder
    assert window.session.modified and window.isWindowModified()
    assert len(answers) == 1 and answers[0].file == single
    assert window.file_ops.save()  # and the next save works
    assert b"New words" in single.read_bytes() and not window.session.modified


def test_a_commit_that_fails_leaves_the_old_file(window, single, answers, monkeypatch):
    from PySide6.QtCore import QSaveFile

    before = listing(single.parent)
    real_commit = QSaveFile.commit

    def failing_commit(self):  # the rename over the old file fails: the temporary file is dropped
        self.cancelWriting()
        return real_commit(self)

    monkeypatch.setattr(QSaveFile, "commit", failing_commit)
    assert not window.file_ops.save()
    assert listing(single.parent) == before
    assert window.session.modified and len(answers) == 1


# -- what the user is told ------------------------------------------------------------------
def test_a_read_only_file_is_named_with_what_to_do(window, single, answers, monkeypatch, writable_again):
    writable_again.append(single)
    read_only(monkeypatch, single)
    assert not window.file_ops.save()
    problem = answers[0]
    assert problem.file == single
    assert f"{single} is read-only" in problem.reason
    assert "Make the file writable" in problem.advice and "Save As" in problem.advice
    assert "still open and unsaved" in problem.details
    assert str(single) in window.statusBar().currentMessage()
    assert single.read_text() == OLD and window.session.modified
    assert window.session.location == single  # still open where it was


def test_a_read_only_folder_is_named_with_what_to_do(window, single, answers, monkeypatch, writable_again):
    folder = single.parent
    writable_again.append(folder)
    read_only(monkeypatch, folder)
    assert not window.file_ops.save()
    problem = answers[0]
    assert f"The folder {folder} is read-only" in problem.reason
    assert "write permission" in problem.advice and "Save As" in problem.advice
    assert single.read_text() == OLD and window.session.modified


def test_a_folder_that_cannot_be_created_is_named(window, single, answers, tmp_path):
    blocker = write(tmp_path / "blocker", "a file where a folder should be")
    assert not window.file_ops.save_as(blocker / "inner" / "call.xml")
    problem = answers[0]
    assert f"{blocker} is a file, not a folder" in problem.reason
    assert "Rename or move that file" in problem.advice
    assert window.session.location == single and window.session.modified


def test_a_missing_folder_on_a_missing_drive_is_named(window, single, answers, monkeypatch, tmp_path):
    target = tmp_path / "unplugged" / "call.xml"
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kwargs):  # the drive is gone: the folder cannot be made
        if self == target.parent:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    assert not window.file_ops.save_as(target)
    problem = answers[0]
    assert f"The folder {target.parent} does not exist and cannot be created" in problem.reason
    assert "connected" in problem.advice


def test_a_full_disk_is_named_and_leaves_the_old_file(window, single, answers, monkeypatch):
    from PySide6.QtCore import QSaveFile

    before = listing(single.parent)
    real_write = QSaveFile.write
    full = os.strerror(errno.ENOSPC)

    def write_until_full(self, data):  # a few bytes fit, then ENOSPC, as Qt reports it
        real_write(self, bytes(data)[:8])
        self.errorString = lambda: full
        return -1

    monkeypatch.setattr(QSaveFile, "write", write_until_full)
    assert not window.file_ops.save()
    problem = answers[0]
    assert f"The disk holding {single.parent} is full" in problem.reason
    assert "Free some space" in problem.advice and "left as it was" in problem.advice
    assert listing(single.parent) == before and window.session.modified


def test_a_multi_file_save_failing_part_way_says_which_files_were_written(window, folder_flow, answers):
    # sub/ becomes a file after the flow was read: a.xml is written, sub/b.xml cannot be, z.xml is not tried.
    for file in (folder_flow / "sub").iterdir():
        file.unlink()
    (folder_flow / "sub").rmdir()
    write(folder_flow / "sub", "not a folder any more")
    assert not window.file_ops.save()
    problem = answers[0]
    assert problem.written == ["a.xml"]
    assert problem.unwritten == ["sub/b.xml", "z.xml"]
    assert "Written: a.xml." in problem.details and "Not written: sub/b.xml, z.xml." in problem.details
    assert problem.headline == "The flow was not saved: b.xml could not be written."
    assert b"New words of /a" in (folder_flow / "a.xml").read_bytes()
    assert (folder_flow / "z.xml").read_text() == OLD
    # Not clean: every document is still unsaved as far as the editor knows, so nothing can be lost.
    assert window.session.modified and window.isWindowModified()
    # The file that was written is known as ours: the file watcher neither reloads nor asks about it.
    assert window.watcher.examine(folder_flow / "a.xml").kind == "ignored"
    window.watcher.check()
    assert not window.watcher.questions and window.session.undo_stack.count() == 3


def test_a_failure_with_no_file_written_lists_none(window, folder_flow, answers, monkeypatch):
    from flowedit.gui.session import FlowSession, SaveError

    def refuse(file, data):
        raise SaveError(f"{file}: cannot write: Permission denied", file=file, detail="Permission denied")

    monkeypatch.setattr(FlowSession, "_write", staticmethod(refuse))
    assert not window.file_ops.save()
    problem = answers[0]
    assert problem.written == [] and problem.unwritten == ["a.xml", "sub/b.xml", "z.xml"]
    assert "Written:" not in problem.details and window.session.modified


def test_a_removed_documents_file_that_cannot_be_deleted_is_named(window, folder_flow, answers, monkeypatch):
    session = window.session
    assert session.edit("Remove /z", lambda: [(session.flow, session.flow.remove_document("/z"))])
    stale, real_unlink = folder_flow / "z.xml", Path.unlink

    def unlink(self, *args, **kwargs):
        if self == stale:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_unlink(self, *args, **kwargs)

    with monkeypatch.context() as failing:
        failing.setattr(Path, "unlink", unlink)
        assert not window.file_ops.save()
    problem = answers[0]
    assert f"{stale} belongs to a document removed from the flow and could not be deleted" in problem.reason
    assert problem.written == ["a.xml", "sub/b.xml"] and problem.unwritten == []
    assert session.modified  # saved again it tries the removal again
    assert window.file_ops.save() and not stale.exists() and not session.modified


# -- Save As, offered --------------------------------------------------------------------------
def test_choosing_save_as_saves_elsewhere(window, single, answers, monkeypatch, tmp_path, writable_again):
    writable_again.append(single)
    read_only(monkeypatch, single)
    answers.reply = True
    monkeypatch.setattr(window.file_ops, "ask_save_location", lambda: tmp_path / "elsewhere.xml")
    assert window.file_ops.save()
    assert len(answers) == 1
    assert b"New words" in (tmp_path / "elsewhere.xml").read_bytes()
    assert window.session.location == tmp_path / "elsewhere.xml" and not window.session.modified
    assert single.read_text() == OLD


def test_closing_after_a_failed_save_keeps_the_window_open(window, single, answers, monkeypatch, writable_again):
    writable_again.append(single)
    read_only(monkeypatch, single)
    monkeypatch.setattr(window, "_confirm_discard", lambda: "save")
    assert not window.maybe_save()  # Save failed, Save As cancelled: do not close
    assert window.session.modified and len(answers) == 1


def test_the_real_question_offers_save_as_and_cancel(window, single, monkeypatch, tmp_path, writable_again):
    """The message box itself: its buttons, and that clicking "Save As…" runs Save As."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

    writable_again.append(single)
    read_only(monkeypatch, single)
    monkeypatch.setattr(window.file_ops, "ask_save_location", lambda: tmp_path / "saved-as.xml")
    seen = {}

    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        seen["title"], seen["text"], seen["details"] = box.windowTitle(), box.text(), box.informativeText()
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        box.grab().save(str(tmp_path / "save-failed.png"))
        box.findChild(QPushButton, "saveAsButton").click()

    QTimer.singleShot(0, answer)
    assert window.file_ops.save()
    assert seen["title"] == "Save Failed" and seen["text"] == "call.xml could not be saved."
    assert f"{single} is read-only" in seen["details"]
    assert seen["buttons"] == ["Cancel", "Save As…"]
    assert (tmp_path / "save-failed.png").stat().st_size > 0
    assert not window.session.modified and window.session.location == tmp_path / "saved-as.xml"


def test_diagnose_of_a_plain_os_error_names_its_file(tmp_path):
    from flowedit.gui.save_errors import diagnose

    file = tmp_path / "gone" / "x.xml"
    problem = diagnose(FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(file)))
    assert problem.file == file and str(file.parent) in problem.reason
