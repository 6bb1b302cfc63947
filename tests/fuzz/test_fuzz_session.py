"""Random edit sequences through the editor's undo stack: undo-all and redo-all (Hypothesis).

The same random edits as tests/fuzz/test_fuzz_edits.py, each pushed as one `EditCommand` through
`FlowSession.edit` (as the inspector, canvas and XML pane do); `undo_stack.setIndex(0)` must give the
bytes as read and `setIndex(count)` the edited bytes, also after the flow's own checks ran between.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowedit.io.reader import read_document
from flowedit.io.writer import document_bytes

from test_fuzz_edits import EDITS, random_edit  # noqa: E402
from twiml_strategies import documents  # noqa: E402

pytestmark = pytest.mark.gui


@given(data=documents(), seed=st.integers(0, 2**32 - 1))
def test_the_editor_undo_stack_restores_bytes_after_random_edits(qapp, data, seed):
    from flowedit.gui.session import FlowSession

    session = FlowSession()
    doc = read_document(data, "/fuzz", file="fuzz.xml")
    session.new_flow([doc], entry="/fuzz")
    doc = session.flow.document("/fuzz")
    rng = random.Random(seed)
    for i in range(EDITS):
        def action():
            change = random_edit(doc, rng)
            return [] if change is None else [(doc, change)]
        session.edit(f"edit {i}", action)
    stack = session.undo_stack
    assert stack.count() >= EDITS // 4  # most random edits apply (one command each)
    edited = document_bytes(doc)
    stack.setIndex(0)
    assert document_bytes(doc) == data
    stack.setIndex(stack.count())
    assert document_bytes(doc) == edited
    stack.setIndex(0)
    assert document_bytes(doc) == data
