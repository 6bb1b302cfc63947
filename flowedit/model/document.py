"""One TwiML document: its parsed lxml tree, stable node ids, and the edit API.

`Document` owns the tree (edited in place, never rebuilt, so that everything the user did not touch
keeps its exact bytes), the prolog and epilog text around the root, and an opaque `origin` object
that `flowedit.io` uses to write untouched parts byte for byte. Every change goes through `apply`,
which notifies subscribers with the change record (see `flowedit.model.changes`).

The edit API validates nothing about TwiML (that is `flowedit.validate`'s job); it refuses only what
cannot be represented: unknown ids, bad XML names or characters, removing the root, moving a node
into itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

from flowedit.model.changes import (
    AttributeChanged,
    Compound,
    DocumentChange,
    ElementInserted,
    ElementRemoved,
    Slot,
    TextChanged,
)
from flowedit.model.whitespace import insertion_layout, removal_layout
from flowedit.twiml.kinds import XML_NS


# Ids are unique across every document of the session, so a change record never names the wrong node.
_ids = itertools.count(1)

Listener = Callable[["Document", DocumentChange], None]


class EditError(ValueError):
    """An edit that cannot be represented in an XML document (the message says why)."""


class Document:
    """A parsed TwiML document served at URL path `path` (e.g. "/index")."""

    def __init__(
        self,
        path: str,
        root: etree._Element,
        *,
        prolog: str = "",
        epilog: str = "",
        suffix: str = ".xml",
        filename: str | None = None,
        origin: Any = None,
    ) -> None:
        self.path = path
        self.root = root
        self.prolog = prolog
        self.epilog = epilog
        self.suffix = suffix
        self.filename = filename or path.lstrip("/") + suffix
        self.origin = origin  # owned by flowedit.io: how the untouched source looked
        self.revision = 0  # count of applied changes; 0 means "as read"
        self.link_cache: tuple[int, list] | None = None  # owned by flowedit.model.links (its raw links)
        self._node_by_id: dict[int, etree._Element] = {}
        self._id_by_node: dict[etree._Element, int] = {}
        self._listeners: list[Listener] = []
        # Ids are given on first use (registering all 20,000 nodes of a large flow up front was a
        # fifth of reading it); a node keeps its id, as its registered proxy keeps its identity.
        self._register(root)

    @classmethod
    def new(cls, path: str, suffix: str = ".xml") -> Document:
        """A new empty document: the declaration every Twilio helper library writes, and `<Response/>`."""
        return cls(
            path,
            etree.Element("Response"),
            prolog='<?xml version="1.0" encoding="UTF-8"?>\n',
            epilog="\n",
            suffix=suffix,
        )

    # -- ids ---------------------------------------------------------------------------------
    def _register(self, node: etree._Element) -> int:
        eid = self._id_by_node.get(node)
        if eid is None:
            eid = next(_ids)
            self._id_by_node[node] = eid
            self._node_by_id[eid] = node
        return eid

    def node(self, eid: int) -> etree._Element:
        """The lxml node with id `eid` (in the tree or detached by a removal)."""
        try:
            return self._node_by_id[eid]
        except KeyError:
            raise EditError(f"no node with id {eid} in {self.path}") from None

    def eid(self, node: etree._Element) -> int:
        """The stable id of an lxml node of this document."""
        eid = self._id_by_node.get(node)
        if eid is not None:
            return eid
        if node.getroottree().getroot() is not self.root:
            raise EditError(f"node {node!r} does not belong to {self.path}")
        return self._register(node)

    def eid_in_tree(self, node: etree._Element) -> int:
        """`eid(node)` for a node the caller took from this document's tree (not checked again)."""
        eid = self._id_by_node.get(node)
        return eid if eid is not None else self._register(node)

    @property
    def root_id(self) -> int:
        return self._id_by_node[self.root]

    def contains(self, eid: int) -> bool:
        """True when node `eid` is currently part of this document's tree."""
        node = self._node_by_id.get(eid)
        root = self.root
        while node is not None:  # up by getparent(): ~4x quicker than iterancestors(), asked per drawn node
            if node is root:
                return True
            node = node.getparent()
        return False

    # -- queries -----------------------------------------------------------------------------
    def kind(self, eid: int) -> str:
        """"element", "comment" or "pi"."""
        node = self.node(eid)
        if isinstance(node, etree._Comment):
            return "comment"
        if isinstance(node, etree._ProcessingInstruction):
            return "pi"
        return "element"

    def tag(self, eid: int) -> str:
        """The element name as written (a namespaced name keeps its prefix); "" for comments/PIs."""
        node = self.node(eid)
        tag = node.tag
        if not isinstance(tag, str):
            return ""
        if tag[0] != "{":  # no namespace (the common case): the name is the tag itself
            return tag
        return node.prefix + ":" + etree.QName(node).localname if node.prefix else etree.QName(node).localname

    def parent(self, eid: int) -> int | None:
        parent = self.node(eid).getparent()
        return None if parent is None else self._register(parent)

    def children(self, eid: int) -> list[int]:
        """Ids of the child nodes (elements, comments and processing instructions) in order."""
        return [self._register(child) for child in self.node(eid)]

    def child_elements(self, eid: int) -> list[int]:
        """Ids of the child elements only, in order."""
        return [self._register(c) for c in self.node(eid) if isinstance(c.tag, str)]

    def index(self, eid: int) -> int:
        node = self.node(eid)
        parent = node.getparent()
        if parent is None:
            raise EditError(f"node {eid} has no parent")
        return parent.index(node)

    def attributes(self, eid: int) -> list[tuple[str, str]]:
        """(name, value) pairs in start-tag order; names as written, e.g. "xml:lang"."""
        node = self.node(eid)
        if not isinstance(node.tag, str):
            return []
        return [(self._qname(node, key), value) for key, value in node.attrib.items()]

    def get(self, eid: int, name: str) -> str | None:
        node = self.node(eid)
        if not isinstance(node.tag, str):
            return None
        return node.get(self._key(node, name))

    def text(self, eid: int) -> str | None:
        return self.node(eid).text

    def sourceline(self, eid: int) -> int | None:
        """Line of the node's start tag in the file it was read from (None for new nodes)."""
        return self.node(eid).sourceline

    def locate(self, eid: int, part: str | None = None) -> tuple[int, int]:
        """1-based (line, column) in the file read of node `eid`'s start tag, its text (`part="#text"`)
        or its attribute `part`. A node added since reading is located at its nearest read ancestor."""
        node = self.node(eid)
        locate = getattr(self.origin, "locate", None)
        while node is not None:
            found = locate(node, part) if locate is not None else None
            if found is None and node.sourceline:
                found = (node.sourceline, 1)
            if found is not None:
                return found
            node, part = node.getparent(), None
        return 1, 1

    def xpath(self, eid: int) -> str:
        """The node's path from the root, e.g. "/Response/Dial[2]/Client" (lxml's getpath)."""
        return self.root.getroottree().getpath(self.node(eid))

    def iter_elements(self, eid: int | None = None) -> Iterator[tuple[int, str, etree._Element]]:
        """(id, name as written, lxml element) of the element `eid` (default: the root) and every
        element below it, in document order; comments and PIs left out. The one fast walk that checks
        and graphs use (a validation visits every element of every document several times)."""
        start = self.root if eid is None else self.node(eid)
        ids, register = self._id_by_node, self._register
        for node in start.iter():
            tag = node.tag
            if not isinstance(tag, str):
                continue
            if tag[0] == "{":
                local = etree.QName(node).localname
                tag = node.prefix + ":" + local if node.prefix else local
            yield ids.get(node) or register(node), tag, node

    def iter_ids(self, eid: int | None = None) -> Iterator[int]:
        """Ids of the node `eid` (default: the root) and all its descendants, in document order."""
        start = self.root if eid is None else self.node(eid)
        for node in start.iter():
            yield self._register(node)

    # -- subscribers -------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    # -- the edit API ------------------------------------------------------------------------
    def set_attribute(self, eid: int, name: str, value: str) -> AttributeChanged:
        """Set attribute `name` to `value` (added at the end of the start tag when new)."""
        node = self._element(eid)
        key = self._key(node, name)
        _check_xml_text(value, f"value of {name}")
        old = node.get(key)
        keys = list(node.attrib.keys())
        index = keys.index(key) if key in keys else len(keys)
        return self._apply_new(AttributeChanged(eid, name, old, value, index))

    def remove_attribute(self, eid: int, name: str) -> AttributeChanged:
        """Remove attribute `name`; refused when the element does not have it."""
        node = self._element(eid)
        key = self._key(node, name)
        if key not in node.attrib:
            raise EditError(f"<{self.tag(eid)}> has no attribute {name!r}")
        index = list(node.attrib.keys()).index(key)
        return self._apply_new(AttributeChanged(eid, name, node.get(key), None, index))

    def set_text(self, eid: int, text: str | None) -> TextChanged:
        """Set the text of an element (the part before its first child) or of a comment."""
        node = self.node(eid)
        if isinstance(node, etree._ProcessingInstruction):
            raise EditError("the text of a processing instruction cannot be edited")
        if text is not None:
            _check_xml_text(text, "text")
            if isinstance(node, etree._Comment) and ("--" in text or text.endswith("-")):
                raise EditError("a comment cannot contain '--' or end with '-'")
        return self._apply_new(TextChanged(eid, node.text, text))

    def insert_element(
        self,
        parent: int,
        index: int,
        tag: str,
        attributes: list[tuple[str, str]] | tuple[tuple[str, str], ...] = (),
        text: str | None = None,
    ) -> ElementInserted:
        """Create `<tag>` with the given attributes and text and insert it as child `index` of `parent`.

        The new element takes its indentation from its siblings. The returned record's `eid` is its id.
        """
        try:
            element = etree.Element(tag)
        except ValueError as err:
            raise EditError(f"{tag!r} is not a valid element name: {err}") from None
        for name, value in attributes:
            _check_xml_text(value, f"value of {name}")
            element.set(self._key(element, name), value)
        if text is not None:
            _check_xml_text(text, "text")
            element.text = text
        return self.insert_node(parent, index, element)

    def insert_node(self, parent: int, index: int, node: etree._Element) -> ElementInserted:
        """Insert a detached lxml node (and its subtree), e.g. one built from a pasted fragment."""
        target = self._element(parent)
        if node.getparent() is not None or node is self.root:
            raise EditError("only a detached node can be inserted; move nodes with move_node")
        if not 0 <= index <= len(target):
            raise EditError(f"index {index} is outside 0..{len(target)}")
        for sub in node.iter():
            self._register(sub)
        tail, slots = insertion_layout(target, index, self._preceding_whitespace(target), self._slot)
        return self._apply_new(ElementInserted(self.eid(node), parent, index, tail, slots))

    def remove_node(self, eid: int) -> ElementRemoved:
        """Take node `eid` (and its subtree) out of the tree; its id stays valid for undo."""
        node = self.node(eid)
        if node is self.root:
            raise EditError("the root element cannot be removed")
        parent = node.getparent()
        if parent is None or not self.contains(eid):
            raise EditError(f"node {eid} is not in the document")
        index = parent.index(node)
        for sub in node.iter():  # ids for the whole subtree while it is still ours (undo brings it back)
            self._register(sub)
        slots = removal_layout(parent, index, self._slot)
        return self._apply_new(ElementRemoved(eid, self.eid(parent), index, node.tail, slots))

    def move_node(self, eid: int, parent: int, index: int) -> Compound:
        """Move node `eid` to child position `index` of `parent` (index counted after taking it out)."""
        node = self.node(eid)
        target = self._element(parent)
        if node is target or any(a is node for a in target.iterancestors()):
            raise EditError("a node cannot be moved into itself")
        old_parent = node.getparent()
        if old_parent is None or not self.contains(eid):
            raise EditError(f"node {eid} is not in the document")
        limit = len(target) - (1 if old_parent is target else 0)
        if not 0 <= index <= limit:
            raise EditError(f"index {index} is outside 0..{limit}")
        if old_parent is target and old_parent.index(node) == index:
            # Already there (a drag dropped where it started): taking it out and back in would
            # re-derive its whitespace, changing bytes the user did not touch.
            return Compound((), "move")
        removed = self.remove_node(eid)
        tail, slots = insertion_layout(target, index, self._preceding_whitespace(target), self._slot)
        inserted = ElementInserted(eid, parent, index, tail, slots)
        self._apply_raw(inserted)
        change = Compound((removed, inserted), "move")
        # Subscribers saw the removal already; they now see the insertion as its own event.
        self._notify(inserted)
        return change

    # -- applying change records (also used by undo and redo) -----------------------------
    def apply(self, change: DocumentChange) -> None:
        """Apply a change record made by this document (or its inverse) and notify subscribers."""
        self._apply_raw(change)
        if isinstance(change, Compound):
            for part in change.changes:
                self._notify(part)
        else:
            self._notify(change)

    def _apply_new(self, change):
        self.apply(change)
        return change

    def _apply_raw(self, change: DocumentChange) -> None:
        # The origin may record the tree as read lazily: let it do so before the tree first changes.
        prepare = getattr(self.origin, "prepare", None)
        if prepare is not None:
            prepare()
        self.revision += 1
        if isinstance(change, AttributeChanged):
            node = self._element(change.eid)
            key = self._key(node, change.name)
            if change.new is None:
                node.attrib.pop(key, None)
            elif key in node.attrib or change.index is None or change.index >= len(node.attrib):
                node.set(key, change.new)
            else:  # put it back where it stood: lxml cannot insert an attribute at a position
                items = list(node.attrib.items())
                items.insert(change.index, (key, change.new))
                node.attrib.clear()
                for k, v in items:
                    node.set(k, v)
        elif isinstance(change, TextChanged):
            self.node(change.eid).text = change.new
        elif isinstance(change, ElementInserted):
            node = self.node(change.eid)
            for slot in change.slots:
                setattr(self.node(slot.eid), slot.field, slot.inside)
            node.tail = change.tail
            self.node(change.parent).insert(change.index, node)
        elif isinstance(change, ElementRemoved):
            node = self.node(change.eid)
            self.node(change.parent).remove(node)
            node.tail = change.tail
            for slot in change.slots:
                setattr(self.node(slot.eid), slot.field, slot.outside)
        elif isinstance(change, Compound):
            for part in change.changes:
                self._apply_raw(part)
        else:  # pragma: no cover - a programming error, not user input
            raise TypeError(f"not a document change: {change!r}")

    def _notify(self, change: DocumentChange) -> None:
        for listener in list(self._listeners):
            listener(self, change)

    # -- helpers -----------------------------------------------------------------------------
    def _element(self, eid: int) -> etree._Element:
        node = self.node(eid)
        if not isinstance(node.tag, str):
            raise EditError(f"node {eid} is a {self.kind(eid)}, not an element")
        return node

    def _slot(self, node: etree._Element, field: str, outside: str | None, inside: str | None) -> Slot:
        return Slot(self._register(node), field, outside, inside)

    def _preceding_whitespace(self, node: etree._Element) -> str | None:
        """The whitespace before `node`'s start tag (for the root: the end of the prolog)."""
        previous = node.getprevious()
        if previous is not None:
            return previous.tail
        parent = node.getparent()
        if parent is not None:
            return parent.text
        tail = self.prolog.rsplit(">", 1)[-1] if self.prolog else ""
        return tail if tail else ("\n" if "\n" in self.prolog else None)

    @staticmethod
    def _key(node: etree._Element, name: str) -> str:
        if name == "xmlns" or name.startswith("xmlns:"):
            # lxml would store it as a plain attribute and the writer would declare a namespace
            raise EditError(f"{name!r} is a namespace declaration, not an attribute")
        if name.startswith("{"):
            uri, _, local = name[1:].partition("}")
            if uri != XML_NS and uri not in [u for prefix, u in node.nsmap.items() if prefix]:
                raise EditError(f"attribute {name!r} is in a namespace no prefix is declared for")
            if not _is_name(local):
                raise EditError(f"{name!r} is not a valid attribute name")
            return name
        if ":" in name:
            prefix, local = name.split(":", 1)
            if not _is_name(local) or ":" in local:
                raise EditError(f"{name!r} is not a valid attribute name")
            if prefix == "xml":
                return f"{{{XML_NS}}}{local}"
            uri = node.nsmap.get(prefix)
            if uri is None:
                raise EditError(f"attribute {name!r} uses the undeclared prefix {prefix!r}")
            return f"{{{uri}}}{local}"
        if not _is_name(name):
            raise EditError(f"{name!r} is not a valid attribute name")
        return name

    @staticmethod
    def _qname(node: etree._Element, key: str) -> str:
        return qualified_name(node, key)

    def __repr__(self) -> str:
        return f"<Document {self.path} root={self.tag(self.root_id)!r}>"


def qualified_name(node: etree._Element, key: str) -> str:
    """An attribute key of lxml (`{uri}local`) as written in XML: `xml:lang`, `prefix:local` or `local`."""
    if not key.startswith("{"):
        return key
    uri, local = key[1:].split("}", 1)
    if uri == XML_NS:
        return f"xml:{local}"
    for prefix, candidate in node.nsmap.items():
        if candidate == uri and prefix:
            return f"{prefix}:{local}"
    return key


def _is_name(name: str) -> bool:
    try:
        etree.QName(name)
    except ValueError:
        return False
    return bool(name) and not name[0].isdigit() and name[0] not in "-."


def _check_xml_text(value: str, what: str) -> None:
    """Refuse characters XML 1.0 cannot hold (lxml would raise a bare ValueError later)."""
    if not isinstance(value, str):
        raise EditError(f"{what} must be text, not {type(value).__name__}")
    for ch in value:
        code = ord(ch)
        if code < 0x20 and ch not in "\t\n\r" or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            raise EditError(f"{what} contains the character U+{code:04X}, which XML cannot hold")
