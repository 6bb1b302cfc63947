"""Building blocks of the inspector forms: collapsible sections, the header, the findings list, the
Dial targets list, and how an element's text is shown without its layout whitespace.

Nothing here edits the model; the targets list only asks the session to select what was clicked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import html

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from flowedit import twiml
from flowedit.gui import icons, style
from flowedit.gui.panels.inspector_fields import problem_colour
from flowedit.gui.session import FlowSession, Ref
from flowedit.model.document import Document
from flowedit.twiml import rules as twilio

if TYPE_CHECKING:  # severities are told apart by value: the checker is not imported to show a form
    from flowedit.validate.findings import Finding

EID_ROLE = Qt.ItemDataRole.UserRole


def form_layout(host: QWidget) -> QFormLayout:
    """The inspector's form: labels on the left, right-aligned; long rows wrap their label above."""
    form = QFormLayout(host)
    form.setContentsMargins(6, 2, 2, 6)
    form.setHorizontalSpacing(8)
    form.setVerticalSpacing(5)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form


class Section(QWidget):
    """A titled part of the form that folds away: a flat header button over a body."""

    def __init__(self, title: str, parent: QWidget | None = None, *, expanded: bool = True,
                 count: str = "") -> None:
        super().__init__(parent)
        self.setObjectName(f"section:{title}")
        self.header = QToolButton(self)
        self.header.setObjectName("sectionHeader")
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setCheckable(True)
        self.header.setChecked(expanded)
        self.header.setAutoRaise(True)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.title = title
        self.set_count(count)
        self.body = QWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.body)
        self.header.toggled.connect(self._toggled)
        self._toggled(expanded)

    def set_count(self, count: str) -> None:
        self.header.setText(f"{self.title}   {count}" if count else self.title)

    def _toggled(self, expanded: bool) -> None:
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)

    def expand(self) -> None:
        self.header.setChecked(True)


def header(tag: str, subtitle: str, parent: QWidget) -> QWidget:
    """Icon, `<Tag>` in a larger bold font, and the one-line summary under it."""
    host = QWidget(parent)
    host.setObjectName("inspectorHeader")
    row = QHBoxLayout(host)
    row.setContentsMargins(6, 6, 6, 4)
    row.setSpacing(8)
    icon = QLabel(host)
    icon.setPixmap(icons.element_icon(tag, host.palette()).pixmap(QSize(32, 32), host.devicePixelRatioF()))
    icon.setAlignment(Qt.AlignmentFlag.AlignTop)
    row.addWidget(icon)
    text = QVBoxLayout()
    text.setSpacing(1)
    title = QLabel(f"&lt;{html.escape(tag)}&gt;", host)
    title.setObjectName("inspectorTitle")
    font = QFont(title.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.25)
    title.setFont(font)
    text.addWidget(title)
    if subtitle:
        summary = QLabel(subtitle, host)
        summary.setObjectName("inspectorSummary")
        summary.setWordWrap(True)
        summary.setStyleSheet(f"color: {style.muted(host.palette()).name()};")
        text.addWidget(summary)
    row.addLayout(text, 1)
    return host


class FindingsList(QWidget):
    """The findings about the shown node, errors first, each with its hint; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorFindings")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 4, 6, 2)
        self._layout.setSpacing(3)
        self.messages: list[str] = []
        self._shown: list[tuple] = []  # what the rows show, to leave them be when that is unchanged
        self.hide()

    def show_findings(self, findings: list[Finding]) -> None:
        order = {"error": 0, "warning": 1, "info": 2}
        findings = sorted(findings, key=lambda f: (order[f.severity.value], f.message))
        shown = [(f.severity.value, f.message, f.hint, f.rule) for f in findings]
        if shown == self._shown:
            # After every edit the re-check announces findings, mostly the same ones: new rows would
            # make the whole form lay out and repaint again (~1 ms and more per edit).
            return
        self._shown = shown
        while self._layout.count():
            widget = self._layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.messages = [f.message for f in findings]
        for finding in findings:
            self._layout.addWidget(self._row(finding))
        self.setVisible(bool(findings))

    def _row(self, finding: Finding) -> QWidget:
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        pixmap = {"error": QStyle.StandardPixmap.SP_MessageBoxCritical,
                  "warning": QStyle.StandardPixmap.SP_MessageBoxWarning}.get(
            finding.severity.value, QStyle.StandardPixmap.SP_MessageBoxInformation)
        icon = QLabel(row)
        icon.setPixmap(self.style().standardIcon(pixmap).pixmap(QSize(14, 14), self.devicePixelRatioF()))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        box.addWidget(icon)
        muted = style.muted(self.palette()).name()
        colour = problem_colour(finding.severity, self.palette()).name() \
            if finding.severity.value != "info" else self.palette().text().color().name()
        text = f"<span style='color:{colour}'>{html.escape(finding.message)}</span>"
        if finding.hint:
            text += f"<br><span style='color:{muted}'>Fix: {html.escape(finding.hint)}</span>"
        label = QLabel(text, row)
        label.setWordWrap(True)
        label.setToolTip(finding.rule)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(label, 1)
        return row


class TargetsList(QListWidget):
    """A Dial's targets (its nouns) with icon and what each calls; clicking one selects it."""

    def __init__(self, session: FlowSession, doc: Document, eid: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialTargets")
        self.session, self.doc, self.eid = session, doc, eid
        self.setIconSize(QSize(16, 16))
        self.setUniformItemSizes(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    def targets(self) -> list[int]:
        nouns = twiml.element("Dial").children
        return [c for c in self.doc.child_elements(self.eid) if self.doc.tag(c) in nouns]

    def counted(self) -> str:
        """"3 of 10 targets": the Number and Client nouns against Twilio's limit (or what there is)."""
        targets = self.targets()
        counted = sum(self.doc.tag(t) in twilio.DIAL_COUNTED_TARGETS for t in targets)
        if counted:
            return f"{counted} of {twilio.MAX_DIAL_TARGETS} targets"
        return f"{len(targets)} target{'' if len(targets) == 1 else 's'}"

    def refresh(self) -> None:
        doc = self.doc
        if not doc.contains(self.eid):
            return
        self.clear()
        for target in self.targets():
            tag = doc.tag(target)
            what = _target_text(doc, target)
            item = QListWidgetItem(icons.element_icon(tag, self.palette()), f"{tag}   {what}".rstrip(), self)
            item.setData(EID_ROLE, target)
        rows = max(self.count(), 1)
        self.setFixedHeight(rows * max(self.sizeHintForRow(0), 20) + 2 * self.frameWidth() + 2)

    def _clicked(self, item: QListWidgetItem) -> None:
        self.session.select(Ref(self.doc, item.data(EID_ROLE)))


def _target_text(doc: Document, eid: int) -> str:
    """What a Dial noun calls: its text, or its Identity / Uri child's text."""
    text = (doc.text(eid) or "").strip()
    if text:
        return text
    for child in doc.child_elements(eid):
        if doc.tag(child) in ("Identity", "Uri", "ApplicationSid"):
            return (doc.text(child) or "").strip()
    return ""


# -- element text without its layout whitespace --------------------------------------------------

def _layout_edges(raw: str, has_children: bool) -> tuple[str, str]:
    """The leading and trailing whitespace of `raw` that is layout (it holds a line break, or the
    element has children), which the inspector neither shows nor lets typing disturb."""
    if not raw.strip():
        return (raw, raw) if raw and (has_children or "\n" in raw) else ("", "")
    lead = raw[: len(raw) - len(raw.lstrip())]
    trail = raw[len(raw.rstrip()):]
    keep = has_children
    return (lead if keep or "\n" in lead else "", trail if keep or "\n" in trail else "")


def shown_text(raw: str | None, has_children: bool) -> str:
    """The text as the inspector shows it."""
    if raw is None:
        return ""
    lead, trail = _layout_edges(raw, has_children)
    if not raw.strip() and lead:
        return ""
    return raw[len(lead): len(raw) - len(trail)]


def stored_text(value: str, raw: str | None, has_children: bool) -> str | None:
    """What to write when the user typed `value` over text `raw` (its layout whitespace kept)."""
    raw = raw or ""
    lead, trail = _layout_edges(raw, has_children)
    if not value:
        return (lead or None) if has_children else None
    if not raw.strip() and lead:
        return lead + value + (trail if has_children else "")
    return lead + value + trail
