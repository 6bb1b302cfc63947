"""`Backdrop`: what a `FlowView` shows under the items — the canvas colour, the grid dots and the arrows —
kept as one viewport-sized picture.

Drawing ~2,000 long arrows of a 1,000-document flow costs ~55 ms however it is batched (the pixels
are the cost), so the picture is kept and reused:

- a repaint over items (hover, selection, an edited frame) copies the picture;
- a pan scrolls the picture and draws only the strip that came into view;
- a change of the arrows (`FlowScene.backdropChanged`) draws only the area it names;
- a zoom needs a new picture. When the last full drawing was slow (`SLOW`), zooming first shows the
  previous picture scaled to the new zoom and draws the sharp one once the zoom has rested for
  `SETTLE_MS` (progressive, like map viewers); small flows are always drawn sharp at once.

Grid colours come from the view's palette, arrow colours from the scene's (as the items' do).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap, QPolygonF, QTransform

from flowedit.gui import style
from flowedit.gui.canvas import linkdraw
from flowedit.gui.canvas.items import metrics as m
from flowedit.gui.timers import coalescing_timer

GRID = 24.0  # scene units between grid dots at 100 %
GRID_MIN_PIXELS = 12.0  # never denser than one dot per 12 pixels
SLOW = 0.012  # seconds: a full drawing slower than this makes zooms show a scaled preview first
SETTLE_MS = 150  # how long a zoom must rest before the sharp picture is drawn


def draw_grid(painter: QPainter, area: QRectF, zoom: float, palette) -> None:
    """The dotted grid over scene `area` (the painter maps scene coordinates)."""
    step = GRID
    while step * zoom < GRID_MIN_PIXELS:
        step *= 4
    left = int(area.left() // step) * step
    top = int(area.top() // step) * step
    row = QPolygonF()
    x = left
    while x < area.right():
        row.append(QPointF(x, 0.0))
        x += step
    pen = painter.pen()
    pen.setColor(style.canvas_grid(palette))
    pen.setWidthF(1.6 / max(zoom, 1e-3))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    y = top
    while y < area.bottom():  # one row of dots, moved down the area
        painter.translate(0.0, y)
        painter.drawPoints(row)
        painter.translate(0.0, -y)
        y += step


class Backdrop(QObject):
    """The cached picture under a view's items (see the module docstring). A child of the view, so that
    the scene's signal stops reaching it when the view goes."""

    def __init__(self, view) -> None:
        super().__init__(view)
        self._view = view
        self._scene = None
        self._pixmap: QPixmap | None = None
        self._spare: QPixmap | None = None  # the previous picture's buffer, reused when scrolling
        self._transform = QTransform()  # scene → viewport when the picture was drawn
        self._dirty: list[QRectF] = []  # scene areas to draw again
        self._all_dirty = True
        self._slow = False  # the last full drawing took longer than SLOW
        self._preview_zoom = 0.0  # the zoom the last preview was shown at
        self._timer = coalescing_timer(view, SETTLE_MS, self._settle)
        self.full_draws = 0  # how many full drawings were made (tests, benchmarks)
        self.last_full_seconds = 0.0

    # -- following the scene -----------------------------------------------------------------
    def set_scene(self, scene) -> None:
        if self._scene is not None and hasattr(self._scene, "backdropChanged"):
            self._scene.backdropChanged.disconnect(self.invalidate)
        self._scene = scene
        if scene is not None and hasattr(scene, "backdropChanged"):
            scene.backdropChanged.connect(self.invalidate)
        self.invalidate()

    def invalidate(self, area: QRectF | None = None) -> None:
        """Draw scene `area` (default: everything) again at the next paint, and ask for that paint."""
        viewport = self._view.viewport()
        if area is None or area.isNull():
            self._all_dirty = True
            viewport.update()
            return
        self._dirty.append(QRectF(area))
        rect = self._view.viewportTransform().mapRect(area).toAlignedRect().adjusted(-2, -2, 2, 2)
        viewport.update(rect.intersected(viewport.rect()))

    # -- painting ----------------------------------------------------------------------------
    def paint(self, painter: QPainter, exposed: QRectF) -> None:
        """Draw the backdrop for the view's `drawBackground` (the painter maps scene coordinates)."""
        view = self._view
        viewport = view.viewport()
        size, dpr = viewport.size(), viewport.devicePixelRatioF()
        now = view.viewportTransform()
        pixmap = self._pixmap
        if pixmap is None or self._all_dirty or pixmap.deviceIndependentSize().toSize() != size \
                or pixmap.devicePixelRatio() != dpr or now.type().value > QTransform.TransformationType.TxScale.value:
            self._draw_all(now)
        elif now.m11() != self._transform.m11() or now.m22() != self._transform.m22():
            if self._slow and now.m11() != self._preview_zoom:  # still zooming
                self._preview(painter, exposed, now)
                return
            self._draw_all(now)  # the zoom rested (or drawing is quick)
        else:
            dx, dy = now.dx() - self._transform.dx(), now.dy() - self._transform.dy()
            if dx or dy:
                self._scroll(dx, dy, now)
            self._draw_dirty()
        self._preview_zoom = 0.0  # the picture shown is sharp
        painter.save()
        painter.resetTransform()
        painter.drawPixmap(0, 0, self._pixmap)
        painter.restore()

    def _draw_all(self, transform: QTransform) -> None:
        viewport = self._view.viewport()
        dpr = viewport.devicePixelRatioF()
        size = viewport.size()
        if self._pixmap is None or self._pixmap.size() != size * dpr:
            self._pixmap = QPixmap(size * dpr)
            self._spare = None
        self._pixmap.setDevicePixelRatio(dpr)
        self._transform = QTransform(transform)
        self._all_dirty, self._dirty, self._preview_zoom = False, [], 0.0
        self._timer.stop()
        start = time.perf_counter()
        self._draw(self._pixmap, [QRect(0, 0, size.width(), size.height())])
        self.last_full_seconds = time.perf_counter() - start
        self._slow = self.last_full_seconds > SLOW
        self.full_draws += 1

    def _scroll(self, dx: float, dy: float, transform: QTransform) -> None:
        """Move the picture with a pan (whole pixels) and draw the strips that came into view."""
        size = self._view.viewport().size()
        w, h = size.width(), size.height()
        ix, iy = round(dx), round(dy)
        dpr = self._pixmap.devicePixelRatio()
        # Whole device pixels only (a fractional scale factor would resample the picture): else redraw.
        if abs(dx - ix) > 1e-3 or abs(dy - iy) > 1e-3 or abs(ix) >= w or abs(iy) >= h or dpr != round(dpr):
            self._draw_all(transform)
            return
        old = self._pixmap
        new = self._spare if self._spare is not None and self._spare.size() == old.size() else QPixmap(old.size())
        new.setDevicePixelRatio(old.devicePixelRatio())
        painter = QPainter(new)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawPixmap(ix, iy, old)
        painter.end()
        self._pixmap, self._spare = new, old
        self._transform = QTransform(transform)
        strips = []
        if ix > 0:
            strips.append(QRect(0, 0, ix, h))
        elif ix < 0:
            strips.append(QRect(w + ix, 0, -ix, h))
        if iy > 0:
            strips.append(QRect(0, 0, w, iy))
        elif iy < 0:
            strips.append(QRect(0, h + iy, w, -iy))
        self._draw(self._pixmap, strips)

    def _draw_dirty(self) -> None:
        if not self._dirty:
            return
        size = self._view.viewport().size()
        bounds = QRect(0, 0, size.width(), size.height())
        rects = []
        for area in self._dirty:
            rect = self._transform.mapRect(area).toAlignedRect().adjusted(-2, -2, 2, 2).intersected(bounds)
            if not rect.isEmpty():
                rects.append(rect)
        self._dirty = []
        if len(rects) > 8:  # many small changes: one drawing of what holds them all
            united = QRect()
            for rect in rects:
                united = united.united(rect)
            rects = [united]
        if rects:
            self._draw(self._pixmap, rects)

    def _draw(self, pixmap: QPixmap, rects: list[QRect]) -> None:
        """Draw the canvas colour, grid and arrows into viewport `rects` of `pixmap`."""
        view, scene = self._view, self._scene
        inverse, _ok = self._transform.inverted()
        zoom = self._transform.m11()
        palette = view.palette()
        painter = QPainter(pixmap)
        painter.setRenderHints(view.renderHints())
        for rect in rects:
            painter.save()
            painter.setClipRect(rect)
            painter.setTransform(self._transform)
            area = inverse.mapRect(QRectF(rect))
            painter.fillRect(area, style.canvas_background(palette))
            draw_grid(painter, area, zoom, palette)
            if scene is not None and hasattr(scene, "arrows"):
                links_palette = scene.palette()
                far = zoom < m.LOD_TEXT
                arrows = scene.arrows
                linkdraw.paint_links(painter, arrows.items(), area, links_palette,
                                     arrows.batches(links_palette) if far else None, arrows.highlighted())
            painter.restore()
        painter.end()

    def _preview(self, painter: QPainter, exposed: QRectF, transform: QTransform) -> None:
        """A zoom in progress: the last sharp picture scaled to the new zoom; the sharp one follows."""
        self._preview_zoom = transform.m11()
        self._timer.start()
        palette = self._view.palette()
        inverse, _ok = self._transform.inverted()
        source = QRectF(self._pixmap.rect())
        shown = inverse.mapRect(QRectF(QPointF(0, 0), self._pixmap.deviceIndependentSize()))
        for rest in _outside(exposed, shown):  # around the picture when zooming out: a live grid
            painter.fillRect(rest, style.canvas_background(palette))
            draw_grid(painter, rest, transform.m11(), palette)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)  # a moment's picture: fast
        painter.drawPixmap(shown, self._pixmap, source)
        painter.restore()

    def _settle(self) -> None:
        """The zoom rested: draw the sharp picture."""
        if self._preview_zoom:
            self._all_dirty = True
            self._view.viewport().update()


def _outside(area: QRectF, hole: QRectF) -> list[QRectF]:
    """`area` minus `hole`, as up to four rectangles (above, below, left, right)."""
    inner = area.intersected(hole)
    if inner.isEmpty():
        return [area]
    out = [QRectF(area.left(), area.top(), area.width(), inner.top() - area.top()),
           QRectF(area.left(), inner.bottom(), area.width(), area.bottom() - inner.bottom()),
           QRectF(area.left(), inner.top(), inner.left() - area.left(), inner.height()),
           QRectF(inner.right(), inner.top(), area.right() - inner.right(), inner.height())]
    return [r for r in out if r.width() > 0 and r.height() > 0]
