"""The Palette dock: every TwiML Voice element, grouped as the vocabulary groups them, to drag or add.

The list is generated from `flowedit.twiml`: one group per `twiml.CATEGORIES` entry (in that order,
<Response> left out, since a document has exactly one), each element with its icon and a tooltip of
its summary and where it may go. Retired and deprecated elements come last in their group, greyed.
The search field filters by name and summary; groups with a match open.

Dragging an element starts a `QDrag` whose `QMimeData` carries `MIME_TYPE` with the UTF-8 JSON
`{"tag": "<Name>"}`; the canvas decides what a drop does. Double-click or Enter adds the element next
to (or into) the current selection through `placement`, as one undoable edit; the palette never
changes the model itself and keeps no state but the filter.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QMimeData, QSize, Qt
from PySide6.QtGui import QDrag, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowedit import twiml
from flowedit.gui import icons, placement, style
from flowedit.gui.canvas.drops import MIME_TYPE, mime_for  # one drag format, owned by the drop side
from flowedit.gui.session import FlowSession
from flowedit.twiml.kinds import Element, Role

TAG_ROLE = Qt.ItemDataRole.UserRole  # on element rows: the element name
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 1  # on group rows: the category
COLLAPSED = ("SSML", "Legacy")  # groups closed until opened or matched: rarely the first thing wanted
_RETIRED_WORDS = ("retired", "deprecated", "legacy")


def is_retired(spec: Element) -> bool:
    """True for an element the vocabulary calls legacy, retired or deprecated."""
    text = " ".join((spec.summary, *spec.notes)).lower()
    return spec.category == "Legacy" or any(word in text for word in _RETIRED_WORDS)


def palette_elements() -> list[tuple[str, list[Element]]]:
    """(category, elements) in palette order: retired elements last, <Response> left out."""
    groups = []
    for category in twiml.CATEGORIES:
        members = [e for e in twiml.in_category(category) if e.role is not Role.ROOT]
        if members:
            groups.append((category, sorted(members, key=is_retired)))  # stable: registry order otherwise
    return groups


def tooltip(spec: Element) -> str:
    """Rich-text tooltip: name, summary, where the element may go, and any retirement note."""
    parents = ", ".join(f"&lt;{p}&gt;" for p in spec.parents) or "nowhere"
    lines = [f"<b>&lt;{spec.name}&gt;</b>", html.escape(spec.summary), f"<i>Goes inside:</i> {parents}"]
    if is_retired(spec) and spec.notes:
        lines.append(f"<i>{html.escape(spec.notes[0])}</i>")
    return "<br>".join(lines)


class _ElementTree(QTreeWidget):
    """The grouped list; drags carry the palette MIME type, Enter adds like a double-click."""

    def __init__(self, palette: Palette) -> None:
        super().__init__(palette)
        self._palette = palette
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setIndentation(12)
        self.setUniformRowHeights(True)
        self.setIconSize(QSize(18, 18))
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt virtual
        return [MIME_TYPE]

    def mimeData(self, items) -> QMimeData:  # noqa: N802 - Qt virtual
        tags = [i.data(0, TAG_ROLE) for i in items if i.data(0, TAG_ROLE)]
        return mime_for(tags[0]) if tags else QMimeData()

    def startDrag(self, actions) -> None:  # noqa: N802 - Qt virtual
        item = self.currentItem()
        tag = item.data(0, TAG_ROLE) if item is not None else None
        if not tag:
            return
        drag = QDrag(self)
        drag.setMimeData(mime_for(tag))
        drag.setPixmap(item.icon(0).pixmap(QSize(28, 28), self.devicePixelRatioF()))
        drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt virtual
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None and item.data(0, TAG_ROLE):
            self._palette.add(item.data(0, TAG_ROLE))
            return
        super().keyPressEvent(event)


class Palette(QWidget):
    """The element palette (see the module docstring)."""

    def __init__(self, session: FlowSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("palette")
        self.session = session
        self.search = QLineEdit(self)
        self.search.setObjectName("paletteSearch")
        self.search.setPlaceholderText("Search elements…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.set_filter)
        self.search.returnPressed.connect(self._focus_first_match)
        self.tree = _ElementTree(self)
        self.tree.setObjectName("paletteTree")
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self._expanded: dict[str, bool] | None = None  # the user's open groups, while a filter is on
        self._fill()

    # -- the list --------------------------------------------------------------------------------
    def _fill(self) -> None:
        self.tree.clear()
        for category, members in palette_elements():
            group = QTreeWidgetItem(self.tree, [category])
            group.setData(0, CATEGORY_ROLE, category)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for spec in members:
                item = QTreeWidgetItem(group, [spec.name])
                item.setData(0, TAG_ROLE, spec.name)
                item.setToolTip(0, tooltip(spec))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsDragEnabled)
            group.setExpanded(category not in COLLAPSED)
        self._paint()

    def _paint(self) -> None:
        """Icons and colours for the current palette (again on a light/dark switch)."""
        palette = self.palette()
        for group in self._groups():
            group.setForeground(0, style.muted(palette))
            for index in range(group.childCount()):
                item = group.child(index)
                tag = item.data(0, TAG_ROLE)
                item.setIcon(0, icons.element_icon(tag, palette))
                spec = twiml.element(tag)
                if is_retired(spec):
                    item.setForeground(0, style.muted(palette))
                    font = item.font(0)
                    font.setItalic(True)
                    item.setFont(0, font)

    def _groups(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]

    def items(self) -> dict[str, QTreeWidgetItem]:
        """Every element row by name (for tests and for callers that want to point at one)."""
        return {g.child(i).data(0, TAG_ROLE): g.child(i) for g in self._groups() for i in range(g.childCount())}

    def visible_tags(self) -> list[str]:
        """The element names the filter lets through, in palette order."""
        return [tag for tag, item in self.items().items() if not item.isHidden() and not item.parent().isHidden()]

    def set_filter(self, text: str) -> None:
        """Show the elements whose name or summary contains `text` (case-insensitive); "" shows all."""
        needle = text.strip().lower()
        if needle and self._expanded is None:
            self._expanded = {g.data(0, CATEGORY_ROLE): g.isExpanded() for g in self._groups()}
        for group in self._groups():
            shown = 0
            for index in range(group.childCount()):
                item = group.child(index)
                spec = twiml.element(item.data(0, TAG_ROLE))
                match = not needle or needle in spec.name.lower() or needle in spec.summary.lower()
                item.setHidden(not match)
                shown += match
            group.setHidden(shown == 0)
            if needle:
                group.setExpanded(shown > 0)
        if not needle and self._expanded is not None:
            for group in self._groups():
                group.setExpanded(self._expanded.get(group.data(0, CATEGORY_ROLE), True))
            self._expanded = None

    def _focus_first_match(self) -> None:
        visible = self.visible_tags()
        if visible:
            self.tree.setCurrentItem(self.items()[visible[0]])
            self.tree.setFocus()

    # -- adding ----------------------------------------------------------------------------------
    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        tag = item.data(0, TAG_ROLE)
        if tag:
            self.add(tag)

    def add(self, tag: str) -> int | None:
        """Add a new `<tag>` where the selection suggests (as one undoable edit); its id, or None with
        the reason sent through `session.editRefused`."""
        session = self.session
        doc = session.current_document
        if doc is None:
            session.editRefused.emit("open or create a document first")
            return None
        selection = session.selection
        selected = selection[-1].eid if selection and selection[-1].document is doc else None
        if selected is not None and not doc.contains(selected):
            selected = None
        place = placement.best_place(doc, selected, tag)
        if place is None:
            anchor = selected if selected is not None and doc.kind(selected) == "element" else doc.root_id
            reason = placement.placement_problem(doc, anchor, tag)
            session.editRefused.emit(reason or f"<{tag}> cannot go anywhere in {doc.path}")
            return None
        return placement.add_element(session, doc, place[0], place[1], tag)

    # -- events ----------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt virtual
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "tree"):
            self._paint()
