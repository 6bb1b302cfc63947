"""FlowSession.edit: one undo step per action, refusals reported, and a refusal halfway through an
action of several edits leaves the model exactly as it was."""

from __future__ import annotations

import pytest

from flowedit.gui.session import FlowSession
from flowedit.io.reader import read_document
from flowedit.io.writer import document_text
from flowedit.model import EditError

pytestmark = pytest.mark.gui

INDEX = b'<Response>\n  <Dial action="/menu" timeout="20">\n    <Client>joey</Client>\n  </Dial>\n</Response>\n'
MENU = b"<Response>\n  <Redirect>/index</Redirect>\n</Response>\n"


@pytest.fixture
def session(app):
    flow_session = FlowSession()
    flow_session.new_flow([read_document(INDEX, "/index"), read_document(MENU, "/menu")], "/index")
    return flow_session


def texts(session):
    return {path: document_text(doc) for path, doc in session.flow.documents.items()}


def test_an_action_is_one_undo_step(session):
    doc = session.flow.documents["/index"]
    dial = doc.child_elements(doc.root_id)[0]
    before = texts(session)
    assert session.edit("Two edits", lambda: [(doc, doc.set_attribute(dial, "timeout", "25")),
                                               (doc, doc.set_attribute(dial, "callerId", "+14155550100"))])
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert texts(session) == before


def test_a_refusal_halfway_rolls_back_what_the_action_already_did(session):
    doc = session.flow.documents["/index"]
    flow = session.flow
    dial = doc.child_elements(doc.root_id)[0]
    client = doc.child_elements(dial)[0]
    before, entry = texts(session), flow.entry
    refused = []
    session.editRefused.connect(refused.append)

    def action():
        changes = [(doc, doc.set_attribute(dial, "timeout", "25")),
                   (doc, doc.remove_node(client)),
                   (flow, flow.rename_document("/menu", "/main"))]  # rewrites the Dial's action too
        changes.append((doc, doc.remove_node(doc.root_id)))  # refused: the root cannot go
        return changes

    assert not session.edit("Doomed", action)
    assert refused and "root" in refused[0]
    assert texts(session) == before and flow.entry == entry
    assert sorted(flow.documents) == ["/index", "/menu"]
    assert session.undo_stack.count() == 0


def test_a_refused_single_edit_changes_nothing(session):
    doc = session.flow.documents["/index"]
    before = texts(session)
    with pytest.raises(EditError):
        doc.remove_node(doc.root_id)
    assert not session.edit("Remove root", lambda: [(doc, doc.remove_node(doc.root_id))])
    assert texts(session) == before
