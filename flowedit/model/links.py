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
from weakref import WeakKeyDictionary

from flowedit import twiml
from flowedit.model.document import Document
from flowedit.model.paths import candidate_path, document_url, under_base as _under_base
from flowedit.twiml.kinds import LinkRole


class LinkKind(enum.Enum):
    INTERNAL = "internal"
    EXTERNAL = "external"
    MISSING = "missing"


@dataclass(frozen=True)
class Link:
    """One URL found in document `source`, on node `eid` (`attribute` None: the element's text)."""

    source: str  # document path
    eid: int
    element: str  # element name, e.g. "Dial"
    attribute: str | None
    role: LinkRole
    value: str  # as written, surrounding whitespace removed
    url: str  # resolved absolute URL
    kind: LinkKind
    target: str | None  # document path when INTERNAL or MISSING


def raw_links(doc: Document) -> Iterator[tuple[int, str, str | None, LinkRole, str]]:
    """(eid, element name, attribute or None, role, value) for every non-empty URL in `doc`."""
    for eid, name, node in doc.iter_elements():
        for attr in twiml.link_attributes(name):
            value = node.get(attr.name)
            if value is not None and value.strip():
                yield eid, name, attr.name, attr.link, value.strip()
        role = twiml.text_link(name)
        if role is not None:
            value = node.text
            if value is not None and value.strip():
                yield eid, name, None, role, value.strip()


def _resolve(base: str, doc_path: str, value: str) -> tuple[str, str | None]:
    """(absolute URL, document path it names under `base` or None)."""
    if value and value[0] not in "?#":
        # Only the document's directory takes part in resolving anything but a bare query or fragment
        # (RFC 3986 §5.2.3 merges the reference with the base path up to its last "/"), so documents
        # of one folder share cache entries.
        doc_path = doc_path[:doc_path.rfind("/") + 1] + "_"
    return _resolve_in(base, doc_path, value)


# A reference made only of path characters, not starting with "/" or "." (no scheme, authority,
# query, fragment or escapes): the shape almost every link between documents of a flow has.
_PLAIN = re.compile(r"[A-Za-z0-9_~\-][A-Za-z0-9._~\-/]*")


@lru_cache(maxsize=1 << 16)
def _resolve_in(base: str, doc_path: str, value: str) -> tuple[str, str | None]:
    """Pure, so cached: a flow repeats the same few link values, and urljoin is the costly part."""
    if _PLAIN.fullmatch(value) and "//" not in value and "/." not in value:
        # RFC 3986 §5.2.2-5.2.3 for a relative path without dot segments: the base directory + the
        # path, which is what urljoin computes (tests compare the two); spelled out because urljoin
        # costs tens of microseconds and a large flow has thousands of distinct links.
        directory = _directory_url(base, doc_path)
        absolute = directory + value
        if absolute.startswith(base):
            return absolute, _under_base(absolute[len(base):])
        return absolute, candidate_path(base, absolute)
    absolute = urljoin(document_url(base, doc_path), value)
    return absolute, candidate_path(base, absolute)


@lru_cache(maxsize=1 << 12)
def _directory_url(base: str, doc_path: str) -> str:
    url = document_url(base, doc_path)
    return url[:url.rfind("/") + 1]


def classify(base: str, doc_path: str, value: str, documents) -> tuple[str, LinkKind, str | None]:
    """Resolve `value` written in document `doc_path`; return (absolute URL, kind, target path)."""
    absolute, target = _resolve(base, doc_path, value)
    if target is None:
        return absolute, LinkKind.EXTERNAL, None
    return absolute, (LinkKind.INTERNAL if target in documents else LinkKind.MISSING), target


# The canvas, the Documents panel and the layout each ask for every document's links after a flow
# opens (three walks of every element of 1,000 documents); the raw links change only with the
# document, so they are kept per document until its next revision.
_RAW: WeakKeyDictionary[Document, tuple[int, list]] = WeakKeyDictionary()


def cached_raw_links(doc: Document) -> list[tuple[int, str, str | None, LinkRole, str]]:
    """`raw_links(doc)` as a list, remembered until the document's next change."""
    hit = _RAW.get(doc)
    if hit is not None and hit[0] == doc.revision:
        return hit[1]
    found = list(raw_links(doc))
    _RAW[doc] = (doc.revision, found)
    return found


def document_links(doc: Document, base: str, documents) -> list[Link]:
    """All links of one document, classified against the flow's `documents` (paths)."""
    links = []
    for eid, name, attribute, role, value in cached_raw_links(doc):
        url, kind, target = classify(base, doc.path, value, documents)
        links.append(Link(doc.path, eid, name, attribute, role, value, url, kind, target))
    return links
