"""`Backdrop`: what a `FlowView` shows under its items — the canvas colour, the grid dots, the arrows and,
far out, the frames — kept as one picture a little larger than the viewport.

Drawing the ~2,000 long arrows of a 1,000-document flow costs ~45 ms on a large screen however it is
batched, and even a 20-pixel strip of them ~6 ms (Qt flattens every curve that crosses the strip
whole), so the picture is kept and reused:

- it reaches `MARGIN` pixels beyond each side of the viewport. A pan moves the viewport over it and
  draws nothing while the viewport stays inside; when it leaves, the picture is scrolled in place and
  only what the viewport misses is drawn. Missing margins are drawn once the event loop is idle
  (`_fill`), so the next pan finds them ready;
- a repaint over items (hover, selection, an edited frame) copies the part it needs;
- a change of the arrows, or far out of a frame (`FlowScene.backdropChanged`), drops the area it
  names from the picture; that area is drawn again where it is seen;
- a zoom needs a new picture. When the last full drawing was slow (`SLOW`), zooming first shows the
  previous picture scaled to the new zoom (frames beyond it drawn live) and draws the sharp one once
  the zoom has rested for `SETTLE_MS` (progressive, like map viewers); small flows are drawn sharp
  at once.

Far out (the scene's `detail` off) the picture holds the frames too (`canvas.framedraw`), so a pan or
a zoom step costs a copy of pixels however many documents are in view.

Grid colours come from the view's palette, arrow and frame colours from the scene's (as the items' do).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap, QPolygonF, QRegion, QTransform

from flowedit.gui import style
from flowedit.gui.canvas import framedraw, linkdraw
from flowedit.gui.canvas.items import metrics as m
from flowedit.gui.timers import coalescing_timer

GRID = 24.0  # scene units between grid dots at 100 %
GRID_MIN_PIXELS = 12.0  # never denser than one dot per 12 pixels
SLOW = 0.012  # seconds: a full drawing slower than this makes zooms show a scaled preview first
SETTLE_MS = 150  # how long a zoom must rest before the sharp picture is drawn
MARGIN = 128  # pixels of picture kept beyond each side of the viewport (~1.3× its area on a large screen)
QUICK_FILL = 0.025  # seconds: a slower fill of the margins waits until the view rests
MAX_PIECES = 8  # a region to draw in more rectangles than this is drawn as the rectangle around it


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
        self._transform = QTransform()  # scene → picture (logical pixels)
        self._valid = QRegion()  # what of the picture is drawn and current (logical pixels)
        self._restart = True  # draw a new picture at the next paint
        self._timing = False  # the next drawing is a whole new picture's: time it
        self._frames = False  # the picture holds the frames (the scene is far out)
        self._slow = False  # the last full drawing took longer than SLOW
        self._preview_zoom = 0.0  # the zoom the last preview was shown at
        self._timer = coalescing_timer(view, SETTLE_MS, self._settle)
        self._filler = coalescing_timer(view, 0, self._fill)
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
        """Draw scene `area` (default: everything) again where it is seen, and ask for that paint."""
        viewport = self._view.viewport()
        if area is None or area.isNull():
            self._restart = True
            viewport.update()
            return
        if self._pixmap is not None:
            self._valid -= QRegion(self._transform.mapRect(area).toAlignedRect().adjusted(-2, -2, 2, 2))
        rect = self._view.viewportTransform().mapRect(area).toAlignedRect().adjusted(-2, -2, 2, 2)
        viewport.update(rect.intersected(viewport.rect()))

    def covered(self) -> QRegion:
        """The viewport area (viewport pixels) the picture holds drawn now, margins included (tests)."""
        if self._pixmap is None:
            return QRegion()
        now = self._view.viewportTransform()
        offset = QPointF(self._transform.dx() - now.dx(), self._transform.dy() - now.dy()).toPoint()
        return self._valid.translated(-offset)

    # -- painting ----------------------------------------------------------------------------
    def paint(self, painter: QPainter, exposed: QRectF) -> None:
        """Draw the backdrop for the view's `drawBackground` (the painter maps scene coordinates)."""
        view = self._view
        viewport = view.viewport()
        size, dpr = viewport.size(), viewport.devicePixelRatioF()
        now = view.viewportTransform()
        frames = self._scene is not None and not getattr(self._scene, "detail", True)
        pixmap = self._pixmap
        if pixmap is None or self._restart or frames != self._frames or pixmap.devicePixelRatio() != dpr \
                or pixmap.size() != _picture_size(size, dpr) \
                or now.type().value > QTransform.TransformationType.TxScale.value:
            self._start(now, size, dpr, frames)
        elif now.m11() != self._transform.m11() or now.m22() != self._transform.m22():
            if self._slow and now.m11() != self._preview_zoom:  # still zooming
                self._preview(painter, exposed, now)
                return
            self._start(now, size, dpr, frames)  # the zoom rested (or drawing is quick)
        elif not self._follow(now, size):
            self._start(now, size, dpr, frames)
        self._preview_zoom = 0.0  # the picture shown is sharp
        offset = QPointF(self._transform.dx() - now.dx(), self._transform.dy() - now.dy()).toPoint()
        shown = QRect(0, 0, size.width(), size.height())
        if not self._timing:  # a full drawing covers the viewport; else what this paint shows
            shown = now.mapRect(exposed).toAlignedRect().intersected(shown)
        needed = shown.translated(offset)
        missing = QRegion(needed) - self._valid
        if not missing.isEmpty() and not self._timing:
            missing = (missing | self._ahead(missing, needed)) - self._valid
        if not missing.isEmpty():
            start = time.perf_counter()
            self._valid += self._draw(missing)
            if self._timing:
                self.last_full_seconds = time.perf_counter() - start
                self._slow = self.last_full_seconds > SLOW
                self.full_draws += 1
        self._timing = False
        painter.save()
        painter.resetTransform()
        ratio = self._pixmap.devicePixelRatio()
        painter.drawPixmap(QRectF(shown), self._pixmap, QRectF(needed.x() * ratio, needed.y() * ratio,
                                                               needed.width() * ratio, needed.height() * ratio))
        painter.restore()
        if self._valid != QRegion(self._picture_rect()) or self._near_edge(offset, size):
            # While frames are being dragged, the margins wait until the drag rests: lifting a frame
            # takes its arrows out of the picture, and filling the margins they crossed at once
            # held up the drag's next move (~60 ms far out on 1,000 documents).
            if getattr(self._scene, "lift", None):
                self._filler.setInterval(SETTLE_MS)
            self._filler.start()

    def _ahead(self, missing: QRegion, needed: QRect) -> QRegion:
        """The margins beyond the edges of `needed` that `missing` runs all along (the strip a pan
        uncovered): drawn with it, in the same pass. A strip costs Qt the whole of every arrow crossing
        it however narrow it is, so a pan in one direction draws once per MARGIN pixels, not every step."""
        whole = self._picture_rect()
        top, left, width, height = needed.top(), needed.left(), needed.width(), needed.height()
        right, bottom = needed.right() + 1, needed.bottom() + 1
        sides = ((QRect(left, top, 1, height), QRect(0, top, left, height)),
                 (QRect(right - 1, top, 1, height), QRect(right, top, whole.width() - right, height)),
                 (QRect(left, top, width, 1), QRect(left, 0, width, top)),
                 (QRect(left, bottom - 1, width, 1), QRect(left, bottom, width, whole.height() - bottom)))
        ahead = QRegion()
        for edge, beyond in sides:
            if (QRegion(edge) - missing).isEmpty() and not beyond.isEmpty():
                ahead += beyond
        return ahead

    def _near_edge(self, offset: QPoint, size: QSize) -> bool:
        """Whether the viewport, at `offset` in the picture, has used up half a margin on some side."""
        whole, slack = self._picture_rect(), MARGIN // 2
        return offset.x() < slack or offset.y() < slack or offset.x() + size.width() > whole.width() - slack \
            or offset.y() + size.height() > whole.height() - slack

    def _picture_rect(self) -> QRect:
        size = self._pixmap.deviceIndependentSize()
        return QRect(0, 0, int(size.width()), int(size.height()))

    def _start(self, transform: QTransform, size: QSize, dpr: float, frames: bool) -> None:
        """A new picture: for the viewport at `transform`, MARGIN pixels beyond it; nothing drawn yet."""
        wanted = _picture_size(size, dpr)
        if self._pixmap is None or self._pixmap.size() != wanted:
            self._pixmap = QPixmap(wanted)
        self._pixmap.setDevicePixelRatio(dpr)
        self._transform = transform * QTransform.fromTranslate(MARGIN, MARGIN)
        self._valid = QRegion()
        self._frames = frames
        self._restart, self._timing, self._preview_zoom = False, True, 0.0
        self._timer.stop()

    def _follow(self, transform: QTransform, size: QSize, slack: int = 0) -> bool:
        """Keep the viewport (panned to `transform`) inside the picture: scroll the picture in place when
        it comes closer than `slack` pixels to an edge (whole pixels only). False when the picture cannot
        follow (draw a new one)."""
        ox = self._transform.dx() - transform.dx()
        oy = self._transform.dy() - transform.dy()
        ix, iy = round(ox), round(oy)
        dpr = self._pixmap.devicePixelRatio()
        # Whole device pixels only: a fractional offset (or scale factor) would resample the picture.
        if max(abs(ox - ix), abs(oy - iy), abs(ox * dpr - round(ox * dpr)), abs(oy * dpr - round(oy * dpr))) > 1e-3:
            return False
        whole = self._picture_rect()
        sx = MARGIN - ix if ix < slack or ix + size.width() > whole.width() - slack else 0
        sy = MARGIN - iy if iy < slack or iy + size.height() > whole.height() - slack else 0
        if not (sx or sy):
            return True
        if abs(sx) >= whole.width() or abs(sy) >= whole.height() or dpr != round(dpr):
            return False
        self._pixmap.scroll(round(sx * dpr), round(sy * dpr), self._pixmap.rect())
        self._valid = self._valid.translated(sx, sy).intersected(whole)
        self._transform = self._transform * QTransform.fromTranslate(sx, sy)
        return True

    def _fill(self) -> None:
        """The event loop is idle: draw the margins the picture is missing, for the next pan (and when
        a pan has used up half a margin, scroll the picture ahead of it first)."""
        if self._pixmap is None or self._restart or self._preview_zoom:
            return
        now = self._view.viewportTransform()
        frames = self._scene is not None and not getattr(self._scene, "detail", True)
        if frames != self._frames or now.m11() != self._transform.m11() or now.m22() != self._transform.m22():
            return  # a zoom or a change of detail is on its way: its paint starts a new picture
        if not self._follow(now, self._view.viewport().size(), MARGIN // 2):
            return
        missing = QRegion(self._picture_rect()) - self._valid
        if missing.isEmpty():
            return
        # One pass per idle moment (a ring of margins is four), so that input waits for at most one.
        first = _passes(missing)[0]
        start = time.thread_time()  # this thread's time: a busy machine is no reason to stop filling
        self._valid += self._draw(QRegion(first))
        # Close up, arrows cost Python per arrow: after a slow pass, wait until the view rests.
        self._filler.setInterval(0 if time.thread_time() - start < QUICK_FILL else SETTLE_MS)
        if self._valid != QRegion(self._picture_rect()):
            self._filler.start()

    def _draw(self, region: QRegion) -> QRegion:
        """Draw the canvas colour, grid, arrows and (far out) frames into `region` of the picture
        (logical pixels); returns the region drawn (it may be the rectangle around `region`).

        Each pass is clipped to one rectangle (`_passes`): under a clip of several, Qt strokes
        hairlines on a general path 15–30 times slower. A pass costs Qt every arrow crossing it,
        however small it is, so a region is drawn as the rectangle around it unless that is much
        larger (a ring of margins is drawn as its four sides)."""
        pieces = _passes(region)
        view, scene = self._view, self._scene
        inverse, _ok = self._transform.inverted()
        zoom = self._transform.m11()
        palette = view.palette()
        background = style.canvas_background(palette)
        links_palette = scene.palette() if scene is not None else palette
        arrows = getattr(scene, "arrows", None)
        far = zoom < m.LOD_TEXT
        batches = arrows.batches(links_palette) if arrows is not None and far else None
        painter = QPainter(self._pixmap)
        painter.setRenderHints(view.renderHints())
        for rect in pieces:
            painter.setClipRect(rect)
            painter.setTransform(self._transform)
            area = inverse.mapRect(QRectF(rect))
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.fillRect(area, background)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            draw_grid(painter, area, zoom, palette)
            if arrows is not None:
                linkdraw.paint_links(painter, arrows.items(), area, links_palette, batches, arrows.highlighted())
                if self._frames:
                    framedraw.paint_frames(painter, scene, area)
            painter.resetTransform()
        painter.end()
        drawn = QRegion()
        for rect in pieces:
            drawn += rect
        return drawn

    def _preview(self, painter: QPainter, exposed: QRectF, transform: QTransform) -> None:
        """A zoom in progress: the last sharp picture scaled to the new zoom; the sharp one follows."""
        self._preview_zoom = transform.m11()
        self._timer.start()
        palette = self._view.palette()
        inverse, _ok = self._transform.inverted()
        # The largest drawn piece of the picture (the viewport's, and the margins drawn with it).
        piece = max(self._valid, key=_area, default=QRect())
        shown = inverse.mapRect(QRectF(piece))
        rests = _outside(exposed, shown)  # around it (zooming out): a live grid, and far out the frames
        for rest in rests:
            painter.fillRect(rest, style.canvas_background(palette))
            draw_grid(painter, rest, transform.m11(), palette)
        if piece.isEmpty():
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)  # a moment's picture: fast
        ratio = self._pixmap.devicePixelRatio()
        painter.drawPixmap(shown, self._pixmap, QRectF(piece.x() * ratio, piece.y() * ratio,
                                                       piece.width() * ratio, piece.height() * ratio))
        painter.restore()
        if self._frames:
            for rest in rests:
                framedraw.paint_frames(painter, self._scene, rest)

    def _settle(self) -> None:
        """The zoom rested: draw the sharp picture."""
        if self._preview_zoom:
            self._restart = True
            self._view.viewport().update()


def _area(rect: QRect) -> int:
    return rect.width() * rect.height()


def _passes(region: QRegion) -> list[QRect]:
    """The rectangles to draw `region` in, one clipped pass each: the rectangle around it, unless that
    is much larger than the region (then its own rectangles, largest first)."""
    pieces = list(region)
    bound = region.boundingRect()
    if len(pieces) > MAX_PIECES or _area(bound) <= 2 * sum(_area(r) for r in pieces):
        return [bound]
    return sorted(pieces, key=_area, reverse=True)


def _picture_size(viewport: QSize, dpr: float) -> QSize:
    """The picture's size in device pixels: the viewport's and MARGIN on every side."""
    return QSize(round((viewport.width() + 2 * MARGIN) * dpr), round((viewport.height() + 2 * MARGIN) * dpr))


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
