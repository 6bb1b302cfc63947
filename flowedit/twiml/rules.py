"""Twilio's rules for TwiML Voice, as plain data and small pure functions.

This module owns the limits and composition rules that are not a property of a single attribute:
Dial composition, client identifiers, which verbs a fetched sub-document may hold, how each verb
hands control on (§4.6), size limits, the callback hostname rule, and known renames and aliases.
The validation engine reads these; it lives elsewhere. Every constant cites
the shared twiml-reference.md by section and source key, with its confidence mark
(✔ read, ≈ secondary, ? recalled). Nothing here imports Qt or the element registry.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from .kinds import Confidence

# --- document ------------------------------------------------------------------------------------

MAX_RESPONSE_BYTES = 64 * 1024
"""A response body may be at most 64 kB; larger is error 11750 (§1.5, ≈ ERRTAB)."""

MAX_INLINE_TWIML_CHARS = 4000
"""Inline TwiML passed to the REST Calls API `Twiml` parameter (§1.13, ✔ PY-REST)."""

ROOT_ELEMENT = "Response"
"""Any other root is error 12102 (§1.1, ✔ D-err-12102)."""

# --- Dial composition (§4.1) ---------------------------------------------------------------------

MAX_DIAL_TARGETS = 10
"""At most ten Number and Client nouns *in total* per Dial (§4.1, ✔ SEED, D-number, D-client)."""

DIAL_COUNTED_TARGETS: tuple[str, ...] = ("Number", "Client")
"""The nouns counted against MAX_DIAL_TARGETS (§4.1, ✔ SEED)."""

MAX_SIP_TARGETS_WARNING = 10
"""A Sip cap per Dial is not confirmed; warn above ten by analogy (§4.1, ?)."""

EXCLUSIVE_DIAL_NOUNS: tuple[str, ...] = ("Conference", "Queue", "Application")
"""Nouns that must be the only noun of their Dial (§4.1)."""

EXCLUSIVE_DIAL_NOUN_CONFIDENCE: Mapping[str, Confidence] = {
    "Conference": Confidence.SECONDARY,  # 13000 "cannot be mixed with Number nouns", ≈ ERRTAB
    "Queue": Confidence.RECALLED,  # "should be the only noun", ?
    "Application": Confidence.READ,  # no simultaneous dialing, ✔ D-application
}
"""How sure each exclusivity rule is, so Queue can be a warning while Application is firmer."""

DIAL_TEXT_WITH_NOUNS_WARNING = True
"""Dial with both a bare number and nouns has no documented meaning: warn (§4.1, NODE-T)."""

SCREENING_URL_OWNERS: tuple[str, ...] = ("Number", "Client", "Sip", "Application", "WhatsApp")
"""Dial targets whose `url` names a screening (whisper) document (§3.6–§3.9)."""

SCREENING_FORBIDDEN_VERBS: frozenset[str] = frozenset({"Dial"})
"""A screening document must not contain <Dial> (§4.1, ✔ D-client, D-number; 13201 ≈)."""

QUEUE_URL_ALLOWED_VERBS: frozenset[str] = frozenset({"Play", "Say", "Pause", "Redirect"})
"""The document named by <Queue url> may hold only these (§3.9, §4.1, ✔ D-queue)."""

CONFERENCE_WAIT_ALLOWED_VERBS: frozenset[str] = frozenset({"Play", "Say", "Pause", "Redirect"})
"""The Conference waitUrl document may hold only these; others raise 13238 (§3.9, ✔ PY, ≈ ERRTAB)."""

ENQUEUE_WAIT_ALLOWED_VERBS: frozenset[str] = frozenset(
    {"Play", "Say", "Pause", "Hangup", "Redirect", "Leave", "Gather"}
)
"""The Enqueue waitUrl document's verbs (§3.10, ≈ SignalWire mirror; Twilio's own list is ?)."""

ENQUEUE_WAIT_ALLOWED_CONFIDENCE = Confidence.SECONDARY

RESTRICTED_DOCUMENTS: Mapping[tuple[str, str], frozenset[str]] = {
    ("Queue", "url"): QUEUE_URL_ALLOWED_VERBS,
    ("Conference", "waitUrl"): CONFERENCE_WAIT_ALLOWED_VERBS,
    ("Enqueue", "waitUrl"): ENQUEUE_WAIT_ALLOWED_VERBS,
}
"""(element, attribute) → the only verbs the linked document may hold."""

# --- context rules -------------------------------------------------------------------------------

REJECT_MUST_BE_FIRST = True
"""<Reject> refuses the call unbilled only as the first verb; later verbs are ignored (§3.11, ✔ D-reject)."""

LEAVE_ONLY_IN: tuple[tuple[str, str], ...] = (("Enqueue", "waitUrl"),)
"""<Leave> is meaningful only in an Enqueue waitUrl document (§3.11, ✔ PY, SNIP)."""

REFER_SIP_TEXT_ONLY = True
"""Under <Refer>, <Sip> holds a SIP URI as text, with no attributes or children (§2, §3.13, ✔ PY, SNIP)."""

NARROWED_CONTENT: Mapping[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {
    ("Refer", "Sip"): ((), ()),
}
"""(parent, child) → (allowed attributes, allowed children) where a noun is narrower than its entry."""

# --- client identifiers (§4.2) -------------------------------------------------------------------

CLIENT_ID_MIN_LENGTH = 1
CLIENT_ID_MAX_LENGTH = 256
"""Client identities are 1–256 characters; longer is 31105 (§4.2, ✔ SEED, D-client, D-err-31105)."""

CLIENT_ID_FORBIDDEN = re.compile(r'[\x00-\x20\x7f<>#%"{}|\\^\[\]`]')
"""RFC 2396 excluded characters: control, space, delims, unwise (§4.2, ✔ D-client): a hard error."""

CLIENT_ID_MOBILE_SAFE = re.compile(r"[A-Za-z0-9_]+")
"""Mobile SDK identities may use only these; anything else is a warning (§4.2, ✔ SEED, D-client)."""

CLIENT_ID_PATTERN = r'[^\x00-\x20\x7f<>#%"{}|\\^\[\]`]{1,256}'
"""The whole-value form of the hard rule, for Text.pattern of Client and Identity."""


def client_id_forbidden_characters(identity: str) -> tuple[str, ...]:
    """The distinct forbidden characters in `identity`, in order of first appearance."""
    return tuple(dict.fromkeys(CLIENT_ID_FORBIDDEN.findall(identity)))


def is_valid_client_id(identity: str) -> bool:
    """True when `identity` passes the hard rule: 1–256 characters, none forbidden (31105 otherwise)."""
    return (
        CLIENT_ID_MIN_LENGTH <= len(identity) <= CLIENT_ID_MAX_LENGTH
        and CLIENT_ID_FORBIDDEN.search(identity) is None
    )


def is_mobile_safe_client_id(identity: str) -> bool:
    """True when `identity` is valid and also safe for the mobile SDKs (`[A-Za-z0-9_]` only)."""
    return is_valid_client_id(identity) and CLIENT_ID_MOBILE_SAFE.fullmatch(identity) is not None


# --- size limits (§4.4) --------------------------------------------------------------------------

SAY_MAX_CHARS = 4096
"""<Say> text beyond this is warning 13521 (§3.1, ✔ AI, ≈ ERRTAB)."""

QUEUE_NAME_MAX_CHARS = 64
"""Queue and Enqueue names (§3.10, ✔ D-enqueue; 14205 too long)."""

CALL_REASON_MAX_CHARS = 50
"""Dial callReason (§3.5, ✔ D-dial)."""

CUSTOMER_ID_MAX_CHARS = 256
"""Application customerId (§3.9, ✔ D-application)."""

CONFERENCE_MAX_PARTICIPANTS = 250
"""A conference holds at most 250 participants (§3.9, ✔ D-conference)."""

SIP_URI_MAX_CHARS = 254
"""A SIP URI must be under 255 characters (§3.8, ≈ D-sip-making-calls)."""

RECORD_MAX_LENGTH_DEFAULT_ACCOUNT = 14400
RECORD_MAX_LENGTH_EXTENDED_ACCOUNT = 86400
"""Record maxLength tops out at 4 h or 24 h depending on the account (§3.12, ✔ D-record)."""

DEFAULT_QUEUE_MAX_SIZE = 1000
"""A queue's default size (older pages: 100) (§3.10, ✔ D-enqueue)."""

# --- URLs and methods (§4.5) ---------------------------------------------------------------------

METHODS: tuple[str, ...] = ("GET", "POST")
"""Every `*Method` attribute takes only these; case-sensitivity is ? (§4.5, ≈ ERRTAB, ✔ D-err-14206)."""

WEBSOCKET_SCHEMES: tuple[str, ...] = ("wss",)
"""Stream and ConversationRelay urls are wss:// (§4.5, ✔ SNIP; wss-only rule ?)."""

CALLBACK_HOSTNAME_FORBIDDEN = "_"
"""Callback hostnames may not contain an underscore; 11210 at run time (§4.5, ✔ PY-REST, ≈ ERRTAB)."""


def callback_hostname_ok(url: str) -> bool:
    """False when `url` is absolute and its hostname contains an underscore; relative URLs pass."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return True  # malformed URLs are another rule's business
    return not host or CALLBACK_HOSTNAME_FORBIDDEN not in host


# --- flow and reachability (§4.6) ----------------------------------------------------------------


class FallThrough(enum.Enum):
    """When the verb after this one can run."""

    ALWAYS = "always"  # the verb never hands control away (Say, Start, …)
    NEVER = "never"  # the call ends or moves on (Redirect, Hangup, Reject)
    WITHOUT_ACTION = "without-action"  # only when no `action` is set (Dial, Enqueue, Connect)
    ON_NO_INPUT = "on-no-input"  # Gather: when the timeout passes with no input
    ON_EMPTY_RECORDING = "on-empty-recording"  # Record: when nothing was recorded


@dataclass(frozen=True)
class Continuation:
    """How a verb hands control on."""

    verb: str
    falls_through: FallThrough
    next_attribute: str | None = None  # the DOCUMENT link control goes to ("action"), or text for Redirect
    defaults_to_current_document: bool = False  # an absent `action` means "request this document again"
    blocking: bool = True  # the next verb waits for this one (False for Start/Stop)
    confidence: Confidence = Confidence.READ
    source: str = ""


CONTINUATIONS: Mapping[str, Continuation] = {
    c.verb: c
    for c in (
        Continuation("Dial", FallThrough.WITHOUT_ACTION, "action", source="§4.6 ✔ D-dial (old)"),
        Continuation(
            "Gather",
            FallThrough.ON_NO_INPUT,
            "action",
            defaults_to_current_document=True,
            source="§4.6 ✔ D-gather (2017)",
        ),
        Continuation(
            "Record",
            FallThrough.ON_EMPTY_RECORDING,
            "action",
            defaults_to_current_document=True,
            source="§3.12, §4.6 ✔ D-record (old)",
        ),
        Continuation("Redirect", FallThrough.NEVER, None, source="§4.6 ✔ SNIP"),
        Continuation("Hangup", FallThrough.NEVER, source="§4.6 ✔ D-reject"),
        Continuation("Reject", FallThrough.NEVER, source="§4.6 ✔ D-reject"),
        Continuation(
            "Enqueue",
            FallThrough.WITHOUT_ACTION,
            "action",
            confidence=Confidence.RECALLED,  # the fall-through half is ?
            source="§4.6 ✔ D-enqueue (action), ? (fall-through)",
        ),
        Continuation(
            "Connect",
            FallThrough.WITHOUT_ACTION,
            "action",
            confidence=Confidence.RECALLED,
            source="§3.14, §4.6 ✔ SNIP; ?",
        ),
        Continuation(
            "Pay", FallThrough.WITHOUT_ACTION, "action", confidence=Confidence.RECALLED, source="§4.6 ?"
        ),
        Continuation("Start", FallThrough.ALWAYS, None, blocking=False, source="§4.6 ✔ SNIP stream-1"),
        Continuation("Stop", FallThrough.ALWAYS, None, blocking=False, source="§4.6 ✔ SNIP stream-1"),
    )
}
"""Verbs whose continuation is not simply "the next verb"; every other verb is FallThrough.ALWAYS.
Redirect's target is its text, so its next_attribute is None."""

TERMINAL_VERBS: frozenset[str] = frozenset(
    verb for verb, c in CONTINUATIONS.items() if c.falls_through is FallThrough.NEVER
)
"""Verbs after which nothing in the same document runs: Redirect, Hangup, Reject (§4.6)."""


def ends_fall_through(verb: str, attributes: Mapping[str, str]) -> bool:
    """True when no verb after `verb` (with these attribute values) can run in the same document.

    Dial/Enqueue/Connect/Pay end it only with a non-empty `action`. Gather keeps the no-input path
    open unless `actionOnEmptyResult="true"` (then `action`, or the current document, is always
    requested: an inference from §3.4). Record keeps the empty-recording path open (§3.12).
    """
    cont = CONTINUATIONS.get(verb)
    if cont is None:
        return False
    if cont.falls_through is FallThrough.NEVER:
        return True
    if cont.falls_through is FallThrough.WITHOUT_ACTION:
        return bool(attributes.get("action", "").strip())
    if cont.falls_through is FallThrough.ON_NO_INPUT:
        return attributes.get("actionOnEmptyResult") == "true"
    return False


# --- renames, aliases and spelling variants ------------------------------------------------------

RENAMED_ATTRIBUTES: Mapping[tuple[str, str], str] = {
    ("say-as", "role"): "format",  # 2022-12, §2.1 ✔ PY-CH
    ("Conference", "whisper"): "coach",  # 2019, §3.9 ✔ PY-CH
}
"""(element, old attribute) → the current name; offer to migrate."""

RENAMED_VALUES: Mapping[tuple[str, str, str], str] = {
    ("say-as", "interpret-as", "character"): "characters",  # 2022-12, §2.1 ✔ PY-CH
    ("Conversation", "statusCallbackEvent", "call-in-progress"): "call-answered",  # 2022-09, §3.14 ✔ PY-CH
}
"""(element, attribute, old token) → the current token."""

REMOVED_VALUES: frozenset[tuple[str, str, str]] = frozenset(
    {
        ("Stream", "track", "mixed_track"),  # removed 2019, §3.15 ✔ PY-CH
    }
)
"""(element, attribute, token) no longer accepted."""

MISSPELLED_ATTRIBUTES: Mapping[str, str] = {
    "statusCallbackEvents": "statusCallbackEvent",  # NODE-T passthrough test; twilio-java PR #216 (§6)
}
"""Attribute names seen in the wild that are typos of a real one, on any element."""

LEGACY_VALUE_ALIASES: Mapping[tuple[str, str], Mapping[str, str]] = {
    ("Dial", "record"): {"true": "record-from-answer", "false": "do-not-record"},  # §3.5 ✔ D-dial (old)
}
"""(element, attribute) → legacy token → what it means; these tokens are accepted."""

ATTRIBUTE_SPELLING_VARIANTS: Mapping[tuple[str, str], str] = {
    ("ConversationRelay", "backgroundNoiseReduction"): "backgroundnoisereduction",
    ("ConversationRelay", "speechTimeout"): "speechtimeout",
    ("ConversationRelay", "deepgramSmartFormat"): "deepgramsmartformat",
    ("ConversationRelay", "ignoreBackchannel"): "ignorebackchannel",
}
"""PY camelCase → NODE/JAVA lower-case; Twilio's choice is unconfirmed, so accept both and keep
whichever the document uses (§3.14, §8.4)."""

UNCONFIRMED_CHILDREN: Mapping[str, tuple[str, ...]] = {
    "Leave": ("Parameter",),  # PY-CH 2023-01 says yes, generated code says no (§2, §8.5): warn at most
}
"""Parent → children the reference cannot confirm; not in the vocabulary, so a warning at most."""
