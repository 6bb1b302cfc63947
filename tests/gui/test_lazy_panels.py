"""Panels nobody looks at are not built; the Documents tree makes element rows on demand; the Simulate
targets table is items edited through a delegate (no cell widgets)."""

from __future__ import annotations

import pytest
from gui_support import write
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QTreeWidgetItem

from flowedit.gui.panels.documents import DocumentsPanel
from flowedit.gui.panels.lazy_dock import LazyDock
from flowedit.gui.panels.outline import DETAILS, EID_ROLE, NAME
from flowedit.gui.panels.simulate import SimulatePanel
from flowedit.gui.panels.simulate_targets import OUTCOME, RING, SECONDS_ROLE
from flowedit.gui.session import FlowSession, Ref
from flowedit.io import read_document

pytestmark = pytest.mark.gui

LAZY = ("paletteDock", "codeDock", "findingsDock", "historyDock", "simulateDock", "diffDock")
INDEX = '<Response><Say>hi</Say><Redirect>/menu</Redirect></Response>'
MENU = '<Response><Gather action="/index"><Say>press</Say></Gather><Dial><Client>joey</Client></Dial></Response>'
CALL = ('<Response><Dial><Client>amy</Client><Client>bob</Client>'
        '<Number>+14155550100</Number></Dial></Response>')


def lazy_docks(window) -> dict[str, LazyDock]:
    return {d.objectName(): d for d in window.docks if isinstance(d, LazyDock)}


@pytest.fixture
def session(qtbot, app):
    session = FlowSession()
    session.new_flow([read_document(INDEX.encode(), "/index"), read_document(MENU.encode(), "/menu"),
                      read_document(CALL.encode(), "/call")], entry="/index")
    return session


# -- lazy docks ----------------------------------------------------------------------------------
def test_docks_behind_others_build_their_panels_only_when_shown(example_window, qtbot):
    win = example_window
    docks = lazy_docks(win)
    assert set(docks) == set(LAZY)
    assert not any(d.built for d in docks.values())  # all tabbed behind Documents or XML
    win.simulate_dock.raise_()
    qtbot.waitUntil(lambda: win.simulate_dock.built)
    panel = win.simulate_dock.widget()
    assert panel is win.simulate_panel and panel.objectName() == "simulatePanel"
    # Built from the session as it is now: the open flow's targets are listed.
    qtbot.waitUntil(lambda: panel.editor._targets_w.rowCount() > 0)
    assert panel.editor.target_keys() and set(panel.editor.target_keys()) <= {
        t.key for t in panel.editor.targets}
    assert not win.code_dock.built and not win.diff_dock.built


def test_asking_for_a_panel_builds_it(window):
    assert not window.differences_panel.active  # built on request, hidden or not
    assert window.diff_dock.built and window.diff_dock.widget() is window.differences_panel


def test_a_findings_panel_built_late_shows_the_findings_and_a_failed_open(window, tmp_path, qtbot):
    write(tmp_path / "flow" / "index.xml", '<Response>\n  <Dial action="/gone"/>\n</Response>\n')
    window.open_path(tmp_path / "flow")
    assert not window.findings_dock.built
    assert window.findings_panel.finding_rows("/index")
    assert not window.open_path(tmp_path / "missing")  # the failure shows in Findings
    assert window.findings_panel.error_rows()


def test_the_code_pane_built_behind_another_tab_waits_until_shown(example_window, qtbot):
    win = example_window
    pane = win.code_pane  # asked for while its tab is behind the XML pane
    assert not pane.shown
    win.code_dock.raise_()
    qtbot.waitUntil(lambda: pane.shown and pane.text() != "")


def test_a_simulate_panel_built_late_lists_the_selected_dials_targets_first(window, qtbot, tmp_path):
    window.session.new_flow([read_document(CALL.encode(), "/call"), read_document(MENU.encode(), "/menu")],
                            entry="/call")
    menu = window.session.flow.documents["/menu"]
    dial = menu.child_elements(menu.root_id)[1]
    window.session.select(Ref(menu, dial))
    assert window.simulate_panel.editor.target_keys()[0] == "client:joey"


# -- the Documents tree makes element rows when needed ------------------------------------------
def test_only_the_expanded_documents_have_element_rows(qtbot, session):
    panel = DocumentsPanel(session)
    qtbot.addWidget(panel)
    index, menu = panel.item_for("/index"), panel.item_for("/menu")
    assert index.childCount() == 2  # the entry is expanded
    assert menu.childCount() == 0 and menu.childIndicatorPolicy() == QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator
    menu.setExpanded(True)  # expanding makes them
    assert [menu.child(i).text(NAME) for i in range(menu.childCount())] == ["Gather", "Dial"]


def test_selecting_into_a_document_makes_its_rows_and_follows(qtbot, session):
    panel = DocumentsPanel(session)
    qtbot.addWidget(panel)
    call = session.flow.documents["/call"]
    client = call.child_elements(call.child_elements(call.root_id)[0])[1]
    session.select(Ref(call, client))
    current = panel.tree.currentItem()
    assert current is not None and current.data(NAME, EID_ROLE) == client and current.text(NAME) == "Client"


def test_an_edit_of_a_document_without_rows_updates_its_counts_only(qtbot, session):
    panel = DocumentsPanel(session)
    qtbot.addWidget(panel)
    call = panel.item_for("/call")
    assert call.childCount() == 0
    doc = session.flow.documents["/call"]
    dial = doc.child_elements(doc.root_id)[0]
    session.edit("Go on", lambda: [(doc, doc.insert_element(doc.root_id, 1, "Redirect", text="/index"))])
    qtbot.waitUntil(lambda: call.text(DETAILS) == "1 out · 0 in")
    assert call.childCount() == 0 and panel.item_for("/index").text(DETAILS) == "1 out · 2 in"
    call.setExpanded(True)
    assert [call.child(i).text(NAME) for i in range(call.childCount())] == ["Dial", "Redirect"]
    assert call.child(0).data(NAME, EID_ROLE) == dial


def test_a_rebuild_keeps_the_rows_that_were_made(qtbot, session):
    panel = DocumentsPanel(session)
    qtbot.addWidget(panel)
    panel.item_for("/menu").setExpanded(True)
    panel.item_for("/menu").setExpanded(False)
    panel.refresh()
    assert [panel.item_for(p).childCount() for p in ("/index", "/menu", "/call")] == [2, 2, 0]


# -- the Simulate targets table ---------------------------------------------------------------
def test_the_targets_table_has_no_cell_widgets_until_a_row_is_edited(qtbot, session):
    panel = SimulatePanel(session)
    qtbot.addWidget(panel)
    table = panel.editor.targets_table
    assert table.rowCount() == 4
    assert all(table.cellWidget(r, c) is None for r in range(4) for c in (1, 2, 3))
    assert [table.item(r, OUTCOME).text() for r in range(4)] == ["default"] * 4
    assert not table.item(0, RING).flags() & Qt.ItemFlag.ItemIsEnabled  # the default's seconds, greyed
    assert table.item(0, RING).data(SECONDS_ROLE) == 5.0 and table.item(0, RING).text() == "5.0 s"


def test_an_edit_in_the_tables_own_editor_sets_the_target(qtbot, session):
    panel = SimulatePanel(session)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.tabs.setCurrentIndex(0)
    editor = panel.editor
    table = editor.targets_table
    row = editor.target_keys().index("client:bob")
    table.edit(table.model().index(row, OUTCOME))  # what a click on the cell does
    box = table.indexWidget(table.model().index(row, OUTCOME))
    assert box is not None
    box.setCurrentIndex(box.findData("busy"))
    assert panel.scenario().targets["client:bob"].outcome == "busy"
    assert table.item(row, OUTCOME).text() == "busy"
    assert table.item(row, RING).flags() & Qt.ItemFlag.ItemIsEnabled  # chosen: its seconds edit now
    table.itemDelegate().closeEditor.emit(box, QAbstractItemDelegate.EndEditHint.NoHint)  # on to the next cell
    table.edit(table.model().index(row, RING))
    spin = table.indexWidget(table.model().index(row, RING))
    spin.setValue(7.5)
    assert panel.scenario().targets["client:bob"].ring == 7.5
    assert table.item(row, RING).text() == "7.5 s"


def test_changing_the_default_updates_the_rows_on_default(qtbot, session):
    panel = SimulatePanel(session)
    qtbot.addWidget(panel)
    editor = panel.editor
    _outcome, ring, _talk = editor.row_widgets("client:amy")
    editor.default_ring.setValue(9.0)
    table = editor.targets_table
    assert {table.item(r, RING).data(SECONDS_ROLE) for r in range(table.rowCount())} == {9.0}
    assert ring.value() == 9.0 and not ring.isEnabled()  # an open editor follows its item
