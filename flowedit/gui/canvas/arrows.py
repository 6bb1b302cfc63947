"""The arrows of the canvas: which `LinkItem`s and missing markers exist, derived from the flow's links.

`Arrows` owns the link items of a `FlowScene` and an index of them by the frames they touch, so that a
moving frame re-routes only its own arrows and an edit inside one document rebuilds only that
document's arrows. Only DOCUMENT links that stay inside the flow's base URL are drawn: internal ones
end at their document's frame, missing ones at a `MissingItem` hung off the source frame. External
URLs and callbacks are not edges of the call flow.

Arrows leave from a frame's measured geometry (`FrameItem.anchor_of`), so deriving them makes no node
items. Every change reports the area whose drawing changed ("damage", a scene rectangle, or None when
nothing visible changed) for the view's cached backdrop, and drops the far-out batches (`linkdraw`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

from flowedit.gui.canvas import linkdraw
from flowedit.gui.canvas.items import item_classes

# The item classes and the kinds of links are imported when there are frames to draw arrows between:
# a new window's scene has none, and starts without them (and without the model and vocabulary).
if TYPE_CHECKING:
    from flowedit.gui.canvas.items.frame import FrameItem
    from flowedit.gui.canvas.items.link import LinkItem, MissingItem
    from flowedit.model.document import Document

MISSING_OFFSET = 64.0  # from the frame's right edge to a missing marker
EVERYWHERE = QRectF(-1e9, -1e9, 2e9, 2e9)  # damage of a change that may touch any arrow


def unite(a: QRectF | None, b: QRectF | None) -> QRectF | None:
    """The union of two damages (None: nothing)."""
    if a is None or a.isNull():
        return b
    if b is None or b.isNull():
        return a
    return a.united(b)


class Arrows:
    """The link items of one scene, by the frames they touch."""

    def __init__(self) -> None:
        self._links: list[LinkItem] = []
        self._links_at: dict[FrameItem, list[LinkItem]] = {}
        self._highlighted: set[LinkItem] = set()
        self._batches: tuple | None = None  # (palette key, far-out batches)
        self._lifted: set[LinkItem] = set()  # left out of the batches: a far-out drag draws them (`canvas.lift`)

    def all(self) -> list[LinkItem]:
        return list(self._links)

    def items(self) -> list[LinkItem]:
        """The link items themselves (not a copy: for drawing)."""
        return self._links

    def highlighted(self) -> set[LinkItem]:
        """The arrows drawn highlighted, as of the last `rehighlight`."""
        return self._highlighted

    def at(self, frame: FrameItem) -> list[LinkItem]:
        """The arrows leaving or entering `frame`."""
        return list(self._links_at.get(frame, ()))

    def batches(self, palette) -> list:
        """The far-out drawing of every arrow (`linkdraw.overview_batches`), built once per change."""
        key = palette.cacheKey()
        if self._batches is None or self._batches[0] != key:
            self._batches = (key, linkdraw.overview_batches(self._links, palette, self._lifted))
        return self._batches[1]

    def lift(self, links) -> None:
        """Leave `links` out of the far-out batches from now on (none: put every arrow back)."""
        links = set(links)
        if links != self._lifted:
            self._lifted = links
            self._batches = None

    def adjust(self, frame: FrameItem) -> QRectF | None:
        """Re-route the arrows leaving or entering `frame` (it moved); the damage."""
        return self._adjust(self._links_at.get(frame, ()))

    def adjust_all(self) -> QRectF | None:
        return self._adjust(self._links)

    def _adjust(self, links) -> QRectF | None:
        damage = None
        batched = False
        lifted = self._lifted
        for link in links:
            moved = link.adjust()
            if moved is not None:
                damage = unite(damage, moved)
                batched = batched or link not in lifted
        if batched:  # lifted arrows are not in the batches: a drag keeps them
            self._batches = None
        return damage

    def rehighlight(self, frames) -> QRectF | None:
        """Work out again which arrows show highlighted (the selection changed among `frames`, or
        everywhere when None); the damage."""
        candidates = self._links if frames is None else {k for f in frames for k in self._links_at.get(f, ())}
        now = {link for link in candidates if link.highlighted()}
        if frames is not None:
            now |= {link for link in self._highlighted if link not in candidates}
        changed = now ^ self._highlighted
        self._highlighted = now
        damage = None
        for link in changed:
            damage = unite(damage, link.extent)
        if damage is not None:
            self._batches = None
        return damage

    def refresh(self, scene, documents: list[Document] | None = None, *, route: bool = True) -> QRectF | None:
        """Derive the arrows and missing markers again from the links of `documents` (default: all);
        returns the damage. Without `route` the new arrows wait for `adjust_all` (the frames are still moving).

        A document's links depend only on its own content and on which paths exist, so after an edit
        inside one document only its own arrows are derived again; arrows into it end at its frame,
        which stays. Arrows that are derived again unchanged keep their items (re-routed if their
        port moved): most edits change no arrow, and taking thousand-pixel-long items out of the
        scene's index and putting them back costs ~0.3 ms each.
        """
        flow = scene.session.flow
        # After an edit in one document, only that document's frame and arrows are looked at (the
        # index by frame, not a scan of every arrow and frame: ~1 ms on 1,000 documents per edit).
        frame_of = scene.frame_for
        if documents is None:  # frames may have gone: start from nothing
            frames = set(scene.frames())
            stale, self._links, self._links_at = self._links, [], {}
        else:
            frames = {frame for frame in map(frame_of, documents) if frame is not None}
            stale = [link for frame in frames for link in self._links_at.get(frame, ()) if link.frame is frame]
        if frames:  # (see the imports at the top)
            from flowedit.gui.canvas import summary
            from flowedit.gui.canvas.items.link import LinkItem, MissingItem
            from flowedit.model.links import LinkKind
            from flowedit.twiml.kinds import LinkRole
        reusable: dict[tuple, list[LinkItem]] = {}
        for link in stale:
            reusable.setdefault(_identity(link), []).append(link)
        old_markers = {(child.parentItem(), child.target): child for frame in frames for child in frame.childItems()
                       if isinstance(child, MissingItem)}
        markers: dict[tuple[FrameItem, str], MissingItem] = {}
        kept, made = [], []
        damage = None
        for frame in sorted(frames, key=lambda f: f.path):
            placed: list[float] = []  # marker heights taken in this frame
            for link in flow.links_from(frame.path):
                if link.role is not LinkRole.DOCUMENT or link.kind is LinkKind.EXTERNAL:
                    continue
                eid = frame.drawn_eid(link.eid)
                if eid is None:
                    continue
                attribute = link.attribute if eid == link.eid else None
                if link.kind is LinkKind.MISSING:
                    end = markers.get((frame, link.target))
                    if end is None:
                        end = old_markers.pop((frame, link.target), None) or MissingItem(link.target, frame)
                        _place_marker(frame, end, eid, placed)
                        markers[(frame, link.target)] = end
                    kind, loop = "missing", False
                else:
                    end = frame_of(flow.documents[link.target])
                    kind, loop = summary.link_style(link.element, link.attribute), end is frame
                same = reusable.get((frame, eid, attribute, kind, end, loop))
                if same:
                    item = same.pop()
                    damage = unite(damage, item.adjust() if route else None)
                    kept.append(item)
                else:
                    item = LinkItem(frame, eid, attribute, end, kind, loop=loop, route=route)
                    scene.addItem(item)
                    made.append(item)
        gone = [link for links in reusable.values() for link in links]
        for marker in old_markers.values():
            scene.removeItem(marker)
        for link in gone:
            damage = unite(damage, link.extent)
            if link.scene() is scene:
                scene.removeItem(link)
        for link in made:
            damage = unite(damage, link.extent if route else None)
        if gone or made:
            self._batches = None
            drop = set(gone)
            self._highlighted -= drop
            if documents is not None:
                self._links = [link for link in self._links if link not in drop]
                for end_frame in {link.frame for link in gone} | {link.end for link in gone}:
                    if end_frame in self._links_at:
                        self._links_at[end_frame] = [k for k in self._links_at[end_frame] if k not in drop]
            else:
                self._links = list(kept)
                for link in kept:
                    self._index(link)
            for link in made:
                self._links.append(link)
                self._index(link)
        elif documents is None:
            self._links = kept
            for link in kept:
                self._index(link)
        if documents is None:
            self._batches = None
            return EVERYWHERE
        if damage is not None:
            self._batches = None
        return damage

    def _index(self, link: LinkItem) -> None:
        FrameItem = item_classes()[0]  # noqa: N806 - a class (per arrow: no import statement each)
        self._links_at.setdefault(link.frame, []).append(link)
        if isinstance(link.end, FrameItem) and link.end is not link.frame:
            self._links_at.setdefault(link.end, []).append(link)


def _identity(link: LinkItem) -> tuple:
    """What makes two derivations the same arrow: its port, its end and how it is drawn."""
    return link.frame, link.eid, link.attribute, link.kind, link.end, link.loop


def _place_marker(frame: FrameItem, marker: MissingItem, eid: int, taken: list[float]) -> None:
    """Put `marker` beside drawn element `eid`, below any marker of the frame it would overlap."""
    from flowedit.gui.canvas.items.link import MissingItem

    y = frame.geometry.boxes[eid].anchor_y
    while any(abs(y - t) < MissingItem.SIZE + 6 for t in taken):
        y += MissingItem.SIZE + 8
    taken.append(y)
    marker.setPos(frame.width + MISSING_OFFSET, y)
