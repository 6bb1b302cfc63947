"""The Edit menu and the Documents dock: clipboard, delete, move, duplicate; add/rename/remove documents."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtGui import QGuiApplication

from flowedit.gui import assets, clipboard
from flowedit.gui.session import Ref
from flowedit.io.writer import document_bytes, element_text

pytestmark = pytest.mark.gui


@pytest.fixture
def win(window, tmp_path):
    folder = tmp_path / "flow"
    shutil.copytree(assets.example_flow(), folder)
    window.open_path(folder)
    return window


def doc_of(win, path):
    return win.session.flow.documents[path]


def dial_of(win):
    doc = doc_of(win, "/menu")
    return doc, doc.child_elements(doc.root_id)[0]


def tags(doc, eid):
    return [doc.tag(e) for e in doc.child_elements(eid)]


def all_bytes(win):
    return {p: document_bytes(d) for p, d in win.session.flow.documents.items()}


def test_copy_puts_the_dials_twiml_on_the_clipboard(win):
    doc, dial = dial_of(win)
    win.session.select(Ref(doc, dial))
    win.commands["copy"].trigger()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text() == element_text(doc, dial) + "\n"
    assert mime.text().startswith('<Dial action="/agents/after-dial"') and mime.text().endswith("</Dial>\n")
    assert bytes(mime.data("application/xml").data()).decode() == mime.text()


def test_pasting_a_client_with_a_dial_selected_adds_it_to_the_dial(win):
    doc, dial = dial_of(win)
    win.session.select(Ref(doc, dial))
    QGuiApplication.clipboard().setText("<Client>joey</Client>")
    before = all_bytes(win)
    win.commands["paste"].trigger()
    assert tags(doc, dial) == ["Client", "Client", "Number", "Client"]
    (ref,) = win.session.selection
    assert doc.tag(ref.eid) == "Client" and doc.text(ref.eid) == "joey"
    assert win.session.undo_stack.undoText() == "Paste"
    win.session.undo_stack.undo()
    assert all_bytes(win) == before


def test_pasting_what_has_no_place_is_refused_with_a_reason(win, qtbot):
    doc, dial = dial_of(win)
    win.session.select(Ref(doc, dial))
    with qtbot.waitSignal(win.session.editRefused) as refused:
        clipboard.paste(win.session, "<Identity>x</Identity>")
    assert "Identity" in refused.args[0]
    assert "Identity" in win.statusBar().currentMessage()
    with qtbot.waitSignal(win.session.editRefused) as refused:
        clipboard.paste(win.session, "<Dial><Client>")
    assert refused.args[0].startswith("Cannot paste:")
    assert not win.session.modified


def test_copy_then_paste_round_trips_a_dial_into_another_document(win):
    doc, dial = dial_of(win)
    win.session.select(Ref(doc, dial))
    win.commands["copy"].trigger()
    target = doc_of(win, "/agents/goodbye")
    win.session.select(Ref(target))
    win.commands["paste"].trigger()
    pasted = win.session.selection[0].eid
    assert element_text(target, pasted) == element_text(doc, dial)


def test_delete_and_undo(win):
    doc, dial = dial_of(win)
    before = all_bytes(win)
    clients = doc.child_elements(dial)[:2]
    win.session.select([Ref(doc, c) for c in clients])
    win.commands["delete"].trigger()
    assert tags(doc, dial) == ["Number"]
    assert win.session.undo_stack.count() == 1
    win.session.undo_stack.undo()
    assert all_bytes(win) == before


def test_cut_is_copy_and_delete_in_one_step(win):
    doc, dial = dial_of(win)
    number = doc.child_elements(dial)[2]
    text = element_text(doc, number) + "\n"
    win.session.select(Ref(doc, number))
    win.commands["cut"].trigger()
    assert QGuiApplication.clipboard().text() == text
    assert tags(doc, dial) == ["Client", "Client"]
    assert win.session.undo_stack.undoText() == "Cut" and win.session.undo_stack.count() == 1


def test_move_up_and_down_and_undo(win):
    doc, dial = dial_of(win)
    before = all_bytes(win)
    number = doc.child_elements(dial)[2]
    win.session.select(Ref(doc, number))
    win.commands["move_up"].trigger()
    assert tags(doc, dial) == ["Client", "Number", "Client"]
    win.commands["move_up"].trigger()
    assert tags(doc, dial) == ["Number", "Client", "Client"]
    win.commands["move_up"].trigger()  # already first: refused, nothing pushed
    assert win.session.undo_stack.count() == 2
    win.commands["move_down"].trigger()
    assert tags(doc, dial) == ["Client", "Number", "Client"]
    assert win.session.selection == [Ref(doc, number)]
    for _ in range(3):
        win.session.undo_stack.undo()
    assert all_bytes(win) == before


def test_duplicate_inserts_a_copy_after_the_selection(win):
    doc = doc_of(win, "/index")
    say = doc.child_elements(doc.root_id)[0]
    win.session.select(Ref(doc, say))
    win.commands["duplicate"].trigger()
    assert tags(doc, doc.root_id) == ["Say", "Say", "Gather", "Redirect"]
    copy = win.session.selection[0].eid
    assert copy != say and element_text(doc, copy) == element_text(doc, say)


def test_select_all_selects_every_verb_of_the_current_document(win):
    doc = doc_of(win, "/index")
    win.session.select(Ref(doc))
    win.commands["select_all"].trigger()
    assert [r.eid for r in win.session.selection] == doc.child_elements(doc.root_id)


def test_move_to_document_moves_verbs_in_one_step(win, monkeypatch):
    doc = doc_of(win, "/index")
    say = doc.child_elements(doc.root_id)[0]
    target = doc_of(win, "/agents/goodbye")
    before = all_bytes(win)
    monkeypatch.setattr(win, "_choose_document", lambda paths: "/agents/goodbye")
    win.session.select(Ref(doc, say))
    win.commands["move_to_document"].trigger()
    assert tags(doc, doc.root_id) == ["Gather", "Redirect"]
    assert tags(target, target.root_id)[-1] == "Say"
    assert win.session.undo_stack.count() == 1
    win.session.undo_stack.undo()
    assert all_bytes(win) == before


def test_edit_commands_follow_the_selection(win):
    win.session.select(None)
    assert not win.commands["copy"].isEnabled() and not win.commands["delete"].isEnabled()
    doc, dial = dial_of(win)
    win.session.select(Ref(doc, dial))
    assert win.commands["copy"].isEnabled() and win.commands["delete"].isEnabled()
    assert win.commands["undo"].shortcuts() and win.commands["duplicate"].shortcut().toString() == "Ctrl+D"
    assert win.commands["move_up"].shortcut().toString() == "Alt+Up"


# -- documents ------------------------------------------------------------------------------
def test_add_a_document_and_undo(win):
    panel = win.documents_panel
    doc = panel.add_document("voicemail")
    assert doc is not None and doc.path == "/voicemail"
    assert "/voicemail" in panel.paths() and win.session.selection == [Ref(doc)]
    assert win.session.undo_stack.undoText() == "Add document /voicemail"
    assert panel.add_document("/voicemail") is None  # taken
    assert panel.add_document("/bad path") is None
    assert "letters, digits" in win.statusBar().currentMessage()
    win.session.undo_stack.undo()
    assert "/voicemail" not in win.session.flow.documents


def test_add_through_the_prompt(win, monkeypatch):
    panel = win.documents_panel
    monkeypatch.setattr(panel, "_ask_path", lambda *args: "/queue/hold")
    panel.add_action.trigger()
    assert "/queue/hold" in win.session.flow.documents


def test_rename_updates_links_and_undo_restores_every_byte(win):
    before = all_bytes(win)
    panel = win.documents_panel
    assert panel.rename_document("/menu", "/main-menu")
    index = doc_of(win, "/index")
    gather = index.child_elements(index.root_id)[1]
    assert index.get(gather, "action") == "/main-menu"
    assert "/menu" not in win.session.flow.documents
    assert win.session.undo_stack.count() == 1
    win.session.undo_stack.undo()
    assert all_bytes(win) == before


def test_remove_asks_unless_the_document_is_empty(win, monkeypatch):
    panel = win.documents_panel
    asked = []
    monkeypatch.setattr(panel, "_confirm_remove", lambda path: asked.append(path) or False)
    assert not panel.remove_document("/menu")
    assert asked == ["/menu"] and "/menu" in win.session.flow.documents
    monkeypatch.setattr(panel, "_confirm_remove", lambda path: True)
    assert panel.remove_document("/menu")
    assert "/menu" not in win.session.flow.documents
    panel.add_document("/empty")
    monkeypatch.setattr(panel, "_confirm_remove", lambda path: pytest.fail("asked about an empty document"))
    assert panel.remove_document("/empty")
    win.session.undo_stack.undo()
    win.session.undo_stack.undo()
    win.session.undo_stack.undo()
    assert "/menu" in win.session.flow.documents and "/empty" not in win.session.flow.documents


def test_set_entry_puts_the_document_first_and_bold(win):
    panel = win.documents_panel
    assert panel.set_entry("/menu")
    assert win.session.flow.entry == "/menu" and panel.paths()[0] == "/menu"
    panel.refresh()
    assert panel.tree.topLevelItem(0).font(0).bold()
    win.session.undo_stack.undo()
    assert win.session.flow.entry == "/index"


def test_keys_reach_the_commands_and_text_fields_keep_their_own(win, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence

    with qtbot.waitActive(win):  # window shortcuts work in the active window only
        win.show()
        win.activateWindow()
    doc, dial = dial_of(win)
    number = doc.child_elements(dial)[2]
    win.session.select(Ref(doc, number))
    tree = win.documents_panel.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert tags(doc, dial) == ["Client", "Number", "Client"]
    # In the XML text, Copy copies the text selection, not the selected element.
    QGuiApplication.clipboard().setText("before")
    editor = win.xml_pane.editor
    editor.setFocus()
    editor.selectAll()
    qtbot.keySequence(editor, QKeySequence(QKeySequence.StandardKey.Copy))
    assert QGuiApplication.clipboard().text() == editor.toPlainText()
