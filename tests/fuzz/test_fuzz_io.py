"""Fuzzing read → validate → write → read with generated and damaged TwiML (Hypothesis).

Properties: reading either gives a document or a located `ReadError` (never another exception);
checking a document never fails inside a rule (no `internal-error` finding); and every well-formed
document is written back byte for byte, both untouched and through the writer's span-by-span path.
"""

from __future__ import annotations

from hypothesis import given

from flowedit.io.errors import ReadError
from flowedit.io.reader import read_document
from flowedit.io.writer import document_bytes, document_text
from flowedit.model import Flow
from flowedit.validate import check_flow

from twiml_strategies import broken_documents, documents  # noqa: E402  (tests/fuzz is on sys.path)


def _check(doc) -> list:
    findings = check_flow(Flow([doc], entry=doc.path), measure=lambda d: len(document_bytes(d)))
    bugs = [f for f in findings if f.rule == "internal-error"]
    assert not bugs, bugs
    for finding in findings:  # every finding is located in the file
        assert finding.line >= 1 and finding.column >= 1
    return findings


@given(documents())
def test_well_formed_documents_read_check_and_write_back_byte_for_byte(data):
    doc = read_document(data, "/fuzz", file="fuzz.xml")
    _check(doc)
    assert document_bytes(doc) == data  # untouched: the bytes as read
    origin = doc.origin
    origin.prepare()  # the span-by-span writer path, as after any edit
    assert origin.mismatch is None
    written = origin.bom + document_text(doc).encode(origin.encoding, errors="xmlcharrefreplace")
    assert written == data
    again = read_document(written, "/fuzz", file="fuzz.xml")
    assert document_bytes(again) == data


@given(broken_documents())
def test_damaged_files_are_refused_with_a_located_message_or_read(data):
    try:
        doc = read_document(data, "/fuzz", file="broken.xml")
    except ReadError as err:
        assert err.file == "broken.xml" and err.line >= 1 and err.column >= 1
        assert err.message and err.hint
        assert "\n" not in str(err)  # one line
        return
    _check(doc)
    assert document_bytes(doc) == data
