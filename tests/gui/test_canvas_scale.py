"""The canvas at scale (issue 7): rows made lazily, arrows drawn together from the view's cached backdrop.

Each test checks that a shortcut shows what the plain way showed: measured frames against laid-out
items, the far-out frame drawing against the items it stands in for, batched arrows against arrows
drawn one by one, cut arrows against whole ones, a scrolled backdrop against one drawn afresh.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPen, QTransform
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsScene

from flowedit.gui.canvas import backdrop, linkdraw
from flowedit.gui.canvas.items import metrics as m
from flowedit.gui.canvas.items.link import LinkItem
from flowedit.gui.canvas.items.node import NodeItem
from flowedit.gui.canvas.items.verb import VerbItem
from flowedit.gui.canvas.scene import FlowScene
from flowedit.gui.session import Ref

from gui_support import MIDDLE, element, shown_view

pytestmark = pytest.mark.gui



@pytest.fixture
def session(generated_session):
    return generated_session


@pytest.fixture
def view(session, qtbot):
    widget = shown_view(session, qtbot)
    return widget


def built(scene) -> set[str]:
    return {f.path for f in scene.frames() if f.is_built}


def paint(widget_view) -> None:
    widget_view.viewport().repaint()


def image_of(draw, size=(600, 300), transform: QTransform | None = None) -> QImage:
    image = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if transform is not None:
        painter.setTransform(transform)
    draw(painter)
    painter.end()
    return image


def differing(a: QImage, b: QImage, tolerance: int = 8) -> int:
    """How many pixels differ by more than `tolerance` in a colour channel."""
    assert a.size() == b.size()
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    pa, pb = bytes(a.constBits()), bytes(b.constBits())
    return sum(1 for i in range(0, len(pa), 4)
               if max(abs(pa[i] - pb[i]), abs(pa[i + 1] - pb[i + 1]), abs(pa[i + 2] - pb[i + 2])) > tolerance)


# -- rows made lazily ----------------------------------------------------------------------------
def test_frames_are_measured_and_make_their_rows_only_when_asked(session):
    scene = FlowScene(session)
    assert len(scene.frames()) == 42 and not built(scene)
    assert not any(isinstance(item, NodeItem) for item in scene.items())
    assert len(scene.links()) > 100  # the arrows need no rows: they leave from the measured ports
    frame = scene.frame_for(MIDDLE)
    height, extent = frame.height, frame.extent()
    arrows = {id(link): link.control for link in scene.arrows.at(frame)}
    rows = frame.rows
    assert rows and all(isinstance(row, VerbItem) for row in rows) and built(scene) == {MIDDLE}
    # The items stand exactly where the measurement said: the frame, its arrows and the layout agree.
    assert frame.height == height and frame.extent() == extent
    assert {id(link): link.control for link in scene.arrows.at(frame)} == arrows
    for eid, box in frame.geometry.boxes.items():
        node = frame.nodes[eid]
        assert node.mapRectToItem(frame, node.boundingRect()) == QRectF(box.left, box.top, box.width, box.height)
        if node.handle is not None:
            assert node.handle.scenePos() == frame.anchor_of(eid)


def test_a_selection_a_lookup_or_a_click_makes_only_that_frames_rows(session):
    scene = FlowScene(session)
    doc = session.flow.documents[MIDDLE]
    dial = element(doc, "Dial")
    session.select(Ref(doc, dial))
    item = scene.item_for(Ref(doc, dial))
    assert isinstance(item, VerbItem) and item.isSelected() and built(scene) == {MIDDLE}
    identity = element(doc, "Identity")  # not drawn itself: its Client card stands for it
    assert scene.item_for(Ref(doc, identity)).eid == element(doc, "Client")
    other = scene.frame_for("/index")
    row = other.geometry.rows[1]
    assert scene.node_at(other.mapToScene(QPointF(60, row.y + 10))).eid == row.eid
    assert built(scene) == {MIDDLE, "/index"}


def settle(view) -> None:
    """Let the view lay itself out after a zoom (its scroll bars come and go)."""
    for _ in range(3):
        QApplication.processEvents()
    paint(view)


def test_the_view_makes_rows_where_it_reads_and_none_far_out(view, session):
    scene = view.scene()
    doc = session.flow.documents[MIDDLE]
    shown = built(scene)  # at 100 % when the view opened
    assert len(shown) < len(scene.frames()) / 3
    view.set_zoom(0.1)
    settle(view)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    settle(view)
    assert built(scene) == shown  # far out the frames draw themselves: none made rows
    view.set_zoom(1.0)
    view.centre_on(Ref(doc, None))
    settle(view)
    near = built(scene) - shown
    assert MIDDLE in near and len(near) < len(scene.frames()) / 3
    visible = view.visible_rect()
    margin = visible.adjusted(-visible.width() / 4, -visible.height() / 4, visible.width() / 4, visible.height() / 4)
    assert all(scene.frame_for(path).sceneBoundingRect().intersects(margin) for path in near)  # in or next to view
    no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    rows = scene.frame_for(MIDDLE).rows
    assert scene.detail and not any(row.flags() & no_contents for row in rows)
    view.set_zoom(0.1)
    settle(view)  # far out made rows stop drawing (their frame draws their ports) but stay in place
    assert not scene.detail and all(row.flags() & no_contents for row in rows)
    assert scene.frame_for(MIDDLE).rows == rows


@pytest.mark.parametrize("made", [False, True])
def test_a_click_far_out_selects_the_row_under_it_as_before(view, session, made):
    scene = view.scene()
    frame = scene.frame_for(MIDDLE)
    if made:
        frame.materialise()
    view.set_zoom(0.2)
    view.centerOn(frame.sceneBoundingRect().center())
    settle(view)
    assert frame.is_built == made
    row = frame.geometry.rows[3]  # the Dial
    spot = frame.mapToScene(QPointF(frame.width - 20, row.y + 6))
    click = QPointF(view.mapFromScene(spot))
    for kind, buttons in ((QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        QApplication.sendEvent(view.viewport(), QMouseEvent(kind, click, QPointF(view.viewport().mapToGlobal(
            click.toPoint())), Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier))
    assert session.selection == [Ref(frame.document, row.eid)]


def test_far_out_frames_draw_the_ports_and_badges_their_rows_would(session):
    scene = FlowScene(session)
    scene.set_caching(False)
    doc = session.flow.documents[MIDDLE]
    dial = element(doc, "Dial")
    session.edit("Set timeout", lambda: [(doc, doc.set_attribute(dial, "timeout", "soon"))])
    session.check_now()
    assert scene.findings_for(doc, dial)  # grouped by drawn element, without making rows
    frame = scene.frame_for(MIDDLE)
    assert not frame.is_built
    source = frame.mapRectToScene(frame.extent()).adjusted(-20, -20, 20, 20)
    size = (round(source.width() * 0.3), round(source.height() * 0.3))

    def picture() -> QImage:  # QGraphicsScene's own render: none of FlowScene.render's making or showing
        return image_of(lambda p: QGraphicsScene.render(scene, p, QRectF(0, 0, *size), source), size)

    drawn_by_frame = picture()
    frame.materialise()
    drawn_by_items = picture()  # the handles and badges of the rows, which draw nothing else this far out
    assert frame.nodes[dial].badge.isVisible()
    assert differing(drawn_by_frame, drawn_by_items, 40) < 0.002 * size[0] * size[1]


def test_render_makes_and_shows_the_rows_its_scale_needs(session):
    scene = FlowScene(session)
    scene.set_detail(False)  # as a view zoomed far out leaves it
    frame = scene.frame_for(MIDDLE)
    source = frame.sceneBoundingRect()
    image_of(lambda p: scene.render(p, QRectF(0, 0, 60, 60 * source.height() / source.width()), source))
    assert not built(scene)  # 60 pixels wide: far out
    image_of(lambda p: scene.render(p, QRectF(0, 0, source.width(), source.height()), source),
             (round(source.width()), round(source.height())))
    assert MIDDLE in built(scene) and not scene.detail  # made and shown for the picture; the view's state kept


# -- arrows drawn together -------------------------------------------------------------------------
def test_the_batched_far_out_arrows_are_the_arrows_drawn_one_by_one(session):
    scene = FlowScene(session)
    palette = scene.palette()
    links = scene.links()
    batches = linkdraw.overview_batches(links, palette)
    assert sum(path.elementCount() for _, path in batches) == 4 * len(links)  # a move and a cubic each
    source = scene.content_rect()
    scale = 600 / source.width()
    transform = QTransform().scale(scale, scale).translate(-source.left(), -source.top())
    together = image_of(lambda p: linkdraw.paint_overview(p, batches), transform=transform)

    def one_by_one(painter: QPainter) -> None:  # each arrow alone in its colour, layer by layer
        per_layer = -(-len(links) // linkdraw.LAYERS)
        for layer in range(linkdraw.LAYERS):
            chunk = links[layer * per_layer:(layer + 1) * per_layer]
            for kind, faint in sorted({(k.kind, k.backward) for k in chunk}):
                look = linkdraw.link_colour(kind, False, faint, palette)
                if kind != "control":
                    look.setAlphaF(look.alphaF() * 0.6)
                painter.setPen(QPen(look, 0.0))
                for link in chunk:
                    if (link.kind, link.backward) == (kind, faint):
                        painter.drawPath(link.path())

    assert differing(together, image_of(one_by_one, transform=transform), 0) == 0


class Arrow:
    """Just what `linkdraw.visible_piece` reads of a LinkItem."""

    def __init__(self, control, kind="screening"):
        self.control, self.kind = control, kind
        self._path = linkdraw.QPainterPath(QPointF(control[0], control[1]))
        self._path.cubicTo(*control[2:])
        bounds = self._path.boundingRect()
        self.box = (bounds.left(), bounds.top(), bounds.right(), bounds.bottom())

    def path(self):
        return self._path


@pytest.mark.parametrize("control", [
    (0.0, 50.0, 300.0, 50.0, 500.0, 150.0, 4000.0, 150.0),  # forward, long
    (3000.0, 140.0, 3260.0, 140.0, -260.0, 20.0, 0.0, 20.0),  # backward: the curve bulges past its ends
])
def test_a_cut_arrow_draws_what_the_whole_arrow_draws_inside_the_area(app, control):
    arrow = Arrow(control)
    area = (400.0, 0.0, 700.0, 200.0)
    piece, cut = linkdraw.visible_piece(arrow, area)
    assert piece.length() < arrow.path().length() / 3 and cut > 0
    # On a canvas that holds the whole curve: Qt's dasher skips dashes outside the device approximately,
    # so a whole arrow drawn into a small device is itself out of phase by a few pixels.
    transform = QTransform().scale(2, 2).translate(300, 0)

    def dashed(path, offset):
        def draw(painter):
            pen = QPen(QColor("black"), 1.6)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setDashPattern(linkdraw.DASHES)
            pen.setDashOffset(offset / 1.6)
            painter.setPen(pen)
            painter.drawPath(path)
        return image_of(draw, (8700, 400), transform).copy(round(2 * (area[0] + 300)), 0, 600, 400)

    whole, cut_down = dashed(arrow.path(), 0.0), dashed(piece, cut)
    ink = sum(1 for x in range(600) for y in range(400) if whole.pixelColor(x, y).lightness() < 128)
    assert ink > 300
    assert differing(whole, cut_down, 32) < 0.01 * ink  # the same dashes in the same places
    assert linkdraw.visible_piece(arrow, (5000.0, 0.0, 6000.0, 200.0)) == (None, 0.0)
    inside = linkdraw.visible_piece(arrow, (-1e6, -1e6, 1e6, 1e6))
    assert inside[0] is arrow.path() and inside[1] == 0.0


def test_an_edit_that_moves_no_arrow_keeps_them_and_redraws_none(session):
    scene = FlowScene(session)
    doc = session.flow.documents[MIDDLE]
    frame = scene.frame_for(MIDDLE)
    before = set(scene.arrows.at(frame))
    damage = []
    scene.backdropChanged.connect(damage.append)
    dial = element(doc, "Dial")
    session.edit("Set timeout", lambda: [(doc, doc.set_attribute(dial, "timeout", "25"))])
    assert set(scene.arrows.at(frame)) == before and damage == []
    gather = element(doc, "Gather")
    session.edit("Set action", lambda: [(doc, doc.set_attribute(gather, "action", "/index"))])
    assert damage and len([k for k in scene.arrows.at(frame) if k not in before]) == 1
    assert sum(isinstance(item, LinkItem) for item in scene.items()) == len(scene.links())


# -- the view's cached backdrop --------------------------------------------------------------------
@pytest.mark.parametrize("zoom", [0.1, 1.0])
def test_a_pan_draws_only_the_strip_it_uncovers_and_looks_the_same(view, session, zoom):
    view.set_zoom(zoom)
    view.centre_on(Ref(session.flow.documents[MIDDLE], None))
    settle(view)
    full = view.backdrop.full_draws
    bar = view.horizontalScrollBar()
    for step in (37, 23, -11, 40):
        bar.setValue(bar.value() + step)
        paint(view)
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 15)
    paint(view)
    assert view.backdrop.full_draws == full
    panned = view.viewport().grab().toImage()
    view.backdrop.invalidate()
    paint(view)
    assert view.backdrop.full_draws == full + 1
    fresh = view.viewport().grab().toImage()
    assert differing(panned, fresh, 24) < 0.001 * fresh.width() * fresh.height()


def test_an_arrow_change_redraws_the_backdrop(view, session):
    view.set_zoom(0.5)
    view.centre_on(Ref(session.flow.documents[MIDDLE], None))
    settle(view)
    before = view.viewport().grab().toImage()
    doc = session.flow.documents[MIDDLE]
    gather = element(doc, "Gather")
    session.edit("Set action", lambda: [(doc, doc.set_attribute(gather, "action", "/index"))])
    paint(view)
    edited = view.viewport().grab().toImage()
    view.backdrop.invalidate()
    paint(view)
    assert differing(edited, view.viewport().grab().toImage(), 24) < 0.001 * edited.width() * edited.height()
    assert differing(before, edited, 24) > 0


def test_zooming_a_slow_backdrop_shows_a_preview_then_the_sharp_picture(view, session, qtbot, monkeypatch):
    monkeypatch.setattr(backdrop, "SLOW", -1.0)  # every full drawing counts as slow
    view.set_zoom(0.1)
    settle(view)
    full = view.backdrop.full_draws
    view.set_zoom(0.12)
    paint(view)
    view.set_zoom(0.14)
    paint(view)
    assert view.backdrop.full_draws == full  # previews: the last picture, scaled
    qtbot.waitUntil(lambda: view.backdrop.full_draws == full + 1, timeout=3000)
    sharp = view.viewport().grab().toImage()
    view.backdrop.invalidate()
    paint(view)
    assert differing(sharp, view.viewport().grab().toImage(), 8) == 0


def test_a_rubber_band_far_out_selects_rows_as_before(view, session):
    scene = view.scene()
    view.set_zoom(0.3)
    frame = scene.frame_for(MIDDLE)
    view.centerOn(frame.sceneBoundingRect().center())
    settle(view)
    assert not frame.is_built
    rect = frame.sceneBoundingRect()
    start, end = rect.topRight() + QPointF(40, -30), rect.center()
    viewport = view.viewport()

    def send(kind, pos, button, buttons):
        local = QPointF(view.mapFromScene(pos))
        QApplication.sendEvent(viewport, QMouseEvent(kind, local, QPointF(viewport.mapToGlobal(local.toPoint())),
                                                     button, buttons, Qt.KeyboardModifier.NoModifier))

    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    send(QEvent.Type.MouseButtonPress, start, left, left)
    for step in range(1, 6):
        send(QEvent.Type.MouseMove, start + (end - start) * step / 5, none, left)
    send(QEvent.Type.MouseButtonRelease, end, left, none)
    selected = {r.eid for r in session.selection if r.document is frame.document}
    assert None in selected and len(selected) >= 2  # the frame and rows it touches


def test_frames_far_out_replay_a_recording(session):
    scene = FlowScene(session)
    frame = scene.frame_for(MIDDLE)
    transform = QTransform().scale(0.2, 0.2)
    first = image_of(lambda p: frame.paint(p, None), (80, 200), transform)
    recording = frame._recording
    again = image_of(lambda p: frame.paint(p, None), (80, 200), transform)
    assert frame._recording is recording and differing(first, again, 0) == 0
    frame.setSelected(True)  # a new look: recorded again
    image_of(lambda p: frame.paint(p, None), (80, 200), transform)
    assert frame._recording is not recording
    assert m.LOD_TEXT > 0.2
