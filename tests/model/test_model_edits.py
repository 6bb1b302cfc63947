"""The Document edit API: records, events, exact undo, indentation of inserted and removed nodes."""

from __future__ import annotations

import pytest
from lxml import etree

from flowedit.io import document_bytes, read_document
from flowedit.model import (
    AttributeChanged,
    Compound,
    Document,
    EditError,
    ElementInserted,
    ElementRemoved,
    TextChanged,
)

INDENTED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<Response>\n"
    b"    <Say voice='alice' language=\"en-US\" loop=\"2\">Hello</Say>\n"
    b"    <!-- ring the desk -->\n"
    b"    <Dial timeout=\"10\"/>\n"
    b"    <Hangup/>\n"
    b"</Response>\n"
)


def load(data: bytes = INDENTED, path: str = "/index") -> Document:
    return read_document(data, path)


def text(doc: Document) -> str:
    return document_bytes(doc).decode("utf-8")


def ids(doc: Document) -> tuple[int, int, int, int]:
    """(say, comment, dial, hangup) of INDENTED."""
    return tuple(doc.children(doc.root_id))  # type: ignore[return-value]


class Recorder:
    def __init__(self, doc: Document) -> None:
        self.events: list = []
        doc.subscribe(self)

    def __call__(self, doc, change) -> None:
        self.events.append((doc, change))


# -- attributes -----------------------------------------------------------------------------------


def test_set_new_attribute_record_event_and_bytes():
    doc = load()
    say, _, _, _ = ids(doc)
    rec = Recorder(doc)
    change = doc.set_attribute(say, "statusCallback", "/status")
    assert change == AttributeChanged(say, "statusCallback", None, "/status", 3)
    assert rec.events == [(doc, change)]
    assert doc.get(say, "statusCallback") == "/status"
    assert [n for n, _ in doc.attributes(say)] == ["voice", "language", "loop", "statusCallback"]
    assert "<Say voice='alice' language=\"en-US\" loop=\"2\" statusCallback=\"/status\">Hello</Say>" in text(doc)
    assert doc.revision == 1


def test_change_existing_attribute_keeps_position():
    doc = load()
    say, _, _, _ = ids(doc)
    change = doc.set_attribute(say, "language", "fr-FR")
    assert change == AttributeChanged(say, "language", "en-US", "fr-FR", 1)
    assert doc.attributes(say) == [("voice", "alice"), ("language", "fr-FR"), ("loop", "2")]
    doc.apply(change.inverse())
    assert document_bytes(doc) == INDENTED


@pytest.mark.parametrize("name, index", [("voice", 0), ("language", 1), ("loop", 2)])
def test_remove_attribute_and_undo_restores_order(name, index):
    doc = load()
    say, _, _, _ = ids(doc)
    before = doc.attributes(say)
    rec = Recorder(doc)
    change = doc.remove_attribute(say, name)
    assert change == AttributeChanged(say, name, dict(before)[name], None, index)
    assert doc.get(say, name) is None
    assert [n for n, _ in doc.attributes(say)] == [n for n, _ in before if n != name]
    inverse = change.inverse()
    assert inverse == AttributeChanged(say, name, None, dict(before)[name], index)
    doc.apply(inverse)
    assert doc.attributes(say) == before  # the exact order, not just the same set
    assert rec.events == [(doc, change), (doc, inverse)]
    assert document_bytes(doc) == INDENTED


def test_remove_every_attribute_then_undo_in_reverse():
    doc = load()
    say, _, _, _ = ids(doc)
    changes = [doc.remove_attribute(say, n) for n in ("language", "voice", "loop")]
    assert doc.attributes(say) == []
    assert "<Say>Hello</Say>" in text(doc)
    for change in reversed(changes):
        doc.apply(change.inverse())
    assert document_bytes(doc) == INDENTED


def test_xml_lang_attribute_by_prefixed_name():
    doc = load(b'<Response><Say><lang xml:lang="fr-FR">Bonjour</lang></Say></Response>')
    lang = doc.child_elements(doc.child_elements(doc.root_id)[0])[0]
    assert doc.attributes(lang) == [("xml:lang", "fr-FR")]
    assert doc.get(lang, "xml:lang") == "fr-FR"
    change = doc.set_attribute(lang, "xml:lang", "de-DE")
    assert text(doc) == '<Response><Say><lang xml:lang="de-DE">Bonjour</lang></Say></Response>'
    doc.apply(change.inverse())
    assert text(doc) == '<Response><Say><lang xml:lang="fr-FR">Bonjour</lang></Say></Response>'


# -- text -----------------------------------------------------------------------------------------


def test_set_text_record_event_and_undo():
    doc = load()
    say, _, _, _ = ids(doc)
    rec = Recorder(doc)
    change = doc.set_text(say, "Goodbye & <thanks>")
    assert change == TextChanged(say, "Hello", "Goodbye & <thanks>")
    assert rec.events == [(doc, change)]
    assert ">Goodbye &amp; &lt;thanks&gt;</Say>" in text(doc)
    doc.apply(change.inverse())
    assert document_bytes(doc) == INDENTED


def test_set_text_of_comment():
    doc = load()
    _, comment, _, _ = ids(doc)
    assert doc.kind(comment) == "comment" and doc.tag(comment) == ""
    change = doc.set_text(comment, " call the desk ")
    assert "    <!-- call the desk -->\n" in text(doc)
    doc.apply(change.inverse())
    assert document_bytes(doc) == INDENTED


def test_text_on_self_closing_element_opens_it():
    doc = load()
    _, _, dial, _ = ids(doc)
    change = doc.set_text(dial, "+14155550100")
    assert '    <Dial timeout="10">+14155550100</Dial>\n' in text(doc)
    doc.apply(change.inverse())
    assert document_bytes(doc) == INDENTED


# -- insert ---------------------------------------------------------------------------------------


def test_insert_at_end_takes_sibling_indentation():
    doc = load()
    rec = Recorder(doc)
    change = doc.insert_element(doc.root_id, 4, "Pause", [("length", "2")])
    assert isinstance(change, ElementInserted)
    assert change.parent == doc.root_id and change.index == 4
    assert doc.tag(change.eid) == "Pause" and doc.attributes(change.eid) == [("length", "2")]
    assert rec.events == [(doc, change)]
    assert text(doc).endswith('    <Hangup/>\n    <Pause length="2"/>\n</Response>\n')
    doc.apply(change.inverse())
    assert document_bytes(doc) == INDENTED
    assert not doc.contains(change.eid)


@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_insert_in_middle_gets_its_own_line(index):
    doc = load()
    change = doc.insert_element(doc.root_id, index, "Pause")
    lines = text(doc).splitlines()
    original = INDENTED.decode().splitlines()
    assert lines == original[: 2 + index] + ["    <Pause/>"] + original[2 + index:]
    doc.apply(change.inverse())
    assert document_bytes(doc) == INDENTED


def test_insert_into_empty_self_closing_parent_in_indented_doc():
    doc = load()
    _, _, dial, _ = ids(doc)
    change = doc.insert_element(dial, 0, "Number", text="+14155550100")
    assert (
        '    <Dial timeout="10">\n'
        "        <Number>+14155550100</Number>\n"
        "    </Dial>\n"
        "    <Hangup/>\n"
    ) in text(doc)
    second = doc.insert_element(dial, 1, "Client", text="alice")
    assert (
        '    <Dial timeout="10">\n'
        "        <Number>+14155550100</Number>\n"
        "        <Client>alice</Client>\n"
        "    </Dial>\n"
    ) in text(doc)
    doc.apply(second.inverse())
    doc.apply(change.inverse())
    assert document_bytes(doc) == INDENTED


def test_insert_into_empty_parent_uses_tab_unit():
    data = b"<Response>\n\t<Dial/>\n</Response>\n"
    doc = load(data)
    dial = doc.child_elements(doc.root_id)[0]
    doc.insert_element(dial, 0, "Number", text="1")
    assert text(doc) == "<Response>\n\t<Dial>\n\t\t<Number>1</Number>\n\t</Dial>\n</Response>\n"


def test_insert_into_one_line_doc_stays_on_one_line():
    data = b"<Response><Say>Hi</Say><Dial/></Response>"
    doc = load(data)
    say, dial = doc.child_elements(doc.root_id)
    c1 = doc.insert_element(doc.root_id, 2, "Hangup")
    c2 = doc.insert_element(dial, 0, "Number", text="1")
    c3 = doc.insert_element(doc.root_id, 0, "Pause")
    assert text(doc) == "<Response><Pause/><Say>Hi</Say><Dial><Number>1</Number></Dial><Hangup/></Response>"
    for change in (c3, c2, c1):
        doc.apply(change.inverse())
    assert document_bytes(doc) == data


def test_insert_into_empty_root_after_declaration():
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n</Response>\n'
    doc = load(data)
    change = doc.insert_element(doc.root_id, 0, "Say", text="Hi")
    assert text(doc) == '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Hi</Say>\n</Response>\n'
    doc.apply(change.inverse())
    assert document_bytes(doc) == data


def test_insert_into_new_document_is_indented_like_the_helper_libraries():
    doc = Document.new("/menu")
    say = doc.insert_element(doc.root_id, 0, "Say", text="Hi").eid
    dial = doc.insert_element(doc.root_id, 1, "Dial", [("action", "/next")]).eid
    doc.insert_element(dial, 0, "Number", text="+1415")
    assert doc.parent(say) == doc.root_id
    assert text(doc) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<Response>\n"
        "  <Say>Hi</Say>\n"
        '  <Dial action="/next">\n'
        "    <Number>+1415</Number>\n"
        "  </Dial>\n"
        "</Response>\n"
    )


def test_insert_into_mixed_content_adds_no_whitespace():
    data = b'<Response>\n  <Say>Hi <break time="1s"/> there</Say>\n</Response>\n'
    doc = load(data)
    say = doc.child_elements(doc.root_id)[0]
    change = doc.insert_element(say, 1, "emphasis", text="now")
    assert text(doc) == '<Response>\n  <Say>Hi <break time="1s"/> there<emphasis>now</emphasis></Say>\n</Response>\n'
    doc.apply(change.inverse())
    assert document_bytes(doc) == data


def test_insert_into_parent_holding_text_leaves_the_text():
    data = b"<Response>\n  <Dial>+14155550100</Dial>\n</Response>\n"
    doc = load(data)
    dial = doc.child_elements(doc.root_id)[0]
    doc.insert_element(dial, 0, "Number", text="1")
    assert doc.text(dial) == "+14155550100"
    assert text(doc) == "<Response>\n  <Dial>+14155550100<Number>1</Number></Dial>\n</Response>\n"


def test_insert_node_inserts_a_detached_subtree():
    doc = load()
    fragment = etree.fromstring("<Gather action='/menu'><Say>Press 1</Say></Gather>")
    change = doc.insert_node(doc.root_id, 0, fragment)
    assert change.eid == doc.eid(fragment)
    inner = doc.child_elements(change.eid)
    assert [doc.tag(e) for e in inner] == ["Say"]
    assert doc.contains(inner[0])
    doc.apply(change.inverse())
    assert document_bytes(doc) == INDENTED


# -- remove ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("position", [0, 1, 2, 3])
def test_remove_takes_its_line_cleanly(position):
    doc = load()
    eid = ids(doc)[position]
    rec = Recorder(doc)
    change = doc.remove_node(eid)
    assert isinstance(change, ElementRemoved)
    assert change.eid == eid and change.parent == doc.root_id and change.index == position
    assert rec.events == [(doc, change)]
    original = INDENTED.decode().splitlines(keepends=True)
    assert text(doc) == "".join(original[: 2 + position] + original[3 + position:])
    assert not doc.contains(eid)
    doc.apply(change.inverse())
    assert doc.contains(eid)
    assert document_bytes(doc) == INDENTED


def test_remove_only_child_and_undo():
    data = b"<Response>\n  <Dial>\n    <Number>1</Number>\n  </Dial>\n</Response>\n"
    doc = load(data)
    dial = doc.child_elements(doc.root_id)[0]
    number = doc.child_elements(dial)[0]
    change = doc.remove_node(number)
    assert "Number" not in text(doc)
    assert text(doc) == "<Response>\n  <Dial></Dial>\n</Response>\n"
    doc.apply(change.inverse())
    assert document_bytes(doc) == data


def test_remove_all_children_then_undo_all():
    doc = load()
    changes = [doc.remove_node(eid) for eid in ids(doc)]
    assert text(doc) == '<?xml version="1.0" encoding="UTF-8"?>\n<Response></Response>\n'
    for change in reversed(changes):
        doc.apply(change.inverse())
    assert document_bytes(doc) == INDENTED


def test_remove_in_mixed_content_keeps_the_words():
    data = b'<Response><Say>Hi <break time="1s"/> there</Say></Response>'
    doc = load(data)
    say = doc.child_elements(doc.root_id)[0]
    brk = doc.children(say)[0]
    change = doc.remove_node(brk)
    assert doc.text(say) == "Hi  there"
    assert text(doc) == "<Response><Say>Hi  there</Say></Response>"
    doc.apply(change.inverse())
    assert document_bytes(doc) == data
    assert doc.text(say) == "Hi " and doc.node(brk).tail == " there"


def test_remove_ssml_child_between_words_and_elements():
    data = b'<Response>\n  <Say>One <emphasis>two</emphasis> three <break/> four</Say>\n</Response>\n'
    doc = load(data)
    say = doc.child_elements(doc.root_id)[0]
    emphasis, brk = doc.children(say)
    c1 = doc.remove_node(brk)
    c2 = doc.remove_node(emphasis)
    assert text(doc) == "<Response>\n  <Say>One  three  four</Say>\n</Response>\n"
    doc.apply(c2.inverse())
    doc.apply(c1.inverse())
    assert document_bytes(doc) == data


# -- move -----------------------------------------------------------------------------------------


def test_move_down_and_up_with_events_and_undo():
    doc = load()
    say, comment, dial, hangup = ids(doc)
    rec = Recorder(doc)
    change = doc.move_node(say, doc.root_id, 3)
    assert isinstance(change, Compound)
    removed, inserted = change.changes
    assert isinstance(removed, ElementRemoved) and isinstance(inserted, ElementInserted)
    assert [c for _, c in rec.events] == [removed, inserted]
    assert doc.children(doc.root_id) == [comment, dial, hangup, say]
    assert text(doc) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n'
        "    <!-- ring the desk -->\n"
        '    <Dial timeout="10"/>\n'
        "    <Hangup/>\n"
        "    <Say voice='alice' language=\"en-US\" loop=\"2\">Hello</Say>\n"
        "</Response>\n"
    )
    doc.apply(change.inverse())
    assert doc.children(doc.root_id) == [say, comment, dial, hangup]
    assert document_bytes(doc) == INDENTED
    up = doc.move_node(hangup, doc.root_id, 0)
    assert doc.children(doc.root_id) == [hangup, say, comment, dial]
    doc.apply(up.inverse())
    assert document_bytes(doc) == INDENTED


def test_move_into_another_parent_takes_its_indentation():
    data = b"<Response>\n  <Number>1</Number>\n  <Dial>\n    <Client>a</Client>\n  </Dial>\n</Response>\n"
    doc = load(data)
    number, dial = doc.child_elements(doc.root_id)
    change = doc.move_node(number, dial, 1)
    assert doc.parent(number) == dial
    assert text(doc) == "<Response>\n  <Dial>\n    <Client>a</Client>\n    <Number>1</Number>\n  </Dial>\n</Response>\n"
    doc.apply(change.inverse())
    assert document_bytes(doc) == data
    redo = change
    doc.apply(redo)
    assert text(doc) == "<Response>\n  <Dial>\n    <Client>a</Client>\n    <Number>1</Number>\n  </Dial>\n</Response>\n"


def test_move_to_where_it_already_is_changes_nothing():
    data = b"<Response>\n    <Dial>\n        <Client>joey</Client>\n    </Dial>\n    <Say>x</Say> \n    <Hangup/>\n</Response>"
    doc = load(data)
    rec = Recorder(doc)
    for eid in [e for e in doc.iter_ids() if e != doc.root_id]:
        change = doc.move_node(eid, doc.parent(eid), doc.index(eid))
        assert document_bytes(doc) == data, doc.tag(eid)
        doc.apply(change.inverse())
        assert document_bytes(doc) == data
    assert all(not isinstance(c, (ElementRemoved, ElementInserted)) for _, c in rec.events)


# -- refusals -------------------------------------------------------------------------------------


def _refusals(doc: Document):
    say, comment, dial, hangup = ids(doc)
    gather = doc.insert_element(doc.root_id, 0, "Gather").eid
    inner = doc.insert_element(gather, 0, "Say", text="x").eid
    return {
        "unknown id (attribute)": lambda: doc.set_attribute(987654321, "a", "b"),
        "unknown id (text)": lambda: doc.set_text(987654321, "x"),
        "unknown id (remove)": lambda: doc.remove_node(987654321),
        "unknown parent (insert)": lambda: doc.insert_element(987654321, 0, "Say"),
        "bad attribute name": lambda: doc.set_attribute(say, "bad name", "x"),
        "attribute name starting with a digit": lambda: doc.set_attribute(say, "1st", "x"),
        "empty attribute name": lambda: doc.set_attribute(say, "", "x"),
        "undeclared prefix": lambda: doc.set_attribute(say, "foo:bar", "x"),
        "namespace declaration": lambda: doc.set_attribute(say, "xmlns", "urn:x"),
        "prefixed namespace declaration": lambda: doc.set_attribute(say, "xmlns:p", "urn:x"),
        "undeclared namespace in Clark notation": lambda: doc.set_attribute(say, "{urn:x}a", "x"),
        "control char in attribute": lambda: doc.set_attribute(say, "voice", "a\x01b"),
        "non-text attribute value": lambda: doc.set_attribute(say, "loop", 3),
        "remove missing attribute": lambda: doc.remove_attribute(say, "nope"),
        "control char in text": lambda: doc.set_text(say, "bell\x07"),
        "NUL in text": lambda: doc.set_text(say, "a\x00"),
        "lone surrogate in text": lambda: doc.set_text(say, "\ud800"),
        "U+FFFE in text": lambda: doc.set_text(say, "\ufffe"),
        "comment containing --": lambda: doc.set_text(comment, "a -- b"),
        "comment ending in -": lambda: doc.set_text(comment, "a -"),
        "attribute on a comment": lambda: doc.set_attribute(comment, "a", "b"),
        "insert under a comment": lambda: doc.insert_element(comment, 0, "Say"),
        "bad element name": lambda: doc.insert_element(doc.root_id, 0, "1Say"),
        "element name with space": lambda: doc.insert_element(doc.root_id, 0, "Say it"),
        "empty element name": lambda: doc.insert_element(doc.root_id, 0, ""),
        "bad attribute in insert": lambda: doc.insert_element(doc.root_id, 0, "Say", [("a b", "x")]),
        "control char in inserted text": lambda: doc.insert_element(doc.root_id, 0, "Say", text="\x0b"),
        "insert index too large": lambda: doc.insert_element(doc.root_id, 99, "Say"),
        "insert index negative": lambda: doc.insert_element(doc.root_id, -1, "Say"),
        "insert an attached node": lambda: doc.insert_node(dial, 0, doc.node(hangup)),
        "insert the root": lambda: doc.insert_node(dial, 0, doc.root),
        "removing root": lambda: doc.remove_node(doc.root_id),
        "moving root": lambda: doc.move_node(doc.root_id, dial, 0),
        "moving into itself": lambda: doc.move_node(gather, gather, 0),
        "moving into own descendant": lambda: doc.move_node(gather, inner, 0),
        "moving root into descendant": lambda: doc.move_node(doc.root_id, gather, 0),
        "move index too large": lambda: doc.move_node(say, dial, 5),
        "move index past end in same parent": lambda: doc.move_node(say, doc.root_id, 5),
    }


@pytest.mark.parametrize("case", list(_refusals(load())))
def test_refusals_raise_edit_error_and_change_nothing(case):
    doc = load()
    attempt = _refusals(doc)[case]
    before = document_bytes(doc)
    before_text = etree.tostring(doc.root)
    revision = doc.revision
    rec = Recorder(doc)
    with pytest.raises(EditError):
        attempt()
    assert rec.events == []
    assert doc.revision == revision
    assert etree.tostring(doc.root) == before_text
    assert document_bytes(doc) == before


def test_removed_node_cannot_be_removed_again_but_can_be_restored():
    doc = load()
    say, _, _, _ = ids(doc)
    change = doc.remove_node(say)
    with pytest.raises(EditError):
        doc.remove_node(say)
    with pytest.raises(EditError):
        doc.move_node(say, doc.root_id, 0)
    assert doc.node(say) is not None  # the id stays valid for undo
    doc.apply(change.inverse())
    assert document_bytes(doc) == INDENTED


def test_node_of_another_document_has_no_id_here():
    doc, other = load(), load()
    with pytest.raises(EditError):
        doc.eid(other.root)
    assert doc.root_id != other.root_id  # ids are unique across documents


# -- ids, compound, subscribers -------------------------------------------------------------------


def test_ids_stable_across_edits_and_undo():
    doc = load()
    nodes = {eid: doc.node(eid) for eid in doc.iter_ids()}
    order = list(doc.iter_ids())
    say, comment, dial, hangup = ids(doc)
    history = [
        doc.set_attribute(say, "voice", "man"),
        doc.insert_element(dial, 0, "Number", text="1"),
        doc.move_node(hangup, doc.root_id, 0),
        doc.remove_node(comment),
        doc.set_text(say, "Bye"),
        doc.remove_attribute(dial, "timeout"),
    ]
    inserted = history[1].eid
    for eid, node in nodes.items():
        assert doc.node(eid) is node
        assert doc.eid(node) == eid
    assert doc.parent(inserted) == dial
    for change in reversed(history):
        doc.apply(change.inverse())
    assert list(doc.iter_ids()) == order
    for eid, node in nodes.items():
        assert doc.node(eid) is node
    assert document_bytes(doc) == INDENTED
    for change in history:  # redo brings back the same nodes under the same ids
        doc.apply(change)
    assert doc.parent(inserted) == dial and doc.tag(inserted) == "Number"
    assert doc.children(doc.root_id)[0] == hangup


def test_compound_inverse_reverses_order_and_restores_bytes():
    doc = load()
    say, _, dial, _ = ids(doc)
    parts = (
        doc.set_attribute(say, "voice", "man"),
        doc.insert_element(dial, 0, "Number", text="1"),
        doc.remove_node(say),
    )
    compound = Compound(parts, "several")
    inverse = compound.inverse()
    assert inverse.label == "several"
    assert inverse.changes == tuple(p.inverse() for p in reversed(parts))
    rec = Recorder(doc)
    doc.apply(inverse)
    assert [c for _, c in rec.events] == list(inverse.changes)  # one event per part
    assert document_bytes(doc) == INDENTED
    doc.apply(compound)
    assert doc.get(say, "voice") == "man" and not doc.contains(say)
    doc.apply(compound.inverse())
    assert document_bytes(doc) == INDENTED


def test_inverse_of_inverse_is_the_change():
    doc = load()
    say, _, dial, _ = ids(doc)
    for change in (doc.set_attribute(say, "loop", "3"), doc.set_text(say, "x"),
                   doc.insert_element(dial, 0, "Number"), doc.remove_node(say),
                   doc.move_node(dial, doc.root_id, 0)):
        assert change.inverse().inverse() == change


def test_unsubscribe_stops_events():
    doc = load()
    say, _, _, _ = ids(doc)
    rec = Recorder(doc)
    doc.unsubscribe(rec)
    doc.set_text(say, "x")
    assert rec.events == []


def test_queries():
    doc = load()
    say, comment, dial, hangup = ids(doc)
    assert doc.tag(doc.root_id) == "Response"
    assert doc.child_elements(doc.root_id) == [say, dial, hangup]
    assert doc.index(dial) == 2
    assert doc.parent(say) == doc.root_id and doc.parent(doc.root_id) is None
    assert doc.sourceline(dial) == 5
    assert doc.text(say) == "Hello"
    assert doc.kind(say) == "element" and doc.kind(comment) == "comment"
    new = doc.insert_element(dial, 0, "Number").eid
    assert doc.sourceline(new) is None
