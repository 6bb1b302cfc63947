"""The "Findings" dock: what the live checks found, refreshed after every edit, grouped by document.

Rows show the severity (icon and word), the message, the rule id and `file:line:col`; files that
could not be read at all (and a path that could not be opened) come first under "Unreadable". A
filter box matches message, rule and location; three toggles show or hide errors, warnings and
notes. Clicking (or activating) a finding emits `findingActivated(finding)`: the window selects the
element and shows it. Copy puts the selected rows' one-line texts on the clipboard.

While a big flow's first check has not landed (`session.checking`), one "Checking the flow…" row
stands for the findings; reading the rows back (`finding_rows`, `error_rows`) runs that check first.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowedit.gui import style
from flowedit.gui.panels.findings_summary import count_text, summary  # noqa: F401 - re-exported
from flowedit.gui.session import FlowSession
from flowedit.validate.findings import READ_RULES, Finding, Severity

MESSAGE, RULE, LOCATION = range(3)
INDEX_ROLE = Qt.ItemDataRole.UserRole  # on finding rows: the index in `panel.findings`
COPY_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # on group rows: UNREADABLE or the document path ("" = flow)
UNREADABLE = "\0unreadable"
_ICONS = {Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
          Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
          Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation}
_WORDS = {Severity.ERROR: ("error", "errors"), Severity.WARNING: ("warning", "warnings"),
          Severity.INFO: ("note", "notes")}


CHECKING_TEXT = "Checking the flow…"


class FindingsPanel(QWidget):
    """Live findings of the session's flow (see the module docstring)."""

    findingActivated = Signal(object)  # noqa: N815 - a Finding

    def __init__(self, session: FlowSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self.session = session
        self.findings: list[Finding] = []
        self.failure: str | None = None  # a path that could not be opened at all
        self.filter = QLineEdit()
        self.filter.setObjectName("findingsFilter")
        self.filter.setPlaceholderText("Filter by message, rule or file")
        self.filter.setClearButtonEnabled(True)
        self.toggles: dict[Severity, QToolButton] = {}
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 4, 4, 2)
        bar.addWidget(self.filter, 1)
        for severity in Severity:
            button = QToolButton()
            button.setCheckable(True)
            button.setChecked(True)
            button.setAutoRaise(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setIcon(self.style().standardIcon(_ICONS[severity]))
            button.setToolTip(f"Show {_WORDS[severity][1]}")
            button.toggled.connect(self.refresh)
            self.toggles[severity] = button
            bar.addWidget(button)
        self.tree = QTreeWidget()
        self.tree.setObjectName("findingsTree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Finding", "Rule", "Location"])
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(MESSAGE, QHeaderView.ResizeMode.Stretch)
        for column in (RULE, LOCATION):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(0)  # the rows in sight: a big flow has thousands of findings
        self.tree.itemClicked.connect(self._activated)
        self.tree.itemActivated.connect(self._activated)
        self.tree.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        self.filter.textChanged.connect(self.refresh)
        session.findingsChanged.connect(self.refresh)
        session.flowReplaced.connect(self.refresh)
        self.refresh()

    def set_failure(self, message: str | None) -> None:
        """Show (or with None clear) a path that could not be opened, first in the list."""
        self.failure = message
        self.refresh()

    # -- filling ---------------------------------------------------------------------------
    def _shown(self, finding: Finding) -> bool:
        if not self.toggles[finding.severity].isChecked():
            return False
        needle = self.filter.text().strip().lower()
        where = f"{finding.file}:{finding.line}:{finding.column}"
        return not needle or any(needle in part.lower() for part in (finding.message, finding.rule, where,
                                                                    finding.document or ""))

    def refresh(self) -> None:
        checking = self.session.checking  # then the findings are not in yet: do not make them now
        self.findings = [] if checking else list(self.session.findings)
        for severity, button in self.toggles.items():
            button.setText(str(sum(f.severity is severity for f in self.findings)))
            button.setToolTip(f"Show {_WORDS[severity][1]}")
        self.tree.clear()
        errors = list(self.session.loaded.errors)
        if self.failure or errors:
            group = self._group(f"Unreadable  ·  {len(errors) + bool(self.failure)}", UNREADABLE, Severity.ERROR)
            if self.failure:
                group.addChild(self._plain_row(self.failure, "", "", self.failure))
            for err in errors:
                text = f"{err.message} ({err.hint})" if err.hint else err.message
                rule = READ_RULES.get(err.reason, READ_RULES["malformed"])[0]
                group.addChild(self._plain_row(text, rule, f"{err.file}:{err.line}:{err.column}", str(err)))
        if checking:
            row = QTreeWidgetItem([CHECKING_TEXT])
            row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            row.setForeground(MESSAGE, style.muted(self.palette()))
            self.tree.addTopLevelItem(row)
        by_document: dict[str, list[int]] = {}
        for index, finding in enumerate(self.findings):
            if self._shown(finding):
                by_document.setdefault(finding.document or "", []).append(index)
        entry = self.session.flow.entry
        for path in sorted(by_document, key=lambda p: (p != "", p != entry, p)):
            own = [self.findings[i] for i in by_document[path]]
            worst = min((f.severity for f in own), key=list(Severity).index)
            group = self._group(f"{path or 'Flow'}  ·  {summary(own)}", path, worst)
            for index in by_document[path]:
                group.addChild(self._finding_row(index))
        self.tree.expandAll()

    def _group(self, title: str, key: str, severity: Severity) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title])
        item.setData(MESSAGE, GROUP_ROLE, key)
        item.setIcon(MESSAGE, self.style().standardIcon(_ICONS[severity]))
        font = item.font(MESSAGE)
        font.setBold(True)
        item.setFont(MESSAGE, font)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        self.tree.addTopLevelItem(item)
        item.setFirstColumnSpanned(True)
        return item

    def _plain_row(self, text: str, rule: str, where: str, full: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text, rule, where])
        item.setIcon(MESSAGE, self.style().standardIcon(_ICONS[Severity.ERROR]))
        item.setData(MESSAGE, COPY_ROLE, full)
        for column in range(3):
            item.setToolTip(column, full)
        return item

    def _finding_row(self, index: int) -> QTreeWidgetItem:
        finding = self.findings[index]
        where = f"{finding.file}:{finding.line}:{finding.column}"
        item = QTreeWidgetItem([finding.message, finding.rule, where])
        item.setIcon(MESSAGE, self.style().standardIcon(_ICONS[finding.severity]))
        item.setData(MESSAGE, INDEX_ROLE, index)
        item.setData(MESSAGE, COPY_ROLE, str(finding))
        item.setForeground(RULE, style.muted(self.palette()))
        tip = f"{finding.severity.value}: {finding.message}"
        if finding.path:
            tip += f"\n{finding.path}"
        if finding.hint:
            tip += f"\nFix: {finding.hint}"
        for column in range(3):
            item.setToolTip(column, tip)
        return item

    # -- reading back ----------------------------------------------------------------------
    def _group_rows(self, key: str) -> list[QTreeWidgetItem]:
        if self.session.checking:
            self.session.check_now()  # announced: this panel refreshes before the rows are read
        for row in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(row)
            if top.data(MESSAGE, GROUP_ROLE) == key:
                return [top.child(i) for i in range(top.childCount())]
        return []

    def finding_rows(self, path: str) -> list[QTreeWidgetItem]:
        """The shown rows of document `path`'s findings ("" for the flow's own)."""
        return self._group_rows(path)

    def error_rows(self) -> list[QTreeWidgetItem]:
        """The rows of files that could not be read (and of a path that could not be opened)."""
        return self._group_rows(UNREADABLE)

    def finding_of(self, item: QTreeWidgetItem) -> Finding | None:
        index = item.data(MESSAGE, INDEX_ROLE)
        return self.findings[index] if isinstance(index, int) and index < len(self.findings) else None

    # -- interaction -----------------------------------------------------------------------
    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        finding = self.finding_of(item)
        if finding is not None:
            self.findingActivated.emit(finding)

    def eventFilter(self, watched, event: QEvent) -> bool:  # noqa: N802 - Qt's virtual
        is_copy = isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Copy)
        if watched is self.tree and is_copy and event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the key is ours here, not the window's Edit ▸ Copy
            return True
        if watched is self.tree and is_copy and event.type() == QEvent.Type.KeyPress:
            lines = [item.data(MESSAGE, COPY_ROLE) for item in self.tree.selectedItems()]
            QGuiApplication.clipboard().setText("\n".join(line for line in lines if line))
            return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's virtual
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.refresh()
