"""`BadgeItem`: the error/warning count in the corner of a node or a frame title.

The badge holds no findings. The scene groups the session's findings by the item they concern each
time `findingsChanged` fires (`FlowScene.findings_at`); the badge asks for its owner's share when it
lays out and paints. Its tooltip (built by the scene's help event) lists the messages.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsItem

from flowedit.gui import style
from flowedit.gui.canvas.items import metrics as m


class BadgeItem(QGraphicsItem):
    """A pill in the severity's colour with the number of findings, hidden when there are none."""

    def __init__(self, owner: QGraphicsItem) -> None:
        super().__init__(owner)
        self.owner = owner
        self.width = 0.0
        self.setVisible(False)
        self.setZValue(2)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks select the owner

    def findings(self) -> list:
        scene = self.scene()
        return scene.findings_at(self.owner) if scene is not None and hasattr(scene, "findings_at") else []

    def severity(self) -> str | None:
        return severity_of(self.findings())

    def relayout(self) -> None:
        """Show or hide the badge and put it in the owner's top-right corner."""
        found = self.findings()
        self.prepareGeometryChange()
        self.setVisible(bool(found))
        if not found:
            return
        self.width = badge_width(found)
        right = getattr(self.owner, "badge_right", None)
        right = right if right is not None else self.owner.boundingRect().right()
        pad_x = getattr(self.owner, "PAD_X", 10.0)
        top = getattr(self.owner, "badge_top", None)
        y = top if top is not None else getattr(self.owner, "PAD_Y", 8.0) + 2.0
        self.setPos(right - pad_x - self.width, y)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0.0, 0.0, self.width, m.BADGE_HEIGHT)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        found = self.findings()
        if found:
            paint_badge(painter, self.boundingRect(), found, m.palette_of(self))


def severity_of(found: list) -> str | None:
    """The strongest severity among `found` ("error", "warning", "info"), None when empty."""
    if not found:
        return None
    values = {f.severity.value for f in found}
    return "error" if "error" in values else "warning" if "warning" in values else "info"


def label(found: list) -> str:
    mark = "✕" if any(f.severity.value == "error" for f in found) else "!"
    return f"{mark} {len(found)}"


def badge_width(found: list) -> float:
    return max(m.BADGE_HEIGHT + 4, m.advance("small", label(found)) + 16.0)


def paint_badge(painter: QPainter, rect: QRectF, found: list, palette) -> None:
    """The pill itself: also drawn by a far-out frame for nodes it has not made (`FrameItem.paint`)."""
    colour = style.severity_colour(severity_of(found) or "info", palette)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(rect, m.BADGE_HEIGHT / 2, m.BADGE_HEIGHT / 2)
    painter.setFont(m.font("small"))
    painter.setPen(QColor("#ffffff") if not style.is_dark(palette) else QColor("#1b1b1b"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label(found))
