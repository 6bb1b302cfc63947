"""The XML text editor: monospace, unwrapped, coloured, with line numbers, a marked range and an error.

It shows text handed to it and knows nothing of the model (`xml_pane` binds it to the session), so
what it displays is exactly what the writer produced. A range of lines can be marked (the selected
element), and one position flagged as an error (wavy underline to the end of its line, a red line
number). The line-number gutter follows Qt's code-editor example.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QTextEdit, QWidget

from flowedit.gui import style
from flowedit.gui.xml_highlighter import XmlHighlighter

_GUTTER_PADDING = 8


class _LineNumbers(QWidget):
    """The gutter: it only asks the pane for its width and to paint it."""

    def __init__(self, pane: XmlText) -> None:
        super().__init__(pane)
        self.pane = pane

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's virtual
        return QSize(self.pane.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's virtual
        self.pane.paint_gutter(event)


class XmlText(QPlainTextEdit):
    """Unwrapped, monospace XML with a line-number gutter, a marked line range and an error mark."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("xmlText")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFont(style.monospace_font())
        self.setTabChangesFocus(False)
        self.setPlaceholderText("Open a TwiML file or a flow folder (File ▸ Open) to see its XML here.")
        self.highlighter = XmlHighlighter(self.document(), self.palette())
        self._gutter = _LineNumbers(self)
        self._marked: int | None = None
        self._marked_end: int | None = None
        self._error: tuple[int, int] | None = None
        self.blockCountChanged.connect(self._update_margins)
        self.updateRequest.connect(self._scroll_gutter)
        self._update_margins()

    # -- content ---------------------------------------------------------------------------
    def show_text(self, text: str) -> None:
        """Replace the content (keeping the scroll position), or do nothing when it is the same."""
        if text == self.toPlainText():
            return
        self._marked = self._marked_end = None
        self._error = None
        scroll = self.verticalScrollBar().value()
        self.setPlainText(text)
        self.verticalScrollBar().setValue(scroll)
        self._refresh_marks()

    def mark_lines(self, first: int | None, last: int | None = None, *, move: bool = True) -> None:
        """Mark 1-based lines `first`..`last` (None clears); with `move`, put the caret there and show it."""
        count = self.blockCount()
        self._marked = first if first and 0 < first <= count else None
        self._marked_end = min(max(last or first or 0, first or 0), count) if self._marked else None
        if self._marked is not None and move:
            cursor = QTextCursor(self.document().findBlockByNumber(self._marked - 1))
            self.setTextCursor(cursor)
            self.centerCursor()
        self._refresh_marks()

    def mark_line(self, line: int | None) -> None:
        """Mark one line and scroll it into view (None clears the mark)."""
        self.mark_lines(line, line)

    @property
    def marked_line(self) -> int | None:
        return self._marked

    @property
    def marked_lines(self) -> tuple[int, int] | None:
        return None if self._marked is None else (self._marked, self._marked_end or self._marked)

    def set_error(self, line: int | None, column: int = 1) -> None:
        """Flag 1-based `line`/`column` as where the text fails to read (None clears it)."""
        self._error = (line, max(column, 1)) if line and 0 < line <= self.blockCount() else None
        self._refresh_marks()

    @property
    def error_line(self) -> int | None:
        return self._error[0] if self._error else None

    def _refresh_marks(self) -> None:
        selections = []
        if self._marked is not None:
            colour = QColor(self.palette().color(self.palette().ColorRole.Highlight))
            colour.setAlpha(50)  # a tint, so the syntax colours stay readable on it
            for line in range(self._marked, (self._marked_end or self._marked) + 1):
                mark = QTextEdit.ExtraSelection()
                mark.format.setBackground(colour)
                mark.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                mark.cursor = QTextCursor(self.document().findBlockByNumber(line - 1))
                selections.append(mark)
        if self._error is not None:
            block = self.document().findBlockByNumber(self._error[0] - 1)
            mark = QTextEdit.ExtraSelection()
            mark.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            mark.format.setUnderlineColor(style.kind_colour("missing", self.palette()))
            # The whole line from its first character: parsers report the column where they gave up,
            # often the end of the culprit, so a short underline would point past it.
            text = block.text()
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + len(text) - len(text.lstrip()))
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            mark.cursor = cursor
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
                marked = self._marked is not None and self._marked <= number <= (self._marked_end or 0)
                if self._error is not None and number == self._error[0]:
                    painter.setPen(style.kind_colour("missing", palette))
                else:
                    painter.setPen(palette.color(palette.ColorRole.Text) if marked else style.muted(palette))
                painter.drawText(0, top, width, height, Qt.AlignmentFlag.AlignRight, str(number))
            block = block.next()
            top = bottom
        painter.end()
