"""The screen: one quick pass over a document that proves the document rules have nothing to say.

Most documents of a flow are clean, and the twenty-nine document rules, each written to explain one
kind of problem well, cost a flow of 1,000 documents far more than reading it. The screen decides in
one walk, with verdicts on values remembered across the flow (a flow repeats its values thousands of
times), whether a document certainly draws no document-rule finding; only a document it cannot clear
goes through the rules, which stay the one authority on what is wrong and how to say it.

It is conservative by design: anything it does not positively know to be fine — a namespace, an
element that is narrower where it stands (<Sip> in <Refer>), a template placeholder, a value any rule
would question, an SSML <Say> over its length, a repeated target — sends the document to the rules.
So the screen can cost speed, never a finding. `tests/validate/test_screen.py` holds it to that on
the corpus, the fixtures and generated documents (screen clean ⇒ the rules find nothing), and checks
that every document rule is one the screen was written for (`SCREENED`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from flowedit import twiml
from flowedit.model.document import Document
from flowedit.twiml import Kind, LinkRole
from flowedit.twiml import rules as twilio
from flowedit.validate.registry import RULES
from flowedit.validate.rules.common import placeholder_in
from flowedit.validate.rules.dial import DIAL_NOUNS, target_key
from flowedit.validate.rules.structure import _NARROWABLE, _PLACED, spoken, text_problem
from flowedit.validate.rules.values import EVENT_ATTRIBUTES, _value_problem, callback_for, url_problem

SCREENED = frozenset({
    "root-not-response", "document-too-large", "stray-text",
    "unknown-element", "element-misplaced", "unknown-attribute", "missing-required-text",
    "template-placeholder", "text-invalid-value",
    "attribute-invalid-value", "method-invalid", "callback-url-invalid",
    "status-callback-event-invalid", "status-callback-event-without-url",
    "client-identity-too-long", "client-identity-invalid-char", "client-identity-not-mobile-safe",
    "client-identity-ambiguous", "parameter-missing-name", "parameter-missing-value",
    "parameter-duplicate-name",
    "dial-no-target", "dial-too-many-targets", "dial-exclusive-noun", "dial-duplicate-target",
    "dial-text-and-nouns", "dial-too-many-sip",
    "unreachable-verb", "reject-not-first",
})
"""The document rules whose every finding the screen rules out. A new document rule must be added
here, with what the screen checks for it, or the screen test fails."""

_WRITTEN_FOR = {rule.id: rule.check for rule in RULES.values() if rule.scope == "document"}


def covers() -> bool:
    """True when the registered document rules are exactly those the screen was written for (a rule
    added or replaced since, e.g. by a test or a plug-in, turns the screen off: the rules then run on
    every document)."""
    current = [rule for rule in RULES.values() if rule.scope == "document" and rule.check is not None]
    return all(rule.id in SCREENED and _WRITTEN_FOR.get(rule.id) is rule.check for rule in current)


# (parent, child) pairs the screen accepts without further thought: placed where the vocabulary puts
# them, neither of them narrowed; (None, "Response") is the root.
_PLACED_PLAIN = frozenset(
    pair for pair in _PLACED if pair[0] not in _NARROWABLE and pair[1] not in _NARROWABLE
) | {(None, twilio.ROOT_ELEMENT)}
_ELEMENTS = twiml.ELEMENTS
_IDENTITY = re.compile(r"[A-Za-z0-9_]+")  # mobile-safe, so free of every character Twilio refuses
_EVENT_SPACING = re.compile(r"[^\w\s-]")
_COMMENT, _PI = etree.Comment, etree.ProcessingInstruction
_EVENT_HOLDERS = frozenset(name for name, spec in _ELEMENTS.items()
                           if any(a.name in EVENT_ATTRIBUTES for a in spec.attributes))


def attribute_clean(element: str, name: str, value: str) -> bool:
    """True when no rule questions attribute `name`="`value`" on `<element>` (a known element)."""
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


def text_clean(element: str, text: str) -> bool:
    """True when no rule questions the (stripped, non-empty) text of `<element>`; a <Say>'s length
    counts only its own text here (a <Say> holding SSML is measured by the walk)."""
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


def _own_text(node: etree._Element) -> str:
    """The element's own text, stripped: its leading text and the tails of its children (as the rules
    read it, `DocContext.text`)."""
    if len(node) == 0:
        text = node.text
        return text.strip() if text else ""
    return "".join([node.text or ""] + [child.tail or "" for child in node]).strip()


class _Unclear(Exception):
    """Raised inside the walk: the document goes to the rules."""


def clean(doc: Document, size: int) -> bool:
    """True when the document rules would certainly find nothing in `doc`, whose saved size is
    `size` bytes (see the module docstring); False means only "ask the rules"."""
    root = doc.root
    if root.tag != twilio.ROOT_ELEMENT or size > twilio.MAX_RESPONSE_BYTES:
        return False
    try:
        _walk(root)
        _order(root)
    except _Unclear:
        return False
    return True


# Verdicts on values, remembered for the process (a flow repeats its values thousands of times).
# Plain dicts: lru_cache's bookkeeping cost more than the lookups themselves here.
_ATTRIBUTE_VERDICTS: dict[tuple[str, str, str], bool] = {}
_TEXT_VERDICTS: dict[tuple[str, str], bool] = {}
_VERDICTS_KEPT = 200_000  # entries per table; past that a table starts afresh


def _attribute_verdict(key: tuple[str, str, str]) -> bool:
    if len(_ATTRIBUTE_VERDICTS) > _VERDICTS_KEPT:
        _ATTRIBUTE_VERDICTS.clear()
    verdict = _ATTRIBUTE_VERDICTS[key] = attribute_clean(*key)
    return verdict


def _text_verdict(key: tuple[str, str]) -> bool:
    if len(_TEXT_VERDICTS) > _VERDICTS_KEPT:
        _TEXT_VERDICTS.clear()
    verdict = _TEXT_VERDICTS[key] = text_clean(*key)
    return verdict


def _walk(root: etree._Element) -> None:
    """Every node of the tree below `root` (itself placed), in document order: this is the check's
    inner loop, so it makes no call per element beyond lxml's and the remembered verdicts."""
    placed, specials, holders, required = _PLACED_PLAIN, _SPECIAL, _EVENT_HOLDERS, _REQUIRED
    attribute_verdicts, text_verdicts = _ATTRIBUTE_VERDICTS.get, _TEXT_VERDICTS.get
    comment, pi = _COMMENT, _PI
    for node in root.iter():
        tag = node.tag
        if node is not root:
            if tag.__class__ is not str:
                if tag is not comment and tag is not pi:
                    raise _Unclear  # an entity reference or anything else unexpected
            elif (node.getparent().tag, tag) not in placed:
                raise _Unclear  # unknown, misplaced, narrowed or namespaced
            tail = node.tail
            if tail and not tail.isspace():
                raise _Unclear  # text between child nodes (mixed content): the rules read it
            if tag.__class__ is not str:
                continue
        attributes = node.items()
        if attributes:
            for name, value in attributes:
                key = (tag, name, value)
                verdict = attribute_verdicts(key)
                if not (verdict if verdict is not None else _attribute_verdict(key)):
                    raise _Unclear
            if tag in holders:
                for name, callback in _CALLBACKS[tag]:
                    if node.get(name) is not None and not (node.get(callback) or "").strip():
                        raise _Unclear  # events sent nowhere
        text = node.text
        if text and not text.isspace():
            key = (tag, text.strip())
            verdict = text_verdicts(key)
            if not (verdict if verdict is not None else _text_verdict(key)):
                raise _Unclear
            text = key[1]
        else:
            text = ""
            alternatives = required.get(tag)
            if alternatives is not None and not any(child.tag in alternatives for child in node):
                raise _Unclear  # missing required text
        special = specials.get(tag)
        if special is not None and (tag == "Dial" or len(node)):
            special(node, text, [child for child in node if child.tag.__class__ is str])


def _parameters(children: list) -> None:
    """Each <Parameter> among `children` has a name (unique among them) and a value."""
    seen = set()
    for child in children:
        if child.tag == "Parameter":
            name = child.get("name")
            if name is None or child.get("value") is None:
                raise _Unclear
            name = name.strip()
            if not name or name in seen:
                raise _Unclear  # an empty or a repeated parameter name
            seen.add(name)


def _holder(node: etree._Element, text: str, children: list) -> None:
    _parameters(children)


def _say(node: etree._Element, text: str, children: list) -> None:
    if children and text_problem("Say", _ELEMENTS["Say"], text, spoken(node)) is not None:
        raise _Unclear  # SSML makes it too long to speak


def _client(node: etree._Element, text: str, children: list) -> None:
    _parameters(children)
    if text and any(child.tag == "Identity" for child in children):
        raise _Unclear  # an identity both as text and as <Identity>


def _dial(node: etree._Element, text: str, children: list) -> None:
    nouns = [child for child in children if child.tag in DIAL_NOUNS]
    if not nouns and not text or nouns and text:
        raise _Unclear  # nothing to call, or a number beside the nouns
    counted = sips = 0
    keys = set()
    for noun in nouns:
        name = noun.tag
        if name in twilio.EXCLUSIVE_DIAL_NOUNS and len(nouns) > 1:
            raise _Unclear
        counted += name in twilio.DIAL_COUNTED_TARGETS
        sips += name == "Sip"
        where = noun
        if name == "Client":
            where = next((c for c in noun if c.tag == "Identity"), noun)
        key = _target_key(name, _own_text(where), noun.get("sendDigits") if name == "Number" else None)
        if key is not None:
            if key in keys:
                raise _Unclear  # the same target twice
            keys.add(key)
    if counted > twilio.MAX_DIAL_TARGETS or sips > twilio.MAX_SIP_TARGETS_WARNING:
        raise _Unclear


_REQUIRED = {name: spec.text.alternative for name, spec in _ELEMENTS.items() if spec.text.required}
_target_key = lru_cache(maxsize=1 << 15)(target_key)  # pure; digits are counted once per number
_SPECIAL = {name: _holder for name, spec in _ELEMENTS.items() if "Parameter" in spec.children}
_SPECIAL.update({"Client": _client, "Dial": _dial, "Say": _say})
assert not {"Dial", "Say"} & {name for name, spec in _ELEMENTS.items() if "Parameter" in spec.children}
_CALLBACKS = {name: tuple((attribute, callback) for attribute in EVENT_ATTRIBUTES
                          if (callback := callback_for(name, attribute)) is not None)
              for name in _EVENT_HOLDERS}


def _order(root: etree._Element) -> None:
    """No verb after one that ends the document, and no <Reject> but as the first verb."""
    verbs = [child for child in root if child.tag.__class__ is str]
    last = len(verbs) - 1
    for index, verb in enumerate(verbs):
        name = verb.tag
        if name == "Reject" and index:
            raise _Unclear
        if index < last and twilio.ends_fall_through(name, verb.attrib):
            raise _Unclear
