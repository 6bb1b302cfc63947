"""Rule 1 of the architecture: the core knows nothing of Qt.

Every module under flowedit/ except flowedit/gui is scanned for imports of a Qt binding, and the core
packages are imported in a fresh interpreter to check that no Qt module gets loaded on the way.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "flowedit"
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2", "shiboken2", "qtpy")
CORE = ("flowedit.twiml", "flowedit.model", "flowedit.io", "flowedit.validate", "flowedit.layout", "flowedit.cli",
        "flowedit.simulate", "flowedit.simulate.deliver", "flowedit.simulate.text")


def _core_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "gui" not in p.relative_to(PACKAGE).parts[:1])


def _qt_imports(source: str, filename: str) -> list[str]:
    """Names of Qt modules imported anywhere in the module (also inside functions and try blocks)."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
              and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("import_module", "__import__")
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names = [node.args[0].value]
        found += [name for name in names if name.split(".")[0] in QT_MODULES]
    return found


def test_the_scanner_finds_qt_imports():
    source = ("import os\nimport PySide6.QtCore\nfrom shiboken6 import isValid\n"
              "def f():\n    from PyQt6 import QtGui\n    importlib.import_module('PySide6.QtWidgets')\n")
    assert _qt_imports(source, "x.py") == ["PySide6.QtCore", "shiboken6", "PyQt6", "PySide6.QtWidgets"]
    assert _qt_imports("from .gui import PySide6ish\nimport pyside6_helpers\n", "y.py") == []


def test_core_files_exist():
    files = {p.relative_to(PACKAGE).as_posix() for p in _core_files()}
    assert {"model/document.py", "io/reader.py", "cli.py"} <= files
    assert not any(f.startswith("gui/") for f in files)


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_qt_import_in_core_module(path):
    assert _qt_imports(path.read_text(encoding="utf-8"), str(path)) == []


def test_importing_the_core_loads_no_qt():
    code = (
        "import sys\n"
        f"import {', '.join(CORE)}\n"
        "import flowedit.io.folder, flowedit.io.fmt, flowedit.model.links, flowedit.layout.ordering\n"
        "import grandalf.layouts\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r})\n"
        "print(','.join(loaded))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"Qt modules loaded by the core: {proc.stdout.strip()}"
    assert "PySide6" not in proc.stdout
