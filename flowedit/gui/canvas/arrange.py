"""Where frames go when the model does not say: the auto-layout, with a plain fallback.

`arrange(flow, sizes, only)` asks `flowedit.layout.layout_documents` (imported lazily, so the canvas
works while that package is absent) and falls back to columns by link distance from the entry
document, also when the layout fails (written to the crash log: a bug, but the canvas stays usable). Positions are top-left corners in scene units; nothing here touches the model.
"""

from __future__ import annotations

import logging
from collections import deque

from flowedit.model.flow import Flow
from flowedit.model.links import LinkKind
from flowedit.twiml.kinds import LinkRole

COLUMN_GAP = 110.0
ROW_GAP = 40.0


def arrange(flow: Flow, sizes: dict[str, tuple[float, float]],
            only: set[str] | None = None) -> dict[str, tuple[float, float]]:
    """Top-left positions for the frames of `only` (default: every document), avoiding the others."""
    try:
        from flowedit.layout import layout_documents
    except ImportError:
        return fallback(flow, sizes, only)
    try:
        if only is None:
            return layout_documents(flow, sizes, "LR", spacing=(COLUMN_GAP, ROW_GAP))
        return layout_documents(flow, sizes, "LR", spacing=(COLUMN_GAP, ROW_GAP), only=only)
    except Exception:  # a bug in the layout must not leave the canvas without frames or arrows
        logging.getLogger("flowedit.crash").exception("auto-layout failed; frames placed in columns instead")
        return fallback(flow, sizes, only)


def fallback(flow: Flow, sizes: dict[str, tuple[float, float]],
             only: set[str] | None = None) -> dict[str, tuple[float, float]]:
    """Columns by breadth-first distance from the entry along document links; the rest in a last column."""
    paths = sorted(flow.documents if only is None else only & set(flow.documents))
    edges: dict[str, list[str]] = {p: [] for p in flow.documents}
    for link in flow.links():
        if link.role is LinkRole.DOCUMENT and link.kind is LinkKind.INTERNAL and link.target != link.source:
            edges[link.source].append(link.target)
    depth: dict[str, int] = {}
    starts = [flow.entry] if flow.entry in flow.documents else []
    starts += [p for p in sorted(flow.documents) if p not in starts]
    for start in starts:
        if start in depth:
            continue
        depth[start] = 0 if not depth else max(depth.values()) + 1
        queue = deque([start])
        while queue:
            here = queue.popleft()
            for there in edges[here]:
                if there not in depth:
                    depth[there] = depth[here] + 1
                    queue.append(there)
    left = 0.0
    if only is not None:  # beyond everything already placed
        placed = [(flow.position(p), sizes.get(p, (0.0, 0.0))) for p in flow.documents if p not in only]
        left = max((pos[0] + size[0] + COLUMN_GAP for pos, size in placed if pos is not None), default=0.0)
    columns: dict[int, list[str]] = {}
    for path in paths:
        columns.setdefault(depth.get(path, 0), []).append(path)
    out: dict[str, tuple[float, float]] = {}
    x = left
    for column in sorted(columns):
        width = max(sizes.get(p, (300.0, 0.0))[0] for p in columns[column])
        y = 0.0
        for path in columns[column]:
            out[path] = (x, y)
            y += sizes.get(path, (0.0, 120.0))[1] + ROW_GAP
        x += width + COLUMN_GAP
    return out
