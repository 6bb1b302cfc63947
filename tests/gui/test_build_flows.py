"""The four flows of Twilio's <Client> documentation, built through the editor's UI only.

Each test starts a new empty flow from the File menu, adds elements by double-clicking the palette,
selects nodes by clicking them on the canvas, types into the inspector, ticks its check boxes and
fills the Parameters table, exports the flow as a user would, and compares the exported TwiML with
the expected document by C14N (attribute order and indentation do not matter, content does).
"""

from __future__ import annotations

import pytest
from lxml import etree
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from flowedit.gui.session import Ref

pytestmark = pytest.mark.gui


def c14n(text: str) -> str:
    return etree.canonicalize(text, strip_text=True)


@pytest.fixture
def editor(window, qtbot):
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.commands["new_empty"].trigger()
    return window


def document(window):
    return window.session.flow.documents["/index"]


def palette_add(qtbot, window, tag):
    """Double-click `tag` in the palette, as a user adds an element to the selection."""
    window.palette_dock.show()
    window.palette_dock.raise_()
    palette = window.palette_panel
    palette.set_filter("")
    item = palette.items()[tag]
    palette.tree.scrollToItem(item)
    spot = palette.tree.visualItemRect(item).center()
    qtbot.mouseClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.mouseDClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    selected = window.session.selection[-1]
    assert document(window).tag(selected.eid) == tag
    return selected.eid


def canvas_click(qtbot, window, eid):
    """Click the node of element `eid` on the canvas (in its top-right margin, clear of child items)."""
    ref = Ref(document(window), eid)
    assert window.view.centre_on(ref)
    item = window.scene.item_for(ref)
    corner = item.sceneBoundingRect().topRight() + QPointF(-6, 6)  # its own margin, clear of its text
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=window.view.mapFromScene(corner))
    assert window.session.selection == [ref]


def type_field(qtbot, window, name, text):
    field = window.inspector.form.fields[name]
    editor = field.editor()
    editor.setFocus()
    qtbot.keyClicks(editor, text)


def tick(qtbot, window, name, token):
    box = window.inspector.form.fields[name].boxes[token]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def exported(window, tmp_path) -> str:
    window.file_ops.export_flow(tmp_path / "export")
    return (tmp_path / "export" / "index.xml").read_text(encoding="utf-8")


def test_a_dial_with_one_client(editor, qtbot, tmp_path):
    palette_add(qtbot, editor, "Dial")
    palette_add(qtbot, editor, "Client")
    type_field(qtbot, editor, "#text", "joey")
    assert c14n(exported(editor, tmp_path)) == c14n("<Response><Dial><Client>joey</Client></Dial></Response>")
    assert editor.session.check_now() == []


def test_a_dial_with_caller_id_a_number_and_two_clients(editor, qtbot, tmp_path):
    dial = palette_add(qtbot, editor, "Dial")
    type_field(qtbot, editor, "callerId", "+1888XXXXXXX")
    palette_add(qtbot, editor, "Number")
    type_field(qtbot, editor, "#text", "858-987-6543")
    for name in ("joey", "charlie"):
        canvas_click(qtbot, editor, dial)
        palette_add(qtbot, editor, "Client")
        type_field(qtbot, editor, "#text", name)
    expected = ('<Response><Dial callerId="+1888XXXXXXX"><Number>858-987-6543</Number>'
                "<Client>joey</Client><Client>charlie</Client></Dial></Response>")
    assert c14n(exported(editor, tmp_path)) == c14n(expected)


def test_a_client_with_status_callback_events(editor, qtbot, tmp_path):
    palette_add(qtbot, editor, "Dial")
    palette_add(qtbot, editor, "Client")
    type_field(qtbot, editor, "#text", "joey")
    editor.inspector.focus_attribute("statusCallbackEvent")
    for token in ("initiated", "ringing", "answered", "completed"):
        tick(qtbot, editor, "statusCallbackEvent", token)
    type_field(qtbot, editor, "statusCallback", "https://myapp.com/calls/events")
    method = editor.inspector.form.fields["statusCallbackMethod"].editor()
    method.setCurrentIndex(method.findText("POST"))
    expected = ('<Response><Dial><Client statusCallbackEvent="initiated ringing answered completed" '
                'statusCallback="https://myapp.com/calls/events" statusCallbackMethod="POST">joey</Client>'
                "</Dial></Response>")
    assert c14n(exported(editor, tmp_path)) == c14n(expected)
    assert editor.session.check_now() == []


def test_a_client_with_an_identity_and_parameters(editor, qtbot, tmp_path):
    palette_add(qtbot, editor, "Dial")
    client = palette_add(qtbot, editor, "Client")
    palette_add(qtbot, editor, "Identity")
    type_field(qtbot, editor, "#text", "user_jane")
    canvas_click(qtbot, editor, client)
    table = editor.inspector.form.parameters
    for name, value in (("FirstName", "Jane"), ("LastName", "Doe")):
        qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
        cell = QApplication.focusWidget()
        assert isinstance(cell, QLineEdit)
        cell.selectAll()
        qtbot.keyClicks(cell, name)
        qtbot.keyClick(cell, Qt.Key.Key_Tab)
        cell = QApplication.focusWidget()
        qtbot.keyClicks(cell, value)
        qtbot.keyClick(cell, Qt.Key.Key_Return)
        qtbot.wait(1)
    expected = ("<Response><Dial><Client><Identity>user_jane</Identity>"
                '<Parameter name="FirstName" value="Jane"/><Parameter name="LastName" value="Doe"/>'
                "</Client></Dial></Response>")
    assert c14n(exported(editor, tmp_path)) == c14n(expected)
    assert editor.session.check_now() == []


def test_every_step_undoes_to_the_empty_flow_and_redoes(editor, qtbot, tmp_path):
    empty = exported(editor, tmp_path)
    palette_add(qtbot, editor, "Dial")
    palette_add(qtbot, editor, "Client")
    type_field(qtbot, editor, "#text", "joey")
    built = exported(editor, tmp_path)
    stack = editor.session.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == [
        "Add <Dial> to <Response>", "Add <Client> to <Dial>", "Set text of <Client>"]
    while stack.canUndo():
        stack.undo()
    assert exported(editor, tmp_path) == empty
    while stack.canRedo():
        stack.redo()
    assert exported(editor, tmp_path) == built
