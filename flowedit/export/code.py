"""Helper-library code for a document: a runnable Python or Node program that prints the same TwiML.

`generate(doc, "python" | "node")` walks the document and writes the calls an engineer would write with the
Twilio helper library (`response.dial(caller_id=...)`, `dial.client('joey')`, `say.break_(time='1s')` …),
using the library's generic escape hatches for what it has no method for (`add_child` / `addChild`,
`append` / `addText`). `generate(doc, lang, eids)` does the same for a selection: the selected elements with
everything inside them, inside their ancestors (attributes kept, other content left out) so it still runs.

What "the same TwiML" means: equal after `canonical()` — lxml's C14N 2.0 without comments, with whitespace
trimmed from the ends of every text node and dropped where only whitespace is left
(`etree.canonicalize(xml, strip_text=True)`). The libraries sort (Python) or keep (Node) attribute order,
write `<X/>` or `<X />`, and drop the indentation of the source, none of which TwiML gives a meaning to.
Text keeps its inner whitespace exactly; the ends of text are trimmed where the element holds only text,
and inside `<Say>` a lone space between SSML elements is kept, because there it separates words.

Not reproduced (each leaves a note in the program): comments and processing instructions (the Python
library cannot write them), attributes of `<Response>` in Node, and a root element other than a plain
`<Response>`. Namespaced names are written with the `xmlns` declarations they need, as attributes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from flowedit.export import emit
from flowedit.export.library import Method, method
from flowedit.model.document import Document
from flowedit.twiml.kinds import XML_NS

LANGUAGES = ("python", "node")
_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_EDGE_BREAK = (re.compile(r"^\s*\n\s*"), re.compile(r"\s*\n\s*$"))


def canonical(xml: str) -> str:
    """The form in which generated programs' output and documents are compared (see the module docstring).

    `xml` is already decoded text (e.g. `document_text(doc)` or what a program printed); its XML declaration
    is dropped, since the encoding it names no longer applies.
    """
    return etree.canonicalize(_DECLARATION.sub("", xml, count=1), strip_text=True)


@dataclass
class Element:
    """One element the program creates: `parent.<method or escape hatch>(text, attributes)`."""

    words: list[str]  # for the variable name
    parent: Element | None
    tag: str
    method: Method | None  # None: the generic escape hatch
    attributes: list[tuple[str, str]]
    text: str | None = None  # the content before the first child, when the call can take it
    referenced: bool = False  # later steps use it: it needs a variable


@dataclass
class Steps:
    """The program as a language-neutral list of ("element", Element), ("text", Element | None, str) and
    ("note", str) steps (None stands for the response)."""

    lang: str
    path: str
    root_attributes: list[tuple[str, str]] = field(default_factory=list)
    items: list = field(default_factory=list)
    snippet: bool = False
    scopes: dict = field(default_factory=dict)  # element → {prefix: namespace} declared for it in the program


def generate(doc: Document, lang: str, eids: list[int] | None = None) -> str:
    """A runnable `lang` program ("python" or "node") that prints `doc` (or the elements `eids`) as TwiML."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    steps = Steps(lang, doc.path, snippet=eids is not None)
    keep = None if eids is None else _selection(doc, eids)
    root = doc.root
    if etree.QName(root).localname != "Response" or etree.QName(root).namespace:
        steps.items.append(("note", f"the root element here is <{doc.tag(doc.root_id)}>; the helper library "
                                    "always writes <Response>"))
    root_attributes = _attributes(root, steps) if root.attrib and (keep is None or root in keep) else []
    if root_attributes and lang == "node":
        steps.scopes[root] = {}
        steps.items.append(("note", "twilio-node cannot set attributes on <Response>: "
                            + " ".join(f"{k}={v!r}" for k, v in root_attributes)))
    else:
        steps.root_attributes = root_attributes
    if keep is None and "<!--" in doc.prolog + doc.epilog:
        steps.items.append(("note", "the comments before or after <Response> are left out"))
    _content(doc, root, None, "VoiceResponse", steps, keep, full=keep is None or keep.get(root, False))
    return emit.program(steps)


def _selection(doc: Document, eids: list[int]) -> dict[etree._Element, bool]:
    """Element → True when kept with all its content (selected), False when kept as a shell (an ancestor)."""
    keep: dict[etree._Element, bool] = {}
    for eid in eids:
        node = doc.node(eid)
        if not doc.contains(eid) or not isinstance(node.tag, str):
            continue
        for inner in node.iter():
            keep[inner] = True
        for ancestor in node.iterancestors():
            keep.setdefault(ancestor, False)
    return keep


def _name(node: etree._Element) -> str:
    qname = etree.QName(node)
    return f"{node.prefix}:{qname.localname}" if node.prefix else qname.localname


def _attributes(node: etree._Element, steps: Steps) -> list[tuple[str, str]]:
    """The attributes as the program writes them, led by the namespace declarations the element needs.

    Neither library knows namespaces, but both write an `xmlns:p` attribute as given; so each element that
    uses a namespace not declared by an element the program wrote above it declares it itself.
    """
    scope = dict(steps.scopes.get(node.getparent(), {}))
    prefixes = {ns: prefix for prefix, ns in node.nsmap.items()}
    declarations, found = [], []
    used = [(node.prefix, etree.QName(node).namespace)] if etree.QName(node).namespace else []
    for key, value in node.attrib.items():
        if key.startswith("{"):
            ns, _, local = key[1:].partition("}")
            prefix = "xml" if ns == XML_NS else prefixes.get(ns) or next(
                p for p, n in node.nsmap.items() if n == ns and p)
            key = f"{prefix}:{local}"
            if ns != XML_NS:
                used.append((prefix, ns))
        found.append((key, value))
    for prefix, ns in used:
        if scope.get(prefix) != ns:
            scope[prefix] = ns
            declarations.append((f"xmlns:{prefix}" if prefix else "xmlns", ns))
    steps.scopes[node] = scope
    return declarations + found


def _tidy(text: str | None, *, speech: bool, alone: bool) -> str | None:
    """Text as the program passes it: formatting whitespace dropped (see the module docstring)."""
    if text is None:
        return None
    if not text.strip():
        return text if speech and not alone and "\n" not in text else None
    if alone:
        return text.strip()
    for edge in _EDGE_BREAK:
        text = edge.sub(" ", text)
    return text


def _content(doc: Document, node: etree._Element, element: Element | None, owner: str | None, steps: Steps,
             keep: dict | None, *, full: bool) -> None:
    """The steps for the children and text of `node`, whose own step (`element`, None for the root) is done."""
    speech = node.tag == "Say" or any(a.tag == "Say" for a in node.iterancestors())
    children = [c for c in node if keep is None or c in keep or not isinstance(c.tag, str)]
    alone = not any(isinstance(c.tag, str) for c in children)
    pieces: list = []  # merged text (str) and child elements, in order; comments become notes
    text = node.text if full else None
    for child in children:
        if isinstance(child.tag, str):
            pieces.append(text)
            pieces.append(child)
            text = child.tail if full else None
        else:
            if full:
                kind = "comment" if isinstance(child, etree._Comment) else "processing instruction"
                pieces.append(("note", kind, child.text or ""))
            text = (text or "") + (child.tail or "") if full else None
    pieces.append(text)
    first = True
    for piece in pieces:
        if isinstance(piece, tuple):
            summary = " ".join(piece[2].split())
            steps.items.append(("note", f"an XML {piece[1]} is left out here: {summary[:60]}"))
        elif isinstance(piece, etree._Element):
            first = False
            _element(doc, piece, element, owner, steps, keep)
        else:
            piece = _tidy(piece, speech=speech, alone=alone)
            if not piece:
                continue
            if first and element is not None and element.text is None and _takes_text(element):
                element.text = piece
            else:
                if element is not None:
                    element.referenced = True
                steps.items.append(("text", element, piece))


def _takes_text(element: Element) -> bool:
    return element.method is None or element.method.text is not None


def _element(doc: Document, node: etree._Element, parent: Element | None, owner: str | None, steps: Steps,
             keep: dict | None) -> None:
    tag = _name(node)
    found = method(owner, tag, steps.lang) if owner is not None else None
    words = [w.lower() for w in re.findall(r"[A-Za-z][a-z0-9]*", etree.QName(node).localname)] or ["element"]
    element = Element(words, parent, tag, found, _attributes(node, steps))
    if parent is not None:
        parent.referenced = True
    steps.items.append(("element", element))
    full = keep is None or keep.get(node, False)
    _content(doc, node, element, found.cls if found else None, steps, keep, full=full)
