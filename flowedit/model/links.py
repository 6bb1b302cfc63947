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
from urllib.parse import urljoin

from flowedit import twiml
from flowedit.model.document import Document
from flowedit.model.paths import candidate_path, document_url
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
    for eid in doc.iter_ids():
        name = doc.tag(eid)
        for attr in twiml.link_attributes(name):
            value = doc.get(eid, attr.name)
            if value is not None and value.strip():
                yield eid, name, attr.name, attr.link, value.strip()
        role = twiml.text_link(name)
        if role is not None:
            value = doc.text(eid)
            if value is not None and value.strip():
                yield eid, name, None, role, value.strip()


@lru_cache(maxsize=1 << 16)
def _resolve(base: str, doc_path: str, value: str) -> tuple[str, str | None]:
    """(absolute URL, document path it names under `base` or None): pure, so cached — a flow repeats
    the same few link values across its documents, and urljoin is the costly part of a check."""
    absolute = urljoin(document_url(base, doc_path), value)
    return absolute, candidate_path(base, absolute)


def classify(base: str, doc_path: str, value: str, documents) -> tuple[str, LinkKind, str | None]:
    """Resolve `value` written in document `doc_path`; return (absolute URL, kind, target path)."""
    absolute, target = _resolve(base, doc_path, value)
    if target is None:
        return absolute, LinkKind.EXTERNAL, None
    return absolute, (LinkKind.INTERNAL if target in documents else LinkKind.MISSING), target


def document_links(doc: Document, base: str, documents) -> list[Link]:
    """All links of one document, classified against the flow's `documents` (paths)."""
    links = []
    for eid, name, attribute, role, value in raw_links(doc):
        url, kind, target = classify(base, doc.path, value, documents)
        links.append(Link(doc.path, eid, name, attribute, role, value, url, kind, target))
    return links
