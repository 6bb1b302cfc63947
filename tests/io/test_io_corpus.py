"""The real-world corpus (../shared/corpus/real): lossless round-trips and edit+undo on every element.

The corpus lives beside the repository, not in it; these tests skip when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flowedit.io import ReadError, document_bytes, read_document
from flowedit.io.folder import load_flow
from flowedit.model import Document

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"
MALFORMED = "api-snippets-history/sip-3-at-db0affa.xml"


def _files() -> list[str]:
    if not CORPUS.is_dir():
        return []
    return sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*")
                  if p.suffix in (".xml", ".twiml") and p.is_file())


FILES = _files()
WELL_FORMED = [f for f in FILES if f != MALFORMED]

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not FILES, reason=f"the corpus is not at {CORPUS}"),
]


def load(name: str) -> tuple[bytes, Document]:
    data = (CORPUS / name).read_bytes()
    return data, read_document(data, "/doc", file=name, suffix=Path(name).suffix)


def test_corpus_is_complete():
    assert len(FILES) >= 240 and MALFORMED in FILES


@pytest.mark.parametrize("name", WELL_FORMED)
def test_read_write_byte_identical(name):
    data, doc = load(name)
    assert document_bytes(doc) == data
    doc.revision += 1
    assert document_bytes(doc) == data


def test_malformed_file_gives_located_read_error():
    with pytest.raises(ReadError) as info:
        load(MALFORMED)
    error = info.value
    line = (CORPUS / MALFORMED).read_bytes().splitlines()[error.line - 1]
    # Line 5 holds the raw "&" of the SIP URI query; the column lies on or after it.
    assert error.line == 5
    assert line.index(b"&") + 1 <= error.column <= len(line) + 1
    assert error.file == MALFORMED
    assert str(error).startswith(f"{MALFORMED}:5:{error.column}: error: ")
    assert "&amp;" in error.hint


@pytest.mark.parametrize("name", WELL_FORMED)
def test_every_element_edit_then_undo_is_byte_identical(name):
    data, doc = load(name)
    for eid in [e for e in doc.iter_ids() if doc.kind(e) == "element"]:
        change = doc.set_attribute(eid, "flowedit-probe", "a&b\"c")
        assert document_bytes(doc) != data
        doc.apply(change.inverse())
        assert document_bytes(doc) == data, ("set attribute", doc.tag(eid))

        for index in (0, len(doc.children(eid))):
            change = doc.insert_element(eid, index, "Pause", [("length", "1")])
            assert b'<Pause length="1"/>' in document_bytes(doc)
            doc.apply(change.inverse())
            assert document_bytes(doc) == data, ("insert child", doc.tag(eid), index)

        if eid != doc.root_id:
            change = doc.remove_node(eid)
            assert not doc.contains(eid)
            doc.apply(change.inverse())
            assert document_bytes(doc) == data, ("remove", doc.tag(eid))

            change = doc.move_node(eid, doc.parent(eid), doc.index(eid))  # dropped where it was
            assert document_bytes(doc) == data, ("move in place", doc.tag(eid))
            doc.apply(change.inverse())
            assert document_bytes(doc) == data, ("undo move in place", doc.tag(eid))


@pytest.mark.parametrize("name", WELL_FORMED)
def test_attribute_value_change_is_confined_to_the_value(name, span_of, confined):
    data, doc = load(name)
    for eid in [e for e in doc.iter_ids() if doc.kind(e) == "element"]:
        for attr, _ in doc.attributes(eid):
            start, end = span_of(doc, eid, attr)
            change = doc.set_attribute(eid, attr, "EDITED")
            after = document_bytes(doc)
            confined(data, after, start, end)
            assert after == data[:start] + b"EDITED" + data[end:]
            doc.apply(change.inverse())
            assert document_bytes(doc) == data


def test_corpus_folders_load_as_flows():
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        loaded = load_flow(folder)
        expected_errors = 1 if folder.name == MALFORMED.split("/")[0] else 0
        # A folder may hold a.xml and a.twiml, which are served at the same path.
        duplicates = [e for e in loaded.errors if "same URL path" in e.message]
        assert len(loaded.errors) - len(duplicates) == expected_errors, [str(e) for e in loaded.errors]
        for doc in loaded.flow.documents.values():
            assert document_bytes(doc) == (folder / doc.filename).read_bytes()
