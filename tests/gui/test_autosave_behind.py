"""Autosave written behind the editor: the timer's autosave writes its files on a thread of its own,
so a slow disk never holds up editing; what it writes is the flow as it was when it was due; one
write runs at a time; `write()`, Save (`clear`) and closing wait for a write in progress.

A slow disk is made by holding the write of the record (the commit point) until the test lets it go.
"""

from __future__ import annotations

import threading

import pytest
from test_autosave import make_window, record_of, set_timeout

from flowedit.gui import autosave_files as module  # the snapshot's writer

pytestmark = pytest.mark.gui


class Held:
    """Holds every record write until `release()`; counts them and names the thread they ran on."""

    def __init__(self, monkeypatch) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()
        self.threads: list[str] = []
        real = module.save_file

        def save(file, data):
            self.threads.append(threading.current_thread().name)
            self.started.set()
            assert self.gate.wait(20), "the test never released the write"
            real(file, data)
        monkeypatch.setattr(module, "save_file", save)

    def release(self) -> None:
        self.gate.set()


def _due(win) -> None:
    """What the timer does when it fires."""
    win.autosave.timer.stop()
    win.autosave._due()


def _held_autosave(qtbot, settings, root, flow_dir, monkeypatch):
    """A window whose timer's autosave of timeout 9 is in progress, its record held; (window, held)."""
    win = make_window(qtbot, settings, root, flow_dir)
    held = Held(monkeypatch)
    set_timeout(win.session, "9")
    _due(win)
    assert held.started.wait(20)
    return win, held


def test_the_timers_autosave_is_written_behind_while_editing_goes_on(qtbot, settings, root, flow_dir, monkeypatch):
    win = make_window(qtbot, settings, root, flow_dir)
    held = Held(monkeypatch)
    set_timeout(win.session, "9")
    _due(win)  # returns at once: the write waits on its own thread
    assert held.started.wait(20)
    assert held.threads == ["flowedit-autosave"]
    assert not win.autosave.record_file.exists()  # not committed yet
    set_timeout(win.session, "8")  # editing goes on meanwhile
    assert win.session.undo_stack.count() == 1
    written = []
    win.autosave.written.connect(written.append)
    held.release()
    qtbot.waitUntil(lambda: bool(written), timeout=20_000)
    record = record_of(win.autosave)
    index = (win.autosave.folder / record["snapshot"] / "index.xml").read_bytes()
    assert b'timeout="9"' in index  # the flow as it was when the autosave was due
    assert win.autosave._job is None


def test_an_autosave_due_during_one_in_progress_follows_it(qtbot, settings, root, flow_dir, monkeypatch):
    win, held = _held_autosave(qtbot, settings, root, flow_dir, monkeypatch)
    set_timeout(win.session, "8")
    _due(win)  # a second one while the first is held: it waits its turn, no second thread
    assert win.autosave._again
    written = []
    win.autosave.written.connect(written.append)
    held.release()
    qtbot.waitUntil(lambda: len(written) == 2, timeout=20_000)
    record = record_of(win.autosave)
    assert b'timeout="8"' in (win.autosave.folder / record["snapshot"] / "index.xml").read_bytes()
    assert len(held.threads) == 2 and not win.autosave._again
    assert [p.name for p in win.autosave.folder.glob("snapshot-*")] == [record["snapshot"]]


def test_write_waits_for_the_write_in_progress_then_writes_the_flow_as_it_is(qtbot, settings, root, flow_dir,
                                                                            monkeypatch):
    win, held = _held_autosave(qtbot, settings, root, flow_dir, monkeypatch)
    set_timeout(win.session, "7")
    written = []
    win.autosave.written.connect(written.append)
    threading.Timer(0.2, held.release).start()  # the disk catches up while write() waits
    assert win.autosave.write()
    assert len(written) == 2  # the one in progress, then this one
    record = record_of(win.autosave)
    assert b'timeout="7"' in (win.autosave.folder / record["snapshot"] / "index.xml").read_bytes()
    qtbot.wait(50)  # the job's queued "ended" arrives after write() took its outcome: nothing more
    assert len(written) == 2


def test_saving_during_a_write_in_progress_leaves_no_autosave_behind(qtbot, settings, root, flow_dir, monkeypatch):
    win, held = _held_autosave(qtbot, settings, root, flow_dir, monkeypatch)
    threading.Timer(0.2, held.release).start()
    assert win.file_ops.save()
    assert not win.autosave.folder.exists() and not win.autosave.active
    qtbot.wait(50)
    assert not win.autosave.folder.exists()


def test_closing_during_a_write_in_progress_waits_and_leaves_nothing(qtbot, settings, root, flow_dir, monkeypatch):
    win, held = _held_autosave(qtbot, settings, root, flow_dir, monkeypatch)
    threading.Timer(0.2, held.release).start()
    win.autosave.finish()  # what closing does once the user has decided about the changes
    assert not win.autosave.folder.exists()


def test_a_failure_behind_is_said_once_and_the_next_autosave_tries_again(qtbot, settings, root, flow_dir,
                                                                       monkeypatch):
    win = make_window(qtbot, settings, root, flow_dir)
    real = module.save_file
    failing = [True]

    def save(file, data):
        if failing[0]:
            raise OSError(28, "No space left on device", str(file))
        real(file, data)
    monkeypatch.setattr(module, "save_file", save)
    failures, written = [], []
    win.autosave.failed.connect(failures.append)
    win.autosave.written.connect(written.append)
    set_timeout(win.session, "9")
    _due(win)
    qtbot.waitUntil(lambda: bool(failures), timeout=20_000)
    assert "No space left on device" in failures[0] and not written
    _due(win)
    qtbot.waitUntil(lambda: win.autosave._job is None, timeout=20_000)
    assert len(failures) == 1  # said once
    failing[0] = False
    _due(win)
    qtbot.waitUntil(lambda: bool(written), timeout=20_000)
    assert b'timeout="9"' in (win.autosave.folder / record_of(win.autosave)["snapshot"] / "index.xml").read_bytes()


def test_a_bug_behind_is_reported_not_lost(qtbot, settings, root, flow_dir, monkeypatch):
    win = make_window(qtbot, settings, root, flow_dir)
    monkeypatch.setattr(module, "digest", lambda data: 1 / 0)
    failures = []
    win.autosave.failed.connect(failures.append)
    set_timeout(win.session, "9")
    _due(win)
    qtbot.waitUntil(lambda: bool(failures), timeout=20_000)
    assert "ZeroDivisionError" in failures[0] and win.autosave._job is None
