"""Drops from the palette onto the canvas: where they go, what they refuse, and undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from flowedit.gui import assets, placement
from flowedit.gui.canvas import drops
from flowedit.gui.canvas.scene import FlowScene
from flowedit.gui.canvas.view import FlowView
from flowedit.gui.session import FlowSession, Ref
from flowedit.io.writer import document_text

pytestmark = pytest.mark.gui


@pytest.fixture
def session(app):
    flow_session = FlowSession()
    flow_session.open(assets.example_flow())
    return flow_session


@pytest.fixture
def scene(session):
    return FlowScene(session)


@pytest.fixture
def view(scene, qtbot):
    widget = FlowView(scene)
    qtbot.addWidget(widget)
    widget.resize(1400, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.fit_all()
    return widget


def drag_to(view, scene_pos: QPointF, tag: str, *, drop: bool = True):
    """A palette drag entering the view, moving to `scene_pos` and (optionally) dropping there."""
    point = view.mapFromScene(scene_pos)
    mime = drops.mime_for(tag)
    copy, left, none = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, copy, mime, left, none)
    QApplication.sendEvent(view.viewport(), enter)
    move = QDragMoveEvent(point, copy, mime, left, none)
    QApplication.sendEvent(view.viewport(), move)
    if drop:
        QApplication.sendEvent(view.viewport(), QDropEvent(QPointF(point), copy, mime, left, none))
    return move


def dial_row(scene):
    return scene.frame_for("/menu").rows[0]


def test_what_the_palette_drags_is_what_the_canvas_reads(session):
    from flowedit.gui.panels.palette import Palette

    palette = Palette(session)
    item = palette.items()["Client"]
    mime = palette.tree.mimeData([item])  # what a drag from that row carries
    assert drops.tag_of(mime) == "Client"
    assert drops.tag_of(drops.mime_for("Nope")) is None  # not TwiML: nothing to drop


def test_a_client_dropped_on_a_dial_goes_into_it_and_undo_restores_the_text(scene, session, view):
    doc = session.flow.documents["/menu"]
    before = document_text(doc)
    dial = dial_row(scene)
    pos = dial.mapToScene(QPointF(100, dial.boundingRect().height() - 6))  # below the last target
    move = drag_to(view, pos, "Client", drop=False)
    assert move.isAccepted()
    assert scene._indicator.isVisible() and not scene._indicator.refused
    drag_to(view, pos, "Client")
    assert not scene._indicator.isVisible()
    targets = [doc.tag(c) for c in doc.child_elements(dial.eid)]
    assert targets == ["Client", "Client", "Number", "Client"]
    new_dial = dial_row(scene)
    assert len(new_dial.cards) == 4
    assert session.selection == [Ref(doc, doc.child_elements(dial.eid)[-1])]
    session.undo_stack.undo()
    assert document_text(doc) == before


def test_a_target_dropped_between_targets_goes_there(scene, session):
    doc = session.flow.documents["/menu"]
    dial = dial_row(scene)
    second = dial.cards[1]
    pos = second.mapToScene(QPointF(20, 2))  # the top half of the second target
    target = drops.drop_target(scene, pos, "Number")
    assert target.problem is None and target.parent == dial.eid
    assert target.index == doc.index(second.eid)


def test_an_eleventh_target_is_refused_with_the_reason(scene, session, qtbot, view):
    doc = session.flow.documents["/menu"]
    dial = dial_row(scene).eid
    for _ in range(7):
        assert placement.add_element(session, doc, dial, len(doc.children(dial)), "Number") is not None
    before = document_text(doc)
    row = dial_row(scene)
    pos = row.mapToScene(QPointF(100, row.boundingRect().height() - 6))
    view.centerOn(pos)
    with qtbot.waitSignal(session.editRefused) as refused:
        drag_to(view, pos, "Client")
    assert "at most 10" in refused.args[0]
    assert document_text(doc) == before


def test_the_drag_shows_why_a_drop_would_be_refused(scene, session, view):
    hints = []
    scene.dropHint.connect(hints.append)
    say = scene.frame_for("/index").rows[0]
    drag_to(view, say.mapToScene(QPointF(60, 10)), "Client", drop=False)
    assert scene._indicator.refused
    assert "<Client> cannot go inside" in hints[-1]


def test_a_verb_dropped_on_empty_canvas_creates_nothing(scene, session, qtbot, view):
    far = scene.content_rect().bottomRight() + QPointF(60, 30)
    count = session.undo_stack.count()
    with qtbot.waitSignal(session.editRefused) as refused:
        drag_to(view, far, "Say")
    assert refused.args == [drops.EMPTY_CANVAS]
    assert session.undo_stack.count() == count


def test_a_verb_goes_between_the_rows_at_the_drop_point(scene, session):
    index = scene.frame_for("/index")
    doc = index.document
    gather = index.rows[1]
    pos = gather.mapToScene(QPointF(60, 3))  # the top of the Gather row: before it
    target = drops.drop_target(scene, pos, "Pause")
    assert target.parent == doc.root_id and target.index == doc.index(gather.eid)
    assert drops.drop(scene, target) is not None
    assert [doc.tag(e) for e in doc.child_elements(doc.root_id)] == ["Say", "Pause", "Gather", "Redirect"]


def test_a_say_dropped_inside_a_gather_goes_into_it(scene, session):
    index = scene.frame_for("/index")
    gather = index.rows[1]
    pos = gather.mapToScene(QPointF(120, gather.boundingRect().height() - 4))
    target = drops.drop_target(scene, pos, "Say")
    assert target.parent == gather.eid


def test_a_parameter_dropped_on_a_client_goes_into_it(scene, session):
    client = dial_row(scene).cards[0]
    target = drops.drop_target(scene, client.mapToScene(QPointF(40, 10)), "Parameter")
    assert target.problem is None and target.parent == client.eid
    identity = drops.drop_target(scene, client.mapToScene(QPointF(40, 10)), "Identity")
    assert identity.problem is not None  # it has one already
    assert "Identity" in identity.problem


def test_a_drag_that_is_not_ours_is_ignored(scene, view):
    from PySide6.QtCore import QMimeData

    mime = QMimeData()
    mime.setText("hello")
    point = view.mapFromScene(scene.frame_for("/index").sceneBoundingRect().center())
    event = QDragMoveEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), QDragEnterEvent(point, Qt.DropAction.CopyAction, mime,
                                                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    QApplication.sendEvent(view.viewport(), event)
    assert not event.isAccepted()
    assert not scene._indicator.isVisible()
