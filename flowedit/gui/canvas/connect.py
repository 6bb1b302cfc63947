"""Link handles: drag from an element's port to a frame to point one of its URLs at that document.

A verb that hands the call on (Dial, Gather, Record, Enqueue …) has an `action` port; a Dial target
that runs a screening document (Client, Number, Sip …) has a `url` port. Ports sit on the frame's
right edge, level with their element, and are filled when the link is set; a Redirect's port sets its
text. Dragging from a port
draws a rubber arrow; releasing over a frame sets the attribute to that frame's path as one undoable
edit ("Set action = /menu"). The handle changes nothing itself: `connect` goes through
`FlowSession.edit`, after the mouse event has finished (the edit rebuilds the frame the handle is in).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from flowedit.gui import style
from flowedit.gui.canvas.items import metrics as m
from flowedit.gui.canvas.summary import TEXT, link_style
from flowedit.gui.session import FlowSession
from flowedit.model.document import Document


def connect(session: FlowSession, document: Document, eid: int, attribute: str, target: str) -> bool:
    """Set `attribute` of element `eid` (its text for `summary.TEXT`) to document path `target`, undoably."""
    if attribute == TEXT:
        return session.edit(f"Set {document.tag(eid)} = {target}",
                            lambda: [(document, document.set_text(eid, target))])
    return session.edit(f"Set {attribute} = {target}",
                        lambda: [(document, document.set_attribute(eid, attribute, target))])


def port_is_set(document: Document, eid: int, attribute: str) -> bool:
    value = document.text(eid) if attribute == TEXT else document.get(eid, attribute)
    return bool(value and value.strip())


def draw_port(painter: QPainter, centre: QPointF, document: Document, eid: int, attribute: str, palette) -> None:
    """A port: a circle in its link's colour, filled when the link is set. Also drawn by a far-out frame
    for the nodes it has not made (`FrameItem.paint`)."""
    colour = style.link_colour(link_style(document.tag(eid), None if attribute == TEXT else attribute), palette)
    painter.setPen(QPen(colour, 1.6))
    painter.setBrush(colour if port_is_set(document, eid, attribute) else style.frame_fill(palette))
    painter.drawEllipse(centre, m.HANDLE_RADIUS, m.HANDLE_RADIUS)


class HandleItem(QGraphicsItem):
    """The port of one URL attribute of a node (see the module docstring)."""

    def __init__(self, owner, attribute: str) -> None:
        super().__init__(owner)
        self.owner = owner
        self.attribute = attribute
        self._rubber: QGraphicsPathItem | None = None
        self._over = None
        self.setZValue(3)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def relayout(self) -> None:
        """Sit on the frame's right edge, level with the owner's name line."""
        point = self.owner.anchor(self.attribute)
        self.setPos(self.owner.mapFromScene(point))

    def is_set(self) -> bool:
        return port_is_set(self.owner.document, self.owner.eid, self.attribute)

    def boundingRect(self) -> QRectF:
        r = m.HANDLE_RADIUS + 2.0
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(self.boundingRect().adjusted(-2, -2, 2, 2))  # a little easier to hit
        return path

    def paint(self, painter: QPainter, option, widget=None) -> None:
        draw_port(painter, QPointF(0, 0), self.owner.document, self.owner.eid, self.attribute, m.palette_of(self))

    # -- the gesture -------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._rubber = QGraphicsPathItem()
        palette = m.palette_of(self)
        pen = QPen(palette.color(palette.ColorRole.Highlight), 1.8)
        pen.setDashPattern([3.0, 3.0])
        self._rubber.setPen(pen)
        self._rubber.setZValue(10)
        self.scene().addItem(self._rubber)
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        if self._rubber is None:
            return
        start = self.scenePos()
        end = event.scenePos()
        path = QPainterPath(start)
        reach = max(40.0, abs(end.x() - start.x()) * 0.4)
        path.cubicTo(start + QPointF(reach, 0), end - QPointF(reach, 0), end)
        self._rubber.setPath(path)
        frame = self.scene().frame_at(end)
        if frame is not self._over:
            if self._over is not None:
                self._over.set_highlighted(False)
            self._over = frame
            if frame is not None:
                frame.set_highlighted(True)

    def mouseReleaseEvent(self, event) -> None:
        if self._rubber is None:
            return
        scene = self.scene()
        scene.removeItem(self._rubber)
        self._rubber = None
        if self._over is not None:
            self._over.set_highlighted(False)
        frame = scene.frame_at(event.scenePos())
        self._over = None
        if frame is None:
            return
        doc, eid, attribute, target = self.owner.document, self.owner.eid, self.attribute, frame.path
        session = scene.session
        # The edit rebuilds this handle's frame: let the mouse event finish with this item alive.
        QTimer.singleShot(0, lambda: connect(session, doc, eid, attribute, target))

