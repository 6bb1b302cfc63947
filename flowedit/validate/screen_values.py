"""The screen's verdicts on single values: an attribute value, or an element's text, that no document
rule would question (see `flowedit.validate.screen`).

Each verdict asks the same functions the rules use (`_value_problem`, `url_problem`, `text_problem`,
`placeholder_in`), more strictly where a rule looks at the spelling (an event list must be written
exactly as `initiated ringing`, a method exactly GET or POST). Verdicts are remembered for the
process in two plain dicts, because a flow repeats its values thousands of times: `False` (a rule
questions it), `True` (fine), or — for a fine, non-empty URL — the link it is, in the shape
`flowedit.model.links.raw_links` gives (its place among the element's link attributes, the attribute
or None for the text, its role, the value stripped), so that the walk that clears a document also
collects its links for the flow graph.
"""

from __future__ import annotations

import re

from flowedit import twiml
from flowedit.twiml import Kind, LinkRole
from flowedit.twiml import rules as twilio
from flowedit.validate.rules.common import placeholder_in
from flowedit.validate.rules.structure import text_problem
from flowedit.validate.rules.values import EVENT_ATTRIBUTES, _value_problem, url_problem

_ELEMENTS = twiml.ELEMENTS
_IDENTITY = re.compile(r"[A-Za-z0-9_]+")  # mobile-safe, so free of every character Twilio refuses
_EVENT_SPACING = re.compile(r"[^\w\s-]")

ATTRIBUTE_VERDICTS: dict[tuple[str, str, str], object] = {}
"""(element, attribute, value) → verdict (see the module docstring)."""
TEXT_VERDICTS: dict[tuple[str, str], object] = {}
"""(element, stripped non-empty text) → verdict."""
_KEPT = 200_000  # entries per table; past that a table starts afresh (no flow comes near it)

# (element, URL attribute) → its place among the element's link attributes.
_LINK_ORDER = {(name, attribute.name): (index, attribute.link)
               for name in _ELEMENTS for index, attribute in enumerate(twiml.link_attributes(name))}


def attribute_verdict(key: tuple[str, str, str]) -> object:
    """The remembered verdict on an attribute value (computed on first sight)."""
    verdict = ATTRIBUTE_VERDICTS.get(key)
    if verdict is None:
        if len(ATTRIBUTE_VERDICTS) > _KEPT:
            ATTRIBUTE_VERDICTS.clear()
        element, name, value = key
        verdict = _judge_attribute(element, name, value)
        link = _LINK_ORDER.get((element, name))
        if verdict and link is not None and value.strip():
            verdict = (link[0], name, link[1], value.strip())
        ATTRIBUTE_VERDICTS[key] = verdict
    return verdict


def text_verdict(key: tuple[str, str]) -> object:
    """The remembered verdict on an element's text (computed on first sight)."""
    verdict = TEXT_VERDICTS.get(key)
    if verdict is None:
        if len(TEXT_VERDICTS) > _KEPT:
            TEXT_VERDICTS.clear()
        verdict = _judge_text(*key)
        role = twiml.text_link(key[0])
        if verdict and role is not None:
            verdict = (None, None, role, key[1])
        TEXT_VERDICTS[key] = verdict
    return verdict


def _judge_attribute(element: str, name: str, value: str) -> bool:
    if name[:1] == "{":
        return False  # xml:lang and other namespaced names: the rules spell them out
    spec = _ELEMENTS[element].attribute(name)
    if spec is None or placeholder_in(value) is not None:
        return False
    kind = spec.kind
    if kind is Kind.METHOD:
        return value in twilio.METHODS
    if kind is Kind.URL:
        return url_problem(value, spec.link or LinkRole.DOCUMENT) is None
    if name in EVENT_ATTRIBUTES:
        tokens = value.split()
        return (kind is Kind.ENUM_LIST and bool(tokens) and value == " ".join(tokens)
                and not _EVENT_SPACING.search(value) and len(set(tokens)) == len(tokens)
                and all(token in spec.values for token in tokens))
    return _value_problem(element, spec, value) is None


def _judge_text(element: str, text: str) -> bool:
    # A <Say>'s length counts only its own text here; one holding SSML is measured again by the walk.
    if placeholder_in(text) is not None:
        return False
    spec = _ELEMENTS[element]
    kind = spec.text.kind
    if element in ("Client", "Identity"):  # the client rules read both, whatever the vocabulary says
        if len(text) > twilio.CLIENT_ID_MAX_LENGTH or not _IDENTITY.fullmatch(text):
            return False
    if kind is Kind.NONE:
        return element in twiml.SSML_ELEMENTS  # elsewhere: stray text
    if kind is Kind.URL:
        return url_problem(text, spec.text.link or LinkRole.DOCUMENT) is None
    if kind is Kind.CLIENT_ID:
        return True
    return text_problem(element, spec, text, text) is None
