"""The Documents and Simulate panels follow edits incrementally: one document's rows, a lazy form."""

from __future__ import annotations

import pytest

from flowedit.gui.panels.documents import DocumentsPanel
from flowedit.gui.panels.outline import DETAILS
from flowedit.gui.panels.simulate import SimulatePanel
from flowedit.gui.session import FlowSession, Ref
from flowedit.io import read_document

pytestmark = pytest.mark.gui

INDEX = '<Response><Say>hi</Say><Redirect>/menu</Redirect></Response>'
MENU = '<Response><Gather action="/index"><Say>press</Say></Gather></Response>'
CALL = '<Response><Dial><Client>joey</Client></Dial></Response>'


@pytest.fixture
def session(qtbot, app):
    session = FlowSession()
    session.new_flow([read_document(INDEX.encode(), "/index"), read_document(MENU.encode(), "/menu"),
                      read_document(CALL.encode(), "/call")], entry="/index")
    return session


def first_child(doc, tag):
    return next(e for e in doc.iter_ids() if doc.kind(e) == "element" and doc.tag(e) == tag)


def test_a_document_change_updates_only_its_rows_and_the_counts_it_touches(qtbot, session):
    panel = DocumentsPanel(session)
    qtbot.addWidget(panel)
    rows = {p: panel.item_for(p) for p in panel.paths()}
    index = session.flow.documents["/index"]
    panel.item_for("/index").setExpanded(True)
    session.select(Ref(index, first_child(index, "Say")))
    assert rows["/menu"].text(DETAILS) == "1 out · 1 in"
    redirect = first_child(index, "Redirect")
    for text in ("/call", "/call2", "/call"):  # a burst: coalesced into one update
        session.edit("Redirect", lambda t=text: [(index, index.set_text(redirect, t))])
    full = []
    panel.refresh, real = (lambda: full.append(1)), panel.refresh
    qtbot.waitUntil(lambda: rows["/call"].text(DETAILS) == "0 out · 1 in")
    assert not full  # no rebuild of the whole tree
    panel.refresh = real
    assert all(panel.item_for(p) is rows[p] for p in rows)  # the other rows are the same items
    assert rows["/menu"].text(DETAILS) == "1 out · 0 in"
    assert rows["/index"].isExpanded()  # expansion kept
    current = panel.tree.currentItem()  # the selection followed into the rebuilt children
    assert current is not None and current.parent() is rows["/index"] and current.text(0).startswith("Say")
    # The same rows as a full rebuild would show.
    shown = [(panel.tree.topLevelItem(r).text(0), panel.tree.topLevelItem(r).text(DETAILS),
              panel.tree.topLevelItem(r).childCount()) for r in range(panel.tree.topLevelItemCount())]
    panel.refresh()
    assert shown == [(panel.tree.topLevelItem(r).text(0), panel.tree.topLevelItem(r).text(DETAILS),
                      panel.tree.topLevelItem(r).childCount()) for r in range(panel.tree.topLevelItemCount())]


def test_a_flow_level_change_rebuilds_the_tree(qtbot, session):
    panel = DocumentsPanel(session)
    qtbot.addWidget(panel)
    assert panel.set_entry("/menu")
    qtbot.waitUntil(lambda: panel.paths()[0] == "/menu" and panel.tree.topLevelItem(0).text(0) == "/menu")


def test_the_simulate_form_is_built_only_when_shown_and_only_when_targets_change(qtbot, session):
    panel = SimulatePanel(session)
    qtbot.addWidget(panel)
    editor = panel.editor
    assert editor._targets_w.rowCount() == 0  # hidden: nothing built
    panel.show()
    qtbot.waitExposed(panel)
    if not editor.isVisible():
        panel.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: editor._targets_w.rowCount() == 1)  # built on first show
    index, call = session.flow.documents["/index"], session.flow.documents["/call"]
    say = first_child(index, "Say")
    session.edit("Say", lambda: [(index, index.set_text(say, "hello"))])  # no Dial, no Gather: skipped
    assert not editor._refresh_pending
    client = first_child(call, "Client")
    session.edit("Client", lambda: [(call, call.set_text(client, "zed"))])  # a target renamed
    assert editor._refresh_pending and editor._debounce.isActive()  # debounced, not at once
    qtbot.waitUntil(lambda: not editor._refresh_pending)
    assert editor._targets_w.item(0, 0).text() == "client:zed"
    panel.hide()
    session.edit("Client", lambda: [(call, call.set_text(client, "amy"))])
    qtbot.wait(300)
    assert editor._refresh_pending and editor._targets_w.item(0, 0).text() == "client:zed"  # hidden: waits
    assert editor.target_keys() == ["client:amy"]  # reading it brings it up to date
