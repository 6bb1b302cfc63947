"""The read-only XML view: one document's text as flowedit would save it, coloured, with line numbers.

It shows text handed to it and knows nothing of the model, so what it displays is exactly what the
writer produced. Lines can be marked (the element picked in the outline or the problems list); the
line-number gutter follows Qt's code-editor example.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QTextEdit, QWidget

from flowedit.gui import style
from flowedit.gui.xml_highlighter import XmlHighlighter

_GUTTER_PADDING = 8


class _LineNumbers(QWidget):
    """The gutter: it only asks the pane for its width and to paint it."""

    def __init__(self, pane: XmlPane) -> None:
        super().__init__(pane)
        self.pane = pane

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's virtual
        return QSize(self.pane.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's virtual
        self.pane.paint_gutter(event)


class XmlPane(QPlainTextEdit):
    """Read-only, unwrapped, monospace XML with a line-number gutter and one marked line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("xmlPane")
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFont(style.monospace_font())
        # Read-only, but the caret still helps keyboard users select and copy.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setPlaceholderText("Open a TwiML file or a flow folder (File ▸ Open) to see its XML here.")
        self.highlighter = XmlHighlighter(self.document(), self.palette())
        self._gutter = _LineNumbers(self)
        self._marked: int | None = None
        self.blockCountChanged.connect(self._update_margins)
        self.updateRequest.connect(self._scroll_gutter)
        self._update_margins()

    # -- content ---------------------------------------------------------------------------
    def show_text(self, text: str) -> None:
        """Replace the content, keeping the scroll position when the text did not change."""
        if text == self.toPlainText():
            return
        self._marked = None
        self.setPlainText(text)
        self._refresh_marks()

    def mark_line(self, line: int | None) -> None:
        """Mark 1-based `line` and scroll it into view (None clears the mark)."""
        self._marked = line if line and 0 < line <= self.blockCount() else None
        if self._marked is not None:
            cursor = QTextCursor(self.document().findBlockByNumber(self._marked - 1))
            self.setTextCursor(cursor)
            self.centerCursor()
        self._refresh_marks()

    @property
    def marked_line(self) -> int | None:
        return self._marked

    def _refresh_marks(self) -> None:
        selections = []
        if self._marked is not None:
            mark = QTextEdit.ExtraSelection()
            colour = QColor(self.palette().color(self.palette().ColorRole.Highlight))
            colour.setAlpha(60)  # a tint, so the syntax colours stay readable on it
            mark.format.setBackground(colour)
            mark.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            mark.cursor = QTextCursor(self.document().findBlockByNumber(self._marked - 1))
            selections.append(mark)
        self.setExtraSelections(selections)
        self._gutter.update()

    # -- palette ---------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's virtual
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.set_palette(self.palette())
            self._refresh_marks()

    # -- gutter ----------------------------------------------------------------------------
    def gutter_width(self) -> int:
        digits = max(3, len(str(self.blockCount())))
        return self.fontMetrics().horizontalAdvance("9") * digits + 2 * _GUTTER_PADDING

    def _update_margins(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's virtual
        super().resizeEvent(event)
        area = self.contentsRect()
        self._gutter.setGeometry(QRect(area.left(), area.top(), self.gutter_width(), area.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self._gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(palette.ColorRole.AlternateBase))
        painter.setFont(self.font())
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        width = self._gutter.width() - _GUTTER_PADDING
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                number = block.blockNumber() + 1
                marked = number == self._marked
                painter.setPen(palette.color(palette.ColorRole.Text) if marked else style.muted(palette))
                painter.drawText(0, top, width, height, Qt.AlignmentFlag.AlignRight, str(number))
            block = block.next()
            top = bottom
        painter.end()
