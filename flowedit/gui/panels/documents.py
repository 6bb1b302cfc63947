"""The "Documents" dock: the flow's documents (entry first, bold, tagged) with their element outlines,
and the flow-level edits: Add, Rename (links to it follow), Remove, Set as Entry.

Each edit is one undoable `session.edit`; refusals (a bad or taken path) go to the status bar
through `editRefused`. The prompts are methods (`_ask_path`, `_confirm_remove`) so tests can answer
them. The tree follows the model (one document's rows updated after its change, all rebuilt after a
flow-level change; expanded rows kept) and the selection both
ways: picking a row selects that document or element; double-clicking a document emits
`documentActivated` so the window can show its frame.

A document's element rows are made when they are first needed — the document expanded (the entry
is at first), selected into, or looked up with `item_for` — and are kept up to date from then on;
until then its row only shows an expand arrow. Opening 1,000 documents thus makes 1,000 rows, not
20,000. An attribute or text edit updates the texts of its element's row in place; only insertions
and removals make a document's element rows again. The link counts (and the rows showing them) are
touched only when the edit changed the document's links: rebuilt rows and re-set icons made Qt lay
out and repaint the whole tree after every keystroke in the inspector.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowedit.gui.panels.outline import (
    DETAILS,
    EID_ROLE,
    NAME,
    PATH_ROLE,
    TAG_ROLE,
    TagDelegate,
    element_item,
    update_element_item,
)
from flowedit.gui.session import FlowSession, Ref
from flowedit.gui.timers import coalescing_timer

# The model's names are imported where they are used: the panel is made with the window, whose new
# session has no model loaded yet (`session.EmptyFlow`), and an empty tree needs none of them.
if TYPE_CHECKING:
    from flowedit.model.document import Document


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
        # Fit the rows in sight, not the first thousand: with 1,000 documents Qt would otherwise measure
        # every row again after each edit (~15 ms).
        self.tree.header().setResizeContentsPrecision(0)
        self.tree.header().setStretchLastSection(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.itemExpanded.connect(self._item_expanded)

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
        # What the rows show, kept so that one document's change updates only its rows (and the
        # "in" counts of the documents its links point to): its links, the link counts, its row.
        self._links: dict[str, list] = {}
        self._outgoing: Counter = Counter()
        self._missing: Counter = Counter()
        self._incoming: Counter = Counter()
        self._rows: dict[str, QTreeWidgetItem] = {}
        self._filled: set[str] = set()  # documents whose element rows exist (made when first needed)
        self._element_rows: dict[str, dict[int, QTreeWidgetItem]] = {}  # of filled documents, by eid
        self._icons: dict = {}  # the style's icons, by standard pixmap (asked again on each rebuild)
        # documents changed since their rows were last updated: the nodes whose row texts changed,
        # or None when nodes came or went (their element rows are made again)
        self._pending: dict[str, set[int] | None] = {}
        # a flow-level change: rebuild every row (once per burst)
        self._timer = coalescing_timer(self, 0, self.refresh)
        # document changes: update their rows (once per burst)
        self._doc_timer = coalescing_timer(self, 0, self._update_pending)
        session.flowChanged.connect(self._flow_changed)
        session.documentChanged.connect(self._document_changed)
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
        self._filled = set()
        self.refresh()

    def _flow_changed(self, change) -> None:
        from flowedit.model.changes import PositionChanged

        if not isinstance(change, PositionChanged):  # a frame moved: the rows show no positions
            self._timer.start()

    def _document_changed(self, doc: Document, change) -> None:
        edited = _edited_nodes(change)
        before = self._pending.get(doc.path, set())
        self._pending[doc.path] = None if edited is None or before is None else before | edited
        self._doc_timer.start()

    def _remember_expanded(self, item: QTreeWidgetItem) -> None:
        (self._expanded.add if item.isExpanded() else self._expanded.discard)(item.data(NAME, PATH_ROLE))

    def refresh(self) -> None:
        """Rebuild the rows from the model, keeping which documents are expanded and the selection."""
        self._timer.stop()
        self._doc_timer.stop()
        self._pending = {}
        flow = self.session.flow
        for row in range(self.tree.topLevelItemCount()):
            self._remember_expanded(self.tree.topLevelItem(row))
        links = flow.links()
        if links:  # they come from the model, loaded by now (an empty flow's rows need no LinkKind)
            from flowedit.model.links import LinkKind
        self._links = {path: [] for path in flow.documents}
        for link in links:
            self._links.setdefault(link.source, []).append(link)
        self._outgoing = Counter(link.source for link in links)
        self._missing = Counter(link.source for link in links if link.kind is LinkKind.MISSING)
        self._incoming = Counter(link.target for link in links if link.kind is LinkKind.INTERNAL)
        self._rows = {}
        self._element_rows = {}
        self._icons = {}
        # Rows made before stay made (a rebuild shows what the reader had open); expanded ones are made.
        self._filled = (self._filled & flow.documents.keys()) | (self._expanded & flow.documents.keys())
        self._syncing = True
        try:
            # The name column fits its rows once, not after each row clear() takes away (with
            # 20,000 element rows made, after selecting every frame: ~1 s).
            header = self.tree.header()
            header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
            self.tree.clear()
            header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
            items = []
            for path in self.paths():
                item = QTreeWidgetItem([path, ""])
                item.setData(NAME, PATH_ROLE, path)
                item.setData(NAME, EID_ROLE, None)
                self._decorate(item, path)
                self._rows[path] = item
                items.append(item)
                if path in self._filled:
                    self._fill_children(item, path)
                else:
                    self._show_arrow(item, path)
            self.tree.addTopLevelItems(items)
            for path in self._expanded & self._rows.keys():
                item = self._rows[path]
                item.setExpanded(True)
                _expand_all(item)
        finally:
            self._syncing = False
        self._update_actions()
        self._follow_selection()

    def _decorate(self, item: QTreeWidgetItem, path: str) -> None:
        """The document row's details, icon, entry tag and tool tip, from the kept link counts."""
        flow = self.session.flow
        doc = flow.documents[path]
        outgoing, incoming, missing = self._outgoing[path], self._incoming[path], self._missing[path]
        item.setText(DETAILS, f"{outgoing} out · {incoming} in")
        tip = [f"{path}  ({doc.filename})", f"{_plural(outgoing, 'link')} out, {incoming} in"]
        icon = QStyle.StandardPixmap.SP_FileIcon
        if missing:
            icon = QStyle.StandardPixmap.SP_MessageBoxWarning
            tip.append(f"{_plural(missing, 'link')} to a document the flow does not have")
        if icon not in self._icons:  # one QIcon per kind: asking the style costs ~20 µs a row
            self._icons[icon] = self.style().standardIcon(icon)
        item.setIcon(NAME, self._icons[icon])
        if path == flow.entry:
            font = item.font(NAME)
            font.setBold(True)
            item.setFont(NAME, font)
            item.setData(NAME, TAG_ROLE, "entry")
            tip.insert(1, "The entry document: Twilio requests it first")
        item.setToolTip(NAME, "\n".join(tip))
        item.setToolTip(DETAILS, "\n".join(tip))

    def _show_arrow(self, item: QTreeWidgetItem, path: str) -> None:
        """An unfilled document's row: an expand arrow when it has anything to show."""
        doc = self.session.flow.documents[path]
        item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator if doc.children(doc.root_id)
                                     else QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)

    def _ensure_filled(self, path: str) -> None:
        """Make document `path`'s element rows now, if they are not made yet."""
        item = self._rows.get(path)
        if item is None or path in self._filled:
            return
        self._fill_children(item, path)

    def _item_expanded(self, item: QTreeWidgetItem) -> None:
        if item.parent() is None:
            self._ensure_filled(item.data(NAME, PATH_ROLE))

    def _fill_children(self, item: QTreeWidgetItem, path: str) -> None:
        self._filled.add(path)
        item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)
        doc = self.session.flow.documents[path]
        own: dict[int, set[str | None]] = {}
        for link in self._links.get(path, ()):
            own.setdefault(link.eid, set()).add(link.attribute)
        palette = self.palette()
        children = [element_item(doc, child, own, palette) for child in doc.children(doc.root_id)]
        item.addChildren(children)
        rows: dict[int, QTreeWidgetItem] = {}
        while children:
            row = children.pop()
            rows[row.data(NAME, EID_ROLE)] = row
            children.extend(row.child(i) for i in range(row.childCount()))
        self._element_rows[path] = rows

    def _update_rows(self, path: str, eids: set[int], links: list) -> bool:
        """Show nodes `eids` of document `path` again on their rows; False when one has no row."""
        rows = self._element_rows.get(path, {})
        doc = self.session.flow.documents[path]
        eids = eids - {doc.root_id}  # the root has no row of its own (its children are the outline)
        if not all(eid in rows for eid in eids):
            return False
        own: dict[int, set[str | None]] = {}
        for link in links:
            if link.eid in eids:
                own.setdefault(link.eid, set()).add(link.attribute)
        for eid in eids:
            if doc.contains(eid):
                update_element_item(rows[eid], doc, eid, own)
        return True

    def _count(self, links, sign: int) -> set[str]:
        """Add (sign 1) or take away (-1) `links` from the counts; the documents whose row shows them."""
        from flowedit.model.links import LinkKind

        touched: set[str] = set()
        for link in links:
            self._outgoing[link.source] += sign
            touched.add(link.source)
            if link.kind is LinkKind.MISSING:
                self._missing[link.source] += sign
            if link.kind is LinkKind.INTERNAL:
                self._incoming[link.target] += sign
                touched.add(link.target)
        return touched

    def _update_pending(self) -> None:
        """Update the rows of the documents changed since last time (their children rebuilt, their
        counts and those of the documents they link to), keeping expansion and selection."""
        pending, self._pending = self._pending, {}
        if self._timer.isActive():
            return  # a full rebuild is coming anyway
        flow = self.session.flow
        if any(flow.documents.get(path) is None or path not in self._rows for path in pending):
            self.refresh()  # a document this panel does not show (cannot happen without a flow change)
            return
        touched: set[str] = set()
        rebuilt = False
        self._syncing = True
        try:
            for path in sorted(pending):
                item = self._rows[path]
                new = flow.links_from(path)
                if new != self._links.get(path):  # most edits change no link: the counts stay
                    touched |= self._count(self._links.get(path, ()), -1) | self._count(new, 1) | {path}
                    self._links[path] = new
                if path not in self._filled:
                    self._show_arrow(item, path)  # its rows are made when first needed, as they are then
                    continue
                eids = pending[path]
                if eids is not None and self._update_rows(path, eids, new):
                    continue
                self._remember_expanded(item)
                rebuilt = True
                item.takeChildren()
                self._fill_children(item, path)
                if path in self._expanded:
                    item.setExpanded(True)
                    _expand_all(item)
            for path in touched:
                if path in self._rows:
                    self._decorate(self._rows[path], path)
        finally:
            self._syncing = False
        if rebuilt:  # the current row may have been among those made again
            self._follow_selection()

    def paths(self) -> list[str]:
        """The documents' paths in the order shown: the entry first, then by path."""
        flow = self.session.flow
        return sorted(flow.documents, key=lambda p: (p != flow.entry, p))

    def item_for(self, path: str, eid: int | None = None) -> QTreeWidgetItem | None:
        """The row of document `path` (`eid` None) or of one of its elements; its rows are made if need be."""
        top = self._rows.get(path)
        if top is not None:
            if eid is None:
                return top
            self._ensure_filled(path)
            return self._element_rows.get(path, {}).get(eid)
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
        from flowedit.model.paths import PathError, check_path

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
        from flowedit.model.document import Document

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
        from PySide6.QtWidgets import QInputDialog, QLineEdit  # dialogs: imported when first asked for

        value, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok and value.strip() else None

    def _confirm_remove(self, path: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

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


def _edited_nodes(change) -> set[int] | None:
    """The nodes whose row texts `change` alters, or None when it inserts or removes nodes."""
    from flowedit.model.changes import AttributeChanged, Compound, TextChanged

    if isinstance(change, (AttributeChanged, TextChanged)):
        return {change.eid}
    if isinstance(change, Compound):
        found: set[int] = set()
        for part in change.changes:
            nodes = _edited_nodes(part)
            if nodes is None:
                return None
            found |= nodes
        return found
    return None


def _expand_all(item: QTreeWidgetItem) -> None:
    for index in range(item.childCount()):
        child = item.child(index)
        child.setExpanded(True)
        _expand_all(child)
