"""The inspector's forms for a whole document and for a multiple selection.

A document shows its URL path (renaming it rewrites the links to it, as one undoable step: "Rename
/a to /b"), whether it is the flow's entry document, what it holds and links to, and its findings.
A multiple selection shows what is selected, counted by kind. Like every inspector form, these edit
only through `session.edit` and re-read the model on `refresh`.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from flowedit.gui import style
from flowedit.gui.panels.inspector_parts import FindingsList, Section, form_layout, header
from flowedit.gui.session import FlowSession, Ref
from flowedit.model.document import Document
from flowedit.model.paths import PathError, check_path


class DocumentForm(QWidget):
    """Path, entry flag and contents of one document."""

    def __init__(self, session: FlowSession, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentForm")
        self.session, self.doc = session, doc
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.findings = FindingsList(self)
        layout.addWidget(self.findings)
        layout.addWidget(header("Response", "A TwiML document of the flow, served at its URL path.", self))
        section = Section("Document", self)
        layout.addWidget(section)
        form = form_layout(section.body)
        self.path = QLineEdit(section.body)
        self.path.setObjectName("documentPath")
        self.path.setPlaceholderText("/path, e.g. /menu")
        self.path.setToolTip("The URL path Twilio requests this document at. Renaming it updates the links "
                             "to it in every document of the flow.")
        self.path.editingFinished.connect(self.rename)
        self.path.textEdited.connect(self._check_path)
        form.addRow("URL path", self.path)
        self.path_message = QLabel(section.body)
        self.path_message.setWordWrap(True)
        self.path_message.hide()
        form.addRow("", self.path_message)
        self.entry = QCheckBox("Entry document (the call starts here)", section.body)
        self.entry.setObjectName("entryDocument")
        self.entry.clicked.connect(self._entry_clicked)
        form.addRow("", self.entry)
        self.file = QLabel(section.body)
        self.file.setStyleSheet(f"color: {style.muted(self.palette()).name()};")
        form.addRow("File", self.file)
        self.contents = QLabel(section.body)
        self.contents.setWordWrap(True)
        form.addRow("Holds", self.contents)
        self.links = QLabel(section.body)
        self.links.setWordWrap(True)
        form.addRow("Links", self.links)
        layout.addStretch(1)
        self.refresh()

    def is_current(self) -> bool:
        return self.session.flow.documents.get(self.doc.path) is self.doc  # (not a scan of them all)

    def refresh(self) -> None:
        doc, flow = self.doc, self.session.flow
        if not self.is_current():
            return
        if not self.path.hasFocus() and self.path.text() != doc.path:
            self.path.setText(doc.path)
        self.entry.setChecked(flow.entry == doc.path)
        self.file.setText(doc.filename)
        verbs = Counter(doc.tag(c) for c in doc.child_elements(doc.root_id))
        total = sum(1 for _ in doc.iter_ids()) - 1
        listed = ", ".join(f"{tag} ×{n}" if n > 1 else tag for tag, n in verbs.items()) or "nothing yet"
        self.contents.setText(f"{listed}  ({total} node{'s' if total != 1 else ''} in all)")
        out, into = flow.links_from(doc.path), flow.links_to(doc.path)
        self.links.setText(f"{len(out)} out, {len(into)} in")

    def show_findings(self) -> None:
        if self.is_current():
            self.findings.show_findings(self.session.findings_for(self.doc))

    def focus(self, name: str) -> QWidget | None:
        self.path.setFocus()
        return self.path

    def focus_name(self) -> str | None:
        return None

    def _check_path(self, text: str) -> None:
        try:
            check_path(text.strip())
        except PathError as err:
            self.path_message.setText(str(err))
            self.path_message.setStyleSheet("color: #c62828;" if not style.is_dark(self.palette())
                                            else "color: #ff6b6b;")
            self.path_message.show()
        else:
            self.path_message.hide()

    def rename(self) -> None:
        """Serve the document at the typed path (links to it follow); a refused path is put back."""
        old, new = self.doc.path, self.path.text().strip()
        if new == old or not self.is_current():
            return
        flow = self.session.flow
        if not self.session.edit(f"Rename {old} to {new}", lambda: [(flow, flow.rename_document(old, new))]):
            self.path.setText(self.doc.path)
        self.path_message.hide()

    def _entry_clicked(self, checked: bool) -> None:
        flow, path = self.session.flow, self.doc.path
        text = f"Make {path} the entry document" if checked else f"Unset {path} as the entry document"
        self.session.edit(text, lambda: [(flow, flow.set_entry(path if checked else None))])
        self.refresh()


class SelectionSummary(QWidget):
    """What a multiple selection holds: "3 selected: Client ×2, Number"."""

    def __init__(self, session: FlowSession, refs: list[Ref], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("selectionSummary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.findings = FindingsList(self)
        layout.addWidget(self.findings)
        layout.addWidget(header("Response", f"{len(refs)} nodes selected", self))
        section = Section("Selection", self)
        layout.addWidget(section)
        form = form_layout(section.body)
        kinds = Counter("document" if r.eid is None or not r.document.contains(r.eid)
                        else (r.document.tag(r.eid) or r.document.kind(r.eid)) for r in refs)
        for kind, count in kinds.most_common():
            form.addRow(f"<{kind}>" if kind not in ("document", "comment", "pi") else kind, QLabel(f"×{count}"))
        documents = sorted({r.document.path for r in refs})
        form.addRow("In", QLabel(", ".join(documents)))
        hint = QLabel("Select one node to edit it.", section.body)
        hint.setStyleSheet(f"color: {style.muted(self.palette()).name()};")
        form.addRow(hint)
        self.session, self.refs = session, refs
        layout.addStretch(1)

    def is_current(self) -> bool:
        return True

    def refresh(self) -> None:
        return None

    def show_findings(self) -> None:
        findings = [f for r in self.refs if r.eid is not None for f in self.session.findings_for(r.document, r.eid)]
        self.findings.show_findings(findings)

    def focus(self, name: str) -> QWidget | None:
        return None

    def focus_name(self) -> str | None:
        return None
