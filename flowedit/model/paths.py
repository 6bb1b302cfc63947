"""URL paths of documents: how a file of a flow folder is served, and how a URL names a document.

The file `a/b.xml` (or `a/b.twiml`) is served at the path `/a/b`; a link may name it with or without
the suffix, and `/a/` names `/a/index`. Links are resolved with RFC 3986 rules (`urllib.parse`)
against the document's own URL, which is the flow's base URL joined with the document's path.
Without a base URL, documents live under a placeholder origin that no real link can name.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

SUFFIXES = (".xml", ".twiml")
INDEX = "index"
PLACEHOLDER_BASE = "http://flow.invalid/"
_SEGMENT = re.compile(r"[A-Za-z0-9._~\-]+")


class PathError(ValueError):
    """A document path that cannot name a file of a flow folder."""


@lru_cache(maxsize=1 << 14)  # pure; asked for every document on every read
def check_path(path: str) -> str:
    """Return `path` if it is a valid document path ("/name" or "/folder/name"), else raise PathError."""
    if not path.startswith("/") or path.endswith("/"):
        raise PathError(f"{path!r}: a document path starts with '/' and names a file, e.g. /menu")
    for segment in path[1:].split("/"):
        if segment in ("", ".", "..") or not _SEGMENT.fullmatch(segment):
            raise PathError(
                f"{path!r}: each part of a document path uses only letters, digits and . _ ~ -"
            )
        if segment.lower().endswith(SUFFIXES):
            raise PathError(f"{path!r}: give the path without its .xml or .twiml ending")
    return path


def path_for_file(relative: str) -> tuple[str, str]:
    """The document path and suffix for a file path relative to the flow folder ("a/b.xml")."""
    relative = relative.replace("\\", "/")
    stem, suffix = posixpath.splitext(relative)
    return "/" + stem, suffix


def normalize_base(base_url: str | None) -> str:
    """The base URL as a directory URL (ending in '/'), or the placeholder when there is none."""
    if not base_url:
        return PLACEHOLDER_BASE
    parts = urlsplit(base_url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def document_url(base: str, path: str) -> str:
    """The absolute URL at which the document `path` is served under the (normalized) base."""
    return urljoin(base, path.lstrip("/"))


def candidate_path(base: str, absolute: str) -> str | None:
    """The document path an absolute URL names under `base`, or None when it lies outside it.

    The query and fragment are ignored; the suffixes .xml/.twiml are dropped; a directory names its index.
    """
    parts = urlsplit(absolute)
    base_parts = urlsplit(base)
    if (parts.scheme.lower(), parts.netloc.lower()) != (base_parts.scheme.lower(), base_parts.netloc.lower()):
        return None
    if not parts.path.startswith(base_parts.path):
        return None
    return under_base(parts.path[len(base_parts.path):])


def under_base(rest: str) -> str:
    """The document path of `rest`, a URL path relative to the base (no query or fragment)."""
    if rest == "" or rest.endswith("/"):
        rest += INDEX
    for suffix in SUFFIXES:
        if rest.lower().endswith(suffix):
            rest = rest[: -len(suffix)]
            break
    return "/" + rest


def rewrite_link(value: str, base: str, from_path: str, new_target: str) -> str:
    """`value` (a link in document `from_path`) rewritten to name `new_target`, keeping its style.

    An absolute URL stays absolute, a path from the root stays one, a relative link stays relative;
    a suffix (.xml/.twiml), query and fragment it had are kept.
    """
    parts = urlsplit(value)
    old_tail = parts.path.rsplit("/", 1)[-1].lower()
    suffix = next((s for s in SUFFIXES if old_tail.endswith(s)), "")
    new_url = urlsplit(document_url(base, new_target) + suffix)
    if parts.scheme:
        path = new_url.path
        return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))
    if value.startswith("/"):
        path = new_url.path
    else:
        here = posixpath.dirname(urlsplit(document_url(base, from_path)).path)
        path = posixpath.relpath(new_url.path, here)
    return urlunsplit(("", "", path, parts.query, parts.fragment))
