"""Links between documents: resolution, classification, and how paths name documents."""

from __future__ import annotations

import pytest

from flowedit.io import read_document
from flowedit.model import Document, Flow, LinkKind, PathError, check_path, path_for_file
from flowedit.model.paths import candidate_path, normalize_base, rewrite_link
from flowedit.twiml.kinds import LinkRole

BASE = "https://example.com/app/"


def doc(path: str, body: str) -> Document:
    return read_document(f"<Response>\n{body}\n</Response>\n".encode(), path)


def flow_of(*docs: Document, base_url: str | None = BASE) -> Flow:
    return Flow(list(docs), entry="/index", base_url=base_url)


def only_link(flow: Flow, path: str = "/index"):
    links = flow.links_from(path)
    assert len(links) == 1, links
    return links[0]


@pytest.mark.parametrize(
    "source, value, kind, target",
    [
        ("/index", "menu", LinkKind.INTERNAL, "/menu"),
        ("/index", "./menu", LinkKind.INTERNAL, "/menu"),
        ("/index", "menu.xml", LinkKind.INTERNAL, "/menu"),
        ("/index", "menu.twiml", LinkKind.INTERNAL, "/menu"),
        ("/index", "menu.XML", LinkKind.INTERNAL, "/menu"),
        ("/index", "menu.xml?From=%2B1&amp;x=y", LinkKind.INTERNAL, "/menu"),
        ("/index", "menu?digits=1#top", LinkKind.INTERNAL, "/menu"),
        ("/index", "sub/a", LinkKind.INTERNAL, "/sub/a"),
        ("/sub/a", "../menu", LinkKind.INTERNAL, "/menu"),
        ("/sub/a", "b", LinkKind.MISSING, "/sub/b"),
        ("/index", "sub/", LinkKind.INTERNAL, "/sub/index"),
        ("/index", "https://example.com/app/menu", LinkKind.INTERNAL, "/menu"),
        ("/index", "https://EXAMPLE.com/app/menu.twiml?x=1", LinkKind.INTERNAL, "/menu"),
        ("/index", "HTTPS://example.com/app/sub/", LinkKind.INTERNAL, "/sub/index"),
        ("/index", "https://example.com/app/", LinkKind.INTERNAL, "/index"),
        ("/index", "https://example.com/app/nowhere", LinkKind.MISSING, "/nowhere"),
        ("/index", "https://example.com/other/menu", LinkKind.EXTERNAL, None),
        ("/index", "http://example.com/app/menu", LinkKind.EXTERNAL, None),  # another scheme
        ("/index", "https://example.org/app/menu", LinkKind.EXTERNAL, None),
        ("/index", "/menu", LinkKind.EXTERNAL, None),  # from the host root: outside /app/
        ("/index", "/app/menu.xml", LinkKind.INTERNAL, "/menu"),
        ("/index", "nowhere.xml", LinkKind.MISSING, "/nowhere"),
        ("/index", "  menu  ", LinkKind.INTERNAL, "/menu"),
    ],
)
def test_classification_under_a_base_with_a_path(source, value, kind, target):
    docs = {
        "/index": doc("/index", ""),
        "/menu": doc("/menu", ""),
        "/sub/a": doc("/sub/a", ""),
        "/sub/index": doc("/sub/index", ""),
    }
    docs[source] = doc(source, f"<Redirect>{value}</Redirect>")
    link = only_link(flow_of(*docs.values()), source)
    assert (link.kind, link.target) == (kind, target)
    assert link.value == value.strip().replace("&amp;", "&")
    assert link.element == "Redirect" and link.attribute is None and link.role is LinkRole.DOCUMENT


@pytest.mark.parametrize(
    "value, kind, target",
    [
        ("/menu", LinkKind.INTERNAL, "/menu"),
        ("/menu.xml", LinkKind.INTERNAL, "/menu"),
        ("/sub/", LinkKind.INTERNAL, "/sub/index"),
        ("/", LinkKind.INTERNAL, "/index"),
        ("/missing.twiml?x=1", LinkKind.MISSING, "/missing"),
        ("menu", LinkKind.INTERNAL, "/menu"),
        ("https://twimlets.com/holdmusic", LinkKind.EXTERNAL, None),
    ],
)
def test_root_relative_without_base_url(value, kind, target):
    flow = flow_of(doc("/index", f"<Redirect>{value}</Redirect>"), doc("/menu", ""),
                   doc("/sub/index", ""), base_url=None)
    link = only_link(flow)
    assert (link.kind, link.target) == (kind, target)


def test_root_relative_with_base_at_host_root():
    flow = flow_of(doc("/index", '<Dial action="/menu.xml"/>'), doc("/menu", ""),
                   base_url="https://example.com")
    assert flow.base == "https://example.com/"
    link = only_link(flow)
    assert (link.kind, link.target, link.url) == (LinkKind.INTERNAL, "/menu", "https://example.com/menu.xml")


def test_attribute_links_roles_and_empty_values():
    flow = flow_of(
        doc("/index", '<Gather action="menu" actionOnEmptyResult="true"><Say>x</Say></Gather>\n'
                      '<Enqueue waitUrl="">q</Enqueue>\n'
                      '<Play>https://cdn.example.net/a.mp3</Play>\n'
                      '<Dial action=" "><Number url="screen.xml">+1</Number></Dial>'),
        doc("/menu", ""), doc("/screen", ""),
    )
    found = {(l.element, l.attribute): l for l in flow.links_from("/index")}
    assert set(found) == {("Gather", "action"), ("Play", None), ("Number", "url")}  # empty ones skipped
    assert found["Gather", "action"].role is LinkRole.DOCUMENT
    assert found["Play", None].role is LinkRole.MEDIA and found["Play", None].kind is LinkKind.EXTERNAL
    assert found["Number", "url"].target == "/screen"
    assert [l.source for l in flow.links_to("/menu")] == ["/index"]


def test_unknown_elements_have_no_links():
    flow = flow_of(doc("/index", '<Ninja action="menu"><Redirect>menu</Redirect></Ninja>'), doc("/menu", ""))
    assert [(l.element, l.target) for l in flow.links()] == [("Redirect", "/menu")]


def test_links_follow_the_flow_base_url():
    flow = flow_of(doc("/index", "<Redirect>https://a.example/ivr/menu</Redirect>"), doc("/menu", ""),
                   base_url="https://b.example/")
    assert only_link(flow).kind is LinkKind.EXTERNAL
    change = flow.set_base_url("https://a.example/ivr")
    assert only_link(flow).kind is LinkKind.INTERNAL
    flow.apply(change.inverse())
    assert flow.base_url == "https://b.example/"
    assert only_link(flow).kind is LinkKind.EXTERNAL


# -- paths ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/index", "/a/b", "/menu-1", "/a.b_c~d", "/x/y/z"])
def test_valid_paths(path):
    assert check_path(path) == path


@pytest.mark.parametrize("path", ["index", "/", "/a/", "//a", "/a//b", "/./a", "/a/../b", "/a b",
                                  "/menu.xml", "/menu.TwiML", "/é", "/a?b", ""])
def test_invalid_paths(path):
    with pytest.raises(PathError):
        check_path(path)


def test_path_for_file():
    assert path_for_file("a/b.xml") == ("/a/b", ".xml")
    assert path_for_file("index.twiml") == ("/index", ".twiml")
    assert path_for_file("sub\\menu.xml") == ("/sub/menu", ".xml")


def test_normalize_base_and_candidate_path():
    assert normalize_base(None) == normalize_base("") == "http://flow.invalid/"
    assert normalize_base("https://e.com/app?x=1") == "https://e.com/app/"
    assert candidate_path("https://e.com/app/", "https://e.com/app/a/b.twiml?q#f") == "/a/b"
    assert candidate_path("https://e.com/app/", "https://e.com/application") is None
    assert candidate_path("https://e.com/app/", "https://e.com/app/dir/") == "/dir/index"


@pytest.mark.parametrize(
    "value, from_path, new, expected",
    [
        ("menu", "/index", "/main", "main"),
        ("menu.xml?x=1#f", "/index", "/main", "main.xml?x=1#f"),
        ("menu.twiml", "/index", "/sub/main", "sub/main.twiml"),
        ("../menu", "/sub/a", "/other/m", "../other/m"),
        ("/app/menu.xml", "/index", "/main", "/app/main.xml"),
        ("https://example.com/app/menu?x=1", "/index", "/sub/m", "https://example.com/app/sub/m?x=1"),
    ],
)
def test_rewrite_link_keeps_style(value, from_path, new, expected):
    assert rewrite_link(value, BASE, from_path, new) == expected


def test_the_fast_resolution_of_plain_paths_agrees_with_urljoin():
    """links.resolve spells out RFC 3986 for plain relative paths, paths from the root and plain
    absolute URLs; it must give what urljoin and candidate_path give."""
    import itertools
    from urllib.parse import urljoin

    from flowedit.model import links
    from flowedit.model.paths import candidate_path, document_url, normalize_base

    bases = [normalize_base(None), normalize_base("https://example.com/app"), "https://Example.com/a/b/",
             "http://example.com:8080/"]
    docs = ["/index", "/menu/main", "/a/b/c"]
    values = ["next", "next.xml", "sub/step", "sub/", "a-b_c~d", "x.twiml", "deep/er/", "9", "menu/main.xml",
              "/", "/next", "/app/next", "/a/b/menu.xml", "/a/b/", "/a//b", "/a/./b", "/a/../b",
              "https://example.com/app/next", "https://example.com/app", "https://example.com",
              "https://example.com/app/", "https://example.com/other/x", "https://example.com/a/b/c.xml",
              "http://example.com/app/next", "https://status.example.com/calls/7", "http://flow.invalid/x",
              "http://flow.invalid", "https://example.com:443/app/x", "http://example.com:8080/a",
              "https://example.com//x", "https://example.com/a/../b", "https://a-b.example.com/x~y_z"]
    for base, doc, value in itertools.product(bases, docs, values):
        absolute = urljoin(document_url(base, doc), value)
        assert links.resolve(base, doc, value) == (absolute, candidate_path(base, absolute)), (base, doc, value)


def test_raw_links_are_remembered_until_the_document_changes():
    from flowedit.io.reader import read_document
    from flowedit.model.links import cached_raw_links

    doc = read_document(b"<Response><Redirect>next</Redirect><Gather action='menu'/></Response>", "/a")
    first = cached_raw_links(doc)
    assert [value for *_, value in first] == ["next", "menu"]
    assert cached_raw_links(doc) is first  # no second walk
    gather = doc.child_elements(doc.root_id)[1]
    doc.set_attribute(gather, "action", "other")
    assert [value for *_, value in cached_raw_links(doc)] == ["next", "other"]
