"""`VerbItem`: one verb of a document, drawn as a full-width row of its frame in run order.

A row is flat (the frame draws the rules between rows); it tints when hovered or selected. Its
children (a Dial's targets, a Gather's prompts) hang under it as cards (`TargetItem`). Elements that
are not TwiML Voice are rows too, greyed, so nothing in a document is hidden from the user.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPalette, QPen

from flowedit.gui import style
from flowedit.gui.canvas.items.geometry import ROW
from flowedit.gui.canvas.items.node import NodeItem


class VerbItem(NodeItem):
    """A verb (or any element directly under <Response>) as a row of its frame."""

    PAD_X = ROW.pad_x
    PAD_Y = ROW.pad_y
    CHIP_SIZE = ROW.chip
    CARD_LEFT = ROW.card_left
    CARD_RIGHT = ROW.card_right

    @property
    def is_row(self) -> bool:
        return True

    def paint_background(self, painter: QPainter, palette: QPalette) -> None:
        if not (self.isSelected() or self._hover):
            return
        highlight = palette.color(QPalette.ColorRole.Highlight)
        rect = QRectF(1.0, 0.5, self._width - 2.0, self._height - 1.0)
        fill = style.blend(style.frame_fill(palette), highlight, 0.16 if self.isSelected() else 0.06)
        painter.setPen(QPen(highlight, 1.2) if self.isSelected() else QPen(fill, 0))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3.0, 3.0)
