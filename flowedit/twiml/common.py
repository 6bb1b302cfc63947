"""Shared value sets and attribute builders for the TwiML vocabulary modules.

This module owns the facts that several elements share, so each is stated once: the METHOD and
BOOL spellings, the call-progress and recording event sets, the trim and track value sets, the
SID shape, and builders for recurring attribute groups (an `action`/`method` pair, the
`url`/`method`/`statusCallback*` group of a Dial target, the `recordingStatusCallback*` group, the
answering-machine-detection group). Reference keys name sections of the shared twiml-reference.md
(§3 shared value sets, §4.3 events, §4.5 methods). Nothing here imports Qt.
"""

from __future__ import annotations

from .kinds import Attribute, Confidence, Kind, LinkRole

READ = Confidence.READ
SECONDARY = Confidence.SECONDARY
RECALLED = Confidence.RECALLED

METHOD_VALUES: tuple[str, ...] = ("GET", "POST")
"""Every `*Method` attribute takes exactly these (§3 shared value sets, §4.5)."""

BOOL_VALUES: tuple[str, ...] = ("true", "false")
"""Booleans are written lower-case (§3 shared value sets, §6)."""

CALL_PROGRESS_EVENTS: tuple[str, ...] = ("initiated", "ringing", "answered", "completed")
"""statusCallbackEvent tokens of Number, Client, Sip, Application, WhatsApp (§4.3)."""

RECORDING_EVENTS: tuple[str, ...] = ("in-progress", "completed", "absent")
"""recordingStatusCallbackEvent tokens on Dial, Record, Conference, Conversation, Recording (§4.3)."""

TRIM_VALUES: tuple[str, ...] = ("trim-silence", "do-not-trim")
"""`trim` on Dial, Record, Conference, Conversation, Recording (§3.5, §3.12)."""

MEDIA_TRACKS: tuple[str, ...] = ("inbound_track", "outbound_track", "both_tracks")
"""`track` of Stream, Siprec and Transcription (§3.14, §3.15); Recording uses its own set."""

DIAL_RECORD_VALUES: tuple[str, ...] = (
    "do-not-record",
    "record-from-answer",
    "record-from-ringing",
    "record-from-answer-dual",
    "record-from-ringing-dual",
)
"""Dial/Conversation `record` (§3.5); `true`/`false` are the legacy aliases (rules.LEGACY_VALUE_ALIASES)."""

CARD_TYPES: tuple[str, ...] = (
    "visa",
    "mastercard",
    "amex",
    "maestro",
    "discover",
    "optima",
    "jcb",
    "diners-club",
    "enroute",
)
"""Pay validCardTypes and Prompt cardType tokens (§3.16)."""

LANGUAGE_TAG_PATTERN = r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"
"""The shape of a language tag such as `en-US`, `arb`, `cmn-Hans-CN`, `en-GB-WLS` (BCP 47 subset)."""


def sid_pattern(prefix: str) -> str:
    """The whole-value pattern of a Twilio SID: two-letter prefix plus 32 hexadecimal digits."""
    return prefix + r"[0-9a-fA-F]{32}"


# --- single-attribute builders -------------------------------------------------------------------


def string(name: str, doc: str = "", **kw) -> Attribute:
    """A free-text attribute (max_length / pattern may be given)."""
    return Attribute(name, Kind.STRING, doc, **kw)


def boolean(name: str, doc: str = "", default: str | None = None, **kw) -> Attribute:
    """A `true`/`false` attribute."""
    return Attribute(name, Kind.BOOL, doc, values=BOOL_VALUES, default=default, **kw)


def integer(
    name: str,
    doc: str = "",
    default: str | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    **kw,
) -> Attribute:
    """A whole-number attribute with an optional range."""
    return Attribute(name, Kind.INTEGER, doc, default=default, minimum=minimum, maximum=maximum, **kw)


def enum(name: str, values: tuple[str, ...], doc: str = "", default: str | None = None, **kw) -> Attribute:
    """An attribute holding exactly one of `values`."""
    return Attribute(name, Kind.ENUM, doc, values=values, default=default, **kw)


def enum_list(
    name: str, values: tuple[str, ...], doc: str = "", default: str | None = None, **kw
) -> Attribute:
    """An attribute holding space-separated tokens, each one of `values`."""
    return Attribute(name, Kind.ENUM_LIST, doc, values=values, default=default, **kw)


def language(
    name: str, doc: str = "", values: tuple[str, ...] = (), default: str | None = None, **kw
) -> Attribute:
    """A language tag; `values` are the known tags, and any other well-formed tag is drift, not an error."""
    return Attribute(
        name,
        Kind.LANGUAGE,
        doc,
        values=values,
        default=default,
        pattern=LANGUAGE_TAG_PATTERN,
        open_values=True,
        **kw,
    )


def sid(name: str, prefix: str | None, doc: str = "", **kw) -> Attribute:
    """A Twilio SID attribute; with `prefix` its whole shape is checked."""
    return Attribute(name, Kind.SID, doc, pattern=sid_pattern(prefix) if prefix else None, **kw)


def method(
    name: str = "method",
    doc: str = "HTTP method for the URL beside it.",
    default: str | None = "POST",
    **kw,
) -> Attribute:
    """A `GET`/`POST` attribute; POST is Twilio's usual default (§3 shared value sets)."""
    return Attribute(name, Kind.METHOD, doc, values=METHOD_VALUES, default=default, **kw)


def url(name: str, link: LinkRole, doc: str = "", **kw) -> Attribute:
    """A URL-valued attribute; `link` says what it points at."""
    return Attribute(name, Kind.URL, doc, link=link, **kw)


def document_url(name: str, doc: str = "", **kw) -> Attribute:
    """A URL of TwiML that Twilio fetches and runs: an edge of the call flow."""
    return url(name, LinkRole.DOCUMENT, doc, **kw)


def callback_url(name: str, doc: str = "", **kw) -> Attribute:
    """A status/event webhook URL; Twilio ignores its response."""
    return url(name, LinkRole.CALLBACK, doc, **kw)


# --- attribute groups ----------------------------------------------------------------------------


def action_pair(
    source: str,
    doc: str = "TwiML document requested when this verb finishes.",
    method_default: str | None = "POST",
    method_confidence: Confidence = READ,
) -> tuple[Attribute, Attribute]:
    """`action` (a DOCUMENT link) and its `method`."""
    return (
        document_url("action", doc, source=source),
        method(
            "method",
            "HTTP method for `action`.",
            default=method_default,
            confidence=method_confidence,
            source=source,
        ),
    )


def status_callback_group(
    events: tuple[str, ...],
    source: str,
    events_default: str | None = None,
    events_confidence: Confidence = READ,
    method_default: str | None = "POST",
    method_confidence: Confidence = READ,
    events_open: bool = False,
) -> tuple[Attribute, ...]:
    """`statusCallbackEvent` (space-separated tokens of `events`), `statusCallback`, `statusCallbackMethod`."""
    return (
        enum_list(
            "statusCallbackEvent",
            events,
            "Space-separated events that are reported to statusCallback.",
            default=events_default,
            open_values=events_open,
            confidence=events_confidence,
            source=source + ", §4.3",
        ),
        callback_url("statusCallback", "URL that receives the status events.", source=source),
        method(
            "statusCallbackMethod",
            "HTTP method for statusCallback.",
            default=method_default,
            confidence=method_confidence,
            source=source,
        ),
    )


def dial_leg_group(
    source: str,
    method_default: str | None = "POST",
    method_confidence: Confidence = READ,
    events_default: str | None = None,
    events_confidence: Confidence = READ,
    status_method_default: str | None = "POST",
    status_method_confidence: Confidence = READ,
) -> tuple[Attribute, ...]:
    """The screening `url`/`method` plus the call-progress statusCallback group of a Dial target.

    Shared by Number, Client, Sip, Application and WhatsApp (§3.6–§3.9, §4.3). The screening
    document runs on the called party before the bridge and must not contain `<Dial>` (§4.1).
    """
    return (
        document_url(
            "url",
            "Screening (whisper) TwiML run on the called party before the calls are bridged; no <Dial> in it.",
            source=source,
        ),
        method(
            "method",
            "HTTP method for `url`.",
            default=method_default,
            confidence=method_confidence,
            source=source,
        ),
        *status_callback_group(
            CALL_PROGRESS_EVENTS,
            source,
            events_default=events_default,
            events_confidence=events_confidence,
            method_default=status_method_default,
            method_confidence=status_method_confidence,
        ),
    )


def recording_callback_group(
    source: str,
    method_confidence: Confidence = READ,
    events_confidence: Confidence = READ,
) -> tuple[Attribute, ...]:
    """`recordingStatusCallback`, its method (POST) and its events (default `completed`) (§4.3)."""
    return (
        callback_url(
            "recordingStatusCallback", "URL told when the recording's status changes.", source=source
        ),
        method(
            "recordingStatusCallbackMethod",
            "HTTP method for recordingStatusCallback.",
            confidence=method_confidence,
            source=source,
        ),
        enum_list(
            "recordingStatusCallbackEvent",
            RECORDING_EVENTS,
            "Space-separated recording events reported to recordingStatusCallback (13621 if invalid).",
            default="completed",
            confidence=events_confidence,
            source=source + ", §4.3",
        ),
    )


def amd_group(source: str) -> tuple[Attribute, ...]:
    """Answering-machine detection on a Number or Sip leg, with the D-number ranges (§3.6, §4.4)."""
    return (
        enum(
            "machineDetection",
            ("Enable", "DetectMessageEnd"),
            "Detect an answering machine on the answered leg.",
            source=source,
        ),
        integer(
            "machineDetectionTimeout",
            "Seconds to wait for a detection result.",
            default="30",
            minimum=3,
            maximum=60,
            source=source,
        ),
        integer(
            "machineDetectionSpeechThreshold",
            "Milliseconds of speech that count as a machine greeting.",
            default="2400",
            minimum=1000,
            maximum=6000,
            source=source,
        ),
        integer(
            "machineDetectionSpeechEndThreshold",
            "Milliseconds of silence after speech that end the greeting.",
            default="1200",
            minimum=500,
            maximum=5000,
            source=source,
        ),
        integer(
            "machineDetectionSilenceTimeout",
            "Milliseconds of initial silence before the result is `unknown`.",
            default="5000",
            minimum=2000,
            maximum=10000,
            source=source,
        ),
        callback_url("amdStatusCallback", "URL that receives the detection result.", source=source),
        method("amdStatusCallbackMethod", "HTTP method for amdStatusCallback.", source=source),
    )


def name_value_pair(source: str, what: str) -> tuple[Attribute, Attribute]:
    """The `name` and `value` attributes of Parameter, Config and Header."""
    return (
        string("name", f"Name of the {what}.", source=source),
        string("value", f"Value of the {what}.", source=source),
    )
