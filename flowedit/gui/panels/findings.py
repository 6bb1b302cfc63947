"""The "Findings" dock: what the live checks found, refreshed after every edit, grouped by document.

Rows show the severity (icon and word), the message, the rule id and `file:line:col`; files that
could not be read at all (and a path that could not be opened) come first under "Unreadable". A
filter box matches message, rule and location; three toggles show or hide errors, warnings and
notes. Clicking (or activating) a finding emits `findingActivated(finding)`: the window selects the
element and shows it. Copy puts the selected rows' one-line texts on the clipboard.

While a big flow's first check has not landed (`session.checking`), one "Checking the flow…" row
stands for the findings; reading the rows back (`finding_rows`, `error_rows`) runs that check first.

The re-check after each edit announces every finding of the flow again, mostly the same ones. Only
the groups of documents whose findings changed are rebuilt (`_findings_changed`); the others keep
their rows, expansion and selection, and nothing is touched when nothing changed. Building the whole
tree again took ~0.3 s per edit with a thousand findings. A change of filter, toggles, entry, files
that could not be read, or the checking state rebuilds it all (`refresh`).
"""

from __future__ import annotations

import bisect
from itertools import groupby
from operator import attrgetter

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
FINDING_ROLE = Qt.ItemDataRole.UserRole  # on finding rows: the Finding itself
COPY_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # on group rows: UNREADABLE or the document path ("" = flow)
UNREADABLE = "\0unreadable"
_DOCUMENT = attrgetter("document")
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
        # What the tree shows, so that a re-check updates only what changed: every finding by
        # document ("" for the flow's own), the group rows by document in their order, and what a
        # full rebuild depends on besides the findings (checking, entry).
        self._by_document: dict[str, list[Finding]] = {}
        self._groups: dict[str, QTreeWidgetItem] = {}
        self._order: list[tuple] = []  # sort keys of the groups shown, in tree order
        self._basis: tuple | None = None
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
        session.findingsChanged.connect(self._findings_changed)
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

    def _state(self) -> tuple:
        """Besides the findings, what the whole tree depends on."""
        return (self.session.checking, self.session.flow.entry, self.failure)

    def _count(self) -> None:
        for severity, button in self.toggles.items():
            button.setText(str(sum(f.severity is severity for f in self.findings)))
            button.setToolTip(f"Show {_WORDS[severity][1]}")

    def _sort_key(self, path: str) -> tuple:
        return (path != "", path != self.session.flow.entry, path)

    def refresh(self) -> None:
        """Build every row again (filter, toggles, a new flow …)."""
        checking = self.session.checking  # then the findings are not in yet: do not make them now
        self.findings = [] if checking else list(self.session.findings)
        self._basis = self._state()
        self._count()
        self.tree.clear()
        self._groups, self._order = {}, []
        self._by_document = _by_document(self.findings)
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
        for path in sorted(self._by_document, key=self._sort_key):
            self._show_group(path)
        self.tree.expandAll()

    def _findings_changed(self) -> None:
        """After a check: rebuild only the groups of documents whose findings changed."""
        if self.session.checking or self._state() != self._basis:
            self.refresh()
            return
        findings = list(self.session.findings)
        by_document = _by_document(findings)
        old = self._by_document
        # The checker hands back the same Finding objects for documents it did not re-check: most
        # groups compare by identity, without looking into the findings.
        changed = [path for path in by_document.keys() | old.keys()
                   if not _same(by_document.get(path, ()), old.get(path, ()))]
        self.findings, self._by_document = findings, by_document
        if not changed:
            return
        self._count()
        for path in sorted(changed, key=self._sort_key):
            self._show_group(path)

    def _show_group(self, path: str) -> None:
        """Make document `path`'s group show its findings now (made, refilled or taken away)."""
        own = [f for f in self._by_document.get(path, ()) if self._shown(f)]
        group = self._groups.get(path)
        key = self._sort_key(path)
        if not own:
            if group is not None:
                self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(group))
                del self._groups[path]
                self._order.remove(key)
            return
        worst = min((f.severity for f in own), key=list(Severity).index)
        title = f"{path or 'Flow'}  ·  {summary(own)}"
        if group is None:
            place = bisect.bisect(self._order, key)
            first = self.tree.topLevelItemCount() - len(self._order)  # the rows above the groups
            group = self._group(title, path, worst, first + place)
            self._order.insert(place, key)
            self._groups[path] = group
            expanded = True
        else:
            expanded = group.isExpanded()
            group.setText(MESSAGE, title)
            group.setIcon(MESSAGE, self.style().standardIcon(_ICONS[worst]))
            group.takeChildren()
        group.addChildren([self._finding_row(finding) for finding in own])
        group.setExpanded(expanded)

    def _group(self, title: str, key: str, severity: Severity, at: int | None = None) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title])
        item.setData(MESSAGE, GROUP_ROLE, key)
        item.setIcon(MESSAGE, self.style().standardIcon(_ICONS[severity]))
        font = item.font(MESSAGE)
        font.setBold(True)
        item.setFont(MESSAGE, font)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        if at is None:
            self.tree.addTopLevelItem(item)
        else:
            self.tree.insertTopLevelItem(at, item)
        item.setFirstColumnSpanned(True)
        return item

    def _plain_row(self, text: str, rule: str, where: str, full: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text, rule, where])
        item.setIcon(MESSAGE, self.style().standardIcon(_ICONS[Severity.ERROR]))
        item.setData(MESSAGE, COPY_ROLE, full)
        for column in range(3):
            item.setToolTip(column, full)
        return item

    def _finding_row(self, finding: Finding) -> QTreeWidgetItem:
        where = f"{finding.file}:{finding.line}:{finding.column}"
        item = QTreeWidgetItem([finding.message, finding.rule, where])
        item.setIcon(MESSAGE, self.style().standardIcon(_ICONS[finding.severity]))
        item.setData(MESSAGE, FINDING_ROLE, finding)
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
        finding = item.data(MESSAGE, FINDING_ROLE)
        return finding if isinstance(finding, Finding) else None

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


def _by_document(findings: list[Finding]) -> dict[str, list[Finding]]:
    """The findings by document path ("" for the flow's own), each list in the checker's order."""
    grouped: dict[str, list[Finding]] = {}
    # The checker sorts them by file, so a document's findings come in one run: grouped in C.
    for path, run in groupby(findings, key=_DOCUMENT):
        grouped.setdefault(path or "", []).extend(run)
    return grouped


def _same(new, old) -> bool:
    # List equality compares element by element in C, by identity first.
    return list(new) == list(old)
