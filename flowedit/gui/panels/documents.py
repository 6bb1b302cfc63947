"""The "Documents" dock: every document of the flow by URL path, the entry first and tagged.

Each row shows how many links leave the document and how many arrive at it, and warns when one of its
links points at a document the flow does not have. Selecting a row emits `documentSelected(path)`.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from flowedit.gui import style
from flowedit.model.flow import Flow
from flowedit.model.links import Link, LinkKind

PATH_ROLE = Qt.ItemDataRole.UserRole
TAG_ROLE = Qt.ItemDataRole.UserRole + 1
NAME, OUT, IN = range(3)


class _TagDelegate(QStyledItemDelegate):
    """Paints a small rounded tag (e.g. "entry") after the item's text."""

    def _tag_font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setPointSizeF(max(font.pointSizeF() * 0.8, 6.0))
        font.setBold(False)
        return font

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        tag = index.data(TAG_ROLE)
        if not tag:
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style_ = widget.style() if widget is not None else None
        text_rect = (style_.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
                     if style_ is not None else opt.rect)
        text_width = QFontMetrics(opt.font).horizontalAdvance(opt.text)
        font = self._tag_font(option)
        metrics = QFontMetrics(font)
        width, height = metrics.horizontalAdvance(tag) + 10, metrics.height() + 2
        left = text_rect.left() + text_width + 8
        if left + width > opt.rect.right():
            return  # no room: the tooltip still says it
        rect = QRect(left, opt.rect.center().y() - height // 2 + 1, width, height)
        background, foreground = style.badge_colours(opt.palette)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setFont(font)
        painter.setPen(foreground)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, tag)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        tag = index.data(TAG_ROLE)
        if tag:
            size.setWidth(size.width() + QFontMetrics(self._tag_font(option)).horizontalAdvance(tag) + 18)
        return size


class DocumentsPanel(QTreeWidget):
    """The documents of one flow; the entry document first, then by URL path."""

    documentSelected = Signal(str)  # noqa: N815 - Qt signal naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsPanel")
        self.setColumnCount(3)
        self.setHeaderLabels(["Document", "Out", "In"])
        self.headerItem().setToolTip(OUT, "Links in this document (to any URL)")
        self.headerItem().setToolTip(IN, "Links from the flow's documents to this one")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setItemDelegateForColumn(NAME, _TagDelegate(self))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (OUT, IN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            self.headerItem().setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
        self.currentItemChanged.connect(self._current_changed)

    def show_flow(self, flow: Flow | None, links: list[Link]) -> None:
        """List the documents of `flow` (nothing when None); `links` are the flow's links."""
        previous = self.current_path()
        self.blockSignals(True)
        self.clear()
        if flow is not None:
            outgoing = Counter(link.source for link in links)
            missing = Counter(link.source for link in links if link.kind is LinkKind.MISSING)
            incoming = Counter(link.target for link in links if link.kind is LinkKind.INTERNAL)
            for path in sorted(flow.documents, key=lambda p: (p != flow.entry, p)):
                doc = flow.documents[path]
                self.addTopLevelItem(self._item(path, doc.filename, path == flow.entry,
                                                outgoing[path], missing[path], incoming[path]))
        self.blockSignals(False)
        if self.topLevelItemCount():
            self.select(previous if previous in (flow.documents if flow else {}) else self.path_at(0))
        else:
            self.documentSelected.emit("")

    def _item(self, path: str, filename: str, entry: bool, out: int, missing: int, into: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem([path, str(out), str(into)])
        item.setData(NAME, PATH_ROLE, path)
        icon = QStyle.StandardPixmap.SP_MessageBoxWarning if missing else QStyle.StandardPixmap.SP_FileIcon
        item.setIcon(NAME, self.style().standardIcon(icon))
        tip = [f"{path}  ({filename})", f"{out} link{'s' if out != 1 else ''} out, {into} in"]
        if missing:
            tip.append(f"{missing} link{'s' if missing != 1 else ''} to a document the flow does not have")
        if entry:
            font = item.font(NAME)
            font.setBold(True)
            item.setFont(NAME, font)
            item.setData(NAME, TAG_ROLE, "entry")
            tip.insert(1, "The entry document: Twilio requests it first")
        item.setToolTip(NAME, "\n".join(tip))
        for column in (OUT, IN):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if missing:
            item.setForeground(OUT, style.kind_colour("missing", self.palette()))
            item.setToolTip(OUT, f"{missing} missing")
        return item

    # -- selection -------------------------------------------------------------------------
    def path_at(self, row: int) -> str:
        item = self.topLevelItem(row)
        return item.data(NAME, PATH_ROLE) if item is not None else ""

    def paths(self) -> list[str]:
        return [self.path_at(row) for row in range(self.topLevelItemCount())]

    def current_path(self) -> str:
        item = self.currentItem()
        return item.data(NAME, PATH_ROLE) if item is not None else ""

    def select(self, path: str) -> None:
        """Make `path` the current document (emits documentSelected when it changes)."""
        for row in range(self.topLevelItemCount()):
            item = self.topLevelItem(row)
            if item.data(NAME, PATH_ROLE) == path:
                self.setCurrentItem(item)
                return

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        self.documentSelected.emit(current.data(NAME, PATH_ROLE) if current is not None else "")
