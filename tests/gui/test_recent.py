"""Open Recent: persisted in QSettings, newest first, bounded, and robust to what QSettings hands back."""

from __future__ import annotations

import pytest
from gui_support import write
from PySide6.QtCore import QSettings

from flowedit.gui.main_window import MainWindow
from flowedit.gui.recent import KEY, LIMIT, RecentFiles, normalise

pytestmark = pytest.mark.gui

DOC = "<Response><Hangup/></Response>\n"


def recent_actions(win):
    return [a.data() for a in win.recent_menu.actions() if a.data()]


def test_recent_files_are_persisted_newest_first_and_bounded(qtbot, app, settings, tmp_path):
    files = [write(tmp_path / f"call{i:02}.xml", DOC) for i in range(LIMIT + 2)]
    win = MainWindow(settings)
    qtbot.addWidget(win)
    for file in files:
        assert win.open_path(file)
    expected = [str(f) for f in reversed(files)][:LIMIT]
    assert win.recent.paths() == expected
    assert recent_actions(win) == expected

    reread = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    again = MainWindow(reread)
    qtbot.addWidget(again)
    assert recent_actions(again) == expected
    assert again.recent_menu.isEnabled()


def test_reopening_moves_a_path_to_the_front_without_duplicating_it(qtbot, window, tmp_path):
    a, b = write(tmp_path / "a.xml", DOC), write(tmp_path / "b.xml", DOC)
    window.open_path(a)
    window.open_path(b)
    window.open_path(a)
    assert window.recent.paths() == [str(a), str(b)]


def test_a_recent_menu_entry_opens_its_path(window, tmp_path):
    file = write(tmp_path / "flow" / "index.xml", DOC)
    window.open_path(file.parent)
    window.open_path(write(tmp_path / "other.xml", DOC))
    entry = next(a for a in window.recent_menu.actions() if a.data() == str(file.parent))
    entry.trigger()
    assert window.session.loaded.location == file.parent
    assert window.recent.paths()[0] == str(file.parent)


def test_vanished_paths_are_left_out_and_clear_empties_the_menu(window, tmp_path):
    gone = write(tmp_path / "gone.xml", DOC)
    kept = write(tmp_path / "kept.xml", DOC)
    window.open_path(gone)
    window.open_path(kept)
    gone.unlink()
    assert window.recent.paths() == [str(kept)]
    clear = next(a for a in window.recent_menu.actions() if a.text() == "&Clear Menu")
    clear.trigger()
    assert window.recent.paths(existing_only=False) == []
    assert not window.recent_menu.isEnabled()


def test_a_single_stored_path_comes_back_as_a_list(settings, tmp_path):
    # The Qt-for-Python pitfall: a one-item list may be stored or returned as a plain string.
    path = str(write(tmp_path / "one.xml", DOC))
    settings.setValue(KEY, path)
    assert RecentFiles(settings).paths() == [path]
    settings.setValue(KEY, [path])
    settings.sync()
    reread = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    assert RecentFiles(reread).paths() == [path]


@pytest.mark.parametrize("value, expected", [
    (None, []), ("", []), ("/a", ["/a"]), (["/a", "/a", "/b"], ["/a", "/b"]),
    (("/a", 3, None, b"/b"), ["/a", "/b"]), (42, []), ({"x": 1}, []),
])
def test_normalise_accepts_whatever_qsettings_returns(value, expected):
    assert normalise(value) == expected


def test_relative_paths_are_stored_absolute(settings, tmp_path, monkeypatch):
    write(tmp_path / "x.xml", DOC)
    monkeypatch.chdir(tmp_path)
    recent = RecentFiles(settings)
    recent.add("sub/../x.xml")
    assert recent.paths() == [str(tmp_path / "x.xml")]
