"""Edits reach the XML pane, Documents, Findings, Inspector and badges incrementally (issue 7, edit
latency) and show exactly what a full rebuild of each would show: after edits, undo and redo."""

from __future__ import annotations

import random

import pytest
from gui_support import write
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from flowedit.gui.canvas.badges import FindingsByItem
from flowedit.gui.panels import findings
from flowedit.gui.panels.outline import DETAILS, NAME
from flowedit.gui.panels.xml_text import XmlText, changed_span
from flowedit.gui.session import Ref
from flowedit.io.writer import document_text

pytestmark = pytest.mark.gui

INDEX = ('<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <!-- the menu -->\n'
         '  <Gather action="/menu" numDigits="1">\n    <Say>Press one &amp; wait</Say>\n  </Gather>\n'
         '  <Redirect>/call</Redirect>\n</Response>\n')
MENU = ('<Response>\n  <Dial action="/gone" timeout="20">\n    <Client>amy</Client>\n  </Dial>\n'
        '  <Say>Bye</Say>\n</Response>\n')
CALL = '<Response>\n  <Dial action="/index">\n    <Number>+14155550100</Number>\n  </Dial>\n</Response>\n'


@pytest.fixture
def win(window, tmp_path):
    for name, text in (("index", INDEX), ("menu", MENU), ("call", CALL)):
        write(tmp_path / "flow" / f"{name}.xml", text)
    window.open_path(tmp_path / "flow")
    window.resize(1000, 700)
    window.show()
    return window


def element(doc, tag):
    return next(e for e in doc.iter_ids() if doc.kind(e) == "element" and doc.tag(e) == tag)


def settle():
    for _ in range(3):
        QApplication.processEvents()


# -- the XML text ---------------------------------------------------------------------------------
def test_changed_span_gives_the_smallest_splice():
    rng = random.Random(7)
    alphabet = "ab\n<>\"é😀 "
    for _ in range(3000):
        old = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        new = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        start, old_end, new_end = changed_span(old, new)
        assert old[:start] + new[start:new_end] + old[old_end:] == new
        assert start <= old_end and start <= new_end and old[:start] == new[:start]
        assert start == len(old) or start == len(new) or old[start] != new[start]  # the shared start is whole
        tail = len(old) - old_end
        assert tail == len(new) - new_end and old[old_end:] == new[new_end:]
        assert tail == min(len(old), len(new)) - start or old[old_end - 1] != new[new_end - 1]


def colours(editor: XmlText) -> list:
    """Per line: its text, the highlighter's state and its coloured spans (nothing for no text)."""
    if editor.document().isEmpty():
        return []
    lines, block = [], editor.document().begin()
    while block.isValid():
        spans = [(r.start, r.length, r.format.foreground().color().name(), r.format.fontWeight())
                 for r in block.layout().formats()]
        lines.append((block.text(), block.userState(), spans))
        block = block.next()
    return lines


def fresh(text: str, like: XmlText) -> XmlText:
    other = XmlText()
    other.resize(like.size())
    other.show_text(text)
    for editor in (like, other):
        editor.setCursorWidth(0)  # the caret of whichever window has the focus is not the text
    return other


TEXTS = [
    INDEX,
    INDEX.replace('numDigits="1"', 'numDigits="2"'),  # one character, in one line
    INDEX.replace("<Say>Press", "<Say>Pr😀ess"),  # a character beyond the BMP (two UTF-16 units)
    INDEX.replace("<Say>Press", "<Say>Pr😀ess").replace("wait", "wait!"),  # ... and after it
    INDEX.replace("  <Redirect>", '  <Pause length="2"/>\n  <Redirect>'),  # a line more
    INDEX.replace("<!-- the menu -->", "<!-- the menu"),  # an open comment: the lines after change colour
    INDEX.replace("<!-- the menu -->", "<!-- the\nmenu -->"),
    INDEX.replace("    <Say>Press one &amp; wait</Say>\n", ""),  # a line less
    INDEX,
    # as many lines, a line break moved: a line that was not edited stands elsewhere
    INDEX.replace("</Gather>\n  <Redirect>/call</Redirect>\n", "</Gather>  <Redirect>/call</Redirect>\n\n"),
    "",
    MENU,
    INDEX,
]


def test_xml_text_updated_in_place_shows_the_same_text_and_colours_as_a_full_set(qtbot):
    editor = XmlText()
    qtbot.addWidget(editor)
    editor.resize(400, 300)
    editor.show()
    for text in TEXTS:
        editor.show_text(text)
        other = fresh(text, editor)
        qtbot.addWidget(other)
        assert editor.toPlainText() == text
        assert colours(editor) == colours(other)
        assert not editor.document().isUndoAvailable()  # our update is nobody's typing to undo
        assert not editor.document().isModified()
        other.show()
        settle()
        assert editor.viewport().grab().toImage() == other.viewport().grab().toImage()  # laid out alike


def test_typed_text_is_replaced_whole_on_the_next_show(qtbot):
    editor = XmlText()
    qtbot.addWidget(editor)
    editor.show_text(INDEX)
    editor.insertPlainText("<Oops")  # the user types
    assert editor._known is None
    editor.show_text(MENU)
    assert editor.toPlainText() == MENU and colours(editor) == colours(fresh(MENU, editor))


def test_a_change_within_one_line_repaints_that_line_only(qtbot):
    editor = XmlText()
    qtbot.addWidget(editor)
    editor.resize(400, 300)
    editor.show()
    qtbot.waitExposed(editor)
    editor.show_text(INDEX)
    settle()
    painted = []

    class Spy(QObject):
        def eventFilter(self, _watched, event):  # noqa: N802 - Qt's virtual
            if event.type() == QEvent.Type.Paint:
                painted.append(event.region().boundingRect())
            return False

    spy = Spy()
    editor.viewport().installEventFilter(spy)
    editor.show_text(TEXTS[1])
    settle()
    line = editor.fontMetrics().height()
    assert painted and all(rect.height() <= 2 * line for rect in painted)


def test_the_pane_follows_edits_undo_and_redo_as_a_full_refresh_would(win, qtbot):
    session, pane = win.session, win.xml_pane
    doc = session.flow.documents["/index"]
    gather = element(doc, "Gather")
    session.select(Ref(doc, gather))
    settle()
    edits = [
        lambda: [(doc, doc.set_attribute(gather, "numDigits", "3"))],
        lambda: [(doc, doc.set_text(element(doc, "Say"), "Drücke 😀 eins"))],
        lambda: [(doc, doc.insert_element(gather, 0, "Pause", [("length", "1")]))],
        lambda: [(doc, doc.remove_node(element(doc, "Redirect")))],
        lambda: [(doc, doc.set_attribute(gather, "action", "/call"))],
    ]
    for action in edits:
        assert session.edit("edit", action)
        settle()
        check_pane(pane, doc)
    for step in ("undo", "redo", "undo", "undo", "undo"):
        getattr(session.undo_stack, step)()
        settle()
        check_pane(pane, doc)


def check_pane(pane, doc) -> None:
    editor = pane.editor
    assert pane.text() == document_text(doc).replace("\r\n", "\n")
    assert colours(editor) == colours(fresh(pane.text(), editor))
    # The marks drawn (kept when the text changed within a line) are on the selected element's lines.
    first, last = editor.marked_lines
    drawn = [mark.cursor.blockNumber() + 1 for mark in editor.extraSelections()]
    assert drawn == list(range(first, last + 1))


# -- the Findings dock ------------------------------------------------------------------------------
def snapshot(panel) -> list:
    tree = panel.tree
    rows: list = [button.text() for button in panel.toggles.values()]
    for row in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(row)
        children = [(top.child(i).text(0), top.child(i).text(1), top.child(i).text(2), top.child(i).toolTip(0))
                    for i in range(top.childCount())]
        rows.append((top.text(0), top.icon(0).cacheKey() != 0, children))
    return rows


def test_findings_dock_updates_only_changed_groups_and_matches_a_rebuild(win, qtbot):
    session = win.session
    panel = win.findings_panel
    index, menu, call = (session.flow.documents[p] for p in ("/index", "/menu", "/call"))
    groups = {top.data(0, findings.GROUP_ROLE): top for top in
              (panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount()))}
    assert "/menu" in groups and "/call" not in groups
    edits = [
        lambda: [(call, call.set_attribute(element(call, "Dial"), "action", "/nowhere"))],  # a new group
        lambda: [(menu, menu.remove_attribute(element(menu, "Dial"), "action"))],  # one finding less
        lambda: [(index, index.set_attribute(element(index, "Gather"), "numDigits", "1"))],  # nothing changes
    ]
    for action in edits:
        before = session.findings
        assert session.edit("edit", action)
        session.check_now()
        shown = snapshot(panel)
        kept = {key: top for key, top in groups.items() if top.treeWidget() is panel.tree}
        panel.refresh()
        assert shown == snapshot(panel)
        assert session.findings != before or kept == groups  # nothing changed: no group was touched
        groups = {top.data(0, findings.GROUP_ROLE): top for top in
                  (panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount()))}
    rows = panel.finding_rows("/call")
    assert rows and all(panel.finding_of(row) in session.findings for row in rows)
    session.undo_stack.undo()
    session.undo_stack.undo()
    session.check_now()
    shown = snapshot(panel)
    panel.refresh()
    assert shown == snapshot(panel)


def test_an_unchanged_group_keeps_its_rows_and_expansion(win):
    session, panel = win.session, win.findings_panel
    menu, call = session.flow.documents["/menu"], session.flow.documents["/call"]
    group = next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                 if panel.tree.topLevelItem(i).data(0, findings.GROUP_ROLE) == "/menu")
    rows = [group.child(i) for i in range(group.childCount())]
    group.setExpanded(False)
    session.edit("edit", lambda: [(call, call.set_attribute(element(call, "Dial"), "action", "/nowhere"))])
    session.check_now()
    assert [group.child(i) for i in range(group.childCount())] == rows and not group.isExpanded()
    assert menu in session.flow.documents.values()


# -- Documents, Inspector, badges ------------------------------------------------------------------
def tree_rows(tree) -> list:
    rows, pending = [], [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while pending:
        item = pending.pop(0)
        rows.append((item.text(NAME), item.text(DETAILS), item.toolTip(NAME), item.toolTip(DETAILS)))
        pending[:0] = [item.child(i) for i in range(item.childCount())]
    return rows


def test_documents_rows_are_updated_in_place_and_match_a_rebuild(win, qtbot):
    session, panel = win.session, win.documents_panel
    doc = session.flow.documents["/index"]
    gather = element(doc, "Gather")
    row = panel.item_for("/index", gather)
    top = panel.item_for("/index")
    session.edit("edit", lambda: [(doc, doc.set_attribute(gather, "numDigits", "4"))])
    settle()
    assert panel.item_for("/index", gather) is row and "numDigits=4" in row.text(DETAILS)
    shown = tree_rows(panel.tree)
    panel.refresh()
    assert shown == tree_rows(panel.tree)
    say = element(doc, "Say")
    session.edit("edit", lambda: [(doc, doc.set_attribute(gather, "action", "/call"))])  # a link changed
    session.edit("edit", lambda: [(doc, doc.remove_node(say))])  # rows came and went
    settle()
    assert panel.item_for("/index") is not top or top.text(DETAILS)
    shown = tree_rows(panel.tree)
    panel.refresh()
    assert shown == tree_rows(panel.tree)
    session.undo_stack.undo()
    session.undo_stack.undo()
    settle()
    shown = tree_rows(panel.tree)
    panel.refresh()
    assert shown == tree_rows(panel.tree)


def test_inspector_refreshes_the_edited_field_and_keeps_unchanged_findings(win, qtbot):
    session, inspector = win.session, win.inspector
    menu = session.flow.documents["/menu"]
    dial = element(menu, "Dial")
    session.select(Ref(menu, dial))
    form = inspector.form
    rows = form.findings.findChildren(QObject)
    assert form.findings.messages  # the broken link
    session.edit("edit", lambda: [(menu, menu.set_attribute(dial, "timeout", "45"))])
    session.check_now()
    assert inspector.form is form and form.fields["timeout"].shown_value() == "45"
    assert form.findings.findChildren(QObject) == rows  # the same findings: the same rows
    session.edit("edit", lambda: [(menu, menu.set_attribute(dial, "timeout", "9999"))])
    assert form.fields["timeout"].problem() is not None  # out of range, flagged at once
    session.undo_stack.undo()
    assert form.fields["timeout"].shown_value() == "45" and form.fields["timeout"].problem() is None


def test_badges_follow_edits_as_a_full_regrouping_would(win):
    session, scene = win.session, win.scene
    menu, call = session.flow.documents["/menu"], session.flow.documents["/call"]
    dial = element(menu, "Dial")
    edits = [
        lambda: [(call, call.set_attribute(element(call, "Dial"), "action", "/nowhere"))],
        lambda: [(menu, menu.remove_node(dial))],
        lambda: [(menu, menu.set_text(element(menu, "Say"), "Bye now"))],
    ]
    for action in edits + [None, None]:
        if action is None:
            session.undo_stack.undo()
        else:
            session.edit("edit", action)
        session.check_now()
        full = FindingsByItem()
        full.update(session.findings, session.flow.documents, {f.document: f for f in scene.frames()}, None)
        for doc in session.flow.documents.values():
            for eid in [None, *doc.iter_ids()]:
                assert scene.findings_for(doc, eid) == full.get(doc, eid)
