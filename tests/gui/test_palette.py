"""The Palette dock: every element grouped by category, search, drag payload, double-click adds."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSize, Qt

from flowedit import twiml
from flowedit.gui import icons
from flowedit.gui.canvas.drops import mime_for, tag_of
from flowedit.gui.panels.palette import MIME_TYPE, Palette, palette_elements
from flowedit.gui.session import FlowSession, Ref
from flowedit.io.writer import document_text
from flowedit.model import Document

pytestmark = pytest.mark.gui


@pytest.fixture
def session(app):
    flow_session = FlowSession()
    flow_session.new_flow([Document.new("/index")], "/index")
    return flow_session


@pytest.fixture
def palette(qtbot, session):
    widget = Palette(session)
    qtbot.addWidget(widget)
    widget.resize(260, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def double_click(qtbot, palette, tag):
    item = palette.items()[tag]
    palette.tree.scrollToItem(item)
    spot = palette.tree.visualItemRect(item).center()
    # a real double-click is press, release, then the double-click event: the view wants the press
    qtbot.mouseClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.mouseDClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=spot)


def test_every_element_but_response_in_category_order(palette):
    groups = [palette.tree.topLevelItem(i).text(0) for i in range(palette.tree.topLevelItemCount())]
    assert groups == [c for c in twiml.CATEGORIES if c != "Document"]
    assert set(palette.items()) == set(twiml.ELEMENTS) - {"Response"}
    assert palette.objectName() == "palette"


def test_retired_elements_come_last_in_their_group():
    connect = dict(palette_elements())["Connect"]
    names = [e.name for e in connect]
    assert names[-2:] == ["Autopilot", "Assistant"]
    assert [e.name for e in dict(palette_elements())["Legacy"]] == ["Sms"]


def test_items_have_icons_and_tooltips(palette):
    item = palette.items()["Client"]
    assert not item.icon(0).isNull()
    assert "Voice SDK client" in item.toolTip(0)
    assert "&lt;Dial&gt;" in item.toolTip(0)


def test_icons_are_drawn_at_the_device_pixel_ratio(app):
    pixmap = icons.element_icon("Dial", app.palette()).pixmap(QSize(16, 16), 2.0)
    assert pixmap.size() == QSize(32, 32) and pixmap.devicePixelRatio() == 2.0
    assert icons.glyph("ApplicationSid") == "AS" and icons.glyph("Dial") == "Di"


def test_search_filters_by_name_and_summary(qtbot, palette):
    qtbot.keyClicks(palette.search, "CLIENT")
    visible = palette.visible_tags()
    assert "Client" in visible and "Say" not in visible
    assert palette.items()["Client"].parent().isExpanded()
    palette.search.clear()
    qtbot.keyClicks(palette.search, "speak")  # in Say's summary, not its name
    assert "Say" in palette.visible_tags()
    palette.search.clear()
    assert len(palette.visible_tags()) == len(twiml.ELEMENTS) - 1
    assert not palette.items()["break"].parent().isExpanded()  # SSML closed again, as before the search


def test_search_opens_matching_closed_groups(qtbot, palette):
    qtbot.keyClicks(palette.search, "emphasis")
    assert palette.visible_tags() == ["emphasis"]
    assert palette.items()["emphasis"].parent().isExpanded()


def test_drag_payload_is_json_with_the_tag(palette):
    mime = palette.tree.mimeData([palette.items()["Client"]])
    assert mime.hasFormat(MIME_TYPE)
    assert json.loads(bytes(mime.data(MIME_TYPE)).decode("utf-8")) == {"tag": "Client"}
    assert tag_of(mime) == "Client"
    assert tag_of(mime_for("Nope")) is None
    assert palette.tree.mimeTypes() == [MIME_TYPE]


def test_double_click_with_a_dial_selected_adds_a_client_into_it(qtbot, session, palette):
    doc = session.current_document
    double_click(qtbot, palette, "Dial")
    dial = doc.child_elements(doc.root_id)[0]
    assert session.selection == [Ref(doc, dial)]
    double_click(qtbot, palette, "Client")
    client = doc.child_elements(dial)[0]
    assert doc.tag(client) == "Client"
    assert "<Dial>\n    <Client/>\n  </Dial>" in document_text(doc)
    session.undo_stack.undo()
    assert doc.child_elements(dial) == []


def test_enter_adds_the_current_element(qtbot, session, palette):
    doc = session.current_document
    palette.tree.setCurrentItem(palette.items()["Say"])
    palette.tree.setFocus()
    qtbot.keyClick(palette.tree, Qt.Key.Key_Return)
    assert [doc.tag(c) for c in doc.child_elements(doc.root_id)] == ["Say"]


def test_a_refused_place_says_why(qtbot, session, palette):
    doc = session.current_document
    with qtbot.waitSignal(session.editRefused) as refused:
        palette.add("Identity")  # goes only in a Client or Sip …, and there is none
    assert "<Identity> cannot go inside <Response>" in refused.args[0]
    assert doc.child_elements(doc.root_id) == []


def test_no_document_refuses(qtbot, app):
    session = FlowSession()
    session.new_flow([], None)
    palette = Palette(session)
    qtbot.addWidget(palette)
    with qtbot.waitSignal(session.editRefused) as refused:
        palette.add("Say")
    assert refused.args == ["open or create a document first"]
