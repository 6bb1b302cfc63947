"""Drawing the document frames far out: all of them at once, by whoever draws the scene's background.

Far out (the scene's `detail` off: the view is zoomed below `metrics.LOD_TEXT`) a frame is one small
picture — outline, title band, ports, finding badges — and nothing of it reacts to the pointer by
itself. There `FrameItem.set_detail(False)` makes the frame and every item in it draw nothing
(`ItemHasNoContents`: still hit, selected and dragged as before), and the frames are painted with
the grid and the arrows by `paint_frames`: into the view's cached backdrop (`canvas.backdrop`), and
by the scene's own background when it is rendered (`FlowScene.drawBackground`).

Why: Qt draws an item from its device cache only while the zoom stays put. Each step of a zoom made
every frame in view record its picture into a new pixmap (~70 Python `paint` calls and pixmaps on a
large screen, ~7 ms per frame), and every pan blitted each of them again. In the backdrop the frames
are drawn once per zoom and scroll with the arrows. A frame whose picture changes (selected,
highlighted, re-measured, re-badged, moved, removed) names its area (`FlowScene.frame_redrawn`),
which the backdrop draws again.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QTransform


def paint_frames(painter: QPainter, scene, area: QRectF) -> int:
    """Draw the frames touching scene `area` in stacking order (the painter maps scene coordinates),
    but not those a drag has lifted (`canvas.lift` draws them over the picture); returns how many."""
    # Here, not at the top: the backdrop imports this module with every view, before there are frames.
    from flowedit.gui.canvas.items.frame import FrameItem

    lift = getattr(scene, "lift", None)
    lifted = lift.frames if lift else ()
    frames = [item for item in scene.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect,
                                           Qt.SortOrder.AscendingOrder)
              if isinstance(item, FrameItem) and item.isVisible() and item not in lifted]
    return paint_items(painter, frames)


def paint_items(painter: QPainter, frames) -> int:
    """Draw `frames` (top-level frame items) in the order given, each as its far-out picture."""
    base = painter.transform()
    for item in frames:
        pos = item.pos()
        painter.setTransform(QTransform.fromTranslate(pos.x(), pos.y()) * base)
        item.paint(painter, None)
    painter.setTransform(base)
    return len(frames)
