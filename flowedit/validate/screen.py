"""The screen: one quick pass over a document that proves the document rules have nothing to say.

Most documents of a flow are clean, and the twenty-nine document rules, each written to explain one
kind of problem well, cost a flow of 1,000 documents far more than reading it. The screen decides in
one walk, with verdicts on values remembered across the flow (a flow repeats its values thousands of
times), whether a document certainly draws no document-rule finding; only a document it cannot clear
goes through the rules, which stay the one authority on what is wrong and how to say it.

It is conservative by design: anything it does not positively know to be fine — a namespace, an
element that is narrower where it stands (<Sip> in <Refer>), a template placeholder, a value any rule
would question, an SSML <Say> over its length, a repeated target — sends the document to the rules.
So the screen can cost speed, never a finding. The verdicts on single values are `screen_values`'.
On the way it notes what the flow graph needs of the document (`Cleared`), so that a cleared
document is walked once per check, not twice. `tests/validate/test_screen.py` holds it to that on
the corpus, the fixtures and generated documents (screen clean ⇒ the rules find nothing), and checks
that every document rule is one the screen was written for (`SCREENED`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from flowedit import twiml
from flowedit.model.document import Document
from flowedit.twiml import LinkRole
from flowedit.twiml import rules as twilio
from flowedit.validate.registry import RULES
from flowedit.validate.rules.dial import DIAL_NOUNS, target_key
from flowedit.validate.rules.structure import _NARROWABLE, _PLACED, spoken, text_problem
from flowedit.validate.rules.values import EVENT_ATTRIBUTES, callback_for
from flowedit.validate.screen_values import ATTRIBUTE_VERDICTS, TEXT_VERDICTS, attribute_verdict, text_verdict

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
# them, neither of them narrowed.
_PLACED_PLAIN = frozenset(pair for pair in _PLACED if pair[0] not in _NARROWABLE and pair[1] not in _NARROWABLE)
_ELEMENTS = twiml.ELEMENTS
_COMMENT, _PI = etree.Comment, etree.ProcessingInstruction
_EVENT_HOLDERS = frozenset(name for name, spec in _ELEMENTS.items()
                           if any(a.name in EVENT_ATTRIBUTES for a in spec.attributes))
_CALLBACKS = {name: tuple((attribute, callback) for attribute in EVENT_ATTRIBUTES
                          if (callback := callback_for(name, attribute)) is not None)
              for name in _EVENT_HOLDERS}
# The verbs that request their own document again when they have no action (Gather, Record).
SELF_REQUESTING = frozenset(name for name, c in twilio.CONTINUATIONS.items() if c.defaults_to_current_document)

__all__ = ["SCREENED", "Cleared", "clean", "covers", "screen"]


@dataclass
class Cleared:
    """What the walk of a cleared document saw on the way, for the flow graph: its element names,
    whether a Gather or Record in it requests the document again (it has no action), and its links
    as `flowedit.model.links.raw_links` gives them. `still` names the document rules that must run
    all the same: "document-too-large" for a document over Twilio's size limit, whose every other
    rule the walk ruled out (so editing a document of thousands of elements does not run all the
    rules on every keystroke)."""

    tags: set[str]
    requests_itself: bool
    links: list[tuple[int, str, str | None, LinkRole, str]]
    still: tuple[str, ...] = ()


class _Unclear(Exception):
    """Raised inside the walk: the document goes to the rules."""


def clean(doc: Document, size: int) -> bool:
    """True when the document rules would certainly find nothing in `doc`, whose saved size is
    `size` bytes (see the module docstring); False means only "ask the rules"."""
    seen = screen(doc, size)
    return seen is not None and not seen.still


def screen(doc: Document, size: int) -> Cleared | None:
    """`Cleared` when the document rules other than its `still` would certainly find nothing in
    `doc`, whose saved size is `size` bytes (see `clean`), else None."""
    root = doc.root
    if root.tag != twilio.ROOT_ELEMENT:
        return None
    try:
        cleared = _walk(doc, root)
    except _Unclear:
        return None
    if size > twilio.MAX_RESPONSE_BYTES:  # the size rule has something to say; the walk ruled out the rest
        cleared.still = ("document-too-large",)
    return cleared


class _Plan:
    """What the walk does for one element name under one parent: looked up once per element."""

    __slots__ = ("callbacks", "requests_itself", "required", "special", "verb", "can_end", "parameter")

    def __init__(self, parent: str, name: str) -> None:
        spec = _ELEMENTS[name]
        self.callbacks = _CALLBACKS.get(name)  # (event attribute, its callback attribute) pairs
        self.requests_itself = name in SELF_REQUESTING
        self.required = spec.text.alternative if spec.text.required else None
        self.special = _SPECIAL.get(name)
        self.verb = parent == twilio.ROOT_ELEMENT
        self.can_end = self.verb and name in twilio.CONTINUATIONS
        self.parameter = name == "Parameter"


def _walk(doc: Document, root: etree._Element) -> Cleared:
    """Every node of the tree below `root`, in document order; raises `_Unclear` at the first thing
    it cannot clear. This is the check's inner loop: one plan lookup per element, the remembered
    verdicts per value, and no other call per element beyond lxml's."""
    plans = _PLANS
    attribute_verdicts, text_verdicts = ATTRIBUTE_VERDICTS.get, TEXT_VERDICTS.get
    comment, pi = _COMMENT, _PI
    tags = {root.tag}
    note_tag = tags.add
    links: list = []
    requests_itself = ended = False
    verbs = 0
    holder, names = None, set()  # the element whose <Parameter>s are being read, and their names
    eid_of = doc.eid_in_tree
    for node in root.iter():
        tag = node.tag
        if node is root:
            plan = _ROOT_PLAN
        else:
            tail = node.tail
            if tail and not tail.isspace():
                raise _Unclear  # text between child nodes (mixed content): the rules read it
            if tag.__class__ is not str:
                if tag is not comment and tag is not pi:
                    raise _Unclear  # an entity reference or anything else unexpected
                continue
            parent = node.getparent()
            plan = plans.get((parent.tag, tag))
            if plan is None:
                raise _Unclear  # unknown, misplaced, narrowed or namespaced
            note_tag(tag)
            if plan.parameter:  # a name and a value, the name not repeated among its siblings
                name = node.get("name")
                if name is None or node.get("value") is None or not (name := name.strip()):
                    raise _Unclear
                if parent is not holder:  # `holder` keeps the parent's proxy, so `is` holds for siblings
                    holder, names = parent, set()
                if name in names:
                    raise _Unclear
                names.add(name)
            elif tag == "Identity":
                text = parent.text
                if text and not text.isspace():
                    raise _Unclear  # the identity both as the <Client>'s text and as <Identity>
            if plan.verb:  # nothing after a verb that ends the document; <Reject> only first
                if ended or tag == "Reject" and verbs:
                    raise _Unclear
                verbs += 1
                if plan.can_end and twilio.ends_fall_through(tag, node.attrib):
                    ended = True
        attributes = node.items()
        eid = None
        if attributes:
            for name, value in attributes:
                key = (tag, name, value)
                verdict = attribute_verdicts(key)
                if verdict is None:
                    verdict = attribute_verdict(key)
                if verdict is not True:
                    if verdict is False:
                        raise _Unclear
                    if eid is None:
                        eid = eid_of(node)
                    links.append((eid, tag, verdict))
            if plan.callbacks is not None:
                for name, callback in plan.callbacks:
                    if node.get(name) is not None and not (node.get(callback) or "").strip():
                        raise _Unclear  # events sent nowhere
        if plan.requests_itself and not node.get("action"):
            requests_itself = True
        text = node.text
        if text and not text.isspace():
            key = (tag, text.strip())
            verdict = text_verdicts(key)
            if verdict is None:
                verdict = text_verdict(key)
            if verdict is not True:
                if verdict is False:
                    raise _Unclear
                links.append((eid if eid is not None else eid_of(node), tag, verdict))
            text = key[1]
        else:
            text = ""
            if plan.required is not None and not any(child.tag in plan.required for child in node):
                raise _Unclear  # missing required text
        if plan.special is not None and (tag == "Dial" or len(node)):
            plan.special(node, text)
    return Cleared(tags, requests_itself, _in_order(links))


def _in_order(found: list) -> list:
    """(eid, element, verdict) of each link found, as raw links: one element's attributes in the
    vocabulary's order (the source may differ), its text last. One element's links are adjacent."""
    out = [(eid, name, verdict[1], verdict[2], verdict[3]) for eid, name, verdict in found]
    if any(found[i][0] == found[i - 1][0] and _rank(found[i]) < _rank(found[i - 1]) for i in range(1, len(found))):
        group, groups = -1, []
        for i, (eid, _, _) in enumerate(found):
            group += i == 0 or eid != found[i - 1][0]
            groups.append(group)
        out = [out[i] for i in sorted(range(len(found)), key=lambda i: (groups[i], _rank(found[i])))]
    return out


def _rank(item) -> int:
    order = item[2][0]
    return 1 << 20 if order is None else order


def _say(node: etree._Element, text: str) -> None:
    if any(child.tag.__class__ is str for child in node):
        if text_problem("Say", _ELEMENTS["Say"], text, spoken(node)) is not None:
            raise _Unclear  # SSML makes it too long to speak


def _dial(node: etree._Element, text: str) -> None:
    # In a document the walk clears, no text stands between child nodes, so an element's text is
    # its .text.
    count = counted = sips = 0
    exclusive = False
    keys = set()
    for noun in node:
        name = noun.tag
        if name not in DIAL_NOUNS:
            continue
        count += 1
        exclusive = exclusive or name in twilio.EXCLUSIVE_DIAL_NOUNS
        if name in twilio.DIAL_COUNTED_TARGETS:
            counted += 1
        elif name == "Sip":
            sips += 1
        value = noun.text
        if name == "Client":
            for child in noun:
                if child.tag == "Identity":
                    value = child.text
                    break
        key = _target_key(name, value.strip() if value else "", noun.get("sendDigits") if name == "Number" else None)
        if key is not None:
            if key in keys:
                raise _Unclear  # the same target twice
            keys.add(key)
    if not count and not text or count and text or exclusive and count > 1:
        raise _Unclear  # nothing to call, a number beside the nouns, or a noun that must be alone
    if counted > twilio.MAX_DIAL_TARGETS or sips > twilio.MAX_SIP_TARGETS_WARNING:
        raise _Unclear


_target_key = lru_cache(maxsize=1 << 15)(target_key)  # pure; digits are counted once per number
_SPECIAL = {"Dial": _dial, "Say": _say}


_PLANS = {(parent, name): _Plan(parent, name) for parent, name in _PLACED_PLAIN}
_ROOT_PLAN = _Plan("", twilio.ROOT_ELEMENT)
