"""What a node on the canvas says about its element: headline, key attributes, tables.

Pure functions over `(Document, eid)`, read fresh each time an item paints or lays itself out, so the
canvas never keeps a copy of model state. Which attributes are "key" for each element is decided here
and only here; the vocabulary (`flowedit.twiml`) supplies palette groups and which attributes are links.
No Qt in this module.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flowedit import twiml
from flowedit.model.document import Document
from flowedit.twiml import rules
from flowedit.twiml.kinds import LinkRole

# Children shown as lines of their parent's card rather than as cards of their own.
PROPERTY_CHILDREN = frozenset({"Identity", "Parameter", "Uri", "Headers", "ApplicationSid", "Config", "Language"})

# The attributes worth a glance, per element, in the order shown; links come first anyway.
KEY_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "Say": ("voice", "language", "loop"),
    "Play": ("loop", "digits"),
    "Pause": ("length",),
    "Gather": ("action", "input", "numDigits", "timeout", "finishOnKey", "speechTimeout"),
    "Record": ("action", "maxLength", "timeout", "finishOnKey", "transcribe", "playBeep"),
    "Redirect": ("method",),
    "Hangup": (),
    "Reject": ("reason",),
    "Dial": ("action", "timeout", "callerId", "record", "timeLimit", "answerOnBridge"),
    "Enqueue": ("action", "waitUrl", "workflowSid"),
    "Connect": ("action",),
    "Start": ("action",),
    "Pay": ("paymentConnector", "chargeAmount", "input", "action"),
    "Sms": ("to", "from", "action"),
    "Refer": ("action",),
    "Number": ("url", "sendDigits", "statusCallbackEvent", "statusCallback"),
    "Client": ("url", "statusCallbackEvent", "statusCallback"),
    "Sip": ("url", "username", "statusCallbackEvent"),
    "Sim": (),
    "Conference": ("startConferenceOnEnter", "endConferenceOnExit", "waitUrl", "beep", "record", "statusCallbackEvent"),
    "Queue": ("url", "reservationSid"),
    "Application": ("url", "customerId", "statusCallbackEvent"),
    "WhatsApp": ("url", "statusCallbackEvent"),
    "Stream": ("url", "name", "track"),
}
_LABELS = {"statusCallbackEvent": "events", "statusCallback": "status", "startConferenceOnEnter": "start on enter",
           "endConferenceOnExit": "end on exit", "answerOnBridge": "answer on bridge"}
_SPACE = re.compile(r"\s+")
MAX_DETAIL = 120  # characters kept of any one value; the painter elides further


def collapse(text: str | None) -> str:
    """Text as one line: runs of white space become one space."""
    return _SPACE.sub(" ", text or "").strip()


def name(doc: Document, eid: int) -> str:
    """The element name as written ("Say", "ns:Foo")."""
    return doc.tag(eid)


def is_known(doc: Document, eid: int) -> bool:
    """True for a TwiML Voice element (unknown ones are drawn greyed)."""
    return twiml.element(doc.tag(eid)) is not None


def _child_text(doc: Document, eid: int, child: str) -> str | None:
    for c in doc.child_elements(eid):
        if doc.tag(c) == child:
            return collapse(doc.text(c))
    return None


def headline(doc: Document, eid: int) -> str:
    """The element's main value, shown after its name: spoken text, number, identity, URL, queue name."""
    tag = doc.tag(eid)
    if tag == "Say":
        return "\u201c" + collapse("".join(doc.node(eid).itertext()))[:MAX_DETAIL] + "\u201d"
    if tag == "Client":
        return _child_text(doc, eid, "Identity") or collapse(doc.text(eid))
    if tag == "Application":
        return _child_text(doc, eid, "ApplicationSid") or collapse(doc.text(eid))
    if tag == "Sip":
        return collapse(doc.text(eid)) or _child_text(doc, eid, "Uri") or ""
    if tag == "Pause":
        return f"{doc.get(eid, 'length') or '1'} s"
    return collapse(doc.text(eid))[:MAX_DETAIL]


def details(doc: Document, eid: int) -> list[tuple[str, str]]:
    """(label, value) pairs of the key attributes that are set, in display order."""
    tag = doc.tag(eid)
    present = dict(doc.attributes(eid))
    keys = _shown(tag, None if tag in KEY_ATTRIBUTES else tuple(present)[:4])
    out = []
    for key in keys:
        if key == "length" and tag == "Pause":
            continue
        value = present.get(key)
        if value is not None and value.strip():
            out.append((_LABELS.get(key, key), collapse(value)[:MAX_DETAIL]))
    return out


@lru_cache(maxsize=4096)
def _shown(tag: str, written: tuple[str, ...] | None) -> tuple[str, ...]:
    """The attributes `details` shows for `tag`: its key ones (else the first `written`), then its links."""
    keys = KEY_ATTRIBUTES.get(tag) if written is None else written
    return keys + tuple(a.name for a in twiml.link_attributes(tag)
                        if a.link is LinkRole.DOCUMENT and a.name not in keys)


def properties(doc: Document, eid: int, children: list[int] | None = None) -> list[tuple[str, str]]:
    """(name, value) rows of the element's table: Parameters, and Uri/Headers/Config lines.
    `children`: the element's child elements when the caller has them already."""
    rows = []
    for c in doc.child_elements(eid) if children is None else children:
        tag = doc.tag(c)
        if tag not in PROPERTY_CHILDREN or tag in ("Identity", "ApplicationSid"):
            continue
        if tag in ("Parameter", "Config"):
            rows.append((doc.get(c, "name") or "?", doc.get(c, "value") or ""))
        elif tag == "Uri" and doc.tag(eid) == "Sip" and not collapse(doc.text(eid)):
            continue  # already the headline
        else:
            rows.append((tag, collapse(doc.text(c))))
    return rows


def structural_children(doc: Document, eid: int, children: list[int] | None = None) -> list[int]:
    """Child elements drawn as cards under this node (Dial targets, a Gather's prompts …).
    `children`: the element's child elements when the caller has them already."""
    if doc.tag(eid) == "Say":
        return []  # SSML is part of the spoken text
    return [c for c in (doc.child_elements(eid) if children is None else children)
            if doc.tag(c) not in PROPERTY_CHILDREN]


TEXT = "#text"  # a handle that sets the element's text (Redirect's URL)


@lru_cache(maxsize=1024)
def handle_attribute(tag: str) -> str | None:
    """The link a connect handle sets: a verb's `action`, a target's screening `url`, a Redirect's TEXT."""
    if twiml.text_link(tag) is LinkRole.DOCUMENT:
        return TEXT
    for attr in twiml.link_attributes(tag):
        if attr.link is LinkRole.DOCUMENT and attr.name in ("action", "url"):
            return attr.name
    return None


def link_style(element: str, attribute: str | None) -> str:
    """How a document link is drawn: "control" (the call moves), "screening", "wait" or "other"."""
    if attribute is None:
        return "control" if element == "Redirect" else "other"
    continuation = rules.CONTINUATIONS.get(element)
    if continuation is not None and continuation.next_attribute == attribute:
        return "control"
    if attribute == "url" and (element in rules.SCREENING_URL_OWNERS or element == "Queue"):
        return "screening"
    if attribute in ("waitUrl", "url"):
        return "wait"
    return "other"
