"""The source map is built lazily: reading scans nothing, the first edit or write builds it from the
tree as read, and the epilog is found without a scan (or with one when it is unusual)."""

from flowedit.io.reader import read_document
from flowedit.io.writer import document_bytes

SOURCE = (b'<?xml version="1.0"?>\n<Response>\n  <Say voice=\'alice\'>Hi &amp; bye</Say>\n'
          b'  <Dial><Number>+15551234567</Number></Dial>\n</Response>\n<!-- end -->\n')


def test_reading_does_not_scan_the_source():
    doc = read_document(SOURCE, "/a")
    assert doc.origin._nodes is None
    assert doc.epilog == "\n<!-- end -->\n"
    assert document_bytes(doc) == SOURCE  # untouched: the bytes as read, still without a scan
    assert doc.origin._nodes is None


def test_the_first_edit_maps_the_tree_as_read():
    doc = read_document(SOURCE, "/a")
    say = doc.child_elements(doc.root_id)[0]
    doc.set_attribute(say, "voice", "man")
    assert doc.origin._nodes is not None and doc.origin.mismatch is None
    # only the edited value is written anew; the single quotes and the &amp; stay as written
    assert document_bytes(doc) == SOURCE.replace(b"voice='alice'", b"voice='man'")


def test_an_edit_that_restructures_still_writes_untouched_spans_raw():
    doc = read_document(SOURCE, "/a")
    dial = doc.child_elements(doc.root_id)[1]
    doc.remove_node(doc.child_elements(doc.root_id)[0])
    assert b"<Dial><Number>+15551234567</Number></Dial>" in document_bytes(doc)
    assert doc.contains(dial)


def test_locating_a_node_builds_the_map_and_gives_its_column():
    doc = read_document(SOURCE, "/a")
    say = doc.child_elements(doc.root_id)[0]
    assert doc.locate(say, "voice") == (3, 8)


def test_an_epilog_comment_naming_the_root_end_tag_is_kept():
    data = b"<Response><Say>x</Say></Response>\n<!-- old </Response> -->\n"
    doc = read_document(data, "/a")
    assert doc.epilog == "\n<!-- old </Response> -->\n"
    assert document_bytes(doc) == data


def test_a_self_closing_root_and_a_prefixed_root():
    doc = read_document(b"<Response/>\n", "/a")
    assert doc.epilog == "\n"
    data = b'<t:Response xmlns:t="urn:x"><Say>x</Say></t:Response >  \n'
    doc = read_document(data, "/b")
    assert doc.epilog == "  \n"
    say = doc.child_elements(doc.root_id)[0]
    doc.set_text(say, "y")
    assert document_bytes(doc) == data.replace(b">x<", b">y<")
