"""What the Twilio helper libraries offer for building Voice TwiML: classes, child methods, text arguments.

The table below was read off twilio-python 9.13 (`twilio.twiml.voice_response`) and twilio-node 5.13
(`twilio.twiml.VoiceResponse`) by walking their classes from `VoiceResponse`; tests/export re-derive it from
the installed libraries and fail when it drifts. It is data, so that flowedit needs neither library to run.

Naming, shared by both libraries because both are generated from one specification:

- a child element `<Tag>` of class `C` is made by a method on `C`: Python names it in snake_case (`whats_app`,
  `say_as`, and `break_` because `break` is a keyword), Node in lowerCamelCase (`whatsApp`, `sayAs`, `break`);
- SSML classes are `Ssml` + the tag in CamelCase (`SsmlSayAs` for `<say-as>`); two tags map to other
  classes: `<Uri>` → `SipUri`, and `<Sip>` inside `<Refer>` → `ReferSip`;
- a class that takes text content takes it as the first argument: Python positionally (named as in `TEXT`),
  Node as the second argument after the attributes object (or the only one, when there are no attributes).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

_SSML_ALL = ("break", "emphasis", "lang", "p", "phoneme", "prosody", "s", "say-as", "sub", "w")
_SSML_INLINE = ("break", "emphasis", "lang", "phoneme", "prosody", "say-as", "sub", "w")  # no p, no s

# Class → the child tags it has a method for. "Tag=Class" names a class other than the tag's own;
# "Tag@node" is a method only twilio-node has.
CHILDREN: dict[str, tuple[str, ...]] = {
    "VoiceResponse": ("Connect", "Dial", "Echo", "Enqueue", "Gather", "Hangup", "Leave", "Pause", "Play",
                      "Queue", "Record", "Redirect", "Reject", "Say", "Sms", "Pay", "Prompt", "Start", "Stop",
                      "Refer"),
    "Application": ("ApplicationSid", "Parameter"),
    "Assistant": ("Language", "Parameter"),
    "Client": ("Identity", "Parameter"),
    "Connect": ("Room", "Autopilot", "Stream", "VirtualAgent", "Conversation", "ConversationRelay", "AiSession",
                "ConversationRelaySession", "Assistant@node"),
    "ConversationRelay": ("Language", "Parameter"),
    "Dial": ("Client", "Conference", "Number", "Queue", "Sim", "Sip", "Application", "WhatsApp"),
    "Enqueue": ("Task",),
    "Gather": ("Say", "Pause", "Play"),
    "Hangup": ("Parameter",),
    "Headers": ("Header",),
    "Pay": ("Prompt", "Parameter"),
    "Prompt": ("Say", "Play", "Pause"),
    "Refer": ("Sip=ReferSip",),
    "Reject": ("Parameter",),
    "Say": _SSML_ALL,
    "Sip": ("Uri=SipUri", "Headers"),
    "Siprec": ("Parameter",),
    "SsmlEmphasis": _SSML_INLINE,
    "SsmlLang": _SSML_ALL,
    "SsmlP": tuple(t for t in _SSML_ALL if t != "p"),
    "SsmlProsody": _SSML_ALL,
    "SsmlS": _SSML_INLINE,
    "SsmlW": ("break", "emphasis", "phoneme", "prosody", "say-as", "sub"),
    "Start": ("Stream", "Siprec", "Transcription", "Recording"),
    "Stop": ("Stream", "Siprec", "Transcription"),
    "Stream": ("Parameter",),
    "Transcription": ("Config", "Parameter"),
    "VirtualAgent": ("Config", "Parameter"),
}

# Class → the Python name of its text argument; "?" marks an optional one (Python requires the others).
TEXT: dict[str, str] = {
    "Application": "application_sid?", "ApplicationSid": "sid", "Autopilot": "name", "Client": "identity?",
    "Conference": "name", "Dial": "number?", "Enqueue": "name?", "Identity": "client_identity",
    "Number": "phone_number", "Play": "url?", "Queue": "name", "Redirect": "url", "ReferSip": "sip_url",
    "Room": "name", "Say": "message?", "Sim": "sim_sid", "Sip": "sip_url?", "SipUri": "sip_url?",
    "Sms": "message", "SsmlEmphasis": "words?", "SsmlLang": "words?", "SsmlP": "words?", "SsmlPhoneme": "words",
    "SsmlProsody": "words?", "SsmlS": "words?", "SsmlSayAs": "words", "SsmlSub": "words", "SsmlW": "words?",
    "Task": "body", "WhatsApp": "phone_number",
}


@dataclass(frozen=True)
class Method:
    """How a library makes child `tag` of an element of class `owner`."""

    tag: str
    cls: str  # the class of the element it returns
    python: str | None  # the Python method name, None when only Node has it
    node: str

    @property
    def text(self) -> str | None:
        """Python name of the text argument, or None when the element takes no text argument."""
        spec = TEXT.get(self.cls)
        return spec.rstrip("?") if spec else None

    @property
    def text_required(self) -> bool:
        spec = TEXT.get(self.cls)
        return bool(spec) and not spec.endswith("?")


def _words(tag: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", tag.replace("-", " "))]


def python_method(tag: str) -> str:
    name = "_".join(_words(tag))
    return name + "_" if keyword.iskeyword(name) else name


def node_method(tag: str) -> str:
    words = _words(tag)
    return words[0] + "".join(w.title() for w in words[1:])


def class_for(tag: str, owner: str) -> str:
    if owner.startswith("Ssml") or owner == "Say":
        return "Ssml" + "".join(w.title() for w in _words(tag))
    return tag


def _build() -> dict[str, dict[str, Method]]:
    table: dict[str, dict[str, Method]] = {}
    for owner, entries in CHILDREN.items():
        methods = table.setdefault(owner, {})
        for entry in entries:
            entry, node_only = (entry[:-5], True) if entry.endswith("@node") else (entry, False)
            tag, _, cls = entry.partition("=")
            methods[tag] = Method(tag, cls or class_for(tag, owner), None if node_only else python_method(tag),
                                  node_method(tag))
    return table


METHODS = _build()


def method(owner: str | None, tag: str, lang: str) -> Method | None:
    """The method of class `owner` that makes `<tag>` in `lang` ("python" or "node"), or None."""
    found = METHODS.get(owner or "", {}).get(tag)
    if found is None or (lang == "python" and found.python is None):
        return None
    return found
