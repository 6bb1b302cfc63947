"""Random sequences of edits, undone and redone: the document comes back byte for byte (Hypothesis).

A sequence of up to `EDITS` edits of every kind the model has (set/remove attribute, set text, insert,
remove, move) is applied to a generated document through the model's change records; undoing them
all (their inverses, last first) must give the original bytes, and redoing them all the edited bytes.
The same holds through the editor's QUndoStack in tests/fuzz/test_fuzz_session.py.
"""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from flowedit.io.reader import read_document
from flowedit.io.writer import document_bytes
from flowedit.model.document import Document, EditError

from twiml_strategies import documents  # noqa: E402

EDITS = 1000
_TAGS = ["Say", "Dial", "Number", "Client", "Parameter", "Gather", "Pause", "Redirect", "Foo"]
_NAMES = ["url", "action", "timeout", "name", "value", "statusCallbackEvent", "voice", "x"]
_VALUES = ["", "a", "https://example.com/x?y=1&z=2", "<&>\"'", "é中😀", "  spaced  ", "line\nbreak", "42"]


def random_edit(doc: Document, rng: random.Random):
    """One random edit of `doc` (a change record), or None when the chosen edit does not apply."""
    elements = [eid for eid in doc.iter_ids() if doc.kind(eid) == "element"]
    nodes = list(doc.iter_ids())
    eid = rng.choice(elements)
    kind = rng.randrange(6)
    try:
        if kind == 0:
            return doc.set_attribute(eid, rng.choice(_NAMES), rng.choice(_VALUES))
        if kind == 1:
            present = [name for name, _ in doc.attributes(eid)]
            return doc.remove_attribute(eid, rng.choice(present)) if present else None
        if kind == 2:
            return doc.set_text(eid, rng.choice(_VALUES + [None]))
        if kind == 3:
            index = rng.randrange(len(doc.children(eid)) + 1)
            return doc.insert_element(eid, index, rng.choice(_TAGS), [(rng.choice(_NAMES), rng.choice(_VALUES))],
                                      rng.choice(_VALUES + [None]))
        victim = rng.choice(nodes)
        if kind == 4:
            return doc.remove_node(victim) if victim != doc.root_id else None
        target = rng.choice(elements)
        return doc.move_node(victim, target, rng.randrange(len(doc.children(target)) + 1))
    except EditError:  # e.g. moving a node into itself: refused, nothing changed
        return None


def replay(doc: Document, seed: int, edits: int) -> list:
    rng = random.Random(seed)
    changes = []
    for _ in range(edits):
        change = random_edit(doc, rng)
        if change is not None:
            changes.append(change)
    return changes


@given(documents(), st.integers(0, 2**32 - 1))
def test_undo_all_gives_the_original_bytes_and_redo_all_the_edited_ones(data, seed):
    doc = read_document(data, "/fuzz", file="fuzz.xml")
    changes = replay(doc, seed, EDITS)
    edited = document_bytes(doc)
    for change in reversed(changes):
        doc.apply(change.inverse())
    assert document_bytes(doc) == data
    for change in changes:
        doc.apply(change)
    assert document_bytes(doc) == edited
