"""Hardened reading of TwiML files into `Document`s.

Every read goes through one parser configuration (`hardened_parser`): no DTD loading, no entity
resolution, no network, libxml2's size and depth limits kept, comments, PIs and CDATA preserved.
Before lxml sees a byte, files larger than `MAX_BYTES`, empty files, binary data, undecodable text and
DOCTYPE/ENTITY declarations are refused with a located, one-line `ReadError`, so hostile input never
reaches the parser's expensive paths. What is accepted is recorded in a `SourceMap` so that writing
can be lossless.
"""

from __future__ import annotations

import codecs
import os
import re
from functools import lru_cache
import threading
from pathlib import Path

from lxml import etree

from flowedit.io.errors import ReadError, position
from flowedit.io.source import SourceMap, SourceMismatch, pair, scan
from flowedit.model.document import Document

# Twilio accepts at most 64 kB of TwiML; anything past a few megabytes is not a TwiML document.
MAX_BYTES = 8 * 1024 * 1024
# Reading costs Python work per node and lxml's attribute access is quadratic in an element's
# attribute count, so a few megabytes of tiny tags (or one tag with 100,000 attributes) would take
# many seconds and gigabytes. 64 kB of TwiML holds at most ~21,000 tags and no element has more than
# a few dozen attributes; these bounds lie above both.
MAX_MARKUP = 30_000  # "<" characters: an upper bound of the number of nodes
MAX_EQUALS = 100_000  # "=" characters: an upper bound of the number of attributes
MAX_ATTRIBUTES = 256  # attributes on one element

_local = threading.local()
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_LXML_POSITION = re.compile(r",? line \d+, column \d+$")
_HINTS = (
    ("Excessive depth", "TwiML nests a few levels deep; this file nests deeper than libxml2's limit of 256"),
    ("not defined", "only &amp; &lt; &gt; &quot; &apos; and character references are allowed; write & as &amp;"),
    ("EntityRef", "write a literal & as &amp; (also inside URLs)"),
    ("Document is empty", "a TwiML document starts with <Response>"),
    ("Start tag expected", "a TwiML document starts with <Response>"),
    ("tag mismatch", "close each element with its own end tag"),
    ("Premature end", "the file ends before all elements are closed; close them"),
    ("Extra content at the end", "a document has exactly one root element, <Response>"),
    ("Invalid bytes in character encoding", "save the file as UTF-8"),
    ("XML declaration allowed only at the start", "remove what stands before <?xml …?>"),
)


def hardened_parser() -> etree.XMLParser:
    """The one parser configuration used for every read (one instance per thread: lxml's are not shared)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
            huge_tree=False, remove_blank_text=False, strip_cdata=False, remove_comments=False,
            remove_pis=False, collect_ids=False,
        )
        _local.parser = parser
    return parser


@lru_cache(maxsize=64)
def _codec(name: str) -> str:
    """Python's name of the codec a file declares (LookupError when there is none)."""
    return codecs.lookup(name).name


def _decode(data: bytes, file: str) -> tuple[str, str, bytes]:
    """The text, the codec and the BOM of a file's bytes, or a ReadError saying why they are not text."""
    bom, encoding = b"", "utf-8"
    for mark, name in _BOMS if data[:1] in b"\xef\xff\xfe" else ():  # only these begin a BOM
        if data.startswith(mark):
            bom, encoding = mark, name
            break
    else:
        declared = _DECLARED.match(data, 0, 512)
        if declared:
            name = declared.group(1).decode("ascii")
            try:
                encoding = _codec(name)
            except LookupError:
                raise ReadError(file, 1, declared.start(1) + 1, f"unknown encoding {name!r}",
                                "declare encoding=\"UTF-8\" and save the file as UTF-8") from None
    body = data[len(bom):] if bom else data
    if not encoding.startswith("utf-16"):
        nul = body.find(b"\x00")
        if nul >= 0:
            line, col = position(body, nul)
            raise ReadError(file, line, col, "this is not a text file (it holds a NUL byte)",
                            "a TwiML document is UTF-8 text starting with <Response>")
    try:
        return body.decode(encoding), encoding, bom
    except UnicodeDecodeError as err:
        line, col = position(body, err.start)
        raise ReadError(file, line, col, f"byte 0x{body[err.start]:02X} is not valid {encoding.upper()}",
                        "save the file as UTF-8") from None


def _root_start(text: str, file: str) -> int:
    """Offset of the root start tag; refuses DOCTYPE and ENTITY declarations in the prolog."""
    index = 0
    while True:
        match = _PROLOG_ITEM.match(text, index)
        if not match or match.end() == index:
            break
        index = match.end()
    if text.startswith("<!DOCTYPE", index) or text.startswith("<!ENTITY", index):
        line, col = position(text, index)
        raise ReadError(file, line, col, "DOCTYPE and entity declarations are refused",
                        "TwiML needs none; remove the <!DOCTYPE …> declaration", reason="forbidden")
    return index


def _nth(text: str, char: str, n: int) -> int:
    """Offset of the `n`-th occurrence (1-based) of `char` in `text`."""
    offset = -1
    for _ in range(n):
        offset = text.find(char, offset + 1)
    return offset


def _syntax_error(err: etree.XMLSyntaxError, file: str) -> ReadError:
    message = _LXML_POSITION.sub("", err.msg or "not well-formed XML").strip()
    # libxml2 appends the offending text to some messages on further lines ("CData section not
    # finished\n<the CDATA so far>"): a message is one line, so keep the first (found by fuzzing).
    message = message.splitlines()[0].strip() if message else "not well-formed XML"
    line, column = err.position if err.position else (1, 1)
    hint = next((h for key, h in _HINTS if key in message), "fix the XML at this position")
    return ReadError(file, max(line, 1), max(column, 1), message, hint)


def read_document(data: bytes, path: str, *, file: str = "<input>", suffix: str = ".xml") -> Document:
    """Parse one TwiML document from bytes; `file` names it in error messages."""
    if not data:
        raise ReadError(file, 1, 1, "the file is empty", "a TwiML document starts with <Response>")
    if len(data) > MAX_BYTES:
        raise ReadError(file, 1, 1, f"the file is {len(data) / 1e6:.1f} MB; flowedit reads documents up to "
                        f"{MAX_BYTES // (1024 * 1024)} MB", "Twilio itself accepts at most 64 kB of TwiML",
                        reason="too-large")
    text, encoding, bom = _decode(data, file)
    start = _root_start(text, file)
    # A count only when the text is long enough to exceed it (counting costs a pass over the text).
    length = len(text)
    counts = {"<": text.count("<") if length > MAX_MARKUP else 0,
              "=": text.count("=") if length > MAX_ATTRIBUTES else 0}
    for char, limit, what in (("<", MAX_MARKUP, "tags"), ("=", MAX_EQUALS, "attributes")):
        if counts[char] > limit:
            line, col = position(text, _nth(text, char, limit + 1))
            raise ReadError(file, line, col, f"the file has more than {limit:,} {what}",
                            "Twilio itself accepts at most 64 kB of TwiML", reason="too-large")
    try:
        root = etree.fromstring(data, hardened_parser())
    except etree.XMLSyntaxError as err:
        raise _syntax_error(err, file) from None
    # Each attribute needs an "=": with no more of them in the whole file than one element may have
    # attributes (every real document), no element can have too many, and the walk is not needed.
    for element in root.iter(etree.Element) if counts["="] > MAX_ATTRIBUTES else ():
        if len(element.attrib) > MAX_ATTRIBUTES:
            raise ReadError(file, element.sourceline or 1, 1, f"<{element.tag}> has more than "
                            f"{MAX_ATTRIBUTES} attributes", "no TwiML element has more than a few dozen",
                            reason="too-large")
    origin = SourceMap(encoding=encoding, bom=bom, newline="\r\n" if "\r" in text and "\r\n" in text else "\n",
                       data=data, text=text, root=root, start=start)
    end = _root_end(text, root)
    if end is None:  # an unusual epilog: scan the whole source now to find where the root ends
        try:
            source, end = scan(text, start)
            origin._nodes = pair(text, root, source)
        except SourceMismatch as err:
            raise ReadError(file, 1, 1, f"flowedit could not map this file's source: {err}",
                            "this is a bug in flowedit; please report it with the file") from None
    return Document(path, root, prolog=text[:start], epilog=text[end:], suffix=suffix,
                    filename=file, origin=origin)


_EPILOG = re.compile(r"(?:\s+|<!--.*?-->|<\?.*?\?>)*", re.S)


def _root_end(text: str, root: etree._Element) -> int | None:
    """Offset just after the root element, found without scanning the document: the root's last end
    tag, provided only white space, comments and PIs follow it (None when that does not hold, e.g. a
    comment after the root that itself mentions `</Response>`, or a self-closing root)."""
    name = root.tag
    if name[0] == "{":  # the end tag spells the name as written, with its prefix
        local = etree.QName(root).localname
        name = root.prefix + ":" + local if root.prefix else local
    index = text.rfind("</" + name)
    if index < 0:
        return None
    close = text.find(">", index)
    if close < 0 or text[index + 2 + len(name):close].strip():
        return None
    end = close + 1
    return end if _EPILOG.fullmatch(text, end) else None


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # O_BINARY: no newline translation on Windows


def _read_all(fd: int, size: int) -> bytes:
    """Every byte of the open file, whose size fstat said was `size`. Asking for one byte more shows
    the end at once when the size held (a regular file reads short only at its end); when it did not
    (the file grew or shrank while an editor saved it, a pipe, a /proc file), read on to the end."""
    data = os.read(fd, size + 1)
    if len(data) == size:
        return data
    parts, total = [data], len(data)
    while total <= MAX_BYTES and (chunk := os.read(fd, 1 << 16)):  # past the limit: read_document refuses it
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def read_file(file: Path | str, path: str | None = None, *, name: str | None = None) -> Document:
    """Read a TwiML file; OSError when it cannot be opened, ReadError when it is not a usable document.

    `path` is the document's URL path (default: "/" + the file's stem); `name` names it in messages.
    """
    label = name or os.fspath(file)
    # The descriptor, not a buffered file object: a flow is read file by file, and the buffered layer
    # (its objects, its buffer, the text of its mode) cost ~40 % more than the bytes (~4 ms a 1,000-file
    # flow, measured in benchmarks/README.md).
    fd = os.open(file, _READ_FLAGS)
    try:
        size = os.fstat(fd).st_size
        if size > MAX_BYTES:  # refuse before reading it into memory
            raise ReadError(label, 1, 1, f"the file is {size / 1e6:.1f} MB; flowedit reads documents up to "
                            f"{MAX_BYTES // (1024 * 1024)} MB", "Twilio itself accepts at most 64 kB of TwiML",
                            reason="too-large")
        data = _read_all(fd, size)
    except OSError as err:
        if err.filename is None:  # os.read's errors (a directory, an I/O error) name no file; say which
            err.filename = os.fspath(file)
        raise
    finally:
        os.close(fd)
    stem, suffix = os.path.splitext(os.path.basename(file))
    return read_document(data, path or "/" + stem, file=label, suffix=suffix or ".xml")
