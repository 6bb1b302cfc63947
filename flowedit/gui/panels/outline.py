"""Rows of the documents tree: a document's line (with its "entry" tag) and its element outline.

The summary puts first what a reader scans for: an element's text when it has no child elements
(what a Say says, which number a Number dials, where a Redirect goes), then its links, then its other
attributes in source order. Comments and processing instructions appear greyed, as in the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QTreeWidgetItem

from flowedit.gui import style

# The documents panel is made with the window, before any model is loaded; and an empty tree paints
# no rows, so the delegate's option and index classes (PySide6 makes a Qt class's Python enums when
# it is first touched) come with the first row painted.
if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QStyleOptionViewItem

    from flowedit.model.document import Document

PATH_ROLE = Qt.ItemDataRole.UserRole
EID_ROLE = Qt.ItemDataRole.UserRole + 1  # on element rows; None on document rows
TAG_ROLE = Qt.ItemDataRole.UserRole + 2  # a small tag painted after the text, e.g. "entry"
NAME, DETAILS = range(2)
_TEXT_LIMIT = 48


def squeeze(text: str, limit: int = _TEXT_LIMIT) -> str:
    """Whitespace collapsed to single spaces, cut at `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def summary(doc: Document, eid: int, link_attributes: set[str | None]) -> str:
    """The one-line summary of element `eid`; `link_attributes` are its attributes that hold links."""
    parts = []
    text = doc.text(eid)
    if text and text.strip() and not doc.child_elements(eid):
        parts.append(squeeze(text))
    attributes = doc.attributes(eid)
    ordered = [a for a in attributes if a[0] in link_attributes] + [a for a in attributes
                                                                   if a[0] not in link_attributes]
    parts.extend(f"{name}={squeeze(value, 40)}" for name, value in ordered)
    return "  ".join(parts)


def _row_texts(doc: Document, eid: int, links: dict[int, set[str | None]]) -> tuple[str, str, str]:
    """(name, details, tool tip) of node `eid`'s row."""
    kind = doc.kind(eid)
    if kind == "element":
        tip = [f"<{doc.tag(eid)}>"] + [f"{name}={value}" for name, value in doc.attributes(eid)]
        return doc.tag(eid), summary(doc, eid, links.get(eid, set())), "\n".join(tip)
    label = "<!-- -->" if kind == "comment" else "<? ?>"
    return label, squeeze(doc.text(eid) or ""), doc.text(eid) or ""


def element_item(doc: Document, eid: int, links: dict[int, set[str | None]], palette: QPalette) -> QTreeWidgetItem:
    """The row of node `eid` and, below it, its children's rows."""
    name, details, tip = _row_texts(doc, eid, links)
    item = QTreeWidgetItem([name, details])
    if doc.kind(eid) != "element":
        for column in (NAME, DETAILS):
            item.setForeground(column, style.muted(palette))
            font = item.font(column)
            font.setItalic(True)
            item.setFont(column, font)
    item.setData(NAME, PATH_ROLE, doc.path)
    item.setData(NAME, EID_ROLE, eid)
    item.setToolTip(NAME, tip)
    item.setToolTip(DETAILS, tip)
    for child in doc.children(eid):
        item.addChild(element_item(doc, child, links, palette))
    return item


def update_element_item(item: QTreeWidgetItem, doc: Document, eid: int, links: dict[int, set[str | None]]) -> None:
    """Show node `eid`'s attributes and text again on its row `item`, made by `element_item` (its kind
    and children unchanged). Qt ignores a value set to what it already is, so unchanged cells cost no
    repaint."""
    name, details, tip = _row_texts(doc, eid, links)
    item.setText(NAME, name)
    item.setText(DETAILS, details)
    item.setToolTip(NAME, tip)
    item.setToolTip(DETAILS, tip)


class TagDelegate(QStyledItemDelegate):
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
        opt = type(option)(option)  # a QStyleOptionViewItem copy, without importing the class here
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
