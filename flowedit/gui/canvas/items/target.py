"""`TargetItem`: an element nested in a verb, drawn as a card attached to its verb's row.

Dial targets (Client, Number, Sip, Conference, Queue, Application, WhatsApp, Sim), a Gather's or a
Prompt's Say/Play, Connect's and Start's nouns: each is a rounded card under its parent, with its
identity or number as headline, its key attributes, and a table of its Parameters (name = value).
A Client's Identity is its headline; cards may nest (Pay > Prompt > Say).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPalette, QPen

from flowedit.gui import icons, style
from flowedit.gui.canvas.items import metrics as m
from flowedit.gui.canvas.items.geometry import CARD
from flowedit.gui.canvas.items.node import NodeItem


class TargetItem(NodeItem):
    """A nested element as a card (see the module docstring)."""

    PAD_X = CARD.pad_x
    PAD_Y = CARD.pad_y
    CHIP_SIZE = CARD.chip
    CARD_LEFT = CARD.card_left
    CARD_RIGHT = CARD.card_right

    def paint_background(self, painter: QPainter, palette: QPalette) -> None:
        rect = QRectF(0.5, 0.5, self._width - 1.0, self._height - 1.0)
        accent = icons.element_colour(self.document.tag(self.eid), palette)
        fill = style.card_fill(palette)
        border = style.blend(style.frame_border(palette), accent, 0.25)
        if self._hover or self.isSelected():
            highlight = palette.color(QPalette.ColorRole.Highlight)
            fill = style.blend(fill, highlight, 0.16 if self.isSelected() else 0.06)
            if self.isSelected():
                border = highlight
        painter.setPen(QPen(border, 1.3 if self.isSelected() else 1.0))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, m.CARD_RADIUS, m.CARD_RADIUS)
