"""<Connect> and the sessions it opens: Room, Autopilot, VirtualAgent (+Config), Conversation,
ConversationRelay (+Language), AiSession, ConversationRelaySession and NODE's Assistant.

This module owns the Connect part of the vocabulary (the shared twiml-reference.md §2, §3.14).
<Stream> also lives under <Connect>; it is described once, in `media`. <Connect> blocks until its
session ends, then goes to `action` if set, otherwise to the next verb.
"""

from __future__ import annotations

from dataclasses import replace

from .common import (
    DIAL_RECORD_VALUES,
    RECALLED,
    TRIM_VALUES,
    action_pair,
    boolean,
    callback_url,
    document_url,
    enum,
    integer,
    language,
    method,
    name_value_pair,
    recording_callback_group,
    status_callback_group,
    string,
    url,
)
from .kinds import Attribute, Element, Kind, LinkRole, Role, Text

_CAT = "Connect"
_CR_SRC = "§3.14 ✔ PY, NODE, JAVA-T"

CONNECT_NOUNS: tuple[str, ...] = (
    "Room",
    "Autopilot",
    "Stream",
    "VirtualAgent",
    "Conversation",
    "ConversationRelay",
    "AiSession",
    "ConversationRelaySession",
    "Assistant",
)
"""§2 Connect row; Assistant is NODE-only (removed from PY 9.11.0)."""

CONVERSATION_EVENTS: tuple[str, ...] = ("call-initiated", "call-ringing", "call-answered", "call-completed")
"""Conversation statusCallbackEvent tokens (§4.3 ✔ NODE; call-in-progress renamed 2022-09)."""

DISPUTED_RELAY_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("backgroundNoiseReduction", "backgroundnoisereduction"),
    ("speechTimeout", "speechtimeout"),
    ("deepgramSmartFormat", "deepgramsmartformat"),
    ("ignoreBackchannel", "ignorebackchannel"),
)
"""(PY spelling, NODE/JAVA spelling) of the four 2026-04 attributes; §3.14 cannot say which Twilio
accepts, so both are described and both are RECALLED (§8.4)."""


def _relay_attributes() -> tuple[Attribute, ...]:
    """ConversationRelay's attributes (§3.14); types the reference does not give are free strings."""
    s = _CR_SRC
    disputed = tuple(
        string(
            name,
            f"Added 2026-04; spelled {py} by PY and {node} by NODE/JAVA, which Twilio accepts is unconfirmed.",
            confidence=RECALLED,
            source="§3.14, §8.4",
        )
        for py, node in DISPUTED_RELAY_SPELLINGS
        for name in (py, node)
    )
    return (
        url(
            "url",
            LinkRole.WEBSOCKET,
            "wss:// URL of your ConversationRelay WebSocket server.",
            source=s + ", §4.5",
        ),
        language("language", "Language for both speech recognition and text-to-speech.", source=s),
        language("ttsLanguage", "Language for text-to-speech only.", source=s),
        language("transcriptionLanguage", "Language for speech recognition only.", source=s),
        string("ttsProvider", "Text-to-speech provider.", source=s),
        string("voice", "Text-to-speech voice of the provider.", source=s),
        string("transcriptionProvider", "Speech recognition provider.", source=s),
        string("speechModel", "Speech recognition model.", source=s),
        boolean("profanityFilter", "Mask profanity in transcripts.", source=s),
        boolean("dtmfDetection", "Send keypresses to the WebSocket.", source=s),
        boolean("partialPrompts", "Send partial transcripts.", source=s),
        boolean("preemptible", "Let new prompts pre-empt the current reply.", source=s),
        boolean("reportInputDuringAgentSpeech", "Report caller input while the agent speaks.", source=s),
        string("welcomeGreeting", "Text spoken when the session starts.", source=s),
        string(
            "welcomeGreetingInterruptible", "Whether and how the caller may interrupt the greeting.", source=s
        ),
        string("interruptible", "Whether and how the caller may interrupt replies.", source=s),
        string("hints", "Words or phrases to expect.", source=s),
        string("intelligenceService", "SID or unique name of the Intelligence Service.", source=s),
        string("elevenlabsTextNormalization", "ElevenLabs text normalisation setting.", source=s),
        enum(
            "interruptSensitivity",
            ("low", "medium", "high"),
            "How readily speech interrupts the agent.",
            source=s,
        ),
        string("debug", "Debug options sent to the WebSocket.", source=s),
        string("events", "Events to report.", source=s),
        *disputed,
    )


_RELAY_ATTRIBUTES = _relay_attributes()

CONNECT = Element(
    "Connect",
    Role.VERB,
    "Connect the call to a session: a video room, a stream, an AI agent, a conversation …",
    parents=("Response",),
    children=CONNECT_NOUNS,
    attributes=action_pair("§3.14 ✔ PY", "TwiML requested when the session ends.", method_default=None),
    category=_CAT,
    notes=("Blocks until the session ends; then `action` if set, otherwise the next verb (?).",),
    source="§2, §3.14 ✔ PY, SNIP connect_stream",
)

ROOM = Element(
    "Room",
    Role.NOUN,
    "Join the call to a Programmable Video room.",
    parents=("Connect",),
    attributes=(
        string("participantIdentity", "Identity of this participant in the room.", source="§3.14 ✔ PY"),
    ),
    text=Text(Kind.STRING, "Room name.", required=True),
    category=_CAT,
    source="§3.14 ✔ PY, SNIP connect-1/2",
)

AUTOPILOT = Element(
    "Autopilot",
    Role.NOUN,
    "Hand the call to an Autopilot assistant (retired product).",
    parents=("Connect",),
    text=Text(Kind.STRING, "Assistant SID or unique name.", required=True),
    category=_CAT,
    notes=("Autopilot is retired; expect the call to fail.",),
    source="§3.14 ✔ PY, SNIP",
)

VIRTUAL_AGENT = Element(
    "VirtualAgent",
    Role.NOUN,
    "Hand the call to a Dialogflow CX virtual agent.",
    parents=("Connect",),
    children=("Config", "Parameter"),
    attributes=(
        string("connectorName", "Virtual agent connector to use.", source="§3.14 ✔ PY"),
        language("language", "Language of the conversation.", source="§3.14 ✔ PY"),
        boolean("sentimentAnalysis", "Run sentiment analysis.", source="§3.14 ✔ PY"),
        callback_url("statusCallback", "URL told when the session ends.", source="§3.14 ✔ PY"),
        method("statusCallbackMethod", "HTTP method for statusCallback.", default=None, source="§3.14 ✔ PY"),
    ),
    category=_CAT,
    source="§3.14 ✔ PY, SNIP virtualagent-1..6",
)

CONFIG = Element(
    "Config",
    Role.NOUN,
    "A provider configuration name/value pair.",
    parents=("Transcription", "VirtualAgent"),
    attributes=name_value_pair("§2 ✔ PY, NODE", "configuration setting"),
    category="Parameters",
    source="§2 ✔ PY, NODE",
)

_CONV_SRC = "§3.14 ✔ NODE, SNIP conversation-*"

CONVERSATION = Element(
    "Conversation",
    Role.NOUN,
    "Connect the call to a Twilio Conversations service.",
    parents=("Connect",),
    attributes=(
        string("serviceInstanceSid", "Conversations service instance.", source=_CONV_SRC),
        boolean("inboundAutocreation", "Create a conversation for inbound calls.", source=_CONV_SRC),
        integer(
            "routingAssignmentTimeout", "Seconds to wait for routing to assign the call.", source=_CONV_SRC
        ),
        integer("inboundTimeout", "Seconds to wait for an inbound answer.", source=_CONV_SRC),
        document_url("url", "TwiML document for the conversation's call.", source=_CONV_SRC),
        method("method", "HTTP method for `url`.", default=None, source=_CONV_SRC),
        enum("record", (*DIAL_RECORD_VALUES, "true", "false"), "Record the call.", source=_CONV_SRC),
        enum("trim", TRIM_VALUES, "Trim silence from the recording.", source=_CONV_SRC),
        *recording_callback_group(
            _CONV_SRC + "; defaults ?", method_confidence=RECALLED, events_confidence=RECALLED
        ),
        *status_callback_group(CONVERSATION_EVENTS, _CONV_SRC, method_default=None),
    ),
    category=_CAT,
    notes=("statusCallbackEvent `call-in-progress` was renamed `call-answered` in 2022-09.",),
    source=_CONV_SRC,
)

CONVERSATION_RELAY = Element(
    "ConversationRelay",
    Role.NOUN,
    "Relay the call, as text, to your AI application over a WebSocket.",
    parents=("Connect",),
    children=("Language", "Parameter"),
    attributes=_RELAY_ATTRIBUTES,
    category=_CAT,
    notes=(
        "backgroundNoiseReduction, speechTimeout, deepgramSmartFormat and ignoreBackchannel are also "
        "written all lower-case (NODE, JAVA); which spelling Twilio accepts is unconfirmed: keep the original.",
    ),
    source=_CR_SRC,
)

LANGUAGE = Element(
    "Language",
    Role.NOUN,
    "Speech settings for one language of a ConversationRelay session.",
    parents=("ConversationRelay", "Assistant"),
    attributes=(
        language("code", "The language this entry configures.", source="§3.14 ✔ PY, JAVA-T"),
        string("ttsProvider", "Text-to-speech provider for this language.", source="§3.14 ✔ PY, JAVA-T"),
        string("voice", "Text-to-speech voice for this language.", source="§3.14 ✔ PY, JAVA-T"),
        string(
            "transcriptionProvider",
            "Speech recognition provider for this language.",
            source="§3.14 ✔ PY, JAVA-T",
        ),
        string("speechModel", "Speech recognition model for this language.", source="§3.14 ✔ PY, JAVA-T"),
    ),
    category=_CAT,
    source="§2, §3.14 ✔ PY, JAVA-T",
)

AI_SESSION = Element(
    "AiSession",
    Role.NOUN,
    "Connect the call to an AI connector session (2025-09).",
    parents=("Connect",),
    attributes=(
        string("aiConnector", "AI connector to use.", source="§3.14 ✔ PY"),
        string("aiSessionConfiguration", "Session configuration for the connector.", source="§3.14 ✔ PY"),
    ),
    category=_CAT,
    source="§3.14 ✔ PY, PY-CH",
)

CONVERSATION_RELAY_SESSION = Element(
    "ConversationRelaySession",
    Role.NOUN,
    "Connect the call to a configured ConversationRelay session (2025-11).",
    parents=("Connect",),
    attributes=(
        string("connector", "ConversationRelay connector to use.", source="§3.14 ✔ PY"),
        string("sessionConfiguration", "Session configuration for the connector.", source="§3.14 ✔ PY"),
    ),
    category=_CAT,
    source="§3.14 ✔ PY, PY-CH",
)

ASSISTANT = Element(
    "Assistant",
    Role.NOUN,
    "Connect the call to a Twilio AI Assistant (deprecated; Node library only).",
    parents=("Connect",),
    children=("Language", "Parameter"),
    attributes=(
        string("id", "The AI Assistant to connect to.", confidence=RECALLED, source="§3.14 NODE"),
        # "id plus most ConversationRelay attributes" (§3.14): which ones exactly is not stated.
        *(
            replace(a, confidence=RECALLED, source="§3.14 NODE (as ConversationRelay)")
            for a in _RELAY_ATTRIBUTES
        ),
    ),
    category=_CAT,
    notes=(
        "Node library only: removed from the Python library 9.11.0 (AI Assistants deprecated).",
        "Takes `id` plus most ConversationRelay attributes; the exact list is unconfirmed.",
    ),
    source="§2, §3.14 NODE; §8.10",
)

ELEMENTS: tuple[Element, ...] = (
    CONNECT,
    ROOM,
    AUTOPILOT,
    VIRTUAL_AGENT,
    CONFIG,
    CONVERSATION,
    CONVERSATION_RELAY,
    LANGUAGE,
    AI_SESSION,
    CONVERSATION_RELAY_SESSION,
    ASSISTANT,
)

__all__ = ["ELEMENTS", "CONNECT_NOUNS", "CONVERSATION_EVENTS", "DISPUTED_RELAY_SPELLINGS"]
