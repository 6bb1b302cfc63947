"""The flow as a networkx graph, kept up to date document by document.

Nodes: `("doc", path)` for each document and `("el", eid)` for each element (verbs, nouns, SSML;
these carry no data: the element's name and document are the model's to answer).
Edges carry a `kind`:

- "contains": document → root element, parent element → child element;
- "next": a verb → the verb after it, present only when control can fall through (the vocabulary's
  `rules.ends_fall_through` decides: not after a Redirect, a Hangup, a Dial with an action …);
- "link": an element → the document one of its URLs names (internal links only), with the link's
  `role`, `attribute` and `value`; `control` is True when the call itself moves there (an action or
  a Redirect), False when the document runs elsewhere (a screening `url`, hold music `waitUrl` …).

`update()` re-reads what the flow rules need of each document whose revision changed since the last
call (its element names, whether it requests itself, its raw links — cached per document) and
re-resolves its links, so the live checker pays for what an edit touched. The flow rules read only
the document-level projection `documents()`; the element-level `graph` above is built when first
asked for (tools and tests walk it), not on every check: on 1,000 documents it cost more than all
the document rules together.
"""

from __future__ import annotations

from functools import lru_cache

import networkx as nx
from lxml import etree

from flowedit.model.document import Document
from flowedit.model.flow import Flow
from flowedit.model.links import Link, LinkKind, cached_raw_links, remember_raw_links, resolve
from flowedit.twiml import rules
from flowedit.twiml.kinds import LinkRole
from flowedit.validate.screen import SELF_REQUESTING

# The verbs that make the call wait for the caller or for another party (no endless loop through them).
WAITING_VERBS = frozenset({"Gather", "Record", "Dial", "Enqueue", "Connect", "Pay"})


@lru_cache(maxsize=256)
def _control_link(element: str, attribute: str | None) -> bool:
    """True when following this link moves the call itself (vs. a document run on another leg)."""
    if attribute is None:
        return element == "Redirect"
    continuation = rules.CONTINUATIONS.get(element)
    return continuation is not None and continuation.next_attribute == attribute


class FlowGraph:
    """The networkx graph of a flow (see the module docstring), updated incrementally."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self._graph: nx.DiGraph | None = None  # the element-level graph, built when asked for
        self._facts: dict[str, tuple[set[str], bool]] = {}  # path → (element names, requests itself)
        self._edges: dict[str, dict[str, bool]] = {}  # path → its internal document links' targets
        self._noted: dict[str, tuple] = {}  # path → (document, revision, tags, requests itself), see note
        self._built: dict[str, tuple[Document, int]] = {}  # path → (document, revision) in the graph
        self._raw: dict[str, list] = {}  # path → raw links of that revision
        # path → its classified links to documents of the flow or missing from it, in document order;
        # links outside the flow (callbacks, media on other hosts) are classified but not kept: no
        # flow rule reads them, and they are half of a flow's links.
        self.links: dict[str, list[Link]] = {}
        # (element, attribute) → path → its internal links of that kind: flow rules about one kind of
        # link (screening urls, hold music) look them up instead of scanning every link on every edit.
        # (element, attribute) → path → (position in `links[path]`, link) of its internal links of that
        # kind: flow rules about one kind of link look them up instead of scanning every link per edit.
        self._internal: dict[tuple[str, str | None], dict[str, list[tuple[int, Link]]]] = {}
        self._kind_versions: dict[tuple[str, str | None], int] = {}  # bumped when a kind's entries change
        self._dropped: dict[str, dict] = {}  # path → its entries when `update` dropped it (see `_reindexed`)
        self._internal_cache: dict[frozenset, tuple[tuple, list[Link]]] = {}  # see `internal_links`
        self._first_cache: dict[frozenset, tuple[list[Link], dict]] = {}  # see `first_referrers`
        self.missing: dict[str, list[Link]] = {}  # path → its links to documents the flow lacks
        self._documents: nx.DiGraph | None = None  # the document-level projection, built on demand
        self._control: nx.DiGraph | None = None  # its edges along which the call itself moves
        self.version = 0  # bumped whenever the projection's edges change (flow rules cache on it)
        self._cache: dict[str, tuple[int, object]] = {}
        # name → path → ((document, revision, also), value): see `per_document`
        self._per_document: dict[str, dict[str, tuple[tuple[Document, int, object], object]]] = {}
        self._resolved_against: tuple | None = None  # (base, document paths) the links were resolved for

    # -- building --------------------------------------------------------------------------------
    def update(self) -> set[str]:
        """Bring the graph up to date with the flow; returns the paths whose subgraph was rebuilt."""
        rebuilt: set[str] = set()
        for path in list(self._built):
            doc, _ = self._built[path]
            if self.flow.documents.get(path) is not doc:
                self._drop(path)
        for path, doc in self.flow.documents.items():
            built = self._built.get(path)
            if built is None or built[1] != doc.revision:
                if built is not None:
                    self._drop(path)
                self._add(doc)
                rebuilt.add(path)
        against = (self.flow.base, frozenset(self.flow.documents))
        if against != self._resolved_against:  # a link's target may have appeared or gone: all of them
            self._resolved_against = against
            self._per_document.clear()
            self._relink(self._raw)
            self._documents = self._control = None
            self.version += 1
        elif rebuilt:
            self._relink(rebuilt)
            if self._documents is not None:
                for path in rebuilt:
                    self._project(path)
        for had in self._dropped.values():  # documents gone (or renamed): their entries went
            self._reindexed(had, {})
        self._dropped.clear()
        return rebuilt

    def _drop(self, path: str) -> None:
        self._built.pop(path)
        self._raw.pop(path, None)
        self._dropped[path] = self._unindex(path)  # compared with what it has after `_relink`, if anything
        self.links.pop(path, None)
        self._facts.pop(path, None)
        self._edges.pop(path, None)
        self._graph = None

    def note(self, doc: Document, tags: set[str], requests_itself: bool, links: list) -> None:
        """What a walk of `doc` as it is now already found (the screen's): its element names, whether
        it requests itself, its raw links; the next `update` takes them instead of walking it again."""
        self._noted[doc.path] = (doc, doc.revision, tags, requests_itself)
        remember_raw_links(doc, links)

    def _add(self, doc: Document) -> None:
        """Record what the flow rules need of one document (one C-filtered walk per question, unless
        they were `note`d)."""
        noted = self._noted.pop(doc.path, None)
        if noted is not None and noted[0] is doc and noted[1] == doc.revision:
            tags, requests_itself = noted[2], noted[3]
        else:
            root = doc.root
            tags = {node.tag for node in root.iter(etree.Element)}
            if any(tag[0] == "{" for tag in tags):  # namespaced names are spelled as written
                tags = {name for _, name, _ in doc.iter_elements()}
            requests_itself = any(not node.get("action") for node in root.iter(*SELF_REQUESTING))
        self._facts[doc.path] = (tags, requests_itself)
        self._built[doc.path] = (doc, doc.revision)
        self._raw[doc.path] = cached_raw_links(doc)
        self._graph = None

    @property
    def graph(self) -> nx.DiGraph:
        """The element-level graph of the module docstring, built from the flow as last updated."""
        if self._graph is None:
            self._graph = self._element_graph()
        return self._graph

    def _element_graph(self) -> nx.DiGraph:
        graph = nx.DiGraph()
        contains, following = {"kind": "contains"}, {"kind": "next"}
        for path, (doc, _) in self._built.items():
            tags, requests_itself = self._facts[path]
            doc_node = ("doc", path)
            graph.add_node(doc_node, kind="document", path=path, tags=tags, requests_itself=requests_itself)
            nodes, edges = [], [(doc_node, ("el", doc.root_id), contains)]
            ids = {}  # lxml element → eid, for the parents met below (each is visited before its children)
            root = doc.root
            verbs = []
            for eid, name, node in doc.iter_elements():
                ids[node] = eid
                nodes.append(("el", eid))
                parent = node.getparent()
                if parent is not None:
                    edges.append((("el", ids[parent]), ("el", eid), contains))
                    if parent is root:
                        verbs.append((eid, name, node))
            previous = previous_name = None
            for eid, name, node in verbs:  # control falls from a verb to the next unless the first ends it
                if previous is not None and not rules.ends_fall_through(previous_name, previous.attrib):
                    edges.append((("el", ids[previous]), ("el", eid), following))
                previous, previous_name = node, name
            graph.add_nodes_from(nodes)
            graph.add_edges_from(edges)
        for links in self.links.values():
            for link in links:
                if link.kind is LinkKind.INTERNAL and link.role is LinkRole.DOCUMENT:
                    graph.add_edge(("el", link.eid), ("doc", link.target), kind="link", role=link.role.value,
                                   attribute=link.attribute, value=link.value,
                                   control=_control_link(link.element, link.attribute))
        return graph

    def _relink(self, paths) -> None:
        """Resolve the links of the documents `paths` and refresh their link edges."""
        base, documents = self.flow.base, self.flow.documents
        self._graph = None
        internal, missing, document = LinkKind.INTERNAL, LinkKind.MISSING, LinkRole.DOCUMENT
        for path in paths:
            had = self._unindex(path) or self._dropped.pop(path, {})
            out = []
            edges: dict[str, bool] = {}  # target → whether a link there moves the call (the projection's)
            indexed: dict[tuple[str, str | None], list[tuple[int, Link]]] = {}
            for eid, name, attribute, role, value in self._raw[path]:
                url, target = resolve(base, path, value)
                if target is None:
                    continue  # outside the flow
                kind = internal if target in documents else missing
                link = Link(path, eid, name, attribute, role, value, url, kind, target)
                out.append(link)
                if kind is internal:
                    indexed.setdefault((name, attribute), []).append((len(out) - 1, link))
                    if role is document:
                        edges[target] = edges.get(target, False) or _control_link(name, attribute)
                else:
                    self.missing.setdefault(path, []).append(link)
            for kind, entries in indexed.items():
                self._internal.setdefault(kind, {})[path] = entries
            self._reindexed(had, indexed)
            self.links[path] = out
            self._edges[path] = edges

    def _reindexed(self, had: dict, has: dict) -> None:
        """Note the kinds of internal links whose entries changed (`internal_links` is remembered
        until one of its kinds does: an edit that changes no such link leaves it)."""
        for kind in had.keys() | has.keys():
            if had.get(kind) != has.get(kind):
                self._kind_versions[kind] = self._kind_versions.get(kind, 0) + 1

    def _unindex(self, path: str) -> dict:
        """Take `path`'s links out of the indexes; its entries in the index of internal links, by kind."""
        self.missing.pop(path, None)
        had = {}
        for link in self.links.get(path, ()):
            if link.kind is LinkKind.INTERNAL:
                kind = (link.element, link.attribute)
                entries = self._internal.get(kind, {}).pop(path, None)
                if entries is not None:
                    had[kind] = entries
        return had

    # -- views -----------------------------------------------------------------------------------
    def internal_links(self, kinds) -> list[Link]:
        """The internal links whose (element, attribute) is one of `kinds`, documents in flow order,
        links in document order (so the first referrer a rule names does not depend on which
        documents were edited since the flow was opened).
        Remembered until links of one of these kinds change (callers must not change the list): on
        5,000 documents, gathering 15,000 screening links on every keystroke cost ~10 ms."""
        key = frozenset(kinds)
        stamp = tuple(sorted((repr(kind), self._kind_versions.get(kind, 0)) for kind in key))
        hit = self._internal_cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        found = self._gather(key)
        self._internal_cache[key] = (stamp, found)
        return found

    def first_referrers(self, kinds) -> dict[tuple[str, str, str | None], Link]:
        """(target, element, attribute) → the first of `internal_links(kinds)` of that shape, in the
        order they first come: rules about the documents that links of a kind name (screening,
        hold music) ask once per target, not once per link (15,000 screening links on 5,000
        documents). Remembered with `internal_links`."""
        links = self.internal_links(kinds)
        key = frozenset(kinds)
        hit = self._first_cache.get(key)
        if hit is not None and hit[0] is links:
            return hit[1]
        first: dict[tuple[str, str, str | None], Link] = {}
        for link in links:
            first.setdefault((link.target, link.element, link.attribute), link)
        self._first_cache[key] = (links, first)
        return first

    def _gather(self, kinds) -> list[Link]:
        tables = [table for kind in kinds if (table := self._internal.get(kind))]
        if not tables:
            return []
        by_path: dict[str, list[tuple[int, Link]]] = {}
        for table in tables:
            for path, entries in table.items():
                by_path.setdefault(path, []).extend(entries)
        order = {path: index for index, path in enumerate(self.flow.documents)}
        found: list[Link] = []
        for path in sorted(by_path, key=order.__getitem__):
            entries = by_path[path]
            if len(tables) > 1:  # several kinds in one document: back into document order
                entries.sort(key=lambda entry: entry[0])
            found.extend(link for _, link in entries)
        return found

    def documents(self) -> nx.DiGraph:
        """Documents only: an edge A → B for every internal document link, with `control` True when
        any of them moves the call itself. Each node has `tags` (the element names in it) and
        `waits` (whether it holds a verb that waits for someone: Gather, Record, Dial …)."""
        if self._documents is None:
            view, control = nx.DiGraph(), nx.DiGraph()
            nodes, edges, moves = [], [], []
            for path in self._built:  # batched: networkx's add_*_from cost a fraction per item
                tags, _ = self._facts[path]
                nodes.append((path, {"tags": tags, "waits": bool(tags & WAITING_VERBS)}))
                for target, control_moves in self._targets(path).items():
                    edges.append((path, target, {"control": control_moves}))
                    if control_moves:
                        moves.append((path, target))
            view.add_nodes_from(nodes)
            view.add_edges_from(edges)
            control.add_nodes_from(self._built)
            control.add_edges_from(moves)
            self._documents, self._control = view, control
            self.version += 1
        return self._documents

    def _targets(self, path: str) -> dict[str, bool]:
        """The documents `path` links to, each with whether a link there moves the call itself."""
        edges = self._edges.get(path, {})
        if self._facts[path][1]:  # requests itself: an edge to itself that moves the call
            edges = dict(edges)
            edges[path] = True
        return edges

    def control(self) -> nx.DiGraph:
        """The projection's edges along which the call itself moves (actions, Redirects)."""
        self.documents()
        return self._control

    def _project(self, path: str) -> None:
        """(Re)compute one document's node and outgoing edges in the projection."""
        view, control = self._documents, self._control
        tags, _ = self._facts[path]
        view.add_node(path, tags=tags, waits=bool(tags & WAITING_VERBS))
        control.add_node(path)
        edges = self._targets(path)
        old = {target: view[path][target]["control"] for target in view.successors(path)}
        if old == edges:
            return
        view.remove_edges_from([(path, t) for t in old])
        control.remove_edges_from([(path, t) for t in list(control.successors(path))])
        for target, moves in edges.items():
            view.add_edge(path, target, control=moves)
            if moves:
                control.add_edge(path, target)
        self.version += 1

    def cached(self, name: str, compute):
        """`compute()` once per projection version (flow rules reuse graph algorithms' results)."""
        self.documents()
        hit = self._cache.get(name)
        if hit is not None and hit[0] == self.version:
            return hit[1]
        value = compute()
        self._cache[name] = (self.version, value)
        return value

    def per_document(self, name: str, doc: Document, compute, *, also: object = None):
        """`compute()` once per revision of `doc` (and value of `also`), while the flow's documents and
        base stay the same (as of the last `update`): for flow rules whose findings about one document
        depend only on it, on which documents the flow has and on `also` (e.g. the projection's
        `version`). On 1,000 documents with thousands of such findings, making them again on every
        keystroke cost seconds."""
        table = self._per_document.setdefault(name, {})
        key = (doc, doc.revision, also)
        hit = table.get(doc.path)
        if hit is not None and hit[0][0] is doc and hit[0][1:] == key[1:]:
            return hit[1]
        value = compute()
        table[doc.path] = (key, value)
        return value

    def verbs(self, doc: Document) -> list[int]:
        """The verbs of a document (children of its root) in order."""
        return doc.child_elements(doc.root_id)

    def reachable_verbs(self, doc: Document) -> set[int]:
        """Verbs control can reach by falling through from the first one ("next" edges)."""
        verbs = self.verbs(doc)
        if not verbs:
            return set()
        nexts = nx.subgraph_view(self.graph, filter_edge=lambda u, v: self.graph[u][v]["kind"] == "next")
        return {verbs[0]} | {node[1] for node in nx.descendants(nexts, ("el", verbs[0]))}

