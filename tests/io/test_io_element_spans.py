"""Where each element is in the written text (for the XML pane), as read and after edits."""

from __future__ import annotations

from flowedit.io.reader import read_document
from flowedit.io.writer import document_text, element_ranges, element_spans

TEXT = ('<?xml version="1.0"?>\n<Response>\n  <!-- hi -->\n  <Dial>\n    <Client>a</Client>\n'
        '    <Number>+1</Number>\n  </Dial>\n  <Say>x</Say>\n</Response>\n')


def test_spans_as_read_match_the_source_lines():
    doc = read_document(TEXT.encode(), "/index")
    spans = element_spans(doc)
    for eid in doc.iter_ids():
        assert spans[eid][0] == doc.sourceline(eid)
    dial = doc.child_elements(doc.root_id)[0]
    assert spans[dial] == (4, 7)
    assert spans[doc.root_id] == (2, 9)


def test_ranges_cut_out_exactly_each_node():
    doc = read_document(TEXT.encode(), "/index")
    text = document_text(doc)
    ranges = element_ranges(doc)
    say = doc.child_elements(doc.root_id)[1]
    start, end = ranges[say]
    assert text[start:end] == "<Say>x</Say>"
    comment = doc.children(doc.root_id)[0]
    assert text[slice(*ranges[comment])] == "<!-- hi -->"


def test_spans_follow_edits():
    doc = read_document(TEXT.encode(), "/index")
    dial, say = doc.child_elements(doc.root_id)
    doc.insert_element(dial, 0, "Client", text="b")
    spans = element_spans(doc)
    assert spans[dial] == (4, 8) and spans[say] == (9, 9)
    new = doc.child_elements(dial)[0]
    assert spans[new] == (5, 5) and document_text(doc).splitlines()[4].strip() == "<Client>b</Client>"
