"""Change records: what one edit of a document or a flow did, and how to undo it.

Every edit method of `Document` and `Flow` applies itself and returns one of these records. A record
is also the event sent to subscribers, and it carries everything its undo needs: `inverse()` gives
the record that, applied with `Document.apply` / `Flow.apply`, restores the state exactly (values,
attribute order and surrounding whitespace), so that undo brings the saved bytes back too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:  # pragma: no cover - typing only
    from flowedit.model.document import Document


@dataclass(frozen=True)
class AttributeChanged:
    """An attribute was set, changed or removed (`old`/`new` None mean absent).

    `index` is the attribute's position in the start tag while present, so that undoing a removal
    puts it back where it stood.
    """

    eid: int
    name: str
    old: str | None
    new: str | None
    index: int | None

    def inverse(self) -> AttributeChanged:
        return AttributeChanged(self.eid, self.name, self.new, self.old, self.index)


@dataclass(frozen=True)
class TextChanged:
    """The text of an element (before its first child) or of a comment changed."""

    eid: int
    old: str | None
    new: str | None

    def inverse(self) -> TextChanged:
        return TextChanged(self.eid, self.new, self.old)


@dataclass(frozen=True)
class Slot:
    """A whitespace slot adjusted alongside an insertion: the `text` or `tail` of node `eid`."""

    eid: int
    field: str  # "text" or "tail"
    outside: str | None  # the value while the inserted node is not in the tree
    inside: str | None  # the value while it is


@dataclass(frozen=True)
class ElementInserted:
    """Node `eid` entered the tree under `parent` at child position `index`.

    `tail` is the node's own tail while it is in the tree; `slots` are the neighbouring whitespace
    values changed so that it takes its indentation from its siblings.
    """

    eid: int
    parent: int
    index: int
    tail: str | None
    slots: tuple[Slot, ...] = ()

    def inverse(self) -> ElementRemoved:
        return ElementRemoved(self.eid, self.parent, self.index, self.tail, self.slots)


@dataclass(frozen=True)
class ElementRemoved:
    """Node `eid` left the tree; it stood under `parent` at `index` (the inverse of an insertion)."""

    eid: int
    parent: int
    index: int
    tail: str | None
    slots: tuple[Slot, ...] = ()

    def inverse(self) -> ElementInserted:
        return ElementInserted(self.eid, self.parent, self.index, self.tail, self.slots)


@dataclass(frozen=True)
class Compound:
    """Several changes of one document made as one edit (a move is a removal and an insertion)."""

    changes: tuple[DocumentChange, ...]
    label: str = ""

    def inverse(self) -> Compound:
        return Compound(tuple(c.inverse() for c in reversed(self.changes)), self.label)


DocumentChange = Union[AttributeChanged, TextChanged, ElementInserted, ElementRemoved, Compound]


@dataclass(frozen=True)
class DocumentAdded:
    """A document joined the flow at `path` (`entry`: as the flow's entry document)."""

    path: str
    document: Document
    entry: bool = False

    def inverse(self) -> DocumentRemoved:
        return DocumentRemoved(self.path, self.document, self.entry)


@dataclass(frozen=True)
class DocumentRemoved:
    """The document at `path` left the flow (kept here so undo can bring it back, entry or not)."""

    path: str
    document: Document
    entry: bool = False

    def inverse(self) -> DocumentAdded:
        return DocumentAdded(self.path, self.document, self.entry)


@dataclass(frozen=True)
class LinkEdit:
    """One change made in one document while following a rename (links rewritten)."""

    document: Document
    change: DocumentChange

    def inverse(self) -> LinkEdit:
        return LinkEdit(self.document, self.change.inverse())


@dataclass(frozen=True)
class DocumentRenamed:
    """The document at `old` is now served at `new`; `links` are the link rewrites that followed.

    `old_suffix`/`new_suffix` are the file name endings (".xml", ".twiml") before and after.
    """

    old: str
    new: str
    old_suffix: str
    new_suffix: str
    links: tuple[LinkEdit, ...] = ()
    old_entry: str | None = None
    new_entry: str | None = None

    def inverse(self) -> DocumentRenamed:
        return DocumentRenamed(
            self.new,
            self.old,
            self.new_suffix,
            self.old_suffix,
            tuple(link.inverse() for link in reversed(self.links)),
            self.new_entry,
            self.old_entry,
        )


@dataclass(frozen=True)
class EntryChanged:
    """The flow's entry document changed (None: the flow names no entry)."""

    old: str | None
    new: str | None

    def inverse(self) -> EntryChanged:
        return EntryChanged(self.new, self.old)


@dataclass(frozen=True)
class SettingChanged:
    """A flow setting kept in the manifest changed (`base_url`)."""

    name: str
    old: str | None
    new: str | None

    def inverse(self) -> SettingChanged:
        return SettingChanged(self.name, self.new, self.old)


@dataclass(frozen=True)
class PositionChanged:
    """A document's frame moved on the canvas (positions live in the layout, never in TwiML).

    `old`/`new` are (x, y) or None when the document had / has no saved position.
    """

    path: str
    old: tuple[float, float] | None
    new: tuple[float, float] | None

    def inverse(self) -> PositionChanged:
        return PositionChanged(self.path, self.new, self.old)


FlowChange = Union[DocumentAdded, DocumentRemoved, DocumentRenamed, EntryChanged, SettingChanged, PositionChanged]
