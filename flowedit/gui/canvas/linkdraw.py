"""Drawing the arrows of the canvas: all of them at once, under the items, in two levels of detail.

The `LinkItem`s are hidden scene items (identity and geometry); the view's backdrop
(`canvas.backdrop`) and the scene's background (`FlowScene.drawBackground`, for rendering) draw them
through `paint_links`:

- Far out (level of detail below `metrics.LOD_TEXT`): plain cosmetic hairlines, no dashes, heads or
  dots (the "40000 Chips" trick), batched into a few paths per colour (`overview_batches`, built
  once per change of the arrows) — dozens of `drawPath` calls instead of ~2,000 Python `paint` calls.
- Close up: each arrow in the area with its pen, dashes, head and start dot, the curve cut down to
  the part inside the area first (`visible_piece`). Stroking a 1.6-pixel pen, let alone dashing it,
  costs Qt the whole length of the path however little of it shows; on a 1,000-document flow, arrows
  tens of thousands of pixels long cross every view and made one frame at 100 % take ~2 s. The cut
  keeps the dash pattern in phase (`QPen.setDashOffset` with the length cut off), so pieces drawn
  in different frames join up.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from flowedit.gui import style
from flowedit.gui.canvas.items import metrics as m
from flowedit.gui.canvas.items.link import HEAD

MARGIN = HEAD + 4.0  # scene units around an area: a highlighted pen, the heads and the start dots
TOLERANCE = 24.0  # scene units a cut curve may run on outside the area (the cut is found numerically)
DASHES = [4.0, 3.0]


def link_colour(kind: str, highlighted: bool, backward: bool, palette) -> QColor:
    """The colour of an arrow close up (see `LinkItem`): its kind's, tinted when highlighted, faint backwards."""
    colour = style.link_colour(kind, palette)
    if highlighted:
        colour = style.blend(colour, palette.color(palette.ColorRole.Highlight), 0.6)
    elif backward:
        colour.setAlphaF(0.45)  # loops back to a menu cross everything: keep them in the background
    return colour


def paint_links(painter: QPainter, links, area: QRectF, palette, batches=None, highlighted=None) -> None:
    """Draw `links` where they cross `area` (scene coordinates; a null area: everywhere). `batches` are the
    far-out paths when already built, `highlighted` the set of highlighted links when already known."""
    if m.level_of_detail(painter) < m.LOD_TEXT:
        paint_overview(painter, batches if batches is not None else overview_batches(links, palette))
    else:
        paint_detail(painter, links, area, palette, highlighted)


# -- far out -----------------------------------------------------------------------------------
LAYERS = 16  # far out, arrows are drawn in this many layers, in scene order (see `overview_batches`)


def overview_batches(links, palette, skip=()) -> list[tuple[QColor, QPainterPath]]:
    """The arrows as a few paths of one colour each, highlighted arrows last (on top); the arrows in
    `skip` left out (a drag has lifted them: `canvas.lift`), the others kept in their layers.

    Items stacked in scene order, so where thousands of hairlines overlap the colours interleave.
    One path per colour would put one kind over all others; instead the arrows are cut, in scene
    order, into LAYERS layers, each drawn as one path per colour: a few dozen `drawPath` calls."""
    groups: dict[tuple[bool, int, str, bool], QPainterPath] = {}
    per_layer = max(1, -(-len(links) // LAYERS))
    for i, link in enumerate(links):
        if skip and link in skip:
            continue  # counted all the same: parts of the picture drawn before and after the lift agree
        highlighted = link.highlighted()
        key = (highlighted, i // per_layer, link.kind, link.backward and not highlighted)
        path = groups.get(key)
        if path is None:
            path = groups[key] = QPainterPath()
        c = link.control
        path.moveTo(c[0], c[1])
        path.cubicTo(c[2], c[3], c[4], c[5], c[6], c[7])
    out = []
    for (highlighted, _layer, kind, faint), path in sorted(groups.items(), key=lambda kv: kv[0]):
        colour = link_colour(kind, highlighted, faint, palette)
        if kind != "control":
            colour.setAlphaF(colour.alphaF() * 0.6)
        out.append((colour, path))
    return out


def paint_overview(painter: QPainter, batches: list[tuple[QColor, QPainterPath]]) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for colour, path in batches:
        painter.setPen(QPen(colour, 0.0))  # cosmetic: one pixel wide at any zoom
        painter.drawPath(path)


# -- close up ----------------------------------------------------------------------------------
def paint_detail(painter: QPainter, links, area: QRectF, palette, highlighted=None) -> None:
    """Each arrow crossing `area` in full dress: pen, dashes, head and start dot."""
    if area.isNull():
        bounds = None
        candidates = links
    else:
        r = area.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        bounds = (r.left(), r.top(), r.right(), r.bottom())
        left, top, right, bottom = bounds
        candidates = [k for k in links if k.box[0] <= right and k.box[2] >= left and k.box[1] <= bottom
                      and k.box[3] >= top]
    pens: dict[tuple, tuple[QPen, QPen, QColor]] = {}
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for link in candidates:
        lit = link.highlighted() if highlighted is None else link in highlighted
        key = (link.kind, lit, link.backward)
        style_ = pens.get(key)
        if style_ is None:
            colour = link_colour(link.kind, lit, link.backward, palette)
            pen = QPen(colour, 2.2 if lit else 1.6)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            if link.kind != "control":
                pen.setDashPattern(DASHES)
            style_ = pens[key] = (pen, QPen(colour, 1.0), colour)
        pen, outline, colour = style_
        piece, cut = visible_piece(link, bounds)
        if piece is None:
            continue
        if cut:
            pen = QPen(pen)
            pen.setDashOffset(cut / pen.widthF())  # in pen widths, like the pattern
        painter.setPen(pen)
        painter.drawPath(piece)
        c = link.control
        tip = link.tip
        head_in = bounds is None or _inside(tip[0], tip[1], bounds)
        dot_in = bounds is None or _inside(c[0], c[1], bounds)
        if head_in or dot_in:
            painter.setPen(outline)
            painter.setBrush(colour)
            if head_in:
                painter.drawPolygon(link.head)
            if dot_in:
                painter.drawEllipse(QPointF(c[0], c[1]), 2.5, 2.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)


def _inside(x: float, y: float, bounds: tuple[float, float, float, float]) -> bool:
    return bounds[0] <= x <= bounds[2] and bounds[1] <= y <= bounds[3]


def visible_piece(link, bounds) -> tuple[QPainterPath | None, float]:
    """(the part of the arrow's curve inside `bounds` (left, top, right, bottom), the length cut off its
    start); the whole path and 0 when it lies inside (or `bounds` is None), (None, 0) when it misses."""
    box = link.box
    if bounds is None or (box[0] >= bounds[0] and box[2] <= bounds[2] and box[1] >= bounds[1] and box[3] <= bounds[3]):
        return link.path(), 0.0
    c = link.control
    start, end = 0.0, 1.0
    if box[0] < bounds[0] or box[2] > bounds[2]:
        span = _span(c[0], c[2], c[4], c[6], bounds[0], bounds[2])
        if span is None:
            return None, 0.0
        start, end = span
    if box[1] < bounds[1] or box[3] > bounds[3]:
        span = _span(c[1], c[3], c[5], c[7], bounds[1], bounds[3])
        if span is None:
            return None, 0.0
        start, end = max(start, span[0]), min(end, span[1])
        if start >= end:
            return None, 0.0
    if start <= 0.0 and end >= 1.0:
        return link.path(), 0.0
    x0, y0, x1, y1, x2, y2, x3, y3 = c
    if end < 1.0:  # keep [0, end]: the left part of a de Casteljau split
        x0, y0, x1, y1, x2, y2, x3, y3 = _split(x0, y0, x1, y1, x2, y2, x3, y3, end)[0]
        start /= end
    cut = 0.0
    if start > 0.0:
        head, tail = _split(x0, y0, x1, y1, x2, y2, x3, y3, start)
        if link.kind != "control":  # only dashes need to know where the pattern stands
            path = QPainterPath(QPointF(head[0], head[1]))
            path.cubicTo(head[2], head[3], head[4], head[5], head[6], head[7])
            cut = path.length()
        x0, y0, x1, y1, x2, y2, x3, y3 = tail
    piece = QPainterPath(QPointF(x0, y0))
    piece.cubicTo(x1, y1, x2, y2, x3, y3)
    return piece, cut


def _split(x0, y0, x1, y1, x2, y2, x3, y3, t):
    """Control points of the cubic's parts over [0, t] and over [t, 1] (de Casteljau)."""
    ax, ay = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
    bx, by = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
    cx, cy = x2 + (x3 - x2) * t, y2 + (y3 - y2) * t
    dx, dy = ax + (bx - ax) * t, ay + (by - ay) * t
    ex, ey = bx + (cx - bx) * t, by + (cy - by) * t
    mx, my = dx + (ex - dx) * t, dy + (ey - dy) * t
    return (x0, y0, ax, ay, dx, dy, mx, my), (mx, my, ex, ey, cx, cy, x3, y3)


def _span(c0: float, c1: float, c2: float, c3: float, lo: float, hi: float) -> tuple[float, float] | None:
    """The smallest parameter interval outside which one coordinate of a cubic stays outside [lo, hi].

    The coordinate is monotone between the roots of its derivative; on each such piece that reaches
    into [lo, hi], the crossings are found numerically, rounded outwards (never cutting off a visible part).
    """
    a = -c0 + 3.0 * c1 - 3.0 * c2 + c3
    b = 3.0 * c0 - 6.0 * c1 + 3.0 * c2
    c = -3.0 * c0 + 3.0 * c1
    cuts = [0.0]
    qa, qb = 3.0 * a, 2.0 * b
    if abs(qa) > 1e-12:
        disc = qb * qb - 4.0 * qa * c
        if disc > 0.0:
            root = math.sqrt(disc)
            r1, r2 = (-qb - root) / (2.0 * qa), (-qb + root) / (2.0 * qa)
            if r1 > r2:
                r1, r2 = r2, r1
            if 0.0 < r1 < 1.0:
                cuts.append(r1)
            if 0.0 < r2 < 1.0:
                cuts.append(r2)
    elif abs(qb) > 1e-12 and 0.0 < -c / qb < 1.0:
        cuts.append(-c / qb)
    cuts.append(1.0)
    values = [((a * t + b) * t + c) * t + c0 for t in cuts]
    first = last = None
    for i in range(len(cuts) - 1):
        p, q, fp, fq = cuts[i], cuts[i + 1], values[i], values[i + 1]
        if (fp < lo and fq < lo) or (fp > hi and fq > hi):
            continue
        enter = p if lo <= fp <= hi else _cross(a, b, c, c0, p, q, fp, fq, lo if fp < lo else hi)
        leave = q if lo <= fq <= hi else _cross(a, b, c, c0, q, p, fq, fp, lo if fq < lo else hi)
        if first is None:
            first = enter
        last = leave
    return None if first is None else (first, last)


def _cross(a: float, b: float, c: float, d: float, t_out: float, t_in: float, f_out: float, f_in: float,
           level: float) -> float:
    """A parameter on the outer side of where the monotone cubic a t³ + b t² + c t + d crosses `level`,
    within TOLERANCE of it. `f(t_out)` is beyond `level`, `f(t_in)` is not. Regula falsi with the
    Illinois step: the arrows are nearly straight over most of their length, so it takes a few steps."""
    g_out, g_in = f_out - level, f_in - level
    w_out, w_in = g_out, g_in  # the secant's weights (halved by the Illinois step), not the values
    kept = 0
    for _ in range(60):
        if abs(g_out) <= TOLERANCE or w_in == w_out:
            break
        t = t_out - w_out * (t_in - t_out) / (w_in - w_out)
        g = ((a * t + b) * t + c) * t + d - level
        if g != 0.0 and (g > 0.0) == (g_out > 0.0):  # still outside: the crossing lies beyond t
            t_out, g_out, w_out = t, g, g
            if kept == -1:
                w_in /= 2.0
            kept = -1
        else:
            t_in, g_in, w_in = t, g, g
            if kept == 1:
                w_out /= 2.0
            kept = 1
    return t_out
