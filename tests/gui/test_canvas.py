"""The canvas scene: frames, rows, targets and arrows follow the session; edits are undoable commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import EXAMPLE_PATHS
from PySide6.QtCore import QPointF

from flowedit.gui import assets, placement
from flowedit.gui.canvas import summary, tooltips
from flowedit.gui.canvas.connect import connect
from flowedit.gui.canvas.items.frame import FrameItem
from flowedit.gui.canvas.items.link import LinkItem, MissingItem
from flowedit.gui.canvas.items.target import TargetItem
from flowedit.gui.canvas.items.verb import VerbItem
from flowedit.gui.canvas.scene import FlowScene
from flowedit.gui.session import FlowSession, Ref
from flowedit.io.writer import document_text
from flowedit.model.links import LinkKind
from flowedit.twiml.kinds import LinkRole

pytestmark = pytest.mark.gui


@pytest.fixture
def session(app):
    flow_session = FlowSession()
    flow_session.open(assets.example_flow())
    return flow_session


@pytest.fixture
def scene(session):
    return FlowScene(session)


def element(session, path: str, tag: str, nth: int = 0) -> int:
    doc = session.flow.documents[path]
    return [eid for eid in doc.iter_ids() if doc.tag(eid) == tag][nth]


def internal_document_links(flow) -> list:
    return [k for k in flow.links() if k.role is LinkRole.DOCUMENT and k.kind is LinkKind.INTERNAL]


def test_the_example_builds_five_frames_with_rows_in_run_order(scene, session):
    assert {f.path for f in scene.frames()} == EXAMPLE_PATHS
    index = scene.frame_for("/index")
    assert [session.flow.documents["/index"].tag(r.eid) for r in index.rows] == ["Say", "Gather", "Redirect"]
    assert all(isinstance(r, VerbItem) for r in index.rows)
    # frames do not overlap after the initial auto-layout, and nothing was saved or pushed
    rects = [f.sceneBoundingRect() for f in scene.frames()]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])
    assert session.undo_stack.count() == 0 and not session.modified
    assert all(session.flow.position(p) is None for p in EXAMPLE_PATHS)


def test_a_dial_shows_its_targets_and_a_client_its_identity_and_parameters(scene, session):
    menu = scene.frame_for("/menu")
    dial = menu.rows[0]
    doc = menu.document
    assert [doc.tag(c.eid) for c in dial.cards] == ["Client", "Client", "Number"]
    assert all(isinstance(c, TargetItem) for c in dial.cards)
    client = dial.cards[0]
    assert summary.headline(doc, client.eid) == "support_agent_1"
    assert summary.properties(doc, client.eid) == [("ticket", "T-1042"), ("tier", "gold")]
    assert ("url", "/agents/screen") in summary.details(doc, client.eid)
    assert summary.headline(doc, dial.cards[2].eid) == "+14155550123"
    assert ("action", "/agents/after-dial") in summary.details(doc, dial.eid)


def test_one_arrow_per_internal_document_link(scene, session):
    arrows = [item for item in scene.items() if isinstance(item, LinkItem)]
    into_frames = [a for a in arrows if isinstance(a.end, FrameItem)]
    assert len(into_frames) == len(internal_document_links(session.flow)) == 6
    kinds = {(a.source.document.tag(a.source.eid), a.attribute): a.kind for a in into_frames}
    assert kinds[("Gather", "action")] == "control"
    assert kinds[("Client", "url")] == "screening"
    assert kinds[("Redirect", None)] == "control"


def test_arrows_follow_a_moving_frame(scene):
    goodbye = scene.frame_for("/agents/goodbye")
    arrow = next(a for a in scene.links() if a.end is goodbye)
    before = arrow.path().pointAtPercent(1.0)
    goodbye.setPos(goodbye.pos() + QPointF(50, 80))
    after = arrow.path().pointAtPercent(1.0)
    assert after.y() - before.y() == pytest.approx(80, abs=1)


def test_a_link_to_a_missing_document_ends_in_a_marker_until_undone(scene, session):
    doc = session.flow.documents["/index"]
    gather = element(session, "/index", "Gather")
    session.edit("Set action", lambda: [(doc, doc.set_attribute(gather, "action", "/nowhere"))])
    markers = [item for item in scene.items() if isinstance(item, MissingItem)]
    assert [m.target for m in markers] == ["/nowhere"]
    assert any(a.end is markers[0] and a.kind == "missing" for a in scene.links())
    session.undo_stack.undo()
    assert not any(isinstance(item, MissingItem) for item in scene.items())


def test_a_document_edit_rebuilds_only_that_frame(scene, session):
    index, menu = scene.frame_for("/index"), scene.frame_for("/menu")
    old_menu_rows = list(menu.rows)
    doc = index.document
    placement.add_element(session, doc, doc.root_id, 0, "Pause")
    assert [doc.tag(r.eid) for r in index.rows][:2] == ["Pause", "Say"]
    assert menu.rows == old_menu_rows
    session.undo_stack.undo()
    assert [doc.tag(r.eid) for r in index.rows] == ["Say", "Gather", "Redirect"]


def test_documents_added_and_removed_get_and_lose_frames(scene, session):
    from flowedit.model.document import Document

    flow = session.flow
    session.edit("Add", lambda: [(flow, flow.add_document(Document.new("/extra")))])
    extra = scene.frame_for("/extra")
    assert extra is not None and extra.rows == []
    others = [f.sceneBoundingRect() for f in scene.frames() if f is not extra]
    assert not any(extra.sceneBoundingRect().intersects(r) for r in others)
    session.undo_stack.undo()
    assert scene.frame_for("/extra") is None and len(scene.frames()) == 5


def test_selection_follows_the_session_and_the_session_follows_the_scene(scene, session):
    gather = element(session, "/index", "Gather")
    doc = session.flow.documents["/index"]
    session.select(Ref(doc, gather))
    item = scene.item_for(Ref(doc, gather))
    assert item.isSelected() and scene.selectedItems() == [item]
    scene.clearSelection()
    assert session.selection == []
    menu = scene.frame_for("/menu")
    menu.setSelected(True)
    assert session.selection == [Ref(menu.document, None)]
    client = menu.rows[0].cards[0]
    client.setSelected(True)
    assert session.selection == [Ref(menu.document, None), Ref(menu.document, client.eid)]
    # a node that is not drawn on its own (an Identity) maps to the card that shows it
    identity = element(session, "/menu", "Identity")
    assert scene.item_for(Ref(menu.document, identity)) is client


def test_selection_survives_a_rebuild_of_the_frame(scene, session):
    doc = session.flow.documents["/index"]
    say = element(session, "/index", "Say")
    session.select(Ref(doc, say))
    session.edit("Set voice", lambda: [(doc, doc.set_attribute(say, "voice", "man"))])
    assert scene.item_for(Ref(doc, say)).isSelected()


def test_moving_frames_is_one_undoable_edit_saved_as_position(scene, session):
    frame = scene.frame_for("/agents/goodbye")
    start = QPointF(frame.pos())
    frame.setPos(start + QPointF(123, 47))
    assert scene.commit_moves([frame])
    assert session.flow.position("/agents/goodbye") == (round((start.x() + 123) / 10) * 10,
                                                          round((start.y() + 47) / 10) * 10)
    assert session.undo_stack.undoText() == "Move /agents/goodbye"
    session.undo_stack.undo()
    assert session.flow.position("/agents/goodbye") is None
    assert frame.pos() == start


def test_tidy_up_is_one_undo_step_for_every_frame(scene, session):
    count = session.undo_stack.count()
    assert scene.tidy_up()
    assert session.undo_stack.count() == count + 1
    assert session.undo_stack.undoText() == "Tidy up"
    assert all(session.flow.position(p) is not None for p in EXAMPLE_PATHS)
    for path in EXAMPLE_PATHS:
        assert scene.frame_for(path).pos() == QPointF(*session.flow.position(path))
    session.undo_stack.undo()
    assert all(session.flow.position(p) is None for p in EXAMPLE_PATHS)


def test_saved_positions_place_the_frames(app, tmp_path):
    import shutil

    folder = tmp_path / "flow"
    shutil.copytree(assets.example_flow(), folder)
    manifest = folder / "flowedit.json"
    manifest.write_text('{"flowedit": 1, "entry": "/index", "layout": {"positions": {"/menu": [500, 700]}}}')
    session = FlowSession()
    session.open(folder)
    scene = FlowScene(session)
    assert scene.frame_for("/menu").pos() == QPointF(500, 700)


def test_the_connect_handle_sets_the_action(scene, session):
    doc = session.flow.documents["/index"]
    gather = element(session, "/index", "Gather")
    before = document_text(doc)
    assert connect(session, doc, gather, "action", "/agents/goodbye")
    assert doc.get(gather, "action") == "/agents/goodbye"
    assert session.undo_stack.undoText() == "Set action = /agents/goodbye"
    arrow = next(a for a in scene.links() if a.source.eid == gather)
    assert arrow.end is scene.frame_for("/agents/goodbye")
    session.undo_stack.undo()
    assert document_text(doc) == before


def test_a_redirect_handle_sets_its_text(scene, session):
    doc = session.flow.documents["/index"]
    redirect = element(session, "/index", "Redirect")
    assert scene.item_for(Ref(doc, redirect)).handle is not None
    assert connect(session, doc, redirect, summary.TEXT, "/menu")
    assert doc.text(redirect) == "/menu"


def test_findings_put_a_badge_on_the_node_they_concern(scene, session):
    doc = session.flow.documents["/menu"]
    dial = element(session, "/menu", "Dial")
    session.edit("Set timeout", lambda: [(doc, doc.set_attribute(dial, "timeout", "soon"))])
    session.check_now()
    item = scene.item_for(Ref(doc, dial))
    found = scene.findings_at(item)
    assert found and item.badge.isVisible()
    assert any(f.message in tooltips.tooltip_text(scene, item.badge) for f in found)
    session.undo_stack.undo()
    session.check_now()
    assert not scene.item_for(Ref(doc, dial)).badge.isVisible()


def test_unknown_elements_are_rows_too(app, tmp_path):
    folder = tmp_path / "flow"
    folder.mkdir()
    (folder / "index.xml").write_text('<Response><!-- hi --><Say>a</Say><Foo bar="1"/></Response>')
    session = FlowSession()
    session.open(folder)
    scene = FlowScene(session)
    rows = scene.frame_for("/index").rows
    assert [r.document.tag(r.eid) for r in rows] == ["Say", "Foo"]
    assert not summary.is_known(rows[1].document, rows[1].eid)


def test_a_new_flow_replaces_every_frame(scene, session):
    from flowedit.model.document import Document

    session.new_flow([Document.new("/index")], "/index")
    assert [f.path for f in scene.frames()] == ["/index"]
    assert scene.links() == []
    assert not any(isinstance(item, (LinkItem, MissingItem)) for item in scene.items())


def test_palette_changes_repaint_without_errors(scene, qtbot):
    from flowedit.gui import style

    scene.setPalette(style.dark_palette())
    assert style.is_dark(scene.palette())


def test_render_in_a_dark_palette_is_dark(scene):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from flowedit.gui import style

    scene.setPalette(style.dark_palette())
    scene.set_caching(False)
    rect = scene.content_rect()
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
    image.fill(style.canvas_background(scene.palette()))
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()
    frame = scene.frame_for("/index").sceneBoundingRect()
    inside = frame.center() - rect.topLeft()
    assert image.pixelColor(int(inside.x()), int(inside.y())).lightness() < 100


CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not at {CORPUS}")
def test_every_corpus_document_opens_in_a_scene(app):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from flowedit.io.folder import load_flow

    folders = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    assert folders
    seen = 0
    for folder in folders:
        loaded = load_flow(folder)
        session = FlowSession()
        session.open(folder)
        scene = FlowScene(session)
        scene.set_caching(False)
        assert len(scene.frames()) == len(loaded.flow.documents)
        seen += len(scene.frames())
        rect = scene.content_rect()
        image = QImage(400, 300, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        scene.render(painter, QRectF(0, 0, 400, 300), rect)  # low detail: outlines and titles
        for frame in scene.frames()[:40]:  # full detail for a sample of each folder
            source = frame.sceneBoundingRect()
            scene.render(painter, QRectF(0, 0, source.width(), source.height()), source)
        painter.end()
    assert seen > 100
