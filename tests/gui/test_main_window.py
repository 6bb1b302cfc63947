"""The main window with real flows: docks, the documents tree, the XML pane, the title, the status bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import BAD_XML, EXAMPLE_PATHS, write
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDockWidget

from flowedit.gui import assets
from flowedit.gui.app import create_window
from flowedit.gui.main_window import MainWindow
from flowedit.gui.panels import findings, outline
from flowedit.gui.session import Ref
from flowedit.io.writer import document_text

pytestmark = pytest.mark.gui

INDEX = ('<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Hello</Say>\n'
         '  <Redirect>/nope</Redirect>\n</Response>\n')
DOCKS = {"documentsDock", "paletteDock", "inspectorDock", "xmlDock", "codeDock", "findingsDock", "historyDock",
         "simulateDock", "diffDock"}


def click(qtbot, tree, item, double=False):
    """Click an item of a tree widget where a user would: on its text in the viewport."""
    tree.scrollToItem(item)
    rect = tree.visualRect(tree.indexFromItem(item, 0))
    spot = QPoint(rect.left() + min(rect.width(), tree.viewport().width() - rect.left()) // 2, rect.center().y())
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    if double:  # a real double click starts with a click: item views only activate what was pressed
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=spot)


def test_opens_the_bundled_example_with_the_entry_first_and_tagged(example_window):
    win = example_window
    panel = win.documents_panel
    assert set(panel.paths()) == EXAMPLE_PATHS and len(panel.paths()) == 5
    assert panel.paths()[0] == "/index" == win.session.flow.entry
    entry = panel.tree.topLevelItem(0)
    assert entry.font(outline.NAME).bold() and entry.data(outline.NAME, outline.TAG_ROLE) == "entry"
    assert not any(panel.tree.topLevelItem(i).data(outline.NAME, outline.TAG_ROLE) for i in range(1, 5))
    assert win.windowTitle() == "support-line[*] — flowedit"
    assert not win.isWindowModified()
    assert win.recent.paths() == []  # the example is not one of the user's files


def test_status_bar_summarises_documents_and_findings(example_window):
    assert example_window.summary_label.text() == "5 documents · 0 errors, 0 warnings"


def test_selecting_a_document_shows_exactly_its_saved_text(example_window, qtbot):
    win = example_window
    tree = win.documents_panel.tree
    folder = assets.example_flow()
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        click(qtbot, tree, item)
        doc = win.session.flow.documents[item.data(outline.NAME, outline.PATH_ROLE)]
        assert win.session.selection == [Ref(doc)]
        assert win.xml_pane.text() == document_text(doc)
        assert win.xml_pane.text() == (folder / doc.filename).read_text(encoding="utf-8")


def test_the_tree_outlines_elements_and_picking_one_marks_its_lines(example_window, qtbot):
    win = example_window
    doc = win.session.flow.documents["/menu"]
    top = win.documents_panel.item_for("/menu")
    top.setExpanded(True)
    dial = top.child(0)
    assert dial.text(0) == "Dial" and dial.text(1).startswith("action=/agents/after-dial")
    client = dial.child(0)
    assert [client.child(i).text(0) for i in range(client.childCount())] == ["Identity", "Parameter", "Parameter"]
    assert client.child(1).text(1) == "name=ticket  value=T-1042"
    click(qtbot, win.documents_panel.tree, dial)
    assert win.session.selection == [Ref(doc, dial.data(outline.NAME, outline.EID_ROLE))]
    assert win.xml_pane.editor.marked_lines == (4, 12)


def test_a_malformed_file_is_listed_with_file_line_and_column(window, tmp_path):
    folder = tmp_path / "flow"
    write(folder / "index.xml", INDEX)
    write(folder / "bad.xml", BAD_XML)
    assert window.open_path(folder)
    (error,) = window.session.loaded.errors
    (row,) = window.findings_panel.error_rows()
    assert (error.line, error.column) == (3, 16)
    assert row.text(findings.LOCATION).endswith("bad.xml:3:16")
    assert row.toolTip(findings.MESSAGE) == str(error)
    assert "tag mismatch" in row.text(findings.MESSAGE)
    assert window.documents_panel.paths() == ["/index"]  # the readable document still opens
    assert "could not be read" in window.statusBar().currentMessage()
    assert not window.findings_dock.isHidden()


def test_a_path_that_does_not_exist_is_reported_without_a_dialog(example_window, tmp_path):
    win = example_window
    missing = tmp_path / "nowhere.xml"
    assert not win.open_path(missing)
    assert f"Cannot open {missing}" in win.statusBar().currentMessage()
    (row,) = win.findings_panel.error_rows()
    assert "No such file or directory" in row.text(findings.MESSAGE)
    assert set(win.documents_panel.paths()) == EXAMPLE_PATHS  # what was open stays open
    assert str(missing) not in win.recent.paths(existing_only=False)


def test_a_single_file_opens_as_a_flow_of_one(window, tmp_path):
    file = write(tmp_path / "call.xml", INDEX)
    window.open_path(file)
    assert window.documents_panel.paths() == ["/call"]
    assert window.windowTitle() == "call.xml[*] — flowedit"
    assert window.xml_pane.text() == INDEX


def test_reload_reads_the_files_again(window, tmp_path):
    file = write(tmp_path / "flow" / "index.xml", INDEX)
    window.open_path(file.parent)
    file.write_text("<Response><Hangup/></Response>\n", encoding="utf-8")
    window.commands["reload"].trigger()
    assert window.xml_pane.text() == "<Response><Hangup/></Response>\n"
    assert window.summary_label.text() == "1 document · 0 errors, 0 warnings"


def test_create_window_opens_the_given_path_and_remembers_it(qtbot, app, settings, tmp_path):
    file = write(tmp_path / "call.xml", INDEX)
    win = create_window(file, settings)
    qtbot.addWidget(win)
    assert win.documents_panel.paths() == ["/call"]
    assert win.recent.paths() == [str(file)]


def test_create_window_new_starts_empty_and_without_a_path_opens_the_example(qtbot, app, settings):
    empty = create_window(None, settings, new=True)
    qtbot.addWidget(empty)
    assert empty.documents_panel.paths() == [] and not empty.session.modified
    assert empty.windowTitle() == "Untitled flow[*] — flowedit" and empty.recent.paths() == []
    example = create_window(None, settings)
    qtbot.addWidget(example)
    assert example.documents_panel.paths() and not example.session.modified


def test_an_empty_window_is_an_untitled_flow(window):
    assert window.windowTitle() == "Untitled flow[*] — flowedit"
    assert window.summary_label.text() == "0 documents · 0 errors, 0 warnings"
    assert window.xml_pane.text() == "" and "Open" in window.xml_pane.editor.placeholderText()


def test_every_dock_has_an_object_name_and_a_view_menu_toggle(window):
    docks = window.findChildren(QDockWidget)
    assert {d.objectName() for d in docks} == DOCKS
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    panels = next(a.menu() for a in view.actions() if a.menu() is not None)
    assert {a.text() for a in panels.actions() if a.isCheckable()} == {
        "Documents", "Palette", "Inspector", "XML", "Code", "Findings", "History", "Simulate", "Differences"}
    window.show()
    window.inspector_dock.toggleViewAction().trigger()
    assert window.inspector_dock.isHidden()


def test_docks_start_where_an_editor_has_them(window):
    area = window.dockWidgetArea
    assert area(window.documents_dock) == area(window.palette_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert area(window.inspector_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    bottom = (window.xml_dock, window.code_dock, window.findings_dock, window.history_dock, window.diff_dock)
    assert {area(d) for d in bottom} == {Qt.DockWidgetArea.BottomDockWidgetArea}
    assert {window.code_dock, window.findings_dock, window.diff_dock} <= set(window.tabifiedDockWidgets(window.xml_dock))
    assert window.palette_dock in window.tabifiedDockWidgets(window.documents_dock)


def test_dock_layout_and_geometry_survive_a_restart(qtbot, app, settings):
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.inspector_dock.hide()
    first.resize(700, 500)  # inside the offscreen screen (800x600): restoreGeometry keeps windows on screen
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.inspector_dock.isHidden()
    assert not second.documents_dock.isHidden()
    assert (second.width(), second.height()) == (700, 500)
    second.reset_layout()
    assert not second.inspector_dock.isHidden()


def test_quit_has_a_shortcut_and_the_standard_menus_exist(window):
    assert window.commands["quit"].shortcuts()
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Edit", "&View", "&Simulate", "&Help"]
    assert window.commands["quit"].menuRole().name == "QuitRole"


def test_viewing_changes_nothing(example_window):
    win = example_window
    revisions = {path: doc.revision for path, doc in win.session.flow.documents.items()}
    for doc in list(win.session.flow.documents.values()):
        win.session.select(Ref(doc, doc.root_id))
    assert {p: d.revision for p, d in win.session.flow.documents.items()} == revisions
    assert not win.isWindowModified() and not win.session.modified


def test_example_flow_is_a_real_folder():
    assert isinstance(assets.example_flow(), Path)


def test_switching_to_a_dark_palette_recolours_the_xml(example_window, app, qtbot):
    from PySide6.QtGui import QColor, QPalette

    from flowedit.gui import style

    win = example_window
    original = app.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#dfe1e5"))
    try:
        app.setPalette(dark)

        def recoloured():  # Qt delivers palette changes through the event loop
            assert win.xml_pane.editor.highlighter.formats["tag"].foreground().color() == style.xml_colour("tag", dark)

        qtbot.waitUntil(recoloured, timeout=2000)
    finally:
        app.setPalette(original)


def test_dropping_a_folder_on_the_window_opens_it(window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    write(tmp_path / "flow" / "index.xml", INDEX)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "flow"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.documents_panel.paths() == ["/index"]


def test_copy_in_findings_puts_the_full_error_line_on_the_clipboard(window, tmp_path, qtbot):
    from PySide6.QtGui import QGuiApplication, QKeySequence

    write(tmp_path / "flow" / "bad.xml", BAD_XML)
    window.open_path(tmp_path / "flow")
    window.show()
    qtbot.waitExposed(window)
    (row,) = window.findings_panel.error_rows()
    tree = window.findings_panel.tree
    tree.setCurrentItem(row)
    tree.setFocus()
    qtbot.keySequence(tree, QKeySequence(QKeySequence.StandardKey.Copy))
    assert QGuiApplication.clipboard().text() == str(window.session.loaded.errors[0])


def test_a_file_name_that_cannot_be_a_url_path_still_opens(window, tmp_path):
    file = write(tmp_path / "..xml", "<Response/>\n")
    assert window.open_path(file)
    assert list(window.session.flow.documents) == ["/document"]
    assert window.findings_panel.error_rows() == []


def test_validation_findings_are_listed_by_document(window, tmp_path):
    folder = tmp_path / "flow"
    write(folder / "index.xml", '<Response>\n  <Dial action="/gone"/>\n</Response>\n')
    assert window.open_path(folder)
    rows = window.findings_panel.finding_rows("/index")
    by_rule = {row.text(findings.RULE): row for row in rows}
    assert {"dial-no-target", "broken-link"} <= set(by_rule)
    assert by_rule["broken-link"].text(findings.LOCATION) == "index.xml:2:9"
    assert "/gone" in by_rule["broken-link"].text(findings.MESSAGE)
    assert window.summary_label.text().startswith("1 document · ")
