"""The document graph auto-layout works on: weighted edges, components, cycle breaking, ranks.

Only INTERNAL links of role DOCUMENT are edges (MISSING and EXTERNAL links, callbacks and media
lead to no frame on the canvas). A link that moves the call on (`rules.CONTINUATIONS`: a verb's
`action`, a Redirect's text) weighs more than a screening or wait document (`url`, `waitUrl`), so
control paths win when cycles are broken and when frames are pulled next to their neighbours.
Everything here iterates in sorted order, so the same flow always gives the same layout.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flowedit.model.flow import Flow
from flowedit.model.links import Link, LinkKind
from flowedit.twiml.kinds import LinkRole
from flowedit.twiml.rules import CONTINUATIONS

CONTROL_WEIGHT = 3.0
"""Weight of a link that hands the call on (action, Redirect)."""
OTHER_WEIGHT = 1.0
"""Weight of a link to a document that runs beside the call (screening `url`, `waitUrl`)."""


def is_control(link: Link) -> bool:
    """True when `link` is where the call goes next: a verb's continuation attribute or Redirect's text."""
    cont = CONTINUATIONS.get(link.element)
    return cont is not None and link.attribute == cont.next_attribute


@dataclass
class DocGraph:
    """Documents (nodes) and weighted directed edges between distinct documents."""

    nodes: list[str]
    weights: dict[tuple[str, str], float] = field(default_factory=dict)

    def successors(self) -> dict[str, list[tuple[str, float]]]:
        """Each node's successors, heaviest first, then by path."""
        out: dict[str, list[tuple[str, float]]] = {n: [] for n in self.nodes}
        for (u, v), w in self.weights.items():
            out[u].append((v, w))
        for targets in out.values():
            targets.sort(key=lambda t: (-t[1], t[0]))
        return out


def document_graph(flow: Flow, nodes: Iterable[str]) -> DocGraph:
    """The graph of the documents `nodes` of `flow`: edges between two of them, self-loops dropped."""
    keep = set(nodes)
    graph = DocGraph(sorted(keep))
    for link in flow.links():
        if (link.kind is not LinkKind.INTERNAL or link.role is not LinkRole.DOCUMENT
                or link.source not in keep or link.target not in keep or link.source == link.target):
            continue
        key = (link.source, link.target)
        graph.weights[key] = graph.weights.get(key, 0.0) + (CONTROL_WEIGHT if is_control(link) else OTHER_WEIGHT)
    return graph


def components(graph: DocGraph) -> list[list[str]]:
    """Weakly connected components, each sorted, in the order of their smallest path."""
    parent = {n: n for n in graph.nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for u, v in sorted(graph.weights):
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[max(ru, rv)] = min(ru, rv)
    groups: dict[str, list[str]] = {}
    for n in graph.nodes:
        groups.setdefault(find(n), []).append(n)
    return [sorted(g) for _, g in sorted(groups.items())]


@dataclass
class Dag:
    """One component made acyclic: its nodes in DFS discovery order and its forward edges."""

    order: list[str]  # DFS discovery order (entry first when it is in the component)
    edges: dict[tuple[str, str], float]  # u -> v, acyclic
    dropped: list[tuple[str, str]]  # back edges left out of the layering

    def roots(self) -> list[str]:
        """Nodes with no incoming edge, in discovery order."""
        has_in = {v for _, v in self.edges}
        return [n for n in self.order if n not in has_in]


def break_cycles(graph: DocGraph, nodes: list[str], entry: str | None) -> Dag:
    """Drop the back edges of an iterative DFS (heaviest edges explored first) and every edge into `entry`.

    DFS starts at `entry` when it is one of `nodes`, then at sources, then at any node left, each
    group by path. Dropping edges into the entry keeps it a source, hence in the first layer.
    """
    members = set(nodes)
    succ = {n: [(v, w) for v, w in targets if v in members]
            for n, targets in graph.successors().items() if n in members}
    has_in = {v for n in nodes for v, _ in succ[n]}
    starts = ([entry] if entry in members else []) + [n for n in nodes if n not in has_in] + nodes
    state: dict[str, int] = {}  # 1: on the stack, 2: finished
    order: list[str] = []
    edges: dict[tuple[str, str], float] = {}
    dropped: list[tuple[str, str]] = []
    for root in starts:
        if root in state:
            continue
        state[root] = 1
        order.append(root)
        stack = [(root, iter(succ[root]))]
        while stack:
            u, it = stack[-1]
            for v, w in it:
                if v == entry or state.get(v) == 1:
                    dropped.append((u, v))
                    continue
                edges[(u, v)] = w
                if v not in state:
                    state[v] = 1
                    order.append(v)
                    stack.append((v, iter(succ[v])))
                    break
            else:
                state[u] = 2
                stack.pop()
    _reconnect(entry, succ, edges, dropped)
    return Dag(order, edges, dropped)


def _reconnect(entry: str | None, succ: dict, edges: dict[tuple[str, str], float],
               dropped: list[tuple[str, str]]) -> None:
    """Keep the component in one piece: a document that reaches the entry only by links *into* it
    (dropped above) would be cut off with it, and layering needs connected components. Such a link
    stands in the layering reversed (entry → document), which keeps the entry a source and adds no
    cycle (nothing leads into the entry any more)."""
    into = [u for u, v in dropped if v == entry]
    if not into:
        return
    after: dict[str, list[str]] = {}
    for u, v in edges:
        after.setdefault(u, []).append(v)
    reached, stack = {entry}, [entry]
    while stack:
        for v in after.get(stack.pop(), ()):
            if v not in reached:
                reached.add(v)
                stack.append(v)
    weights = {v: w for v, w in succ.get(entry, ())}
    for u in into:
        if u in reached:
            continue
        weight = next(w for v, w in succ[u] if v == entry)
        edges[(entry, u)] = weights.get(u, weight)
        reached.add(u)
        stack = [u]
        while stack:
            for v in after.get(stack.pop(), ()):
                if v not in reached:
                    reached.add(v)
                    stack.append(v)


def longest_path_ranks(dag: Dag) -> dict[str, int]:
    """Rank of each node: the length of the longest edge path reaching it from a source."""
    indegree = {n: 0 for n in dag.order}
    succ: dict[str, list[str]] = {n: [] for n in dag.order}
    for u, v in dag.edges:
        indegree[v] += 1
        succ[u].append(v)
    rank = {n: 0 for n in dag.order}
    ready = [n for n in dag.order if indegree[n] == 0]
    while ready:
        u = ready.pop()
        for v in succ[u]:
            rank[v] = max(rank[v], rank[u] + 1)
            indegree[v] -= 1
            if indegree[v] == 0:
                ready.append(v)
    return rank


def dummy_count(dag: Dag, rank: dict[str, int]) -> int:
    """How many dummy nodes a layered drawing needs for the edges that span several layers."""
    return sum(rank[v] - rank[u] - 1 for u, v in dag.edges)
