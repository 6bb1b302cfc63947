"""Far out, the frames are drawn with the arrows into the view's cached backdrop (issue 7, pan/zoom frames).

Each test checks that a shortcut shows what the plain way showed: the frames drawn with the arrows
against the frames drawn as items, a picture kept through selections, findings, moves, removals, pans
and zooms against one drawn afresh, and that pans and zooms reuse the picture instead of drawing.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsScene

from flowedit.gui import style
from flowedit.gui.canvas import backdrop
from flowedit.gui.canvas.items import metrics as m
from flowedit.gui.canvas.scene import FlowScene
from flowedit.gui.session import Ref

from gui_support import MIDDLE, element, settle, shown_view

pytestmark = pytest.mark.gui

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


@pytest.fixture
def session(generated_session):
    return generated_session


@pytest.fixture
def view(session, qtbot):
    widget = shown_view(session, qtbot)
    widget.minimap.hide()  # the pictures compared are the canvas's own
    return widget


def grab(view) -> QImage:
    return view.viewport().grab().toImage()


def pixel(image: QImage, point) -> QColor:
    """The colour at viewport `point` (logical pixels) of a grabbed image (device pixels)."""
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio))


def fresh(view) -> QImage:
    """The viewport with the backdrop drawn afresh: what every cached picture must equal."""
    view.backdrop.invalidate()
    view.viewport().repaint()
    return grab(view)


def differing(a: QImage, b: QImage, tolerance: int = 8) -> int:
    """How many pixels differ by more than `tolerance` in a colour channel."""
    assert a.size() == b.size()
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    pa, pb = bytes(a.constBits()), bytes(b.constBits())
    return sum(1 for i in range(0, len(pa), 4)
               if max(abs(pa[i] - pb[i]), abs(pa[i + 1] - pb[i + 1]), abs(pa[i + 2] - pb[i + 2])) > tolerance)


def count_draws(view, monkeypatch) -> list:
    """Record the regions the view's backdrop draws from now on."""
    drawn = []
    real = view.backdrop._draw

    def spy(region):
        drawn.append(region)
        return real(region)

    monkeypatch.setattr(view.backdrop, "_draw", spy)
    return drawn


def whole_device_pixels(view) -> None:
    ratio = view.viewport().devicePixelRatioF()
    if ratio != round(ratio):
        pytest.skip("at a fractional device pixel ratio a pan between device pixels draws afresh")


def far_view(view, session, zoom: float = 0.2):
    view.set_zoom(zoom)
    view.centerOn(view.scene().frame_for(MIDDLE).sceneBoundingRect().center())
    settle(view)
    assert not view.scene().detail
    return view.scene().frame_for(MIDDLE)


# -- the frames drawn with the arrows are the frames drawn as items --------------------------------
def test_far_out_frames_drawn_with_the_arrows_look_as_the_items_drew_them(session):
    scene = FlowScene(session)
    scene.set_caching(False)
    doc = session.flow.documents[MIDDLE]
    dial = element(doc, "Dial")
    session.edit("Set timeout", lambda: [(doc, doc.set_attribute(dial, "timeout", "soon"))])
    session.check_now()
    frame = scene.frame_for(MIDDLE)
    frame.materialise()  # made rows, with a node badge and ports
    session.select(Ref(session.flow.documents["/index"], None))
    assert scene.findings_for(doc, dial) and frame.nodes[dial].badge.isVisible()
    source = frame.mapRectToScene(frame.extent()).united(scene.frame_for("/index").sceneBoundingRect())
    source = source.adjusted(-40, -40, 40, 40)
    size = (round(source.width() * 0.25), round(source.height() * 0.25))

    def picture() -> QImage:
        image = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        QGraphicsScene.render(scene, painter, QRectF(0, 0, *size), source)  # none of FlowScene.render's own work
        painter.end()
        return image

    as_items = picture()
    scene.set_detail(False)  # far out: the items draw nothing, the background draws the frames
    items = [frame, frame.badge] + [item for node in frame.nodes.values()
                                    for item in (node, node.badge, node.handle) if item is not None]
    assert all(item.flags() & NO_CONTENTS for item in items)
    with_arrows = picture()
    assert differing(as_items, with_arrows, 40) < 0.002 * size[0] * size[1]
    scene.set_detail(True)
    assert not any(item.flags() & NO_CONTENTS for item in items)


def test_crossing_the_detail_zoom_switches_who_draws_the_frames(view, session):
    scene = view.scene()
    frame = scene.frame_for(MIDDLE)
    for zoom in (m.LOD_TEXT + 0.1, m.LOD_TEXT - 0.1, m.LOD_TEXT + 0.1):
        view.set_zoom(zoom)
        view.centerOn(frame.sceneBoundingRect().center())
        settle(view)
        far = zoom < m.LOD_TEXT
        assert scene.detail is not far and bool(frame.flags() & NO_CONTENTS) is far
        shown = grab(view)
        if far:  # the frame shows, drawn by the backdrop, where its empty body is
            body = view.mapFromScene(frame.mapToScene(QPointF(frame.width - 12, frame.height - 6)))
            assert pixel(shown, body) == style.frame_fill(scene.palette())
        assert differing(shown, fresh(view), 24) < 0.001 * shown.width() * shown.height()


# -- a change of a frame's far-out picture redraws its area ---------------------------------------
def test_far_out_changes_of_frames_show_at_once_as_a_fresh_picture_shows_them(view, session):
    scene = view.scene()
    frame = far_view(view, session)
    doc = frame.document
    dial = element(doc, "Dial")
    neighbour = scene.frame_for("/billing/line00006")
    steps = [
        ("selected", lambda: session.select(Ref(doc, None))),
        ("a finding", lambda: (session.edit("Set timeout", lambda: [(doc, doc.set_attribute(dial, "timeout",
                                                                                            "soon"))]),
                               session.check_now())),
        ("highlighted (a drop target)", lambda: neighbour.set_highlighted(True)),
        ("rows made, a row selected", lambda: session.select(Ref(doc, dial))),
        ("moved", lambda: neighbour.setPos(neighbour.pos() + QPointF(0, 900))),
        ("removed", lambda: session.edit("Remove", lambda: [(session.flow, session.flow.remove_document(
            "/care/line00007"))])),
        ("undone", lambda: session.undo_stack.undo()),
    ]
    before = grab(view)
    for name, step in steps:
        step()
        view.viewport().repaint()
        shown = grab(view)
        assert differing(before, shown, 24) > 0, f"{name}: nothing changed on screen"
        assert differing(shown, fresh(view), 24) < 0.001 * shown.width() * shown.height(), name
        before = shown
    assert frame.is_built and all(node.flags() & NO_CONTENTS for node in frame.nodes.values())


# -- pans and zooms reuse the picture ---------------------------------------------------------------
def test_a_pan_back_and_forth_far_out_draws_nothing_once_the_margins_are_filled(view, session, monkeypatch):
    whole_device_pixels(view)
    far_view(view, session, 0.1)
    viewport = view.viewport().rect()
    assert view.backdrop.covered().boundingRect().contains(viewport.adjusted(-backdrop.MARGIN, -backdrop.MARGIN,
                                                                             backdrop.MARGIN - 1,
                                                                             backdrop.MARGIN - 1))
    drawn = count_draws(view, monkeypatch)
    full = view.backdrop.full_draws
    bar = view.horizontalScrollBar()
    for step in (20, -20, 20, -20, 37, -11):
        bar.setValue(bar.value() + step)
        view.viewport().repaint()
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 15)
    view.viewport().repaint()
    assert drawn == [] and view.backdrop.full_draws == full  # copies of the picture only
    shown = grab(view)
    assert differing(shown, fresh(view), 24) < 0.001 * shown.width() * shown.height()


def test_a_pan_in_one_direction_draws_once_per_margin_or_ahead_of_it_when_idle(view, session, monkeypatch):
    whole_device_pixels(view)
    far_view(view, session, 0.1)
    drawn = count_draws(view, monkeypatch)
    bar = view.horizontalScrollBar()
    step, frames = 20, 24
    painting = []  # how many frames drew while painting (no idle time between them)
    for _ in range(frames):
        bar.setValue(bar.value() + step)
        before = len(drawn)
        view.viewport().repaint()
        painting.append(len(drawn) > before)
    assert 0 < sum(painting) <= frames * step // backdrop.MARGIN + 1  # a strip and the margin beyond it
    shown = grab(view)
    assert differing(shown, fresh(view), 24) < 0.001 * shown.width() * shown.height()
    settle(view)
    painting = []  # with idle time between frames, the margin is drawn (and the picture scrolled) ahead
    for _ in range(frames):
        bar.setValue(bar.value() + step)
        before = len(drawn)
        view.viewport().repaint()
        painting.append(len(drawn) > before)
        QApplication.processEvents()
    assert not any(painting) and len(drawn) > 0


def test_a_zoom_out_preview_draws_the_frames_beyond_the_last_picture(view, session, monkeypatch):
    monkeypatch.setattr(backdrop, "SLOW", -1.0)  # every full drawing counts as slow: zooms preview first
    far_view(view, session, 0.2)
    full = view.backdrop.full_draws
    picture = view.mapToScene(view.backdrop.covered().boundingRect()).boundingRect()  # margins included
    view.set_zoom(0.1)
    view.viewport().repaint()
    assert view.backdrop.full_draws == full  # a preview: the last picture, scaled
    preview = grab(view)
    # A frame that lay beyond the last picture shows in the preview all the same.
    outside = next(f for f in view.scene().frames() if view.visible_rect().contains(f.sceneBoundingRect())
                   and not f.sceneBoundingRect().intersects(picture))
    centre = view.mapFromScene(outside.mapToScene(QPointF(outside.width / 2, outside.height * 0.7)))
    assert pixel(preview, centre) == style.frame_fill(view.scene().palette())
    settle(view)
    view.backdrop._settle()  # the zoom rested
    view.viewport().repaint()
    assert view.backdrop.full_draws > full  # the sharp picture
    shown = grab(view)
    assert differing(shown, fresh(view), 8) == 0


def test_the_viewport_skips_qts_own_fill_only_while_the_backdrop_paints_it_all(view, session):
    opaque = Qt.WidgetAttribute.WA_OpaquePaintEvent
    assert view.viewport().testAttribute(opaque)  # the backdrop covers every pixel a paint asks for
    far_view(view, session, 0.1)
    shown = grab(view)
    assert differing(shown, fresh(view), 24) < 0.001 * shown.width() * shown.height()
    scene = view.scene()
    view.setScene(None)  # without a scene QGraphicsView paints nothing: Qt's fill must come back
    assert not view.viewport().testAttribute(opaque)
    view.setScene(scene)
    assert view.viewport().testAttribute(opaque)


def test_a_failing_auto_layout_leaves_a_usable_canvas(monkeypatch, caplog):
    """A bug in the layout (as the 'unconnected Vertex' one was) places frames in columns instead of
    leaving the scene without positions or routed arrows."""
    import flowedit.layout
    from flowedit.gui.canvas import arrange
    from flowedit.io import read_document
    from flowedit.model import Flow

    def broken(*args, **kwargs):
        raise ValueError("unconnected Vertex /index")

    monkeypatch.setattr(flowedit.layout, "layout_documents", broken)
    flow = Flow([read_document(b"<Response><Say>hi</Say></Response>", "/index"),
                 read_document(b"<Response><Redirect>/index</Redirect></Response>", "/call")], entry="/index")
    positions = arrange.arrange(flow, {"/index": (200.0, 100.0), "/call": (200.0, 100.0)})
    assert set(positions) == {"/index", "/call"} and positions["/index"] != positions["/call"]
    assert "auto-layout failed" in caplog.text
