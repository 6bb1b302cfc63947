"""Syntax colouring of XML text: tags, attribute names, values, comments, entities and declarations.

A small hand-written scanner rather than a regex per role, because the roles depend on where the
scanner is: `a="b"` is an attribute inside a start tag but plain text between tags. The scanner's
position (in text, in a tag, in a comment …) is carried from line to line in the block state, so a
comment or a start tag spanning several lines is coloured right.

The text formats are made when first needed — the first line coloured, or `formats` read — not
with the highlighter: the XML pane of a new window shows no text, and making them brings in
QTextCharFormat and its ~130 Python enum members (a few ms of a cold start).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtGui import QPalette, QSyntaxHighlighter

from flowedit.gui import style

if TYPE_CHECKING:
    from PySide6.QtGui import QTextCharFormat, QTextDocument

# Block states: where the scanner stands at the end of a line.
TEXT, TAG, COMMENT, CDATA, META, VALUE_DQ, VALUE_SQ = range(7)

_TAG_OPEN = re.compile(r"</?[\w:.\-]*")
_NAME = re.compile(r"[\w:.\-]+")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[\w.\-]+);")
_CLOSERS = {COMMENT: ("-->", "comment"), CDATA: ("]]>", "meta"), META: (">", "meta")}


class XmlHighlighter(QSyntaxHighlighter):
    """Colours an XML QTextDocument from the palette's light or dark syntax colours."""

    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        super().__init__(document)
        self._palette = QPalette(palette)
        self._formats: dict[str, QTextCharFormat] | None = None

    @property
    def formats(self) -> dict[str, QTextCharFormat]:
        """The text format of each role (tag, attribute, value, comment, meta, entity) in the palette's colours."""
        if self._formats is None:
            roles = ("tag", "attribute", "value", "comment", "meta", "entity")
            self._formats = style.syntax_formats(self._palette, {role: role for role in roles}, bold="tag")
        return self._formats

    def set_palette(self, palette: QPalette, *, rehighlight: bool = True) -> None:
        """Take the syntax colours matching `palette` (light or dark) and recolour the document."""
        self._palette, self._formats = QPalette(palette), None
        if rehighlight:
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's virtual
        state = max(self.previousBlockState(), TEXT)
        i, n = 0, len(text)
        while i < n:
            if state in _CLOSERS:
                closer, role = _CLOSERS[state]
                i, state = self._until(text, i, i, closer, role, state)
            elif state in (VALUE_DQ, VALUE_SQ):
                quote = '"' if state == VALUE_DQ else "'"
                i, state = self._until(text, i, i, quote, "value", state, after=TAG)
            elif state == TAG:
                i, state = self._in_tag(text, i)
            else:
                i, state = self._in_text(text, i)
        self.setCurrentBlockState(state)

    def _until(self, text: str, start: int, search: int, closer: str, role: str, state: int,
               after: int = TEXT) -> tuple[int, int]:
        """Colour from `start` to the end of `closer` (searched from `search`), or to the end of the line."""
        end = text.find(closer, search)
        stop = len(text) if end < 0 else end + len(closer)
        self.setFormat(start, stop - start, self.formats[role])
        return stop, (state if end < 0 else after)

    def _in_text(self, text: str, i: int) -> tuple[int, int]:
        j = text.find("<", i)
        segment_end = len(text) if j < 0 else j
        for found in _ENTITY.finditer(text, i, segment_end):
            self.setFormat(found.start(), found.end() - found.start(), self.formats["entity"])
        if j < 0:
            return len(text), TEXT
        if text.startswith("<!--", j):
            return self._until(text, j, j + 4, "-->", "comment", COMMENT)
        if text.startswith("<![CDATA[", j):
            return self._until(text, j, j + 9, "]]>", "meta", CDATA)
        if text.startswith("<?", j) or text.startswith("<!", j):
            return self._until(text, j, j + 2, ">", "meta", META)
        found = _TAG_OPEN.match(text, j)
        end = found.end() if found else j + 1
        self.setFormat(j, end - j, self.formats["tag"])
        return end, TAG

    def _in_tag(self, text: str, i: int) -> tuple[int, int]:
        ch = text[i]
        if ch == ">" or text.startswith("/>", i):
            width = 1 if ch == ">" else 2
            self.setFormat(i, width, self.formats["tag"])
            return i + width, TEXT
        if ch in "\"'":
            state = VALUE_DQ if ch == '"' else VALUE_SQ
            return self._until(text, i, i + 1, ch, "value", state, after=TAG)
        found = _NAME.match(text, i)
        if found:
            self.setFormat(i, found.end() - i, self.formats["attribute"])
            return found.end(), TAG
        return i + 1, TAG  # whitespace and "="
