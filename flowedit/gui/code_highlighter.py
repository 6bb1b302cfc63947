"""Syntax colouring of the Code dock's Python and Node.js text: keywords, strings, numbers, comments.

Line by line with a few regular expressions, which is enough for the helper-library code the
exporter writes (no multi-line strings, no template literals spanning lines). It borrows the XML
pane's colour roles from `style` so both panes read as one family: keywords as tags, names being
called as attributes, strings as values, comments as comments, numbers as entities.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from flowedit.gui import style

_KEYWORDS = {
    "python": ("and as assert async await break class continue def del elif else except False finally for "
               "from global if import in is lambda None nonlocal not or pass raise return True try while "
               "with yield print").split(),
    "node": ("async await break case catch class const continue default delete do else export extends false "
             "finally for function if import in instanceof let new null of return require static super switch "
             "this throw true try typeof undefined var void while yield console module").split(),
}
_COMMENT = {"python": re.compile(r"#.*$"), "node": re.compile(r"//.*$")}
_STRING = re.compile(r"""(?:[rbfRBF]{0,2})("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|`(?:[^`\\]|\\.)*`?)""")
_NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")
_CALL = re.compile(r"\b([A-Za-z_]\w*)\s*(?=\()")
# (role in this highlighter, XML colour role it borrows)
_ROLES = {"keyword": "tag", "call": "attribute", "string": "value", "comment": "comment", "number": "entity"}


class CodeHighlighter(QSyntaxHighlighter):
    """Colours a QTextDocument holding Python (`language` "python") or JavaScript ("node")."""

    def __init__(self, document: QTextDocument, palette: QPalette, language: str = "python") -> None:
        super().__init__(document)
        self.language = language
        self.formats: dict[str, QTextCharFormat] = {}
        self.set_palette(palette, rehighlight=False)

    def set_palette(self, palette: QPalette, *, rehighlight: bool = True) -> None:
        """Take the colours matching `palette` (light or dark) and recolour the text."""
        self.formats = style.syntax_formats(palette, _ROLES, bold="keyword")
        if rehighlight:
            self.rehighlight()

    def set_language(self, language: str) -> None:
        if language != self.language:
            self.language = language
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's virtual
        keywords = set(_KEYWORDS.get(self.language, ()))
        taken: list[tuple[int, int]] = []  # strings and comments: nothing inside them is re-coloured

        def free(start: int, end: int) -> bool:
            return all(end <= a or start >= b for a, b in taken)

        comment_rule = _COMMENT.get(self.language, _COMMENT["python"])
        position = 0
        while position < len(text):
            string = _STRING.search(text, position)
            comment = comment_rule.search(text, position)
            if comment is not None and (string is None or comment.start() < string.start()):
                self._paint(comment.start(), len(text), "comment", taken)
                break
            if string is None:
                break
            self._paint(string.start(), string.end(), "string", taken)
            position = max(string.end(), string.start() + 1)
        for found in _CALL.finditer(text):
            if free(found.start(1), found.end(1)) and found.group(1) not in keywords:
                self._paint(found.start(1), found.end(1), "call", None)
        for found in re.finditer(r"\b[A-Za-z_]\w*\b", text):
            if found.group() in keywords and free(found.start(), found.end()):
                self._paint(found.start(), found.end(), "keyword", None)
        for found in _NUMBER.finditer(text):
            if free(found.start(), found.end()):
                self._paint(found.start(), found.end(), "number", None)

    def _paint(self, start: int, end: int, role: str, taken: list[tuple[int, int]] | None) -> None:
        self.setFormat(start, end - start, self.formats[role])
        if taken is not None:
            taken.append((start, end))
