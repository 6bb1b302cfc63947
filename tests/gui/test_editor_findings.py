"""The live Findings dock, clicking a finding, and the keyboard shortcuts sheet."""

from __future__ import annotations

import pytest
from gui_support import write
from PySide6.QtCore import Qt

from flowedit.gui.main_window import attribute_for
from flowedit.gui.panels import findings
from flowedit.gui.session import Ref
from flowedit.gui.shortcuts import ShortcutsDialog, shortcut_rows
from flowedit.validate.findings import Severity

pytestmark = pytest.mark.gui

FLOW = '<Response>\n  <Dial action="/gone"/>\n  <Say>Hi</Say>\n</Response>\n'


@pytest.fixture
def win(window, tmp_path):
    write(tmp_path / "flow" / "index.xml", FLOW)
    window.open_path(tmp_path / "flow")
    return window


def rows_by_rule(win):
    return {row.text(findings.RULE): row for row in win.findings_panel.finding_rows("/index")}


def test_findings_are_live_after_every_edit_and_undo(win, qtbot):
    doc = win.session.flow.documents["/index"]
    dial = doc.child_elements(doc.root_id)[0]
    assert "dial-no-target" in rows_by_rule(win)
    win.session.edit("add", lambda: [(doc, doc.insert_element(dial, 0, "Number", text="+14155550100"))])
    qtbot.waitUntil(lambda: "dial-no-target" not in rows_by_rule(win))
    assert "1 error" in win.summary_label.text()
    win.session.undo_stack.undo()
    qtbot.waitUntil(lambda: "dial-no-target" in rows_by_rule(win))


def test_clicking_a_finding_selects_its_element_and_focuses_the_attribute(win, qtbot, monkeypatch):
    doc = win.session.flow.documents["/index"]
    dial = doc.child_elements(doc.root_id)[0]
    focused, centred = [], []
    monkeypatch.setattr(win.inspector, "focus_attribute", lambda name: focused.append(name) or True,
                        raising=False)
    monkeypatch.setattr(win.view, "centre_on", lambda ref: centred.append(ref) or True, raising=False)
    win.show()
    qtbot.waitExposed(win)
    win.findings_dock.raise_()  # tabbed behind the XML dock at first
    qtbot.waitUntil(win.findings_panel.tree.isVisible)
    row = rows_by_rule(win)["broken-link"]
    tree = win.findings_panel.tree
    tree.scrollToItem(row)
    rect = tree.visualRect(tree.indexFromItem(row, 0))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.session.selection == [Ref(doc, dial)]
    assert centred == [Ref(doc, dial)]
    assert focused == ["action"]


def test_attribute_for_tells_attribute_text_and_element_findings_apart(win):
    doc = win.session.flow.documents["/index"]
    by_rule = {f.rule: f for f in win.session.findings}
    assert attribute_for(doc, by_rule["broken-link"]) == "action"
    assert attribute_for(doc, by_rule["dial-no-target"]) is None


def test_filter_and_severity_toggles(win):
    panel = win.findings_panel
    everything = len(panel.finding_rows("/index"))
    panel.filter.setText("broken")
    assert [r.text(findings.RULE) for r in panel.finding_rows("/index")] == ["broken-link"]
    panel.filter.clear()
    panel.toggles[Severity.ERROR].setChecked(False)
    shown = panel.finding_rows("/index")
    assert len(shown) < everything
    assert all(panel.finding_of(r).severity is not Severity.ERROR for r in shown)
    panel.toggles[Severity.ERROR].setChecked(True)
    assert len(panel.finding_rows("/index")) == everything


def test_the_shortcuts_sheet_lists_every_command_with_its_keys(window):
    dialog = ShortcutsDialog(window.menuBar(), window)
    undo = window.commands["undo"].shortcuts()[0].toString()
    assert undo and dialog.shortcut_for("Undo").startswith(undo)
    assert dialog.shortcut_for("Duplicate") == "Ctrl+D"
    assert dialog.shortcut_for("Save")
    names = {name for _section, name, _keys in shortcut_rows(window.menuBar())}
    assert {"Undo", "Redo", "Cut", "Copy", "Paste", "Delete", "Move Up", "Empty flow", "Zoom In",
            "Tidy Up", "Keyboard Shortcuts", "Findings"} <= names
    dialog.close()


def test_the_shortcuts_command_opens_the_sheet(window):
    window.commands["shortcuts"].trigger()
    sheet = window.findChild(ShortcutsDialog)
    assert sheet is not None and sheet.isVisible()
    sheet.close()
