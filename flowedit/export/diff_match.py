"""What the semantic diff compares, and how it pairs the children of two matched elements.

This module owns the normal form of a TwiML element (`Canon`): its tag, its attributes as a set (order
ignored), its text with formatting whitespace removed, and its child elements (comments and processing
instructions ignored). Two subtrees mean the same when their normal forms are equal.

Text normal form: whitespace runs collapse to one space and surrounding whitespace is stripped. Twilio
does the same when it speaks a `<Say>` or reads a `<Number>`, so re-wrapping a long `<Say>` is layout, not
meaning. Only an element's own text counts: for mixed content (`<Say>` with SSML inside) that is its text
and its children's tails joined, so a `<break/>` moving between words is one move and not a text change.

Children are paired per parent (`match_children`) in passes, each taking only what the earlier left over:
1. in order: the common head and tail, then an alignment of the middle that pairs the most identical
   subtrees, then the most elements with the same identity key, choosing among equals the one that
   leaves similar same-tag elements facing each other (so an edited `<Say>` among identical siblings is
   one change, and an insertion in the middle is one addition);
2. identical subtrees out of order (moves);
3. TwiML identity keys (a Client's identity, a Number's digits, a Parameter's name, …; see `identity`);
4. within the gap between two pairs, elements of the same tag by similarity (so a `<Client>` whose
   identity was retyped in place is one change, not a removal plus an addition).
The pairs that are not in the longest in-order run are the moved ones.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field

from lxml import etree

from flowedit.model.document import Document

_SPACE = re.compile(r"\s+")
_ALIGN_LIMIT = 40_000  # children in the edited middle of one parent, A times B, aligned exactly
# Elements identified by their text: a Number's digits, a Client's identity, a Queue's name, a URL …
_KEY_TEXT = frozenset({"Client", "Number", "Sip", "Conference", "Queue", "Room", "Sim", "Redirect", "Play",
                       "Identity", "Uri", "ApplicationSid", "Enqueue", "Refer"})
# Elements identified by an attribute.
_KEY_ATTRIBUTE = {"Parameter": "name", "Config": "name", "Header": "name", "Stream": "name", "Siprec": "name",
                  "Transcription": "name", "Language": "code"}
# Elements identified by the text of a child element (when their own text is empty).
_KEY_CHILD = {"Client": "Identity", "Application": "ApplicationSid", "Sip": "Uri", "Refer": "ReferSip"}


def normal_text(text: str | None) -> str:
    """`text` with whitespace runs collapsed to one space and the ends stripped."""
    return _SPACE.sub(" ", text).strip() if text else ""


def own_text(node: etree._Element) -> str:
    """The element's own text in normal form (its text and its children's tails; comments dropped)."""
    pieces = [node.text or ""] + [child.tail or "" for child in node]
    return normal_text(" ".join(pieces)) if len(pieces) > 1 else normal_text(pieces[0])


@dataclass(frozen=True)
class Canon:
    """The meaning of one element: what two subtrees must share to be reported equal."""

    tag: str
    attributes: frozenset[tuple[str, str]]
    text: str
    children: tuple[Canon, ...]
    digest: int = field(default=0, compare=False, repr=False)

    def __post_init__(self) -> None:  # subtrees are hashed often while matching: hash each once
        object.__setattr__(self, "digest", hash((self.tag, self.attributes, self.text, self.children)))

    def __hash__(self) -> int:
        return self.digest


class Normalized:
    """Normal forms, keys and labels of one document's elements, computed once and cached by id."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._canon: dict[int, Canon] = {}

    def canon(self, eid: int) -> Canon:
        found = self._canon.get(eid)
        if found is None:
            doc = self.doc
            found = Canon(doc.tag(eid), frozenset(doc.attributes(eid)), own_text(doc.node(eid)),
                          tuple(self.canon(c) for c in doc.child_elements(eid)))
            self._canon[eid] = found
        return found

    def identity(self, eid: int) -> str | None:
        """The TwiML identity of an element as written (stripped), or None when its tag has none."""
        doc = self.doc
        tag = doc.tag(eid)
        if tag in _KEY_ATTRIBUTE:
            return doc.get(eid, _KEY_ATTRIBUTE[tag])
        if tag in _KEY_TEXT or tag in _KEY_CHILD:
            text = own_text(doc.node(eid)) if tag in _KEY_TEXT else ""
            if not text and tag in _KEY_CHILD:
                for child in doc.child_elements(eid):
                    if doc.tag(child) == _KEY_CHILD[tag]:
                        return own_text(doc.node(child)) or None
            return text or None
        return None

    def key(self, eid: int) -> tuple[str, str] | None:
        """(tag, identity) used to pair elements that moved or changed; a Number's key keeps only digits."""
        ident = self.identity(eid)
        if ident is None:
            return None
        tag = self.doc.tag(eid)
        if tag == "Number":
            ident = "".join(c for c in ident if c.isdigit() or c in "+*#") or ident
        return tag, ident

    def name(self, eid: int) -> str:
        """How a message names the element: "Client joey", "Number +14155550100", "Say"."""
        ident = self.identity(eid)
        tag = self.doc.tag(eid)
        return f"{tag} {shorten(ident, 40)}" if ident else tag


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def similarity(a: Canon, b: Canon) -> float:
    """Jaccard similarity of two same-tag elements' attributes, text and child contents (1.0 when both bare)."""
    fa = set(a.attributes) | {("#text", a.text)} | {("#child", str(i), c) for i, c in enumerate(a.children)}
    fb = set(b.attributes) | {("#text", b.text)} | {("#child", str(i), c) for i, c in enumerate(b.children)}
    union = fa | fb
    return len(fa & fb) / len(union) if union else 1.0


@dataclass
class ChildMatch:
    """The pairing of two child lists: index pairs (A, B), which pairs moved, and the unpaired indices."""

    pairs: list[tuple[int, int]]
    moved: set[tuple[int, int]]
    removed: list[int]
    added: list[int]


def match_children(na: Normalized, ca: list[int], nb: Normalized, cb: list[int]) -> ChildMatch:
    """Pair the child elements `ca` (of document A) with `cb` (of document B); see the module docstring."""
    ha = [na.canon(e) for e in ca]
    hb = [nb.canon(e) for e in cb]
    pair_of: dict[int, int] = {}
    taken: set[int] = set()

    def pair(i: int, j: int) -> None:
        pair_of[i] = j
        taken.add(j)

    # 1. in order: the common head and tail, then the best alignment of the middle
    head = 0
    while head < min(len(ha), len(hb)) and ha[head] == hb[head]:
        pair(head, head)
        head += 1
    tail = 0
    while tail < min(len(ha), len(hb)) - head and ha[-1 - tail] == hb[-1 - tail]:
        pair(len(ha) - 1 - tail, len(hb) - 1 - tail)
        tail += 1
    middle_a, middle_b = range(head, len(ha) - tail), range(head, len(hb) - tail)
    if len(middle_a) * len(middle_b) <= _ALIGN_LIMIT:
        keys_a = [na.key(ca[i]) for i in middle_a]
        keys_b = [nb.key(cb[j]) for j in middle_b]
        for i, j in _align(ha[head:len(ha) - tail], keys_a, hb[head:len(hb) - tail], keys_b):
            pair(head + i, head + j)
    else:  # a huge edited middle: identical subtrees only, leaving the rest to the later passes
        matcher = difflib.SequenceMatcher(None, ha[middle_a.start:middle_a.stop], hb[middle_b.start:middle_b.stop],
                                          autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                pair(head + block.a + k, head + block.b + k)
    # 2. identical subtrees out of order (moves)
    by_canon: dict[Canon, list[int]] = {}
    for j, canon in enumerate(hb):
        if j not in taken:
            by_canon.setdefault(canon, []).append(j)
    for i, canon in enumerate(ha):
        if i not in pair_of and by_canon.get(canon):
            pair(i, by_canon[canon].pop(0))
    # 3. same identity key (changed, maybe moved too)
    by_key: dict[tuple[str, str], list[int]] = {}
    for j, eid in enumerate(cb):
        if j not in taken and (key := nb.key(eid)) is not None:
            by_key.setdefault(key, []).append(j)
    for i, eid in enumerate(ca):
        if i not in pair_of and (key := na.key(eid)) is not None and by_key.get(key):
            pair(i, by_key[key].pop(0))
    # 4. same tag, within the gap between the neighbouring pairs, most similar first
    # the gaps lie between pairs that keep their order (moved pairs are no landmarks)
    paired = sorted(i for i, _ in _longest_increasing(sorted(pair_of.items())))
    for i in range(len(ca)):
        if i in pair_of:
            continue
        at = bisect.bisect_left(paired, i)
        low = pair_of[paired[at - 1]] if at else -1
        high = pair_of[paired[at]] if at < len(paired) else len(cb)
        best, best_score = None, -1.0
        for j in range(low + 1, high):
            if j in taken or hb[j].tag != ha[i].tag:
                continue
            score = similarity(ha[i], hb[j])
            if score > best_score:
                best, best_score = j, score
        if best is not None:
            pair(i, best)
            bisect.insort(paired, i)
    pairs = sorted(pair_of.items())
    kept = _longest_increasing(pairs)
    return ChildMatch(pairs, {p for p in pairs if p not in kept},
                      [i for i in range(len(ca)) if i not in pair_of],
                      [j for j in range(len(cb)) if j not in taken])


def _align(ha: list[Canon], ka: list, hb: list[Canon], kb: list) -> list[tuple[int, int]]:
    """The in-order pairs of identical subtrees (most of them) and of same-key elements (most of those next).

    Ties between equally long pairings are broken by how many more same-tag elements each leaves paired in
    order, weighted by similarity; those pairs are not returned (pass 4 pairs what is left in the gaps),
    but choosing by them keeps an edited element among identical siblings in its place. Integer weights
    in three tiers make the order of concerns exact: no number of lower-tier pairs outweighs one above.
    """
    n, m = len(ha), len(hb)
    tag_weight = 11  # 1 + similarity in tenths
    key_weight = tag_weight * (min(n, m) + 1)
    identical_weight = key_weight * (min(n, m) + 1)
    weight: dict[tuple[int, int], int] = {}
    for i in range(n):
        for j in range(m):
            if ha[i] == hb[j]:
                weight[i, j] = identical_weight
            elif ha[i].tag == hb[j].tag:
                tie = 1 + round(10 * similarity(ha[i], hb[j]))
                weight[i, j] = key_weight + tie if ka[i] is not None and ka[i] == kb[j] else tie
    score = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, above = score[i], score[i - 1]
        for j in range(1, m + 1):
            best = above[j] if above[j] >= row[j - 1] else row[j - 1]
            w = weight.get((i - 1, j - 1))
            if w is not None and above[j - 1] + w > best:
                best = above[j - 1] + w
            row[j] = best
    pairs = []
    i, j = n, m
    while i and j:
        w = weight.get((i - 1, j - 1))
        if w is not None and score[i][j] == score[i - 1][j - 1] + w:
            if w > tag_weight:
                pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _longest_increasing(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs (sorted by A index) forming a longest run increasing in B index: those that did not move."""
    tails: list[int] = []  # tails[k]: smallest B index ending a run of length k+1
    tail_at: list[int] = []  # index into `pairs` of that run's last pair
    previous: list[int] = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[k], tail_at[k] = j, n
        previous[n] = tail_at[k - 1] if k else -1
    kept: set[tuple[int, int]] = set()
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        kept.add(pairs[n])
        n = previous[n]
    return kept
