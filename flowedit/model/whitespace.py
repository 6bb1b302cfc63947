"""Indentation around inserted and removed nodes.

A node inserted into a document takes its indentation from its siblings, and a node removed takes
its line with it, so that an edit changes only the lines it is about. These functions only compute
the new whitespace (as `Slot` records an undo can reverse); `Document` applies them.

Text that is not whitespace (mixed content such as SSML inside `<Say>`) is never re-indented: a
node inserted there gets no whitespace at all, and the text around a removed node is kept.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from flowedit.model.changes import Slot

SlotFactory = Callable[[etree._Element, str, "str | None", "str | None"], Slot]
DEFAULT_UNIT = "  "


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _indent_of(whitespace: str | None) -> str | None:
    """The indentation at the end of a whitespace run, or None when it holds no line break."""
    if whitespace is None or "\n" not in whitespace:
        return None
    return whitespace.rsplit("\n", 1)[1]


def _unit(root: etree._Element) -> str:
    """The document's indentation step: the first indented child's indent less its parent's."""
    for node in root.iter():
        if not len(node) or not isinstance(node.tag, str):
            continue
        inner = _indent_of(node.text)
        outer = _indent_of(_before(node)) if node.getparent() is not None else ""
        if inner is not None and outer is not None and inner.startswith(outer) and len(inner) > len(outer):
            return inner[len(outer):]
    return DEFAULT_UNIT


def _before(node: etree._Element) -> str | None:
    previous = node.getprevious()
    if previous is not None:
        return previous.tail
    parent = node.getparent()
    return parent.text if parent is not None else None


def insertion_layout(
    parent: etree._Element, index: int, parent_before: str | None, slot: SlotFactory
) -> tuple[str | None, tuple[Slot, ...]]:
    """Whitespace for a node about to become child `index` of `parent`.

    Returns the new node's tail and the neighbouring slots to change. `parent_before` is the
    whitespace before the parent's own start tag (which tells whether the document is indented).
    """
    children = list(parent)
    if not children:
        if not _blank(parent.text):
            return None, ()  # the parent holds text (e.g. <Dial>+1415…</Dial>): leave it as it is
        parent_indent = _indent_of(parent_before)
        if parent_indent is None:
            return None, ()  # written on one line: keep it on one line
        child_indent = parent_indent + _unit(parent.getroottree().getroot())
        inside = "\n" + child_indent
        return "\n" + parent_indent, (slot(parent, "text", parent.text, inside),)
    if index >= len(children):
        last = children[-1]
        before_last = children[-2].tail if len(children) > 1 else parent.text
        if _blank(last.tail) and _blank(before_last):
            if last.tail == before_last:
                return last.tail, ()
            return last.tail, (slot(last, "tail", last.tail, before_last),)
        return None, ()
    before = children[index - 1].tail if index else parent.text
    return (before if _blank(before) else None), ()


def removal_layout(parent: etree._Element, index: int, slot: SlotFactory) -> tuple[Slot, ...]:
    """Slots to change when child `index` of `parent` leaves the tree (its tail leaves with it)."""
    children = list(parent)
    node = children[index]
    owner, field = (children[index - 1], "tail") if index else (parent, "text")
    before = getattr(owner, field)
    if not (_blank(before) and _blank(node.tail)):
        merged = (before or "") + (node.tail or "")  # keep the words around a removed SSML tag
        return (slot(owner, field, merged, before),)
    if len(children) == 1:
        return (slot(owner, field, None, before),) if before is not None else ()
    if index == len(children) - 1 and before != node.tail:
        return (slot(owner, field, node.tail, before),)
    return ()
