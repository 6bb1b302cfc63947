"""A flow: the TwiML documents of one call flow, by URL path, with its entry document and base URL.

`Flow` owns the set of documents and the flow-level edits (add, remove, rename a document, set the
entry or the base URL), each returning a change record (`flowedit.model.changes`) that undo can
invert. Subscribers get the flow-level records and, forwarded, every document's own changes.
The layout of the canvas is kept here as opaque JSON-ready data for the manifest; it never goes
into TwiML.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flowedit.model.changes import (
    AttributeChanged,
    DocumentAdded,
    DocumentChange,
    DocumentRemoved,
    DocumentRenamed,
    EntryChanged,
    FlowChange,
    LinkEdit,
    PositionChanged,
    SettingChanged,
    TextChanged,
)
from flowedit.model.document import Document, EditError
from flowedit.model.links import Link, LinkKind, classify, document_links
from flowedit.model.paths import PathError, check_path, normalize_base, rewrite_link

FlowListener = Callable[["Flow", "FlowChange | None", "Document | None", "DocumentChange | None"], None]



def as_position(value: Any) -> tuple[float, float] | None:
    """A frame position as the manifest's layout spells it ([x, y]), or None when `value` is not one."""
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
        return float(value[0]), float(value[1])
    return None

class Flow:
    """Documents by URL path, the entry document, the base URL, and the layout data."""

    def __init__(self, documents: list[Document] | None = None, *, entry: str | None = None,
                 base_url: str | None = None, layout: dict[str, Any] | None = None) -> None:
        self.documents: dict[str, Document] = {}
        self.entry = entry
        self.base_url = base_url
        self.layout: dict[str, Any] = layout if layout is not None else {}
        self._listeners: list[FlowListener] = []
        for doc in documents or []:
            self._attach(doc)

    # -- queries -----------------------------------------------------------------------------
    @property
    def base(self) -> str:
        """The base URL as a directory URL (a placeholder when the flow names none)."""
        return normalize_base(self.base_url)

    def document(self, path: str) -> Document:
        try:
            return self.documents[path]
        except KeyError:
            raise EditError(f"the flow has no document {path}") from None

    def position(self, path: str) -> tuple[float, float] | None:
        """The saved canvas position of document `path`'s frame, or None when it has none."""
        return as_position(self.layout.get("positions", {}).get(path))

    def links(self) -> list[Link]:
        """Every link of every document, resolved and classified."""
        out: list[Link] = []
        for doc in self.documents.values():
            out.extend(document_links(doc, self.base, self.documents))
        return out

    def links_from(self, path: str) -> list[Link]:
        return document_links(self.document(path), self.base, self.documents)

    def links_to(self, path: str) -> list[Link]:
        return [link for link in self.links() if link.target == path and link.kind is LinkKind.INTERNAL]

    # -- subscribers -------------------------------------------------------------------------
    def subscribe(self, listener: FlowListener) -> None:
        """`listener(flow, flow_change, document, document_change)`: one of the pairs is set."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: FlowListener) -> None:
        self._listeners.remove(listener)

    def _forward(self, doc: Document, change: DocumentChange) -> None:
        for listener in list(self._listeners):
            listener(self, None, doc, change)

    def _notify(self, change: FlowChange) -> None:
        for listener in list(self._listeners):
            listener(self, change, None, None)

    def _attach(self, doc: Document) -> None:
        check_path(doc.path)
        if doc.path in self.documents:
            raise EditError(f"the flow already has a document {doc.path}")
        self.documents[doc.path] = doc
        doc.subscribe(self._forward)

    def _detach(self, path: str) -> Document:
        doc = self.documents.pop(path)
        doc.unsubscribe(self._forward)
        return doc

    # -- the edit API ------------------------------------------------------------------------
    def add_document(self, doc: Document) -> DocumentAdded:
        """Add a document (its `path` must be free and valid)."""
        try:
            check_path(doc.path)
        except PathError as err:
            raise EditError(str(err)) from None
        if doc.path in self.documents:
            raise EditError(f"the flow already has a document {doc.path}")
        change = DocumentAdded(doc.path, doc)
        self.apply(change)
        return change

    def remove_document(self, path: str) -> DocumentRemoved:
        change = DocumentRemoved(path, self.document(path), self.entry == path)
        self.apply(change)
        return change

    def set_entry(self, path: str | None) -> EntryChanged:
        if path is not None:
            self.document(path)
        change = EntryChanged(self.entry, path)
        self.apply(change)
        return change

    def set_base_url(self, base_url: str | None) -> SettingChanged:
        change = SettingChanged("base_url", self.base_url, base_url or None)
        self.apply(change)
        return change

    def set_position(self, path: str, position: tuple[float, float] | None) -> PositionChanged:
        """Save (or with None forget) where document `path`'s frame stands on the canvas."""
        self.document(path)
        new = None if position is None else (round(float(position[0]), 1), round(float(position[1]), 1))
        change = PositionChanged(path, self.position(path), new)
        self.apply(change)
        return change

    def rename_document(self, old: str, new: str, *, update_links: bool = True,
                        suffix: str | None = None) -> DocumentRenamed:
        """Serve the document at `old` at `new` instead; with `update_links`, rewrite links to it.

        Each rewritten link keeps its style (absolute, from the root or relative) and its suffix.
        """
        doc = self.document(old)
        try:
            check_path(new)
        except PathError as err:
            raise EditError(str(err)) from None
        if new != old and new in self.documents:
            raise EditError(f"the flow already has a document {new}")
        edits: list[LinkEdit] = []
        if update_links:
            edits = self._link_rewrites(old, new)
        new_entry = new if self.entry == old else self.entry
        change = DocumentRenamed(old, new, doc.suffix, suffix or doc.suffix, tuple(edits),
                                 self.entry, new_entry)
        self.apply(change)
        return change

    def _link_rewrites(self, old: str, new: str) -> list[LinkEdit]:
        """The link changes a rename needs, computed against the flow before the rename."""
        edits: list[LinkEdit] = []
        for link in self.links():
            if link.kind is LinkKind.INTERNAL and link.target == old:
                target = new
            elif link.source == old and link.target is not None and _relative(link.value):
                # The renamed document's own relative links must keep naming the same documents
                # from its new folder (internal or missing alike).
                target = link.target
                if classify(self.base, new, link.value, self.documents)[2] == target:
                    continue
            else:
                continue
            doc = self.documents[link.source]
            # A document linking to itself is renamed too: its links are written relative to `new`.
            from_path = new if link.source == old else link.source
            rewritten = rewrite_link(link.value, self.base, from_path, target)
            if link.attribute is None:
                raw = doc.text(link.eid) or ""
                edits.append(LinkEdit(doc, TextChanged(link.eid, raw, raw.replace(link.value, rewritten, 1))))
            else:
                raw = doc.get(link.eid, link.attribute) or ""
                index = [n for n, _ in doc.attributes(link.eid)].index(link.attribute)
                edits.append(LinkEdit(doc, AttributeChanged(link.eid, link.attribute, raw,
                                                            raw.replace(link.value, rewritten, 1), index)))
        return edits

    def apply(self, change: FlowChange) -> None:
        """Apply a flow change record (or its inverse) and notify subscribers."""
        if isinstance(change, DocumentAdded):
            change.document.path = change.path
            self._attach(change.document)
            if change.entry:
                self.entry = change.path
        elif isinstance(change, DocumentRemoved):
            self._detach(change.path)
            if change.entry:
                self.entry = None
        elif isinstance(change, DocumentRenamed):
            doc = self._detach(change.old)
            positions = self.layout.get("positions", {})
            if change.old in positions:  # the frame keeps its place under its new name
                positions[change.new] = positions.pop(change.old)
            doc.path = change.new
            doc.suffix = change.new_suffix
            doc.filename = change.new.lstrip("/") + change.new_suffix
            self._attach(doc)
            self.entry = change.new_entry
            for edit in change.links:
                edit.document.apply(edit.change)
        elif isinstance(change, EntryChanged):
            self.entry = change.new
        elif isinstance(change, SettingChanged):
            setattr(self, change.name, change.new)
        elif isinstance(change, PositionChanged):
            positions = self.layout.setdefault("positions", {})
            if change.new is None:
                positions.pop(change.path, None)
            else:
                positions[change.path] = [change.new[0], change.new[1]]
            if not positions:
                self.layout.pop("positions")
        else:  # pragma: no cover - a programming error
            raise TypeError(f"not a flow change: {change!r}")
        self._notify(change)


def _relative(value: str) -> bool:
    """True for a relative-path reference ("menu", "../a.xml"): one that depends on the document's folder."""
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc and not parts.path.startswith("/") and parts.path != ""
