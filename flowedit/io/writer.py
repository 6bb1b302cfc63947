"""Lossless writing: a document back to bytes, changing only the bytes of what was edited.

For every node the writer compares the current values with those recorded when the file was read
(`flowedit.io.source`): an unchanged start tag, text, tail or end tag is copied from the source as it
was spelled; a changed one is written afresh, keeping what it can (the other attributes' spelling and
quotes, the file's line endings and encoding). Nodes that did not come from the file (new ones) are
written the way the Twilio helper libraries write TwiML: double quotes, `<X/>` for an empty element.
"""

from __future__ import annotations

from lxml import etree

from flowedit.io.source import NodeSource, SourceMap
from flowedit.model.document import Document, qualified_name


def _escape_text(value: str) -> str:
    # A raw CR would be read back as a line feed (and CRLF files would gain a blank line): escape it.
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _escape_attr(value: str, quote: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;")
    value = value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return value.replace('"', "&quot;") if quote == '"' else value.replace("'", "&apos;")


class _Writer:
    def __init__(self, doc: Document, origin: SourceMap | None) -> None:
        self.doc = doc
        self.nodes = origin.nodes if origin is not None else {}
        self.newline = origin.newline if origin is not None else "\n"
        self.out: list[str] = []
        self.pieces: dict[etree._Element, tuple[int, int]] | None = None  # node → (first, end) index in out

    def fresh(self, value: str) -> str:
        """Text written anew: escaped, with the file's line endings."""
        text = _escape_text(value)
        return text.replace("\n", self.newline) if self.newline != "\n" else text

    def start_tag(self, element: etree._Element, src: NodeSource | None, closing: str) -> str:
        items = list(element.attrib.items())
        if src is not None:
            if tuple(items) == src.attrs and closing == src.close:
                return src.start_raw
            values = dict(items)
            parts = [src.head]
            for token in src.tokens:
                if token.key is None:  # namespace declaration: always kept as written
                    parts.append(token.text())
                elif token.key in values:
                    old = dict(src.attrs).get(token.key)
                    new = values.pop(token.key)
                    parts.append(token.text() if new == old else token.text(_escape_attr(new, token.quote)))
            for key, value in items:
                if key in values:  # added since reading: after the others, as the libraries do
                    parts.append(f' {qualified_name(element, key)}="{_escape_attr(value, chr(34))}"')
            return "".join(parts) + closing
        attrs = "".join(f' {qualified_name(element, k)}="{_escape_attr(v, chr(34))}"' for k, v in items)
        return f"<{self.doc.tag(self.doc.eid(element))}{attrs}{closing}"

    def node(self, node: etree._Element) -> None:
        first = len(self.out)
        self._node(node)
        if self.pieces is not None:
            self.pieces[node] = (first, len(self.out))

    def _node(self, node: etree._Element) -> None:
        src = self.nodes.get(node)
        if isinstance(node, etree._Comment):
            same = src is not None and node.text == src.text
            self.out.append(src.start_raw if same else f"<!--{node.text or ''}-->")
            return
        if isinstance(node, etree._ProcessingInstruction):
            same = src is not None and node.text == src.text
            text = f" {node.text}" if node.text else ""
            self.out.append(src.start_raw if same else f"<?{node.target}{text}?>")
            return
        empty = not node.text and len(node) == 0
        if src is not None and src.self_closing and empty:
            self.out.append(self.start_tag(node, src, src.close))
            return
        if src is None and empty:
            self.out.append(self.start_tag(node, None, "/>"))
            return
        if src is not None and src.self_closing:
            closing = src.close[:-2].rstrip() + ">"  # gained content: <X .../> becomes <X ...>…</X>
        else:
            closing = src.close if src is not None else ">"
        self.out.append(self.start_tag(node, src, closing))
        if src is not None and not src.self_closing and node.text == src.text:
            self.out.append(src.text_raw)
        elif node.text:
            self.out.append(self.fresh(node.text))
        for child in node:
            self.node(child)
            child_src = self.nodes.get(child)
            if child_src is not None and child.tail == child_src.tail:
                self.out.append(child_src.tail_raw)
            elif child.tail:
                self.out.append(self.fresh(child.tail))
        if src is not None and not src.self_closing:
            self.out.append(src.end_raw)
        else:
            self.out.append(f"</{self.doc.tag(self.doc.eid(node))}>")


def _write(doc: Document, *, record: bool = False) -> _Writer:
    origin = doc.origin if isinstance(doc.origin, SourceMap) else None
    writer = _Writer(doc, origin)
    if record:
        writer.pieces = {}
    writer.out.append(doc.prolog)
    writer.node(doc.root)
    writer.out.append(doc.epilog)
    return writer


def document_text(doc: Document) -> str:
    """The document as text: the source's own spelling wherever nothing was edited."""
    return "".join(_write(doc).out)


def element_ranges(doc: Document) -> dict[int, tuple[int, int]]:
    """Node id → (start, end) character offsets in `document_text(doc)`, from the same writer pass:
    where each element (start tag to end tag) or comment is in the text as it is now, edited or not."""
    writer = _write(doc, record=True)
    offsets = [0]
    for piece in writer.out:
        offsets.append(offsets[-1] + len(piece))
    return {doc.eid(node): (offsets[first], offsets[end]) for node, (first, end) in writer.pieces.items()}


def element_spans(doc: Document) -> dict[int, tuple[int, int]]:
    """Node id → (first line, last line), 1-based, of each node in `document_text(doc)`."""
    writer = _write(doc, record=True)
    lines = [1]  # the line on which each piece starts
    for piece in writer.out:
        lines.append(lines[-1] + piece.count("\n"))
    spans = {}
    for node, (first, end) in writer.pieces.items():
        last = lines[end] - (1 if end > first and writer.out[end - 1].endswith("\n") else 0)
        spans[doc.eid(node)] = (lines[first], max(last, lines[first]))
    return spans


def document_bytes(doc: Document) -> bytes:
    """The document as bytes in its own encoding; byte-identical to the file when nothing changed."""
    origin = doc.origin if isinstance(doc.origin, SourceMap) else None
    if origin is not None and doc.revision == origin.revision:
        return origin.data
    text = document_text(doc)
    if origin is None:
        return text.encode("utf-8")
    return origin.bom + text.encode(origin.encoding, errors="xmlcharrefreplace")


def element_text(doc: Document, eid: int) -> str:
    """One element (and its subtree) as it would be saved, without the text that follows it."""
    origin = doc.origin if isinstance(doc.origin, SourceMap) else None
    writer = _Writer(doc, origin)
    writer.newline = "\n"  # a fragment is for the clipboard: plain line feeds
    writer.node(doc.node(eid))
    text = "".join(writer.out)
    return text.replace("\r\n", "\n") if origin is not None and origin.newline == "\r\n" else text
