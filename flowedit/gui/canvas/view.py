"""`FlowView`: the window onto a `FlowScene` — zoom, pan, fit, a dotted grid and the mini-map.

Plain wheel scrolls; Ctrl+wheel zooms about the cursor, as do the standard Zoom In / Zoom Out keys;
Ctrl+0 fits the whole flow. The middle button, or Space held down, pans. A left drag on empty canvas
draws a rubber band (Ctrl adds to the selection). Zoom and scroll are view state, never undoable.
The background grid and every colour follow the palette.

Before each paint the view tells the scene what it is about to show: close up (at the text level of
detail or more) the frames in view make their rows (`FlowScene.materialise`); far out no item draws
itself and the frames are drawn with the grid and the arrows (`FlowScene.set_detail`,
`canvas.framedraw`). That backdrop is a cached picture a little larger than the viewport
(`canvas.backdrop`): a pan copies it and draws at most what comes into view, a zoom step far out
scales it until the zoom rests.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPixmapCache
from PySide6.QtWidgets import QGraphicsView, QWidget

from flowedit.gui.canvas.backdrop import Backdrop
from flowedit.gui.canvas.items import metrics as m
from flowedit.gui.canvas.minimap import MiniMap
from flowedit.gui.canvas.scene import FlowScene
from flowedit.gui.session import Ref

MIN_ZOOM, MAX_ZOOM = 0.08, 4.0
READABLE_ZOOM = 0.7  # below this, row text is too small to read on a normal screen
STEP = 1.2  # one zoom key press
FIT_MARGIN = 40.0
CACHED_VIEWPORTS = 4  # the pixmap cache holds this many viewports of item pictures


class FlowView(QGraphicsView):
    """Zoomable, pannable view of the flow (see the module docstring)."""

    zoomChanged = Signal(float)  # noqa: N815 - the new scale (1.0 = 100 %)

    def __init__(self, scene: FlowScene | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The viewport QGraphicsView makes for itself (a plain QWidget, `setViewport(nullptr)`), but made
        # in Python: asked for one made in C++, PySide6 must find out its Python class, and loads every
        # QtWidgets class to do so (~10 ms of a cold start, on the window's first `viewport()` call).
        self.setViewport(QWidget())
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self._pan_from: QPointF | None = None
        self._band_from: QPoint | None = None
        self._space = False
        self.backdrop = Backdrop(self)
        self.minimap = MiniMap(self)
        if scene is not None:
            self.setScene(scene)

    def setScene(self, scene) -> None:  # noqa: N802 - Qt's name
        super().setScene(scene)
        # With a scene the backdrop paints every pixel asked for: Qt's own fill of the whole viewport
        # before each paint (its autoFillBackground) is wasted, ~0.7 ms a frame on a large screen.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, scene is not None)
        self.backdrop.set_scene(scene)
        self.minimap.set_scene(scene)

    def visible_rect(self) -> QRectF:
        """The part of the scene the viewport shows."""
        return self.mapToScene(self.viewport().rect()).boundingRect()

    # -- zoom --------------------------------------------------------------------------------
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Scale to `factor` (clamped), keeping the scene point under `anchor` (viewport coords) still."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        current = self.zoom()
        if abs(factor - current) < 1e-6:
            return
        if anchor is not None:
            before = self.mapToScene(anchor.toPoint())
        old = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor if anchor is not None
                                     else QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(factor / current, factor / current)
        if anchor is not None:
            after = self.mapToScene(anchor.toPoint())
            delta = after - before
            self.translate(delta.x(), delta.y())
        self.setTransformationAnchor(old)
        self.zoomChanged.emit(self.zoom())
        self.minimap.update()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / STEP)

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def fit_all(self) -> None:
        """Show the whole flow (never magnified past 100 %)."""
        scene = self.scene()
        if scene is None:
            return
        rect = scene.content_rect() if hasattr(scene, "content_rect") else scene.itemsBoundingRect()
        if rect.isNull():
            return
        self.fitInView(rect.adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN),
                       Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.0:
            self.set_zoom(1.0)
        elif self.zoom() < MIN_ZOOM:
            self.set_zoom(MIN_ZOOM)
        self.centerOn(rect.center())
        self.zoomChanged.emit(self.zoom())
        self.minimap.update()

    def show_start(self) -> None:
        """The first view of a flow: all of it when that stays readable, else the entry document's
        corner at a readable zoom (a fit that shrinks text to nothing shows nothing)."""
        self.fit_all()
        if self.zoom() >= READABLE_ZOOM:
            return
        self.set_zoom(READABLE_ZOOM)
        scene = self.scene()
        frame = scene.frame_for(scene.entry_path) if scene.entry_path else None
        rect = frame.sceneBoundingRect() if frame is not None else scene.content_rect()
        viewport = self.mapToScene(self.viewport().rect()).boundingRect()
        self.centerOn(rect.left() - FIT_MARGIN + viewport.width() / 2, rect.top() - FIT_MARGIN + viewport.height() / 2)
        self.minimap.update()

    def centre_on(self, ref: Ref) -> bool:
        """Scroll so that the item showing `ref` is in view (and centred); False when nothing shows it."""
        scene = self.scene()
        item = scene.item_for(ref) if scene is not None else None
        if item is None:
            return False
        self.centerOn(item.sceneBoundingRect().center())
        self.minimap.update()
        return True

    # -- input -------------------------------------------------------------------------------
    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y() or event.angleDelta().x()
            self.set_zoom(self.zoom() * (1.0015 ** delta), event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (
                event.key() == Qt.Key.Key_Equal and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_out()
        elif event.key() == Qt.Key.Key_0 and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.fit_all()
        elif event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        else:
            super().keyReleaseEvent(event)

    def mousePressEvent(self, event) -> None:
        spot = event.position().toPoint()
        # A left press on empty canvas starts a rubber band (on an item it drags or selects the item).
        self._band_from = spot if event.button() == Qt.MouseButton.LeftButton and self.itemAt(spot) is None else None
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(delta.y()))
            event.accept()
            return
        if self._band_from is not None and self.dragMode() == QGraphicsView.DragMode.RubberBandDrag \
                and hasattr(self.scene(), "materialise"):
            # The band selects rows too (as when they exist): make the rows of frames it reaches.
            band = QRect(self._band_from, event.position().toPoint()).normalized()
            self.scene().materialise(self.mapToScene(band).boundingRect())
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        self._band_from = None
        if event.button() == Qt.MouseButton.MiddleButton and self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt's name
        super().scrollContentsBy(dx, dy)
        self.minimap.update()

    # -- painting ----------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        scene = self.scene()
        if hasattr(scene, "materialise"):
            detail = self.zoom() >= m.LOD_TEXT
            scene.set_detail(detail)
            if detail:
                scene.materialise(self.visible_rect())
        super().paintEvent(event)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 - Qt's name
        self.backdrop.paint(painter, rect)
        lift = getattr(self.scene(), "lift", None)
        if lift:  # a frame dragged far out, drawn over the picture (`canvas.lift`)
            lift.paint(painter, rect)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.minimap.place()
        # Frames and nodes keep their pictures in Qt's pixmap cache (DeviceCoordinateCache), 10 MB by
        # default: less than the items of one 100 % view of a large screen, so each repaint evicted
        # and drew them again. Room for a few viewports' worth.
        viewport, dpr = self.viewport().size(), self.devicePixelRatioF()
        needed = round(CACHED_VIEWPORTS * viewport.width() * viewport.height() * dpr * dpr * 4 / 1024)
        if QPixmapCache.cacheLimit() < needed:
            QPixmapCache.setCacheLimit(needed)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.backdrop.invalidate()
            self.viewport().update()
            self.minimap.update()
