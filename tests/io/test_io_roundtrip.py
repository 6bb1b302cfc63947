"""Lossless io over tricky documents: read→write byte-identical, edits confined, edit+undo identical."""

from __future__ import annotations

import pytest

from flowedit.io import document_bytes, document_text, read_document
from flowedit.model import Document

FIXTURES: dict[str, bytes] = {
    "crlf": (
        b'<?xml version="1.0" encoding="UTF-8"?>\r\n<Response>\r\n'
        b'\t<Say voice="alice">Hello</Say>\r\n\t<Dial timeout="10">\r\n\t\t<Number>+14155550100</Number>\r\n'
        b"\t</Dial>\r\n</Response>\r\n"
    ),
    "crlf-no-final-newline": b"<Response>\r\n  <Hangup/>\r\n</Response>",
    "no-final-newline": b'<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Hi</Say>\n</Response>',
    "no-declaration": b'<Response>\n  <Play loop="2">https://api.twilio.com/cowbell.mp3</Play>\n</Response>\n',
    "declaration-with-space": b'<?xml version="1.0" encoding="UTF-8" ?>\n<Response>\n    <Reject reason="busy"/>\n</Response>\n',
    "declaration-single-quotes": b"<?xml version='1.0' encoding='utf-8'?>\n<Response><Hangup/></Response>\n",
    "comments-everywhere": (
        b"<!-- before the declaration is not allowed, so: -->\n<!-- before root -->\n<Response>\n"
        b"  <!-- inside, first -->\n  <Say>Hi</Say><!-- after a verb -->\n  <!--\n    multi\n    line\n  -->\n"
        b"</Response>\n<!-- after root -->\n<!-- and another -->"
    ),
    "comment-after-empty-root": b"<Response/>\n<!-- nothing to do -->\n",
    "single-quoted": b"<Response><Dial action='/next?a=1&amp;b=2' method='GET' callerId=\"+1\"><Client>a'b</Client></Dial></Response>",
    "quotes-inside-values": b"<Response><Say voice='say \"hi\"' language=\"it's\">&quot;x&quot; &apos;y&apos;</Say></Response>",
    "multiline-attributes": (
        b'<Response>\n  <Gather input="speech dtmf"\n          action="/gather"\n          timeout="5"\n'
        b'          numDigits = "1"\n  >\n    <Say>Press 1</Say>\n  </Gather>\n  <Dial\n    record="true"\n  />\n</Response>\n'
    ),
    "character-references": b'<Response><Say voice="Polly.L&#233;a">Caf&#233; &#x41;&#x263A; &#65;</Say></Response>\n',
    "amp-in-urls": (
        b'<Response>\n  <Redirect method="POST">https://example.com/next?a=1&amp;b=2&amp;c=%20</Redirect>\n'
        b'  <Play>https://example.com/a.mp3?x=1&amp;y=2</Play>\n'
        b'  <Enqueue waitUrl="/wait?q=1&amp;r=2">support</Enqueue>\n</Response>\n'
    ),
    "cdata": b"<Response><Say><![CDATA[Tom & Jerry <3 ]]></Say><Say>a<![CDATA[b]]>c</Say></Response>",
    "ssml": (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say voice="Polly.Joanna">\n'
        b'    Hi <say-as interpret-as="spell-out">abc</say-as>, <break time="1s"/>\n'
        b'    <lang xml:lang="fr-FR">Bonjour</lang> <prosody rate="slow" volume="+6dB">slowly</prosody>.\n'
        b"  </Say>\n</Response>\n"
    ),
    "unknown-markup": (
        b'<Response xmlns:x="urn:example">\n  <Ninja stealth="high"><alexa/></Ninja>\n'
        b'  <Say x:mood="happy" made-up="yes">Hi</Say>\n  Text directly in Response\n  <Hangup>oops</Hangup>\n</Response>\n'
    ),
    "processing-instructions": (
        b'<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="s.xsl"?>\n<Response>\n'
        b"  <?php echo $x; ?>\n  <Say>Hi</Say>\n  <?empty?>\n</Response>\n<?after root?>\n"
    ),
    "utf8-bom": b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\n<Response><Say>caf\xc3\xa9 \xe2\x82\xac</Say></Response>\n',
    "iso-8859-1": b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<Response>\n  <Say language="fr-FR">Caf\xe9 cr\xe8me</Say>\n</Response>\n',
    "utf-16": '<?xml version="1.0" encoding="UTF-16"?>\n<Response><Say>caf\u00e9</Say></Response>\n'.encode("utf-16"),
    "response-self-closing": b"<Response/>",
    "response-self-closing-space": b'<?xml version="1.0" encoding="UTF-8"?>\n<Response />\n',
    "empty-elements": b"<Response>\n  <Dial></Dial>\n  <Dial\n  />\n  <Say voice=\"man\"></Say>\n  <Pause   />\n</Response>\n",
    "padded-values": b"<Response>\n  <Dial>\n    <Number>\n      +1 415 555 0100\n    </Number>\n  </Dial>\n  <Pause length=\" 5 \"/>\n</Response>\n",
    "ruby-heredoc-indentation": b"      <Response>\n        <Say>Hi</Say>\n      </Response>\n",
    "attribute-spacing": b'<Response>\n  <Say  voice = "alice"\tloop=\'2\'\n>x</Say>\n</Response>\n',
    "newline-in-attribute-value": b'<Response><Say voice="a\nb" language="x&#10;y&#9;z">&gt; &lt;</Say></Response>',
    "greater-than-raw": b'<Response><Say voice="1 > 0">a > b ]] c</Say></Response>',
    "deep-nesting": b"<Response><Gather><Say><prosody><emphasis>deep</emphasis></prosody></Say></Gather></Response>",
}


def load(name: str) -> Document:
    return read_document(FIXTURES[name], "/doc", file=f"{name}.xml")


@pytest.fixture(params=sorted(FIXTURES))
def name(request) -> str:
    return request.param


def test_read_write_is_byte_identical(name):
    doc = load(name)
    assert document_bytes(doc) == FIXTURES[name]


def test_full_writer_path_is_byte_identical(name):
    doc = load(name)
    doc.revision += 1  # forces the writer to build the bytes from the tree and the source map
    assert document_bytes(doc) == FIXTURES[name]


def _elements(doc: Document) -> list[int]:
    return [eid for eid in doc.iter_ids() if doc.kind(eid) == "element"]


def test_every_edit_then_undo_is_byte_identical(name):
    data = FIXTURES[name]
    doc = load(name)
    for eid in _elements(doc):
        edits = [
            lambda: doc.set_attribute(eid, "flowedit-test", "v\"'&<>"),
            lambda: doc.set_text(eid, "changed & <new>"),
            lambda: doc.set_text(eid, None),
            lambda: doc.insert_element(eid, 0, "Pause", [("length", "1")]),
            lambda: doc.insert_element(eid, len(doc.children(eid)), "Hangup"),
        ]
        edits += [lambda n=n: doc.remove_attribute(eid, n) for n, _ in doc.attributes(eid)]
        edits += [lambda n=n: doc.set_attribute(eid, n, "NEW") for n, _ in doc.attributes(eid)]
        if eid != doc.root_id:
            edits.append(lambda: doc.remove_node(eid))
            edits.append(lambda: doc.move_node(eid, doc.root_id, 0))
        for edit in edits:
            change = edit()
            if getattr(change, "old", None) != getattr(change, "new", None):  # not a no-op
                assert document_bytes(doc) != data, (eid, doc.tag(eid), change)
            doc.apply(change.inverse())
            assert document_bytes(doc) == data, (eid, doc.tag(eid), change)


def test_changing_an_attribute_value_changes_only_its_bytes(name, span_of, confined):
    data = FIXTURES[name]
    encoding = load(name).origin.encoding
    for position in range(len(_elements(load(name)))):
        doc = load(name)
        eid = _elements(doc)[position]
        for attr, _ in doc.attributes(eid):
            if attr.startswith("xmlns"):
                continue
            start, end = span_of(doc, eid, attr)
            change = doc.set_attribute(eid, attr, "NEW")
            after = document_bytes(doc)
            confined(data, after, start, end)
            assert after == data[:start] + "NEW".encode(encoding) + data[end:]
            doc.apply(change.inverse())
            assert document_bytes(doc) == data


def test_text_and_values_as_read():
    say = lambda doc: doc.child_elements(doc.root_id)[0]  # noqa: E731
    doc = load("character-references")
    assert doc.text(say(doc)) == "Café A☺ A"
    assert doc.get(say(doc), "voice") == "Polly.Léa"
    doc = load("amp-in-urls")
    redirect, play, enqueue = doc.child_elements(doc.root_id)
    assert doc.text(redirect) == "https://example.com/next?a=1&b=2&c=%20"
    assert doc.get(enqueue, "waitUrl") == "/wait?q=1&r=2"
    doc = load("cdata")
    assert doc.text(say(doc)) == "Tom & Jerry <3 "
    doc = load("ssml")
    say_as, brk, lang, prosody = doc.child_elements(say(doc))
    assert doc.tag(say_as) == "say-as" and doc.get(say_as, "interpret-as") == "spell-out"
    assert doc.attributes(lang) == [("xml:lang", "fr-FR")]
    doc = load("unknown-markup")
    ninja, hello, hangup = doc.child_elements(doc.root_id)
    assert doc.tag(ninja) == "Ninja" and doc.attributes(hello) == [("x:mood", "happy"), ("made-up", "yes")]
    doc = load("iso-8859-1")
    assert doc.text(say(doc)) == "Café crème"
    doc = load("utf8-bom")
    assert doc.text(say(doc)) == "café €" and doc.prolog.startswith("<?xml")
    doc = load("utf-16")
    assert doc.text(say(doc)) == "café"
    doc = load("quotes-inside-values")
    assert doc.attributes(say(doc)) == [("voice", 'say "hi"'), ("language", "it's")]
    assert doc.text(say(doc)) == "\"x\" 'y'"
    doc = load("newline-in-attribute-value")
    assert doc.attributes(say(doc)) == [("voice", "a b"), ("language", "x\ny\tz")]


def test_prolog_and_epilog_are_kept_as_text():
    doc = load("comments-everywhere")
    assert doc.prolog == "<!-- before the declaration is not allowed, so: -->\n<!-- before root -->\n"
    assert doc.epilog == "\n<!-- after root -->\n<!-- and another -->"
    doc = load("processing-instructions")
    assert doc.epilog == "\n<?after root?>\n"
    assert [doc.kind(c) for c in doc.children(doc.root_id)] == ["pi", "element", "pi"]


def test_document_text_matches_the_decoded_file():
    for name in ("crlf", "ssml", "cdata", "character-references", "iso-8859-1"):
        doc = load(name)
        doc.revision += 1
        assert document_text(doc) == FIXTURES[name].decode(doc.origin.encoding)


# -- edits: exact bytes -----------------------------------------------------------------------------


def test_single_quoted_value_change_keeps_quote_style_and_escapes_quote():
    doc = load("single-quoted")
    dial = doc.child_elements(doc.root_id)[0]
    doc.set_attribute(dial, "action", "/it's?a=1&b=2")
    assert document_bytes(doc) == FIXTURES["single-quoted"].replace(
        b"action='/next?a=1&amp;b=2'", b"action='/it&apos;s?a=1&amp;b=2'")


def test_value_change_keeps_character_references_of_other_attributes():
    data = b'<Response><Say voice="Polly.L&#233;a" language=\'fr\'>Caf&#233;</Say></Response>'
    doc = read_document(data, "/x")
    say = doc.child_elements(doc.root_id)[0]
    doc.set_attribute(say, "language", "fr-CA")
    assert document_bytes(doc) == data.replace(b"'fr'", b"'fr-CA'")


def test_new_attribute_goes_at_the_end_of_a_multiline_start_tag():
    doc = load("multiline-attributes")
    gather = doc.child_elements(doc.root_id)[0]
    doc.set_attribute(gather, "finishOnKey", "#")
    assert document_bytes(doc) == FIXTURES["multiline-attributes"].replace(
        b'numDigits = "1"\n  >', b'numDigits = "1" finishOnKey="#"\n  >')


def test_attribute_values_are_escaped_and_read_back_equal():
    doc = load("crlf")
    say = doc.child_elements(doc.root_id)[0]
    value = "a\"b'c<d>e&f\ng\th\rk"
    doc.set_attribute(say, "voice", value)
    doc.set_attribute(say, "extra", value)
    again = read_document(document_bytes(doc), "/again")
    say2 = again.child_elements(again.root_id)[0]
    assert again.get(say2, "voice") == value and again.get(say2, "extra") == value


def test_text_edits_use_the_file_line_endings_and_encoding():
    doc = load("crlf")
    say = doc.child_elements(doc.root_id)[0]
    doc.set_text(say, "line one\nline two")
    out = document_bytes(doc)
    assert b"<Say voice=\"alice\">line one\r\nline two</Say>\r\n" in out
    assert b"\n" not in out.replace(b"\r\n", b"")
    doc = load("iso-8859-1")
    say = doc.child_elements(doc.root_id)[0]
    doc.set_text(say, "Caf\u00e9 \u20ac 5")
    out = document_bytes(doc)
    assert out == FIXTURES["iso-8859-1"].replace(b"Caf\xe9 cr\xe8me", b"Caf\xe9 &#8364; 5")
    reread = read_document(out, "/again")
    assert reread.text(reread.child_elements(reread.root_id)[0]) == "Caf\u00e9 \u20ac 5"


def test_text_in_cdata_rewritten_escaped():
    doc = load("cdata")
    say = doc.child_elements(doc.root_id)[0]
    doc.set_text(say, "Tom & Jerry ]]> <3")
    assert document_bytes(doc).startswith(b"<Response><Say>Tom &amp; Jerry ]]&gt; &lt;3</Say><Say>a<![CDATA[b]]>c</Say>")


def test_bom_is_kept_on_edit():
    doc = load("utf8-bom")
    say = doc.child_elements(doc.root_id)[0]
    doc.set_text(say, "x")
    assert document_bytes(doc) == b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\n<Response><Say>x</Say></Response>\n'


def test_inserted_element_indentation_matches_siblings_crlf_tabs():
    doc = load("crlf")
    say, dial = doc.child_elements(doc.root_id)
    doc.insert_element(dial, 1, "Client", text="alice")
    doc.insert_element(doc.root_id, 2, "Hangup")
    assert document_bytes(doc) == (
        b'<?xml version="1.0" encoding="UTF-8"?>\r\n<Response>\r\n'
        b'\t<Say voice="alice">Hello</Say>\r\n\t<Dial timeout="10">\r\n\t\t<Number>+14155550100</Number>\r\n'
        b"\t\t<Client>alice</Client>\r\n\t</Dial>\r\n\t<Hangup/>\r\n</Response>\r\n"
    )


def test_inserted_element_indentation_in_heredoc_indented_document():
    doc = load("ruby-heredoc-indentation")
    doc.insert_element(doc.root_id, 1, "Hangup")
    assert document_bytes(doc) == b"      <Response>\n        <Say>Hi</Say>\n        <Hangup/>\n      </Response>\n"


@pytest.mark.parametrize(
    "data, expected",
    [
        (b'<Response><Dial timeout="5"/></Response>', b'<Response><Dial timeout="5"><Number>1</Number></Dial></Response>'),
        (b"<Response><Dial /></Response>", b"<Response><Dial><Number>1</Number></Dial></Response>"),
        (b'<Response><Dial\n   timeout="5"\n/></Response>', b'<Response><Dial\n   timeout="5"><Number>1</Number></Dial></Response>'),
        (b"<Response>\n  <Dial/>\n</Response>\n", b"<Response>\n  <Dial>\n    <Number>1</Number>\n  </Dial>\n</Response>\n"),
    ],
)
def test_self_closing_element_that_gains_a_child_is_opened(data, expected):
    doc = read_document(data, "/x")
    dial = doc.child_elements(doc.root_id)[0]
    change = doc.insert_element(dial, 0, "Number", text="1")
    assert document_bytes(doc) == expected
    doc.apply(change.inverse())
    assert document_bytes(doc) == data


def test_self_closing_root_that_gains_a_child_is_opened():
    doc = load("response-self-closing-space")
    change = doc.insert_element(doc.root_id, 0, "Hangup")
    assert document_bytes(doc) == b'<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Hangup/>\n</Response>\n'
    doc.apply(change.inverse())
    assert document_bytes(doc) == FIXTURES["response-self-closing-space"]


def test_explicitly_empty_element_keeps_its_end_tag_when_filled():
    doc = load("empty-elements")
    first, second, say, pause = doc.child_elements(doc.root_id)
    doc.set_text(say, "Hi")
    doc.set_attribute(pause, "length", "2")
    assert document_bytes(doc) == FIXTURES["empty-elements"].replace(
        b'<Say voice="man"></Say>', b'<Say voice="man">Hi</Say>').replace(b"<Pause   />", b'<Pause length="2"   />')


def test_new_document_bytes():
    doc = Document.new("/n")
    assert document_bytes(doc) == b'<?xml version="1.0" encoding="UTF-8"?>\n<Response/>\n'
    doc.insert_element(doc.root_id, 0, "Say", [("voice", 'a"b&c')], text="x < y")
    assert document_bytes(doc) == (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say voice="a&quot;b&amp;c">x &lt; y</Say>\n</Response>\n'
    )


TRICKY_VALUES = ["plain", "a & b < c > d", "quote \" and ' both", "]]> end", "line\nfeed", "cr\rlf\r\nmix",
                 "tab\there", " padded ", "caf\u00e9 \u20ac \U0001F600", "&amp; literal", ""]


@pytest.mark.parametrize("name", ["crlf", "no-declaration", "iso-8859-1", "utf-16", "single-quoted", "cdata"])
def test_edited_values_read_back_equal(name):
    doc = load(name)
    target = doc.child_elements(doc.root_id)[0]
    for value in TRICKY_VALUES:
        doc.set_text(target, value)
        doc.set_attribute(target, "probe", value)
        again = read_document(document_bytes(doc), "/again")
        first = again.child_elements(again.root_id)[0]
        assert (again.text(first) or "") == value
        assert again.get(first, "probe") == value
