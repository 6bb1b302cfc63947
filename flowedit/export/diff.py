"""The semantic diff: what changed in meaning between two TwiML documents or two flows.

`diff_documents` walks two documents from their roots, pairing child elements per parent (how:
`flowedit.export.diff_match`), and reports each edit once as a `Difference`:

- "added" / "removed": an element and its whole subtree (one record at the subtree's root);
- "moved": an element, unchanged or not, reordered within its parent ("Say moved from position 2 to 1 in
  Response"), or an unchanged subtree removed in one place and added in another ("Say moved from Response to
  Gather");
- "changed": an attribute gained, lost or changed (`attribute` names it), or the element's text changed
  (`attribute` is "#text"; texts are compared in normal form, see `diff_match`).

Formatting is not meaning: indentation, line endings, attribute order and quoting, comments, processing
instructions, the XML declaration and encoding, and CDATA are all ignored, and so is the canvas layout.

`diff_flows` pairs documents by URL path; a document present on one side only is "added" or "removed",
except that a document removed under one path and added under another with the same meaning is reported
once, as "moved" (a rename; links to it that changed are reported as attribute changes of their own).
A changed entry document or base URL is a flow-level "changed" (document "", attribute "entry" or
"base_url"). Document-level and flow-level records have the path "".
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass

from lxml import etree

from flowedit.export.diff_match import Normalized, match_children, own_text, shorten
from flowedit.model.document import Document
from flowedit.model.flow import Flow

ADDED, REMOVED, MOVED, CHANGED = "added", "removed", "moved", "changed"
TEXT = "#text"


@dataclass(frozen=True)
class Difference:
    """One edit. `document` is the URL path in B (in A for "removed"); `path` is the element's path there,
    e.g. "/Response/Dial/Client[2]" (an index only where siblings share the tag); `element` labels it,
    e.g. "<Client joey>"; `eid_a` / `eid_b` are its ids in the two documents (None on the side it is
    missing from) for an editor to highlight."""

    kind: str
    document: str
    path: str
    element: str
    attribute: str | None
    old: str | None
    new: str | None
    message: str
    eid_a: int | None = None
    eid_b: int | None = None

    def as_json(self) -> dict:
        """The JSON-ready record (the ids are left out: they mean nothing outside this process)."""
        data = asdict(self)
        del data["eid_a"], data["eid_b"]
        return data


def diff_documents(a: Document, b: Document) -> list[Difference]:
    """The differences in meaning between documents `a` and `b`, in document order of `b`."""
    return _DocumentDiff(a, b).run()


def diff_flows(a: Flow, b: Flow) -> list[Difference]:
    """The differences between two flows: settings, documents added, removed or renamed, and each
    document's own differences (documents compared by URL path, in path order)."""
    out: list[Difference] = []
    for setting in ("entry", "base_url"):
        old, new = getattr(a, setting), getattr(b, setting)
        if old != new:
            label = "entry document" if setting == "entry" else "base URL"
            out.append(Difference(CHANGED, "", "", "", setting, old, new,
                                  f"flow {label} changed {old or '(none)'} → {new or '(none)'}"))
    only_a = [p for p in a.documents if p not in b.documents]
    only_b = [p for p in b.documents if p not in a.documents]
    renamed: dict[str, str] = {}  # path in B -> path in A
    meaning = {path: Normalized(a.documents[path]).canon(a.documents[path].root_id) for path in only_a}
    for path in only_b:
        doc = b.documents[path]
        canon = Normalized(doc).canon(doc.root_id)
        for old in only_a:
            if old not in renamed.values() and meaning[old] == canon:
                renamed[path] = old
                break
    for path in sorted(set(a.documents) | set(b.documents)):
        if path in a.documents and path in b.documents:
            out.extend(diff_documents(a.documents[path], b.documents[path]))
        elif path in renamed:
            old = a.documents[renamed[path]]
            out.append(Difference(MOVED, path, "", "", None, old.path, path,
                                  f"document {old.path} renamed to {path}", old.root_id,
                                  b.documents[path].root_id))
        elif path in b.documents:
            out.append(Difference(ADDED, path, "", "", None, None, path, f"document {path} added",
                                  None, b.documents[path].root_id))
        elif path not in renamed.values():
            out.append(Difference(REMOVED, path, "", "", None, path, None, f"document {path} removed",
                                  a.documents[path].root_id, None))
    return out


def element_path(doc: Document, eid: int, cache: dict | None = None) -> str:
    """A readable path: tags from the root, with [n] (1-based) only where siblings share the tag.
    `cache` (a dict kept by the caller) makes many paths in one large document cheap."""
    cache = {} if cache is None else cache
    steps = []
    node = doc.node(eid)
    while node is not None:
        parent = node.getparent()
        if parent is None:
            steps.append(doc.tag(doc.eid(node)))
            break
        if node not in cache:  # name every child of this parent at once
            counts: dict[object, int] = {}
            for child in parent:
                if isinstance(child.tag, str):
                    counts[child.tag] = counts.get(child.tag, 0) + 1
            seen: dict[object, int] = {}
            for child in parent:
                if isinstance(child.tag, str):
                    seen[child.tag] = seen.get(child.tag, 0) + 1
                    step = doc.tag(doc.eid(child))
                    cache[child] = f"{step}[{seen[child.tag]}]" if counts[child.tag] > 1 else step
        steps.append(cache[node])
        node = parent
    return "/" + "/".join(reversed(steps))


def snippet(doc: Document, eid: int) -> str:
    """The element as compact XML, without comments and formatting whitespace (for added/removed records)."""
    node = copy.deepcopy(doc.node(eid))
    node.tail = None
    for sub in list(node.iter()):
        if not isinstance(sub.tag, str):
            _drop(sub)
            continue
        if sub.text is not None and not sub.text.strip():
            sub.text = None
        if sub is not node and sub.tail is not None and not sub.tail.strip():
            sub.tail = None
    return etree.tostring(node, encoding="unicode")


def _drop(node: etree._Element) -> None:
    """Remove a comment or PI, keeping its tail text in place."""
    parent = node.getparent()
    previous = node.getprevious()
    if node.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _quote(text: str) -> str:
    return f"“{shorten(text)}”"


class _DocumentDiff:
    """One comparison of two documents: walks matched elements and collects the records."""

    def __init__(self, a: Document, b: Document) -> None:
        self.a, self.b = a, b
        self.na, self.nb = Normalized(a), Normalized(b)
        self.out: list[Difference] = []
        self.paths: dict[Document, dict] = {a: {}, b: {}}

    def run(self) -> list[Difference]:
        self._walk(self.a.root_id, self.b.root_id)
        self._pair_moves()
        return self.out

    def _record(self, kind: str, eid_a: int | None, eid_b: int | None, attribute: str | None,
                old: str | None, new: str | None, message: str) -> None:
        doc, norm, eid = (self.b, self.nb, eid_b) if eid_b is not None else (self.a, self.na, eid_a)
        self.out.append(Difference(kind, doc.path, self.path(doc, eid), f"<{norm.name(eid)}>", attribute,
                                   old, new, message, eid_a, eid_b))

    def path(self, doc: Document, eid: int) -> str:
        return element_path(doc, eid, self.paths[doc])

    def _walk(self, ea: int, eb: int) -> None:
        a, b = self.a, self.b
        name = self.nb.name(eb)
        if a.tag(ea) != b.tag(eb):  # only the roots can differ in tag: children pair by tag
            self._record(CHANGED, ea, eb, None, a.tag(ea), b.tag(eb),
                         f"root element changed <{a.tag(ea)}> → <{b.tag(eb)}>")
        old_attrs, new_attrs = dict(a.attributes(ea)), dict(b.attributes(eb))
        for attr, value in new_attrs.items():
            if attr not in old_attrs:
                self._record(CHANGED, ea, eb, attr, None, value, f"{name} gained {attr}={value}")
            elif old_attrs[attr] != value:
                self._record(CHANGED, ea, eb, attr, old_attrs[attr], value,
                             f"{name} {attr} changed {old_attrs[attr]} → {value}")
        for attr, value in old_attrs.items():
            if attr not in new_attrs:
                self._record(CHANGED, ea, eb, attr, value, None, f"{name} lost {attr}={value}")
        old_text, new_text = own_text(a.node(ea)), own_text(b.node(eb))
        if old_text != new_text:
            subject = b.tag(eb) if self.nb.identity(eb) == new_text or self.na.identity(ea) == old_text else name
            self._record(CHANGED, ea, eb, TEXT, old_text, new_text,
                         f"{subject} text changed {_quote(old_text)} → {_quote(new_text)}")
        self._children(ea, eb)

    def _children(self, pa: int, pb: int) -> None:
        ca, cb = self.a.child_elements(pa), self.b.child_elements(pb)
        match = match_children(self.na, ca, self.nb, cb)
        # Merge into B's order; a removed child goes after the B child its A predecessor was paired with.
        events: list[tuple[float, int, str, int, int]] = []
        for i, j in match.pairs:
            events.append((j, 0, "pair", i, j))
        for j in match.added:
            events.append((j, 0, "added", -1, j))
        removed, anchor = set(match.removed), -1
        j_of = dict(match.pairs)
        for i in range(len(ca)):
            if i in removed:
                events.append((anchor + 0.5, i, "removed", i, -1))
            else:
                anchor = max(anchor, j_of[i])
        parent_a, parent_b = self.na.name(pa), self.nb.name(pb)
        for _, _, what, i, j in sorted(events):
            if what == "added":
                eid = cb[j]
                self._record(ADDED, None, eid, None, None, snippet(self.b, eid),
                             f"{self.nb.name(eid)} added to {parent_b}")
            elif what == "removed":
                eid = ca[i]
                self._record(REMOVED, eid, None, None, snippet(self.a, eid), None,
                             f"{self.na.name(eid)} removed from {parent_a}")
            else:
                if (i, j) in match.moved:
                    self._record(MOVED, ca[i], cb[j], None, self.path(self.a, ca[i]), self.path(self.b, cb[j]),
                                 f"{self.nb.name(cb[j])} moved from position {i + 1} to {j + 1} in {parent_b}")
                self._walk(ca[i], cb[j])

    def _pair_moves(self) -> None:
        """An unchanged subtree removed in one place and added in another is one move, not two records."""
        removed = [(n, d) for n, d in enumerate(self.out) if d.kind == REMOVED]
        added = [(n, d) for n, d in enumerate(self.out) if d.kind == ADDED]
        by_meaning: dict[object, list[tuple[int, Difference]]] = {}
        for n, d in removed:
            by_meaning.setdefault(self.na.canon(d.eid_a), []).append((n, d))
        drop: set[int] = set()
        for n, d in added:
            candidates = by_meaning.get(self.nb.canon(d.eid_b))
            if not candidates:
                continue
            m, gone = candidates.pop(0)
            drop.add(m)
            from_parent = self.na.name(self.a.parent(gone.eid_a))
            to_parent = self.nb.name(self.b.parent(d.eid_b))
            self.out[n] = Difference(MOVED, d.document, d.path, d.element, None, gone.path, d.path,
                                     f"{self.nb.name(d.eid_b)} moved from {from_parent} to {to_parent}",
                                     gone.eid_a, d.eid_b)
        if drop:
            self.out = [d for n, d in enumerate(self.out) if n not in drop]


def text_lines(differences: list[Difference], label=None) -> list[str]:
    """One line per difference: "document: message  (path)"; `label` maps a document path to what to show."""
    lines = []
    for d in differences:
        where = (label(d.document) if label else d.document) or "flow"
        lines.append(f"{where}: {d.message}" + (f"  ({d.path})" if d.path else ""))
    return lines


def json_report(differences: list[Difference], label=None) -> dict:
    """{"equal": bool, "differences": [{kind, document, path, element, attribute, old, new, message}]};
    with `label` (document path -> file), each record also gets "file"."""
    records = []
    for d in differences:
        record = d.as_json()
        if label:
            record["file"] = label(d.document)
        records.append(record)
    return {"equal": not differences, "differences": records}
