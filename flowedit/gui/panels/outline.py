"""The "Outline" dock: one document's element tree, each element with a short summary.

The summary puts first what a reader scans for: an element's text when it has no child elements
(what a Say says, which number a Number dials, where a Redirect goes), then its links, then its other
attributes in source order. Comments and processing instructions appear greyed, as in the file.
Activating a row emits `lineActivated(line)` with the line of its start tag.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from flowedit.gui import style
from flowedit.model.document import Document
from flowedit.model.links import Link

LINE_ROLE = Qt.ItemDataRole.UserRole
EID_ROLE = Qt.ItemDataRole.UserRole + 1
_TEXT_LIMIT = 48


def _squeeze(text: str, limit: int = _TEXT_LIMIT) -> str:
    """Whitespace collapsed to single spaces, cut at `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def summary(doc: Document, eid: int, link_attributes: set[str | None]) -> str:
    """The one-line summary of element `eid`; `link_attributes` are its attributes that hold links."""
    parts = []
    text = doc.text(eid)
    if text and text.strip() and not doc.child_elements(eid):
        parts.append(_squeeze(text))
    attributes = doc.attributes(eid)
    ordered = [a for a in attributes if a[0] in link_attributes] + [a for a in attributes
                                                                   if a[0] not in link_attributes]
    parts.extend(f"{name}={_squeeze(value, 40)}" for name, value in ordered)
    return "  ".join(parts)


class OutlinePanel(QTreeWidget):
    """The element tree of the document shown in the XML pane."""

    lineActivated = Signal(int)  # noqa: N815 - Qt signal naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlinePanel")
        self.setColumnCount(2)
        self.setHeaderLabels(["Element", "Details"])
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setIndentation(14)  # TwiML nests shallowly; the details column needs the room more
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(True)
        self.currentItemChanged.connect(self._current_changed)

    def show_document(self, doc: Document | None, links: list[Link]) -> None:
        """Show the tree of `doc` (nothing when None); `links` are the document's own links."""
        self.clear()
        if doc is None:
            return
        by_element: dict[int, set[str | None]] = {}
        for link in links:
            by_element.setdefault(link.eid, set()).add(link.attribute)
        self.addTopLevelItem(self._item(doc, doc.root_id, by_element))
        self.expandAll()
        self.resizeColumnToContents(0)

    def _item(self, doc: Document, eid: int, links: dict[int, set[str | None]]) -> QTreeWidgetItem:
        kind = doc.kind(eid)
        if kind == "element":
            item = QTreeWidgetItem([doc.tag(eid), summary(doc, eid, links.get(eid, set()))])
            tip = [f"<{doc.tag(eid)}>"] + [f"{name}={value}" for name, value in doc.attributes(eid)]
        else:
            label = "<!-- -->" if kind == "comment" else "<? ?>"
            item = QTreeWidgetItem([label, _squeeze(doc.text(eid) or "")])
            tip = [doc.text(eid) or ""]
            for column in (0, 1):
                item.setForeground(column, style.muted(self.palette()))
                font = item.font(column)
                font.setItalic(True)
                item.setFont(column, font)
        line = doc.sourceline(eid)
        if line:
            tip.append(f"line {line}")
        item.setData(0, LINE_ROLE, line or 0)
        item.setData(0, EID_ROLE, eid)
        item.setToolTip(0, "\n".join(tip))
        item.setToolTip(1, "\n".join(tip))
        for child in doc.children(eid):
            item.addChild(self._item(doc, child, links))
        return item

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is not None and current.data(0, LINE_ROLE):
            self.lineActivated.emit(current.data(0, LINE_ROLE))
