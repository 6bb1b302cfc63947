"""The XML pane: shows the current document, marks and follows the selection, and edits the document."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtGui import QTextCursor

from flowedit.gui import assets
from flowedit.gui.session import Ref
from flowedit.io.writer import document_bytes, document_text

pytestmark = pytest.mark.gui


@pytest.fixture
def win(window, tmp_path):
    folder = tmp_path / "flow"
    shutil.copytree(assets.example_flow(), folder)
    window.open_path(folder)
    return window


def menu(win):
    return win.session.flow.documents["/menu"]


def show(win, path="/menu", eid=None):
    doc = win.session.flow.documents[path]
    win.session.select(Ref(doc, eid))
    return doc


def test_the_pane_shows_the_current_documents_text_and_follows_edits(win, qtbot):
    doc = show(win)
    pane = win.xml_pane
    assert pane.text() == document_text(doc)
    dial = doc.child_elements(doc.root_id)[0]
    win.session.edit("timeout", lambda: [(doc, doc.set_attribute(dial, "timeout", "30"))])
    qtbot.waitUntil(lambda: 'timeout="30"' in pane.text())
    assert pane.text() == document_text(doc) and not pane.edited


def test_the_selected_elements_lines_are_marked_even_after_edits(win, qtbot):
    doc = show(win)
    dial = doc.child_elements(doc.root_id)[0]
    client = doc.child_elements(dial)[1]  # <Client>support_agent_2</Client>, line 10
    win.session.select(Ref(doc, client))
    assert win.xml_pane.editor.marked_lines == (10, 10)
    # Insert an element above it: the mark moves with the element, not with the old source line.
    win.session.edit("add", lambda: [(doc, doc.insert_element(dial, 0, "Number", text="+14155550111"))])
    qtbot.waitUntil(lambda: "+14155550111" in win.xml_pane.text())
    win.session.select(Ref(doc, dial))
    win.session.select(Ref(doc, client))
    assert win.xml_pane.editor.marked_lines == (11, 11)


def test_moving_the_caret_selects_the_innermost_element(win):
    doc = show(win)
    editor = win.xml_pane.editor
    block = editor.document().findBlockByNumber(5)  # line 6: <Identity>support_agent_1</Identity>
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + block.text().index("support_agent_1"))
    editor.setTextCursor(cursor)
    (ref,) = win.session.selection
    assert ref.document is doc and doc.tag(ref.eid) == "Identity"
    assert editor.marked_lines == (6, 6)


def test_apply_replaces_the_document_as_one_undo_step_and_undo_restores_the_bytes(win):
    doc = show(win)
    before = document_bytes(doc)
    pane = win.xml_pane
    pane.set_text(pane.text().replace("support_agent_2", "support_agent_9"))
    assert pane.edited and "Apply" in pane.banner_text()
    count = win.session.undo_stack.count()
    assert pane.apply()
    assert win.session.undo_stack.count() == count + 1
    assert win.session.undo_stack.undoText() == "Edit XML of /menu"
    new = menu(win)
    assert new is not doc and b"support_agent_9" in document_bytes(new)
    assert document_bytes(new) == before.replace(b"support_agent_2", b"support_agent_9")
    assert not pane.edited and pane.banner_text() == ""
    assert win.isWindowModified()
    win.session.undo_stack.undo()
    assert menu(win) is doc and document_bytes(doc) == before
    assert not win.isWindowModified()
    win.session.undo_stack.redo()
    assert menu(win) is new


def test_apply_keeps_the_entry_document_the_entry(win):
    doc = show(win, "/index")
    pane = win.xml_pane
    pane.set_text(pane.text().replace("Thanks for calling", "Thank you for calling"))
    assert pane.apply()
    assert win.session.flow.entry == "/index" and win.session.flow.documents["/index"] is not doc
    win.session.undo_stack.undo()
    assert win.session.flow.entry == "/index" and win.session.flow.documents["/index"] is doc


def test_a_malformed_text_is_kept_and_its_error_line_shown(win):
    doc = show(win)
    pane = win.xml_pane
    broken = pane.text().replace("</Client>\n    <Number", "</Clint>\n    <Number")
    pane.set_text(broken)
    count = win.session.undo_stack.count()
    assert not pane.apply()
    assert pane.text() == broken and pane.edited
    assert pane.error is not None and pane.error.line == 10
    assert pane.editor.error_line == 10
    assert "Line 10" in pane.banner_text() and "Nothing was changed" in pane.banner_text()
    assert menu(win) is doc and win.session.undo_stack.count() == count
    pane.revert()
    assert pane.text() == document_text(doc) and not pane.edited and pane.editor.error_line is None


def test_a_doctype_is_refused_like_in_a_file(win):
    show(win)
    pane = win.xml_pane
    pane.set_text('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "b">]>\n<Response/>\n')
    assert not pane.apply()
    assert pane.error.reason == "forbidden"


def test_typed_text_is_not_overwritten_by_changes_from_elsewhere(win, qtbot):
    doc = show(win)
    pane = win.xml_pane
    typed = pane.text().replace("gold", "platinum")
    pane.set_text(typed)
    dial = doc.child_elements(doc.root_id)[0]
    win.session.edit("timeout", lambda: [(doc, doc.set_attribute(dial, "timeout", "45"))])
    qtbot.waitUntil(lambda: "changed elsewhere" in pane.banner_text())
    assert pane.text() == typed
    win.session.select(Ref(win.session.flow.documents["/index"]))
    assert pane.text() == typed and pane.document is doc
    pane.revert()  # shows what is current now: the document selected meanwhile
    assert pane.document is win.session.flow.documents["/index"] and not pane.edited
    show(win)
    assert 'timeout="45"' in pane.text() and "gold" in pane.text()


def test_save_applies_typed_xml_first(win, tmp_path):
    show(win)
    pane = win.xml_pane
    pane.set_text(pane.text().replace("gold", "platinum"))
    assert win.file_ops.save()
    assert b'value="platinum"' in (tmp_path / "flow" / "menu.xml").read_bytes()


def test_crlf_documents_apply_with_their_line_breaks(window, tmp_path):
    file = tmp_path / "call.xml"
    file.write_bytes(b"<Response>\r\n  <Say>Hi</Say>\r\n</Response>\r\n")
    window.open_path(file)
    pane = window.xml_pane
    assert pane.text() == "<Response>\n  <Say>Hi</Say>\n</Response>\n"
    pane.set_text(pane.text().replace("Hi", "Hello"))
    assert pane.apply()
    expected = b"<Response>\r\n  <Say>Hello</Say>\r\n</Response>\r\n"
    assert document_bytes(window.session.flow.documents["/call"]) == expected


def test_typing_back_the_original_text_is_not_an_edit(win):
    show(win)
    pane = win.xml_pane
    original = pane.text()
    pane.set_text(original + " ")
    assert pane.edited
    pane.set_text(original)
    assert not pane.edited
