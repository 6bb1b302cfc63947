"""Layers and the order of frames within each layer, by one of two engines.

- `grandalf_layering`: grandalf's Sugiyama layout (ranking from the given roots, a dummy node on
  every layer a long edge crosses, barycentre sweeps with adjacent-swap crossing reduction). Its
  crossings are about ten times fewer than plain layering (research/ecosystem.md §4.2), but it is
  pure Python and its cost grows with the dummy nodes, so it is used only under a work budget.
- `fast_layering`: longest-path ranks and a few weighted barycentre sweeps without dummy nodes:
  linear in the edges, for components too big for grandalf.

Both return a `Layering`; `flowedit.layout.coordinates` turns it into positions. grandalf's own
coordinate step (Brandes–Köpf) is not used: its averaged result can make frames of different sizes
overlap, and it recurses once per frame of a layer.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from flowedit.layout.graph import Dag, longest_path_ranks

Item = Hashable
"""A document path (str), or a dummy node: ("~", source, target, rank)."""

SWEEPS = 4


@dataclass
class Layering:
    """Items per layer in drawing order, and weighted links to items of other layers."""

    layers: list[list[Item]]
    up: dict[Item, list[tuple[Item, float]]] = field(default_factory=dict)  # toward earlier layers
    down: dict[Item, list[tuple[Item, float]]] = field(default_factory=dict)  # toward later layers
    engine: str = ""

    def link(self, a: Item, b: Item, weight: float) -> None:
        """Record an edge from `a` (earlier layer) to `b` (later layer)."""
        self.down.setdefault(a, []).append((b, weight))
        self.up.setdefault(b, []).append((a, weight))


def is_dummy(item: Item) -> bool:
    return isinstance(item, tuple)


class _View:
    """The size grandalf wants on every vertex (it only uses them to size its dummy nodes here)."""

    __slots__ = ("w", "h", "xy")

    def __init__(self) -> None:
        self.w, self.h, self.xy = 1.0, 1.0, (0.0, 0.0)


def grandalf_layering(dag: Dag) -> Layering:
    """Layer and order one connected acyclic component with grandalf's SugiyamaLayout."""
    from grandalf.graphs import Edge, Vertex, graph_core
    from grandalf.layouts import SugiyamaLayout

    vertices = {n: Vertex(n) for n in dag.order}
    for vertex in vertices.values():
        vertex.view = _View()
    position = {n: i for i, n in enumerate(dag.order)}
    ordered = sorted(dag.edges.items(), key=lambda kv: (position[kv[0][0]], -kv[1], position[kv[0][1]]))
    edges = [Edge(vertices[u], vertices[v], w=w) for (u, v), w in ordered]
    core = graph_core(list(vertices.values()), edges)
    sug = SugiyamaLayout(core)
    sug.init_all(roots=[vertices[n] for n in dag.roots()], inverted_edges=[])
    for _ in sug.ordering_step():  # down and up again …
        pass
    for _ in sug.ordering_step(oneway=True):  # … and down once more, as grandalf's draw(1.5) does
        pass
    names: dict[object, Item] = {vertex: n for n, vertex in vertices.items()}
    for edge in edges:
        u, v = edge.v[0].data, edge.v[1].data
        for rank, dummy in sug.ctrls.get(edge, {}).items():
            names.setdefault(dummy, ("~", u, v, rank))
    layering = Layering([[names[x] for x in layer] for layer in sug.layers], engine="grandalf")
    for edge in edges:
        chain = sug.ctrls.get(edge) or {0: edge.v[0], 1: edge.v[1]}
        items = [names[chain[r]] for r in sorted(chain)]
        for a, b in zip(items, items[1:]):
            layering.link(a, b, edge.w)
    return layering


def fast_layering(dag: Dag) -> Layering:
    """Longest-path layers, discovery order, then weighted barycentre sweeps down and up."""
    rank = longest_path_ranks(dag)
    layers: list[list[Item]] = [[] for _ in range(max(rank.values(), default=-1) + 1)]
    for n in dag.order:
        layers[rank[n]].append(n)
    layering = Layering(layers, engine="layered")
    for (u, v), w in sorted(dag.edges.items()):
        layering.link(u, v, w)
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        neighbours = layering.up if downward else layering.down
        bar = _bars(layering.layers)
        indices = range(1, len(layers)) if downward else range(len(layers) - 2, -1, -1)
        for i in indices:
            layer = layering.layers[i]
            keys = {}
            for item in layer:
                near = neighbours.get(item, [])
                total = sum(w for _, w in near)
                keys[item] = sum(bar[x] * w for x, w in near) / total if total else bar[item]
            layer.sort(key=keys.__getitem__)  # stable: ties keep their order
            bar.update(_bars([layer]))
    return layering


def _bars(layers: list[list[Item]]) -> dict[Item, float]:
    """Relative place of each item in its layer, from 0 to 1."""
    out: dict[Item, float] = {}
    for layer in layers:
        step = 1.0 / (len(layer) - 1) if len(layer) > 1 else 0.0
        out.update((item, i * step if step else 0.5) for i, item in enumerate(layer))
    return out
