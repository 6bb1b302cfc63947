"""The inspector's form for one element, generated from the vocabulary.

From top to bottom: the findings about the element, a header (icon, tag, summary), the text content
when the element has one (or the Client's <Identity>), every attribute the vocabulary gives the
element (grouped: attributes, callbacks, recording, answering-machine detection; a group holding a
set value opens), the attributes present but unknown to the vocabulary, an "Add attribute" line, the
Parameters table where the element takes <Parameter>, and a Dial's targets.

Every change is one `session.edit` with a readable text ("Set timeout = 20", "Remove statusCallback",
"Set text of <Client>"); typing in one field merges into one undo step through the merge key
("attr", document, element, attribute, typing run). The form shows the model and keeps no copy of
it: `refresh` re-reads every value after a change, and `shape` tells the inspector when the set of
fields itself has changed (an attribute added or removed that only an unknown-attribute row shows,
an <Identity> added), which needs a new form.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from flowedit import twiml
from flowedit.gui.panels.inspector_fields import (
    BoolField,
    ChecklistField,
    Field,
    LineField,
    TextBlockField,
    field_for,
)
from flowedit.gui.panels.inspector_parts import (
    FindingsList,
    Section,
    TargetsList,
    form_layout,
    header,
    shown_text,
    stored_text,
)
from flowedit.gui.panels.parameters_table import ParametersTable
from flowedit.gui.session import FlowSession
from flowedit.model.changes import AttributeChanged
from flowedit.model.document import Document
from flowedit.twiml import Attribute, Kind, Role

TEXT = "#text"
IDENTITY = "#identity"
GROUPS = ("Attributes", "Callbacks", "Recording", "Answering machine detection")
TEXT_LABELS = {Kind.CLIENT_ID: "Identity", Kind.PHONE: "Number", Kind.URL: "URL", Kind.SIP_URI: "SIP URI",
               Kind.SID: "SID", Kind.JSON: "JSON"}
_MISSING = object()


def attribute_group(element: str, spec: Attribute) -> str:
    """Which section of the form an attribute goes in (only a naming convention: Twilio's own)."""
    name = spec.name
    if name.startswith(("machineDetection", "amd", "asyncAmd")):
        return "Answering machine detection"
    if element != "Record" and (name.startswith("record") or name == "trim"):
        return "Recording"
    if "allback" in name or name.endswith("Event"):
        return "Callbacks"
    return "Attributes"


def _short(value: str) -> str:
    return value if len(value) <= 24 else value[:23] + "…"


class ElementForm(QWidget):
    """The fields of one element (see the module docstring)."""

    def __init__(self, session: FlowSession, doc: Document, eid: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("elementForm")
        self.session, self.doc, self.eid = session, doc, eid
        self.tag = doc.tag(eid)
        self.spec = twiml.element(self.tag)
        self.fields: dict[str, Field] = {}
        self.sections: dict[str, Section] = {}
        self._echo: dict[str, object] = {}  # model value right after a field's own commit
        self.parameters: ParametersTable | None = None
        self.targets: TargetsList | None = None
        self._shape = self.shape()
        self.pending_focus: str | None = None  # the field to focus in the form that replaces this one
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.findings = FindingsList(self)
        layout.addWidget(self.findings)
        if doc.kind(eid) != "element":
            layout.addWidget(header(doc.kind(eid), f"A {doc.kind(eid)} in {doc.path}", self))
            self._build_text(layout, multiline=True, label="Text")
        else:
            summary = self.spec.summary if self.spec else "Not a TwiML Voice element: Twilio will refuse it."
            layout.addWidget(header(self.tag, summary, self))
            self._build_content(layout)
        layout.addStretch(1)
        self.refresh()

    # -- building --------------------------------------------------------------------------------
    def _build_content(self, layout: QVBoxLayout) -> None:
        spec, doc = self.spec, self.doc
        if spec is None:
            self._build_text(layout, multiline=False, label="Text")
        elif spec.text.kind is not Kind.NONE:
            multiline = spec.role is Role.SSML or spec.name == "Say" or spec.text.kind is Kind.JSON
            self._build_text(layout, multiline=multiline, label=TEXT_LABELS.get(spec.text.kind, "Text"))
        known = spec.attributes if spec else ()
        for group in GROUPS:
            members = [a for a in known if attribute_group(self.tag, a) == group]
            if not members:
                continue
            is_set = any(doc.get(self.eid, a.name) is not None for a in members)
            section = self._section(layout, group, expanded=group == "Attributes" or is_set)
            form = form_layout(section.body)
            for attribute in members:
                self._add_field(form, attribute.name, attribute)
        unknown = [n for n, _ in doc.attributes(self.eid) if spec is None or spec.attribute(n) is None]
        section = self._section(layout, "Other attributes", expanded=True)
        form = form_layout(section.body)
        for name in unknown:
            self._add_field(form, name, None, label=f"{name} (unknown)")
        self.add_line = QLineEdit(section.body)
        self.add_line.setObjectName("addAttribute")
        self.add_line.setPlaceholderText("Add attribute… (name, then Enter)")
        self.add_line.returnPressed.connect(self._add_attribute)
        form.addRow(self.add_line)
        if spec is not None and "Parameter" in spec.children:
            section = self._section(layout, "Parameters", expanded=True)
            self.parameters = ParametersTable(self.session, doc, self.eid, section.body)
            self.parameters.rowsChanged.connect(lambda n, s=section: s.set_count(str(n) if n else ""))
            QVBoxLayout(section.body).addWidget(self.parameters)
            section.body.layout().setContentsMargins(6, 4, 2, 6)
            self.parameters.refresh()
        if self.tag == "Dial":
            section = self._section(layout, "Targets", expanded=True)
            self.targets = TargetsList(self.session, doc, self.eid, section.body)
            box = QVBoxLayout(section.body)
            box.setContentsMargins(6, 4, 2, 6)
            box.addWidget(self.targets)

    def _section(self, layout: QVBoxLayout, title: str, expanded: bool) -> Section:
        section = Section(title, self, expanded=expanded)
        layout.addWidget(section)
        self.sections[title] = section
        return section

    def _add_field(self, form, name: str, spec: Attribute | None, label: str | None = None) -> Field:
        field = field_for(name, spec, self._paths())
        field.committed.connect(lambda value, n=name: self._commit_attribute(n, value))
        caption = QLabel(label or name)
        caption.setToolTip(spec.doc if spec is not None else "An attribute TwiML Voice does not define here")
        caption.setBuddy(field.editor())
        form.addRow(caption, field)
        field.setToolTip(spec.doc if spec is not None else "")
        self.fields[name] = field
        return field

    def _build_text(self, layout: QVBoxLayout, multiline: bool, label: str) -> None:
        spec = self.spec
        placeholder = spec.text.doc if spec is not None and spec.text.doc else "Text content"
        section = self._section(layout, "Content", expanded=True)
        form = form_layout(section.body)
        identity = self._identity()
        if identity is None or self.doc.text(self.eid) and (self.doc.text(self.eid) or "").strip():
            field = TextBlockField(TEXT, placeholder) if multiline else LineField(TEXT, None, placeholder)
            field.committed.connect(self._commit_text)
            self.fields[TEXT] = field
            if spec is not None and "Identity" in spec.text.alternative and identity is None:
                convert = QPushButton("Use <Identity>", section.body)
                convert.setObjectName("useIdentity")
                convert.setToolTip("Move the identity into an <Identity> child (needed for identities "
                                   "a Client's text cannot hold, and clearer next to Parameters)")
                convert.clicked.connect(self.use_identity)
                row = QWidget(section.body)
                box = QHBoxLayout(row)
                box.setContentsMargins(0, 0, 0, 0)
                box.setSpacing(4)
                box.addWidget(field, 1)
                box.addWidget(convert)
                form.addRow(label, row)
            else:
                form.addRow(label, field)
        if identity is not None:
            field = LineField(IDENTITY, None, twiml.element("Identity").text.doc)
            field.committed.connect(self._commit_identity)
            self.fields[IDENTITY] = field
            form.addRow("<Identity>", field)

    def _identity(self) -> int | None:
        """The id of the element's <Identity> child (Client, Sip …), or None."""
        doc, eid = self.doc, self.eid
        spec = twiml.element(doc.tag(eid)) if doc.kind(eid) == "element" else None
        if spec is None or "Identity" not in spec.children:
            return None
        return next((c for c in doc.child_elements(eid) if doc.tag(c) == "Identity"), None)

    def _paths(self) -> list[str]:
        return sorted(self.session.flow.documents)

    # -- reading the model -----------------------------------------------------------------------
    def shape(self) -> tuple:
        """What the set of fields depends on; when it changes, the form must be built again."""
        doc, eid = self.doc, self.eid
        if not doc.contains(eid):
            return ("gone",)
        spec = twiml.element(doc.tag(eid))
        unknown = tuple(n for n, _ in doc.attributes(eid) if spec is None or spec.attribute(n) is None)
        identity = self._identity()
        # with an <Identity>, the Client's own text field shows only while there is text (ambiguous)
        text = bool((doc.text(eid) or "").strip()) if identity is not None else None
        return (doc.tag(eid), unknown, identity, text)

    def is_current(self) -> bool:
        """False when the model changed so that this form no longer fits (rebuild it)."""
        return self.shape() == self._shape

    def follow(self, change) -> None:
        """Show the model again after `change` of this form's document. An attribute change of this
        element re-reads only that attribute's field: no other field, nor the Parameters or the
        targets (children), nor the document paths offered can have changed. Anything else: `refresh`."""
        if isinstance(change, AttributeChanged) and change.eid == self.eid and change.name in self.fields \
                and self.doc.contains(self.eid):
            self._refresh_field(change.name, self.fields[change.name], self.focused_field(), None)
        else:
            self.refresh()

    def refresh(self) -> None:
        """Show the model's values again; the field being typed in keeps its text and cursor."""
        doc, eid = self.doc, self.eid
        if not doc.contains(eid):
            return
        focused, paths = self.focused_field(), self._paths()
        for name, field in self.fields.items():
            self._refresh_field(name, field, focused, paths)
        if self.parameters is not None:
            self.parameters.refresh()
        if self.targets is not None:
            self.targets.refresh()
            self.sections["Targets"].set_count(self.targets.counted())

    def _refresh_field(self, name: str, field: Field, focused: Field | None, paths: list[str] | None) -> None:
        """Show field `name`'s model value and its problem; `paths` (None: unchanged) for URL completions."""
        # Here, not at the top: the checker (networkx) is imported when a form first shows values.
        from flowedit.validate.rules.values import value_problem

        doc, eid = self.doc, self.eid
        if name == TEXT:
            raw = doc.text(eid)
            value = shown_text(raw, bool(doc.children(eid))) or None
            problem = value_problem(self.tag, TEXT, value) if value else None
        elif name == IDENTITY:
            identity = self._identity()
            raw = doc.text(identity) if identity is not None else None
            value = (raw or "").strip() or None
            problem = value_problem("Identity", TEXT, value) if value else None
        else:
            raw = value = doc.get(eid, name)
            problem = value_problem(self.tag, name, value) if value is not None else None
        if paths is not None and isinstance(field, LineField) and field.completions is not None:
            field.set_completions(paths)
        # the field being typed in already shows what it wrote (maybe not as `value` would spell it)
        typing = field is focused and not isinstance(field, (BoolField, ChecklistField))
        if not (typing and self._echo.get(name, _MISSING) == raw):
            field.set_value(value)
        field.show_problem(problem)

    def show_findings(self) -> None:
        if self.doc.contains(self.eid):
            self.findings.show_findings(self.session.findings_for(self.doc, self.eid))

    def focused_field(self) -> Field | None:
        """The field holding the keyboard focus, if any."""
        focused = QApplication.focusWidget()
        return next((f for f in self.fields.values() if focused is not None and f.isAncestorOf(focused)), None)

    def focus_name(self) -> str | None:
        """The field a replacing form should focus: one just asked for, else the focused one."""
        field = self.focused_field()
        return self.pending_focus or (field.name if field is not None else None)

    def focus(self, name: str) -> QWidget | None:
        """Open the section of field `name` ("#text" for the text) and focus its editor; the field."""
        if name == TEXT and TEXT not in self.fields and IDENTITY in self.fields:
            name = IDENTITY
        field = self.fields.get(name)
        if field is None:
            return None
        for section in self.sections.values():
            if section.isAncestorOf(field):
                section.expand()
        field.editor().setFocus()
        return field

    # -- edits -----------------------------------------------------------------------------------
    def _edit(self, name: str, text: str, action, merge: bool) -> None:
        field = self.fields.get(name)
        key = ("attr", id(self.doc), self.eid, name, field.run if field else 0) if merge else None
        self.session.edit(text, action, key)  # a merged step takes the newest text (EditCommand.mergeWith)

    def _commit_attribute(self, name: str, value: str | None) -> None:
        doc, eid = self.doc, self.eid
        if not doc.contains(eid):
            return
        merge = not isinstance(self.fields.get(name), (BoolField, ChecklistField))
        if value is None:
            if doc.get(eid, name) is not None:
                self._edit(name, f"Remove {name}", lambda: [(doc, doc.remove_attribute(eid, name))], merge)
        else:
            self._edit(name, f"Set {name} = {_short(value)}", lambda: [(doc, doc.set_attribute(eid, name, value))],
                       merge)
        self._echo[name] = doc.get(eid, name)
        self._after_commit(name)

    def _commit_text(self, value: str | None) -> None:
        doc, eid = self.doc, self.eid
        if not doc.contains(eid):
            return
        new = stored_text(value or "", doc.text(eid), bool(doc.children(eid)))
        label = f"<{self.tag}>" if self.tag else "the comment"
        self._edit(TEXT, f"Set text of {label}", lambda: [(doc, doc.set_text(eid, new))], True)
        self._echo[TEXT] = doc.text(eid)
        self._after_commit(TEXT)

    def _commit_identity(self, value: str | None) -> None:
        doc, identity = self.doc, self._identity()
        if identity is None:
            return
        new = stored_text(value or "", doc.text(identity), bool(doc.children(identity)))
        self._edit(IDENTITY, "Set text of <Identity>", lambda: [(doc, doc.set_text(identity, new))], True)
        self._echo[IDENTITY] = doc.text(identity)
        self._after_commit(IDENTITY)

    def _after_commit(self, name: str) -> None:
        # A refused or no-op edit sends no change: show the model's value (a click box must not lie).
        field = self.fields.get(name)
        if isinstance(field, (BoolField, ChecklistField)):
            self.refresh()

    def use_identity(self) -> None:
        """Move the Client's text into a new <Identity> child, as one undoable step."""
        doc, eid = self.doc, self.eid
        identity = shown_text(doc.text(eid), bool(doc.children(eid)))
        has_children = bool(doc.children(eid))

        def action():
            changes = [(doc, doc.set_text(eid, stored_text("", doc.text(eid), has_children)))]
            changes.append((doc, doc.insert_element(eid, 0, "Identity", text=identity or None)))
            return changes

        self.session.edit(f"Use <Identity> in <{self.tag}>", action)

    def _add_attribute(self) -> None:
        name = self.add_line.text().strip()
        if not name:
            return
        if name in self.fields:
            self.add_line.clear()
            self.focus(name)
            return
        doc, eid = self.doc, self.eid
        self.pending_focus = name  # the new attribute's row appears in a new form: focus it there
        if self.session.edit(f"Add attribute {name}", lambda: [(doc, doc.set_attribute(eid, name, ""))]):
            self.add_line.clear()
        self.pending_focus = None
