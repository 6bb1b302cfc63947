"""Arrows between documents: `LinkItem` (a bezier with an arrow head) and `MissingItem`.

A link leaves the frame of its source element at the element's port on the frame's right edge and
ends at the title band of the document it names: solid when the call itself moves there (a Dial's or
Gather's action, a Redirect), dashed when the document runs on another leg or while waiting (a
Client's screening `url`, an Enqueue's `waitUrl`). A link to a path no document is served at ends
in a `MissingItem`: a red circle with a cross, labelled with the path, hung off the source frame.

Arrows hold the items they join (never model state) and re-route from their anchors in `adjust`,
which the scene calls when a frame moves or is rebuilt. They are drawn together by `canvas.linkdraw`.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from flowedit.gui import style
from flowedit.gui.canvas.items import metrics as m

HEAD = 9.0  # length of the arrow head


class MissingItem(QGraphicsItem):
    """The end of a link to a document the flow does not have (see the module docstring)."""

    SIZE = 20.0

    def __init__(self, target: str, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.target = target  # the path as the link resolved it: what the user must create
        self.setZValue(-0.5)
        self.setToolTip(f"No document is served at {target}: create it, or fix the link")

    def label_width(self) -> float:
        return m.metrics("label").horizontalAdvance(self.target) + 6.0

    def boundingRect(self) -> QRectF:
        return QRectF(-2.0, -self.SIZE / 2 - 2, self.SIZE + self.label_width() + 10.0, self.SIZE + 4)

    def entry_point(self) -> QPointF:
        return self.mapToScene(QPointF(0.0, 0.0))

    def entry_xy(self) -> tuple[float, float]:
        """`entry_point` as floats (the marker hangs, unrotated, off a top-level frame)."""
        frame = self.parentItem()
        return frame.x() + self.x(), frame.y() + self.y()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        palette = m.palette_of(self)
        red = style.link_colour("missing", palette)
        circle = QRectF(0.0, -self.SIZE / 2, self.SIZE, self.SIZE)
        painter.setPen(QPen(red, 1.6))
        painter.setBrush(style.blend(style.frame_fill(palette), red, 0.12))
        painter.drawEllipse(circle)
        c, d = circle.center(), self.SIZE * 0.2
        pen = QPen(red, 2.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(c + QPointF(-d, -d), c + QPointF(d, d))
        painter.drawLine(c + QPointF(-d, d), c + QPointF(d, -d))
        if m.level_of_detail(painter) >= m.LOD_TEXT:
            painter.setFont(m.font("label"))
            painter.setPen(red)
            painter.drawText(QPointF(self.SIZE + 6.0, m.metrics("label").capHeight() / 2), self.target)


class LinkItem(QGraphicsItem):
    """One document link: an arrow from an element's port to a frame or a missing marker.

    The item is the link's identity and geometry (its cubic curve, head, bounding box) and stays in
    the scene, hidden: the arrows are drawn all at once under the items by `canvas.linkdraw` (from the
    view's cached backdrop, or the scene's background when rendering), because ~2,000 Python `paint`
    calls per frame — and Qt's hit tests and hover lookups over thousands of long arrows — made a
    1,000-document flow crawl. Hidden items are skipped by paints and hit tests but are still scene items.
    For the same reason Qt sees no extent (an empty `boundingRect`): thousands of arrows each spanning
    much of the scene filled every cell of the scene's index, and every paint, hit test and hover
    looked through them. The arrow's own extent is `extent`.
    """

    def __init__(self, frame, eid: int, attribute: str | None, end, kind: str, *, loop: bool = False,
                 route: bool = True) -> None:
        super().__init__()
        self.frame = frame  # the FrameItem of the element that holds the URL
        self.eid = eid  # that element (drawn as a node: its own, or its nearest drawn ancestor)
        self.attribute = attribute  # None: the element's text (Redirect)
        self.end = end  # a FrameItem or a MissingItem
        self.kind = kind  # control, screening, wait, other, missing
        self.loop = loop  # a document linking to itself: come back round its right side
        self.setZValue(-1.0)  # under the frames: an arrow appears from the frame's edge
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setVisible(False)  # drawn by `linkdraw` (see the class docstring)
        self._path: QPainterPath | None = None  # made when asked for
        self._head: QPolygonF | None = None
        self.extent = QRectF()  # the curve, its pen, head and dot: what drawing it touches
        self.control: tuple[float, ...] = ()  # the cubic's control points x0, y0, x1, y1, x2, y2, x3, y3
        self.box: tuple[float, ...] = ()  # the curve's bounds: left, top, right, bottom
        self.tip: tuple[float, float] = (0.0, 0.0)  # where the head points
        self.backward = False  # the arrow runs against the flow's direction: drawn fainter
        if route:  # else the builder calls `adjust` once the frames stand where they go
            self.adjust()

    @property
    def source(self):
        """The NodeItem whose element holds the URL (made on demand: see `FrameItem.materialise`)."""
        return self.frame.node(self.eid)

    def highlighted(self) -> bool:
        """Drawn in the highlight colour: its frame, its element or the frame it ends at is selected."""
        if self.frame.isSelected() or self.end.isSelected():
            return True
        node = self.frame.made_node(self.eid)
        return node is not None and node.isSelected()

    def adjust(self) -> QRectF | None:
        """Re-route between the current anchor points; the area to draw again, None when nothing moved."""
        # In plain floats: a flow of 1,000 documents routes ~5,000 arrows when it opens.
        sx, sy = self.frame.anchor_xy(self.eid)
        if self.loop:
            ex, ey = self.end.return_xy()
            reach = 46.0 + min(60.0, abs(sy - ey) * 0.15)
            control = (sx, sy, sx + reach, sy, ex + reach, ey, ex + HEAD, ey)
        else:
            ex, ey = self.end.entry_xy()
            dx = ex - sx
            self.backward = dx < 0
            reach = max(50.0, abs(dx) * 0.45) if dx > 0 else max(90.0, min(260.0, -dx * 0.5 + 60.0))
            control = (sx, sy, sx + reach, sy, ex - HEAD - reach, ey, ex - HEAD, ey)
        if control == self.control:
            return None
        old = self.extent
        self.control = control
        self._path = self._head = None
        self.box = _bounds(control)  # the curve's own extremes (control points reach far beyond a loop back)
        left, top, right, bottom = self.box
        margin = 4.0 + HEAD  # a highlighted pen, the head and the start dot
        self.extent = QRectF(left - margin, top - margin, right - left + 2 * margin, bottom - top + 2 * margin)
        self.tip = (ex, ey)
        return self.extent if old.isNull() else old.united(self.extent)

    def path(self) -> QPainterPath:
        """The curve, from the port to the back of the head."""
        if self._path is None:
            c = self.control
            self._path = QPainterPath(QPointF(c[0], c[1]))
            self._path.cubicTo(c[2], c[3], c[4], c[5], c[6], c[7])
        return self._path

    @property
    def head(self) -> QPolygonF:
        """The arrow head: its tip on the end point, its back where the curve stops."""
        if self._head is None:
            (ex, ey), bx, by = self.tip, self.control[6], self.control[7]
            angle = math.atan2(ey - by, ex - bx)
            wx, wy = math.sin(angle) * HEAD * 0.55, -math.cos(angle) * HEAD * 0.55
            self._head = QPolygonF([QPointF(ex, ey), QPointF(bx + wx, by + wy), QPointF(bx - wx, by - wy)])
        return self._head

    def boundingRect(self) -> QRectF:
        return QRectF()  # nothing for Qt to index, paint or hit (see the class docstring)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(8.0)
        return stroker.createStroke(self.path())

    def paint(self, painter: QPainter, option, widget=None) -> None:
        # Not called by Qt (the item is hidden); draws this one link the way the backdrop draws them all.
        from flowedit.gui.canvas import linkdraw

        linkdraw.paint_links(painter, [self], QRectF(), m.palette_of(self))


def _bounds(c: tuple[float, ...]) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of cubic Bezier `c`: its end points and the extremes between."""
    out = []
    for p0, p1, p2, p3 in ((c[0], c[2], c[4], c[6]), (c[1], c[3], c[5], c[7])):
        lo, hi = min(p0, p3), max(p0, p3)
        if not (lo <= p1 <= hi and lo <= p2 <= hi):  # the curve may reach past its end points
            a, b, k = -p0 + 3 * p1 - 3 * p2 + p3, 2 * (p0 - 2 * p1 + p2), p1 - p0  # B'(t) / 3 = a t² + b t + k
            roots = []
            if abs(a) > 1e-12:
                disc = b * b - 4 * a * k
                if disc >= 0:
                    root = math.sqrt(disc)
                    roots = [(-b - root) / (2 * a), (-b + root) / (2 * a)]
            elif abs(b) > 1e-12:
                roots = [-k / b]
            for t in roots:
                if 0 < t < 1:
                    u = 1 - t
                    v = u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3
                    lo, hi = min(lo, v), max(hi, v)
        out.append((lo, hi))
    return out[0][0], out[1][0], out[0][1], out[1][1]
