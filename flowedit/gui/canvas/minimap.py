"""`MiniMap`: an overview of the whole flow in a corner of the view; click or drag to go there.

It draws the frames as small rounded blocks (the entry one tinted, selected ones highlighted) and
the part of the scene the view shows as a rectangle, reading the scene's frames at paint time. It is
a child of the view itself, not of its viewport, so scrolling does not move it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from flowedit.gui import style
from flowedit.gui.timers import coalescing_timer

SIZE = (200, 140)
MARGIN = 12


class MiniMap(QWidget):
    """The overview (see the module docstring)."""

    def __init__(self, view) -> None:
        super().__init__(view)
        self._view = view
        self._scene = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_NoMousePropagation)
        self.resize(*SIZE)
        # scene changes come in bursts: repaint once after them
        self._timer = coalescing_timer(self, 30, self.update)
        # (key, pixmap of the panel and frames, scale, offset): a pan only moves the view rectangle, and
        # drawing 1,000 frames (and scanning them for the world rectangle) on every scroll cost ~50 ms.
        self._cache = None

    def set_scene(self, scene) -> None:
        if self._scene is not None:
            self._signal(self._scene).disconnect(self._changed)
        self._scene = scene
        self._cache = None
        if scene is not None:
            self._signal(scene).connect(self._changed)
        self.update()

    @staticmethod
    def _signal(scene):
        # A FlowScene says when frames came, went, moved or were selected; `changed` fires on any
        # repaint of any item too (a hover, a row made), and redrawing 1,000 frames each time costs.
        return getattr(scene, "overviewChanged", None) or scene.changed

    def _changed(self, _regions=None) -> None:
        self._cache = None  # the frames moved, came or went: draw them again
        if not self._timer.isActive():
            self._timer.start()

    def place(self) -> None:
        """Keep to the bottom-right corner of the view's viewport."""
        area = self._view.viewport().geometry()
        self.move(area.right() - self.width() - MARGIN + 1, area.bottom() - self.height() - MARGIN + 1)
        self.raise_()

    def _world(self) -> QRectF:
        scene = self._scene
        rect = scene.content_rect() if hasattr(scene, "content_rect") else scene.itemsBoundingRect()
        return rect.adjusted(-40, -40, 40, 40)  # not the visible part: the map must hold still while dragged

    def _visible(self) -> QRectF:
        return self._view.mapToScene(self._view.viewport().rect()).boundingRect()

    def _mapping(self) -> tuple[float, QPointF]:
        world = self._world()
        inner = QRectF(self.rect()).adjusted(6, 6, -6, -6)
        scale = min(inner.width() / max(world.width(), 1.0), inner.height() / max(world.height(), 1.0))
        offset = QPointF(inner.center().x() - world.center().x() * scale,
                         inner.center().y() - world.center().y() * scale)
        return scale, offset

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._scene is None:
            return
        palette = self.palette()
        dpr = self.devicePixelRatioF()
        key = (self.size(), palette.cacheKey(), dpr)
        if self._cache is None or self._cache[0] != key:
            pixmap = QPixmap(self.size() * dpr)
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(Qt.GlobalColor.transparent)
            scale, offset = self._paint_frames(pixmap, palette)
            self._cache = (key, pixmap, scale, offset)
        _key, pixmap, scale, offset = self._cache
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.drawPixmap(0, 0, pixmap)

        def to_map(rect: QRectF) -> QRectF:
            return QRectF(rect.topLeft() * scale + offset, rect.size() * scale)

        highlight = palette.color(QPalette.ColorRole.Highlight)
        view_rect = to_map(self._visible()).intersected(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        fill = QColor(highlight)
        fill.setAlphaF(0.12)
        painter.setPen(QPen(highlight, 1.5))
        painter.setBrush(fill)
        painter.drawRect(view_rect)
        painter.end()

    def _paint_frames(self, device, palette) -> tuple[float, QPointF]:
        """The panel and the frames (what stays put while the view scrolls); returns the mapping used."""
        painter = QPainter(device)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        panel = style.blend(style.canvas_background(palette), palette.color(QPalette.ColorRole.Base), 0.5)
        panel.setAlphaF(0.92)
        painter.setPen(QPen(style.frame_border(palette), 1.0))
        painter.setBrush(panel)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 7, 7)
        scale, offset = self._mapping()

        def to_map(rect: QRectF) -> QRectF:
            return QRectF(rect.topLeft() * scale + offset, rect.size() * scale)

        highlight = palette.color(QPalette.ColorRole.Highlight)
        entry = getattr(self._scene, "entry_path", None)
        frames = self._scene.frames() if hasattr(self._scene, "frames") else []
        for frame in frames:
            rect = to_map(frame.mapRectToScene(frame.rect()))
            fill = style.frame_fill(palette)
            if frame.path == entry:
                fill = style.blend(fill, style.badge_colours(palette)[0], 0.8)
            painter.setPen(QPen(highlight if frame.isSelected() else style.frame_border(palette), 1.0))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 2, 2)
        painter.end()
        return scale, offset

    def _go(self, point: QPointF) -> None:
        scale, offset = self._mapping()
        self._view.centerOn((point - offset) / scale)
        self.update()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self._go(event.position())
            event.accept()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._go(event.position())
            event.accept()
