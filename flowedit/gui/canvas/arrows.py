"""The arrows of the canvas: which `LinkItem`s and missing markers exist, derived from the flow's links.

`Arrows` owns the link items of a `FlowScene` and an index of them by the frames they touch, so that a
moving frame re-routes only its own arrows and an edit inside one document rebuilds only that
document's arrows. Only DOCUMENT links that stay inside the flow's base URL are drawn: internal ones
end at their document's frame, missing ones at a `MissingItem` hung off the source frame. External
URLs and callbacks are not edges of the call flow.
"""

from __future__ import annotations

from flowedit.gui.canvas import summary
from flowedit.gui.canvas.items.frame import FrameItem
from flowedit.gui.canvas.items.link import LinkItem, MissingItem
from flowedit.model.document import Document
from flowedit.model.links import LinkKind
from flowedit.twiml.kinds import LinkRole

MISSING_OFFSET = 64.0  # from the frame's right edge to a missing marker


class Arrows:
    """The link items of one scene, by the frames they touch."""

    def __init__(self) -> None:
        self._links: list[LinkItem] = []
        self._links_at: dict[FrameItem, list[LinkItem]] = {}

    def all(self) -> list[LinkItem]:
        return list(self._links)

    def adjust(self, frame: FrameItem) -> None:
        """Re-route the arrows leaving or entering `frame` (it moved)."""
        for link in self._links_at.get(frame, ()):
            link.adjust()

    def refresh(self, scene, documents: list[Document] | None = None) -> None:
        """Derive the arrows and missing markers again from the links of `documents` (default: all).

        A document's links depend only on its own content and on which paths exist, so after an edit
        inside one document only its own arrows are rebuilt; arrows into it end at its frame, which stays.
        """
        flow = scene.session.flow
        by_document = {frame.document: frame for frame in scene.frames()}
        frames = set(by_document.values()) if documents is None else \
            {by_document[d] for d in documents if d in by_document}
        if documents is None:  # frames may have gone: start from nothing
            stale, self._links, self._links_at = self._links, [], {}
        else:
            stale = [link for link in self._links if link.source.frame in frames]
            gone = set(stale)
            self._links = [link for link in self._links if link not in gone]
            for end_frame in {link.source.frame for link in stale} | {link.end for link in stale}:
                if end_frame in self._links_at:
                    self._links_at[end_frame] = [k for k in self._links_at[end_frame] if k not in gone]
        for link in stale:
            if link.scene() is scene:
                scene.removeItem(link)
        for frame in frames:
            for child in frame.childItems():
                if isinstance(child, MissingItem):
                    scene.removeItem(child)
        markers: dict[tuple[FrameItem, str], MissingItem] = {}
        for frame in sorted(frames, key=lambda f: f.path):
            for link in flow.links_from(frame.path):
                if link.role is not LinkRole.DOCUMENT or link.kind is LinkKind.EXTERNAL:
                    continue
                node = frame.node(link.eid)
                if node is None:
                    continue
                attribute = link.attribute if node.eid == link.eid else None
                if link.kind is LinkKind.MISSING:
                    end = markers.get((frame, link.target))
                    if end is None:
                        end = _missing_marker(frame, node, link.target)
                        markers[(frame, link.target)] = end
                    item = LinkItem(node, attribute, end, "missing")
                    ends = [frame]
                else:
                    target = by_document[flow.documents[link.target]]
                    kind = summary.link_style(link.element, link.attribute)
                    item = LinkItem(node, attribute, target, kind, loop=target is frame)
                    ends = [frame, target]
                scene.addItem(item)
                self._links.append(item)
                for end_frame in ends:
                    self._links_at.setdefault(end_frame, []).append(item)

def _missing_marker(frame: FrameItem, node, target: str) -> MissingItem:
    """A new marker for `target` beside `node`, below any marker of the frame it would overlap."""
    marker = MissingItem(target, frame)
    y = frame.mapFromScene(node.anchor()).y()
    taken = [c.y() for c in frame.childItems() if isinstance(c, MissingItem) and c is not marker]
    while any(abs(y - t) < MissingItem.SIZE + 6 for t in taken):
        y += MissingItem.SIZE + 8
    marker.setPos(frame.width + MISSING_OFFSET, y)
    return marker
