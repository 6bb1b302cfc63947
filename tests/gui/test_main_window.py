"""The main window with real flows: what the docks, the XML pane, the title and the status bar show."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import BAD_XML, EXAMPLE_PATHS, write
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDockWidget

from flowedit.gui import assets
from flowedit.gui.app import create_window
from flowedit.gui.main_window import MainWindow
from flowedit.gui.panels import documents, problems
from flowedit.io.writer import document_text
from flowedit.model.links import LinkKind

pytestmark = pytest.mark.gui

INDEX = ('<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Hello</Say>\n'
         '  <Redirect>/nope</Redirect>\n</Response>\n')


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
    assert panel.paths()[0] == "/index" == win.loaded.flow.entry
    entry = panel.topLevelItem(0)
    assert entry.font(documents.NAME).bold() and entry.data(documents.NAME, documents.TAG_ROLE) == "entry"
    assert not any(panel.topLevelItem(i).data(documents.NAME, documents.TAG_ROLE) for i in range(1, 5))
    assert panel.current_path() == "/index"
    assert win.windowTitle() == "support-line[*] — flowedit"
    assert win.recent.paths() == []  # the example is not one of the user's files


def test_status_bar_and_link_counts_follow_the_model(example_window):
    win = example_window
    links = win.loaded.flow.links()
    missing = sum(link.kind is LinkKind.MISSING for link in links)
    assert win.summary_label.text() == f"5 documents, {len(links)} links ({missing} missing) · 0 errors, 0 warnings"
    panel = win.documents_panel
    for row, path in enumerate(panel.paths()):
        item = panel.topLevelItem(row)
        assert item.text(documents.OUT) == str(sum(link.source == path for link in links))
        inbound = sum(link.target == path and link.kind is LinkKind.INTERNAL for link in links)
        assert item.text(documents.IN) == str(inbound)


def test_selecting_a_document_shows_exactly_its_saved_text(example_window, qtbot):
    win = example_window
    panel = win.documents_panel
    folder = assets.example_flow()
    for row, path in enumerate(panel.paths()):
        click(qtbot, panel, panel.topLevelItem(row))
        assert panel.current_path() == path
        doc = win.loaded.flow.documents[path]
        assert win.xml_pane.toPlainText() == document_text(doc)
        assert win.xml_pane.toPlainText() == (folder / doc.filename).read_text(encoding="utf-8")
        assert win.xml_pane.isReadOnly()


def test_outline_shows_the_element_tree_and_marks_the_picked_line(example_window, qtbot):
    win = example_window
    win.select_document("/menu")
    outline = win.outline_panel
    root = outline.topLevelItem(0)
    assert root.text(0) == "Response"
    dial = root.child(0)
    assert dial.text(0) == "Dial" and dial.text(1).startswith("action=/agents/after-dial")
    client = dial.child(0)
    assert [client.child(i).text(0) for i in range(client.childCount())] == ["Identity", "Parameter", "Parameter"]
    assert client.child(0).text(1) == "support_agent_1"
    assert client.child(1).text(1) == "name=ticket  value=T-1042"
    click(qtbot, outline, dial)
    assert win.xml_pane.marked_line == 4
    assert win.xml_pane.textCursor().block().text().lstrip().startswith("<Dial ")


def test_problems_list_each_documents_links_with_their_kind(example_window):
    rows = example_window.problems_panel.link_rows("/menu")
    kinds = {row.text(problems.DESCRIPTION): row.text(problems.KIND) for row in rows}
    assert kinds["Dial action → /agents/after-dial"] == "internal"
    assert kinds["Client statusCallback → https://status.example.com/calls"] == "external"
    assert all(row.text(problems.LOCATION).startswith("menu.xml:") for row in rows)
    assert example_window.problems_panel.error_rows() == []


def test_a_malformed_file_is_listed_with_file_line_and_column(window, tmp_path):
    folder = tmp_path / "flow"
    write(folder / "index.xml", INDEX)
    write(folder / "bad.xml", BAD_XML)
    assert window.open_path(folder)
    (error,) = window.loaded.errors
    (row,) = window.problems_panel.error_rows()
    assert (error.line, error.column) == (3, 16)
    assert row.text(problems.LOCATION) == "bad.xml:3:16"
    assert row.toolTip(problems.DESCRIPTION) == str(error)
    assert str(error).startswith(f"{folder / 'bad.xml'}:3:16: error:")
    assert "tag mismatch" in row.text(problems.DESCRIPTION)
    assert window.documents_panel.paths() == ["/index"]  # the readable document still opens
    assert "could not be read" in window.statusBar().currentMessage()
    assert not window.problems_dock.isHidden()


def test_a_missing_link_is_flagged_everywhere(window, tmp_path):
    write(tmp_path / "flow" / "index.xml", INDEX)
    window.open_path(tmp_path / "flow")
    (row,) = window.problems_panel.link_rows("/index")
    assert (row.text(problems.DESCRIPTION), row.text(problems.KIND)) == ("Redirect → /nope", "missing")
    assert row.text(problems.LOCATION) == "index.xml:4"
    assert window.summary_label.text() == "1 document, 1 link (1 missing) · 1 error, 0 warnings"
    assert window.documents_panel.topLevelItem(0).text(documents.OUT) == "1"


def test_activating_a_problem_shows_its_line(window, tmp_path, qtbot):
    write(tmp_path / "flow" / "index.xml", INDEX)
    write(tmp_path / "flow" / "other.xml", "<Response/>\n")
    window.open_path(tmp_path / "flow")
    window.select_document("/other")
    window.show()
    qtbot.waitExposed(window)
    (row,) = window.problems_panel.link_rows("/index")
    click(qtbot, window.problems_panel, row, double=True)
    assert window.documents_panel.current_path() == "/index"
    assert window.xml_pane.marked_line == 4


def test_a_path_that_does_not_exist_is_reported_without_a_dialog(example_window, tmp_path):
    win = example_window
    missing = tmp_path / "nowhere.xml"
    assert not win.open_path(missing)
    assert f"Cannot open {missing}" in win.statusBar().currentMessage()
    (row,) = win.problems_panel.error_rows()
    assert "No such file or directory" in row.text(problems.DESCRIPTION)
    assert set(win.documents_panel.paths()) == EXAMPLE_PATHS  # what was open stays open
    assert str(missing) not in win.recent.paths(existing_only=False)


def test_a_single_file_opens_as_a_flow_of_one(window, tmp_path):
    file = write(tmp_path / "call.xml", INDEX)
    window.open_path(file)
    assert window.documents_panel.paths() == ["/call"]
    assert window.windowTitle() == "call.xml[*] — flowedit"
    assert window.xml_pane.toPlainText() == INDEX


def test_reload_reads_the_files_again(window, tmp_path):
    file = write(tmp_path / "flow" / "index.xml", INDEX)
    window.open_path(file.parent)
    file.write_text("<Response><Hangup/></Response>\n", encoding="utf-8")
    window.reload_action.trigger()
    assert window.xml_pane.toPlainText() == "<Response><Hangup/></Response>\n"
    assert window.summary_label.text() == "1 document, 0 links (0 missing) · 0 errors, 0 warnings"


def test_create_window_opens_the_given_path_and_remembers_it(qtbot, app, settings, tmp_path):
    file = write(tmp_path / "call.xml", INDEX)
    win = create_window(file, settings)
    qtbot.addWidget(win)
    assert win.documents_panel.paths() == ["/call"]
    assert win.recent.paths() == [str(file)]


def test_an_empty_window_says_how_to_start(window):
    assert window.windowTitle() == "flowedit"
    assert window.summary_label.text() == "No flow open"
    assert window.xml_pane.toPlainText() == "" and "Open" in window.xml_pane.placeholderText()


def test_every_dock_has_an_object_name_and_a_view_menu_toggle(window):
    docks = window.findChildren(QDockWidget)
    assert {d.objectName() for d in docks} == {"documentsDock", "outlineDock", "problemsDock"}
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    toggles = [a for a in view.actions() if a.isCheckable()]
    assert {a.text() for a in toggles} == {"Documents", "Outline", "Problems"}
    window.show()
    window.outline_dock.toggleViewAction().trigger()
    assert window.outline_dock.isHidden()


def test_dock_layout_and_geometry_survive_a_restart(qtbot, app, settings):
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.outline_dock.hide()
    first.resize(700, 500)  # inside the offscreen screen (800x600): restoreGeometry keeps windows on screen
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.outline_dock.isHidden()
    assert not second.documents_dock.isHidden()
    assert (second.width(), second.height()) == (700, 500)
    second.reset_layout()
    assert not second.outline_dock.isHidden()


def test_quit_has_a_shortcut_and_the_standard_menus_exist(window):
    assert window.quit_action.shortcuts()
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&View", "&Help"]
    assert window.quit_action.menuRole().name == "QuitRole"


def test_title_and_model_are_untouched_by_viewing(example_window):
    win = example_window
    revisions = {path: doc.revision for path, doc in win.loaded.flow.documents.items()}
    for path in list(revisions):
        win.select_document(path)
    assert {p: d.revision for p, d in win.loaded.flow.documents.items()} == revisions
    assert not win.isWindowModified()


def test_example_flow_is_a_real_folder():
    assert isinstance(assets.example_flow(), Path)


def test_switching_to_a_dark_palette_recolours_the_panels(example_window, app, qtbot):
    from PySide6.QtGui import QColor, QPalette

    from flowedit.gui import style

    win = example_window
    win.select_document("/menu")
    original = app.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#dfe1e5"))
    try:
        app.setPalette(dark)

        def recoloured():  # Qt delivers palette changes through the event loop
            assert win.xml_pane.highlighter.formats["tag"].foreground().color() == style.xml_colour("tag", dark)
            row = win.problems_panel.link_rows("/menu")[0]
            assert row.foreground(problems.KIND).color() == style.kind_colour("internal", dark)

        qtbot.waitUntil(recoloured, timeout=2000)
        assert win.documents_panel.current_path() == "/menu"
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


def test_copy_puts_the_full_error_line_on_the_clipboard(window, tmp_path, qtbot):
    from PySide6.QtGui import QGuiApplication, QKeySequence

    write(tmp_path / "flow" / "bad.xml", BAD_XML)
    window.open_path(tmp_path / "flow")
    (row,) = window.problems_panel.error_rows()
    window.problems_panel.setCurrentItem(row)
    qtbot.keySequence(window.problems_panel, QKeySequence(QKeySequence.StandardKey.Copy))
    assert QGuiApplication.clipboard().text() == str(window.loaded.errors[0])


def test_a_single_unreadable_file_opens_as_an_empty_flow_with_its_error(example_window, tmp_path):
    win = example_window
    win.open_path(write(tmp_path / "bad.xml", BAD_XML))
    assert win.documents_panel.paths() == []
    assert win.xml_pane.toPlainText() == "" and win.outline_panel.topLevelItemCount() == 0
    (row,) = win.problems_panel.error_rows()
    assert row.text(problems.LOCATION) == "bad.xml:3:16"
    assert win.summary_label.text() == "0 documents, 0 links (0 missing) · 0 errors, 0 warnings"


def test_a_file_name_that_cannot_be_a_url_path_still_opens(window, tmp_path):
    file = write(tmp_path / "..xml", "<Response/>\n")
    assert window.open_path(file)
    assert list(window.loaded.flow.documents) == ["/document"]
    assert window.problems_panel.error_rows() == []


def test_validation_findings_are_listed_by_document(window, tmp_path, qtbot):
    folder = tmp_path / "flow"
    write(folder / "index.xml", '<Response>\n  <Dial action="/gone"/>\n</Response>\n')
    assert window.open_path(folder)
    rows = window.problems_panel.finding_rows("/index")
    by_rule = {row.text(problems.ROLE): row for row in rows}
    assert {"dial-no-target", "broken-link"} <= set(by_rule)
    row = by_rule["broken-link"]
    assert row.text(problems.KIND) == "error" and row.text(problems.LOCATION) == "index.xml:2:9"
    assert "/gone" in row.text(problems.DESCRIPTION)
    with qtbot.waitSignal(window.problems_panel.locationActivated) as blocker:
        window.problems_panel.itemActivated.emit(row, 0)
    assert blocker.args == ["/index", 2]
