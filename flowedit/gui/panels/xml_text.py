"""The XML text editor: monospace, unwrapped, coloured, with line numbers, a marked range and an error.

It shows text handed to it and knows nothing of the model (`xml_pane` binds it to the session), so
what it displays is exactly what the writer produced. A range of lines can be marked (the selected
element), and one position flagged as an error (wavy underline to the end of its line, a red line
number). The line-number gutter follows Qt's code-editor example.

`show_text` replaces only the span that differs from the text it showed last (`changed_span`), through
one QTextCursor edit block: Qt then lays out and the highlighter colours only the lines touched (and
those after them whose scanner state changed), where `setPlainText` redid every line — most of an
edit's cost on the XML pane. The result is the same text and colours; the caret and scroll position
stay where they were. Text the user typed makes it forget what it showed, so the next `show_text`
replaces everything, as `setPlainText` always did (and clears the editor's own undo history). One
Qt quirk is worked around (`_Layout`): every line the highlighter colours is reported to the layout
as a change of twice its length, which reaches into the next line, so Qt repainted the whole
viewport on each change instead of the one line.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent, QTextDocument
from PySide6.QtWidgets import QFrame, QPlainTextDocumentLayout, QPlainTextEdit, QTextEdit, QWidget

from flowedit.gui import style
from flowedit.gui.xml_highlighter import XmlHighlighter

_GUTTER_PADDING = 8


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """(start, old_end, new_end): `new` is `old` with `old[start:old_end]` replaced by
    `new[start:new_end]`, the shared beginning and end left out (the end never overlapping it)."""
    limit = min(len(old), len(new))
    low, high = 0, limit  # the shared beginning is at least `low` and at most `high` long
    while low < high:  # halving on slices: C-speed compares instead of a Python loop per character
        mid = (low + high + 1) // 2
        if old[low:mid] == new[low:mid]:
            low = mid
        else:
            high = mid - 1
    start = low
    low, high = 0, limit - start  # the same for the shared end, within what follows `start`
    while low < high:
        mid = (low + high + 1) // 2
        if old[len(old) - mid:len(old) - low] == new[len(new) - mid:len(new) - low]:
            low = mid
        else:
            high = mid - 1
    return start, len(old) - low, len(new) - low


_BREAKS = ("\n", "\u2028", "\u2029")  # what starts a new line in a QTextDocument


def _breaks(text: str) -> bool:
    return any(b in text for b in _BREAKS)


class _Layout(QPlainTextDocumentLayout):
    """The plain-text layout, told the true extent of a change made within one line (see the module
    docstring).

    QPlainTextDocumentLayout takes a change of (removed + added) characters as the range to look at;
    QSyntaxHighlighter reports each line it colours as `length` removed and `length` added, so the
    range ends in the next line and Qt lays out and repaints as if lines had changed. While
    `within_line` is set (`XmlText` replaces text containing no line break), the added characters
    alone are the range: no line starts or ends anywhere else, so that is exact.
    """

    within_line = False

    def documentChanged(self, position: int, removed: int, added: int) -> None:  # noqa: N802 - Qt's virtual
        if self.within_line:
            removed = 0
        super().documentChanged(position, removed, added)


def _utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units (characters beyond the BMP count two)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


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
        document = QTextDocument(self)
        self._layout = _Layout(document)
        document.setDocumentLayout(self._layout)
        self.setDocument(document)  # before setFont: the widget gives its document its font
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
        self._known: str | None = None  # the text show_text set, while nothing else changed it since
        # (first, last, error) as the extra selections now draw them; None: they may be out of place
        self._drawn: tuple | None = None
        self._setting = False  # show_text is changing the text
        self.document().contentsChange.connect(self._contents_changed)
        self.blockCountChanged.connect(self._update_margins)
        self.updateRequest.connect(self._scroll_gutter)
        self._update_margins()

    # -- content ---------------------------------------------------------------------------
    def show_text(self, text: str, *, clear_marks: bool = True) -> None:
        """Replace the content (keeping the scroll position), or do nothing when it is the same.

        A new text clears the marked lines and the error flag; with `clear_marks` False the caller
        promises to call `mark_lines` next (which draws the marks afresh: one redraw, not two)."""
        known = self._known
        if known is None and text == self.toPlainText():
            self._known = text
            return
        if text == known:
            return
        had_marks = self._marked is not None or self._error is not None
        self._marked = self._marked_end = None
        self._error = None
        self._setting = True
        try:
            if known is None:
                scroll = self.verticalScrollBar().value()
                self.setPlainText(text)
                self.verticalScrollBar().setValue(scroll)
                self._drawn = None
            elif self._replace_span(known, text):
                self._drawn = None
        finally:
            self._setting = False
        self._known = text
        if had_marks and clear_marks:
            self._refresh_marks()

    def _replace_span(self, old: str, new: str) -> bool:
        """Turn the shown `old` into `new` by replacing only the span between what they share; True
        when lines came or went (a change within one line leaves every line mark in its line)."""
        from PySide6.QtGui import QTextCursor  # (see _refresh_marks)

        start, old_end, new_end = changed_span(old, new)
        document = self.document()
        # Our own replacement is not the user's typing: nothing of it on the editor's undo stack
        # (setPlainText likewise leaves an empty one). Switching undo off clears the stack.
        document.setUndoRedoEnabled(False)
        cursor = QTextCursor(document)
        # QTextDocument counts UTF-16 code units; Python counts code points.
        first = _utf16_len(old[:start])
        cursor.setPosition(first)
        cursor.setPosition(first + _utf16_len(old[start:old_end]), QTextCursor.MoveMode.KeepAnchor)
        lines = _breaks(old[start:old_end]) or _breaks(new[start:new_end])
        self._layout.within_line = not lines
        try:
            cursor.beginEditBlock()
            cursor.insertText(new[start:new_end])  # replaces the selection (or inserts, or only removes)
            cursor.endEditBlock()
        finally:
            self._layout.within_line = False
        document.setUndoRedoEnabled(True)
        document.setModified(False)  # as after setPlainText
        return lines

    def _contents_changed(self, _position: int, _removed: int, _added: int) -> None:
        if not self._setting:
            self._known = None  # typed (or set through setPlainText): no longer what show_text showed

    def mark_lines(self, first: int | None, last: int | None = None, *, move: bool = True) -> None:
        """Mark 1-based lines `first`..`last` (None clears); with `move`, put the caret there and show it."""
        from PySide6.QtGui import QTextCursor  # (see _refresh_marks)

        count = self.blockCount()
        self._marked = first if first and 0 < first <= count else None
        self._marked_end = min(max(last or first or 0, first or 0), count) if self._marked else None
        if self._marked is not None and move:
            cursor = QTextCursor(self.document().findBlockByNumber(self._marked - 1))
            self.setTextCursor(cursor)
            self.centerCursor()
        if (self._marked, self._marked_end, self._error) != self._drawn:  # else they are drawn already
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
        # Imported here, not at the top: PySide6 makes these classes' Python enums (~160 members) when
        # they are first touched, and a new window's empty pane marks nothing.
        from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextFormat

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
        self._drawn = (self._marked, self._marked_end, self._error)
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
        # A brush and drawRect, not fillRect: resolving any fillRect overload makes PySide6 build
        # QGradient and its 169-member Preset enum (~1.5 ms of a cold start). Same pixels, no pen.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(palette.ColorRole.AlternateBase))
        painter.drawRect(event.rect())
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
