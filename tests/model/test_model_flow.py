"""Flow-level edits: add, remove and rename documents, entry and base URL, with exact undo."""

from __future__ import annotations

import pytest

from flowedit.io import document_bytes, read_document
from flowedit.model import (
    DocumentAdded,
    DocumentRemoved,
    DocumentRenamed,
    EditError,
    EntryChanged,
    Flow,
    LinkKind,
    TextChanged,
)
from flowedit.model.document import Document

BASE = "https://example.com/app/"


def doc(path: str, body: str, suffix: str = ".xml") -> Document:
    data = f'<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n{body}</Response>\n'.encode()
    return read_document(data, path, suffix=suffix)


def make_flow() -> Flow:
    return Flow(
        [
            doc("/index", "  <Gather action='menu.xml?lang=en&amp;x=1'><Say>Hi</Say></Gather>\n"
                          "  <Redirect>/app/menu</Redirect>\n"
                          '  <Dial action="https://example.com/app/menu.twiml#end"><Number url="sub/screen">+1</Number></Dial>\n'
                          "  <Redirect>https://example.org/app/menu</Redirect>\n"),
            doc("/menu", "  <Redirect>menu</Redirect>\n  <Redirect>index</Redirect>\n  <Redirect>sub/screen.xml</Redirect>\n"
                         "  <Redirect>gone</Redirect>\n  <Play>hold.mp3</Play>\n", suffix=".twiml"),
            doc("/sub/screen", "  <Redirect>../menu</Redirect>\n  <Say>press 1</Say>\n"),
        ],
        entry="/index",
        base_url=BASE,
    )


def snapshot(flow: Flow) -> dict[str, bytes]:
    return {path: document_bytes(d) for path, d in flow.documents.items()}


def texts(flow: Flow) -> dict[str, str]:
    return {path: document_bytes(d).decode() for path, d in flow.documents.items()}


def test_rename_rewrites_links_keeping_style_and_suffix():
    flow = make_flow()
    before = snapshot(flow)
    change = flow.rename_document("/menu", "/ivr/main")
    assert isinstance(change, DocumentRenamed)
    assert sorted(flow.documents) == ["/index", "/ivr/main", "/sub/screen"]
    out = texts(flow)
    index = out["/index"]
    assert "<Gather action='ivr/main.xml?lang=en&amp;x=1'>" in index  # relative, suffix, query, quote
    assert "<Redirect>/app/ivr/main</Redirect>" in index  # from the root
    assert 'action="https://example.com/app/ivr/main.twiml#end"' in index  # absolute
    assert "<Redirect>https://example.org/app/menu</Redirect>" in index  # external: untouched
    assert "<Redirect>../ivr/main</Redirect>" in out["/sub/screen"]
    renamed = flow.document("/ivr/main")
    assert renamed.filename == "ivr/main.twiml" and renamed.suffix == ".twiml"
    assert all(link.kind is not LinkKind.MISSING or link.target in ("/ivr/gone", "/gone", "/hold.mp3")
               for link in flow.links())
    flow.apply(change.inverse())
    assert snapshot(flow) == before
    assert flow.document("/menu").filename == "menu.twiml"


def test_renamed_document_keeps_its_own_links_pointing_at_the_same_documents():
    flow = make_flow()
    before = snapshot(flow)
    targets = sorted((l.element, l.target) for l in flow.links_from("/menu"))
    change = flow.rename_document("/menu", "/ivr/main")
    out = texts(flow)["/ivr/main"]
    assert "<Redirect>main</Redirect>" in out  # the link to itself follows the new name
    assert "<Redirect>../index</Redirect>" in out
    assert "<Redirect>../sub/screen.xml</Redirect>" in out
    assert "<Redirect>../gone</Redirect>" in out  # a missing target stays the same missing target
    assert "<Play>../hold.mp3</Play>" in out
    after = sorted((l.element, l.target if l.target != "/ivr/main" else "/menu") for l in flow.links_from("/ivr/main"))
    assert after == targets
    flow.apply(change.inverse())
    assert snapshot(flow) == before


def test_rename_in_same_folder_leaves_relative_links_of_the_renamed_document_alone():
    flow = make_flow()
    menu_before = document_bytes(flow.document("/menu"))
    change = flow.rename_document("/menu", "/main")
    out = texts(flow)["/main"]
    assert "<Redirect>main</Redirect>" in out
    assert out.replace("<Redirect>main</Redirect>", "<Redirect>menu</Redirect>").encode() == menu_before
    flow.apply(change.inverse())
    assert document_bytes(flow.document("/menu")) == menu_before


def test_rename_of_entry_moves_the_entry_and_undo_restores_it():
    flow = make_flow()
    before = snapshot(flow)
    change = flow.rename_document("/index", "/start")
    assert flow.entry == "/start"
    assert "<Redirect>start</Redirect>" in texts(flow)["/menu"]
    flow.apply(change.inverse())
    assert flow.entry == "/index"
    assert snapshot(flow) == before


def test_rename_without_updating_links():
    flow = make_flow()
    before = snapshot(flow)
    change = flow.rename_document("/menu", "/main", update_links=False, suffix=".xml")
    assert change.links == ()
    assert {p: b for p, b in snapshot(flow).items() if p != "/main"} == {p: before[p] for p in ("/index", "/sub/screen")}
    assert flow.document("/main").filename == "main.xml"
    assert any(l.kind is LinkKind.MISSING and l.target == "/menu" for l in flow.links())
    flow.apply(change.inverse())
    assert flow.document("/menu").suffix == ".twiml"


def test_rename_refusals():
    flow = make_flow()
    with pytest.raises(EditError):
        flow.rename_document("/menu", "/index")
    with pytest.raises(EditError):
        flow.rename_document("/menu", "menu2")
    with pytest.raises(EditError):
        flow.rename_document("/menu", "/menu.xml")
    with pytest.raises(EditError):
        flow.rename_document("/nope", "/x")
    assert sorted(flow.documents) == ["/index", "/menu", "/sub/screen"]


def test_rename_events_carry_the_link_edits_and_undo_events():
    flow = make_flow()
    events = []
    flow.subscribe(lambda f, fc, d, dc: events.append((fc, d, dc)))
    change = flow.rename_document("/sub/screen", "/screen")
    flow_events = [fc for fc, _, _ in events if fc is not None]
    doc_events = [(d.path, dc) for _, d, dc in events if dc is not None]
    assert flow_events == [change]
    # Number url in /index, Redirect in /menu, and the renamed document's own "../menu"
    assert [dc for _, dc in doc_events] == [edit.change for edit in change.links]
    assert sorted(p for p, _ in doc_events) == ["/index", "/menu", "/screen"]


def test_add_and_remove_documents_with_undo():
    flow = make_flow()
    new = Document.new("/extra")
    events = []
    flow.subscribe(lambda f, fc, d, dc: events.append((fc, d, dc)))
    added = flow.add_document(new)
    assert added == DocumentAdded("/extra", new, False)
    assert flow.document("/extra") is new
    assert [l.kind for l in flow.links_from("/index")]  # still works
    new.insert_element(new.root_id, 0, "Hangup")
    assert events[-1][1] is new  # document changes are forwarded
    flow.apply(added.inverse())
    assert "/extra" not in flow.documents
    count = len(events)
    new.insert_element(new.root_id, 0, "Pause")
    assert len(events) == count  # a removed document is no longer forwarded
    with pytest.raises(EditError):
        flow.add_document(Document.new("/index"))
    with pytest.raises(EditError):
        flow.add_document(Document.new("/bad path"))


def test_removing_the_entry_document_and_undo_restores_the_entry():
    flow = make_flow()
    before = snapshot(flow)
    removed = flow.remove_document("/index")
    assert removed == DocumentRemoved("/index", removed.document, True)
    assert flow.entry is None
    assert "/index" not in flow.documents
    assert any(l.kind is LinkKind.MISSING and l.target == "/index" for l in flow.links())
    flow.apply(removed.inverse())
    assert flow.entry == "/index"
    assert snapshot(flow) == before
    assert flow.links_to("/index")


def test_removing_another_document_keeps_the_entry():
    flow = make_flow()
    removed = flow.remove_document("/menu")
    assert removed.entry is False and flow.entry == "/index"
    flow.apply(removed.inverse())
    assert flow.entry == "/index" and "/menu" in flow.documents
    with pytest.raises(EditError):
        flow.remove_document("/menu-nope")


def test_set_entry_and_undo():
    flow = make_flow()
    change = flow.set_entry("/menu")
    assert change == EntryChanged("/index", "/menu") and flow.entry == "/menu"
    flow.apply(change.inverse())
    assert flow.entry == "/index"
    assert flow.set_entry(None).new is None
    with pytest.raises(EditError):
        flow.set_entry("/nope")


def test_link_edit_records_are_document_changes_that_invert():
    flow = make_flow()
    change = flow.rename_document("/sub/screen", "/screen")
    for edit in change.links:
        assert edit.inverse().change == edit.change.inverse()
        assert edit.inverse().document is edit.document
    text_edits = {(e.change.old, e.change.new) for e in change.links if isinstance(e.change, TextChanged)}
    assert text_edits == {("sub/screen.xml", "screen.xml"), ("../menu", "menu")}


def test_rename_keeps_whitespace_around_links_and_line_endings():
    data = (b"<Response>\r\n  <Redirect>\r\n     menu.xml \r\n  </Redirect>\r\n"
            b'  <Gather action=" menu?x=menu "/>\r\n  <Redirect>menu#menu</Redirect>\r\n</Response>\r\n')
    index = read_document(data, "/index")
    menu = read_document(b'<Response><Redirect method="GET">/menu</Redirect></Response>', "/menu")
    flow = Flow([index, menu], entry="/index")
    change = flow.rename_document("/menu", "/m/menu")
    assert document_bytes(index) == data.replace(b"     menu.xml", b"     m/menu.xml").replace(
        b'" menu?x=menu "', b'" m/menu?x=menu "').replace(b">menu#menu<", b">m/menu#menu<")
    assert document_bytes(menu) == b'<Response><Redirect method="GET">/m/menu</Redirect></Response>'
    flow.apply(change.inverse())
    assert document_bytes(index) == data
