"""Formatting: a document re-indented with two spaces per level, comments kept.

This is a deliberate rewrite (the `flowedit fmt` command, and later the editor's "Format document"),
the one place where flowedit changes bytes the user did not edit. Indentation uses lxml's
`etree.indent`; text that is not whitespace is never touched, and elements that mix words with markup
(SSML inside `<Say>`) keep their inner spacing exactly, since it is part of what is spoken.
Output is UTF-8 with the declaration every Twilio helper library writes, in the file's line endings.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from flowedit.model.document import Document

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
_PROLOG_ITEM = re.compile(r"<\?.*?\?>|<!--.*?-->", re.S)


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _mixed(element: etree._Element) -> bool:
    """True when words stand beside child markup (their spacing must stay as written)."""
    return len(element) > 0 and (not _blank(element.text) or any(not _blank(c.tail) for c in element))


def formatted_text(doc: Document) -> str:
    """The document re-indented with two spaces per level (the text `flowedit fmt` writes)."""
    newline = getattr(doc.origin, "newline", "\n")
    root = copy.deepcopy(doc.root)
    kept = []  # (node, text, tail, restore tail?) inside mixed content, restored after indenting
    for element in root.iter():
        if isinstance(element.tag, str) and _mixed(element):
            kept.append((element, element.text, None, False))
            kept.extend((node, node.text, node.tail, True) for node in element.iterdescendants())
    etree.indent(root, space="  ")
    for node, text, tail, restore_tail in kept:
        node.text = text
        if restore_tail:
            node.tail = tail
    body = etree.tostring(root, encoding="unicode")
    prolog_items = [m.group(0) for m in _PROLOG_ITEM.finditer(doc.prolog)]
    lines = [DECLARATION if item.startswith("<?xml ") else item for item in prolog_items]
    epilog_items = [m.group(0) for m in _PROLOG_ITEM.finditer(doc.epilog)]
    text = "\n".join(lines + [body] + epilog_items) + "\n"
    return text.replace("\n", newline) if newline != "\n" else text


def formatted_bytes(doc: Document) -> bytes:
    return formatted_text(doc).encode("utf-8")
