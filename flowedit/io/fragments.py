"""TwiML fragments: the text the clipboard carries, and parsing pasted text back into elements.

Copying writes each selected element as it would be saved (its own spelling where it is untouched),
so a copied `<Dial>` pastes into a text editor as TwiML. Pasting accepts a whole document
(`<Response>…</Response>`, with or without a declaration) or bare elements (`<Client>joey</Client>`,
several in a row), through the same hardened parser as files; text that is not TwiML gives a
located `ReadError`.
"""

from __future__ import annotations

import re

from lxml import etree

from flowedit.io.errors import ReadError
from flowedit.io.reader import MAX_BYTES, hardened_parser
from flowedit.io.writer import element_text
from flowedit.model.document import Document

_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_FORBIDDEN = re.compile(r"<!(DOCTYPE|ENTITY)", re.I)
_WRAP = "<Response>"


def fragment_text(doc: Document, eids: list[int]) -> str:
    """The elements `eids` of `doc` as TwiML text, one after another (a final newline after each)."""
    return "".join(element_text(doc, eid) + "\n" for eid in eids)


def parse_fragment(text: str, *, source: str = "clipboard") -> list[etree._Element]:
    """Detached elements from pasted text: the children of a pasted <Response>, or the bare elements.

    Comments between elements are dropped; text between them that is not whitespace is an error.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ReadError(source, 1, 1, "the text is too large to be TwiML", "paste a smaller part", reason="too-large")
    forbidden = _FORBIDDEN.search(text)
    if forbidden:
        line = text.count("\n", 0, forbidden.start()) + 1
        raise ReadError(source, line, 1, "DOCTYPE and entity declarations are refused",
                        "TwiML needs none; remove the declaration", reason="forbidden")
    body = _DECLARATION.sub(lambda m: "\n" * m.group(0).count("\n"), text, count=1)
    stripped = body.lstrip()
    try:
        root = etree.fromstring(body.encode("utf-8"), hardened_parser()) if stripped.startswith("<Response") \
            else None
    except etree.XMLSyntaxError:
        root = None
    if root is None or root.tag != "Response":
        wrapped = f"{_WRAP}{body}</Response>"
        try:
            root = etree.fromstring(wrapped.encode("utf-8"), hardened_parser())
        except etree.XMLSyntaxError as err:
            line, column = err.position if err.position else (1, 1)
            if line == 1:
                column = max(column - len(_WRAP), 1)
            message = re.sub(r",? line \d+, column \d+$", "", err.msg or "not well-formed XML")
            raise ReadError(source, line, column, message, "paste TwiML elements, e.g. <Client>joey</Client>") \
                from None
    if (root.text or "").strip() or any((child.tail or "").strip() for child in root):
        raise ReadError(source, 1, 1, "the text holds words outside any element",
                        "paste TwiML elements only, e.g. <Number>+14155550100</Number>")
    elements = []
    for child in list(root):
        root.remove(child)
        child.tail = None
        if isinstance(child.tag, str):
            elements.append(child)
    if not elements:
        raise ReadError(source, 1, 1, "the text holds no TwiML element", "copy an element such as <Dial>…</Dial>")
    return elements
