"""`FrameItem`: one TwiML document on the canvas, a movable rounded frame holding its verbs as rows.

The frame shows the document's URL path in its title band (an "entry" tag on the entry document)
and one `VerbItem` per element under <Response>, in run order; comments are skipped. It keeps the
document it shows and the items it built for it, nothing of the document's content: after any
change of its document the scene calls `rebuild`, which throws the rows away and builds them again
from the model. Moving a frame tells the scene (which moves the arrows and, on release, records the
new position as an undoable edit); the frame itself never writes to the model.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QGraphicsItem

from flowedit.gui import style
from flowedit.gui.canvas.items import metrics as m
from flowedit.gui.canvas.items.badge import BadgeItem
from flowedit.gui.canvas.items.verb import VerbItem
from flowedit.gui.session import Ref
from flowedit.model.document import Document

EMPTY_HEIGHT = 34.0
BOTTOM_PAD = 4.0


class FrameItem(QGraphicsItem):
    """A document's frame (see the module docstring)."""

    PAD_X = 12.0
    badge_top = (m.TITLE_HEIGHT - m.BADGE_HEIGHT) / 2

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.width = m.FRAME_WIDTH
        self.height = m.TITLE_HEIGHT + EMPTY_HEIGHT
        self.rows: list[VerbItem] = []
        self.nodes: dict[int, object] = {}  # eid → NodeItem, every node drawn in this frame
        self.highlighted = False  # a connect gesture or a drop points here
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsMovable | flags.ItemIsSelectable | flags.ItemSendsGeometryChanges)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.badge = BadgeItem(self)

    # -- identity ----------------------------------------------------------------------------
    @property
    def ref(self) -> Ref:
        return Ref(self.document, None)

    @property
    def path(self) -> str:
        return self.document.path

    def register(self, node) -> None:
        self.nodes[node.eid] = node

    def node(self, eid: int | None):
        """The item drawing element `eid`, or the nearest drawn ancestor's (an Identity → its Client)."""
        doc = self.document
        while eid is not None and doc.contains(eid):
            if eid in self.nodes:
                return self.nodes[eid]
            eid = doc.parent(eid)
        return None

    # -- building ----------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Build the rows again from the document, then lay them out."""
        scene = self.scene()
        for row in self.rows:
            row.setParentItem(None)
            if scene is not None:
                scene.removeItem(row)
        self.rows, self.nodes = [], {}
        doc = self.document
        self.rows = [VerbItem(self, doc, eid, self) for eid in doc.child_elements(doc.root_id)]
        self.relayout()

    def relayout(self) -> None:
        self.prepareGeometryChange()
        y = m.TITLE_HEIGHT
        for row in self.rows:
            row.setPos(0.0, y)
            y += row.relayout(self.width)
        self.height = (y if self.rows else y + EMPTY_HEIGHT) + BOTTOM_PAD
        self.badge.relayout()
        self.update()

    def relayout_badges(self) -> None:
        self.badge.relayout()
        for node in self.nodes.values():
            node.badge.relayout()
            node.update()

    # -- geometry ----------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return QRectF(-4.0, -4.0, self.width + 8.0, self.height + 10.0)  # room for the shadow

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.rect(), m.RADIUS, m.RADIUS)
        return path

    def rect(self) -> QRectF:
        return QRectF(0.0, 0.0, self.width, self.height)

    def title_rect(self) -> QRectF:
        return QRectF(0.0, 0.0, self.width, m.TITLE_HEIGHT)

    def entry_point(self) -> QPointF:
        """Where arrows into this document end: the left edge of the title band."""
        return self.mapToScene(QPointF(0.0, m.TITLE_HEIGHT / 2))

    def return_point(self) -> QPointF:
        """Where a document's arrows to itself end: the right edge of the title band."""
        return self.mapToScene(QPointF(self.width, m.TITLE_HEIGHT / 2))

    def row_at(self, scene_y: float) -> tuple[int, float]:
        """(index among the rows where something dropped at `scene_y` goes, y of that gap in the frame)."""
        y = self.mapFromScene(QPointF(0.0, scene_y)).y()
        for i, row in enumerate(self.rows):
            if y < row.y() + row.boundingRect().height() / 2:
                return i, row.y()
        return len(self.rows), (self.rows[-1].y() + self.rows[-1].boundingRect().height()) if self.rows \
            else m.TITLE_HEIGHT + 2.0

    # -- painting ----------------------------------------------------------------------------
    def paint(self, painter: QPainter, option, widget=None) -> None:
        palette = m.palette_of(self)
        dark = style.is_dark(palette)
        rect = self.rect()
        lod = m.level_of_detail(painter)
        if lod >= m.LOD_TEXT:  # a soft two-step shadow lifts the frame off the grid
            painter.setPen(Qt.PenStyle.NoPen)
            for offset, alpha in ((1.5, 28 if dark else 16), (3.5, 20 if dark else 9)):
                painter.setBrush(QColor(0, 0, 0, alpha))
                painter.drawRoundedRect(rect.translated(0, offset).adjusted(-0.5, 0, 0.5, 0.5), m.RADIUS, m.RADIUS)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        border = highlight if (self.isSelected() or self.highlighted) else style.frame_border(palette)
        painter.setBrush(style.frame_fill(palette))
        painter.setPen(QPen(border, 2.0 if (self.isSelected() or self.highlighted) else 1.0))
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), m.RADIUS, m.RADIUS)
        self._paint_title(painter, palette, lod)
        if lod < m.LOD_TEXT:
            return
        painter.setPen(QPen(style.frame_border(palette), 0.8))
        for row in self.rows[1:]:
            painter.drawLine(QPointF(m.ROW_PAD_X, row.y()), QPointF(self.width - m.ROW_PAD_X, row.y()))
        if not self.rows:
            painter.setFont(m.font("quote"))
            painter.setPen(style.muted(palette))
            painter.drawText(QRectF(0, m.TITLE_HEIGHT, self.width, EMPTY_HEIGHT), Qt.AlignmentFlag.AlignCenter,
                             "empty — drop verbs here")

    def _paint_title(self, painter: QPainter, palette: QPalette, lod: float) -> None:
        band = QPainterPath()
        r = m.RADIUS
        t = self.title_rect().adjusted(1.0, 1.0, -1.0, 0.0)
        band.moveTo(t.left(), t.bottom())
        band.lineTo(t.left(), t.top() + r)
        band.arcTo(QRectF(t.left(), t.top(), 2 * r, 2 * r), 180, -90)
        band.lineTo(t.right() - r, t.top())
        band.arcTo(QRectF(t.right() - 2 * r, t.top(), 2 * r, 2 * r), 90, -90)
        band.lineTo(t.right(), t.bottom())
        band.closeSubpath()
        entry = self.document.path == getattr(self.scene(), "entry_path", None)
        header = style.frame_header(palette)
        if entry:
            header = style.blend(header, style.badge_colours(palette)[0], 0.55)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(header)
        painter.drawPath(band)
        painter.setPen(QPen(style.frame_border(palette), 0.8))
        painter.drawLine(QPointF(1.0, t.bottom()), QPointF(self.width - 1.0, t.bottom()))
        text = palette.color(QPalette.ColorRole.Text)
        left = self.PAD_X
        right = self.width - self.PAD_X - (self.badge.width + 8.0 if self.badge.isVisible() else 0.0)
        if entry:
            bg, fg = style.badge_colours(palette)
            painter.setFont(m.font("small"))
            label = "ENTRY"
            w = m.metrics("small").horizontalAdvance(label) + 12.0
            pill = QRectF(right - w, (m.TITLE_HEIGHT - 16.0) / 2, w, 16.0)
            painter.setPen(QPen(style.blend(bg, fg, 0.35), 0.8))
            painter.setBrush(bg)
            painter.drawRoundedRect(pill, 8.0, 8.0)
            painter.setPen(fg)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
            right = pill.left() - 6.0
        font = m.font("title")
        painter.setFont(font)
        painter.setPen(text)
        baseline = m.TITLE_HEIGHT / 2 + m.metrics("title").capHeight() / 2
        painter.drawText(QPointF(left, baseline), m.elide("title", self.document.path, right - left))

    # -- interaction -------------------------------------------------------------------------
    def itemChange(self, change, value):
        kind = QGraphicsItem.GraphicsItemChange
        if change == kind.ItemPositionHasChanged:
            scene = self.scene()
            if scene is not None and hasattr(scene, "frame_moved"):
                scene.frame_moved(self)
        elif change == kind.ItemSelectedHasChanged:
            self.update()
        return super().itemChange(change, value)

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.update()
