"""`FrameItem`: one TwiML document on the canvas, a movable rounded frame holding its verbs as rows.

The frame shows the document's URL path in its title band (an "entry" tag on the entry document)
and one `VerbItem` per element under <Response>, in run order; comments are skipped. It keeps the
document it shows, its measured `geometry` (`items.geometry`) and the items it built for it, nothing
of the document's content: after any change of its document the scene calls `rebuild`, which
measures again and throws the rows away — or, when only attributes or text changed and nothing
moved, has just the nodes showing them draw again.

Rows are made lazily (`materialise`): a flow of 1,000 documents would otherwise make ~13,000 node
items, most never seen up close. They are made when first needed — `rows`, `nodes` or `node()` is
read (selection, search, drops), the scene is hit there (a click, a tooltip, a rubber band), or the
view shows the frame at a zoom where text is drawn. Until then the frame draws what its rows' items
would draw far out — the link ports and its elements' finding badges — from the geometry, so it
looks the same. Far out (`set_detail(False)`, from the view) the frame and every item in it stop
drawing themselves — they stay where they are for clicks, tooltips, drags and drops — and the frame's
far-out picture (outline, title, ports, badges) is drawn with the arrows under the items
(`canvas.framedraw`); a change of that picture names the frame's area to the scene (`redraw`).

Moving a frame tells the scene (which moves the arrows and, on release, records the new position as
an undoable edit); the frame itself never writes to the model.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QGraphicsItem

from flowedit.gui import style
from flowedit.gui.canvas.connect import draw_port
from flowedit.gui.canvas.items import metrics as m
from flowedit.gui.canvas.items.badge import BadgeItem, badge_width, paint_badge
from flowedit.gui.canvas.items.geometry import EMPTY_HEIGHT, FrameGeometry, measure_frame
from flowedit.gui.canvas.items.verb import VerbItem
from flowedit.gui.session import Ref
from flowedit.model.changes import AttributeChanged, Compound, TextChanged
from flowedit.model.document import Document

PORT_REACH = m.HANDLE_RADIUS + 2.0  # how far a port sticks out of the frame's right edge


class FrameItem(QGraphicsItem):
    """A document's frame (see the module docstring)."""

    PAD_X = 12.0
    badge_top = (m.TITLE_HEIGHT - m.BADGE_HEIGHT) / 2

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.width = m.FRAME_WIDTH
        self.height = m.TITLE_HEIGHT + EMPTY_HEIGHT
        self.geometry = FrameGeometry([], {}, self.height)
        self._ports: list = []  # the boxes with a port, for the far-out drawing
        self._rows: list[VerbItem] | None = None  # None: not made yet
        self._nodes: dict[int, object] = {}  # eid → NodeItem, every node drawn in this frame
        self.highlighted = False  # a connect gesture or a drop points here
        self.detail = True  # the rows draw themselves (False far out: see `set_detail`)
        self._version = 0  # counts measurings and badge changes (see `metrics.replay`)
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

    @property
    def is_built(self) -> bool:
        """Whether the node items exist (see `materialise`)."""
        return self._rows is not None

    @property
    def rows(self) -> list[VerbItem]:
        self.materialise()
        return self._rows

    @property
    def nodes(self) -> dict[int, object]:
        self.materialise()
        return self._nodes

    def built_nodes(self) -> list:
        """The node items made so far (none before `materialise`), without making any."""
        return list(self._nodes.values())

    def made_node(self, eid: int):
        """The node item of drawn element `eid` if it has been made, without making it."""
        return self._nodes.get(eid)

    def register(self, node) -> None:
        self._nodes[node.eid] = node

    def drawn_eid(self, eid: int | None) -> int | None:
        """Element `eid` if it is drawn as a node, else its nearest drawn ancestor (an Identity → its Client)."""
        doc, boxes = self.document, self.geometry.boxes
        while eid is not None and doc.contains(eid):
            if eid in boxes:
                return eid
            eid = doc.parent(eid)
        return None

    def node(self, eid: int | None):
        """The item drawing element `eid`, or the nearest drawn ancestor's (an Identity → its Client)."""
        drawn = self.drawn_eid(eid)
        return None if drawn is None else self.nodes.get(drawn)

    # -- building ----------------------------------------------------------------------------
    def rebuild(self, change=None) -> None:
        """Measure the document again after `change` (a model change record; None: anything may differ).

        When the change only set attributes or text and every box stays where it was, the rows stay
        and only the nodes showing what changed draw again (most edits in the inspector). Otherwise
        rows made before are made again at once (they were wanted); rows not made yet wait."""
        geometry = measure_frame(self.document, self.width)
        touched = _touched(change)
        if self.is_built and touched is not None and _same_places(self.geometry, geometry):
            self.geometry = geometry
            self._ports = [box for box in geometry.walk() if box.port is not None]
            for eid in {self.drawn_eid(e) for e in touched} - {None}:
                self._nodes[eid].refresh(geometry.boxes[eid])
            self._version += 1
            if not self.detail:
                self.redraw()  # far out the frame draws the ports, filled or not
            return
        built = self.is_built
        self._drop_rows()
        self.redraw()  # far out: where it stood (it may shrink)
        self.prepareGeometryChange()
        self.geometry = geometry
        self.height = self.geometry.height
        self._ports = [box for box in self.geometry.walk() if box.port is not None]
        self._version += 1
        if built:
            self.materialise()
        self.badge.relayout()
        self.redraw()

    def materialise(self) -> bool:
        """Make the node items from the geometry, once; True when they were made now."""
        if self._rows is not None:
            return False
        self._nodes = {}
        self._rows = [VerbItem(self, self.document, box, self) for box in self.geometry.rows]
        if not self.detail:
            for node in self._nodes.values():
                _quiet(node, True)
        scene = self.scene()
        if scene is not None and hasattr(scene, "nodes_made"):
            scene.nodes_made(self)  # the scene's caching
        self.update()  # the rows' own items draw what the frame drew for them
        return True

    def _drop_rows(self) -> None:
        if self._rows is None:
            return
        scene = self.scene()
        for row in self._rows:
            row.setParentItem(None)
            if scene is not None:
                scene.removeItem(row)
        self._rows, self._nodes = None, {}

    def set_detail(self, on: bool) -> None:
        """Let the frame and its rows draw themselves (close up), or not (far out: the frame's picture,
        ports and badges included, is drawn with the arrows by `canvas.framedraw`, and Qt neither
        paints nor caches ~20 items a frame)."""
        if on == self.detail:
            return
        self.detail = on
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, not on)
        self.badge.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, not on)
        for node in self._nodes.values():
            _quiet(node, not on)
        self.update()

    def redraw(self) -> None:
        """The frame's picture changed: schedule its repaint (far out, where the frame is drawn with the
        arrows, by telling the scene its area)."""
        self.update()
        if not self.detail:
            scene = self.scene()
            if scene is not None and hasattr(scene, "frame_redrawn"):
                scene.frame_redrawn(self)

    def relayout_badges(self) -> None:
        self._version += 1
        self.badge.relayout()
        for node in self._nodes.values():
            node.badge.relayout()
            node.update()
        self.redraw()  # the far-out drawing shows the nodes' badges too

    # -- geometry ----------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        right = self.width + max(4.0, PORT_REACH if self._ports else 0.0)  # the shadow, or the ports
        return QRectF(-4.0, -4.0, right + 4.0, self.height + 10.0)  # room for the shadow

    @property
    def badge_right(self) -> float:
        return self.width + 4.0

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.rect(), m.RADIUS, m.RADIUS)
        return path

    def rect(self) -> QRectF:
        return QRectF(0.0, 0.0, self.width, self.height)

    def extent(self) -> QRectF:
        """The frame with its ports and missing-link markers (what the layout keeps clear), in frame coordinates."""
        rect = self.rect().united(self.childrenBoundingRect())
        if self._ports:
            ys = [box.anchor_y for box in self._ports]
            rect = rect.united(QRectF(self.width - PORT_REACH, min(ys) - PORT_REACH,
                                      2 * PORT_REACH, max(ys) - min(ys) + 2 * PORT_REACH))
        return rect

    def title_rect(self) -> QRectF:
        return QRectF(0.0, 0.0, self.width, m.TITLE_HEIGHT)

    def anchor_of(self, eid: int) -> QPointF:
        """Where links of drawn element `eid` leave: the frame's right edge, level with its name line."""
        return self.mapToScene(QPointF(self.width, self.geometry.boxes[eid].anchor_y))

    def anchor_xy(self, eid: int) -> tuple[float, float]:
        """`anchor_of` as floats (frames are top-level and never rotated or scaled)."""
        return self.x() + self.width, self.y() + self.geometry.boxes[eid].anchor_y

    def entry_point(self) -> QPointF:
        """Where arrows into this document end: the left edge of the title band."""
        return self.mapToScene(QPointF(0.0, m.TITLE_HEIGHT / 2))

    def entry_xy(self) -> tuple[float, float]:
        return self.x(), self.y() + m.TITLE_HEIGHT / 2

    def return_point(self) -> QPointF:
        """Where a document's arrows to itself end: the right edge of the title band."""
        return self.mapToScene(QPointF(self.width, m.TITLE_HEIGHT / 2))

    def return_xy(self) -> tuple[float, float]:
        return self.x() + self.width, self.y() + m.TITLE_HEIGHT / 2

    def row_at(self, scene_y: float) -> tuple[int, float]:
        """(index among the rows where something dropped at `scene_y` goes, y of that gap in the frame)."""
        y = self.mapFromScene(QPointF(0.0, scene_y)).y()
        rows = self.geometry.rows
        for i, row in enumerate(rows):
            if y < row.y + row.height / 2:
                return i, row.y
        return len(rows), (rows[-1].y + rows[-1].height) if rows else m.TITLE_HEIGHT + 2.0

    # -- painting ----------------------------------------------------------------------------
    def paint(self, painter: QPainter, option, widget=None) -> None:
        palette = m.palette_of(self)
        lod = 1.0 if m.level_of_detail(painter) >= m.LOD_TEXT else 0.0  # the two drawings
        key = (lod, palette.cacheKey(), self.isSelected(), self.highlighted, self.is_built, self.detail,
               self.document.path == getattr(self.scene(), "entry_path", None), self.document.path,
               self.badge.isVisible(), self.badge.width, self._version)
        m.replay(painter, self, key, lambda recorder: self._paint(recorder, palette, lod))

    def _paint(self, painter: QPainter, palette: QPalette, lod: float) -> None:
        dark = style.is_dark(palette)
        rect = self.rect()
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
        if lod >= m.LOD_TEXT:
            painter.setPen(QPen(style.frame_border(palette), 0.8))
            for row in self.geometry.rows[1:]:
                painter.drawLine(QPointF(m.ROW_PAD_X, row.y), QPointF(self.width - m.ROW_PAD_X, row.y))
            if not self.geometry.rows:
                painter.setFont(m.font("quote"))
                painter.setPen(style.muted(palette))
                painter.drawText(QRectF(0, m.TITLE_HEIGHT, self.width, EMPTY_HEIGHT), Qt.AlignmentFlag.AlignCenter,
                                 "empty — drop verbs here")
        if not (self.is_built and self.detail):
            self._paint_for_rows(painter, palette)

    def _paint_for_rows(self, painter: QPainter, palette: QPalette) -> None:
        """What the rows' own items would add far out: the link ports and the elements' finding badges
        (and, when the frame is drawn with the arrows, its own badge)."""
        doc = self.document
        for box in self._ports:
            draw_port(painter, QPointF(self.width, box.anchor_y), doc, box.eid, box.port, palette)
        scene = self.scene()
        if not self.detail and self.badge.isVisible():
            badge = self.badge
            paint_badge(painter, QRectF(badge.x(), badge.y(), badge.width, m.BADGE_HEIGHT), badge.findings(), palette)
        if (self.is_built and self.detail) or scene is None or not hasattr(scene, "findings_for"):
            return  # made rows showing themselves keep their badge items
        for box in self.geometry.boxes.values():
            found = scene.findings_for(doc, box.eid)
            if found:
                w = badge_width(found)
                x = box.left + box.width - box.style.pad_x - w
                paint_badge(painter, QRectF(x, box.top + box.style.pad_y + 2.0, w, m.BADGE_HEIGHT), found, palette)

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
            self.redraw()  # far out: where it stands now
        elif change in (kind.ItemPositionChange, kind.ItemSceneChange):
            self.redraw()  # far out: where it stood, before it moves or leaves
        elif change in (kind.ItemSelectedHasChanged, kind.ItemZValueHasChanged):
            self.redraw()
        return super().itemChange(change, value)

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.redraw()


def _touched(change) -> set[int] | None:
    """The elements whose attributes or text `change` set, or None when it did more (or is unknown)."""
    if isinstance(change, (AttributeChanged, TextChanged)):
        return {change.eid}
    if isinstance(change, Compound):
        parts = [_touched(c) for c in change.changes]
        return None if any(p is None for p in parts) else set().union(*parts)
    return None


def _same_places(old: FrameGeometry, new: FrameGeometry) -> bool:
    """Whether every element is drawn in the same box, with the same cards and port, as before."""
    if old.boxes.keys() != new.boxes.keys():
        return False
    for eid, a in old.boxes.items():
        b = new.boxes[eid]
        if (a.x, a.y, a.width, a.height, a.left, a.top, a.port) != (b.x, b.y, b.width, b.height, b.left, b.top, b.port) \
                or [c.eid for c in a.cards] != [c.eid for c in b.cards]:
            return False
    return True


def _quiet(node, on: bool) -> None:
    """Stop (or let) a node, its port and its badge drawing themselves; they stay in place for hits
    and selection (far out their frame draws the ports and badges)."""
    flag = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    node.setFlag(flag, on)
    node.badge.setFlag(flag, on)
    if node.handle is not None:
        node.handle.setFlag(flag, on)
