"""Formatting: two-space indentation, comments kept, SSML mixed content untouched, idempotent."""

from __future__ import annotations

import pytest

from flowedit.io import document_bytes, read_document
from flowedit.io.fmt import formatted_bytes, formatted_text

MESSY = (
    b'<?xml version="1.0" encoding="UTF-8" ?>\n<!-- top -->\n<Response>\n'
    b'<Say voice="alice">Hi <break time="1s"/>  there,\n      <emphasis level="strong">friend</emphasis>!</Say>\n'
    b"        <!-- inner -->\n<Dial callerId='+1'><Number>  +1415  </Number><Client>a</Client></Dial>\n"
    b"<Gather><Say><![CDATA[a < b]]></Say></Gather>\n</Response>\n<!-- end -->"
)

EXPECTED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!-- top -->\n<Response>\n'
    '  <Say voice="alice">Hi <break time="1s"/>  there,\n      <emphasis level="strong">friend</emphasis>!</Say>\n'
    "  <!-- inner -->\n"
    '  <Dial callerId="+1">\n    <Number>  +1415  </Number>\n    <Client>a</Client>\n  </Dial>\n'
    "  <Gather>\n    <Say><![CDATA[a < b]]></Say>\n  </Gather>\n"
    "</Response>\n<!-- end -->\n"
)


def fmt(data: bytes) -> str:
    return formatted_text(read_document(data, "/f"))


def test_two_space_indent_comments_kept_mixed_content_untouched():
    assert fmt(MESSY) == EXPECTED


def test_idempotent():
    once = formatted_bytes(read_document(MESSY, "/f"))
    assert formatted_bytes(read_document(once, "/f")) == once


def test_formatting_leaves_the_document_itself_alone():
    doc = read_document(MESSY, "/f")
    fmt_bytes = formatted_bytes(doc)
    assert fmt_bytes != MESSY
    assert document_bytes(doc) == MESSY  # fmt works on a copy
    doc.revision += 1
    assert document_bytes(doc) == MESSY


def test_crlf_is_kept():
    out = fmt(b"<Response>\r\n<Say>a\r\nb</Say><Hangup/></Response>\r\n")
    assert out == "<Response>\r\n  <Say>a\r\nb</Say>\r\n  <Hangup/>\r\n</Response>\r\n"


def test_output_is_utf8_with_a_utf8_declaration():
    doc = read_document(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<Response><Say>caf\xe9</Say></Response>', "/f")
    assert formatted_bytes(doc) == '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>café</Say>\n</Response>\n'.encode()


def test_no_declaration_is_added():
    assert fmt(b"<Response><Hangup/></Response>") == "<Response>\n  <Hangup/>\n</Response>\n"


@pytest.mark.parametrize(
    "say",
    [
        b'<Say>One <say-as interpret-as="digits">123</say-as> two</Say>',
        b'<Say>\n   Hello <lang xml:lang="fr-FR">  bonjour </lang>\n</Say>',
        b"<Say>a<break/><break/>b</Say>",
        b"<Say><emphasis>x</emphasis> tail</Say>",
    ],
)
def test_ssml_inner_spacing_is_untouched(say):
    out = fmt(b"<Response>" + say + b"</Response>")
    assert out == "<Response>\n  " + say.decode() + "\n</Response>\n"


def test_deeper_indentation_is_normalized():
    data = b"<Response>\n\t\t<Dial>\n\t\t\t\t<Number>1</Number>\n\t\t</Dial>\n</Response>\n"
    assert fmt(data) == "<Response>\n  <Dial>\n    <Number>1</Number>\n  </Dial>\n</Response>\n"
