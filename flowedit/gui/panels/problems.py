"""The "Problems" dock: what could not be read, what the checks found, and every document's links.

Errors come first, each a `ReadError` shown as its message and a `file:line:col` location (the full
one-line `str()` is the tooltip and what Copy puts on the clipboard). Then the validation findings,
grouped by document, each with its severity, rule id and location. Then, per document, its links:
internal (to a document of the flow), external (outside the base URL) or missing (under the base URL,
but no document is served there). Activating a link emits `locationActivated(document path, line)`.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from flowedit.gui import style
from flowedit.io.errors import ReadError
from flowedit.model.flow import Flow
from flowedit.model.links import Link, LinkKind
from flowedit.validate.findings import Finding, Severity

DESCRIPTION, KIND, ROLE, LOCATION = range(4)
PATH_ROLE = Qt.ItemDataRole.UserRole  # on link rows: the source document
LINE_ROLE = Qt.ItemDataRole.UserRole + 1
COPY_ROLE = Qt.ItemDataRole.UserRole + 2  # the one-line text Copy puts on the clipboard
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3  # on group headings: ERRORS or the document path
ERRORS = "errors"
FINDINGS = "findings:"  # group key prefix of a document's findings


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def relative_location(file: str, location: Path | None) -> str:
    """`file` relative to the opened folder (or the single file's folder) when it lies inside it."""
    if location is None:
        return file
    base = location if location.is_dir() else location.parent
    try:
        relative = os.path.relpath(file, base)
    except ValueError:  # another drive on Windows
        return file
    return file if relative.startswith("..") else Path(relative).as_posix()


class ProblemsPanel(QTreeWidget):
    """Read errors, then each document's links grouped under the document."""

    locationActivated = Signal(str, int)  # noqa: N815 - Qt signal naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsPanel")
        self.setColumnCount(4)
        self.setHeaderLabels(["Description", "Kind", "Rule / Role", "Location"])
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for column in (KIND, ROLE, LOCATION):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.itemActivated.connect(self._activated)

    def show_problems(self, flow: Flow | None, links: list[Link], errors: list[ReadError],
                      location: Path | None, failure: str | None = None,
                      findings: list[Finding] | None = None) -> None:
        """Fill the list. `failure` is a path that could not be opened at all (one line, shown first)."""
        self.clear()
        count = len(errors) + (1 if failure else 0)
        if count:
            group = self._group(f"Errors ({count})", "", ERRORS)
            group.setIcon(DESCRIPTION, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical))
            if failure:
                group.addChild(self._error_row(failure, "", failure))
            for err in errors:
                where = f"{relative_location(err.file, location)}:{err.line}:{err.column}"
                text = f"{err.message} ({err.hint})" if err.hint else err.message
                group.addChild(self._error_row(text, where, str(err)))
        self._show_findings(flow, findings or [])
        if flow is not None:
            by_source: dict[str, list[Link]] = {}
            for link in links:
                by_source.setdefault(link.source, []).append(link)
            for path in sorted(flow.documents, key=lambda p: (p != flow.entry, p)):
                own = by_source.get(path, [])
                if not own:
                    continue  # the Documents dock already says "0 out"; an empty group is noise
                missing = sum(link.kind is LinkKind.MISSING for link in own)
                counts = _plural(len(own), "link") + (f", {missing} missing" if missing else "")
                group = self._group(path, counts, path)
                if missing:
                    group.setIcon(DESCRIPTION,
                                  self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                filename = flow.documents[path].filename
                for link in own:
                    group.addChild(self._link_row(link, filename, flow.documents[path].sourceline(link.eid)))
        self.expandAll()

    def _show_findings(self, flow: Flow | None, findings: list[Finding]) -> None:
        by_document: dict[str, list[Finding]] = {}
        for finding in findings:
            by_document.setdefault(finding.document or "", []).append(finding)
        entry = flow.entry if flow is not None else None
        for path in sorted(by_document, key=lambda p: (p != entry, p)):
            own = by_document[path]
            errors = sum(f.severity is Severity.ERROR for f in own)
            counts = ", ".join(part for part in (_plural(errors, "error") if errors else "",
                                                 _plural(len(own) - errors, "warning") if len(own) > errors else "")
                               if part)
            group = self._group(f"{path or 'Flow'} — checks", counts, FINDINGS + path)
            icon = (QStyle.StandardPixmap.SP_MessageBoxCritical if errors
                    else QStyle.StandardPixmap.SP_MessageBoxWarning)
            group.setIcon(DESCRIPTION, self.style().standardIcon(icon))
            for finding in own:
                group.addChild(self._finding_row(finding))

    def _finding_row(self, finding: Finding) -> QTreeWidgetItem:
        where = f"{finding.file}:{finding.line}:{finding.column}"
        item = QTreeWidgetItem([finding.message, finding.severity.value, finding.rule, where])
        error = finding.severity is Severity.ERROR
        item.setIcon(DESCRIPTION, self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxCritical if error else QStyle.StandardPixmap.SP_MessageBoxWarning))
        item.setForeground(KIND, style.kind_colour("missing" if error else "external", self.palette()))
        if finding.document:
            item.setData(DESCRIPTION, PATH_ROLE, finding.document)
            item.setData(DESCRIPTION, LINE_ROLE, finding.line)
        item.setData(DESCRIPTION, COPY_ROLE, str(finding))
        tip = f"{finding.message}\n{finding.path}\nFix: {finding.hint}" if finding.hint else finding.message
        for column in range(self.columnCount()):
            item.setToolTip(column, tip)
        return item

    def _group(self, title: str, detail: str, key: str = "") -> QTreeWidgetItem:
        item = QTreeWidgetItem([f"{title}  ·  {detail}" if detail else title])
        item.setData(DESCRIPTION, GROUP_ROLE, key or title)
        font = item.font(DESCRIPTION)
        font.setBold(True)
        item.setFont(DESCRIPTION, font)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        self.addTopLevelItem(item)
        # A group heading is one line across the table, so its counts do not widen the Kind column.
        item.setFirstColumnSpanned(True)
        return item

    def _error_row(self, text: str, where: str, full: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text, "error", "", where])
        item.setForeground(KIND, style.kind_colour("missing", self.palette()))
        item.setData(DESCRIPTION, COPY_ROLE, full)
        for column in range(self.columnCount()):
            item.setToolTip(column, full)
        return item

    def _link_row(self, link: Link, filename: str, line: int | None) -> QTreeWidgetItem:
        what = link.element if link.attribute is None else f"{link.element} {link.attribute}"
        where = f"{filename}:{line}" if line else filename
        item = QTreeWidgetItem([f"{what} → {link.value}", link.kind.value, link.role.value, where])
        item.setForeground(KIND, style.kind_colour(link.kind.value, self.palette()))
        if link.kind is LinkKind.MISSING:
            item.setIcon(DESCRIPTION, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            font = item.font(KIND)
            font.setBold(True)
            item.setFont(KIND, font)
        item.setData(DESCRIPTION, PATH_ROLE, link.source)
        item.setData(DESCRIPTION, LINE_ROLE, line or 0)
        item.setData(DESCRIPTION, COPY_ROLE, f"{where}: {link.kind.value} {link.role.value} link: {link.value}")
        tip = f"{link.url}\n{link.kind.value} {link.role.value} link"
        if link.target and link.kind is LinkKind.MISSING:
            tip += f": no document is served at {link.target}"
        for column in range(self.columnCount()):
            item.setToolTip(column, tip)
        return item

    # -- reading back ------------------------------------------------------------------------
    def error_rows(self) -> list[QTreeWidgetItem]:
        """The rows under "Errors", in order."""
        top = self.topLevelItem(0)
        if top is None or top.data(DESCRIPTION, GROUP_ROLE) != ERRORS:
            return []
        return [top.child(i) for i in range(top.childCount())]

    def finding_rows(self, path: str) -> list[QTreeWidgetItem]:
        """The validation finding rows of document `path` ("" for flow-level findings)."""
        return self.link_rows(FINDINGS + path)

    def link_rows(self, path: str) -> list[QTreeWidgetItem]:
        """The link rows under document `path`."""
        for index in range(self.topLevelItemCount()):
            top = self.topLevelItem(index)
            if top.data(DESCRIPTION, GROUP_ROLE) == path:
                return [top.child(i) for i in range(top.childCount())]
        return []

    # -- interaction -------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's virtual
        if event.matches(QKeySequence.StandardKey.Copy):
            lines = [item.data(DESCRIPTION, COPY_ROLE) for item in self.selectedItems()]
            QGuiApplication.clipboard().setText("\n".join(line for line in lines if line))
            return
        super().keyPressEvent(event)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        path = item.data(DESCRIPTION, PATH_ROLE)
        if path:
            self.locationActivated.emit(path, item.data(DESCRIPTION, LINE_ROLE) or 0)
