"""Shared set-up of the GUI tests: an offscreen Qt, throw-away settings, and small flow fixtures.

The environment is set at import time, before anything imports Qt: Qt reads QT_QPA_PLATFORM when the
QApplication is made and QSettings resolves XDG_CONFIG_HOME on first use, so later would be too late.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Whatever still reaches the default QSettings() lands here, never in the user's real configuration.
_CONFIG_HOME = tempfile.mkdtemp(prefix="flowedit-gui-tests-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG_HOME
# Autosaves and logs (QStandardPaths' data locations) likewise never reach the user's real data folder.
os.environ["XDG_DATA_HOME"] = os.path.join(_CONFIG_HOME, "data")
atexit.register(shutil.rmtree, _CONFIG_HOME, ignore_errors=True)

import pytest  # noqa: E402


@pytest.fixture
def app(qapp):
    """pytest-qt's QApplication, named and styled as flowedit-gui does it."""
    from flowedit.gui.app import configure_application

    configure_application(qapp)
    return qapp


@pytest.fixture
def settings(tmp_path):
    """A QSettings of its own for each test, in an INI file under tmp_path."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, app, settings):
    """An empty main window (no flow open) with the test's settings."""
    from flowedit.gui.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    return win


@pytest.fixture
def example_window(qtbot, app, settings):
    """The main window as `flowedit-gui` starts it without a path: the bundled example open."""
    from flowedit.gui.app import create_window

    win = create_window(None, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    """Windows closed at the end of a test never stop on a modal question: unsaved changes are dropped.

    Autouse, so it is set up before (and torn down after) pytest-qt closes the test's widgets.
    Tests that check the question replace `_confirm_discard` on their window themselves.
    """
    try:
        from flowedit.gui.main_window import MainWindow
    except ImportError:  # no Qt here: the GUI tests skip themselves
        return
    monkeypatch.setattr(MainWindow, "_confirm_discard", lambda self: "discard")


_FLOWS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      "benchmarks", "flows.py")


def bench_flows():
    """The benchmarks' flow generator (`benchmarks/flows.py`), loaded from its file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_flows", _FLOWS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def generated_session(app, tmp_path):
    """A session on a 40-document flow folder shaped like a real IVR (menus, dials, screening, loops
    back), written by the benchmarks' generator."""
    from flowedit.gui.session import FlowSession

    bench_flows().write_flow_folder(tmp_path / "flow", 40)
    flow_session = FlowSession()
    flow_session.open(tmp_path / "flow")
    return flow_session


@pytest.fixture
def flow_dir(tmp_path):
    """A writable copy of the bundled example flow (its folder named as the original, support-line)."""
    import shutil
    from pathlib import Path

    from flowedit.gui import assets

    return Path(shutil.copytree(assets.example_flow(), tmp_path / "support-line"))


@pytest.fixture
def root(tmp_path):
    """Where the autosave tests keep autosaves."""
    return tmp_path / "autosave"

