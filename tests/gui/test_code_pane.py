"""The Code dock and Edit ▸ Copy as Python / Node.js, with the real helper-library code generator."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from flowedit.export.code import generate
from flowedit.gui.panels.code_pane import LANGUAGE_KEY, CodePane
from flowedit.gui.session import Ref

pytestmark = pytest.mark.gui


def menu_and_dial(window):
    doc = window.session.flow.documents["/menu"]
    return doc, doc.child_elements(doc.root_id)[0]


def show_code(window, qtbot) -> CodePane:
    window.code_dock.show()
    window.code_dock.raise_()
    qtbot.waitUntil(lambda: window.code_pane.shown)
    return window.code_pane


def test_the_code_dock_is_tabbed_with_the_xml(example_window):
    win = example_window
    assert win.code_dock.objectName() == "codeDock" and win.code_dock.widget() is win.code_pane
    assert win.code_dock in win.tabifiedDockWidgets(win.xml_dock)
    assert win.code_pane.editor.isReadOnly()


def test_the_code_dock_shows_python_for_the_menu_and_switches_to_node(example_window, qtbot):
    win = example_window
    pane = show_code(win, qtbot)
    doc, _dial = menu_and_dial(win)
    win.session.select(Ref(doc))
    qtbot.waitUntil(lambda: pane.header.text() == "/menu · whole document")
    assert pane.language == "python"
    assert pane.text() == generate(doc, "python")
    assert "from twilio.twiml.voice_response import VoiceResponse" in pane.text()
    assert "response.dial(" in pane.text()
    pane.set_language("node")
    assert pane.text() == generate(doc, "node")
    assert "require('twilio')" in pane.text() and "console.log(response.toString())" in pane.text()
    assert pane.highlighter.language == "node"
    assert win.settings.value(LANGUAGE_KEY) == "node"  # the next window starts in Node.js


def test_selecting_the_dial_shows_a_snippet(example_window, qtbot):
    win = example_window
    pane = show_code(win, qtbot)
    doc, dial = menu_and_dial(win)
    win.session.select(Ref(doc, dial))
    qtbot.waitUntil(lambda: pane.header.text() == "/menu · 1 selected element")
    assert pane.text() == generate(doc, "python", [dial])
    assert "selected elements of /menu" in pane.text() and "dial.client(" in pane.text()
    win.session.select(None)  # nothing selected: the current (entry) document
    qtbot.waitUntil(lambda: pane.header.text() == "/index · whole document")


def test_the_code_follows_edits_after_a_short_pause(example_window, qtbot):
    win = example_window
    pane = show_code(win, qtbot)
    doc, dial = menu_and_dial(win)
    win.session.select(Ref(doc, dial))
    qtbot.waitUntil(lambda: "timeout='20'" in pane.text())
    assert win.session.edit("Timeout", lambda: [(doc, doc.set_attribute(dial, "timeout", "45"))])
    assert "timeout='20'" in pane.text()  # not on every change: once the burst is over
    qtbot.waitUntil(lambda: "timeout='45'" in pane.text())


def test_a_hidden_code_dock_catches_up_when_shown(example_window, qtbot):
    win = example_window
    pane = win.code_pane
    assert not pane.shown  # behind the XML tab
    doc, dial = menu_and_dial(win)
    win.session.select(Ref(doc, dial))
    qtbot.wait(250)
    assert "1 selected element" not in pane.header.text()
    show_code(win, qtbot)
    assert pane.header.text() == "/menu · 1 selected element"


def test_copy_as_python_and_node_put_the_code_on_the_clipboard(example_window, qtbot):
    win = example_window
    clipboard = QApplication.clipboard()
    doc, dial = menu_and_dial(win)
    assert win.commands["copy_python"].isEnabled() and win.commands["copy_node"].isEnabled()
    win.commands["copy_python"].trigger()  # nothing selected: the current document, /index
    assert "VoiceResponse" in clipboard.text() and "/index" in clipboard.text()
    assert clipboard.mimeData().formats() == ["text/plain"]
    win.session.select(Ref(doc, dial))
    win.commands["copy_python"].trigger()
    assert clipboard.text() == generate(doc, "python", [dial])
    assert "VoiceResponse" in clipboard.text()
    win.commands["copy_node"].trigger()
    assert clipboard.text() == generate(doc, "node", [dial])


def test_the_copy_button_copies_what_is_shown(example_window, qtbot):
    win = example_window
    pane = show_code(win, qtbot)
    qtbot.waitUntil(lambda: "VoiceResponse" in pane.text())
    QApplication.clipboard().setText("")
    pane.copy_button.click()
    assert QApplication.clipboard().text() == pane.text()


def test_an_empty_flow_has_no_code_to_copy(window):
    assert not window.commands["copy_python"].isEnabled()
    assert window.code_pane.text() == "" and not window.code_pane.copy_button.isEnabled()
    assert window.code_pane.header.text() == "No document"
