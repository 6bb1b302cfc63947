"""Helper-library code for what the user is looking at: the Code dock's text and Edit ▸ Copy as Python/Node.js.

`code_for(session, language)` decides the scope the same way for both: the elements selected in the
current document (outermost ones, in document order, as Copy does; a runnable program that builds
them inside their ancestors) when there are any, else the whole current document. Selections in
other documents are left out and the header says so: one program covers one document. The generator itself is
`flowedit.export.code.generate`, imported when first needed, so the editor still starts (and says
why the dock is empty) where the exporter is missing or refuses a document.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from flowedit.gui import edit_ops
from flowedit.gui.session import FlowSession

LANGUAGES = {"python": "Python", "node": "Node.js"}  # exporter name -> what the user reads


@dataclass(frozen=True)
class Code:
    """Generated code and what it covers (`scope`, for a header); `error` says why `text` is empty."""

    text: str
    scope: str
    error: str = ""


def _elements(doc, eids: list[int]) -> list[int]:
    return [eid for eid in eids if doc.kind(eid) == "element"]


def code_for(session: FlowSession, language: str) -> Code:
    """The code for the selected elements, else for the current document (see the module docstring)."""
    try:
        from flowedit.export.code import generate
    except ImportError as err:
        return Code("", "", f"Code export is not available: {err}")
    current = session.current_document
    groups = [(doc, _elements(doc, eids)) for doc, eids in edit_ops.selected_elements(session)]
    chosen = next((eids for doc, eids in groups if doc is current and eids), None)
    others = sum(1 for doc, eids in groups if doc is not current and eids)
    try:
        if current is not None and chosen:
            count = len(chosen)
            scope = f"{current.path} · {count} selected element{'' if count == 1 else 's'}"
            if others:
                scope += f" (selections in {others} other document{'' if others == 1 else 's'} left out)"
            return Code(generate(current, language, chosen), scope)
        if current is None:
            return Code("", "", "No document")
        return Code(generate(current, language), f"{current.path} · whole document")
    except (ValueError, KeyError, NotImplementedError) as err:
        return Code("", "", f"Cannot generate {LANGUAGES.get(language, language)} code: {err}")


def copy_code(session: FlowSession, language: str) -> bool:
    """Put `code_for(session, language)` on the clipboard as text/plain; False (reason told) when empty."""
    code = code_for(session, language)
    if not code.text:
        session.editRefused.emit(code.error or "Nothing to copy")
        return False
    mime = QMimeData()
    mime.setText(code.text)
    QGuiApplication.clipboard().setMimeData(mime)
    return True
