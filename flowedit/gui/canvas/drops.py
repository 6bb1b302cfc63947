"""Drops from the palette: where a dragged element would go, the indicator, and the edit.

The palette drags MIME type `application/x-flowedit-element` carrying UTF-8 JSON `{"tag": "Client"}`.
`drop_target` decides, from the point under the cursor, the parent and child index the element
would get, and whether `placement.placement_problem` refuses it:

- a verb over a frame goes between the rows nearest the cursor (the run order follows y);
- a Dial target over a Dial row, or over one of its targets, goes into that Dial (order by y);
- an Identity or Parameter over a Client (or anything else that can hold it) goes into it;
- over empty canvas nothing can be created: "drop verbs into a document".

`DropIndicator` shows the insertion line (red when refused); the scene shows the reason as the drag's
tooltip and refuses the drop through `session.editRefused`. `drop` makes the edit with
`placement.add_element`, so the palette, paste and the canvas refuse the same things.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QMimeData, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from flowedit.gui import style
from flowedit.gui.canvas.items import metrics as m

# Every scene makes its DropIndicator at once; what a drop needs — the vocabulary, the placement rules
# (lxml), the item classes, json — is imported by the first drag, not with a new window's empty canvas.
if TYPE_CHECKING:
    from flowedit.gui.canvas.items.frame import FrameItem
    from flowedit.gui.canvas.items.node import NodeItem
    from flowedit.model.document import Document

MIME_TYPE = "application/x-flowedit-element"
EMPTY_CANVAS = "drop verbs into a document"


def tag_of(mime: QMimeData) -> str | None:
    """The element name a palette drag carries, or None when the data is not ours or not readable."""
    if not mime.hasFormat(MIME_TYPE):
        return None
    import json

    from flowedit import twiml

    try:
        tag = json.loads(bytes(mime.data(MIME_TYPE)).decode("utf-8")).get("tag")
    except (ValueError, AttributeError):
        return None
    return tag if isinstance(tag, str) and tag and twiml.is_known(tag) else None


def mime_for(tag: str) -> QMimeData:
    """The MIME data the palette puts on a drag of `<tag>` (here so both sides agree)."""
    import json

    mime = QMimeData()
    mime.setData(MIME_TYPE, json.dumps({"tag": tag}).encode("utf-8"))
    return mime


@dataclass
class DropTarget:
    """Where a dropped `<tag>` would go, or why it cannot (document None: not over a document)."""

    tag: str
    document: Document | None
    parent: int | None
    index: int
    problem: str | None
    line: QLineF | None = None  # the insertion indicator, in scene coordinates
    frame: FrameItem | None = None

    @property
    def message(self) -> str:
        if self.problem:
            return self.problem
        doc = self.document
        return f"Drop to add <{self.tag}> to <{doc.tag(self.parent)}> in {doc.path}"


def _is_verb(tag: str) -> bool:
    from flowedit import twiml
    from flowedit.twiml.kinds import Role

    spec = twiml.element(tag)
    return spec is None or spec.role is Role.VERB or "Response" in spec.parents


def _gap(node: NodeItem, children: list[NodeItem], scene_y: float) -> tuple[int, float]:
    """(position among `children`, y in `node` of the gap) for a drop at `scene_y` inside `node`."""
    y = node.mapFromScene(QPointF(0.0, scene_y)).y()
    for i, child in enumerate(children):
        if y < child.y() + child.boundingRect().height() / 2:
            return i, child.y() - m.CARD_GAP / 2
    if children:
        last = children[-1]
        return len(children), last.y() + last.boundingRect().height() + m.CARD_GAP / 2
    return 0, node.boundingRect().height() - 4.0


def _child_index(doc: Document, parent: int, children: list[NodeItem], position: int) -> int:
    """The lxml child index (comments count) for "before the `position`-th drawn child"."""
    if position < len(children):
        return doc.index(children[position].eid)
    return len(doc.children(parent))


def _into_node(node: NodeItem, tag: str, scene_y: float) -> DropTarget:
    from flowedit.gui import placement

    doc, eid = node.document, node.eid
    if tag == "Identity":
        index, gap = 0, node.header_centre + 10.0
    else:
        position, gap = _gap(node, node.cards, scene_y)
        index = _child_index(doc, eid, node.cards, position)
    left = node.mapToScene(QPointF(node.CARD_LEFT, gap))
    right = node.mapToScene(QPointF(node.boundingRect().width() - 8.0, gap))
    return DropTarget(tag, doc, eid, index, placement.placement_problem(doc, eid, tag),
                      QLineF(left, right), node.frame)


def _into_frame(frame: FrameItem, tag: str, scene_y: float) -> DropTarget:
    from flowedit.gui import placement

    doc = frame.document
    root = doc.root_id
    position, gap = frame.row_at(scene_y)
    index = _child_index(doc, root, frame.rows, position)
    left, right = frame.mapToScene(QPointF(8.0, gap)), frame.mapToScene(QPointF(frame.width - 8.0, gap))
    return DropTarget(tag, doc, root, index, placement.placement_problem(doc, root, tag), QLineF(left, right), frame)


def drop_target(scene, pos: QPointF, tag: str) -> DropTarget:
    """Where `<tag>` dropped at scene point `pos` would go (see the module docstring)."""
    from flowedit.gui import placement
    from flowedit.gui.canvas.items.node import NodeItem

    frame = scene.frame_at(pos)
    if frame is None:
        problem = EMPTY_CANVAS if _is_verb(tag) else f"drop <{tag}> onto an element that can hold it"
        return DropTarget(tag, None, None, 0, problem)
    if _is_verb(tag):
        # Into a verb that holds verbs (Say into Gather) when over its lower part, else between rows.
        node = scene.node_at(pos)
        while isinstance(node, NodeItem):
            inside = node.mapFromScene(pos).y() > node.header_centre + node.CHIP_SIZE / 2 + 2.0
            if inside and placement.placement_problem(node.document, node.eid, tag) is None:
                return _into_node(node, tag, pos.y())
            node = node.parentItem()
        return _into_frame(frame, tag, pos.y())
    # A noun: the innermost node under the cursor that may hold it, else the nearest one that says why.
    node = scene.node_at(pos)
    first: DropTarget | None = None
    while isinstance(node, NodeItem):
        target = _into_node(node, tag, pos.y())
        if target.problem is None:
            return target
        first = first or target
        node = node.parentItem()
    if first is not None:
        return first
    target = _into_frame(frame, tag, pos.y())
    return target


def drop(scene, target: DropTarget) -> int | None:
    """Make the edit for a drop (or refuse it with its reason); the new element's id, or None."""
    from flowedit.gui import placement

    session = scene.session
    if target.problem is not None or target.document is None:
        session.editRefused.emit(target.problem or EMPTY_CANVAS)
        return None
    return placement.add_element(session, target.document, target.parent, target.index, target.tag)


class DropIndicator(QGraphicsItem):
    """The insertion line shown while dragging over the canvas: highlight colour, red when refused."""

    def __init__(self) -> None:
        super().__init__()
        self.line = QLineF()
        self.refused = False
        self.setZValue(20)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setVisible(False)

    def show_at(self, line: QLineF | None, refused: bool) -> None:
        self.prepareGeometryChange()
        self.line = line or QLineF()
        self.refused = refused
        self.setVisible(line is not None)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self.line.p1(), self.line.p2()).normalized().adjusted(-6, -6, 6, 6)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        palette = m.palette_of(self)
        colour = style.link_colour("missing", palette) if self.refused else palette.color(palette.ColorRole.Highlight)
        pen = QPen(colour, 2.5)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if self.refused:
            pen.setDashPattern([2.0, 2.0])
        painter.setPen(pen)
        painter.drawLine(self.line)
        painter.setBrush(colour)
        painter.drawEllipse(self.line.p1(), 3.5, 3.5)


# -- the scene's drag-and-drop events -------------------------------------------------------------


def drag_move(scene, event, indicator) -> None:
    """A palette element dragged over the scene: show where it would go, or why it cannot."""
    from PySide6.QtWidgets import QToolTip

    tag = tag_of(event.mimeData())
    if tag is None:
        event.ignore()
        return
    target = drop_target(scene, event.scenePos(), tag)
    indicator.show_at(target.line, target.problem is not None)
    _highlight(scene, target.frame)
    scene.dropHint.emit(target.message)
    if target.problem:
        QToolTip.showText(event.screenPos(), target.problem)
    else:
        QToolTip.hideText()
    event.acceptProposedAction()


def drop_event(scene, event, indicator) -> None:
    """A palette element dropped on the scene: insert it where `drag_move` showed (one undoable edit)."""
    tag = tag_of(event.mimeData())
    drag_ended(scene, indicator)
    if tag is None:
        event.ignore()
        return
    target = drop_target(scene, event.scenePos(), tag)
    if target.problem is not None:
        event.setDropAction(Qt.DropAction.IgnoreAction)
    event.accept()
    drop(scene, target)


def drag_ended(scene, indicator) -> None:
    """The drag left the scene or ended: take its marks away."""
    from PySide6.QtWidgets import QToolTip

    indicator.show_at(None, False)
    _highlight(scene, None)
    QToolTip.hideText()
    scene.dropHint.emit("")


def _highlight(scene, frame) -> None:
    for each in scene.frames():
        each.set_highlighted(each is frame)
