"""Nearly valid TwiML documents for testing the screen: valid by construction from the vocabulary, then
given zero to three of the small slips the document rules exist to catch (a space around a value, a
lower-case method, a repeated event, a duplicate target, a verb after <Hangup>, an identity with a
dash, a placeholder, SSML, a comment inside a number …).

`document(rng)` returns the XML text of one document. Plain `random` rather than Hypothesis: the test
needs thousands of documents a run, reproducibly, and counts how many the screen clears so that the
property "cleared ⇒ the rules find nothing" cannot hold vacuously.
"""

from __future__ import annotations

import random
from xml.sax.saxutils import escape, quoteattr

from flowedit import twiml
from flowedit.twiml import Kind
from flowedit.twiml import rules as twilio

_TEXTS = {
    Kind.URL: ["/next", "menu", "https://example.com/twiml/next", "sub/step.xml"],
    Kind.PHONE: ["+14155550100", "+442071838750", "415-555-0100"],
    Kind.CLIENT_ID: ["alice", "agent_7", "Bob99"],
    Kind.STRING: ["Hello there", "support", "room-1"],
    Kind.SIP_URI: ["sip:alice@example.com", "sip:bob@pbx.example.com;transport=tls"],
    Kind.JSON: ['{"team": "support"}'],
}


def _value(rng: random.Random, attribute) -> str | None:
    """A value the rules accept for `attribute`, or None when the kind is hard to make up."""
    kind = attribute.kind
    if kind is Kind.ENUM:
        return rng.choice(attribute.values) if attribute.values else None
    if kind is Kind.ENUM_LIST:
        if not attribute.values:
            return None
        return " ".join(rng.sample(attribute.values, rng.randint(1, min(3, len(attribute.values)))))
    if kind is Kind.METHOD:
        return rng.choice(["GET", "POST"])
    if kind is Kind.BOOL:
        return rng.choice(["true", "false"])
    if kind is Kind.INTEGER:
        low = attribute.minimum if attribute.minimum is not None else 1
        high = attribute.maximum if attribute.maximum is not None else low + 100
        return str(rng.randint(low, min(high, low + 1000)))
    if kind is Kind.URL:
        return rng.choice(_TEXTS[Kind.URL] + ["https://status.example.com/calls/7"])
    if kind is Kind.LANGUAGE:
        return rng.choice(attribute.values) if attribute.values else "en-US"
    if kind is Kind.PHONE:
        return "+14155550123"
    if kind is Kind.STRING and attribute.pattern is None:
        return "note" if attribute.max_length is None or attribute.max_length >= 4 else None
    return None


_SLIPS = [
    "space", "case", "placeholder", "event-spacing", "event-repeat", "event-comma", "no-callback",
    "identity-dash", "identity-long", "duplicate-number", "duplicate-parameter", "parameter-no-value",
    "after-hangup", "reject-late", "stray-text", "dial-text", "ssml", "comment-in-number",
    "xml-lang", "unknown-attribute", "unknown-element", "range", "plus-sign", "underscore-host",
    "sip-in-refer", "empty-required", "mixed-content", "bool-case", "identity-space", "too-many-targets",
    "too-many-sip", "root", "too-large", "zero", "parameter-no-name",
]


def _element(rng: random.Random, name: str, depth: int, slips: set[str]) -> str:
    spec = twiml.element(name)
    attributes: dict[str, str] = {}
    for attribute in rng.sample(spec.attributes, min(len(spec.attributes), rng.randint(0, 4))):
        value = _value(rng, attribute)
        if value is None:
            continue
        if attribute.name in ("statusCallbackEvent", "recordingStatusCallbackEvent"):
            callback = attribute.name[:-len("Event")]
            if spec.attribute(callback) is not None and "no-callback" not in slips:
                attributes[callback] = "https://status.example.com/cb"
        attributes[attribute.name] = value
    if name == "Parameter":  # a parameter means its name and value; the slips take them away
        attributes.update(name=f"p{rng.randint(0, 10**6)}", value="v")
    text = ""
    if spec.text.kind is not Kind.NONE and (spec.text.required or rng.random() < 0.5):
        text = rng.choice(_TEXTS.get(spec.text.kind, ["x"]))
        if spec.text.kind is Kind.SID and spec.text.pattern:
            text = spec.text.pattern[:2] + "0123456789abcdef" * 2
    children = []
    if depth < 3 and spec.children:
        for _ in range(rng.randint(0, 3)):
            child = rng.choice(spec.children)
            if twiml.element(child).role is twiml.Role.SSML and "ssml" not in slips:
                continue
            children.append(_element(rng, child, depth + 1, slips))
    if name == "Dial" and not children and not text:
        children.append(f"<Number>+1415555{rng.randint(1000, 9999)}</Number>")
    if name == "Client" and not text and not any(c.startswith("<Identity") for c in children):
        text = "alice"
    written = "".join(f" {key}={quoteattr(value)}" for key, value in attributes.items())
    return f"<{name}{written}>{escape(text)}{''.join(children)}</{name}>"


def _slip(rng: random.Random, xml: str, slip: str) -> str:
    """`xml` with one slip applied (where the document gives it a place; else unchanged)."""
    swaps = {
        "space": ('="', '=" '), "case": ('"POST"', '"post"'), "placeholder": (">Hello there<", ">{{ name }}<"),
        "event-spacing": ("initiated ", "initiated  "), "event-repeat": ('Event="', 'Event="completed completed '),
        "event-comma": ("initiated ", "initiated,"), "identity-dash": (">alice<", ">ali-ce<"),
        "identity-long": (">alice<", ">" + "a" * 257 + "<"), "range": ('timeout="', 'timeout="0'),
        "plus-sign": ('length="', 'length="+'), "underscore-host": ("status.example.com", "status_cb.example.com"),
        "empty-required": (">+14155550100<", "><"), "xml-lang": ("<Say", '<Say xml:lang="en"'),
        "unknown-attribute": ("<Pause", '<Pause lenght="2"'), "unknown-element": ("<Pause", "<pause/><Pause"),
        "parameter-no-value": ("<Parameter name=", "<Parameter nome="),
        "comment-in-number": (">+14155550100<", "><!-- desk -->+14155550100<"),
        "mixed-content": ("</Say>", "<break time=\"1s\"/>and more</Say>"),
        "stray-text": ("<Response>", "<Response>hello"),
        "dial-text": ("<Dial>", "<Dial>+14155550100"), "bool-case": ('"true"', '"True"'),
        "identity-space": (">alice<", ">al ice<"), "parameter-no-name": (' value="v"', ""), "zero": ('length="', 'length="0" x="'),
    }
    if slip in swaps:
        old, new = swaps[slip]
        return xml.replace(old, new, 1)
    if slip == "duplicate-number":
        return xml.replace("<Dial>", "<Dial><Number>+14155550199</Number><Number>+1 (415) 555-0199</Number>", 1)
    if slip == "duplicate-parameter":
        return xml.replace("</Client>", '<Parameter name="a" value="1"/><Parameter name="a" value="2"/></Client>', 1)
    if slip == "after-hangup":
        return xml.replace("</Response>", "<Hangup/><Say>bye</Say></Response>")
    if slip == "reject-late":
        return xml.replace("</Response>", "<Reject/></Response>")
    if slip in ("too-many-targets", "too-many-sip"):
        noun = "<Number>+1415555{:04d}</Number>" if slip == "too-many-targets" else "<Sip>sip:a{}@example.com</Sip>"
        return xml.replace("<Dial>", "<Dial>" + "".join(noun.format(n) for n in range(11)), 1)
    if slip == "root":
        return xml.replace("<Response>", "<response>", 1).replace("</Response>", "</response>")
    if slip == "too-large":
        return xml.replace("</Response>", "<Say>" + "word " * 14000 + "</Say></Response>")
    if slip == "sip-in-refer":
        return xml.replace("</Response>", "<Refer><Sip>sip:a@example.com</Sip></Refer></Response>")
    return xml


def document(rng: random.Random) -> str:
    """One nearly valid document (see the module docstring)."""
    slips = set(rng.sample(_SLIPS, rng.choice([0, 0, 1, 1, 2, 3])))
    verbs = [v for v in twiml.element(twilio.ROOT_ELEMENT).children if v not in ("Hangup", "Reject", "Redirect")]
    body = "".join(_element(rng, rng.choice(verbs), 1, slips) for _ in range(rng.randint(1, 5)))
    if rng.random() < 0.3:
        body += _element(rng, rng.choice(["Hangup", "Redirect"]), 1, slips)
    xml = f"<Response>{body}</Response>"
    for slip in slips:
        xml = _slip(rng, xml, slip)
    return xml
