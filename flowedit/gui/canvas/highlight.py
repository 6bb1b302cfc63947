"""Glows on the canvas: the simulator's orange trace, and the comparison's added/changed/moved marks.

`HighlightLayers` is owned by `FlowScene` (`scene.highlight(refs, style=...)`): one independent layer
(`Highlights`) per style, so the simulator's trace ("trace", the default) and a comparison's marks
("diff-added", "diff-changed", "diff-moved", "diff-removed") never clear each other. Each highlighted ref gets one
`TraceItem`, a top-level overlay drawn above the frames around the item that shows the ref; the
items themselves, the selection and the model are never touched. The overlays take no mouse buttons
and no hover, so clicks, drags and tooltips go through them to the canvas beneath. After the scene
rebuilds a frame or moves one, `follow()` finds the items again and re-places the overlays (a removed
element simply loses its glow).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from flowedit.gui import style
from flowedit.gui.canvas.items import item_classes
from flowedit.gui.canvas.items import metrics as m
from flowedit.gui.session import Ref

if TYPE_CHECKING:
    from flowedit.gui.canvas.scene import FlowScene

Z_TRACE = 50.0  # above every frame (selected frames are raised to 1)
Z_DIFF = 49.0  # under the trace: "the call is here" wins over "this changed"
GLOW = 7.0  # how far the glow reaches outside the item
TRACE = "trace"
DIFF_PREFIX = "diff-"


class TraceItem(QGraphicsItem):
    """A glowing outline around the item showing `ref` (see the module docstring)."""

    def __init__(self, ref: Ref, primary: bool, style_name: str = TRACE) -> None:
        super().__init__()
        self.ref = ref
        self.primary = primary  # the current verb (strong) or the leg's target (lighter)
        self.style = style_name
        self.target: QGraphicsItem | None = None
        self._rect = QRectF()
        self._radius = m.CARD_RADIUS
        self.setZValue(Z_TRACE if style_name == TRACE else Z_DIFF)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def place(self, target: QGraphicsItem | None) -> None:
        """Wrap `target` (in scene coordinates), or hide when nothing shows the ref."""
        self.target = target
        self.setVisible(target is not None)
        if target is None:
            return
        FrameItem = item_classes()[0]  # noqa: N806 - a class (not imported with this module: see items)
        self.prepareGeometryChange()
        local = target.boundingRect()
        if isinstance(target, FrameItem):  # its body, not the margin its shadow needs
            local = target.rect()
            self._radius = m.RADIUS
        else:
            self._radius = m.CARD_RADIUS
        self._rect = target.mapRectToScene(local)
        self.setPos(0.0, 0.0)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-GLOW - 1, -GLOW - 1, GLOW + 1, GLOW + 1)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._rect.isNull():
            return
        palette = m.palette_of(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.style.startswith(DIFF_PREFIX):
            self._paint_diff(painter, style.diff_colour(self.style[len(DIFF_PREFIX):], palette))
            return
        colour = style.trace_colour(palette)
        # A soft halo made of widening, fading strokes, then a crisp line on the item's edge.
        for width, alpha in ((GLOW * 2, 28), (GLOW * 1.2, 46), (GLOW * 0.6, 70)):
            halo = QColor(colour)
            halo.setAlpha(alpha if self.primary else alpha // 2)
            painter.setPen(QPen(halo, width))
            painter.drawRoundedRect(self._rect, self._radius, self._radius)
        pen = QPen(colour, 2.2 if self.primary else 1.6)
        if not self.primary:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(self._rect.adjusted(-1, -1, 1, 1), self._radius, self._radius)

    def _paint_diff(self, painter: QPainter, colour: QColor) -> None:
        # Quieter than the trace: a narrow wash and a solid edge, so many marks at once stay readable.
        halo = QColor(colour)
        halo.setAlpha(55)
        painter.setPen(QPen(halo, GLOW * 0.8))
        painter.drawRoundedRect(self._rect, self._radius, self._radius)
        painter.setPen(QPen(colour, 2.0))
        painter.drawRoundedRect(self._rect.adjusted(-1, -1, 1, 1), self._radius, self._radius)


class Highlights:
    """One layer of overlays of one style, one per highlighted ref."""

    def __init__(self, scene: FlowScene, style_name: str = TRACE) -> None:
        self.scene = scene
        self.style = style_name
        self._items: list[TraceItem] = []

    @property
    def refs(self) -> list[Ref]:
        return [item.ref for item in self._items]

    def set(self, refs: list[Ref]) -> None:
        """Highlight exactly `refs` (the first one strongest); [] clears."""
        unique = list(dict.fromkeys(refs))  # in order, each once (a comparison of 3,000 comparing each: 9 M)
        for item in self._items:
            if item.scene() is self.scene:
                self.scene.removeItem(item)
        self._items = [TraceItem(ref, i == 0 or self.style != TRACE, self.style) for i, ref in enumerate(unique)]
        for item in self._items:
            self.scene.addItem(item)
        self.follow()

    def follow(self) -> None:
        """Find each ref's item again (after a rebuild) and wrap it where it stands now."""
        documents = set(self.scene.session.flow.documents.values())
        for item in self._items:
            ref = item.ref
            alive = ref.document in documents and (ref.eid is None or ref.document.contains(ref.eid))
            item.place(self.scene.item_for(ref) if alive else None)

    def items(self) -> list[QGraphicsItem]:
        """The canvas items that glow now (frames or nodes), in the order of the refs."""
        return [item.target for item in self._items if item.target is not None and item.isVisible()]

    def overlays(self) -> list[TraceItem]:
        return list(self._items)


class HighlightLayers:
    """The scene's highlight layers by style, made on first use; `follow` re-places all of them."""

    def __init__(self, scene: FlowScene) -> None:
        self.scene = scene
        self._layers: dict[str, Highlights] = {}

    def layer(self, style_name: str = TRACE) -> Highlights:
        if style_name != TRACE and not style_name.startswith(DIFF_PREFIX):
            raise ValueError(f"unknown highlight style {style_name!r}")
        if style_name not in self._layers:
            self._layers[style_name] = Highlights(self.scene, style_name)
        return self._layers[style_name]

    def set(self, refs: list[Ref], style_name: str = TRACE) -> None:
        self.layer(style_name).set(refs)

    def follow(self) -> None:
        for layer in self._layers.values():
            layer.follow()

    def items(self, style_name: str = TRACE) -> list[QGraphicsItem]:
        layer = self._layers.get(style_name)
        return layer.items() if layer is not None else []
