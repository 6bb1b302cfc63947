"""Editor start (issue 7), measured cold: the editor's empty window, a bare PySide6 QMainWindow (the
issue's floor) and a window of the editor's skeleton, each started in fresh processes of the same
Python, turn about. `bench_start(repeat)` returns the rows `benchmarks/gui_bench.py` reports.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from gui_bench import _row  # (gui_bench imports this module only when its run() starts)


def _timed(setup: str, body: str) -> str:
    """A script for a fresh process: `setup` untimed, then `body` (which imports what it needs and
    makes the QApplication `app` and the window `w`) timed through `w.show()` and three rounds of
    events; it prints the seconds."""
    return (f"import os, sys, time\nos.environ['QT_QPA_PLATFORM'] = 'offscreen'\n{setup}\n"
            f"t0 = time.perf_counter()\n{body}\n"
            "w.show()\nfor _ in range(3): app.processEvents()\nprint(time.perf_counter() - t0)\n")


EDITOR = _timed("import tempfile\nos.environ['XDG_CONFIG_HOME'] = tempfile.mkdtemp()", """
from PySide6.QtWidgets import QApplication
app = QApplication([])
from flowedit.gui.app import configure_application
configure_application(app)
from flowedit.gui.main_window import MainWindow
w = MainWindow()""")
# The floor as written: a bare PySide6 QMainWindow, shown.
WINDOW = _timed("", """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1280, 800)""")
# The same window with the editor's skeleton (a graphics view, nine docks holding text edits, Fusion):
# what any editor of this shape costs before its own code, Qt's enums included (see GUI.md).
BARE = _timed("import tempfile", """
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QDockWidget, QGraphicsView, QGraphicsScene, QTextEdit
app = QApplication([])
app.setStyle('Fusion')
w = QMainWindow()
w.setCentralWidget(QGraphicsView(QGraphicsScene()))
for i in range(9):
    d = QDockWidget(f'Dock {i}', w); d.setWidget(QTextEdit()); w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, d)
w.resize(1280, 800)""")


def _cold(code: str, repeat: int, env: dict | None = None) -> list[float]:
    times = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             cwd=str(Path(__file__).resolve().parent.parent), env=env)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


def bench_start(repeat: int = 5) -> list[dict]:
    """Editor, bare window and skeleton window, each started cold in fresh processes of the same
    Python, turn about. The target row is the issue's: the editor against a bare QMainWindow; the
    skeleton row shows how much of the difference any window of the editor's shape pays.

    All read compiled bytecode from one private cache (PYTHONPYCACHEPREFIX), filled by an untimed
    first run of each: an installed editor starts from bytecode (wheels and frozen builds carry it, and
    `make` compiles the checkout's), as the venv's PySide6 does. Where PYTHONDONTWRITEBYTECODE is set,
    the editor alone would otherwise compile its ~150 modules from source on every start (~60 ms).
    """
    with tempfile.TemporaryDirectory(prefix="flowedit-bench-pycache-") as cache:
        env = dict(os.environ, PYTHONPYCACHEPREFIX=cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for code in (EDITOR, WINDOW, BARE):  # fill the cache (untimed)
            _cold(code, 1, env)
        editors, windows, skeletons = [], [], []
        for _ in range(repeat):  # alternate, so a busy moment of a shared machine hits all alike
            editors += _cold(EDITOR, 1, env)
            windows += _cold(WINDOW, 1, env)
            skeletons += _cold(BARE, 1, env)
    editor, window, skeleton = min(editors), min(windows), min(skeletons)
    return [_row("editor start, empty window (cold process, imports included)", editor, "≤ 1.3× floor",
                 editor / window <= 1.3, "bare QMainWindow", window),
            _row("editor start against the editor's skeleton window", editor, "report", None,
                 "QMainWindow + view + 9 docks", skeleton)]
