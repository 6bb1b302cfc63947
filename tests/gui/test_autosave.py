"""Autosave: when it happens, what it holds, that it is atomic, and when it goes away.

Each test's autosaves go to its own folder (`window.autosave.root`); a "crashed" session is made the way
a crash leaves one: an entry with a record whose lock nobody holds (see `crash_copy`), or, for the
stale-lock test, a lock held by a process that is then killed.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from flowedit.gui.autosave import (
    LOCK,
    RECORD,
    Autosave,
    CrashedEntry,
    find_crashed,
    interval_ms,
)
from flowedit.io.folder import manifest_bytes
from flowedit.io.writer import document_bytes

pytestmark = pytest.mark.gui


# -- helpers -------------------------------------------------------------------------------------------
def make_window(qtbot, settings, root, path=None):
    from flowedit.gui.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.autosave.root = root
    if path is not None:
        assert win.open_path(path, remember=False)
    return win


def gather(session):
    doc = session.flow.documents["/index"]
    return doc, next(e for e in doc.child_elements(doc.root_id) if doc.tag(e) == "Gather")


def set_timeout(session, value: str) -> None:
    doc, element = gather(session)
    assert session.edit(f"Timeout {value}", lambda: [(doc, doc.set_attribute(element, "timeout", value))],
                        merge_key=("timeout", element))


def contents(flow) -> dict[str, bytes]:
    return {path: document_bytes(doc) for path, doc in flow.documents.items()}


def record_of(autosave: Autosave) -> dict:
    return json.loads(autosave.record_file.read_text(encoding="utf-8"))


def crash_copy(autosave: Autosave, name: str = "crashed") -> Path:
    """The window's entry as a crash leaves it: the record and snapshot, and no live lock."""
    return Path(shutil.copytree(autosave.folder, autosave.root / name, ignore=shutil.ignore_patterns(LOCK)))


def autosaved_window(qtbot, settings, root, flow_dir, value="9"):
    win = make_window(qtbot, settings, root, flow_dir)
    set_timeout(win.session, value)
    assert win.autosave.write()
    return win


# -- when ----------------------------------------------------------------------------------------------
def test_the_interval_is_30_seconds_unless_the_environment_shortens_it():
    assert interval_ms({}) == 30_000
    assert interval_ms({"FLOWEDIT_AUTOSAVE_SECONDS": "0.5"}) == 500
    for bad in ("soon", "-3", "0", "nan", "inf"):
        assert interval_ms({"FLOWEDIT_AUTOSAVE_SECONDS": bad}) == 30_000


def test_a_change_is_autosaved_with_everything_needed_to_restore_it(qtbot, settings, root, flow_dir):
    win = make_window(qtbot, settings, root, flow_dir)
    win.autosave.timer.setInterval(50)
    assert not win.autosave.timer.isActive()  # nothing to keep yet
    with qtbot.waitSignal(win.autosave.written, timeout=20_000):
        set_timeout(win.session, "9")
    record = record_of(win.autosave)
    assert record["location"] == str(flow_dir) and record["single_file"] is False and record["untitled"] is False
    assert record["documents"] == 5 and record["pid"] == os.getpid() and record["version"]
    assert record["title"] == "support-line" and record["time"]
    snapshot = win.autosave.folder / record["snapshot"]
    for doc in win.session.flow.documents.values():
        assert (snapshot / doc.filename).read_bytes() == document_bytes(doc)
    assert b'timeout="9"' in (snapshot / "index.xml").read_bytes()
    assert (snapshot / "flowedit.json").read_bytes() == manifest_bytes(win.session.loaded, single_file=False)
    assert (win.autosave.folder / LOCK).exists()
    assert not (flow_dir / "index.xml").read_bytes().count(b'timeout="9"')  # nothing saved to the flow


def test_continuous_editing_does_not_postpone_the_autosave(qtbot, settings, root, flow_dir):
    win = make_window(qtbot, settings, root, flow_dir)
    win.autosave.timer.setInterval(1000)
    written = []
    win.autosave.written.connect(written.append)
    edits, deadline = 0, time.monotonic() + 120
    # An edit every few milliseconds, much more often than the interval: a timer restarted by each
    # one would never fire.
    while not written and time.monotonic() < deadline:
        edits += 1
        set_timeout(win.session, str(7 + edits % 50))  # never the saved 6: that would be clean again
        qtbot.wait(5)
    assert written, "no autosave while the edits went on"
    assert win.session.undo_stack.count() == 1  # typing merged: one step, edited throughout
    assert edits > 1


def test_the_first_change_after_an_autosave_starts_the_timer_again(qtbot, settings, root, flow_dir):
    win = autosaved_window(qtbot, settings, root, flow_dir)
    first = record_of(win.autosave)["snapshot"]
    assert not win.autosave.timer.isActive()
    win.autosave.timer.setInterval(50)
    with qtbot.waitSignal(win.autosave.written, timeout=20_000):
        set_timeout(win.session, "4")
    record = record_of(win.autosave)
    assert record["snapshot"] != first
    assert b'timeout="4"' in (win.autosave.folder / record["snapshot"] / "index.xml").read_bytes()
    assert not (win.autosave.folder / first).exists()  # the old snapshot goes once the new one is named


class Crash(BaseException):
    """Stands for the process dying: nothing after it runs, nothing catches it."""


@pytest.mark.parametrize("where", ["while writing the documents", "before the record names the snapshot"])
def test_a_crash_while_autosaving_leaves_the_previous_autosave_whole(qtbot, settings, root, flow_dir,
                                                                       monkeypatch, where):
    from flowedit.gui import autosave_files as module  # the snapshot's writer

    win = autosaved_window(qtbot, settings, root, flow_dir, "9")
    before = contents(win.session.flow)
    set_timeout(win.session, "4")  # the next autosave would hold this
    doc = win.session.flow.documents["/menu"]
    dial = doc.child_elements(doc.root_id)[0]
    assert win.session.edit("Dial timeout", lambda: [(doc, doc.set_attribute(dial, "timeout", "45"))])
    calls = []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise Crash

    def crash(*_args):
        raise Crash

    with monkeypatch.context() as patch, pytest.raises(Crash):
        if where == "while writing the documents":
            patch.setattr(module.os, "fsync", fsync)
        else:
            patch.setattr(module, "save_file", crash)
        win.autosave.write()
    entry = CrashedEntry(win.autosave.folder, None)  # as the next start reads it
    assert entry.problem is None
    assert contents(entry.restore().loaded.flow) == before


def test_an_unwritable_location_is_said_once_and_editing_goes_on(qtbot, settings, tmp_path, flow_dir):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    win = make_window(qtbot, settings, blocker / "autosave", flow_dir)
    failures = []
    win.autosave.failed.connect(failures.append)
    set_timeout(win.session, "9")
    assert not win.autosave.write()
    assert "Autosave is not working" in win.statusBar().currentMessage()
    assert str(blocker) in win.statusBar().currentMessage()
    set_timeout(win.session, "8")
    assert not win.autosave.write()
    assert len(failures) == 1  # said once, not at every try
    assert win.session.modified and b'timeout="8"' in document_bytes(win.session.flow.documents["/index"])


# -- two editors, locks and crashes --------------------------------------------------------------------
def test_two_editors_keep_separate_autosaves_under_separate_locks(qtbot, settings, root, flow_dir, tmp_path):
    from PySide6.QtCore import QSettings

    other_flow = Path(shutil.copytree(flow_dir, tmp_path / "other"))
    first = autosaved_window(qtbot, settings, root, flow_dir, "9")
    other_settings = QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat)
    second = autosaved_window(qtbot, other_settings, root, other_flow, "3")
    assert first.autosave.session_id != second.autosave.session_id
    assert first.autosave.folder != second.autosave.folder
    assert record_of(first.autosave)["location"] == str(flow_dir)
    assert record_of(second.autosave)["location"] == str(other_flow)
    assert find_crashed(root) == []  # both in use: neither is a crash
    second.close()
    assert not second.autosave.folder.exists()
    assert first.autosave.active  # the other editor's autosave is not touched


HOLDER = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QCoreApplication, QLockFile
    app = QCoreApplication(sys.argv)
    lock = QLockFile(sys.argv[1])
    lock.setStaleLockTime(0)
    print("locked" if lock.tryLock(0) else "refused", flush=True)
    time.sleep(600)
""")


def _hold_lock(lock_file: Path) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock_file)], stdout=subprocess.PIPE, text=True)
    ready, _, _ = select.select([holder.stdout], [], [], 120)
    line = holder.stdout.readline().strip() if ready else ""
    if line != "locked":
        holder.kill()
        holder.wait(60)
        pytest.fail(f"the lock holder did not lock: {line!r}")
    return holder


def test_a_lock_of_a_live_process_means_in_use_and_a_dead_ones_lock_means_a_crash(qtbot, settings, root,
                                                                                   flow_dir):
    win = autosaved_window(qtbot, settings, root, flow_dir)
    entry = crash_copy(win.autosave, "other-editor")
    empty = root / "crashed-before-autosaving"
    empty.mkdir()
    holders = [_hold_lock(entry / LOCK), _hold_lock(empty / LOCK)]
    try:
        assert find_crashed(root, own=win.autosave.folder) == []
        assert empty.exists()
    finally:
        for holder in holders:
            holder.send_signal(signal.SIGKILL)
            holder.wait(60)
    found = find_crashed(root, own=win.autosave.folder)
    assert [e.folder for e in found] == [entry]
    assert found[0].problem is None and found[0].documents == 5
    assert not empty.exists()  # a dead editor that autosaved nothing: nothing to offer, tidied away
    # The finder holds what it offers: another editor starting now does not offer it too.
    assert find_crashed(root, own=win.autosave.folder) == []
    found[0].release()
    assert [e.folder for e in find_crashed(root, own=win.autosave.folder)] == [entry]


# -- when it goes away ---------------------------------------------------------------------------------
def test_a_clean_save_removes_the_autosave(qtbot, settings, root, flow_dir):
    win = autosaved_window(qtbot, settings, root, flow_dir)
    folder = win.autosave.folder
    assert folder.exists()
    assert win.file_ops.save()
    assert not folder.exists() and not win.autosave.timer.isActive()
    assert b'timeout="9"' in (flow_dir / "index.xml").read_bytes()


def test_undoing_back_to_the_saved_state_removes_the_autosave(qtbot, settings, root, flow_dir):
    win = autosaved_window(qtbot, settings, root, flow_dir)
    win.session.undo_stack.undo()
    assert not win.autosave.folder.exists()


def test_closing_the_flow_without_saving_removes_the_autosave(qtbot, settings, root, flow_dir):
    win = autosaved_window(qtbot, settings, root, flow_dir)
    win._confirm_discard = lambda: "discard"
    assert win.file_ops.close_flow()
    assert not win.autosave.folder.exists()
    assert b'timeout="9"' not in (flow_dir / "index.xml").read_bytes()


def test_quitting_normally_leaves_no_autosave_behind(qtbot, settings, root, flow_dir):
    win = autosaved_window(qtbot, settings, root, flow_dir)
    win._confirm_discard = lambda: "discard"
    assert win.close()
    assert not win.autosave.folder.exists()
    assert list(root.iterdir()) == []


def test_cancelling_the_close_keeps_the_autosave(qtbot, settings, root, flow_dir):
    win = autosaved_window(qtbot, settings, root, flow_dir)
    win._confirm_discard = lambda: "cancel"
    assert not win.close()
    assert win.autosave.active


def test_a_single_file_flow_comes_back_as_a_single_file(qtbot, settings, root, tmp_path):
    file = tmp_path / "lone.xml"
    file.write_bytes(b"<Response>\n  <Say>Hello</Say>\n</Response>\n")
    win = make_window(qtbot, settings, root, file)
    doc = next(iter(win.session.flow.documents.values()))
    say = doc.child_elements(doc.root_id)[0]
    assert win.session.edit("Text", lambda: [(doc, doc.set_text(say, "Hi there"))])
    assert win.autosave.write()
    recovered = CrashedEntry(crash_copy(win.autosave), None).restore()
    assert recovered.loaded.single_file and recovered.loaded.location == file and not recovered.untitled
    assert contents(recovered.loaded.flow) == contents(win.session.flow)


def test_damaged_entries_say_what_is_wrong(qtbot, settings, root, flow_dir):
    win = autosaved_window(qtbot, settings, root, flow_dir)
    bad_json = crash_copy(win.autosave, "bad-json")
    (bad_json / RECORD).write_text("{ not json", encoding="utf-8")
    changed = crash_copy(win.autosave, "changed")
    snapshot = changed / record_of(win.autosave)["snapshot"]
    (snapshot / "menu.xml").write_bytes(b"<Response/>")
    outside = crash_copy(win.autosave, "outside")
    record = record_of(win.autosave)
    record["files"][0]["name"] = "../../escape.xml"
    (outside / RECORD).write_text(json.dumps(record), encoding="utf-8")
    missing = crash_copy(win.autosave, "missing")
    (missing / record["snapshot"] / "index.xml").unlink()
    nul = crash_copy(win.autosave, "nul")
    record["files"][0]["name"] = "in\x00dex.xml"
    (nul / RECORD).write_text(json.dumps(record), encoding="utf-8")
    problems = {e.folder.name: e.problem for e in find_crashed(root, own=win.autosave.folder)}
    assert "index.xml is missing" in problems["missing"]
    assert "names a file no file system can hold" in problems["nul"]
    assert "not valid JSON" in problems["bad-json"]
    assert "menu.xml is damaged" in problems["changed"]
    assert "outside its folder" in problems["outside"]


def test_recovery_never_removes_files_outside_the_flow(qtbot, settings, root, flow_dir, tmp_path):
    win = autosaved_window(qtbot, settings, root, flow_dir)
    entry = crash_copy(win.autosave)
    record = json.loads((entry / RECORD).read_text(encoding="utf-8"))
    victim = tmp_path / "precious.xml"
    record["saved_files"] += [str(victim), str(flow_dir / ".." / "precious.xml")]
    (entry / RECORD).write_text(json.dumps(record), encoding="utf-8")
    files = CrashedEntry(entry, None).restore().files
    assert files == {flow_dir / name for name in ("index.xml", "menu.xml", "agents/screen.xml",
                                                  "agents/after-dial.xml", "agents/goodbye.xml")}


# -- text typed in the XML pane and not applied ----------------------------------------------------------
def type_into_xml(qtbot, win, path="/index", old=b'timeout="6"', new=b'timeout="11"') -> str:
    """Show `path` in the XML pane and type a change into it, without applying it; the typed text."""
    from flowedit.gui.session import Ref

    doc = win.session.flow.documents[path]
    win.session.select(Ref(doc))
    qtbot.waitUntil(lambda: old.decode() in win.xml_pane.text())  # the pane follows edits a moment later
    text = win.xml_pane.text()
    typed = text.replace(old.decode(), new.decode())
    win.xml_pane.set_text(typed)
    assert win.xml_pane.edited and win.session.draft == (path, typed)
    return typed


def test_text_typed_in_the_xml_pane_and_not_applied_is_autosaved(qtbot, settings, root, flow_dir):
    win = make_window(qtbot, settings, root, flow_dir)
    win.autosave.timer.setInterval(50)
    with qtbot.waitSignal(win.autosave.written, timeout=20_000):
        typed = type_into_xml(qtbot, win)
    assert not win.session.modified  # the typed text alone is what there is to keep
    record = record_of(win.autosave)
    assert record["draft"] == {"path": "/index", "text": typed}
    snapshot = win.autosave.folder / record["snapshot"]
    assert (snapshot / "index.xml").read_bytes() == (flow_dir / "index.xml").read_bytes()  # not applied
    assert CrashedEntry(crash_copy(win.autosave), None).restore().draft == ("/index", typed)


def test_reverting_the_typed_text_of_an_unchanged_flow_removes_the_autosave(qtbot, settings, root, flow_dir):
    win = make_window(qtbot, settings, root, flow_dir)
    type_into_xml(qtbot, win)
    assert win.autosave.write() and win.autosave.active
    win.xml_pane.revert()
    assert win.session.draft is None
    assert not win.autosave.folder.exists() and not win.autosave.timer.isActive()


def test_applying_the_typed_text_makes_it_a_change_of_the_flow(qtbot, settings, root, flow_dir):
    win = make_window(qtbot, settings, root, flow_dir)
    type_into_xml(qtbot, win)
    assert win.autosave.write()
    assert win.xml_pane.apply()
    assert win.session.draft is None and win.session.modified
    assert win.autosave.write()
    record = record_of(win.autosave)
    assert record["draft"] is None
    assert b'timeout="11"' in (win.autosave.folder / record["snapshot"] / "index.xml").read_bytes()


def test_a_draft_kept_while_the_flow_goes_back_to_its_saved_state(qtbot, settings, root, flow_dir):
    win = autosaved_window(qtbot, settings, root, flow_dir)  # the flow changed, and autosaved
    typed = type_into_xml(qtbot, win, old=b'timeout="9"', new=b'timeout="12"')
    win.session.undo_stack.undo()  # the flow as on disk again; the typed text is still work of the user's
    assert not win.session.modified and win.autosave.folder.exists() and win.autosave.timer.isActive()
    assert win.autosave.write()
    assert record_of(win.autosave)["draft"] == {"path": "/index", "text": typed}


def test_a_damaged_draft_in_the_record_is_said(qtbot, settings, root, flow_dir):
    win = autosaved_window(qtbot, settings, root, flow_dir)
    entry = crash_copy(win.autosave)
    record = json.loads((entry / RECORD).read_text(encoding="utf-8"))
    record["draft"] = {"path": "/index", "text": 5}
    (entry / RECORD).write_text(json.dumps(record), encoding="utf-8")
    assert CrashedEntry(entry, None).problem == "its record's typed XML is damaged"
