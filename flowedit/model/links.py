"""Links between documents: every URL-valued attribute or text, resolved and classified.

Which attributes and texts are URLs comes from the vocabulary (`flowedit.twiml`). Each one found is
resolved against its document's URL (RFC 3986) and classified:

- INTERNAL: it names a document of the flow;
- MISSING: it lies under the flow's base URL (or is relative) but no document is served there;
- EXTERNAL: an absolute URL outside the flow's base URL.

An empty value (`waitUrl=""` means silence) is not a link and is not reported.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
import re
from urllib.parse import urljoin

from flowedit import twiml
from flowedit.model.document import Document
from flowedit.model.paths import candidate_path, document_url, under_base as _under_base
from flowedit.twiml.kinds import LinkRole


class LinkKind(enum.Enum):
    INTERNAL = "internal"
    EXTERNAL = "external"
    MISSING = "missing"


# Not frozen, though nothing changes a Link: a frozen dataclass sets each field through
# object.__setattr__, six times slower, and a check of 1,000 documents makes 8,000 of them.
@dataclass(slots=True, unsafe_hash=True)
class Link:
    """One URL found in document `source`, on node `eid` (`attribute` None: the element's text).
    Treat it as immutable (it is hashed)."""

    source: str  # document path
    eid: int
    element: str  # element name, e.g. "Dial"
    attribute: str | None
    role: LinkRole
    value: str  # as written, surrounding whitespace removed
    url: str  # resolved absolute URL
    kind: LinkKind
    target: str | None  # document path when INTERNAL or MISSING


# Element name → ((attribute, role) of each URL attribute, the role of its text or None), for the
# elements that can hold a URL; the walk below lets lxml skip every other element in C ("{*}" matches
# any namespace or none).
_LINK_TABLE = {name: (tuple((a.name, a.link) for a in twiml.link_attributes(name)), twiml.text_link(name))
               for name in twiml.ELEMENTS if twiml.link_attributes(name) or twiml.text_link(name) is not None}
_LINKING = tuple("{*}" + name for name in _LINK_TABLE)


def raw_links(doc: Document) -> Iterator[tuple[int, str, str | None, LinkRole, str]]:
    """(eid, element name, attribute or None, role, value) for every non-empty URL in `doc`."""
    table, eid_of = _LINK_TABLE, doc.eid_in_tree
    for node in doc.root.iter(*_LINKING):
        name = node.tag
        if name[0] == "{":  # spelled as written: a prefixed name is not TwiML's
            name = doc.tag(eid_of(node))
        found = table.get(name)
        if found is None:
            continue
        attributes, text_role = found
        eid = eid_of(node)
        for attribute, role in attributes:
            value = node.get(attribute)
            if value and (value := value.strip()):
                yield eid, name, attribute, role, value
        if text_role is not None:
            value = node.text
            if value and (value := value.strip()):
                yield eid, name, None, text_role, value


def resolve(base: str, doc_path: str, value: str) -> tuple[str, str | None]:
    """(absolute URL, document path it names under `base` or None) of `value` written in `doc_path`."""
    if value and value[0] not in "?#":
        # Only the document's directory takes part in resolving anything but a bare query or fragment
        # (RFC 3986 §5.2.3 merges the reference with the base path up to its last "/"), so documents
        # of one folder share cache entries.
        doc_path = doc_path[:doc_path.rfind("/") + 1] + "_"
    return _resolve_in(base, doc_path, value)


# A reference made only of path characters, not starting with "/" or "." (no scheme, authority,
# query, fragment or escapes): the shape almost every link between documents of a flow has.
_PLAIN = re.compile(r"[A-Za-z0-9_~\-][A-Za-z0-9._~\-/]*")
# The same characters as a path from the root ("/next"), and as an absolute http(s) URL with a plain
# host ("https://status.example.com/calls/7": callbacks, mostly one of a kind per document).
_ROOTED = re.compile(r"/[A-Za-z0-9._~\-/]*")
_ABSOLUTE = re.compile(r"https?://[a-z0-9.\-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~\-/]*)?")


@lru_cache(maxsize=1 << 16)
def _resolve_in(base: str, doc_path: str, value: str) -> tuple[str, str | None]:
    """Pure, so cached: a flow repeats the same few link values, and urljoin is the costly part.

    The three plain shapes above (without dot segments or empty segments) are resolved by RFC 3986
    §5.2.2-5.2.3 spelled out, which is what urljoin computes (tests compare the two): urljoin costs
    tens of microseconds, and a large flow has thousands of distinct links."""
    if "//" not in value.split("://", 1)[-1] and "/." not in value:  # no empty or dot segments
        if _PLAIN.fullmatch(value):  # relative to the document's directory
            return _under(base, _directory_url(base, doc_path) + value)
        if _ROOTED.fullmatch(value):  # from the root of the base's origin
            return _under(base, _origin(base) + value)
        if _ABSOLUTE.fullmatch(value):
            return _under(base, value)
    absolute = urljoin(document_url(base, doc_path), value)
    return absolute, candidate_path(base, absolute)


def _under(base: str, absolute: str) -> tuple[str, str | None]:
    """(absolute, the document path it names under `base` or None) for an absolute URL of a plain
    shape."""
    if absolute.startswith(base):
        return absolute, _under_base(absolute[len(base):])
    origin = _origin(base)
    if absolute[:len(origin)].lower() != origin.lower():
        return absolute, None  # another origin: candidate_path's answer, without parsing both
    return absolute, candidate_path(base, absolute)


@lru_cache(maxsize=1 << 12)
def _directory_url(base: str, doc_path: str) -> str:
    url = document_url(base, doc_path)
    return url[:url.rfind("/") + 1]


@lru_cache(maxsize=1 << 6)
def _origin(base: str) -> str:
    """scheme://authority of the base URL, as spelled there."""
    scheme, _, rest = base.partition("://")
    return scheme + "://" + rest.split("/", 1)[0]


def classify(base: str, doc_path: str, value: str, documents) -> tuple[str, LinkKind, str | None]:
    """Resolve `value` written in document `doc_path`; return (absolute URL, kind, target path)."""
    absolute, target = resolve(base, doc_path, value)
    if target is None:
        return absolute, LinkKind.EXTERNAL, None
    return absolute, (LinkKind.INTERNAL if target in documents else LinkKind.MISSING), target


# The canvas, the Documents panel and the layout each ask for every document's links after a flow
# opens (three walks of every element of 1,000 documents); the raw links change only with the
# document, so they are kept on the document (`Document.link_cache`, this module's) until its next
# revision.


def cached_raw_links(doc: Document) -> list[tuple[int, str, str | None, LinkRole, str]]:
    """`raw_links(doc)` as a list, remembered until the document's next change."""
    hit = doc.link_cache
    if hit is not None and hit[0] == doc.revision:
        return hit[1]
    found = list(raw_links(doc))
    doc.link_cache = (doc.revision, found)
    return found


def remember_raw_links(doc: Document, found: list[tuple[int, str, str | None, LinkRole, str]]) -> None:
    """Keep `found` as `raw_links(doc)` of the document as it is now (a walk that saw them anyway,
    the checker's screen, saves the next caller a walk)."""
    doc.link_cache = (doc.revision, found)


def document_links(doc: Document, base: str, documents) -> list[Link]:
    """All links of one document, classified against the flow's `documents` (paths)."""
    links = []
    for eid, name, attribute, role, value in cached_raw_links(doc):
        url, kind, target = classify(base, doc.path, value, documents)
        links.append(Link(doc.path, eid, name, attribute, role, value, url, kind, target))
    return links
