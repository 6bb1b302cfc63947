"""The Edit menu's structural edits on the selection: Delete, Select All, Move Up/Down, Move to document.

Each is one undoable `session.edit`; a refusal goes out through `session.editRefused` with the
reason. They work on what `selected_elements` returns: the selected elements and comments, in
document order, without the root and without any node whose ancestor is selected too (deleting a
Dial deletes its Clients already).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowedit.gui.session import FlowSession, Ref

if TYPE_CHECKING:
    from flowedit.model.document import Document


def _tag(doc: Document, eid: int) -> str:
    return f"<{doc.tag(eid)}>" if doc.kind(eid) == "element" else "comment"


def selected_elements(session: FlowSession) -> list[tuple[Document, list[int]]]:
    """(document, node ids) per document of the selection, outermost nodes only, in document order."""
    chosen: dict[int, set[int]] = {}
    docs: dict[int, Document] = {}
    for ref in session.selection:
        doc = ref.document
        if ref.eid is None or not doc.contains(ref.eid) or ref.eid == doc.root_id:
            continue
        docs[id(doc)] = doc
        chosen.setdefault(id(doc), set()).add(ref.eid)
    out = []
    for key, eids in chosen.items():
        doc = docs[key]
        order = list(doc.iter_ids())
        outer = [e for e in eids if not _has_selected_ancestor(doc, e, eids)]
        out.append((doc, sorted(outer, key=order.index)))
    return out


def _has_selected_ancestor(doc: Document, eid: int, eids: set[int]) -> bool:
    parent = doc.parent(eid)
    while parent is not None:
        if parent in eids:
            return True
        parent = doc.parent(parent)
    return False


def selected_documents(session: FlowSession) -> list[Document]:
    """Documents selected as a whole (their frame), not through one of their elements."""
    return [ref.document for ref in session.selection if ref.eid is None]


def _describe(groups: list[tuple[Document, list[int]]]) -> str:
    tags = [_tag(doc, eid) for doc, eids in groups for eid in eids]
    return " ".join(tags[:3]) + (" …" if len(tags) > 3 else "")


def delete_selection(session: FlowSession, text: str | None = None) -> bool:
    """Remove every selected node (and selected documents) as one step; False when nothing was removed."""
    groups = selected_elements(session)
    documents = [d for d in selected_documents(session) if d in session.flow.documents.values()]
    if not groups and not documents:
        session.editRefused.emit("Select something to delete")
        return False
    flow = session.flow
    label = text or ("Delete " + (_describe(groups) if groups else ", ".join(d.path for d in documents)))

    def action():
        changes = []
        for doc, eids in groups:
            if doc in documents:
                continue  # the whole document goes
            changes.extend((doc, doc.remove_node(eid)) for eid in reversed(eids))
        changes.extend((flow, flow.remove_document(doc.path)) for doc in documents)
        return changes

    return session.edit(label, action)


def select_all(session: FlowSession) -> None:
    """Select every verb (child element of <Response>) of the current document."""
    doc = session.current_document
    if doc is None:
        return
    verbs = doc.child_elements(doc.root_id)
    session.select([Ref(doc, eid) for eid in verbs] if verbs else Ref(doc))


def _sibling_elements(doc: Document, eid: int) -> tuple[int, list[int]]:
    parent = doc.parent(eid)
    return parent, doc.children(parent)


def move_selection(session: FlowSession, step: int) -> bool:
    """Move the selected node one element up (`step` -1) or down (+1) among its siblings."""
    groups = selected_elements(session)
    if len(groups) != 1 or len(groups[0][1]) != 1:
        session.editRefused.emit("Select one element to move it")
        return False
    doc, (eid,) = groups[0]
    parent, children = _sibling_elements(doc, eid)
    here = children.index(eid)
    if step < 0:
        before = [i for i, c in enumerate(children[:here]) if doc.kind(c) == "element"]
        if not before:
            session.editRefused.emit(f"{_tag(doc, eid)} is already first")
            return False
        index = before[-1]
    else:
        after = [i for i, c in enumerate(children) if i > here and doc.kind(c) == "element"]
        if not after:
            session.editRefused.emit(f"{_tag(doc, eid)} is already last")
            return False
        index = after[0]
    word = "Up" if step < 0 else "Down"
    return session.edit(f"Move {_tag(doc, eid)} {word}", lambda: [(doc, doc.move_node(eid, parent, index))])


def move_to_document(session: FlowSession, target: Document) -> list[int]:
    """Move the selected nodes of one document to the end of `target`'s <Response> as one step.

    The nodes are copied into `target` (ids belong to one document) and removed from their own;
    the copies are selected. [] when refused (the reason goes to `editRefused`).
    """
    import copy

    # Here, not at the top: the placement rules import lxml and the TwiML vocabulary, which an
    # empty window starts without (the Edit menu imports this module).
    from flowedit.gui.placement import placement_problem

    groups = selected_elements(session)
    if len(groups) != 1:
        session.editRefused.emit("Select the verbs of one document to move them")
        return []
    doc, eids = groups[0]
    if doc is target:
        session.editRefused.emit(f"They are already in {target.path}")
        return []
    root = target.root_id
    for eid in eids:
        if doc.kind(eid) == "element":
            problem = placement_problem(target, root, doc.tag(eid),
                                        adding=sum(doc.tag(e) == doc.tag(eid) for e in eids))
            if problem:
                session.editRefused.emit(problem)
                return []
    inserted: list[int] = []

    def action():
        changes = []
        start = len(target.children(root))
        for offset, eid in enumerate(eids):
            node = copy.deepcopy(doc.node(eid))
            node.tail = None
            change = target.insert_node(root, start + offset, node)
            inserted.append(change.eid)
            changes.append((target, change))
        changes.extend((doc, doc.remove_node(eid)) for eid in reversed(eids))
        return changes

    if not session.edit(f"Move {_describe(groups)} to {target.path}", action):
        return []
    session.select([Ref(target, eid) for eid in inserted])
    return inserted
