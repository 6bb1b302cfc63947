"""File ▸ Compare and the Differences dock: the real semantic diff, listed, clickable and marked on the canvas."""

from __future__ import annotations

import shutil

import pytest
from gui_support import write
from PySide6.QtCore import QPoint, Qt

from flowedit.gui import assets
from flowedit.gui.canvas.highlight import TraceItem
from flowedit.gui.session import Ref

pytestmark = pytest.mark.gui

EXTRA = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Extra</Say>\n</Response>\n'


@pytest.fixture
def opened(window, tmp_path, qtbot):
    """The main window, shown, with a copy of the bundled example opened from tmp_path."""
    folder = tmp_path / "support-line"
    shutil.copytree(assets.example_flow(), folder)
    assert window.open_path(folder, remember=False)
    window.show()
    qtbot.waitExposed(window)
    return window


def dial_of(window):
    doc = window.session.flow.documents["/menu"]
    return doc, doc.child_elements(doc.root_id)[0]


def set_timeout(window, value: str) -> None:
    doc, dial = dial_of(window)
    assert window.session.edit("Timeout", lambda: [(doc, doc.set_attribute(dial, "timeout", value))])


def diff_overlays(scene):
    return [o for o in scene.items() if isinstance(o, TraceItem) and o.style.startswith("diff-") and o.isVisible()]


def click_row(qtbot, tree, row: int) -> None:
    item = tree.topLevelItem(row)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center().x(), rect.center().y()))


def test_compare_with_saved_lists_the_edit_and_marks_the_dial(opened):
    win = opened
    panel = win.differences_panel
    set_timeout(win, "45")
    assert win.commands["compare_saved"].isEnabled()
    win.commands["compare_saved"].trigger()
    (difference,) = panel.differences
    assert (difference.kind, difference.document, difference.attribute) == ("changed", "/menu", "timeout")
    assert difference.message == "Dial timeout changed 20 → 45"
    assert panel.row_count() == 1
    row = panel.item(0)
    assert row.text(1) == "Dial timeout changed 20 → 45" and row.text(0) == "changed"
    assert row.text(2).startswith("/menu") and "Dial" in row.text(2)
    assert "1 difference" in panel.header.text() and "saved version" in panel.header.text()
    doc, dial = dial_of(win)
    assert win.scene.highlighted("diff-changed") == [win.scene.item_for(Ref(doc, dial))]
    assert win.scene.highlighted() == []  # the simulator's trace is another layer
    assert not win.diff_dock.isHidden() and not win.diff_dock.visibleRegion().isEmpty()
    assert win.session.modified  # comparing is not saving


def test_the_comparison_follows_edits_and_undo(opened, qtbot):
    win = opened
    panel = win.differences_panel
    set_timeout(win, "45")
    win.compare.with_saved()
    assert panel.row_count() == 1
    win.session.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.row_count() == 0)
    assert win.scene.highlighted("diff-changed") == [] and not diff_overlays(win.scene)
    assert "no differences" in panel.header.text()
    win.session.undo_stack.redo()
    qtbot.waitUntil(lambda: panel.row_count() == 1)
    assert len(win.scene.highlighted("diff-changed")) == 1


def test_clear_and_opening_another_flow_forget_the_comparison(opened):
    win = opened
    panel = win.differences_panel
    set_timeout(win, "45")
    win.compare.with_saved()
    panel.clear_button.click()
    assert panel.row_count() == 0 and not panel.active and not diff_overlays(win.scene)
    win.compare.with_saved()
    assert panel.row_count() == 1
    win.open_path(assets.example_flow(), remember=False)
    assert panel.row_count() == 0 and not panel.active and not diff_overlays(win.scene)


def test_compare_with_is_disabled_for_an_untitled_flow(window):
    assert not window.commands["compare_saved"].isEnabled()
    assert window.compare.with_saved() is None
    assert "not been saved" in window.statusBar().currentMessage()


def test_compare_with_another_folder_lists_added_and_removed_documents(opened, tmp_path):
    win = opened
    other = tmp_path / "other"
    shutil.copytree(assets.example_flow(), other)
    (other / "agents" / "goodbye.xml").unlink()  # only in the open flow: added
    write(other / "extra.xml", EXTRA)  # only in the other: removed
    differences = win.compare_with(other)
    kinds = {(d.kind, d.document) for d in differences}
    assert kinds == {("added", "/agents/goodbye"), ("removed", "/extra")}
    panel = win.differences_panel
    assert panel.row_count() == 2 and str(other) in panel.header.text()
    goodbye = win.session.flow.documents["/agents/goodbye"]
    assert win.scene.highlighted("diff-added") == [win.scene.frame_for(goodbye)]
    assert win.scene.highlighted("diff-removed") == []  # only in the other flow: listed, not drawn
    removed = next(d for d in differences if d.kind == "removed")
    assert panel.activate(removed) is False  # nothing of it is open to show


def test_compare_with_a_single_file_and_a_missing_path(opened, tmp_path):
    win = opened
    file = write(tmp_path / "menu.xml", (assets.example_flow() / "menu.xml").read_text(encoding="utf-8"))
    differences = win.compare_with(file)
    assert ("added", "/index") in {(d.kind, d.document) for d in differences}
    assert win.compare_with(tmp_path / "nowhere") is None
    assert "Cannot compare" in win.statusBar().currentMessage()


def test_clicking_a_difference_selects_and_centres_the_element(opened, qtbot):
    win = opened
    set_timeout(win, "45")
    win.session.select(None)
    win.view.centerOn(-5000, -5000)
    win.compare.with_saved()
    tree = win.differences_panel.tree
    click_row(qtbot, tree, 0)
    doc, dial = dial_of(win)
    assert win.session.selection == [Ref(doc, dial)]
    item = win.scene.item_for(Ref(doc, dial))
    visible = win.view.mapToScene(win.view.viewport().rect()).boundingRect()
    assert visible.contains(item.sceneBoundingRect().center())
