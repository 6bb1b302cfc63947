"""The shape of the TwiML vocabulary: value kinds, attribute, text and element descriptions.

This module owns only the *types* used to describe TwiML Voice; the facts themselves live in the
sibling data modules (`verbs`, `dial`, `queues`, `connect`, `media`, `pay`, `ssml`), and
`flowedit.twiml` assembles them into the one registry every other part of flowedit reads
(validation, inspector, palette, link extraction). Nothing here imports Qt.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cached_property

XML_NS = "http://www.w3.org/XML/1998/namespace"
"""The namespace bound to the `xml:` prefix; lxml spells `xml:lang` as `{XML_NS}lang`."""

_XML_CLARK_PREFIX = "{" + XML_NS + "}"


def prefixed_name(name: str) -> str:
    """`{XML_NS}lang` (lxml's Clark notation) as `xml:lang`; every other name unchanged."""
    if name.startswith(_XML_CLARK_PREFIX):
        return "xml:" + name[len(_XML_CLARK_PREFIX) :]
    return name


class Kind(enum.Enum):
    """What sort of value an attribute or a text content holds."""

    STRING = "string"  # free text, maybe with max_length / pattern
    URL = "url"  # absolute or relative URL (see LinkRole for what it points at)
    METHOD = "method"  # GET | POST
    BOOL = "bool"  # true | false, lower-case
    INTEGER = "integer"  # whole number, with optional minimum / maximum
    DECIMAL = "decimal"  # decimal number as a string (chargeAmount)
    ENUM = "enum"  # exactly one of `values`
    ENUM_LIST = "enum-list"  # space-separated tokens, each one of `values`
    INTEGER_LIST = "integer-list"  # space-separated whole numbers (Prompt attempt)
    PHONE = "phone"  # a phone number, E.164 recommended
    SIP_URI = "sip-uri"  # sip:user@host;params?headers
    SID = "sid"  # a Twilio SID; `pattern` gives its prefix and shape
    CLIENT_ID = "client-id"  # a Voice SDK client identity (rules: flowedit.twiml.rules)
    DIGITS = "digits"  # DTMF characters; `pattern` gives the allowed set
    JSON = "json"  # a JSON document (Task)
    LANGUAGE = "language"  # a language tag such as en-US
    DURATION = "duration"  # SSML time such as 500ms or 2s
    NONE = "none"  # element takes no text content


class LinkRole(enum.Enum):
    """What a URL-valued attribute or text points at.

    Only DOCUMENT links are edges of the call flow (TwiML fetched and executed). The others are
    still resolved and classified, so that validation can say which callbacks leave the flow.
    """

    DOCUMENT = "document"  # TwiML that Twilio fetches and runs (action, url, Redirect, waitUrl …)
    CALLBACK = "callback"  # a status/event webhook; its response is ignored
    MEDIA = "media"  # an audio file (Play)
    WEBSOCKET = "websocket"  # a wss:// endpoint (Stream, ConversationRelay)


class Confidence(enum.Enum):
    """How sure the reference is of a fact (the marks of twiml-reference.md §0.1)."""

    READ = "✔"  # read in the named source
    SECONDARY = "≈"  # read in a secondary source
    RECALLED = "?"  # recalled, not re-checked: warn rather than fail


@dataclass(frozen=True)
class Attribute:
    """One attribute of a TwiML element, as Twilio documents it."""

    name: str
    kind: Kind
    doc: str = ""
    # Allowed tokens for ENUM / ENUM_LIST; for LANGUAGE (and other open kinds) the known tokens.
    values: tuple[str, ...] = ()
    default: str | None = None  # Twilio's default, as the attribute text would spell it
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    # A regular expression the whole value must match (re.fullmatch). On ENUM / ENUM_LIST it names
    # the *further* accepted forms beside `values` (Say voice `Polly.Joanna`, prosody `+10%`).
    pattern: str | None = None
    link: LinkRole | None = None  # set for every URL-valued attribute
    open_values: bool = False  # unknown enum tokens are drift (warning), not errors
    confidence: Confidence = Confidence.READ
    source: str = ""  # reference key(s) from twiml-reference.md, e.g. "D-client"


@dataclass(frozen=True)
class Text:
    """What the text content of an element means."""

    kind: Kind
    doc: str = ""
    required: bool = False  # the element means nothing without it (unless `alternative` child present)
    alternative: tuple[str, ...] = ()  # child elements that may replace the text (Client → Identity)
    link: LinkRole | None = None  # set when the text is a URL (Redirect, Play)
    max_length: int | None = None
    pattern: str | None = None


class Role(enum.Enum):
    """Where an element sits in a document."""

    ROOT = "root"  # <Response>
    VERB = "verb"  # directly under <Response> (Say is also allowed in Gather/Prompt)
    NOUN = "noun"  # inside a verb
    SSML = "ssml"  # lower-case speech markup inside <Say>


@dataclass(frozen=True)
class Element:
    """One TwiML Voice element: where it may stand, what it may hold, what its attributes mean."""

    name: str
    role: Role
    summary: str  # one line for the palette and tooltips
    parents: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    text: Text = field(default_factory=lambda: Text(Kind.NONE))
    category: str = ""  # palette group: "Call control", "Dial targets", "Speech & audio" …
    max_count_in_parent: int | None = None  # e.g. not used for Dial targets (see rules), kept for nouns
    notes: tuple[str, ...] = ()  # facts the rules rely on, phrased for a tooltip
    source: str = ""

    @cached_property
    def _attributes_by_name(self) -> dict[str, Attribute]:
        return {a.name: a for a in self.attributes}

    def attribute(self, name: str) -> Attribute | None:
        """The attribute called `name` (`xml:lang` or lxml's `{…XML_NS…}lang`), or None. O(1)."""
        found = self._attributes_by_name.get(name)
        return found if found is not None or name[:1] != "{" else self._attributes_by_name.get(prefixed_name(name))

    @property
    def attribute_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.attributes)
