"""One edit, undo or redo is one burst of model changes (`FlowSession.burst`): the canvas follows each
changed document once, at its end (`canvas.follow`), and then shows what a canvas built afresh shows.
Renaming a shared document rewrites a link in every document that names it: on 1,000 documents that
was 3,000 frame rebuilds, each walking every arrow (~4 s)."""

from __future__ import annotations

import gc
from collections import Counter

import pytest

from flowedit.gui.canvas.scene import FlowScene

pytestmark = pytest.mark.gui

SHARED = "/screen/whisper"  # the generated flow's screening document: most documents link to it


def drawn(scene: FlowScene) -> tuple:
    """What the canvas shows of the flow: frames (path, height) and arrows (from, node, attribute,
    kind, to, loop), order aside."""
    frames = sorted((frame.path, round(frame.height, 3)) for frame in scene.frames())
    arrows = sorted((link.frame.path, link.eid, link.attribute or "", link.kind,
                     getattr(link.end, "path", None) or link.end.target, link.loop) for link in scene.links())
    return frames, arrows


@pytest.fixture
def canvas(generated_session, monkeypatch):
    """The generated flow's canvas, counting how often each document's frame is rebuilt."""
    from flowedit.gui.canvas.items.frame import FrameItem

    scene = FlowScene(generated_session)
    rebuilt: Counter = Counter()
    original = FrameItem.rebuild

    def counting(frame, change=None):
        if frame.scene() is scene:  # not the fresh canvases made to compare with
            rebuilt[frame.path] += 1
        return original(frame, change)
    monkeypatch.setattr(FrameItem, "rebuild", counting)
    return generated_session, scene, rebuilt


def test_a_rename_rebuilds_each_frame_once_and_the_canvas_shows_what_a_new_one_shows(canvas):
    session, scene, rebuilt = canvas
    flow = session.flow
    naming = {link.source for link in flow.links() if link.target == SHARED}
    links = sum(link.target == SHARED for link in flow.links())
    assert len(naming) > 10 and links > len(naming)  # several links in most of them: one change each
    settled = []
    session.changesSettled.connect(lambda: settled.append(True))

    assert session.edit("Rename", lambda: [(flow, flow.rename_document(SHARED, "/screen/hello", update_links=True))])
    assert settled == [True]
    assert set(rebuilt) == naming and set(rebuilt.values()) == {1}  # each changed frame once
    assert drawn(scene) == drawn(FlowScene(session))
    assert any(getattr(link.end, "path", None) == "/screen/hello" for link in scene.links())

    for step in (session.undo_stack.undo, session.undo_stack.redo, session.undo_stack.undo):
        rebuilt.clear()
        step()
        assert set(rebuilt.values()) == {1}
        assert drawn(scene) == drawn(FlowScene(session))
    assert len(settled) == 4


def test_a_single_edit_is_followed_at_once_and_a_refused_one_leaves_nothing_pending(canvas):
    session, scene, rebuilt = canvas
    doc = next(d for d in session.flow.documents.values() if d.path != SHARED)
    dial = next(e for e in doc.child_elements(doc.root_id) if doc.tag(e) == "Dial")
    assert session.edit("timeout", lambda: [(doc, doc.set_attribute(dial, "timeout", "44"))])
    assert rebuilt == Counter({doc.path: 1}) and not session.in_burst
    assert not scene._pending

    def refused():
        doc.set_attribute(dial, "timeout", "45")
        doc.set_attribute(dial, "", "x")  # the model refuses a nameless attribute: all of it rolls back
        return []
    assert not session.edit("bad", refused)
    assert dict(doc.attributes(dial))["timeout"] == "44"
    assert not scene._pending and drawn(scene) == drawn(FlowScene(session))


def test_the_collector_is_paused_during_a_burst_and_back_after(generated_session):
    session = generated_session
    flow = session.flow
    seen = []
    session.documentChanged.connect(lambda *_: seen.append(gc.isenabled()))
    assert gc.isenabled()
    assert session.edit("Rename", lambda: [(flow, flow.rename_document(SHARED, "/screen/hi", update_links=True))])
    assert seen and not any(seen)
    assert gc.isenabled()


def test_moving_every_frame_prunes_the_selection_once_and_keeps_it(canvas, monkeypatch):
    """Each moved frame is a change of the flow; the selection (every frame) was pruned after each,
    looking through every document for each selected one: 1,000 frames took ~9 s."""
    from PySide6.QtCore import QPointF

    from flowedit.gui.session import FlowSession, Ref

    session, scene, _rebuilt = canvas
    session.select([Ref(doc) for doc in session.flow.documents.values()])
    pruned = []
    original = FlowSession._prune_selection
    monkeypatch.setattr(FlowSession, "_prune_selection", lambda self: (pruned.append(1), original(self)))
    frames = scene.frames()
    for frame in frames:
        frame.setPos(frame.pos() + QPointF(40, 0))
    assert scene.commit_moves(frames)
    assert len(pruned) == 1 and len(session.selection) == len(frames)
    gone = frames[0].document
    assert session.edit("Remove", lambda: [(session.flow, session.flow.remove_document(gone.path))])
    assert len(pruned) == 2 and gone not in {ref.document for ref in session.selection}
    assert len(session.selection) == len(frames) - 1
