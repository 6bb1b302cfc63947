"""The source map: where each node of a parsed document stood in its file, and how it was spelled.

lxml keeps the values of a document but not its spelling (quote style, character references, CDATA,
`<X/>` against `<X></X>`, the line endings). To write untouched parts back byte for byte, reading
records for every node its raw start tag, text, end tag and tail, together with the values lxml gave
them. The writer (`flowedit.io.writer`) emits the raw spelling wherever the current value still equals
the recorded one, and fresh markup only where the user changed something.

The scanner here runs only on text lxml has already accepted as well-formed and DOCTYPE-free, so it
needs to know just the token shapes of such XML; a mismatch with lxml's tree is reported, not guessed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from lxml import etree

from flowedit.twiml.kinds import XML_NS

_TOKEN = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<cdata><!\[CDATA\[.*?\]\]>)"
    r"|(?P<pi><\?.*?\?>)"
    r"|(?P<end></[^\s>]+\s*>)"
    r"|(?P<start><(?P<name>[^\s/>!?]+)(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)(?P<close>\s*/?>))"
    r"|(?P<text>[^<]+)",
    re.S,
)
_ATTR = re.compile(r"(\s+)([^\s=/>]+)(\s*=\s*)(?:(\")([^\"]*)\"|(')([^']*)')")


class SourceMismatch(Exception):
    """The scanner and lxml disagree about the document's nodes (a flowedit bug, reported as such)."""


@dataclass
class AttrToken:
    """One attribute as written: `lead` whitespace, `name`, the `eq` part, the quote and raw value."""

    key: str | None  # lxml's attribute key; None for namespace declarations (xmlns, xmlns:p)
    lead: str
    name: str
    eq: str
    quote: str
    raw: str

    def text(self, raw_value: str | None = None) -> str:
        value = self.raw if raw_value is None else raw_value
        return f"{self.lead}{self.name}{self.eq}{self.quote}{value}{self.quote}"


@dataclass
class NodeSource:
    """How one node was written. For comments and PIs only `whole`, `text` and the tail are used."""

    start: int  # offset of the node's first character in the decoded source
    end: int = -1  # offset just after the node
    head: str = ""  # "<Name" of an element
    tokens: list[AttrToken] = field(default_factory=list)
    close: str = ">"  # the "\s*/?>" that ends the start tag
    self_closing: bool = False
    start_raw: str = ""  # the whole start tag (for elements) or the whole comment / PI
    text_raw: str = ""  # raw content between the start tag and the first child
    end_raw: str = ""  # the end tag, "" when self-closing
    tail_raw: str = ""  # raw content after the node up to the next sibling or the parent's end tag
    attrs: tuple[tuple[str, str], ...] = ()  # lxml's attribute items when read
    text: str | None = None  # lxml's text when read
    tail: str | None = None  # lxml's tail when read
    children: list[NodeSource] = field(default_factory=list)
    content_start: int = -1
    content_end: int = -1


@dataclass
class SourceMap:
    """Per-document record of the file as read: encoding, BOM, line endings and each node's spelling.

    The per-node spelling (`nodes`) is built on first use, not at reading: `flowedit check` and the
    editor's first paint of a large flow read every file but need the spelling of none (a finding's
    position falls back to lxml's line until then). It must be built from the tree *as read*, so the
    document calls `prepare()` before its first change (see `Document._apply_raw`). `root`/`start` say
    what to scan; a map made with `nodes` given is complete from the start.
    """

    encoding: str  # Python codec name used to decode and encode
    bom: bytes
    newline: str  # "\r\n" when the file used CRLF line ends, else "\n"
    data: bytes  # the file's bytes as read (returned as they are when nothing changed)
    _nodes: dict[etree._Element, NodeSource] | None = None
    revision: int = 0  # the document revision these bytes correspond to
    text: str = ""  # the decoded source, for locating nodes by line and column
    root: etree._Element | None = field(default=None, repr=False)  # the root as read, for the lazy scan
    start: int = 0  # offset of the root's start tag in `text`
    mismatch: str | None = None  # why the spelling could not be mapped (a flowedit bug), when it could not
    _line_starts: list[int] | None = field(default=None, repr=False)

    @property
    def nodes(self) -> dict[etree._Element, NodeSource]:
        """Each node's source, scanned and paired with the tree on first use."""
        if self._nodes is None:
            self.prepare()
        return self._nodes

    def prepare(self) -> None:
        """Build the per-node spelling now, while the tree is as read (called before the first edit).
        A scanner/lxml mismatch leaves the map empty: untouched files still save byte for byte (from
        `data`), and an edited one is written afresh rather than from misread spans."""
        if self._nodes is not None:
            return
        self._nodes = {}
        if self.root is None:
            return
        try:
            source, _end = scan(self.text, self.start)
            self._nodes = pair(self.text, self.root, source)
        except SourceMismatch as err:
            self.mismatch = str(err)

    def locate(self, node: etree._Element, part: str | None = None) -> tuple[int, int] | None:
        """1-based (line, column) in the file of a node's start tag, its text (`part="#text"`) or
        one of its attributes (`part` = the attribute's name as written); None for new nodes."""
        src = self.nodes.get(node)
        if src is None:
            return None
        offset = src.start
        if part == "#text":  # the first character of the text itself, past its indentation
            if src.content_start >= 0:
                raw = src.text_raw
                offset = src.content_start + len(raw) - len(raw.lstrip()) if raw.strip() else src.content_start
            else:
                offset = src.start
        elif part is not None:
            offset += len(src.head)
            for token in src.tokens:
                if token.name == part:
                    offset += len(token.lead)
                    break
                offset += len(token.text())
            else:
                offset = src.start
        if self._line_starts is None:
            self._line_starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1


def _attr_key(name: str, nsmap: dict) -> str | None:
    if name == "xmlns" or name.startswith("xmlns:"):
        return None
    if ":" in name:
        prefix, local = name.split(":", 1)
        uri = XML_NS if prefix == "xml" else nsmap.get(prefix)
        return f"{{{uri}}}{local}"
    return name


def scan(text: str, root_start: int) -> tuple[NodeSource, int]:
    """Scan the root element starting at `root_start`; return its source tree and the offset after it."""
    stack: list[NodeSource] = []
    root: NodeSource | None = None
    pos = root_start
    for match in _TOKEN.finditer(text, root_start):
        kind = "start" if match.group("start") is not None else match.lastgroup
        if kind in ("text", "cdata"):
            continue
        if kind in ("comment", "pi"):
            node = NodeSource(match.start(), match.end(), start_raw=match.group(0))
            stack[-1].children.append(node)
        elif kind == "start":
            close = match.group("close")
            node = NodeSource(match.start(), head="<" + match.group("name"), close=close,
                              self_closing=close.endswith("/>"), start_raw=match.group(0))
            attrs = match.group("attrs")
            node.tokens = [AttrToken(None, lead, name, eq, dq or sq, dv if dq else sv)
                           for lead, name, eq, dq, dv, sq, sv in _ATTR.findall(attrs)] if attrs else []
            node.content_start = match.end()
            if stack:
                stack[-1].children.append(node)
            else:
                root = node
            if node.self_closing:
                node.end = match.end()
                node.content_end = match.end()
            else:
                stack.append(node)
        elif kind == "end":
            node = stack.pop()
            node.content_end = match.start()
            node.end = match.end()
            node.end_raw = match.group(0)
        if not stack:
            pos = match.end()
            break
    if root is None or stack:
        raise SourceMismatch("the scanner found no complete root element")
    return root, pos


def pair(text: str, root: etree._Element, source: NodeSource) -> dict[etree._Element, NodeSource]:
    """Match lxml's nodes with the scanned sources (same shapes, same order) and fill in raw spans."""
    nodes: dict[etree._Element, NodeSource] = {}
    work = [(root, source)]
    while work:
        element, src = work.pop()
        nodes[element] = src
        children = list(element)
        if len(children) != len(src.children):
            raise SourceMismatch(f"line {element.sourceline}: {len(children)} child nodes in lxml, "
                                 f"{len(src.children)} in the source")
        src.text = element.text
        src.tail = element.tail
        if isinstance(element.tag, str):
            for token in src.tokens:
                token.key = _attr_key(token.name, element.nsmap)
            src.attrs = tuple(element.attrib.items())
            if [t.key for t in src.tokens if t.key is not None] != [k for k, _ in src.attrs]:
                raise SourceMismatch(f"line {element.sourceline}: attributes differ from the source")
            first = src.children[0].start if src.children else src.content_end
            src.text_raw = "" if src.self_closing else text[src.content_start:first]
        for index, (child, child_src) in enumerate(zip(children, src.children)):
            is_element = isinstance(child.tag, str)
            if is_element != (child_src.head != ""):
                raise SourceMismatch(f"line {child.sourceline}: node kinds differ from the source")
            following = src.children[index + 1].start if index + 1 < len(src.children) else src.content_end
            child_src.tail_raw = text[child_src.end:following]
            work.append((child, child_src))
    return nodes
