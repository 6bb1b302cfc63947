"""The XML dock: the current document's TwiML as it will be saved, editable, in step with the selection.

The text is `document_text` of the session's current document; the selected element's lines are
marked (their place in the text comes from the writer's own pass, `element_ranges`, so it is right
after edits too), and moving the caret selects the innermost element under it. Typing makes the
pane *edited*: a banner offers Apply and Revert. Apply reads the text with the hardened reader; a
text that does not read stays as typed, its error flagged at its line and told in the banner, and
the model is untouched. A text that reads replaces the document in the flow as one undoable step
(remove + add at the same path, entry kept), so undo gives back the old document object, bytes and
ids. While edits are unapplied, changes made elsewhere never overwrite the typed text; the banner
says the document changed and Revert shows it. The typed text is the session's `draft` until it is
applied or reverted, so autosave keeps it and a recovered session shows it again (`show_draft`).
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from flowedit.gui import style
from flowedit.gui.panels.xml_text import XmlText
from flowedit.gui.session import FlowSession, Ref
from flowedit.gui.timers import coalescing_timer

# The reader and writer (lxml) are imported where a document is shown or applied: the pane is made
# with the window, whose new session has no document and no model loaded yet.
if TYPE_CHECKING:
    from flowedit.io.errors import ReadError
    from flowedit.model.document import Document

_NEWLINE = re.compile("\n")
_ENCODING = re.compile(r"""\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)""")


def _plain(text: str) -> str:
    """The text as a QPlainTextEdit holds it (one kind of line break)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def encode_typed(doc: Document, text: str) -> bytes:
    """Typed text as file bytes for `doc`: its declared (else the file's) encoding, BOM and line breaks."""
    from flowedit.io.source import SourceMap

    origin = doc.origin if isinstance(doc.origin, SourceMap) else None
    if origin is not None and origin.newline == "\r\n":
        text = text.replace("\n", "\r\n")
    declared = _ENCODING.match(text)
    encoding = declared.group(1) if declared else (origin.encoding if origin is not None else "utf-8")
    try:
        data = text.encode(encoding, errors="xmlcharrefreplace")
    except LookupError:
        return text.encode("utf-8")
    bom = origin.bom if origin is not None and origin.encoding.lower() == encoding.lower() else b""
    return bom + data


class XmlPane(QWidget):
    """The editable XML of the current document (see the module docstring)."""

    editedChanged = Signal(bool)  # noqa: N815 - Qt signal naming

    def __init__(self, session: FlowSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("xmlPane")
        self.session = session
        self.document: Document | None = None  # the document whose text is shown
        self.error: ReadError | None = None  # why the last Apply failed
        self._shown = ""  # the document's text when it was shown (as the editor holds it)
        self._raw = ""  # the same, as the writer wrote it (offsets of `_ranges` count in it)
        self._starts: list[int] | None = [0]
        self._ranges: dict[int, tuple[int, int]] = {}
        self._edited = False
        self._stale = False
        self._loading = False  # the text is being set by us, not typed
        self._from_caret = False  # the selection is changing because the caret moved

        self.header = QLabel()
        self.header.setObjectName("xmlHeader")
        self.header.setContentsMargins(8, 3, 8, 3)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.banner = QFrame()
        self.banner.setObjectName("xmlBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextFormat(Qt.TextFormat.PlainText)
        self.apply_button = QPushButton("&Apply")
        self.apply_button.setToolTip("Read this text and make it the document (one undoable step)")
        self.revert_button = QPushButton("Re&vert")
        self.revert_button.setToolTip("Throw the typed changes away and show the document as it is")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 4, 4, 4)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.apply_button)
        banner_layout.addWidget(self.revert_button)
        self.banner.hide()
        self.editor = XmlText()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.editor, 1)

        self.apply_button.clicked.connect(self.apply)
        self.revert_button.clicked.connect(self.revert)
        self.editor.textChanged.connect(self._typed)
        self.editor.cursorPositionChanged.connect(self._caret_moved)
        # one refresh after a burst of model changes
        self._refresh_timer = coalescing_timer(self, 0, self.refresh)
        session.flowReplaced.connect(self._flow_replaced)
        # Only changes that can alter what the pane shows: its document's, or the flow's (a document
        # removed or renamed, the entry moved). An edit in one of 1,000 other documents leaves it be.
        session.documentChanged.connect(self._document_changed)
        session.flowChanged.connect(self._flow_changed)
        session.selectionChanged.connect(self._selection_changed)
        self.refresh()

    # -- state -----------------------------------------------------------------------------
    @property
    def edited(self) -> bool:
        """True while the text holds typed changes that are not applied."""
        return self._edited

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the text as if the user typed it (the pane becomes edited)."""
        self.editor.setPlainText(text)

    def show_draft(self, path: str, text: str) -> bool:
        """Show `text` as typed and not applied in the document at `path` (a draft recovered from an
        autosave); True when the pane now holds it as an edit (the flow has the document, and the
        text differs from it)."""
        doc = self.session.flow.documents.get(path)
        if doc is None:
            return False
        if self._edited:
            self.revert()
        self.session.select(Ref(doc))
        self.refresh()
        self.set_text(text)
        return self._edited

    def banner_text(self) -> str:
        return self.banner_label.text() if not self.banner.isHidden() else ""

    # -- showing the model -----------------------------------------------------------------
    def _flow_replaced(self) -> None:
        self.document = None
        self._set_edited(False)
        self.refresh()

    def _document_changed(self, doc: Document, _change) -> None:
        if doc is self.document or self.document is None:
            self._refresh_timer.start()

    def _flow_changed(self, _change) -> None:
        self._refresh_timer.start()

    def refresh(self) -> None:
        """Show the current document's text (unless typed changes are pending) and mark the selection."""
        self._refresh_timer.stop()
        docs = self.session.flow.documents
        if self._edited:
            from flowedit.io.writer import document_text

            gone = docs.get(self.document.path) is not self.document
            changed = gone or _plain(document_text(self.document)) != self._shown
            if changed != self._stale:
                self._stale = changed
                self._update_banner()
            return
        doc = self.session.current_document
        if not self.session.selection and self.document is not None:
            # Nothing selected (e.g. the shown document was just replaced by undo): stay at its path.
            doc = self.session.flow.documents.get(self.document.path, doc)
        self.document = doc
        if doc is None:
            self._show("", "")
            self.header.setText("No document")
            return
        from flowedit.io.writer import document_text, element_ranges

        raw = document_text(doc)
        self._show(raw, _plain(raw), marking=True)
        self._ranges = element_ranges(doc)
        entry = "  ·  entry" if self.session.flow.entry == doc.path else ""
        self.header.setText(f"{doc.path}  ·  {doc.filename}{entry}")
        self._mark_selection(move=False)

    def _show(self, raw: str, text: str, *, marking: bool = False) -> None:
        """Show `text` (`raw` as the writer wrote it); `marking`: `_mark_selection` follows at once."""
        self._raw, self._shown = raw, text
        self._starts = None  # line starts of the new text, worked out when first asked for
        self._loading = True
        try:
            self.editor.show_text(text, clear_marks=not marking)
        finally:
            self._loading = False

    @property
    def _line_starts(self) -> list[int]:
        """Offsets in `_raw` where its lines start (made on first use after each new text)."""
        if self._starts is None:
            self._starts = [0] + [found.end() for found in _NEWLINE.finditer(self._raw)]
        return self._starts

    def _selection_changed(self) -> None:
        if self._edited:
            return
        if self.session.current_document is not self.document:
            self.refresh()
        self._mark_selection(move=not self._from_caret)

    def _mark_selection(self, *, move: bool) -> None:
        doc = self.document
        refs = [r for r in self.session.selection if r.document is doc and r.eid in self._ranges]
        if doc is None or not refs:
            self.editor.mark_lines(None, move=False)
            return
        start, end = self._ranges[refs[-1].eid]
        first, last = self._line_col(start)[0], self._line_col(max(end - 1, start))[0]
        self.editor.mark_lines(first + 1, last + 1, move=False)
        if move:
            from PySide6.QtGui import QTextCursor  # here: its Python enums are made when first touched

            line, column = self._line_col(start)
            block = self.editor.document().findBlockByNumber(line)
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + min(column, max(block.length() - 1, 0)))
            self._loading = True
            try:
                self.editor.setTextCursor(cursor)
                self.editor.centerCursor()
            finally:
                self._loading = False

    def _line_col(self, offset: int) -> tuple[int, int]:
        """0-based line and column of a writer offset (line breaks as written: \\n or \\r\\n)."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line, offset - self._line_starts[line]

    def element_at(self, line: int, column: int) -> int | None:
        """The innermost node whose text contains 0-based `line`/`column` of the shown text."""
        if self._edited or line >= len(self._line_starts):
            return None
        offset = self._line_starts[line] + column
        inside = [(end - start, eid) for eid, (start, end) in self._ranges.items() if start <= offset < end]
        return min(inside)[1] if inside else None

    def _caret_moved(self) -> None:
        if self._loading or self._edited or self.document is None:
            return
        cursor = self.editor.textCursor()
        eid = self.element_at(cursor.blockNumber(), cursor.positionInBlock())
        ref = Ref(self.document, eid if eid is not None and eid != self.document.root_id else None)
        if self.session.selection[-1:] != [ref]:
            self._from_caret = True
            try:
                self.session.select(ref)
            finally:
                self._from_caret = False

    # -- editing ---------------------------------------------------------------------------
    def _typed(self) -> None:
        if self._loading:
            return
        if self.error is not None:
            self.error = None
            self.editor.set_error(None)
        text = self.editor.toPlainText()
        self._set_edited(text != self._shown or self._stale)
        if self._edited:  # the session keeps it as work of the user's: autosaved, and recovered
            self.session.set_draft(self.document, text)

    def _set_edited(self, edited: bool) -> None:
        changed = edited != self._edited
        self._edited = edited
        if not edited:
            self._stale = False
            self.error = None
            self.editor.set_error(None)
            self.session.set_draft(None)
        self._update_banner()
        if changed:
            self.editedChanged.emit(edited)

    def _update_banner(self) -> None:
        if not self._edited:
            self.banner.hide()
            return
        if self.error is not None:
            err = self.error
            hint = f" ({err.hint})" if err.hint else ""
            message = f"Line {err.line}, column {err.column}: {err.message}{hint}. Nothing was changed."
        elif self._stale:
            message = "The document changed elsewhere; Revert to see it (Apply replaces it with this text)."
        else:
            message = "Edited: Apply to make this text the document, or Revert."
        self.banner_label.setText(message)
        colour = (style.kind_colour("missing", self.palette()) if self.error is not None
                  else style.badge_colours(self.palette())[1])
        self.banner.setStyleSheet(f"QFrame#xmlBanner {{ background: rgba({colour.red()}, {colour.green()}, "
                                  f"{colour.blue()}, 40); border: none; }}")
        self.banner.show()

    def apply(self) -> bool:
        """Make the typed text the document, as one undoable step; False (error flagged) when it does not read."""
        doc = self.document
        if not self._edited or doc is None:
            return True
        from flowedit.io.errors import ReadError
        from flowedit.io.reader import read_document

        flow = self.session.flow
        if flow.documents.get(doc.path) is not doc:
            self.error = ReadError(doc.filename, 1, 1, f"{doc.path} is no longer part of the flow",
                                   "Revert, or add the document again")
            self._update_banner()
            return False
        text = self.editor.toPlainText()
        try:
            new = read_document(encode_typed(doc, text), doc.path, file=doc.filename, suffix=doc.suffix)
        except ReadError as err:
            self.error = err
            self.editor.set_error(err.line, err.column)
            self._update_banner()
            return False
        new.filename = doc.filename
        cursor = self.editor.textCursor()
        caret = (cursor.blockNumber(), cursor.positionInBlock())
        path, entry = doc.path, flow.entry == doc.path

        def action():
            changes = [(flow, flow.remove_document(path)), (flow, flow.add_document(new))]
            if entry:
                changes.append((flow, flow.set_entry(path)))
            return changes

        if not self.session.edit(f"Edit XML of {path}", action):
            return False
        self._set_edited(False)
        self.document = new
        self.session.select(Ref(new))
        self.refresh()
        eid = self.element_at(*caret)
        if eid is not None and eid != new.root_id:
            self._from_caret = True
            try:
                self.session.select(Ref(new, eid))
            finally:
                self._from_caret = False
        return True

    def revert(self) -> None:
        """Drop the typed changes and show the current document as it is."""
        self._set_edited(False)
        if self.document is not None and self.session.flow.documents.get(self.document.path) is not self.document:
            self.document = None
        self.refresh()
