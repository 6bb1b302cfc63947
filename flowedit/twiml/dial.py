"""<Dial> and the nouns it calls: Number, Client (+Identity), Sip (+Uri, Headers, Header), Sim,
Application (+ApplicationSid) and WhatsApp; the Conference and Queue nouns are in `queues`.

This module owns the Dial part of the vocabulary (the shared twiml-reference.md §2, §3.5–§3.9,
§4.1–§4.3). Composition limits (ten targets, exclusive nouns, screening documents) are in `rules`.
Note §3.5 and §1.4: statusCallback/statusCallbackEvent are *not* Dial attributes; they belong on
the nouns (12200 otherwise).
"""

from __future__ import annotations

from . import rules
from .common import (
    DIAL_RECORD_VALUES,
    RECALLED,
    TRIM_VALUES,
    action_pair,
    amd_group,
    boolean,
    dial_leg_group,
    document_url,
    enum,
    integer,
    method,
    name_value_pair,
    recording_callback_group,
    sid,
    sid_pattern,
    string,
)
from .kinds import Attribute, Element, Kind, Role, Text

DIAL_NOUNS: tuple[str, ...] = (
    "Number",
    "Client",
    "Sip",
    "Sim",
    "Conference",
    "Queue",
    "Application",
    "WhatsApp",
)

RING_TONES: tuple[str, ...] = tuple(
    "at au bg br be ch cl cn cz de dk ee es fi fr gr hu il in it lt jp mx my nl no nz ph pl pt ru se sg th uk us "
    "us-old tw ve za".split()
)
"""Dial ringTone codes (§3.5 ✔ NODE; 13220)."""

_CAT = "Dial targets"

DIAL = Element(
    "Dial",
    Role.VERB,
    "Connect the caller to another party: numbers, clients, SIP, a conference, a queue …",
    parents=("Response",),
    children=DIAL_NOUNS,
    attributes=(
        *action_pair(
            "§3.5 ✔ D-dial", "TwiML requested when the dialed call ends; later verbs are then unreachable."
        ),
        integer(
            "timeout",
            "Seconds to ring before giving up (positive ✔; range 5–600 ?).",
            default="30",
            minimum=5,
            maximum=600,
            confidence=RECALLED,
            source="§3.5 ✔ D-dial (old), 13212; range ?",
        ),
        boolean(
            "hangupOnStar",
            "Let the caller press * to drop the called party.",
            default="false",
            source="§3.5 ✔ D-dial (old), 13213",
        ),
        integer(
            "timeLimit",
            "Longest call in seconds (default 4 h; maximum ?).",
            default="14400",
            minimum=1,
            source="§3.5 ✔ D-dial (old), 13216",
        ),
        string(
            "callerId",
            "Caller ID shown: a phone number, a client identifier when dialing <Client>, "
            "or whatsapp:+E164 for <WhatsApp>. Default: the caller's own ID.",
            source="§3.5 ✔ D-dial, D-whatsapp; 13214, 13248",
        ),
        string(
            "callReason",
            "Why the call is made (branded calling), at most 50 characters; in no helper library.",
            max_length=rules.CALL_REASON_MAX_CHARS,
            source="§3.5 ✔ D-dial",
        ),
        enum(
            "record",
            (*DIAL_RECORD_VALUES, "true", "false"),
            "Record the call; `true`/`false` are legacy aliases of record-from-answer/do-not-record (13217).",
            default="do-not-record",
            source="§3.5 ✔ D-dial (old), NODE",
        ),
        enum(
            "trim",
            TRIM_VALUES,
            "Trim silence from the recording.",
            default="trim-silence",
            source="§3.5 ✔ D-dial (old)",
        ),
        *recording_callback_group(
            "§3.5 ✔ PY/NODE; defaults ?", method_confidence=RECALLED, events_confidence=RECALLED
        ),
        enum(
            "recordingTrack",
            ("both", "inbound", "outbound"),
            "Audio track to record.",
            default="both",
            confidence=RECALLED,
            source="§3.5 ✔ NODE, PY-CH; default ?",
        ),
        string("recordingConfigurationId", "Recording configuration to apply.", source="§3.5 ✔ PY"),
        boolean(
            "answerOnBridge",
            "Keep the caller hearing ringback until the dialed party answers.",
            default="false",
            source="§3.5 ✔ D-dial, D-client; 13219",
        ),
        enum(
            "ringTone",
            RING_TONES,
            "Country ringback tone played to the caller (13220).",
            source="§3.5 ✔ NODE",
        ),
        boolean(
            "sequential",
            "Ring the nouns one after another, in order, instead of all at once.",
            default="false",
            source="§3.5 ✔ PY, SNIP sip-12",
        ),
        document_url(
            "referUrl",
            "TwiML requested when a SIP REFER arrives on this leg (13802 without it).",
            source="§3.5 ✔ PY",
        ),
        method(
            "referMethod", "HTTP method for referUrl.", confidence=RECALLED, source="§3.5 ✔ PY; default ?"
        ),
        enum(
            "events",
            ("call-progress-event",),
            "Subscribe to call-progress events (instead of statusCallbackEvent, which Dial lacks).",
            source="§3.5 ✔ NODE, PY-CH",
        ),
        string(
            "passports",
            "Comma-separated base64 SHAKEN/DIV passports (Python library only).",
            source="§3.5 ✔ PY",
        ),
    ),
    text=Text(Kind.PHONE, "A single phone number to dial, instead of a <Number> noun."),
    category="Call control",
    notes=(
        "statusCallback and statusCallbackEvent belong on the nouns, not on <Dial> (12200).",
        "At most ten <Number> and <Client> nouns in total; they ring at once unless sequential.",
        "<Conference>, <Queue> and <Application> must be the only noun.",
        "With `action`, later verbs are unreachable; without it the flow falls through.",
        "Needs a live parent call; cannot Dial out from a Dial call segment (13201).",
    ),
    source="§3.5, §4.1",
)

NUMBER = Element(
    "Number",
    Role.NOUN,
    "A phone number to call.",
    parents=("Dial",),
    attributes=(
        Attribute(
            "sendDigits",
            Kind.DIGITS,
            "DTMF sent once the call is answered: 0-9 * # w (13222).",
            pattern=r"[0-9*#w]+",
            source="§3.6 ✔ D-number, D-err-13222",
        ),
        *dial_leg_group("§3.6 ✔ D-number", events_default="completed"),
        sid("byoc", "BY", "BYOC trunk to route the call through.", source="§3.6 ✔ D-number"),
        *amd_group("§3.6 ✔ D-number"),
    ),
    text=Text(
        Kind.PHONE, "Phone number; E.164 recommended, unformatted US numbers accepted (13223).", required=True
    ),
    category=_CAT,
    source="§3.6",
)

CLIENT = Element(
    "Client",
    Role.NOUN,
    "A Voice SDK client identity to call.",
    parents=("Dial",),
    children=("Identity", "Parameter"),
    attributes=dial_leg_group("§3.7 ✔ D-client, SEED"),
    text=Text(
        Kind.CLIENT_ID,
        "Client identity, unless an <Identity> child is used (31105 if invalid).",
        required=True,
        alternative=("Identity",),
        max_length=rules.CLIENT_ID_MAX_LENGTH,
        pattern=rules.CLIENT_ID_PATTERN,
    ),
    category=_CAT,
    notes=(
        "Without statusCallbackEvent, only `completed` is sent to statusCallback.",
        "Whether <Parameter> requires <Identity> instead of text is ? (believed yes).",
    ),
    source="§3.7, §4.2",
)

IDENTITY = Element(
    "Identity",
    Role.NOUN,
    "The client identity, when the <Client> also carries <Parameter>s.",
    parents=("Client",),
    text=Text(
        Kind.CLIENT_ID,
        "Client identity (31105 if invalid).",
        required=True,
        max_length=rules.CLIENT_ID_MAX_LENGTH,
        pattern=rules.CLIENT_ID_PATTERN,
    ),
    category=_CAT,
    max_count_in_parent=1,
    source="§2 ✔ PY, SNIP parameter-1",
)

SIP = Element(
    "Sip",
    Role.NOUN,
    "A SIP endpoint to call (in <Refer>: the transfer target).",
    parents=("Dial", "Refer"),
    children=("Uri", "Headers"),
    attributes=(
        string("username", "User name for SIP digest authentication (13249).", source="§3.8 ✔ PY/NODE"),
        string("password", "Password for SIP digest authentication (13249).", source="§3.8 ✔ PY/NODE"),
        *dial_leg_group(
            "§3.8 ✔ PY, NODE; defaults ?",
            method_confidence=RECALLED,
            status_method_confidence=RECALLED,
        ),
        *amd_group("§3.8 ✔ PY, PY-CH (same as Number)"),
    ),
    text=Text(
        Kind.SIP_URI,
        "SIP URI (sip:user@host;transport=tls?X-Header=v), unless <Uri> children are used (13243).",
        required=True,
        alternative=("Uri",),
        max_length=rules.SIP_URI_MAX_CHARS,
    ),
    category=_CAT,
    notes=(
        "Under <Refer> only the SIP URI text is allowed: no attributes, no children.",
        "Several <Sip> per Dial are fine; a cap is unconfirmed (warn above ten).",
        "Custom X- headers come back to the Dial action as SipHeader_X-… and DialSipHeader_X-….",
    ),
    source="§3.8, §3.13",
)

URI = Element(
    "Uri",
    Role.NOUN,
    "One SIP URI of a <Sip>, with its priority and weight (2026-01).",
    parents=("Sip",),
    attributes=(
        integer("priority", "Order in which URIs are tried.", source="§3.8 ✔ PY-CH, PY"),
        integer("weight", "Share of calls among URIs of equal priority.", source="§3.8 ✔ PY-CH, PY"),
        string("username", "User name for SIP digest authentication.", source="§3.8 ✔ PY"),
        string("password", "Password for SIP digest authentication.", source="§3.8 ✔ PY"),
    ),
    text=Text(
        Kind.SIP_URI, "SIP URI (13250 too many URIs).", required=True, max_length=rules.SIP_URI_MAX_CHARS
    ),
    category=_CAT,
    source="§2, §3.8 ✔ PY-CH, PY",
)

HEADERS = Element(
    "Headers",
    Role.NOUN,
    "The custom SIP headers of a <Sip> (2026-01).",
    parents=("Sip",),
    children=("Header",),
    category=_CAT,
    max_count_in_parent=1,
    source="§2, §3.8 ✔ PY-CH, PY",
)

HEADER = Element(
    "Header",
    Role.NOUN,
    "One custom SIP header (13251 too many, 13252 bad name, 13253 too long).",
    parents=("Headers",),
    attributes=name_value_pair("§3.8 ✔ PY", "SIP header"),
    category=_CAT,
    source="§2, §3.8 ✔ PY",
)

SIM = Element(
    "Sim",
    Role.NOUN,
    "A Twilio Programmable Wireless SIM to call.",
    parents=("Dial",),
    text=Text(
        Kind.SID,
        "SIM SID: DE + 32 hex characters (13258 if unsupported).",
        required=True,
        pattern=sid_pattern("DE"),
    ),
    category=_CAT,
    source="§3.9 ✔ PY, SNIP",
)

APPLICATION = Element(
    "Application",
    Role.NOUN,
    "Hand the call to another TwiML App by SID.",
    parents=("Dial",),
    children=("ApplicationSid", "Parameter"),
    attributes=(
        *dial_leg_group("§3.9 ✔ PY, NODE", method_default=None, status_method_default=None),
        string(
            "customerId",
            "Customer identifier, at most 256 characters; default: the sending account SID.",
            max_length=rules.CUSTOMER_ID_MAX_CHARS,
            source="§3.9 ✔ D-application",
        ),
        boolean(
            "copyParentTo",
            "Copy the parent call's To to the new call.",
            default="false",
            source="§3.9 ✔ D-application",
        ),
    ),
    text=Text(
        Kind.SID,
        "TwiML App SID (AP…), unless an <ApplicationSid> child is used.",
        required=True,
        alternative=("ApplicationSid",),
        pattern=sid_pattern("AP"),
    ),
    category=_CAT,
    notes=("No simultaneous dialing: must be the only noun of its <Dial>.",),
    source="§3.9 ✔ D-application, SNIP dial-application-*",
)

APPLICATION_SID = Element(
    "ApplicationSid",
    Role.NOUN,
    "The TwiML App SID, when the <Application> also carries <Parameter>s.",
    parents=("Application",),
    text=Text(Kind.SID, "TwiML App SID (AP…).", required=True, pattern=sid_pattern("AP")),
    category=_CAT,
    max_count_in_parent=1,
    source="§2 ✔ PY, SNIP dial-application-*",
)

WHATSAPP = Element(
    "WhatsApp",
    Role.NOUN,
    "A WhatsApp user to call (2025-07).",
    parents=("Dial",),
    attributes=dial_leg_group("§3.9 ✔ D-whatsapp"),
    text=Text(Kind.PHONE, "The WhatsApp user's phone number.", required=True),
    category=_CAT,
    notes=("The Dial callerId must be whatsapp:+<sender>.",),
    source="§3.9 ✔ D-whatsapp, PY-CH",
)

ELEMENTS: tuple[Element, ...] = (
    DIAL,
    NUMBER,
    CLIENT,
    IDENTITY,
    SIP,
    URI,
    HEADERS,
    HEADER,
    SIM,
    APPLICATION,
    APPLICATION_SID,
    WHATSAPP,
)

__all__ = ["ELEMENTS", "DIAL_NOUNS", "RING_TONES"]
