"""Copy, Cut, Paste and Duplicate: the clipboard carries TwiML text.

Copying puts the selected elements on the clipboard as they would be saved (`fragment_text`), as
`text/plain` and `application/xml`, so they paste into any text editor, and TwiML copied from
anywhere pastes here. Pasting parses through the hardened fragment parser and inserts with the
same placement rules as the palette (`placement.best_place` / `add_elements`), relative to the
selection; what cannot go anywhere is refused with a reason, never half-pasted.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QClipboard, QGuiApplication

from flowedit.gui import edit_ops
from flowedit.gui.placement import add_elements, best_place, placement_problem
from flowedit.gui.session import FlowSession, Ref
from flowedit.io.errors import ReadError
from flowedit.io.fragments import fragment_text, parse_fragment

XML_MIME = "application/xml"


def _clipboard() -> QClipboard:
    return QGuiApplication.clipboard()


def selection_text(session: FlowSession) -> str:
    """The TwiML text of the selected elements (document after document), "" when none."""
    return "".join(fragment_text(doc, eids) for doc, eids in edit_ops.selected_elements(session))


def copy_selection(session: FlowSession) -> bool:
    """Put the selected elements on the clipboard; False (with a reason) when nothing is selected."""
    text = selection_text(session)
    if not text:
        session.editRefused.emit("Select elements to copy")
        return False
    mime = QMimeData()
    mime.setText(text)
    mime.setData(XML_MIME, text.encode("utf-8"))
    _clipboard().setMimeData(mime)
    return True


def cut_selection(session: FlowSession) -> bool:
    """Copy, then delete the selection as one step named "Cut"."""
    return copy_selection(session) and edit_ops.delete_selection(session, "Cut")


def clipboard_text() -> str:
    mime = _clipboard().mimeData()
    if mime is None:
        return ""
    if mime.hasText():
        return mime.text()
    if mime.hasFormat(XML_MIME):
        return bytes(mime.data(XML_MIME).data()).decode("utf-8", "replace")
    return ""


def paste(session: FlowSession, text: str | None = None) -> list[int]:
    """Insert TwiML `text` (default: the clipboard's) next to or into the selection; the new ids."""
    text = clipboard_text() if text is None else text
    doc = session.current_document
    if doc is None:
        session.editRefused.emit("Add a document before pasting")
        return []
    if not text.strip():
        session.editRefused.emit("The clipboard holds no TwiML")
        return []
    try:
        elements = parse_fragment(text)
    except ReadError as err:
        session.editRefused.emit(f"Cannot paste: {err.message} (line {err.line}, column {err.column})")
        return []
    selected = next((r.eid for r in reversed(session.selection) if r.document is doc), None)
    tag = elements[0].tag
    place = best_place(doc, selected, tag)
    if place is None:
        problem = placement_problem(doc, doc.root_id, tag) or f"<{tag}> has no place here"
        session.editRefused.emit(f"Cannot paste: {problem}")
        return []
    parent, index = place
    inserted = add_elements(session, doc, parent, index, elements, "Paste")
    if inserted:
        session.select([Ref(doc, eid) for eid in inserted])
    return inserted


def duplicate(session: FlowSession) -> list[int]:
    """Insert a copy of the selected elements right after the last of them, as one step."""
    groups = edit_ops.selected_elements(session)
    if len(groups) != 1:
        session.editRefused.emit("Select elements of one document to duplicate them")
        return []
    doc, eids = groups[0]
    try:
        elements = parse_fragment(fragment_text(doc, eids), source="selection")
    except ReadError:  # only comments selected: nothing TwiML to copy
        session.editRefused.emit("Select elements to duplicate")
        return []
    last = eids[-1]
    parent = doc.parent(last)
    inserted = add_elements(session, doc, parent, doc.index(last) + 1, elements, "Duplicate")
    if inserted:
        session.select([Ref(doc, eid) for eid in inserted])
    return inserted
