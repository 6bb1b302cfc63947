"""Set-up of the packaging tests: an offscreen Qt and throw-away settings/data folders for those that use Qt.

Set at import time, before anything imports Qt (see tests/gui/conftest.py, which does the same when it is
collected first). The desktop-integration tests never touch the user's ~/.local/share: each installs
into a temporary XDG_DATA_HOME of its own.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "XDG_CONFIG_HOME" not in os.environ or "flowedit-gui-tests-" not in os.environ["XDG_CONFIG_HOME"]:
    _HOME = tempfile.mkdtemp(prefix="flowedit-packaging-tests-")
    os.environ["XDG_CONFIG_HOME"] = _HOME
    os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
    atexit.register(shutil.rmtree, _HOME, ignore_errors=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def root() -> Path:
    """The repository's root folder."""
    return ROOT


@pytest.fixture(autouse=True)
def no_modal_questions(request, monkeypatch):
    """A window closed at the end of a test never waits on "Save changes?" (as in tests/gui/conftest.py).

    Only for the `gui` tests: the others (`make test-core`) must not import Qt.
    """
    if request.node.get_closest_marker("gui") is None:
        return
    try:
        from flowedit.gui.main_window import MainWindow
    except ImportError:  # no Qt here: the Qt tests skip themselves
        return
    monkeypatch.setattr(MainWindow, "_confirm_discard", lambda self: "discard")
