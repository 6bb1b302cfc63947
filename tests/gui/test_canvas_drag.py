"""Dragging a frame far out: the frame and its arrows are lifted out of the view's cached picture and
drawn over it while the drag lasts (`canvas.lift`), then put back where they went.

Each test drives the real mouse path (press, moves and release sent to the viewport) and checks what a
screen shows against a picture drawn afresh: during the drag (nothing left at the old place, the
arrows following), after the release (the picture, the mini-map), and that the moves draw nothing of
the cached picture, keep the far-out arrow batches and record one undoable move on release.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication

from flowedit.gui import style
from flowedit.gui.canvas.scene import GRID

from gui_support import MIDDLE, settle, shown_view

pytestmark = pytest.mark.gui

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def session(generated_session):
    return generated_session


@pytest.fixture
def view(session, qtbot):
    widget = shown_view(session, qtbot)
    widget.set_zoom(0.2)
    widget.centerOn(widget.scene().frame_for(MIDDLE).sceneBoundingRect().center())
    settle(widget)
    assert not widget.scene().detail
    return widget


def grab(widget) -> QImage:
    return widget.grab().toImage()


def fresh(view) -> QImage:
    view.backdrop.invalidate()
    view.viewport().repaint()
    return grab(view.viewport())


def differing(a: QImage, b: QImage, tolerance: int = 24) -> int:
    assert a.size() == b.size()
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    pa, pb = bytes(a.constBits()), bytes(b.constBits())
    return sum(1 for i in range(0, len(pa), 4)
               if max(abs(pa[i] - pb[i]), abs(pa[i + 1] - pb[i + 1]), abs(pa[i + 2] - pb[i + 2])) > tolerance)


def at(image: QImage, point: QPointF):
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio))


class Drag:
    """The mouse on the viewport: press on a frame's title, move, release."""

    def __init__(self, view, frame) -> None:
        self.view, self.viewport = view, view.viewport()
        self.spot = QPointF(view.mapFromScene(frame.mapToScene(QPointF(frame.width / 2, 10.0))))
        self._send(QEvent.Type.MouseButtonPress, LEFT, LEFT)

    def _send(self, kind, button, buttons) -> None:
        event = QMouseEvent(kind, self.spot, self.viewport.mapToGlobal(self.spot), button, buttons,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(self.viewport, event)
        QApplication.processEvents()
        self.viewport.repaint()

    def move(self, dx: float, dy: float, steps: int = 1) -> None:
        for _ in range(steps):
            self.spot += QPointF(dx / steps, dy / steps)
            self._send(QEvent.Type.MouseMove, Qt.MouseButton.NoButton, LEFT)

    def release(self) -> None:
        self._send(QEvent.Type.MouseButtonRelease, LEFT, Qt.MouseButton.NoButton)


def body(view, frame) -> QPointF:
    """A viewport point in the middle of the frame's body (frame fill, far out: rows draw no text)."""
    return QPointF(view.mapFromScene(frame.mapToScene(QPointF(frame.width / 2, frame.height * 0.75))))


def test_a_far_out_drag_shows_the_frame_and_its_arrows_moving_and_draws_no_picture_per_move(view, session,
                                                                                               monkeypatch):
    scene = view.scene()
    frame = scene.frame_for(MIDDLE)
    links = scene.arrows.at(frame)
    assert links
    old_body = body(view, frame)
    drag = Drag(view, frame)
    drag.move(40, 60, steps=4)  # the first move lifts the frame (one drawing), the others only copy
    assert scene.lift.holds(frame) and scene.lift.links == set(links)
    batches = scene.arrows.batches(scene.palette())
    drawn = []
    real = view.backdrop._draw
    monkeypatch.setattr(view.backdrop, "_draw", lambda region: drawn.append(region) or real(region))
    drag.move(60, 30, steps=6)
    assert drawn == []  # no arrow of the cached picture drawn again
    assert scene.arrows.batches(scene.palette()) is batches  # nor the batches rebuilt
    for link in links:  # the arrows follow the frame, leaving it or ending at it
        if link.frame is frame:
            assert (link.control[0], link.control[1]) == frame.anchor_xy(link.eid)
        else:
            assert link.tip == frame.entry_xy()
    shown = grab(view.viewport())
    fill = style.frame_fill(scene.palette())
    assert at(shown, body(view, frame)) == fill  # the frame where the mouse took it
    assert at(shown, old_body) != fill  # and nothing left where it stood
    monkeypatch.undo()
    # What the moves left on screen is what a picture drawn afresh (in the same lifted state) shows.
    assert differing(shown, fresh(view)) < 0.001 * shown.width() * shown.height()
    drag.release()


def test_after_a_far_out_drag_the_picture_and_the_mini_map_are_as_drawn_afresh(view, session):
    scene = view.scene()
    view.minimap.show()
    frame = scene.frame_for(MIDDLE)
    before = frame.pos()
    steps = session.undo_stack.count()
    settle(view)
    minimap_before = grab(view.minimap)
    drag = Drag(view, frame)
    drag.move(80, 100, steps=8)
    drag.release()
    settle(view)
    assert not scene.lift and not scene.arrows._lifted
    # One undoable move, snapped to the grid, as before.
    assert session.undo_stack.count() == steps + 1
    assert session.undo_stack.undoText() == f"Move {MIDDLE}"
    x, y = session.flow.position(MIDDLE)
    assert (x, y) == (frame.x(), frame.y()) and x % GRID == 0 and y % GRID == 0 and frame.pos() != before
    view.minimap.hide()  # the canvas's own picture, then the mini-map's
    settle(view)
    shown = grab(view.viewport())
    assert differing(shown, fresh(view)) < 0.001 * shown.width() * shown.height()
    view.minimap.show()
    settle(view)
    minimap_after = grab(view.minimap)
    assert differing(minimap_before, minimap_after, 8) > 0  # the frame moved on the map
    view.minimap._cache = None  # a mini-map drawn afresh
    view.minimap.repaint()
    assert differing(minimap_after, grab(view.minimap), 8) == 0
    session.undo_stack.undo()
    settle(view)
    assert frame.pos() == before
    shown = grab(view.viewport())
    assert differing(shown, fresh(view)) < 0.001 * shown.width() * shown.height()


def test_the_scene_rect_grows_when_a_far_out_drag_takes_a_frame_beyond_it(view, session):
    scene = view.scene()
    frame = scene.frame_for(MIDDLE)
    drag = Drag(view, frame)
    # Down, past the bottom of the flow (a flat chain of frames), in mouse-sized steps.
    below = scene.sceneRect().bottom()
    drag.move(0, 30, steps=3)
    while frame.sceneBoundingRect().bottom() < below + 200:
        drag.move(0, 30, steps=3)
        if view.mapFromScene(frame.sceneBoundingRect().center()).y() > view.viewport().height() - 60:
            view.centerOn(frame.sceneBoundingRect().center())  # as a user would scroll to follow
            drag.spot = QPointF(view.mapFromScene(frame.mapToScene(QPointF(frame.width / 2, 10.0))))
    assert scene.sceneRect().contains(frame.sceneBoundingRect())
    assert scene.content_rect().contains(frame.sceneBoundingRect())
    drag.release()
    settle(view)
    assert scene.sceneRect().contains(frame.sceneBoundingRect())
    assert scene.content_rect().contains(frame.mapRectToScene(frame.extent()))
    shown = grab(view.viewport())
    assert differing(shown, fresh(view)) < 0.001 * shown.width() * shown.height()


def test_close_up_a_drag_lifts_nothing(view, session):
    scene = view.scene()
    view.set_zoom(1.0)
    frame = scene.frame_for(MIDDLE)
    view.centerOn(frame.sceneBoundingRect().center())
    settle(view)
    drag = Drag(view, frame)
    drag.move(30, 20, steps=3)
    assert not scene.lift
    drag.release()
    assert session.undo_stack.undoText() == f"Move {MIDDLE}"


def test_while_a_frame_is_dragged_the_margins_wait_for_the_drag_to_rest(view, monkeypatch):
    """Lifting a frame takes its arrows out of the picture, margins included; filling those margins at
    once (the idle filler) held up the drag's next move (~60 ms on 1,000 documents). While the drag
    lasts, the filler waits until it rests; once the frame is put down it fills at once again."""
    from PySide6.QtCore import QPoint, QRectF

    from flowedit.gui.canvas.backdrop import SETTLE_MS

    scene, backdrop = view.scene(), view.backdrop
    drag = Drag(view, scene.frame_for(MIDDLE))
    drag.move(12, 8)
    assert scene.lift
    drawn = []
    real = backdrop._draw
    monkeypatch.setattr(backdrop, "_draw", lambda region: drawn.append(region) or real(region))
    # A piece of the margin above and left of the view goes stale (as the lifted arrows' did).
    corner = QRectF(view.mapToScene(QPoint(-60, -60)), view.mapToScene(QPoint(-20, -20)))
    backdrop.invalidate(corner)
    view.viewport().repaint()
    assert drawn == [] and backdrop._filler.isActive() and backdrop._filler.interval() == SETTLE_MS
    drag.release()
    assert not scene.lift
    backdrop.invalidate(corner)
    view.viewport().update()
    view.viewport().repaint()
    backdrop._filler.setInterval(0)  # (what the last pass of the filler sets after a quick fill)
    settle(view)
    assert drawn  # put down: the margins are filled when idle
