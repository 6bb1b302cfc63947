"""Unexpected exceptions in the editor are logged with their traceback, shown once, and survived."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from flowedit.gui import crash

pytestmark = pytest.mark.gui


@pytest.fixture
def handler(tmp_path, monkeypatch, qapp):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()) or 0)
    installed = crash.install(log_file=tmp_path / "logs" / "flowedit.log")
    installed.shown_texts = shown
    yield installed
    installed.uninstall()


def _raise(message: str):
    def boom():
        raise ValueError(message)
    return boom


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_shown_and_the_loop_goes_on(handler, qtbot):
    after = []
    QTimer.singleShot(0, _raise("broken slot"))
    QTimer.singleShot(20, lambda: after.append("still running"))
    qtbot.waitUntil(lambda: after == ["still running"], timeout=5000)
    log = handler.log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "ValueError: broken slot" in log and "in boom" in log
    assert handler.shown == 1
    assert "ValueError: broken slot" in handler.shown_texts[0] and str(handler.log_file) in handler.shown_texts[0]


def test_a_burst_of_failures_is_all_logged_but_shown_once(handler):
    for i in range(5):
        try:
            _raise(f"paint {i}")()
        except ValueError:
            handler.excepthook(*sys.exc_info())
    log = handler.log_file.read_text(encoding="utf-8")
    assert all(f"ValueError: paint {i}" in log for i in range(5))
    assert handler.logged == 5 and handler.shown == 1


def test_an_exception_while_the_dialog_is_up_is_logged_not_shown(handler, monkeypatch):
    def nested(box):
        try:
            _raise("under the dialog")()
        except ValueError:
            handler.excepthook(*sys.exc_info())
        return 0
    monkeypatch.setattr(QMessageBox, "exec", nested)
    try:
        _raise("first")()
    except ValueError:
        handler.excepthook(*sys.exc_info())
    assert handler.logged == 2 and handler.shown == 1
    assert "under the dialog" in handler.log_file.read_text(encoding="utf-8")


def test_an_unwritable_log_falls_back_to_stderr(tmp_path, qapp, capsys, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    installed = crash.install(log_file=blocker / "logs" / "flowedit.log")
    try:
        try:
            _raise("no log")()
        except ValueError:
            installed.excepthook(*sys.exc_info())
    finally:
        installed.uninstall()
    err = capsys.readouterr().err
    assert "cannot write the crash log" in err and "ValueError: no log" in err
    box = installed.message_box(ValueError, ValueError("no log"))
    assert "could not be written" in box.informativeText()


def test_uninstall_restores_the_previous_hooks(tmp_path, qapp):
    import threading

    before, before_thread = sys.excepthook, threading.excepthook
    installed = crash.install(log_file=tmp_path / "x.log")
    assert sys.excepthook == installed.excepthook
    installed.uninstall()
    assert sys.excepthook is before and threading.excepthook is before_thread


def test_the_editor_started_normally_survives_an_exception(tmp_path):
    """A real editor process (offscreen): an exception in an event handler is logged to the data folder,
    the dialog appears, and the event loop keeps running until the script quits it."""
    script = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMessageBox
        from flowedit.gui import app as gui_app
        QMessageBox.exec = lambda box: print("DIALOG", box.informativeText().splitlines()[0], flush=True) or 0
        def boom():
            raise RuntimeError("kaboom")
        create = gui_app.create_window
        def create_window(*args, **kwargs):  # the app exists now: timers can be set
            QTimer.singleShot(200, boom)
            QTimer.singleShot(600, lambda: (print("ALIVE", flush=True), QApplication.instance().quit()))
            return create(*args, **kwargs)
        gui_app.create_window = create_window
        sys.exit(gui_app.main(["flowedit-gui"]))
    """)
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "DIALOG RuntimeError: kaboom" in done.stdout and "ALIVE" in done.stdout
    logs = list((tmp_path / "data").rglob("flowedit.log"))
    assert len(logs) == 1 and "RuntimeError: kaboom" in logs[0].read_text(encoding="utf-8")
