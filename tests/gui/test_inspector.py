"""The Inspector dock driven like a user: typing, ticking, choosing, table edits; TwiML and undo checked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from flowedit.gui.panels.inspector import Inspector
from flowedit.gui.panels.inspector_element import ElementForm
from flowedit.gui.panels.inspector_fields import BoolField, ChecklistField, ChoiceField, LineField
from flowedit.gui.session import FlowSession, Ref
from flowedit.io.reader import read_document
from flowedit.io.writer import document_text
from flowedit.model import Document
from flowedit.validate.findings import Severity

pytestmark = pytest.mark.gui


@pytest.fixture
def session(app):
    doc = Document.new("/index")
    flow_session = FlowSession()
    flow_session.new_flow([doc], "/index")
    return flow_session


@pytest.fixture
def inspector(qtbot, session):
    widget = Inspector(session)
    qtbot.addWidget(widget)
    widget.resize(340, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def doc_of(session) -> Document:
    return session.flow.documents["/index"]


def add(session, parent, tag, attributes=(), text=None) -> int:
    doc = doc_of(session)
    change = doc.insert_element(parent, len(doc.children(parent)), tag, list(attributes), text)
    session.undo_stack.clear()  # set-up, not part of what the tests undo
    return change.eid


def dial_with_client(session, text=None) -> tuple[int, int]:
    doc = doc_of(session)
    dial = add(session, doc.root_id, "Dial")
    client = add(session, dial, "Client", text=text)
    return dial, client


def field(inspector, name):
    return inspector.form.fields[name]


def type_into(qtbot, widget, text):
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_nothing_selected_shows_a_hint(inspector):
    assert inspector.form.objectName() == "inspectorEmpty"


def test_typing_a_client_identity_is_one_undo_step(qtbot, session, inspector):
    _, client = dial_with_client(session)
    session.select(Ref(doc_of(session), client))
    text = field(inspector, "#text")
    type_into(qtbot, text.line, "joey")
    assert "<Client>joey</Client>" in document_text(doc_of(session))
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Set text of <Client>"
    session.undo_stack.undo()
    assert "<Client/>" in document_text(doc_of(session))
    assert text.line.text() == ""


def test_typing_an_attribute_merges_and_names_the_final_value(qtbot, session, inspector):
    dial, _ = dial_with_client(session)
    session.select(Ref(doc_of(session), dial))
    timeout = field(inspector, "timeout")
    type_into(qtbot, timeout.line, "20")
    assert doc_of(session).get(dial, "timeout") == "20"
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Set timeout = 20"
    assert timeout.line.hasFocus()  # the refresh after each keystroke kept the field


def test_clearing_a_field_removes_the_attribute(qtbot, session, inspector):
    dial, _ = dial_with_client(session)
    doc = doc_of(session)
    doc.set_attribute(dial, "timeLimit", "600")
    session.undo_stack.clear()
    session.select(Ref(doc, dial))
    limit = field(inspector, "timeLimit")
    assert limit.line.text() == "600"
    limit.line.setFocus()
    limit.line.selectAll()
    qtbot.keyClick(limit.line, Qt.Key.Key_Delete)
    assert doc.get(dial, "timeLimit") is None
    assert "timeLimit" not in document_text(doc)
    assert session.undo_stack.undoText() == "Remove timeLimit"


def test_an_invalid_integer_shows_the_error_as_you_type(qtbot, session, inspector):
    dial, _ = dial_with_client(session)
    session.select(Ref(doc_of(session), dial))
    timeout = field(inspector, "timeout")
    type_into(qtbot, timeout.line, "2x")
    assert timeout.problem()[0] is Severity.ERROR
    assert timeout.message.isVisible()
    assert "whole number" in timeout.message.text()
    assert timeout.line.styleSheet()  # the red border
    qtbot.keyClick(timeout.line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(timeout.line, "0")
    assert doc_of(session).get(dial, "timeout") == "20"
    assert timeout.problem() is None and not timeout.message.isVisible()


def test_status_callback_events_are_written_in_vocabulary_order(qtbot, session, inspector):
    _, client = dial_with_client(session, "joey")
    session.select(Ref(doc_of(session), client))
    events = field(inspector, "statusCallbackEvent")
    assert isinstance(events, ChecklistField)
    for token in ("completed", "answered", "initiated", "ringing"):
        click_box(qtbot, events.boxes[token])
    assert doc_of(session).get(client, "statusCallbackEvent") == "initiated ringing answered completed"
    assert session.undo_stack.count() == 4  # a click is a step of its own
    for token in ("completed", "answered", "initiated", "ringing"):
        click_box(qtbot, events.boxes[token])
    assert doc_of(session).get(client, "statusCallbackEvent") is None  # none ticked: absent


def test_unknown_event_tokens_are_kept(qtbot, session, inspector):
    _, client = dial_with_client(session, "joey")
    doc = doc_of(session)
    doc.set_attribute(client, "statusCallbackEvent", "bogus ringing")
    session.select(Ref(doc, client))
    events = field(inspector, "statusCallbackEvent")
    assert events.extra.text() == "Also listed: bogus"
    click_box(qtbot, events.boxes["initiated"])
    assert doc.get(client, "statusCallbackEvent") == "initiated ringing bogus"


def click_box(qtbot, box):
    """Click a check box on its indicator, where a user would (its centre may be past its text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_bool_is_tri_state_unset_true_false(qtbot, session, inspector):
    dial, _ = dial_with_client(session)
    doc = doc_of(session)
    session.select(Ref(doc, dial))
    box = field(inspector, "answerOnBridge")
    assert isinstance(box, BoolField)
    assert box.box.checkState() == Qt.CheckState.PartiallyChecked
    assert "default: false" in box.box.text()
    click_box(qtbot, box.box)
    assert doc.get(dial, "answerOnBridge") == "true"
    assert box.box.checkState() == Qt.CheckState.Checked
    click_box(qtbot, box.box)
    assert doc.get(dial, "answerOnBridge") == "false"
    assert box.box.checkState() == Qt.CheckState.Unchecked
    click_box(qtbot, box.box)
    assert doc.get(dial, "answerOnBridge") is None
    assert box.box.checkState() == Qt.CheckState.PartiallyChecked
    session.undo_stack.undo()
    assert doc.get(dial, "answerOnBridge") == "false"
    assert box.box.checkState() == Qt.CheckState.Unchecked


def test_choosing_a_method_from_the_combo(qtbot, session, inspector):
    _, client = dial_with_client(session, "joey")
    doc = doc_of(session)
    session.select(Ref(doc, client))
    method = field(inspector, "method")
    assert isinstance(method, ChoiceField)
    assert method.combo.lineEdit().placeholderText() == "default: POST"
    method.combo.setCurrentIndex(method.combo.findText("GET"))
    method.combo.activated.emit(method.combo.currentIndex())
    assert doc.get(client, "method") == "GET"
    type_into(qtbot, method.combo.lineEdit(), "x")
    assert doc.get(client, "method") == "GETx"
    assert method.problem()[0] is Severity.ERROR


def test_url_field_offers_the_flows_documents(qtbot, session, inspector):
    _, client = dial_with_client(session, "joey")
    session.flow.add_document(Document.new("/screen"))
    session.select(Ref(doc_of(session), client))
    url = field(inspector, "url")
    assert isinstance(url, LineField)
    assert url.completions.stringList() == ["/index", "/screen"]
    type_into(qtbot, url.line, "/scr")
    assert doc_of(session).get(client, "url") == "/scr"


def test_parameters_table_adds_edits_moves_and_removes(qtbot, session, inspector):
    _, client = dial_with_client(session, "joey")
    doc = doc_of(session)
    session.select(Ref(doc, client))
    table = inspector.form.parameters
    for name, value in (("FirstName", "Jane"), ("LastName", "Doe")):
        qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit)  # the new row's name opened for typing
        editor.selectAll()
        qtbot.keyClicks(editor, name)
        qtbot.keyClick(editor, Qt.Key.Key_Tab)  # commits the name, opens the value
        editor = QApplication.focusWidget()
        qtbot.keyClicks(editor, value)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.wait(1)  # the delegate commits on Return through a queued call
    text = document_text(doc)
    assert '<Parameter name="FirstName" value="Jane"/>' in text
    assert '<Parameter name="LastName" value="Doe"/>' in text
    assert text.index("FirstName") < text.index("LastName")
    assert session.undo_stack.count() == 6  # add, name, value, twice
    table.table.setCurrentCell(1, 0)
    qtbot.mouseClick(table.up_button, Qt.MouseButton.LeftButton)
    text = document_text(doc)
    assert text.index("LastName") < text.index("FirstName")
    assert table.table.item(0, 0).text() == "LastName"
    session.undo_stack.undo()
    assert table.table.item(0, 0).text() == "FirstName"
    table.table.setCurrentCell(0, 0)
    qtbot.mouseClick(table.remove_button, Qt.MouseButton.LeftButton)
    assert "FirstName" not in document_text(doc)
    assert table.table.rowCount() == 1


def test_parameters_table_on_other_elements(session, inspector):
    doc = doc_of(session)
    hangup = add(session, doc.root_id, "Hangup")
    session.select(Ref(doc, hangup))
    assert inspector.form.parameters is not None
    say = add(session, doc.root_id, "Say", text="hi")
    session.select(Ref(doc, say))
    assert inspector.form.parameters is None


def test_use_identity_converts_text_in_one_step(qtbot, session, inspector):
    _, client = dial_with_client(session, "joey")
    doc = doc_of(session)
    before = document_text(doc)
    session.select(Ref(doc, client))
    button = inspector.form.findChild(object, "useIdentity")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "<Identity>joey</Identity>" in document_text(doc)
    assert "<Client>joey" not in document_text(doc)
    identity = field(inspector, "#identity")  # the form now edits the Identity child
    identity.line.setFocus()
    identity.line.end(False)
    qtbot.keyClicks(identity.line, "2")
    assert "<Identity>joey2</Identity>" in document_text(doc)
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert document_text(doc) == before


def test_say_text_is_multi_line(qtbot, session, inspector):
    doc = doc_of(session)
    say = add(session, doc.root_id, "Say")
    session.select(Ref(doc, say))
    text = field(inspector, "#text")
    type_into(qtbot, text.edit, "Hello")
    assert "<Say>Hello</Say>" in document_text(doc)


def test_unknown_attributes_are_listed_and_can_be_added(qtbot, session, inspector):
    dial, _ = dial_with_client(session)
    doc = doc_of(session)
    doc.set_attribute(dial, "foo", "bar")
    session.select(Ref(doc, dial))
    assert field(inspector, "foo").line.text() == "bar"
    add_line = inspector.form.add_line
    type_into(qtbot, add_line, "custom")
    qtbot.keyClick(add_line, Qt.Key.Key_Return)
    assert doc.get(dial, "custom") == ""
    custom = field(inspector, "custom")
    assert custom.line.hasFocus()
    qtbot.keyClicks(custom.line, "v")
    assert doc.get(dial, "custom") == "v"


def test_values_follow_undo_and_outside_edits(session, inspector):
    dial, _ = dial_with_client(session)
    doc = doc_of(session)
    session.select(Ref(doc, dial))
    form = inspector.form
    session.edit("Set timeout = 45", lambda: [(doc, doc.set_attribute(dial, "timeout", "45"))])
    assert inspector.form is form  # refreshed, not rebuilt
    assert field(inspector, "timeout").line.text() == "45"
    session.undo_stack.undo()
    assert field(inspector, "timeout").line.text() == ""


def test_removed_element_empties_the_inspector_and_undo_brings_it_back(session, inspector):
    dial, client = dial_with_client(session, "joey")
    doc = doc_of(session)
    session.select(Ref(doc, client))
    session.edit("Remove", lambda: [(doc, doc.remove_node(client))])
    assert not isinstance(inspector.form, ElementForm)
    session.undo_stack.undo()
    assert isinstance(inspector.form, ElementForm) and inspector.form.eid == client


def test_findings_for_the_element_are_listed(session, inspector):
    dial, _ = dial_with_client(session)
    doc = doc_of(session)
    doc.set_attribute(dial, "timeout", "0")
    session.select(Ref(doc, dial))
    session.check_now()
    assert any("timeout" in m for m in inspector.form.findings.messages)
    assert inspector.form.findings.isVisible()


def test_dial_lists_its_targets(qtbot, session, inspector):
    dial, client = dial_with_client(session, "joey")
    add(session, dial, "Number", text="+15551234567")
    doc = doc_of(session)
    session.select(Ref(doc, dial))
    targets = inspector.form.targets
    assert targets.count() == 2
    assert targets.counted() == "2 of 10 targets"
    assert "Targets   2 of 10 targets" in inspector.form.sections["Targets"].header.text()
    targets.itemClicked.emit(targets.item(0))
    assert session.selection == [Ref(doc, client)]


def test_focus_attribute(qtbot, session, inspector):
    dial, client = dial_with_client(session, "joey")
    doc = doc_of(session)
    session.select(Ref(doc, dial))
    assert not inspector.form.sections["Recording"].body.isVisible()
    assert inspector.focus_attribute("recordingStatusCallback")
    assert inspector.form.sections["Recording"].body.isVisible()
    assert field(inspector, "recordingStatusCallback").line.hasFocus()
    session.select(Ref(doc, client))
    assert inspector.focus_attribute("#text")
    assert field(inspector, "#text").line.hasFocus()
    assert not inspector.focus_attribute("nope")


def test_document_properties_rename_and_entry(qtbot, session, inspector):
    doc = doc_of(session)
    other = Document.new("/other")
    session.flow.add_document(other)
    redirect = other.insert_element(other.root_id, 0, "Redirect", text="/index").eid
    session.undo_stack.clear()
    session.select(Ref(doc, None))
    form = inspector.form
    assert form.path.text() == "/index"
    assert form.entry.isChecked()
    form.path.setFocus()
    form.path.selectAll()
    qtbot.keyClicks(form.path, "/start")
    qtbot.keyClick(form.path, Qt.Key.Key_Return)
    assert doc.path == "/start" and other.text(redirect) == "/start"
    assert session.undo_stack.undoText() == "Rename /index to /start"
    session.select(Ref(other, None))
    click_box(qtbot, inspector.form.entry)
    assert session.flow.entry == "/other"
    session.undo_stack.undo()
    assert session.flow.entry == "/start"


def test_multiple_selection_shows_a_summary(session, inspector):
    dial, client = dial_with_client(session, "joey")
    doc = doc_of(session)
    session.select([Ref(doc, dial), Ref(doc, client)])
    assert inspector.form.objectName() == "selectionSummary"


def test_dark_palette_rebuilds_without_losing_the_selection(session, inspector, app):
    from PySide6.QtGui import QColor, QPalette

    dial, _ = dial_with_client(session)
    session.select(Ref(doc_of(session), dial))
    palette = QPalette(inspector.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    inspector.setPalette(palette)
    assert isinstance(inspector.form, ElementForm) and inspector.form.eid == dial


def test_reads_an_existing_document(session, inspector):
    xml = (b'<?xml version="1.0"?>\n<Response>\n  <Dial>\n    <Client>\n      <Identity>joey</Identity>\n'
           b'      <Parameter name="a" value="1"/>\n    </Client>\n  </Dial>\n</Response>\n')
    doc = read_document(xml, "/index")
    session.new_flow([doc], "/index")
    client = doc.child_elements(doc.child_elements(doc.root_id)[0])[0]
    session.select(Ref(doc, client))
    assert "#text" not in inspector.form.fields
    assert field(inspector, "#identity").line.text() == "joey"
    assert inspector.form.parameters.table.item(0, 1).text() == "1"
