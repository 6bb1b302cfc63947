"""Arrows between documents: `LinkItem` (a bezier with an arrow head) and `MissingItem`.

A link leaves the frame of its source element at the element's port on the frame's right edge and
ends at the title band of the document it names: solid when the call itself moves there (a Dial's or
Gather's action, a Redirect), dashed when the document runs on another leg or while waiting (a
Client's screening `url`, an Enqueue's `waitUrl`). A link to a path no document is served at ends
in a `MissingItem`: a red circle with a cross, labelled with the path, hung off the source frame.

Arrows hold the items they join (never model state) and re-route from their anchors in `adjust`,
which the scene calls when a frame moves or is rebuilt.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

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


class LinkItem(QGraphicsPathItem):
    """One document link drawn as an arrow from a node's port to a frame or a missing marker."""

    def __init__(self, source, attribute: str | None, end, kind: str, *, loop: bool = False) -> None:
        super().__init__()
        self.source = source  # the NodeItem whose element holds the URL
        self.attribute = attribute  # None: the element's text (Redirect)
        self.end = end  # a FrameItem or a MissingItem
        self.kind = kind  # control, screening, wait, other, missing
        self.loop = loop  # a document linking to itself: come back round its right side
        self.setZValue(-1.0)  # under the frames: an arrow appears from the frame's edge
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._head = QPolygonF()
        self.backward = False  # the arrow runs against the flow's direction: drawn fainter
        self.adjust()

    def adjust(self) -> None:
        """Re-route between the current anchor points."""
        start = self.source.anchor(self.attribute)
        end = self.end.return_point() if self.loop else self.end.entry_point()
        path = QPainterPath(start)
        if self.loop:
            reach = 46.0 + min(60.0, abs(start.y() - end.y()) * 0.15)
            path.cubicTo(start + QPointF(reach, 0), end + QPointF(reach, 0), end + QPointF(HEAD, 0))
            tip, back = end, end + QPointF(HEAD, 0)
        else:
            dx = end.x() - start.x()
            self.backward = dx < 0
            reach = max(50.0, abs(dx) * 0.45) if dx > 0 else max(90.0, min(260.0, -dx * 0.5 + 60.0))
            stop = end - QPointF(HEAD, 0)
            path.cubicTo(start + QPointF(reach, 0), stop - QPointF(reach, 0), stop)
            tip, back = end, stop
        self.prepareGeometryChange()
        self.setPath(path)
        angle = math.atan2(tip.y() - back.y(), tip.x() - back.x())
        wing = HEAD * 0.55
        left = back + QPointF(math.sin(angle) * wing, -math.cos(angle) * wing)
        right = back - QPointF(math.sin(angle) * wing, -math.cos(angle) * wing)
        self._head = QPolygonF([tip, left, right])

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-HEAD, -HEAD, HEAD, HEAD)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(8.0)
        return stroker.createStroke(self.path())

    def paint(self, painter: QPainter, option, widget=None) -> None:
        palette = m.palette_of(self)
        colour = style.link_colour(self.kind, palette)
        highlighted = self.source.isSelected() or self.end.isSelected() or \
            getattr(self.source.frame, "isSelected", lambda: False)()
        if highlighted:
            colour = style.blend(colour, palette.color(palette.ColorRole.Highlight), 0.6)
        if self.backward and not highlighted:
            colour.setAlphaF(0.45)  # loops back to a menu cross everything: keep them in the background
        if m.level_of_detail(painter) < m.LOD_TEXT:
            # Zoomed far out (the "40000 Chips" trick): a plain hairline, no dashes, head or dot — dashing
            # ~2,000 curves made each frame of a pan over a 1,000-document flow cost ~80 ms.
            pen = QPen(colour, 0.0)
            if self.kind != "control":
                colour.setAlphaF(colour.alphaF() * 0.6)
                pen.setColor(colour)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self.path())
            return
        pen = QPen(colour, 2.2 if highlighted else 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if self.kind != "control":
            pen.setDashPattern([4.0, 3.0])
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        painter.setPen(QPen(colour, 1.0))
        painter.setBrush(colour)
        painter.drawPolygon(self._head)
        start = self.path().elementAt(0)
        painter.drawEllipse(QPointF(start.x, start.y), 2.5, 2.5)
