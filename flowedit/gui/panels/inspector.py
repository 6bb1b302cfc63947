"""The Inspector dock: the properties of what is selected, generated from the vocabulary.

Which form shows follows the session's selection: nothing selected (a hint), one element or comment
(`inspector_element.ElementForm`), a document itself (`inspector_document.DocumentForm`: path, entry
flag) or several nodes (`SelectionSummary`). The form is built again on `selectionChanged` and
`flowReplaced`, and when a change makes it no longer fit (the element removed, an attribute only an
"unknown" row can show added); otherwise every change of the shown document only refreshes the
values, so the field being typed in keeps its focus and cursor. Findings come from the live
validator on `findingsChanged`. The inspector edits only through `session.edit` (inside the forms)
and keeps no copy of the model beyond what its fields display. The forms' modules are imported when
a form first shows (most of the inspector's import cost), so an empty editor starts without them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from flowedit.gui import style
from flowedit.gui.session import FlowSession


class _Empty(QLabel):
    """What shows when nothing is selected."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.setObjectName("inspectorEmpty")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMargin(16)
        self.setStyleSheet(f"color: {style.muted(parent.palette()).name()};")

    def is_current(self) -> bool:
        return True

    def refresh(self) -> None:
        return None

    def show_findings(self) -> None:
        return None

    def focus(self, name: str) -> QWidget | None:
        return None

    def focus_name(self) -> str | None:
        return None


class Inspector(QWidget):
    """The properties panel (see the module docstring)."""

    def __init__(self, session: FlowSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.session = session
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self.form: QWidget | None = None
        session.selectionChanged.connect(self.rebuild)
        session.flowReplaced.connect(self.rebuild)
        session.documentChanged.connect(self._document_changed)
        session.flowChanged.connect(lambda _change: self._model_changed())
        session.findingsChanged.connect(self._findings_changed)
        self.rebuild()

    # -- which form ------------------------------------------------------------------------------
    def _make_form(self) -> QWidget:
        session = self.session
        refs = [r for r in session.selection if r.document in session.flow.documents.values()]
        if not refs:
            text = "Select an element on the canvas to see its properties." if session.flow.documents \
                else "Open or create a flow to start."
            return _Empty(text, self)
        from flowedit.gui.panels.inspector_document import DocumentForm, SelectionSummary
        from flowedit.gui.panels.inspector_element import ElementForm

        if len(refs) > 1:
            return SelectionSummary(session, refs)
        ref = refs[-1]
        if ref.eid is None:
            return DocumentForm(session, ref.document)
        if not ref.document.contains(ref.eid):
            return _Empty("The selected element is no longer in its document.", self)
        return ElementForm(session, ref.document, ref.eid)

    def rebuild(self) -> None:
        """Build the form for the current selection (focus goes back to the same field when it can)."""
        old = self.form
        focus = old.focus_name() if old is not None else None
        self.form = self._make_form()
        taken = self.scroll.takeWidget()
        if taken is not None:
            taken.hide()
            taken.deleteLater()  # later: this may run inside one of the old form's own slots
        self.scroll.setWidget(self.form)
        self.form.show_findings()
        if focus and self._same_node(old):
            self.focus_attribute(focus)

    def _same_node(self, old: QWidget | None) -> bool:
        from flowedit.gui.panels.inspector_element import ElementForm

        new = self.form
        return (isinstance(old, ElementForm) and isinstance(new, ElementForm)
                and (old.doc, old.eid) == (new.doc, new.eid))

    # -- following the model ---------------------------------------------------------------------
    def _document_changed(self, doc, change) -> None:
        from flowedit.gui.panels.inspector_document import SelectionSummary

        form = self.form
        if getattr(form, "doc", None) is doc or isinstance(form, (SelectionSummary, _Empty)):
            self._model_changed(change)

    def _model_changed(self, change=None) -> None:
        """Follow a change of the model (`change`: a document's change; None: the flow's)."""
        form = self.form
        if form is None:
            return
        if isinstance(form, _Empty) and self.session.selection:
            self.rebuild()  # the selected element came back (undo of its removal)
        elif not form.is_current():
            self.rebuild()
        elif change is not None and hasattr(form, "follow"):
            form.follow(change)  # an element form re-reads only what the change can have touched
        else:
            form.refresh()

    def _findings_changed(self) -> None:
        if self.form is not None and self.form.is_current():
            self.form.show_findings()

    # -- for the findings panel ------------------------------------------------------------------
    def focus_attribute(self, name: str) -> bool:
        """Scroll to attribute `name`'s editor ("#text": the text field) and focus it; False when the
        shown form has no such field."""
        form = self.form
        field = form.focus(name) if form is not None else None
        if field is None:
            return False
        self.scroll.ensureWidgetVisible(field, 0, 24)
        return True

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt virtual
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "form", None) is not None:
            self.rebuild()  # icons, muted text and problem colours follow light/dark
