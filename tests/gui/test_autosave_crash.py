"""A real crash: the editor, started the way `flowedit-gui` starts, is killed with SIGKILL after an
autosave; the next start offers the work, and opening it gives back exactly the edited documents.

The driver below runs `flowedit.gui.app.main` in a subprocess (offscreen, with its data and settings
folders in tmp and a half-second autosave interval) and reports on stdout, one JSON object a line. Its
edits go through the session's undoable edit API, as the panels' do.
"""

from __future__ import annotations

import json
import select
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from gui_support import headless_env

from flowedit.gui import assets

pytestmark = [pytest.mark.gui,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL and XDG folders")]

DRIVER = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    mode, argv = sys.argv[1], ["flowedit-gui", *sys.argv[2:]]
    app = QApplication(argv)
    from flowedit.gui import app as gui_app
    from flowedit.gui.main_window import MainWindow
    from flowedit.io.writer import document_bytes

    def report(**fields):
        print(json.dumps(fields), flush=True)

    def window():
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)

    def documents(win):
        return {path: document_bytes(doc).hex() for path, doc in win.session.flow.documents.items()}

    def edit(win):
        session = win.session
        index = session.flow.documents["/index"]
        gather = next(e for e in index.child_elements(index.root_id) if index.tag(e) == "Gather")
        menu = session.flow.documents["/menu"]
        dial = menu.child_elements(menu.root_id)[0]
        win.autosave.written.connect(lambda record: report(autosaved=str(record), documents=documents(win),
                                                           location=str(session.location)))
        assert session.edit("Gather timeout", lambda: [(index, index.set_attribute(gather, "timeout", "9"))])
        assert session.edit("Dial timeout", lambda: [(menu, menu.set_attribute(dial, "timeout", "45"))])
        report(edited=True, modified=session.modified, steps=session.undo_stack.count())

    def recover():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if w.objectName() == "recoveryDialog" and w.isVisible()), None)
        if dialog is None:
            return QTimer.singleShot(50, recover)
        items = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
        report(offered=[[item.text(c) for c in range(4)] for item in items])
        dialog.open_button.click()
        QTimer.singleShot(0, recovered)

    def recovered():
        win = window()
        session = win.session
        report(documents=documents(win), modified=session.modified, location=str(session.location),
               steps=session.undo_stack.count(), title=win.windowTitle())
        win.close()  # the user quits and, asked, discards the changes

    def start():
        win = window()
        if win is None:
            return QTimer.singleShot(50, start)
        if mode == "edit":
            edit(win)
        else:
            MainWindow._confirm_discard = lambda self: "discard"
            recover()

    QTimer.singleShot(0, start)
    sys.exit(gui_app.main(argv))
""")


class Driver:
    """One run of the driver, its reports read line by line with a generous deadline."""

    def __init__(self, mode: str, args: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", DRIVER, mode, *args], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def next_report(self, key: str, timeout: float = 180) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 1)
            if ready:
                line = self.process.stdout.readline()
                if not line:
                    break
                report = json.loads(line)
                if key in report:
                    return report
            elif self.process.poll() is not None:
                break
        self.process.kill()
        _out, err = self.process.communicate(timeout=60)
        pytest.fail(f"no {key!r} report from the editor (exit {self.process.returncode}): {err[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate(timeout=60)


def test_work_killed_with_sigkill_is_recovered_at_the_next_start(tmp_path):
    flow = Path(shutil.copytree(assets.example_flow(), tmp_path / "support-line"))
    on_disk = {file: file.read_bytes() for file in flow.rglob("*") if file.is_file()}
    data = tmp_path / "data"
    env = headless_env(tmp_path, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(data),
                       FLOWEDIT_AUTOSAVE_SECONDS="0.5")

    first = Driver("edit", [str(flow)], env)
    try:
        edited = first.next_report("edited")
        assert edited["modified"] and edited["steps"] == 2
        autosaved = first.next_report("autosaved")
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(60)
    finally:
        first.stop()
    assert first.process.returncode == -signal.SIGKILL
    record = Path(autosaved["autosaved"])
    assert record.is_file() and record.is_relative_to(data)  # in the data folder, as the crash left it
    edited_documents = {path: bytes.fromhex(text) for path, text in autosaved["documents"].items()}
    assert b'timeout="9"' in edited_documents["/index"] and b'timeout="45"' in edited_documents["/menu"]

    second = Driver("recover", [], env)  # started without a path: the bundled example opens first
    try:
        offered = second.next_report("offered")["offered"]
        assert offered == [["support-line", str(flow), offered[0][2], "5"]]
        result = second.next_report("documents")
        assert second.process.wait(120) == 0
    finally:
        second.stop()
    assert {path: bytes.fromhex(text) for path, text in result["documents"].items()} == edited_documents
    assert result["modified"] and result["steps"] == 0 and result["location"] == str(flow)
    assert result["title"].startswith("support-line")
    # Nothing was saved on its own, and quitting normally left no autosave behind.
    assert {file: file.read_bytes() for file in flow.rglob("*") if file.is_file()} == on_disk
    assert not record.exists()
    assert [p for p in record.parent.parent.iterdir()] == []
