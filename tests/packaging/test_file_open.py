"""macOS file-open events: a QFileOpenEvent posted to the application opens the file in the editor.

Finder sends one when a .twiml file is double-clicked or dropped on the Dock icon — at launch, possibly
before the main window exists, or while the editor runs. Qt on Linux delivers a posted one the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

TWIML = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>{}</Say>\n</Response>\n'


@pytest.fixture
def opener(qapp):
    from flowedit.gui import file_open

    made = file_open.install(qapp)
    yield made
    made.uninstall()
    made.deleteLater()


@pytest.fixture
def window(qtbot, qapp, tmp_path):
    from PySide6.QtCore import QSettings

    from flowedit.gui.app import configure_application, create_window

    configure_application(qapp)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = create_window(None, settings)  # the bundled example, as at a launch without a path
    qtbot.addWidget(win)
    win.show()
    yield win
    win.setWindowModified(False)


def twiml_file(folder: Path, name: str, text: str = "Hello") -> Path:
    path = folder / name
    path.write_text(TWIML.format(text), encoding="utf-8")
    return path


def post_file_open(qapp, path: Path) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent

    QCoreApplication.postEvent(qapp, QFileOpenEvent(str(path)))


def opened(window) -> Path | None:
    location = window.session.location
    return None if location is None else Path(location)


def test_a_file_opened_while_the_editor_runs_opens_in_it(qtbot, qapp, opener, window, tmp_path):
    path = twiml_file(tmp_path, "call.twiml")
    opener.attach(window)
    post_file_open(qapp, path)
    qtbot.waitUntil(lambda: opened(window) == path, timeout=5000)
    assert [doc.path for doc in window.session.flow.documents.values()] == ["/call"]
    assert opener.pending == []


def test_a_file_sent_before_the_window_exists_opens_once_it_does(qtbot, qapp, opener, tmp_path):
    path = twiml_file(tmp_path, "early.twiml")
    post_file_open(qapp, path)
    qtbot.waitUntil(lambda: opener.pending == [path], timeout=5000)  # kept: there is no window yet

    from PySide6.QtCore import QSettings

    from flowedit.gui.app import create_window

    win = create_window(None, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    opener.attach(win)
    qtbot.waitUntil(lambda: opened(win) == path, timeout=5000)
    assert opener.pending == []


def test_a_flow_folder_dropped_on_the_dock_icon_opens_as_a_flow(qtbot, qapp, opener, window, tmp_path):
    folder = tmp_path / "flow"
    folder.mkdir()
    twiml_file(folder, "index.xml")
    twiml_file(folder, "menu.xml", "Menu")
    opener.attach(window)
    post_file_open(qapp, folder)
    qtbot.waitUntil(lambda: opened(window) == folder, timeout=5000)
    assert sorted(doc.path for doc in window.session.flow.documents.values()) == ["/index", "/menu"]


def test_of_several_files_the_last_opens_and_the_status_bar_says_so(qtbot, qapp, opener, window, tmp_path):
    first, second = twiml_file(tmp_path, "a.twiml"), twiml_file(tmp_path, "b.twiml")
    post_file_open(qapp, first)
    post_file_open(qapp, second)
    qtbot.waitUntil(lambda: len(opener.pending) == 2, timeout=5000)
    opener.attach(window)
    qtbot.waitUntil(lambda: opened(window) == second, timeout=5000)
    assert "1 other file was not opened" in window.statusBar().currentMessage()


def test_unsaved_changes_are_asked_about_first(qtbot, qapp, opener, window, tmp_path, monkeypatch):
    example = opened(window)
    asked = []
    monkeypatch.setattr(window, "maybe_save", lambda: asked.append(True) or False)  # the user cancels
    opener.attach(window)
    post_file_open(qapp, twiml_file(tmp_path, "later.twiml"))
    qtbot.waitUntil(lambda: asked == [True], timeout=5000)
    assert opened(window) == example


def test_other_events_and_url_events_pass_through(qapp, opener):
    from PySide6.QtCore import QEvent, QUrl
    from PySide6.QtGui import QFileOpenEvent

    assert opener.eventFilter(qapp, QEvent(QEvent.Type.User)) is False
    assert opener.eventFilter(qapp, QFileOpenEvent(QUrl("https://example.com/call.twiml"))) is False
    assert opener.pending == []

