"""`Lift`: frames dragged with the mouse far out, drawn live over the view's cached backdrop.

Far out (the scene's `detail` off) the frames and the arrows are drawn into one cached picture
(`canvas.backdrop`, `canvas.framedraw`). Moving a frame there named the area of its arrows — old and
new place — to the picture on every mouse move, and the arrows of a 1,000-document flow are so long
(redirects back to menus) that the area was a strip across the whole view: each move drew every
arrow crossing it again (~40 ms on a large screen), rebuilt the far-out arrow batches (~10 ms) and
redrew the mini-map's 1,000 frames (~25 ms, with a rescan of every frame for its extent).

Instead, the first move of a drag lifts the frame out of the picture: its area and its arrows' are
drawn once without them, and until the drag ends they are drawn over the picture on every paint
(`paint`: a handful of hairlines and one recorded frame picture). A move then asks only for a repaint
of what the lifted drawing covered and covers now (`QGraphicsScene.update`: the picture is copied,
nothing of it drawn), the batches keep (lifted arrows are left out of them, in their layers), the
content rectangle only grows, and the mini-map waits (the scene rect grows ahead of the frame: `grown_scene_rect`). When the drag ends (`drop`) the frames and
arrows go back into the picture where they stand: their area is drawn once more, and the mini-map
and the content rectangle follow.

While lifted, the dragged frames' arrows show over the other frames (as the frame itself does, being
selected and raised); at rest they pass under them again. Close up (`detail` on) nothing is lifted:
frames are items there and the arrows are drawn per area.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

from flowedit.gui.canvas import framedraw, linkdraw
from flowedit.gui.canvas.arrows import unite
from flowedit.gui.canvas.items import metrics as m

if TYPE_CHECKING:
    from flowedit.gui.canvas.items.frame import FrameItem
    from flowedit.gui.canvas.items.link import LinkItem


class Lift:
    """The frames a far-out drag is moving and their arrows (see the module docstring)."""

    def __init__(self, scene, damage) -> None:
        self._scene = scene
        self._damage = damage  # the scene's: names an area the cached pictures must draw again
        self.frames: list[FrameItem] = []  # lifted frames, in the order they were lifted
        self.links: set[LinkItem] = set()

    def __bool__(self) -> bool:
        return bool(self.frames)

    def holds(self, frame: FrameItem) -> bool:
        return frame in self.frames

    def carry(self, frame: FrameItem, moved: QRectF | None, dragging: bool) -> bool:
        """`frame` moved and its arrows were re-routed (`moved`: their old and new area). True when the
        lift takes care of it: the frame is lifted, or a far-out drag lifts it now."""
        scene = self._scene
        if frame not in self.frames:
            if not dragging or scene.detail:
                return False
            self._take(frame)
        area = unite(moved, frame.sceneBoundingRect())
        scene.update(area)  # what the lifted drawing covered and covers now: copied, not drawn
        scene.grow_content(unite(area, frame.mapRectToScene(frame.extent())))
        return True

    def _take(self, frame: FrameItem) -> None:
        """Lift `frame` and its arrows out of the cached pictures: their area is drawn once without them."""
        arrows = self._scene.arrows
        taken = [link for link in arrows.at(frame) if link not in self.links]
        self.frames.append(frame)
        self.links.update(taken)
        arrows.lift(self.links)
        damage = frame.sceneBoundingRect()
        for link in taken:
            damage = unite(damage, link.extent)
        self._damage(damage)

    def drop(self) -> None:
        """The drag ended (or the scene leaves the far-out drawing): put the lifted frames and arrows
        back into the pictures where they stand now."""
        if not self.frames:
            return
        scene = self._scene
        damage = None
        for frame in self.frames:
            if frame.scene() is scene:
                damage = unite(damage, frame.sceneBoundingRect())
        for link in self.links:
            damage = unite(damage, link.extent)
        self.forget()
        self._damage(damage)
        scene.grow_content(None)  # measured afresh when next asked
        scene.overviewChanged.emit()  # the mini-map shows the frames where they went

    def forget(self) -> None:
        """Lift nothing any more, without drawing anything again (the scene is drawn afresh anyway)."""
        self.frames, self.links = [], set()
        self._scene.arrows.lift(())

    def paint(self, painter, area: QRectF) -> None:
        """Draw the lifted arrows, then the lifted frames, over what the backdrop drew of scene `area`
        (the painter maps scene coordinates)."""
        if not self.frames:
            return
        scene = self._scene
        if m.level_of_detail(painter) < m.LOD_TEXT:  # else the arrows are drawn per area, lifted or not
            links = [link for link in self.links if link.scene() is scene]
            linkdraw.paint_overview(painter, linkdraw.overview_batches(links, scene.palette()))
        frames = [f for f in self.frames if f.scene() is scene and f.isVisible()
                  and f.sceneBoundingRect().intersects(area)]
        framedraw.paint_items(painter, sorted(frames, key=lambda f: f.zValue()))


def grown_scene_rect(whole: QRectF, rect: QRectF, margin: float, dragging: bool) -> QRectF:
    """The scene rect `whole` grown to hold `rect` (a moved frame) with `margin` around it.

    Qt indexes every item afresh when the scene rect changes (~10 ms on 1,000 documents), so a drag
    grows it well ahead of the frame (half its size again), and about the same centre: a view showing
    the whole scene centres it, and a one-sided growth would shift the picture (drawn afresh)."""
    if not dragging:
        return whole.united(rect.adjusted(-margin, -margin, margin, margin))
    ax, ay = max(4 * margin, whole.width() / 2), max(4 * margin, whole.height() / 2)
    grown = whole.united(rect.adjusted(-ax, -ay, ax, ay))
    c = whole.center()
    dx, dy = max(c.x() - grown.left(), grown.right() - c.x()), max(c.y() - grown.top(), grown.bottom() - c.y())
    return QRectF(c.x() - dx, c.y() - dy, 2 * dx, 2 * dy)
