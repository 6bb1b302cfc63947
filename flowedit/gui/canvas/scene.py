"""`FlowScene`: the flow as a graph of document frames and link arrows, following a `FlowSession`.

The scene mirrors the model and never edits it directly (ARCHITECTURE.md rules 2 and 3):

- `flowReplaced` rebuilds everything; `documentChanged` rebuilds that document's frame (once per
  document at the end of a burst: `session.changesSettled`); `flowChanged` adds, removes or
  re-positions frames; the arrows are derived again from the links of what changed (`canvas.arrows`).
- `findingsChanged` regroups the findings by the item they concern, for the badges.
- Selection is synchronised both ways with `session.select` / `session.selectionChanged`.
- `highlight(refs, style=...)` marks items with the simulator's trace glow or a comparison's marks
  (`canvas.highlight`): an overlay, so neither the selection nor the model changes.
- A frame's position comes from `flow.position(path)`; frames without one are auto-laid out when the
  flow is shown (not saved, not undoable). Dragging frames records their new positions on release as
  one undoable edit; `tidy_up` lays out every frame as one undoable edit.

Built for large flows (issue 7): frames are measured, not filled (`FrameItem.materialise` makes the
node items when a frame is first needed: `materialise(area)` from the view, a hit, a selection, a
search); arrows are hidden items drawn together under the items (`canvas.linkdraw`), by the view
from its cached backdrop, which `backdropChanged` tells what to draw again; far out (`set_detail(False)`)
the frames are drawn with the arrows too (`canvas.framedraw`, `frame_redrawn`), and a frame dragged
there is drawn over that picture until the drag ends (`canvas.lift`). `render` makes and shows what
its scale needs; a click, a tooltip or a drop makes the rows of the frame under it.

Drops from the palette are decided in `canvas.drops`, link handles in `canvas.connect`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QToolTip

from flowedit.gui import collector
from flowedit.gui.canvas import drops, framedraw, linkdraw
from flowedit.gui.canvas.lift import Lift, grown_scene_rect
from flowedit.gui.canvas.arrows import EVERYWHERE, Arrows, unite
from flowedit.gui.canvas.badges import FindingsByItem
from flowedit.gui.canvas.follow import FollowsModel
from flowedit.gui.canvas.highlight import TRACE, HighlightLayers
from flowedit.gui.canvas.items import item_classes
from flowedit.gui.canvas.items import metrics as m
from flowedit.gui.session import FlowSession, Ref

# Item classes, layout and change records: imported when first needed (a new window's scene is empty).
if TYPE_CHECKING:
    from flowedit.gui.canvas.items.frame import FrameItem
    from flowedit.gui.canvas.items.link import LinkItem
    from flowedit.gui.canvas.items.node import NodeItem
    from flowedit.model.document import Document


GRID = 10.0  # moved frames snap to it
MARGIN = 400.0  # free canvas around the frames
NEW_FRAME_GAP = 110.0  # between the flow and a document added to it


class FlowScene(FollowsModel, QGraphicsScene):
    """Document frames, their verbs and targets, and link arrows (see the module docstring)."""

    dropHint = Signal(str)  # noqa: N815 - what a drop here would do, or why not ("" when the drag leaves)
    backdropChanged = Signal(QRectF)  # noqa: N815 - the arrows drawn in this scene area changed (null: anywhere)
    overviewChanged = Signal()  # noqa: N815 - frames came, went, moved, resized or were (de)selected

    def __init__(self, session: FlowSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._frames: dict[Document, FrameItem] = {}
        self._auto: dict[Document, QPointF] = {}  # where frames without a saved position were put
        self.arrows = Arrows()
        self._findings = FindingsByItem()  # for the badges
        self._pressed: dict[FrameItem, QPointF] = {}
        self._syncing = False
        self._caching = True
        self._bulk = False  # building: moved frames do not re-route their arrows one by one
        self._content: QRectF | None = None  # content_rect, until the frames or arrows change
        self._detail = True  # rows draw themselves (False: the view is zoomed far out)
        self._made: QRectF | None = None  # an area where every frame has made its rows (`materialise`)
        self._raised: set[FrameItem] = set()  # frames drawn above the others (selected)
        self._touched: set[FrameItem] = set()  # frames holding a selected item
        self.setSceneRect(QRectF(0, 0, 800, 600))  # explicit from the start: an implicit one scans every item
        self._indicator = drops.DropIndicator()
        self.addItem(self._indicator)
        self._highlights = HighlightLayers(self)
        self.lift = Lift(self, self._damage)  # frames a far-out drag is moving
        session.flowReplaced.connect(self.rebuild)
        self._pending: dict[Document, list] = {}  # document changes of a burst not followed yet (`follow`)
        self._relink = False  # a flow change in a burst: every arrow is derived again at its end
        session.documentChanged.connect(self._on_document_changed)
        session.changesSettled.connect(self._settled)
        session.flowChanged.connect(self._on_flow_changed)
        session.findingsChanged.connect(self._on_findings_changed)
        session.selectionChanged.connect(self._pull_selection)
        self.selectionChanged.connect(self._push_selection)
        self.rebuild()

    # -- queries -----------------------------------------------------------------------------
    @property
    def entry_path(self) -> str | None:
        return self.session.flow.entry

    def frames(self) -> list[FrameItem]:
        return list(self._frames.values())

    def links(self) -> list[LinkItem]:
        return self.arrows.all()

    def frame_for(self, document: Document | str) -> FrameItem | None:
        if isinstance(document, str):
            document = self.session.flow.documents.get(document)
        return self._frames.get(document)

    def item_for(self, ref: Ref) -> QGraphicsItem | None:
        """The item showing `ref`: its frame for a document, else its node (or the nearest drawn ancestor's)."""
        frame = self._frames.get(ref.document)
        if frame is None or ref.eid is None:
            return frame
        if ref.eid == ref.document.root_id:
            return frame
        return frame.node(ref.eid)

    def highlight(self, refs: list[Ref], style: str = TRACE) -> None:
        """Mark the items showing `refs` with the simulator's trace (the first strongest); [] clears.

        `style` "diff-added", "diff-changed", "diff-moved" or "diff-removed" is a comparison's layer
        instead, independent of the trace. Not the selection and not an edit: an overlay that follows
        the items until the next call for the same style."""
        self._highlights.set(list(refs), style)

    def highlighted(self, style: str = TRACE) -> list[QGraphicsItem]:
        """The items glowing now in `style` (a frame, or the node drawing the ref or its nearest drawn ancestor)."""
        return self._highlights.items(style)

    def frame_at(self, pos: QPointF) -> FrameItem | None:
        FrameItem = item_classes()[0]  # noqa: N806 - a class
        for item in self.items(pos):
            while item is not None and not isinstance(item, FrameItem):
                item = item.parentItem()
            if isinstance(item, FrameItem):
                return item
        return None

    def node_at(self, pos: QPointF) -> NodeItem | None:
        from flowedit.gui.canvas.connect import HandleItem
        from flowedit.gui.canvas.items.badge import BadgeItem
        FrameItem, NodeItem = item_classes()  # noqa: N806 - classes
        self._materialise_at(pos)
        for item in self.items(pos):
            if isinstance(item, (HandleItem, BadgeItem)):
                item = item.parentItem()
            if isinstance(item, NodeItem):
                return item
            if isinstance(item, FrameItem):
                return None
        return None

    def findings_at(self, item: QGraphicsItem) -> list:
        FrameItem, NodeItem = item_classes()  # noqa: N806 - classes
        if isinstance(item, FrameItem):
            return self._findings.get(item.document, None)
        if isinstance(item, NodeItem):
            return self._findings.get(item.document, item.eid)
        return []

    def findings_for(self, document: Document, eid: int | None) -> list:
        """The findings shown on drawn element `eid` of `document` (None: on its frame)."""
        return self._findings.get(document, eid)

    def content_rect(self) -> QRectF:
        """The bounding rectangle of every frame, marker and arrow (what "fit" shows)."""
        if self._content is None:  # the mini-map asks for it: 1,000 frames and 2,000 arrows
            rect = QRectF()
            for frame in self._frames.values():
                rect = rect.united(frame.sceneBoundingRect()).united(frame.mapRectToScene(frame.extent()))
            for link in self.arrows.items():
                rect = rect.united(link.extent)
            self._content = rect
        return QRectF(self._content)

    def grow_content(self, area: QRectF | None) -> None:
        """Content stands in scene `area` now (a frame dragged far out): the content rectangle grows
        to hold it, without a scan of every frame; None: measure it afresh when next asked."""
        if area is None:
            self._content = None
        elif self._content is not None:
            self._content = self._content.united(area)

    # -- building ----------------------------------------------------------------------------
    @collector.paused()  # tens of thousands of new objects, none of them garbage yet
    def rebuild(self) -> None:
        """Build every frame and arrow again from the session's flow (a new flow was opened)."""
        self._syncing = self._bulk = True
        try:
            for frame in list(self._frames.values()):
                self.removeItem(frame)
            self._frames.clear()
            self._auto.clear()
            self._raised.clear()
            self._touched.clear()
            self.lift.forget()
            for doc in self.session.flow.documents.values():
                self._add_frame(doc)
            # First, unrouted: missing markers widen the frames they hang from, which the layout needs.
            self.arrows.refresh(self, None, route=False)
            self._place([f for f in self._frames.values() if self.session.flow.position(f.path) is None])
            self.arrows.adjust_all()
        finally:
            self._syncing = self._bulk = False
        self._content = None
        self._on_findings_changed(regroup=None)
        self._pull_selection()
        self._highlights.follow()
        self.update_scene_rect()
        self._damage(EVERYWHERE)
        self.overviewChanged.emit()

    def _add_frame(self, doc: Document) -> FrameItem:
        FrameItem = item_classes()[0]  # noqa: N806 - a class
        self._made = None  # a frame without rows
        frame = FrameItem(doc)
        self._frames[doc] = frame
        self.addItem(frame)
        frame.rebuild()
        if not self._caching:
            frame.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        frame.set_detail(self._detail)
        position = self.session.flow.position(doc.path)
        if position is not None:
            frame.setPos(QPointF(*position))
        return frame

    def nodes_made(self, frame: FrameItem) -> None:
        """`frame` made its node items (`FrameItem.materialise`): give them the scene's caching."""
        if not self._caching:
            for node in frame.built_nodes():
                node.setCacheMode(QGraphicsItem.CacheMode.NoCache)

    def materialise(self, area: QRectF) -> int:
        """Make the node items of every frame touching scene `area` (the view is about to show them up
        close); returns how many frames made theirs.

        A quarter more on each side is made too and remembered: the view asks before every paint,
        and a pan within what was made already need not ask the scene's index again."""
        if self._made is not None and self._made.contains(area):
            return 0
        dx, dy = area.width() / 4, area.height() / 4
        area = area.adjusted(-dx, -dy, dx, dy)
        made = 0
        items = self.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect)
        if items:  # (a new window's empty scene has none: it starts without the item classes)
            FrameItem = item_classes()[0]  # noqa: N806 - a class
        for item in items:
            if isinstance(item, FrameItem) and item.materialise():
                made += 1
        self._made = area
        return made

    def set_detail(self, on: bool) -> None:
        """Frames and rows draw themselves (close up), or the frames' far-out pictures are drawn with the
        arrows, under the items (far out: cheaper; see `canvas.framedraw`)."""
        if on == self._detail:
            return
        self._detail = on
        self.lift.drop()  # close up the frames are items again
        for frame in self._frames.values():
            frame.set_detail(on)

    @property
    def detail(self) -> bool:
        return self._detail

    def _place(self, frames: list[FrameItem]) -> None:
        """Auto-lay out frames the model has no position for (a view matter: nothing is saved)."""
        if not frames:
            return
        from flowedit.gui.canvas.arrange import arrange
        flow = self.session.flow
        sizes = self.frame_sizes()
        only = {f.path for f in frames}
        partial = len(only) != len(self._frames)
        positions = arrange(flow, sizes, only if partial else None)
        if partial and positions:
            # Beyond every frame already standing (placed by the user or by an earlier layout).
            others = QRectF()
            for frame in self._frames.values():
                if frame.path not in only:
                    others = others.united(frame.mapRectToScene(frame.extent()))
            if not others.isNull():
                left = min(x for x, _ in positions.values())
                top = min(y for _, y in positions.values())
                dx, dy = others.right() + NEW_FRAME_GAP - left, others.top() - top
                positions = {p: (x + dx, y + dy) for p, (x, y) in positions.items()}
        bulk, self._bulk = self._bulk, True
        try:
            for frame in frames:
                x, y = positions.get(frame.path, (0.0, 0.0))
                self._auto[frame.document] = QPointF(x, y)
                frame.setPos(QPointF(x, y))
        finally:
            self._bulk = bulk
        if not bulk:
            damage = None
            for frame in frames:
                damage = unite(damage, self.arrows.adjust(frame))
            self._content = None
            self._damage(damage)

    def frame_sizes(self) -> dict[str, tuple[float, float]]:
        """(width, height) of each frame for the layout, with the ports and missing-link markers it carries."""
        sizes = {}
        for frame in self._frames.values():
            extent = frame.extent()
            sizes[frame.path] = (max(frame.width, extent.right()), max(frame.height, extent.bottom()))
        return sizes

    def _rest_position(self, frame: FrameItem) -> QPointF:
        saved = self.session.flow.position(frame.path)
        return QPointF(*saved) if saved is not None else self._auto.get(frame.document, QPointF())

    # -- arrows ------------------------------------------------------------------------------
    def refresh_links(self, documents: list[Document] | None = None) -> None:
        """Derive the arrows of `documents` (default: all) again from the model (see `canvas.arrows`)."""
        self._damage(self.arrows.refresh(self, documents))
        self._content = None

    def frame_moved(self, frame: FrameItem) -> None:
        """A frame moved (dragged, or placed from the model): re-route its arrows."""
        self._made = None  # it may have moved into view without its rows
        if self._bulk:
            return  # the builder routes every arrow once, at the end
        damage = self.arrows.adjust(frame)
        self._highlights.follow()
        rect, dragging = frame.sceneBoundingRect(), bool(self._pressed) and self.mouseGrabberItem() is not None
        if not self.sceneRect().contains(rect):  # (the release sets it to fit: `commit_moves`)
            self.setSceneRect(grown_scene_rect(self.sceneRect(), rect, MARGIN, dragging))
        if self.lift.carry(frame, damage, dragging):
            return  # dragged far out: drawn over the pictures until the drag ends
        self._damage(damage)
        self._content = None
        self.overviewChanged.emit()

    def frame_redrawn(self, frame: FrameItem) -> None:
        """Far out, `frame`'s picture changed (or it moved, or leaves): views draw its area again."""
        if self.lift.holds(frame):
            self.update(frame.sceneBoundingRect())  # drawn over the pictures: copied, not drawn
        elif not self._bulk:  # a build damages everything once it is done
            self._damage(frame.sceneBoundingRect())

    def _damage(self, area: QRectF | None) -> None:
        """The arrows drawn in scene `area` changed: views draw that part of their backdrop again."""
        if area is None or area.isNull():
            return
        self.backdropChanged.emit(QRectF() if area.width() >= EVERYWHERE.width() else area)

    def drawBackground(self, painter, rect: QRectF) -> None:  # noqa: N802 - Qt's name
        """The arrows, under every item, and far out the frames (views other than `FlowView`, and `render`)."""
        super().drawBackground(painter, rect)
        palette = self.palette()
        far = m.level_of_detail(painter) < m.LOD_TEXT
        arrows = self.arrows
        linkdraw.paint_links(painter, arrows.items(), rect, palette, arrows.batches(palette) if far else None,
                             arrows.highlighted())
        if not self._detail:
            framedraw.paint_frames(painter, self, rect)
            self.lift.paint(painter, rect)

    def render(self, painter, target: QRectF = QRectF(), source: QRectF = QRectF(),  # noqa: B008 - Qt's defaults
               mode: Qt.AspectRatioMode = Qt.AspectRatioMode.KeepAspectRatio) -> None:
        """As QGraphicsScene.render, first making (and showing) the rows the picture's scale shows."""
        source = QRectF(source) if not source.isNull() else self.sceneRect()
        if target.isNull():
            device = painter.device()
            target = QRectF(0, 0, device.width(), device.height()) if device is not None else source
        scale = min(target.width() / max(source.width(), 1e-9), target.height() / max(source.height(), 1e-9))
        detail = m.level_of_detail(painter) * scale >= m.LOD_TEXT
        if detail:
            self.materialise(source)
        shown = self._detail
        self.set_detail(detail)
        try:
            super().render(painter, target, source, mode)
        finally:
            self.set_detail(shown)

    def update_scene_rect(self) -> None:
        """Set the scene rectangle explicitly (an implicit one costs an items scan on every change)."""
        rect = self.content_rect()
        if rect.isNull():
            rect = QRectF(0, 0, 800, 600)
        self.setSceneRect(rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))

    # -- moving frames -----------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        self._materialise_at(event.scenePos())  # the click may be meant for a row not made yet
        self._pressed = {f: f.pos() for f in self._frames.values()}
        super().mousePressEvent(event)

    def _materialise_at(self, pos: QPointF) -> None:
        frame = self.frame_at(pos)
        if frame is not None:
            frame.materialise()

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        # A click on a card that shows the selection already (an <Identity> selected shows as its
        # Client) changes nothing in Qt's selection, yet the user picked the card's own element.
        self._push_selection()
        moved = [f for f, before in self._pressed.items() if f.scene() is self and f.pos() != before]
        self._pressed = {}
        self.lift.drop()  # back into the pictures, before the snap moves them as any move
        if moved:
            self.commit_moves(moved)

    def commit_moves(self, frames: list[FrameItem]) -> bool:
        """Record where `frames` now stand (snapped to the grid) as one undoable edit."""
        flow = self.session.flow
        positions = {f.path: (round(f.x() / GRID) * GRID, round(f.y() / GRID) * GRID) for f in frames}
        text = f"Move {frames[0].path}" if len(frames) == 1 else f"Move {len(frames)} documents"
        # One step per drag: a merge key would fold the next drag of the same frame into this one.
        done = self.session.edit(text, lambda: [(flow, flow.set_position(p, xy)) for p, xy in positions.items()])
        for frame in frames:  # snapped, or back where the model says when refused
            frame.setPos(self._rest_position(frame))
        self.update_scene_rect()
        return done

    def tidy_up(self) -> bool:
        """Lay out every frame afresh, as one undoable step ("Tidy up")."""
        flow = self.session.flow
        sizes = self.frame_sizes()
        if not sizes:
            return False
        from flowedit.gui.canvas.arrange import arrange
        positions = arrange(flow, sizes)
        done = self.session.edit("Tidy up", lambda: [(flow, flow.set_position(p, xy)) for p, xy in positions.items()])
        self.update_scene_rect()
        return done

    # -- selection ---------------------------------------------------------------------------
    def _push_selection(self) -> None:
        if self._syncing:
            return
        FrameItem, NodeItem = item_classes()  # noqa: N806 - classes
        refs = [item.ref for item in self.selectedItems() if isinstance(item, (FrameItem, NodeItem))]
        current = self.session.selection
        ordered = [r for r in current if r in refs] + [r for r in refs if r not in current]
        self._syncing = True
        try:
            self.session.select(ordered)
        finally:
            self._syncing = False
        self._raise_selected()

    def _pull_selection(self) -> None:
        if self._syncing:
            return
        wanted = [item for item in (self.item_for(r) for r in self.session.selection) if item is not None]
        self._syncing = True
        try:
            for item in self.selectedItems():
                if item not in wanted:
                    item.setSelected(False)
            for item in wanted:
                item.setSelected(True)
        finally:
            self._syncing = False
        self._raise_selected()

    def _raise_selected(self) -> None:
        """Raise selected frames, and recolour the arrows at frames whose selection changed."""
        selected = self.selectedItems()
        if selected:  # (nothing is selected in a new window's empty scene: no item classes needed)
            FrameItem, NodeItem = item_classes()  # noqa: N806 - classes
        raised = {item for item in selected if isinstance(item, FrameItem)}
        touched = raised | {item.frame for item in selected if isinstance(item, NodeItem)}
        for frame in raised ^ self._raised:
            frame.setZValue(1.0 if frame in raised else 0.0)
        overview = raised != self._raised
        self._damage(self.arrows.rehighlight(touched | self._touched))
        self._raised, self._touched = raised, touched
        if overview:
            self.overviewChanged.emit()  # the mini-map marks selected frames

    # -- drops from the palette (decided in canvas.drops) ----------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(drops.MIME_TYPE):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        # Not calling the base class: it accepts only over items that accept drops (ecosystem §1.14).
        drops.drag_move(self, event, self._indicator)

    def dragLeaveEvent(self, event) -> None:
        drops.drag_ended(self, self._indicator)

    def dropEvent(self, event) -> None:
        drops.drop_event(self, event, self._indicator)

    def set_caching(self, on: bool) -> None:
        """Cache frames and nodes as device pixmaps (fast dragging in a view) or not (vector export)."""
        mode = QGraphicsItem.CacheMode.DeviceCoordinateCache if on else QGraphicsItem.CacheMode.NoCache
        self._caching = on
        for frame in self._frames.values():
            frame.setCacheMode(mode)
            for node in frame.built_nodes():
                node.setCacheMode(mode)

    # -- tooltips and palette ----------------------------------------------------------------
    def helpEvent(self, event) -> None:
        self._materialise_at(event.scenePos())
        from flowedit.gui.canvas import tooltips
        text = ""
        for item in self.items(event.scenePos()):
            text = tooltips.tooltip_text(self, item)
            if text:
                break
        if text:
            QToolTip.showText(event.screenPos(), text)
        else:
            QToolTip.hideText()
        event.setAccepted(bool(text))

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.PaletteChange:
            for item in self.items():  # cached pictures are in the old colours
                item.update()
            self._damage(EVERYWHERE)
            self.overviewChanged.emit()
        return super().event(event)

