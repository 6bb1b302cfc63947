"""Helpers for the io tests: where an attribute value stands in a file, and a confined-diff check."""

from __future__ import annotations

import difflib

import pytest

from flowedit.model import Document


def value_span(doc: Document, eid: int, name: str) -> tuple[int, int]:
    """Byte offsets (start, end) of the raw value of attribute `name` (as written) in the file read."""
    origin = doc.origin
    src = origin.nodes[doc.node(eid)]
    text = origin.data[len(origin.bom):].decode(origin.encoding)
    offset = src.start + len(src.head)
    for token in src.tokens:
        if token.name == name:
            offset += len(token.lead) + len(token.name) + len(token.eq) + len(token.quote)
            start = len(origin.bom) + len(text[:offset].encode(origin.encoding))
            end = start + len(token.raw.encode(origin.encoding))
            assert origin.data[start:end].decode(origin.encoding) == token.raw
            return start, end
        offset += len(token.text())
    raise AssertionError(f"no attribute {name!r} on node {eid}")


def assert_confined(before: bytes, after: bytes, start: int, end: int) -> None:
    """Every difference between `before` and `after` lies within before[start:end] (difflib opcodes)."""
    # The common head and tail are equal by construction; diffing only the middle keeps difflib fast.
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    matcher = difflib.SequenceMatcher(None, before[head:len(before) - tail], after[head:len(after) - tail],
                                      autojunk=False)
    changes = [(tag, i1 + head, i2 + head, j1 + head, j2 + head)
               for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    assert changes, "nothing changed"
    for tag, i1, i2, j1, j2 in changes:
        assert start <= i1 and i2 <= end, (
            f"{tag} of {before[i1:i2]!r} -> {after[j1:j2]!r} at {i1}..{i2} lies outside {start}..{end} "
            f"({before[start:end]!r})"
        )


@pytest.fixture
def span_of():
    return value_span


@pytest.fixture
def confined():
    return assert_confined
