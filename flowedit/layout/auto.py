"""`layout_documents`: where each document frame goes, one connected component at a time.

Each component is made acyclic (`graph.break_cycles`), layered and ordered (`ordering`: grandalf
under a work budget, the linear layering above it), and placed (`coordinates`). Components are then
packed in shelves: stacked across the direction until the stack is about as long as the drawing is
square, then a new shelf further along. With `only`, just those documents are laid out, as one
block beyond every frame that already has a position, so nothing the user arranged moves.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from flowedit.layout.coordinates import Box, place
from flowedit.layout.graph import (
    Dag,
    DocGraph,
    break_cycles,
    components,
    document_graph,
    dummy_count,
    longest_path_ranks,
)
from flowedit.layout.ordering import fast_layering, grandalf_layering
from flowedit.model.flow import Flow

DIRECTIONS = ("LR", "TB")
DEFAULT_SIZE = (240.0, 120.0)
"""Frame size assumed for a document `sizes` does not mention (when `sizes` is empty)."""
GRANDALF_BUDGET = 10_000
"""Largest `grandalf_work` of a component grandalf orders (well under a second); above it, the linear
layering. Measured: 0.08 s for a 100-document generated flow (work about 5,300), 0.6 s for a
2,000-node call-flow-shaped component (about 9,400), 0.6 s for a 1,200-way fan out and back in. Dummy nodes grow with the square of a chain's
length when every step links to one shared document, so long generated flows take the linear path
(`benchmarks/run.py`, bench_layout)."""


def missing_positions(flow: Flow) -> set[str]:
    """The documents of `flow` whose frame has no saved position."""
    return {path for path in flow.documents if flow.position(path) is None}


def layout_documents(flow: Flow, sizes: dict[str, tuple[float, float]], direction: str = "LR",
                     spacing: tuple[float, float] = (80.0, 40.0),
                     only: set[str] | None = None) -> dict[str, tuple[float, float]]:
    """Top-left positions of document frames, laid out in layers along the direction of control.

    `sizes` gives each frame's (width, height) in scene units (a missing one takes the median).
    `direction` "LR" puts layers left to right, "TB" top to bottom. `spacing` is (gap between
    layers, gap between frames of a layer and between components). The entry document is in the
    first layer of its component. Without `only`, every document is laid out and the result names
    them all. With `only`, just those documents (edges among them) are laid out, as one block to the
    right of ("LR") or below ("TB") every other frame that has a saved position; the result names
    only them. Unknown paths in `only` are ignored. The same input always gives the same output.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    layer_gap, gap = (max(0.0, float(s)) for s in spacing)
    chosen = sorted(flow.documents if only is None else set(only) & set(flow.documents))
    if not chosen:
        return {}
    default = _default_size(sizes)
    size = {p: _size(sizes.get(p, default)) for p in flow.documents}
    axes = {p: _to_axes(size[p], direction) for p in chosen}
    graph = document_graph(flow, chosen)
    boxes = [layout_component(graph, nodes, flow.entry, axes, layer_gap, gap)
             for nodes in _ordered_components(graph, flow.entry)]
    corners = _pack(boxes, layer_gap, gap)
    if only is not None:
        corners = _beyond_existing(flow, corners, set(chosen), size, direction, layer_gap)
    return {p: _from_axes(corners[p], direction) for p in chosen}


def layout_component(graph: DocGraph, nodes: list[str], entry: str | None,
                     axes: dict[str, tuple[float, float]], layer_gap: float, gap: float) -> Box:
    """Lay out one connected component `nodes` of `graph` in layout axes."""
    dag = break_cycles(graph, nodes, entry)
    layering = grandalf_layering(dag) if _engine(dag) == "grandalf" else fast_layering(dag)
    return place(layering, axes, layer_gap, gap)


def engine_for(flow: Flow) -> dict[str, int]:
    """How many components of `flow` each engine lays out ("grandalf", "layered"), for reports."""
    graph = document_graph(flow, flow.documents)
    counts = {"grandalf": 0, "layered": 0}
    for nodes in _ordered_components(graph, flow.entry):
        counts[_engine(break_cycles(graph, nodes, flow.entry))] += 1
    return counts


def _engine(dag: Dag) -> str:
    """grandalf for a component of several documents within the work budget, else the linear layering."""
    return "grandalf" if len(dag.order) > 1 and grandalf_work(dag) <= GRANDALF_BUDGET else "layered"


def grandalf_work(dag: Dag) -> float:
    """An estimate of grandalf's run time on `dag`, in units of 30–70 µs.

    Linear terms: nodes, edges, dummy nodes (its sweeps). Quadratic ones, measured on stars and
    fans: grandalf scans a vertex's whole edge list per incident edge (degree²/300), checks every
    vertex's component by comparing whole ordered sets (nodes²/1000) and ranks a layer with list
    membership tests (width²/1000).
    """
    rank = longest_path_ranks(dag)
    degree: dict[str, int] = dict.fromkeys(dag.order, 0)
    for u, v in dag.edges:
        degree[u] += 1
        degree[v] += 1
    widths: dict[int, int] = {}
    for r in rank.values():
        widths[r] = widths.get(r, 0) + 1
    return (len(dag.order) + len(dag.edges) + dummy_count(dag, rank)
            + (len(dag.order) ** 2 + sum(w * w for w in widths.values())) / 1000
            + sum(d * d for d in degree.values()) / 300)


def _ordered_components(graph: DocGraph, entry: str | None) -> list[list[str]]:
    """Component node lists: the entry's first, then bigger ones first, then by smallest path."""
    return sorted(components(graph), key=lambda nodes: (entry not in nodes, -len(nodes), nodes[0]))


def _pack(boxes: list[Box], layer_gap: float, gap: float) -> dict[str, tuple[float, float]]:
    """Shelf packing in layout axes: stack boxes across; start a new shelf further along when full."""
    area = sum((b.along + layer_gap) * (b.across + gap) for b in boxes)
    limit = max(max(b.across for b in boxes), math.sqrt(area))
    corners: dict[str, tuple[float, float]] = {}
    shelf_along, shelf_thickness, cursor = 0.0, 0.0, 0.0
    for box in boxes:
        if cursor > 0.0 and cursor + box.across > limit:
            shelf_along += shelf_thickness + layer_gap
            shelf_thickness, cursor = 0.0, 0.0
        for path, (a, c) in box.corners.items():
            corners[path] = (shelf_along + a, cursor + c)
        shelf_thickness = max(shelf_thickness, box.along)
        cursor += box.across + gap
    return corners


def _beyond_existing(flow: Flow, corners: dict[str, tuple[float, float]], chosen: set[str],
                     size: dict[str, tuple[float, float]], direction: str,
                     layer_gap: float) -> dict[str, tuple[float, float]]:
    """Shift the block past every frame that keeps its place: right of them ("LR") or below ("TB")."""
    fixed = []
    for path in sorted(set(flow.documents) - chosen):
        pos = flow.position(path)
        if pos is not None:
            start = _to_axes(pos, direction)
            extent = _to_axes(size[path], direction)
            fixed.append((start[0], start[0] + extent[0], start[1]))
    if not fixed:
        return corners
    along = max(end for _, end, _ in fixed) + layer_gap
    across = min(c for _, _, c in fixed)
    return {p: (along + a, across + c) for p, (a, c) in corners.items()}


def _default_size(sizes: dict[str, tuple[float, float]]) -> tuple[float, float]:
    known = [_size(s) for s in sizes.values()]
    if not known:
        return DEFAULT_SIZE
    return _median(w for w, _ in known), _median(h for _, h in known)


def _median(values: Iterable[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _size(value: tuple[float, float]) -> tuple[float, float]:
    return max(0.0, float(value[0])), max(0.0, float(value[1]))


def _to_axes(xy: tuple[float, float], direction: str) -> tuple[float, float]:
    """(x, y) → (along, across)."""
    return (xy[0], xy[1]) if direction == "LR" else (xy[1], xy[0])


def _from_axes(point: tuple[float, float], direction: str) -> tuple[float, float]:
    """(along, across) → (x, y)."""
    return (point[0], point[1]) if direction == "LR" else (point[1], point[0])
