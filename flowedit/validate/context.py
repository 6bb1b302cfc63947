"""What a rule sees: the document or the flow it checks, and helpers that make located findings.

`DocContext` wraps one document (its elements in order, cached once per check) and `FlowContext` the
whole flow with its graph. Both build findings through `finding`, which fills in the file, the exact
line and column (of the element, its text or one attribute) and the element's path, and takes the
rule's default severity from the registry unless the rule says otherwise (e.g. a warning where the
fact behind the rule is unconfirmed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from flowedit.model.document import Document
from flowedit.model.flow import Flow
from flowedit.validate.findings import Finding, Severity
from flowedit.validate.registry import RULES


def make_finding(doc: Document, rule: str, eid: int | None, message: str, hint: str = "", *,
                 part: str | None = None, severity: Severity | None = None) -> Finding:
    """A finding of `rule` about node `eid` of `doc` (None: the document as a whole).

    `part` locates it more exactly: an attribute name, or "#text" for the element's text.
    """
    if eid is None:
        line, column, path = 1, 1, ""
    else:
        (line, column), path = doc.locate(eid, part), doc.xpath(eid)
    return Finding(rule, severity or RULES[rule].severity, message, doc.filename, line, column, path,
                   hint, doc.path, eid)


class DocumentView:
    """A read-only view of one document that remembers what the rules ask of it, for one check.

    Some thirty document rules each walk the same elements and ask for the same names, parents,
    children and attributes; asked of the document itself, every answer is rebuilt from lxml each
    time, which made those lookups most of a check's cost. A view lives only as long as one check of
    one revision (rules never edit), so what it remembers cannot go stale. Everything it does not
    answer itself goes to the document.
    """

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._nodes: dict[int, etree._Element] = {}
        self._tags: dict[int, str] = {}
        self.elements: list[tuple[int, str]] = []
        for eid, name, node in doc.iter_elements():
            self._nodes[eid] = node
            self._tags[eid] = name
            self.elements.append((eid, name))
        self._named: dict[str, list[int]] = {}
        for eid, name in self.elements:
            self._named.setdefault(name, []).append(eid)
        self._attributes: dict[int, list[tuple[str, str]]] = {}
        self._children: dict[int, list[int]] = {}
        self._parents: dict[int, int | None] = {}

    def named(self, *names: str) -> list[int]:
        """Ids of the elements called one of `names`, in document order (the rules about one element
        kind look only at those)."""
        if len(names) == 1:
            return list(self._named.get(names[0], ()))
        wanted = set(names)
        return [eid for eid, name in self.elements if name in wanted]

    def __getattr__(self, name: str):
        return getattr(self._doc, name)

    @property
    def document(self) -> Document:
        return self._doc

    def node(self, eid: int) -> etree._Element:
        node = self._nodes.get(eid)
        return node if node is not None else self._doc.node(eid)

    def tag(self, eid: int) -> str:
        name = self._tags.get(eid)
        return name if name is not None else self._doc.tag(eid)

    def kind(self, eid: int) -> str:
        return "element" if eid in self._tags else self._doc.kind(eid)

    def parent(self, eid: int) -> int | None:
        try:
            return self._parents[eid]
        except KeyError:
            parent = self._parents[eid] = self._doc.parent(eid)
            return parent

    def child_elements(self, eid: int) -> list[int]:
        children = self._children.get(eid)
        if children is None:
            children = self._children[eid] = self._doc.child_elements(eid)
        return list(children)

    def attributes(self, eid: int) -> list[tuple[str, str]]:
        items = self._attributes.get(eid)
        if items is None:
            node = self.node(eid)
            items = list(node.attrib.items()) if isinstance(node.tag, str) else []
            if any(key[0] == "{" for key, _ in items):  # namespaced: spell the names as written
                items = self._doc.attributes(eid)
            self._attributes[eid] = items
        return list(items)

    def get(self, eid: int, name: str) -> str | None:
        if ":" in name:
            return self._doc.get(eid, name)
        node = self.node(eid)
        return node.get(name) if isinstance(node.tag, str) else None

    def text(self, eid: int) -> str | None:
        return self.node(eid).text


def document_size(doc: Document, measure: Callable[[Document], int] | None = None) -> int:
    """The document's size in bytes as it would be saved: `measure(doc)` (io's writer), or estimated
    by lxml when there is no measure."""
    if measure is not None:
        return measure(doc)
    return len(doc.prolog.encode()) + len(etree.tostring(doc.root)) + len(doc.epilog.encode())


@dataclass
class DocContext:
    """One document under check, within its flow. `doc` is a `DocumentView` of the document (the
    document itself is `document`)."""

    document: Document
    flow: Flow
    single_file: bool = False
    measure: Callable[[Document], int] | None = None  # bytes the document saves to (io's writer)
    saved_size: int | None = None  # `size()` when the caller measured it already

    def __post_init__(self) -> None:
        self.doc = DocumentView(self.document)
        self._texts: dict[int, str] = {}

    def size(self) -> int:
        """The document's size in bytes as it would be saved (estimated by lxml when not measured);
        measured once per check (measuring an edited document serializes it)."""
        if self.saved_size is None:
            self.saved_size = document_size(self.document, self.measure)
        return self.saved_size

    @property
    def elements(self) -> list[tuple[int, str]]:
        """(id, name) of every element in document order (comments and PIs left out)."""
        return self.doc.elements

    def text(self, eid: int) -> str:
        """The element's own text, stripped: its leading text and the text after each child node
        (`<Number><!-- note -->+15551234567</Number>` holds the number in the comment's tail)."""
        text = self._texts.get(eid)
        if text is None:
            node = self.doc.node(eid)
            text = (node.text or "").strip() if len(node) == 0 else \
                "".join([node.text or ""] + [child.tail or "" for child in node]).strip()
            self._texts[eid] = text
        return text

    def finding(self, rule: str, eid: int | None, message: str, hint: str = "", *,
                part: str | None = None, severity: Severity | None = None) -> Finding:
        return make_finding(self.document, rule, eid, message, hint, part=part, severity=severity)


@dataclass
class FlowContext:
    """The whole flow under check, with its graph (see `flowedit.validate.graph`)."""

    flow: Flow
    graph: object  # FlowGraph; typed loosely to keep this module free of the graph's imports
    single_file: bool = False
    extra: dict = field(default_factory=dict)

    def finding(self, doc: Document, rule: str, eid: int | None, message: str, hint: str = "", *,
                part: str | None = None, severity: Severity | None = None) -> Finding:
        return make_finding(doc, rule, eid, message, hint, part=part, severity=severity)
