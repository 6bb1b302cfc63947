"""The hardened reader: every refusal is a located, one-line ReadError, never a traceback or a hang."""

from __future__ import annotations

import time

import pytest

from flowedit.io import MAX_BYTES, ReadError, hardened_parser, read_document, read_file
from flowedit.io.reader import MAX_ATTRIBUTES, MAX_EQUALS, MAX_MARKUP


def refused(data: bytes, file: str = "f.xml") -> ReadError:
    with pytest.raises(ReadError) as info:
        read_document(data, "/f", file=file)
    return info.value


@pytest.mark.parametrize(
    "data, line, column, words",
    [
        (b"", 1, 1, "empty"),
        (b"<Response>\n  <Say>&foo;</Say>\n</Response>\n", 2, 13, "foo"),
        (b"<Response>\n  <Say>Hi</Dial>\n</Response>", 2, None, "mismatch"),
        (b"<Response>\n  <Say>Hi</Say>\n", 3, None, "end"),
        (b"<Response/><Response/>", 1, None, "Extra content"),
        (b"just text", 1, 1, "Start tag expected"),
        (b"<Response>\n<Say>a & b</Say></Response>", 2, None, "EntityRef"),
        (b'<Response><Say a="1" a="2"/></Response>', 1, None, "redefined"),
        (b"<Response><Say>\x01</Say></Response>", 1, None, ""),
        (b'<?xml version="1.0" encoding="x-no-such-codec"?><Response/>', 1, 31, "unknown encoding"),
        (b"<Response><Say>caf\xe9</Say></Response>", 1, 19, "0xE9"),
        (b"<Response>\n\n  <Say>ok\xc3</Say></Response>", 3, 10, "UTF-8"),
        (b"<Response>\x00</Response>", 1, 11, "NUL"),
        (b'\n\n<!DOCTYPE Response [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Response>&x;</Response>', 3, 1, "DOCTYPE"),
        (b'<?xml version="1.0"?>\n<!-- c -->\n<!ENTITY x "y">\n<Response/>', 3, 1, "entity"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE Response>\n<Response/>', 2, 1, "DOCTYPE"),
        (b"<Response>" + b"<a>" * 300 + b"</a>" * 300 + b"</Response>", 1, None, "depth"),
    ],
)
def test_refusals_are_located(data, line, column, words):
    error = refused(data)
    assert error.file == "f.xml"
    assert error.line == line
    if column is not None:
        assert error.column == column
    assert error.column >= 1
    assert words.lower() in error.message.lower()
    text = str(error)
    assert text.startswith(f"f.xml:{error.line}:{error.column}: error: ")
    assert "\n" not in text
    assert error.hint and f"({error.hint})" in text


def test_read_error_str_without_hint():
    assert str(ReadError("a.xml", 3, 7, "bad")) == "a.xml:3:7: error: bad"


def test_billion_laughs_is_refused_quickly():
    lol = b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    for i in range(1, 10):
        prev = f"&lol{i - 1};" if i > 1 else "&lol;"
        lol += f'<!ENTITY lol{i} "{prev * 10}">\n'.encode()
    lol += b"]>\n<Response><Say>&lol9;</Say></Response>\n"
    start = time.monotonic()
    error = refused(lol)
    assert time.monotonic() - start < 0.5
    assert (error.line, error.column) == (2, 1)


def test_parser_is_hardened():
    parser = hardened_parser()
    assert parser is hardened_parser()  # one per thread, reused
    # Even if a DOCTYPE reached lxml, it would neither load nor resolve entities.
    from lxml import etree

    root = etree.fromstring(b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', parser)
    assert "root:" not in (root.text or "")


def test_too_large_bytes_and_file(tmp_path):
    error = refused(b"<Response>" + b" " * MAX_BYTES + b"</Response>")
    assert (error.line, error.column) == (1, 1) and "MB" in error.message
    big = tmp_path / "big.xml"
    with big.open("wb") as stream:  # sparse: refused from its size, before it is read
        stream.truncate(50 * 1024 * 1024)
    with pytest.raises(ReadError) as info:
        read_file(big)
    assert info.value.file == str(big) and "MB" in info.value.message


def test_too_many_tags():
    data = b"<Response>\n" + b"<Pause/>\n" * MAX_MARKUP + b"</Response>"
    start = time.monotonic()
    error = refused(data)
    assert time.monotonic() - start < 1
    assert "tags" in error.message
    assert error.line == MAX_MARKUP + 1  # where the limit is passed
    just_enough = b"<Response>" + b"<Pause/>" * (MAX_MARKUP - 2) + b"</Response>"
    doc = read_document(just_enough, "/ok")
    assert len(doc.child_elements(doc.root_id)) == MAX_MARKUP - 2


def test_too_many_attributes_in_the_file():
    tag = b"<P " + b" ".join(b'a%d="1"' % i for i in range(100)) + b"/>\n"
    data = b"<Response>\n" + tag * (MAX_EQUALS // 100 + 1) + b"</Response>"
    error = refused(data)
    assert "attributes" in error.message and error.line > 1


def test_too_many_attributes_on_one_element():
    attrs = b" ".join(b'a%d="1"' % i for i in range(MAX_ATTRIBUTES + 1))
    error = refused(b"<Response>\n<Say " + attrs + b"/></Response>")
    assert "attributes" in error.message and error.line == 2
    ok = b"<Response>\n<Say " + b" ".join(b'a%d="1"' % i for i in range(MAX_ATTRIBUTES)) + b"/></Response>"
    read_document(ok, "/ok")


def test_hundred_thousand_deep_nesting_is_refused_quickly():
    data = b"<Response>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</Response>"
    start = time.monotonic()
    refused(data)
    assert time.monotonic() - start < 1


def test_utf16_without_bom_is_refused_not_crashed():
    refused('<Response><Say>x</Say></Response>'.encode("utf-16-le"))


def test_read_file_names_and_paths(tmp_path):
    file = tmp_path / "menu.twiml"
    file.write_bytes(b"<Response/>")
    doc = read_file(file)
    assert (doc.path, doc.suffix, doc.filename) == ("/menu", ".twiml", str(file))
    doc = read_file(file, "/sub/menu", name="sub/menu.twiml")
    assert doc.path == "/sub/menu" and doc.filename == "sub/menu.twiml"
    with pytest.raises(OSError):
        read_file(tmp_path / "missing.xml")
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<Response>")
    with pytest.raises(ReadError) as info:
        read_file(bad, name="label.xml")
    assert info.value.file == "label.xml"


def test_a_libxml2_message_with_the_offending_text_on_further_lines_stays_one_line():
    """Found by fuzzing: an unfinished CDATA section's message carried its content on new lines."""
    data = b'<Response>\n  <Dial><![CDATA[\xc2\xa0\n\xf0\x90\x80\x80]]'
    with pytest.raises(ReadError) as caught:
        read_document(data, "/a", file="broken.xml")
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("broken.xml:3:") and "CData section not finished" in str(caught.value)


def test_read_file_reads_every_byte_whatever_fstat_said(tmp_path, monkeypatch):
    """read_file reads through the descriptor, asking for the size fstat gave plus one byte; a file
    that grew or shrank since (an editor saving it) is still read whole, to its end."""
    import os

    from flowedit.io import reader

    body = b"<Response><Say>" + b"a" * 200_000 + b"</Say></Response>"
    file = tmp_path / "grew.xml"
    file.write_bytes(body)
    real_fstat = os.fstat

    class Stat:
        def __init__(self, size):
            self.st_size = size

    for said in (0, 10, len(body) - 1, len(body), len(body) + 5000):
        monkeypatch.setattr(reader.os, "fstat", lambda fd, said=said: Stat(said))
        doc = read_file(file)
        assert len(doc.root[0].text) == 200_000, said
    monkeypatch.setattr(reader.os, "fstat", real_fstat)
    assert read_file(file).root[0].text == "a" * 200_000


def test_read_file_stops_reading_past_the_limit(tmp_path, monkeypatch):
    """A file that fstat called small but that keeps going is read only to just past the limit, then
    refused like any file over it."""
    import os

    from flowedit.io import reader

    file = tmp_path / "huge.xml"
    file.write_bytes(b"<Response>" + b" " * (MAX_BYTES + (1 << 17)) + b"</Response>")
    reads = []
    real_read = os.read
    monkeypatch.setattr(reader.os, "fstat", lambda fd: type("S", (), {"st_size": 100})())
    monkeypatch.setattr(reader.os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(ReadError, match="MB"):
        read_file(file)
    assert sum(reads) <= MAX_BYTES + 101 + (1 << 16)


def test_read_file_names_the_file_it_cannot_read(tmp_path):
    """os.read's own errors name no file: read_file says which (a folder given as a file here)."""
    with pytest.raises(IsADirectoryError) as caught:
        read_file(tmp_path)
    assert str(tmp_path) in str(caught.value)
