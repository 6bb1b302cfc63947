"""A new, empty window starts without what only a flow needs, and still works like one that had it.

The cold start (benchmarks/start_bench.py `bench_start`) is mostly imports: the empty window must not
import the core (lxml, the model, the reader and writer, the TwiML vocabulary), the canvas item
classes or the checker. That is only visible in a fresh process, so the first test starts one. The
others check what makes it possible: a new session's `EmptyFlow` stands in for the model until
something needs more, and then the real flow is made, edited, undone and saved as always; a first
start without a saved layout still sizes its docks; the documents tree still paints its "entry" tag.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QGraphicsView

from flowedit.gui import style
from flowedit.gui.main_window import STATE_VERSION, MainWindow
from flowedit.gui.panels import outline
from flowedit.gui.session import EmptyFlow

pytestmark = pytest.mark.gui

# Modules an empty window has no use for; each was imported at start before (see benchmarks/GUI.md).
NOT_AT_START = (
    "lxml.etree",
    "flowedit.model",
    "flowedit.io",
    "flowedit.twiml",
    "flowedit.validate",
    "flowedit.gui.placement",
    "flowedit.gui.clipboard",
    "flowedit.gui.canvas.items.frame",
    "flowedit.gui.canvas.items.node",
    "flowedit.gui.canvas.summary",
    "flowedit.gui.canvas.arrange",
    "importlib.resources",
    "json",
    "hashlib",
    "uuid",
)

START = """
import os, sys
os.environ['QT_QPA_PLATFORM'] = 'offscreen'
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
if sys.argv[1] == 'editor':
    from flowedit.gui.app import configure_application
    configure_application(app)
    from flowedit.gui.main_window import MainWindow
    window = MainWindow()
else:  # what PySide6 itself imports for a window, to tell our imports from its own
    window = QMainWindow()
window.show()
for _ in range(3):
    app.processEvents()
modules = sorted(sys.modules)
import json
shown = {"modules": modules}
if sys.argv[1] == 'editor':
    shown.update(title=window.windowTitle(), summary=window.summary_label.text(),
                 menus=[a.text() for a in window.menuBar().actions()])
print(json.dumps(shown))
"""


def _started(which: str, tmp_path) -> dict:
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    done = subprocess.run([sys.executable, "-c", START, which], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_empty_window_starts_without_the_core(tmp_path):
    shown = _started("editor", tmp_path)
    ours = set(shown["modules"]) - set(_started("bare", tmp_path)["modules"])
    assert [m for m in NOT_AT_START if m in ours] == []
    # ... yet it is the whole window: menus, title, status summary.
    assert shown["menus"] == ["&File", "&Edit", "&View", "&Simulate", "&Help"]
    assert shown["title"] == "Untitled flow[*] — flowedit"
    assert shown["summary"] == "0 documents · 0 errors, 0 warnings"


def test_a_new_session_stands_in_an_empty_flow_until_one_is_needed(window):
    session = window.session
    assert isinstance(session.flow, EmptyFlow)
    assert (dict(session.flow.documents), session.flow.entry, session.flow.links()) == ({}, None, [])
    assert session.current_document is None
    # Anything beyond those questions is the real flow's: asking makes it, with its change events wired.
    loaded = session.loaded
    assert loaded.flow is session.flow and not isinstance(session.flow, EmptyFlow)
    assert session.untitled and loaded.flow.documents == {}


def test_the_first_edit_of_a_new_window_makes_the_real_flow(window, qtbot, tmp_path):
    from flowedit.model.flow import Flow

    doc = window.documents_panel.add_document("/index")
    assert doc is not None and isinstance(window.session.flow, Flow)
    assert window.session.flow.documents == {"/index": doc} and window.session.flow.entry == "/index"
    assert window.scene.frame_for(doc) is not None  # the picture followed: the flow's events are wired
    assert window.documents_panel.paths() == ["/index"]
    window.session.undo_stack.undo()
    assert window.session.flow.documents == {} and window.scene.frames() == []
    window.session.undo_stack.redo()
    assert window.file_ops.save_as(tmp_path / "saved")
    assert (tmp_path / "saved" / "index.xml").is_file()


def test_the_canvas_viewport_is_the_one_qgraphicsview_would_make(window):
    # Made in Python (see FlowView.__init__), so PySide6 need not look up the class of one made in C++.
    plain = QGraphicsView()
    ours, stock = window.view.viewport(), plain.viewport()
    assert type(ours) is type(stock)
    assert (ours.objectName(), ours.backgroundRole(), ours.autoFillBackground(), ours.focusPolicy(),
            ours.acceptDrops()) == (
        stock.objectName(), stock.backgroundRole(), stock.autoFillBackground(), stock.focusPolicy(),
        stock.acceptDrops())


def test_a_first_start_lays_out_its_docks_as_when_the_layout_was_settled_first(window, qtbot):
    # Without a saved layout the dock layout is settled once, when the window shows; it used to be
    # settled while the window was built as well. Same docks, same sizes.
    settled = MainWindow(window.settings)
    qtbot.addWidget(settled)
    settled.layout().activate()  # what building the window did before
    for win in (window, settled):
        assert win._dock_sizes_pending
        win.show()
        qtbot.waitExposed(win)
        assert not win._dock_sizes_pending
    assert window.saveState(STATE_VERSION) == settled.saveState(STATE_VERSION)
    assert [d.geometry() for d in window.docks] == [d.geometry() for d in settled.docks]
    # ... and a window with a saved layout restores it as before.
    window.resize(700, 600)
    window.save_layout()
    second = MainWindow(window.settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == window.size() and second.saveState(STATE_VERSION) == window.saveState(STATE_VERSION)


def test_the_documents_tree_paints_the_entry_tag(example_window):
    # The tag delegate copies Qt's style option without importing its class (see outline.TagDelegate).
    tree = example_window.documents_panel.tree
    entry = tree.topLevelItem(0)
    assert entry.data(outline.NAME, outline.TAG_ROLE) == "entry"
    rect = tree.visualItemRect(entry)
    image = tree.viewport().grab(rect).toImage()
    background, _text = style.badge_colours(tree.palette())
    row = [image.pixelColor(x, image.height() // 2) for x in range(image.width())]
    assert any(colour.rgb() == background.rgb() for colour in row)
