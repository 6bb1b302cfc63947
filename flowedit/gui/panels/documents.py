"""The "Documents" dock: the flow's documents (entry first, bold, tagged) with their element outlines,
and the flow-level edits: Add, Rename (links to it follow), Remove, Set as Entry.

Each edit is one undoable `session.edit`; refusals (a bad or taken path) go to the status bar
through `editRefused`. The prompts are methods (`_ask_path`, `_confirm_remove`) so tests can answer
them. The tree follows the model (rebuilt after changes, expanded rows kept) and the selection both
ways: picking a row selects that document or element; double-clicking a document emits
`documentActivated` so the window can show its frame.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowedit.gui.panels.outline import DETAILS, EID_ROLE, NAME, PATH_ROLE, TAG_ROLE, TagDelegate, element_item
from flowedit.gui.session import FlowSession, Ref
from flowedit.model.document import Document
from flowedit.model.links import LinkKind
from flowedit.model.paths import PathError, check_path


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class DocumentsPanel(QWidget):
    """The documents of the session's flow (see the module docstring)."""

    documentActivated = Signal(object)  # noqa: N815 - a Document, double-clicked

    def __init__(self, session: FlowSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsPanel")
        self.session = session
        self.tree = QTreeWidget()
        self.tree.setObjectName("documentsTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Document", "Details"])
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setIndentation(14)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setItemDelegateForColumn(NAME, TagDelegate(self.tree))
        self.tree.header().setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemDoubleClicked.connect(self._double_clicked)

        self.add_action = self._action("Add…", "Add an empty document to the flow", self._add_clicked)
        self.rename_action = self._action("Rename…", "Serve the document at another path; links follow",
                                          self._rename_clicked)
        self.remove_action = self._action("Remove", "Remove the document from the flow", self._remove_clicked)
        self.entry_action = self._action("Set as Entry", "Twilio requests this document first",
                                         self._entry_clicked)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 4, 4, 2)
        bar.setSpacing(2)
        for action in (self.add_action, self.rename_action, self.remove_action, self.entry_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)

        self._expanded: set[str] = set()
        self._syncing = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        session.modelChanged.connect(self._timer.start)
        session.flowReplaced.connect(self._flow_replaced)
        session.selectionChanged.connect(self._follow_selection)
        self._flow_replaced()

    def _action(self, text: str, tip: str, slot) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    # -- showing ---------------------------------------------------------------------------
    def _flow_replaced(self) -> None:
        flow = self.session.flow
        self._expanded = {flow.entry} if flow.entry else set()
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the rows from the model, keeping which documents are expanded and the selection."""
        self._timer.stop()
        flow = self.session.flow
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            (self._expanded.add if item.isExpanded() else self._expanded.discard)(item.data(NAME, PATH_ROLE))
        links = flow.links()
        outgoing = Counter(link.source for link in links)
        missing = Counter(link.source for link in links if link.kind is LinkKind.MISSING)
        incoming = Counter(link.target for link in links if link.kind is LinkKind.INTERNAL)
        self._syncing = True
        try:
            self.tree.clear()
            for path in self.paths():
                doc = flow.documents[path]
                own: dict[int, set[str | None]] = {}
                for link in links:
                    if link.source == path:
                        own.setdefault(link.eid, set()).add(link.attribute)
                item = QTreeWidgetItem([path, f"{outgoing[path]} out · {incoming[path]} in"])
                item.setData(NAME, PATH_ROLE, path)
                item.setData(NAME, EID_ROLE, None)
                tip = [f"{path}  ({doc.filename})", f"{_plural(outgoing[path], 'link')} out, {incoming[path]} in"]
                icon = QStyle.StandardPixmap.SP_FileIcon
                if missing[path]:
                    icon = QStyle.StandardPixmap.SP_MessageBoxWarning
                    tip.append(f"{_plural(missing[path], 'link')} to a document the flow does not have")
                item.setIcon(NAME, self.style().standardIcon(icon))
                if path == flow.entry:
                    font = item.font(NAME)
                    font.setBold(True)
                    item.setFont(NAME, font)
                    item.setData(NAME, TAG_ROLE, "entry")
                    tip.insert(1, "The entry document: Twilio requests it first")
                item.setToolTip(NAME, "\n".join(tip))
                item.setToolTip(DETAILS, "\n".join(tip))
                for child in doc.children(doc.root_id):
                    item.addChild(element_item(doc, child, own, self.palette()))
                self.tree.addTopLevelItem(item)
                if path in self._expanded:
                    item.setExpanded(True)
                    _expand_all(item)
        finally:
            self._syncing = False
        self._update_actions()
        self._follow_selection()

    def paths(self) -> list[str]:
        """The documents' paths in the order shown: the entry first, then by path."""
        flow = self.session.flow
        return sorted(flow.documents, key=lambda p: (p != flow.entry, p))

    def item_for(self, path: str, eid: int | None = None) -> QTreeWidgetItem | None:
        for row in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(row)
            if top.data(NAME, PATH_ROLE) != path:
                continue
            if eid is None:
                return top
            pending = [top.child(i) for i in range(top.childCount())]
            while pending:
                item = pending.pop()
                if item.data(NAME, EID_ROLE) == eid:
                    return item
                pending.extend(item.child(i) for i in range(item.childCount()))
        return None

    def _follow_selection(self) -> None:
        refs = self.session.selection
        item = self.item_for(refs[-1].path, refs[-1].eid) if refs else None
        if item is None and refs:
            item = self.item_for(refs[-1].path)
        self._syncing = True
        try:
            if item is None:
                self.tree.setCurrentItem(None)
            elif item is not self.tree.currentItem():
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
        finally:
            self._syncing = False
        self._update_actions()

    def current_path(self) -> str:
        item = self.tree.currentItem()
        return item.data(NAME, PATH_ROLE) if item is not None else ""

    def _current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        self._update_actions()
        if self._syncing or current is None:
            return
        doc = self.session.flow.documents.get(current.data(NAME, PATH_ROLE))
        if doc is not None:
            eid = current.data(NAME, EID_ROLE)
            self.session.select(Ref(doc, eid if isinstance(eid, int) else None))

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        doc = self.session.flow.documents.get(item.data(NAME, PATH_ROLE))
        if doc is not None and item.data(NAME, EID_ROLE) is None:
            self.session.select(Ref(doc))
            self.documentActivated.emit(doc)

    def _update_actions(self) -> None:
        path = self.current_path()
        self.rename_action.setEnabled(bool(path))
        self.remove_action.setEnabled(bool(path))
        self.entry_action.setEnabled(bool(path) and path != self.session.flow.entry)

    def _context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        for action in (self.add_action, self.rename_action, self.remove_action, self.entry_action):
            menu.addAction(action)
        menu.exec(self.tree.viewport().mapToGlobal(position))

    # -- the edits -------------------------------------------------------------------------
    def _valid(self, path: str) -> str | None:
        path = path.strip()
        path = path if path.startswith("/") else "/" + path
        try:
            return check_path(path)
        except PathError as err:
            self.session.editRefused.emit(str(err))
            return None

    def add_document(self, path: str) -> Document | None:
        """Add an empty document at `path` (one step; it becomes the entry when the flow has none)."""
        path = self._valid(path)
        if path is None:
            return None
        flow = self.session.flow
        doc = Document.new(path)

        def action():
            changes = [(flow, flow.add_document(doc))]
            if flow.entry is None:
                changes.append((flow, flow.set_entry(path)))
            return changes

        if not self.session.edit(f"Add document {path}", action):
            return None
        self._expanded.add(path)
        self.session.select(Ref(doc))
        return doc

    def rename_document(self, old: str, new: str) -> bool:
        """Serve `old` at `new`; links to it (and its own relative links) are rewritten, in one step."""
        new = self._valid(new)
        if new is None or new == old:
            return False
        flow = self.session.flow
        return self.session.edit(f"Rename {old} to {new}",
                                 lambda: [(flow, flow.rename_document(old, new, update_links=True))])

    def remove_document(self, path: str, *, confirm: bool = True) -> bool:
        """Remove `path` (asking first unless it is empty or `confirm` is False)."""
        flow = self.session.flow
        doc = flow.documents.get(path)
        if doc is None:
            return False
        if confirm and doc.children(doc.root_id) and not self._confirm_remove(path):
            return False
        return self.session.edit(f"Remove document {path}", lambda: [(flow, flow.remove_document(path))])

    def set_entry(self, path: str) -> bool:
        flow = self.session.flow
        return self.session.edit(f"Make {path} the entry", lambda: [(flow, flow.set_entry(path))])

    # -- prompts (methods, so tests can answer them) ----------------------------------------
    def _ask_path(self, title: str, label: str, text: str) -> str | None:
        value, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok and value.strip() else None

    def _confirm_remove(self, path: str) -> bool:
        answer = QMessageBox.question(self, "Remove Document",
                                      f"Remove {path} and everything in it from the flow?\n"
                                      "Links to it will point nowhere. You can undo this.",
                                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Ok

    def _add_clicked(self) -> None:
        path = self._ask_path("Add Document", "URL path of the new document (e.g. /menu):", "/")
        if path:
            self.add_document(path)

    def _rename_clicked(self) -> None:
        old = self.current_path()
        if old:
            new = self._ask_path("Rename Document", f"Serve {old} at (links to it follow):", old)
            if new:
                self.rename_document(old, new)

    def _remove_clicked(self) -> None:
        if self.current_path():
            self.remove_document(self.current_path())

    def _entry_clicked(self) -> None:
        if self.current_path():
            self.set_entry(self.current_path())


def _expand_all(item: QTreeWidgetItem) -> None:
    for index in range(item.childCount()):
        child = item.child(index)
        child.setExpanded(True)
        _expand_all(child)
