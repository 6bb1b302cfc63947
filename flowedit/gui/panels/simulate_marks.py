"""How the simulator's timeline draws each mark: the shape and colour of every leg event and request.

Owned by the Simulate panel's timeline (`simulate_timeline`); plain functions of a QPainter, so the
legend and the lanes can never disagree. Shapes: initiated ○, ringing ◇, answered ●, completed ■,
busy / no-answer / failed ✕, canceled ⊘, a verb run ▮; requests: document ▪, action ▴, callback •.
Colours come from `style.event_colour` (light and dark variants); the current step wears an orange halo.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPolygonF

from flowedit.gui import style

MARK = 5.0  # half the size of a step mark
FAILED = ("busy", "no-answer", "failed")
LEGEND = ("Steps: ○ initiated  ◇ ringing  ● answered  ■ completed  ✕ busy / no-answer / failed  "
          "⊘ canceled  ▮ a verb ran\nRequests: ▪ document  ▴ action  • status callback")


def polygon(centre: QPointF, points: list[tuple[float, float]]) -> QPolygonF:
    return QPolygonF([QPointF(centre.x() + dx, centre.y() + dy) for dx, dy in points])


def paint_step(painter: QPainter, palette: QPalette, event: str | None, c: QPointF, current: bool) -> None:
    """A step's mark at `c`: its shape and colour say which event (None: a verb ran)."""
    base = palette.color(QPalette.ColorRole.Base)
    colour = style.event_colour(event or "verb", palette)
    if current:
        halo = QColor(style.trace_colour(palette))
        halo.setAlpha(90)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(halo)
        painter.drawEllipse(c, MARK + 5, MARK + 5)
    pen = QPen(colour, 1.8)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    r = MARK
    if event == "initiated":
        painter.setBrush(base)
        painter.drawEllipse(c, r - 0.5, r - 0.5)
    elif event == "ringing":
        painter.setBrush(style.blend(base, colour, 0.35))
        painter.drawPolygon(polygon(c, [(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)]))
    elif event in ("answered", "in-progress"):
        painter.setBrush(colour)
        painter.drawEllipse(c, r, r)
    elif event == "completed":
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(c.x() - r + 0.5, c.y() - r + 0.5, 2 * r - 1, 2 * r - 1), 1.5, 1.5)
    elif event in FAILED:
        pen.setWidthF(2.4)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(QPointF(c.x() - r, c.y() - r), QPointF(c.x() + r, c.y() + r))
        painter.drawLine(QPointF(c.x() - r, c.y() + r), QPointF(c.x() + r, c.y() - r))
    elif event == "canceled":
        painter.setBrush(base)
        painter.drawEllipse(c, r, r)
        painter.drawLine(QPointF(c.x() - r * 0.7, c.y() + r * 0.7), QPointF(c.x() + r * 0.7, c.y() - r * 0.7))
    elif event is None:  # a verb ran: a slim upright tick, so many in a row stay readable
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(c.x() - 2, c.y() - r - 1, 4, 2 * r + 2), 2, 2)
    else:  # an event this view has no shape for yet
        painter.setBrush(style.blend(base, colour, 0.5))
        painter.drawRect(QRectF(c.x() - r + 1, c.y() - r + 1, 2 * r - 2, 2 * r - 2))

def paint_request(painter: QPainter, palette: QPalette, kind: str, c: QPointF) -> None:
    """A request's marker at `c`: a square for a document, a triangle for an action, else a dot."""
    colour = style.event_colour(kind, palette)
    painter.setPen(QPen(colour, 1.2))
    painter.setBrush(colour)
    if kind == "document":
        painter.drawRect(QRectF(c.x() - 3, c.y() - 3, 6, 6))
    elif kind == "action":
        painter.drawPolygon(polygon(c, [(0, -4), (4, 3), (-4, 3)]))
    else:
        painter.drawEllipse(c, 2.6, 2.6)
