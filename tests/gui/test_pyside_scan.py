"""PySide6 no longer reads flowedit's sources (or the standard library's) as they are imported, and
what flowedit tells it instead is what its own scan would have found (see `flowedit.gui.pyside_scan`).

The import-time scan is only visible in a fresh process: the first test starts one that records every
module PySide's scan is asked about while the editor's window is made.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import flowedit
from flowedit.gui import pyside_scan

pytestmark = pytest.mark.gui

ROOT = Path(flowedit.__file__).parent

# A fresh process with a QApplication, recording every module PySide6's import-time scan is asked about.
RECORDING = """
import json, os, sys
os.environ['QT_QPA_PLATFORM'] = 'offscreen'
from PySide6.QtWidgets import QApplication
app = QApplication([])
feature = sys.modules['shibokensupport.feature']
scanned, real = [], feature._mod_uses_pyside
def recording(module):
    scanned.append(module.__name__)
    return real(module)
feature._mod_uses_pyside = recording
from flowedit.gui.app import configure_application
configure_application(app)
"""

START = RECORDING + """
from flowedit.gui.main_window import MainWindow
window = MainWindow()
window.show()
app.processEvents()
import flowedit.gui.panels.inspector, flowedit.gui.compare  # panels imported later, on first use
print(json.dumps(scanned))
"""


def _scanned(script: str) -> list[str]:
    env = dict(os.environ, XDG_CONFIG_HOME=os.environ.get("XDG_CONFIG_HOME", "/tmp"))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120,
                         cwd=str(ROOT.parent))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_editor_start_reads_no_flowedit_or_standard_library_source():
    scanned = _scanned(START)
    ours = [name for name in scanned if name.split(".")[0] == "flowedit"]
    stdlib = [name for name in scanned if name.split(".")[0] in sys.stdlib_module_names]
    # Only what is imported before the table is filled: the package, `flowedit.gui` on its way in, and
    # the few standard modules they import first (before, the scan read ~45 of ours and ~20 of those).
    assert set(ours) <= {"flowedit", "flowedit.gui.pyside_scan"}, ours
    assert len(stdlib) <= 8, stdlib
    assert "flowedit.gui.panels.inspector" not in scanned and "typing" not in scanned


def _scan_says(source: str) -> int:
    """What PySide's scan makes of a module's source: 0 when it mentions PySide6, else -1."""
    return 0 if "PySide6" in source else -1


def test_what_flowedit_tells_is_what_the_scan_would_find():
    names = pyside_scan._module_names(str(ROOT), "flowedit")
    assert "flowedit.gui.main_window" in names and "flowedit.validate.rules.dial" in names
    assert "flowedit.gui.canvas.items" in names and not any("__pycache__" in n for n in names)
    table: dict[str, int] = {}
    feature = type("feature", (), {"pyside_feature_dict": table})
    saved = sys.modules.get("shibokensupport.feature")
    sys.modules["shibokensupport.feature"] = feature
    try:
        added = pyside_scan.tell_pyside()
    finally:
        if saved is not None:
            sys.modules["shibokensupport.feature"] = saved
    assert added == len(table) >= len(names) + 200
    for name in names:
        parts = name.split(".")[1:]
        file = ROOT.joinpath(*parts, "__init__.py") if (ROOT.joinpath(*parts)).is_dir() else \
            ROOT.joinpath(*parts[:-1], parts[-1] + ".py")
        source = file.read_text(encoding="utf-8")
        if name.startswith("flowedit.gui"):
            # Every GUI module is told 0, "uses PySide": the scan says so of those that mention
            # PySide6; for the others 0 and -1 act alike, since no flowedit module selects a
            # __feature__ (the selection stays 0 everywhere).
            assert table[name] == 0, name
        else:
            assert table[name] == -1 == _scan_says(source), name  # the core imports no Qt
        assert "__feature__" not in source or name == "flowedit.gui.pyside_scan", name
    import dataclasses
    import inspect
    import typing

    for module in (typing, inspect, dataclasses):
        assert table[module.__name__] == -1 == _scan_says(inspect.getsource(module))


def test_names_pyside_already_knows_are_left_alone(monkeypatch):
    table = {"flowedit.gui.main_window": 5, "typing": 7}
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", type("f", (), {"pyside_feature_dict": table}))
    pyside_scan.tell_pyside()
    assert table["flowedit.gui.main_window"] == 5 and table["typing"] == 7


def test_without_the_table_nothing_is_done(monkeypatch):
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", type("f", (), {})())
    assert pyside_scan.tell_pyside() == 0
    monkeypatch.delitem(sys.modules, "shibokensupport.feature")
    assert pyside_scan.tell_pyside() == 0


CHECKER = RECORDING + """
from flowedit.gui.session import FlowSession
session = FlowSession()
session.validator  # the live checker's first use imports networkx
print(json.dumps(scanned))
"""


def test_the_checkers_first_use_reads_no_networkx_source():
    scanned = _scanned(CHECKER)
    assert not [name for name in scanned if name.split(".")[0] == "networkx"], scanned
    assert len(scanned) < 40, scanned  # before: ~300


def test_what_is_told_of_networkx_is_what_the_scan_would_find(monkeypatch):
    import importlib.util

    table: dict[str, int] = {"networkx": 0}
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", type("f", (), {"pyside_feature_dict": table}))
    added = pyside_scan.tell_pyside_about("networkx", "no_such_package_here")
    root = Path(importlib.util.find_spec("networkx").submodule_search_locations[0])
    assert added == len(table) - 1 > 200 and table["networkx"] == 0  # known names are left alone
    assert table["networkx.algorithms.dag"] == -1 and not any(".tests" in name for name in table)
    for name in table:
        parts = name.split(".")[1:]
        file = root.joinpath(*parts, "__init__.py") if root.joinpath(*parts).is_dir() else \
            root.joinpath(*parts[:-1], parts[-1] + ".py")
        assert _scan_says(file.read_text(encoding="utf-8")) == -1, name
    monkeypatch.delitem(sys.modules, "shibokensupport.feature")
    assert pyside_scan.tell_pyside_about("networkx") == 0
