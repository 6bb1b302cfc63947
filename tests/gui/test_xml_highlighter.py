"""The XML syntax colours: which characters get which role, across lines, in light and dark palettes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette, QTextDocument

from flowedit.gui import style
from flowedit.gui.xml_highlighter import XmlHighlighter

pytestmark = pytest.mark.gui


def roles(text: str, palette: QPalette | None = None) -> list[dict[int, str]]:
    """For each line of `text`, the syntax role of each coloured character position."""
    palette = palette or QPalette()
    doc = QTextDocument()
    doc.setPlainText(text)
    highlighter = XmlHighlighter(doc, palette)
    highlighter.rehighlight()
    by_colour = {highlighter.formats[r].foreground().color().name(): r for r in highlighter.formats}
    lines = []
    block = doc.begin()
    while block.isValid():
        found = {}
        for span in block.layout().formats():
            for pos in range(span.start, span.start + span.length):
                found[pos] = by_colour[span.format.foreground().color().name()]
        lines.append(found)
        block = block.next()
    return lines


def spans(line: str, found: dict[int, str], role: str) -> list[str]:
    """The runs of `line` coloured as `role`."""
    runs, current = [], ""
    for pos, ch in enumerate(line):
        if found.get(pos) == role:
            current += ch
        elif current:
            runs.append(current)
            current = ""
    return runs + ([current] if current else [])


def test_tags_attributes_values_and_text():
    line = '<Dial action="/next" timeout=\'20\'>+1415 a=b &amp; c</Dial>'
    (found,) = roles(line)
    assert spans(line, found, "tag") == ["<Dial", ">", "</Dial>"]
    assert spans(line, found, "attribute") == ["action", "timeout"]
    assert spans(line, found, "value") == ['"/next"', "'20'"]
    assert spans(line, found, "entity") == ["&amp;"]
    assert "a=b" not in "".join(spans(line, found, "attribute"))  # text between tags is not an attribute


def test_comments_and_start_tags_span_lines():
    text = '<!-- one\ntwo -->\n<Client\n  url="/screen"\n  method="POST"/>\n<Say>hi</Say>'
    lines = text.split("\n")
    found = roles(text)
    assert spans(lines[0], found[0], "comment") == ["<!-- one"]
    assert spans(lines[1], found[1], "comment") == ["two -->"]
    assert spans(lines[3], found[3], "attribute") == ["url"]
    assert spans(lines[4], found[4], "tag") == ["/>"]
    assert spans(lines[5], found[5], "tag") == ["<Say>", "</Say>"]
    assert "hi" not in "".join(spans(lines[5], found[5], "comment"))


def test_declarations_and_cdata():
    text = '<?xml version="1.0"?>\n<Say><![CDATA[a < b]]></Say>'
    first, second = text.split("\n")
    found = roles(text)
    assert spans(first, found[0], "meta") == [first]
    assert spans(second, found[1], "meta") == ["<![CDATA[a < b]]>"]


def test_dark_palette_gets_the_dark_colours():
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    doc = QTextDocument()
    highlighter = XmlHighlighter(doc, dark)
    assert style.is_dark(dark)
    assert highlighter.formats["tag"].foreground().color() == style.xml_colour("tag", dark)
    assert style.xml_colour("tag", dark) != style.xml_colour("tag", QPalette(QColor("#ffffff")))
