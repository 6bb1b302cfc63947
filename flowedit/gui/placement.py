"""Where a new element may go, and adding it there as one undoable edit.

The palette (double-click), the canvas (drop) and paste all add elements through `add_elements`, so
they refuse the same things for the same reasons: a parent TwiML does not allow (the vocabulary's
parents), an eleventh Number/Client on a Dial, a second target next to a Conference, Queue or
Application, a second Identity. `placement_problem` says why in one sentence the status bar can show.
`best_place` picks the natural spot for an element relative to the current selection.
"""

from __future__ import annotations

from lxml import etree

from flowedit import twiml
from flowedit.gui.session import FlowSession, Ref
from flowedit.model.document import Document
from flowedit.twiml import rules as twilio
from flowedit.twiml.kinds import Role


def _name(tag: str) -> str:
    return f"<{tag}>"


def placement_problem(doc: Document, parent: int, tag: str, *, adding: int = 1) -> str | None:
    """Why `adding` new `<tag>` elements cannot go under node `parent` of `doc`, or None when they can."""
    spec = twiml.element(tag)
    parent_tag = doc.tag(parent)
    if doc.kind(parent) != "element":
        return "elements go inside elements, not inside a comment"
    if spec is None:
        return None if twiml.element(parent_tag) is None else f"{_name(tag)} is not TwiML Voice"
    if spec.role is Role.ROOT:
        return "a document has exactly one <Response>; add a document instead"
    if parent_tag not in spec.parents:
        allowed = ", ".join(_name(p) for p in spec.parents) or "nothing"
        return f"{_name(tag)} cannot go inside {_name(parent_tag)}: it belongs in {allowed}"
    siblings = [doc.tag(c) for c in doc.child_elements(parent)]
    if parent_tag == "Dial":
        counted = sum(s in twilio.DIAL_COUNTED_TARGETS for s in siblings)
        if tag in twilio.DIAL_COUNTED_TARGETS and counted + adding > twilio.MAX_DIAL_TARGETS:
            return (f"a <Dial> rings at most {twilio.MAX_DIAL_TARGETS} <Number> and <Client> targets; "
                    f"this one has {counted}")
        nouns = [s for s in siblings if s in twiml.element("Dial").children]
        exclusive = [s for s in nouns if s in twilio.EXCLUSIVE_DIAL_NOUNS]
        if exclusive and tag in twiml.element("Dial").children:
            return f"{_name(exclusive[0])} must be the only target of its <Dial>"
        if tag in twilio.EXCLUSIVE_DIAL_NOUNS and nouns:
            return f"{_name(tag)} must be the only target of its <Dial>, and this one has {len(nouns)}"
    if spec.max_count_in_parent is not None:
        present = siblings.count(tag)
        if present + adding > spec.max_count_in_parent:
            return f"{_name(parent_tag)} takes at most {spec.max_count_in_parent} {_name(tag)}"
    return None


def best_place(doc: Document, selected: int | None, tag: str) -> tuple[int, int] | None:
    """(parent id, child index) for a new `<tag>` given the selected node (None: the document itself).

    Inside the selection when it can hold the element (a target onto a Dial, a Parameter onto a Client;
    an Identity goes first), else after the selection in its parent, else at the end of <Response>.
    """
    root = doc.root_id
    candidates: list[tuple[int, int]] = []
    if selected is not None and doc.contains(selected) and doc.kind(selected) == "element":
        inside = len(doc.children(selected))
        candidates.append((selected, 0 if tag == "Identity" else inside))
        node = selected
        while node != root:
            parent = doc.parent(node)
            candidates.append((parent, doc.index(node) + 1))
            node = parent
    candidates.append((root, len(doc.children(root))))
    for parent, index in candidates:
        if placement_problem(doc, parent, tag) is None:
            return parent, index
    return None


def add_elements(session: FlowSession, doc: Document, parent: int, index: int,
                 elements: list[etree._Element], text: str | None = None) -> list[int]:
    """Insert detached elements under `parent` at `index` as one undoable step; their ids, or [] when
    refused (the reason goes out through `session.editRefused`)."""
    for tag in {e.tag for e in elements if isinstance(e.tag, str)}:
        problem = placement_problem(doc, parent, tag, adding=sum(e.tag == tag for e in elements))
        if problem:
            session.editRefused.emit(problem)
            return []
    names = " ".join(_name(e.tag) for e in elements[:3]) + (" …" if len(elements) > 3 else "")
    label = text or f"Add {names} to {_name(doc.tag(parent))}"
    inserted: list[int] = []

    def action():
        changes = []
        for offset, element in enumerate(elements):
            change = doc.insert_node(parent, index + offset, element)
            inserted.append(change.eid)
            changes.append((doc, change))
        return changes

    return inserted if session.edit(label, action) else []


def add_element(session: FlowSession, doc: Document, parent: int, index: int, tag: str,
                attributes: list[tuple[str, str]] = (), text: str | None = None) -> int | None:
    """Add one new `<tag>` (with attributes and text) under `parent` at `index`; its id, or None."""
    element = etree.Element(tag)
    for name, value in attributes:
        element.set(name, value)
    if text is not None:
        element.text = text
    inserted = add_elements(session, doc, parent, index, [element])
    if inserted:
        session.select(Ref(doc, inserted[0]))
    return inserted[0] if inserted else None
