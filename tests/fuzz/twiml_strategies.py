"""Hypothesis strategies that write TwiML as people (and their tools) do, and break it as files break.

`documents()` builds well-formed documents from the vocabulary (`flowedit.twiml`): elements where their
parents allow them, their documented attributes with values of the right kind — and sometimes the wrong
kind, unknown elements and attributes — written with every spelling XML allows: either quote, character
and entity references, CDATA, comments and PIs, self-closing or empty pairs, CRLF line ends, a BOM,
UTF-8/UTF-16/Latin-1 declarations. `broken_documents()` mutates such a document: truncated, end tags
swapped, bytes flipped, a huge attribute, nesting past libxml2's limit, stray `&` and `<`, NUL bytes.
"""

from __future__ import annotations

from hypothesis import strategies as st

from flowedit import twiml
from flowedit.twiml import Kind

_WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff") | st.sampled_from(
    list("aZ09 _-.:/?&<>\"'+#é中😀")), max_size=24)
_NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,10}", fullmatch=True)


def _value(attribute) -> st.SearchStrategy[str]:
    kind = attribute.kind
    good: list[st.SearchStrategy[str]] = []
    if attribute.values:
        good.append(st.sampled_from(attribute.values))
    if kind is Kind.ENUM_LIST and attribute.values:
        good.append(st.lists(st.sampled_from(attribute.values), min_size=1, max_size=4).map(" ".join))
    if kind is Kind.INTEGER:
        good.append(st.integers(-5, 100_000).map(str))
    if kind is Kind.URL:
        good.append(st.sampled_from(["/next", "menu.xml", "https://example.com/a?b=1&c=2", "../up", "",
                                     "http://bad_host/x", "ftp://x", "{{url}}"]))
    good.append(_WORDS)  # any kind, any text: the value rules must cope
    return st.one_of(good)


def _escape(text: str, quote: str | None = None) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace(quote, "&quot;" if quote == '"' else "&apos;")
    return "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else "" for c in text)


@st.composite
def _element(draw, name: str, depth: int) -> str:
    spec = twiml.element(name)
    attrs = []
    if spec is not None and spec.attributes:
        chosen = draw(st.lists(st.sampled_from(spec.attributes), max_size=4, unique_by=lambda a: a.name))
        for attribute in chosen:
            value = draw(_value(attribute))
            quote = draw(st.sampled_from(['"', "'"]))
            attrs.append(f"{draw(st.sampled_from([' ', '  ', chr(10) + '  ']))}{attribute.name}="
                         f"{quote}{_escape(value, quote)}{quote}")
    if draw(st.integers(0, 9)) == 0:  # an attribute the element does not have
        attrs.append(f' {draw(_NAMES)}="{_escape(draw(_WORDS), chr(34))}"')
    children = []
    allowed = list(spec.children) if spec is not None else []
    if allowed and depth < 4:
        for child in draw(st.lists(st.sampled_from(allowed), max_size=4 if depth < 2 else 2)):
            children.append(draw(_element(child, depth + 1)))
    if depth < 4 and draw(st.integers(0, 14)) == 0:  # an unknown element, or a known one out of place
        children.append(draw(_element(draw(st.sampled_from(["say", "Foo", "Message", "Number"])), depth + 1)))
    text = ""
    if spec is not None and spec.text.kind is not Kind.NONE or draw(st.integers(0, 9)) == 0:
        text = draw(st.one_of(_WORDS.map(_escape), _WORDS.map(lambda w: f"<![CDATA[{w.replace(']]>', '')}]]>"),
                              st.sampled_from(["+15551234567", "alice", "&#x263A;&#65;", "&amp;&lt;&gt;"])))
    extras = draw(st.lists(st.sampled_from(["<!-- note -->", "<?pi data?>", "\n  ", " "]), max_size=2))
    inner = text + "".join(extras) + "".join(f"\n{'  ' * (depth + 1)}{c}" for c in children)
    head = f"<{name}{''.join(attrs)}"
    if not inner and draw(st.booleans()):
        return head + draw(st.sampled_from(["/>", " />"]))
    return f"{head}>{inner}{chr(10) + '  ' * depth if children else ''}</{name}>"


@st.composite
def documents(draw) -> bytes:
    """A well-formed TwiML document as bytes (see the module docstring)."""
    root = draw(_element("Response", 0))
    declaration = draw(st.sampled_from(["", '<?xml version="1.0"?>\n', '<?xml version="1.0" encoding="UTF-8"?>\n',
                                        "<?xml version='1.0' encoding='utf-8' standalone='yes'?>\r\n",
                                        '<?xml version="1.0" encoding="ISO-8859-1"?>\n',
                                        '<?xml version="1.0" encoding="UTF-16"?>\n']))
    prolog = declaration + draw(st.sampled_from(["", "<!-- generated -->\n", "\n"]))
    epilog = draw(st.sampled_from(["", "\n", "\n<!-- end -->\n", "  \n\n"]))
    text = prolog + root + epilog
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if "UTF-16" in declaration:
        return text.encode("utf-16")  # with its BOM, as editors write it
    if "ISO-8859-1" in declaration:
        return text.encode("latin-1", errors="xmlcharrefreplace")
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if draw(st.integers(0, 5)) == 0 else data


@st.composite
def broken_documents(draw) -> bytes:
    """A document damaged the way files get damaged (see the module docstring)."""
    data = draw(documents())
    how = draw(st.sampled_from(["truncate", "swap", "flip", "huge", "deep", "amp", "nul", "garbage", "doctype"]))
    if how == "truncate":
        return data[: draw(st.integers(0, max(len(data) - 1, 0)))]
    if how == "swap":
        return data.replace(b"</Response>", b"</Dial></Response>", 1)
    if how == "flip":
        index = draw(st.integers(0, max(len(data) - 1, 0)))
        return data[:index] + bytes([draw(st.integers(0, 255))]) + data[index + 1:]
    if how == "huge":
        return data.replace(b"<Response", b'<Response big="' + b"x" * draw(st.integers(10_000, 2_000_000)) + b'"', 1)
    if how == "deep":
        depth = draw(st.integers(200, 5000))
        return b"<Response>" + b"<Say>" * depth + b"</Say>" * depth + b"</Response>"
    if how == "amp":
        return data.replace(b"<Response", b"<Response a='x & y'", 1)
    if how == "nul":
        return data[:5] + b"\x00" + data[5:]
    if how == "doctype":
        return b'<!DOCTYPE r [<!ENTITY x "y">]>' + data
    return draw(st.binary(max_size=200))
