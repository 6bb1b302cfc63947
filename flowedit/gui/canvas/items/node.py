"""`NodeItem`: one element on the canvas, the shared base of verb rows and the cards under them.

A node knows only *which* element it shows (`document`, `eid`) and the frame it sits in. Its text
is read from the model at paint time through `canvas.summary`; its geometry (position, size, how its
detail pairs wrap) comes from the frame's measured `geometry.Box`, so making a node measures nothing.
Child elements that deserve a box of their own (a Dial's targets, a Gather's prompts) become child
cards, built with it from the box's cards; Parameters and an Identity are lines of their owner's
table instead. Frames make their nodes lazily (`FrameItem.materialise`); after a change of the
document the frame measures again and makes new nodes, or, when only attributes or text changed and
nothing moved, has the nodes showing them draw again (`refresh`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsItem

from flowedit.gui import icons, style
from flowedit.gui.canvas import summary
from flowedit.gui.canvas.items import metrics as m
from flowedit.gui.canvas.items.badge import BadgeItem
from flowedit.gui.canvas.items.geometry import ROW, Box
from flowedit.gui.session import Ref
from flowedit.model.document import Document

if TYPE_CHECKING:
    from flowedit.gui.canvas.items.frame import FrameItem


class NodeItem(QGraphicsItem):
    """An element drawn as a block of lines: chip, name, headline, key attributes, table, cards."""

    # Geometry of the block; subclasses (row or card) set these from their `geometry.Style`.
    PAD_X = ROW.pad_x
    PAD_Y = ROW.pad_y
    CHIP_SIZE = ROW.chip
    CARD_LEFT = ROW.card_left  # where child cards start
    CARD_RIGHT = ROW.card_right  # space right of child cards

    def __init__(self, frame: FrameItem, document: Document, box: Box, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.frame = frame
        self.document = document
        self.eid = box.eid
        self._width = box.width
        self._height = box.height
        self._lines: list[list[tuple]] = box.lines
        self._hover = False
        self.setPos(box.x, box.y)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        from flowedit.gui.canvas.items.target import TargetItem  # cards nest: Pay > Prompt > Say

        self.cards: list[NodeItem] = [TargetItem(frame, document, card, self) for card in box.cards]
        frame.register(self)
        self.badge = BadgeItem(self)
        self.badge.relayout()
        self.handle = None
        if box.port is not None:
            from flowedit.gui.canvas.connect import HandleItem

            self.handle = HandleItem(self, box.port)
            self.handle.relayout()

    def refresh(self, box: Box) -> None:
        """Its element's attributes or text changed, not its place: take the new detail lines, draw again."""
        self._lines = box.lines
        self._recording = None
        self.update()
        if self.handle is not None:
            self.handle.update()  # set or not

    # -- identity ----------------------------------------------------------------------------
    @property
    def ref(self) -> Ref:
        return Ref(self.document, self.eid)

    @property
    def text_x(self) -> float:
        return self.PAD_X + self.CHIP_SIZE + 9.0

    @property
    def header_centre(self) -> float:
        return self.PAD_Y + self.CHIP_SIZE / 2

    # -- geometry ----------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return QRectF(0.0, 0.0, self._width, self._height)

    @property
    def is_row(self) -> bool:
        return False

    def anchor(self, attribute: str | None = None) -> QPointF:
        """Where this node's links leave: on the frame's right edge, level with the node's name line."""
        return self.frame.anchor_of(self.eid)

    def enclosing_row(self) -> NodeItem:
        item: NodeItem = self
        while not item.is_row and isinstance(item.parentItem(), NodeItem):
            item = item.parentItem()
        return item

    # -- painting ----------------------------------------------------------------------------
    def paint(self, painter: QPainter, option, widget=None) -> None:
        if m.level_of_detail(painter) < m.LOD_TEXT:
            return
        palette = m.palette_of(self)
        # What the node shows changes only with an edit, which makes new nodes or calls `refresh`.
        key = (palette.cacheKey(), self.isSelected(), self._hover, self.badge.isVisible(), self.badge.width)
        m.replay(painter, self, key, lambda recorder: self._paint(recorder, palette))

    def _paint(self, painter: QPainter, palette: QPalette) -> None:
        self.paint_background(painter, palette)
        doc, eid = self.document, self.eid
        known = summary.is_known(doc, eid)
        accent = icons.element_colour(doc.tag(eid), palette)
        chip = QRectF(self.PAD_X, self.PAD_Y, self.CHIP_SIZE, self.CHIP_SIZE)
        m.draw_chip(painter, chip, doc.tag(eid), palette, muted=not known)
        text = palette.color(QPalette.ColorRole.Text) if known else style.muted(palette)
        right = self._width - self.PAD_X - (self.badge.width + 6.0 if self.badge.isVisible() else 0.0)
        baseline = self.PAD_Y + self.CHIP_SIZE / 2 + m.metrics("name").capHeight() / 2
        name = summary.name(doc, eid) + ("" if known else "  (not TwiML)")
        painter.setFont(m.font("name"))
        painter.setPen(text)
        painter.drawText(QPointF(self.text_x, baseline), m.elide("name", name, right - self.text_x))
        head = summary.headline(doc, eid)
        if head:
            x = self.text_x + m.metrics("name").horizontalAdvance(name) + 8.0
            kind = "quote" if doc.tag(eid) == "Say" else "body"
            painter.setFont(m.font(kind))
            painter.setPen(text if doc.tag(eid) != "Say" else style.blend(text, style.muted(palette), 0.35))
            painter.drawText(QPointF(x, baseline), m.elide(kind, head, right - x))
        top = self.PAD_Y + max(m.HEAD_HEIGHT, self.CHIP_SIZE) + 2.0
        m.draw_pairs(painter, self._lines, self.text_x, top, self._width - self.text_x - self.PAD_X,
                     palette, enabled=known)
        top += len(self._lines) * m.LINE_HEIGHT
        rows = summary.properties(doc, eid)
        if rows:
            self._paint_table(painter, rows, top + 3.0, palette)
        if self.cards:
            self._paint_connectors(painter, palette, accent)

    def paint_background(self, painter: QPainter, palette: QPalette) -> None:
        """Selection and hover; rows and cards draw their own shapes."""

    def selection_colour(self, palette: QPalette) -> QColor:
        return palette.color(QPalette.ColorRole.Highlight)

    def _paint_table(self, painter: QPainter, rows: list[tuple[str, str]], top: float, palette: QPalette) -> None:
        left, width = self.text_x, self._width - self.text_x - self.PAD_X
        box = QRectF(left, top, width, len(rows) * m.LINE_HEIGHT)
        rule = style.frame_border(palette)
        painter.setPen(QPen(rule, 0.8))
        painter.setBrush(style.blend(style.card_fill(palette), palette.color(QPalette.ColorRole.Text), 0.025))
        painter.drawRoundedRect(box, 4.0, 4.0)
        names = [n for n, _ in rows]
        column = min(width * 0.45, max(m.metrics("label").horizontalAdvance(n) for n in names) + 14.0)
        painter.drawLine(QPointF(left + column, top + 2), QPointF(left + column, box.bottom() - 2))
        for i, (name, value) in enumerate(rows):
            y = top + i * m.LINE_HEIGHT
            if i:
                painter.setPen(QPen(rule, 0.6))
                painter.drawLine(QPointF(left + 4, y), QPointF(box.right() - 4, y))
            baseline = y + m.LINE_HEIGHT - 4.5
            painter.setFont(m.font("label"))
            painter.setPen(style.muted(palette))
            painter.drawText(QPointF(left + 6, baseline), m.elide("label", name, column - 10))
            painter.setFont(m.font("body"))
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(QPointF(left + column + 6, baseline), m.elide("body", value, width - column - 10))

    def _paint_connectors(self, painter: QPainter, palette: QPalette, accent: QColor) -> None:
        """A tree line from the chip down to each card: the cards belong to this element."""
        x = self.PAD_X + self.CHIP_SIZE / 2
        pen = QPen(style.blend(style.frame_border(palette), accent, 0.45), 1.4)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        last = self.cards[-1]
        end = last.y() + last.header_centre
        painter.drawLine(QPointF(x, self.PAD_Y + self.CHIP_SIZE + 3), QPointF(x, end - 6))
        for card in self.cards:
            y = card.y() + card.header_centre
            painter.drawArc(QRectF(x, y - 12, 12, 12), 180 * 16, 90 * 16)
            painter.drawLine(QPointF(x + 6, y), QPointF(card.x(), y))

    # -- interaction -------------------------------------------------------------------------
    def hoverEnterEvent(self, event) -> None:
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self._hover = False
        self.update()

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.update()
        return super().itemChange(change, value)

    def tooltip_text(self) -> str:
        doc, eid = self.document, self.eid
        from flowedit import twiml

        spec = twiml.element(doc.tag(eid))
        lines = [f"<{doc.tag(eid)}>" + (f" — {spec.summary}" if spec else " — not a TwiML Voice element")]
        lines += [f"{name}=\"{value}\"" for name, value in doc.attributes(eid)]
        return "\n".join(lines)
