"""<Start>, <Stop> and the media forks they control: Stream, Siprec, Transcription, Recording.

This module owns the media-fork part of the vocabulary (the shared twiml-reference.md §3.15, and
§3.14 for <Stream> inside <Connect>). A fork started by <Start> runs beside the call and does not
block the next verb; <Stop> ends one, named by repeating it with its `name`.
"""

from __future__ import annotations

from .common import (
    MEDIA_TRACKS,
    RECALLED,
    TRIM_VALUES,
    action_pair,
    boolean,
    callback_url,
    enum,
    language,
    method,
    recording_callback_group,
    string,
    url,
)
from .kinds import Attribute, Element, LinkRole, Role

_CAT = "Media streams"


def _name(source: str) -> Attribute:
    return string("name", "Friendly name; repeat it in <Stop> to stop this fork.", source=source)


def _track(source: str) -> Attribute:
    return enum("track", MEDIA_TRACKS, "Audio track(s) to fork.", source=source)


START = Element(
    "Start",
    Role.VERB,
    "Begin a media fork (stream, SIPREC, transcription, recording) beside the call.",
    parents=("Response",),
    children=("Stream", "Siprec", "Transcription", "Recording"),
    attributes=action_pair("§3.15 ✔ PY", "TwiML requested about the started fork.", method_default=None),
    category=_CAT,
    notes=("Non-blocking: the next verb runs immediately.",),
    source="§2, §3.15 ✔ PY",
)

STOP = Element(
    "Stop",
    Role.VERB,
    "Stop a media fork started earlier, named by its `name`.",
    parents=("Response",),
    children=("Stream", "Siprec", "Transcription"),
    category=_CAT,
    notes=("No attributes. <Recording> cannot be stopped this way.",),
    source="§2, §3.15 ✔ PY, SNIP transcription-stop",
)

STREAM = Element(
    "Stream",
    Role.NOUN,
    "Fork the call audio to a WebSocket (bidirectional under <Connect>).",
    parents=("Connect", "Start", "Stop"),
    children=("Parameter",),
    attributes=(
        _name("§3.15 ✔ NODE"),
        string("connectorName", "Stream connector to use instead of `url`.", source="§3.15 ✔ NODE"),
        url(
            "url",
            LinkRole.WEBSOCKET,
            "wss:// URL of the service that receives the audio.",
            source="§3.15 ✔ NODE, §4.5",
        ),
        _track("§3.15 ✔ NODE; mixed_track removed 2019 ✔ PY-CH"),
        callback_url(
            "statusCallback", "URL told when the stream starts, stops or fails.", source="§3.15 ✔ NODE"
        ),
        method(
            "statusCallbackMethod", "HTTP method for statusCallback.", default=None, source="§3.15 ✔ NODE"
        ),
    ),
    category=_CAT,
    notes=("Whether only inbound_track is valid under <Connect> is ?.",),
    source="§3.14, §3.15 ✔ NODE, SNIP stream-1/2",
)

SIPREC = Element(
    "Siprec",
    Role.NOUN,
    "Fork the call audio to a SIPREC recording server.",
    parents=("Start", "Stop"),
    children=("Parameter",),
    attributes=(
        _name("§3.15 ✔ NODE"),
        _track("§3.15 ✔ NODE"),
        string("connectorName", "SIPREC connector to use.", source="§3.15 ✔ NODE"),
        callback_url("statusCallback", "URL told of the fork's status.", source="§3.15 ✔ NODE"),
        method(
            "statusCallbackMethod", "HTTP method for statusCallback.", default=None, source="§3.15 ✔ NODE"
        ),
    ),
    category=_CAT,
    source="§3.15 ✔ NODE, SNIP siprec-1",
)

TRANSCRIPTION = Element(
    "Transcription",
    Role.NOUN,
    "Transcribe the call in real time.",
    parents=("Start", "Stop"),
    children=("Config", "Parameter"),
    attributes=(
        _name("§3.15 ✔ NODE"),
        _track("§3.15 ✔ NODE"),
        callback_url(
            "statusCallbackUrl",
            "URL that receives transcription events (note: statusCallbackUrl, not statusCallback).",
            source="§3.15 ✔ NODE",
        ),
        method(
            "statusCallbackMethod", "HTTP method for statusCallbackUrl.", default=None, source="§3.15 ✔ NODE"
        ),
        string("inboundTrackLabel", "Label for the inbound speaker.", source="§3.15 ✔ NODE"),
        string("outboundTrackLabel", "Label for the outbound speaker.", source="§3.15 ✔ NODE"),
        boolean("partialResults", "Send interim results too.", source="§3.15 ✔ NODE"),
        language("languageCode", "Language of the speech.", source="§3.15 ✔ NODE"),
        string("transcriptionEngine", "Engine to use (e.g. google, deepgram).", source="§3.15 ✔ NODE"),
        boolean("profanityFilter", "Mask profanity.", source="§3.15 ✔ NODE"),
        string("speechModel", "Engine's speech model.", source="§3.15 ✔ NODE"),
        string("hints", "Words or phrases to expect.", source="§3.15 ✔ NODE"),
        boolean("enableAutomaticPunctuation", "Add punctuation to the text.", source="§3.15 ✔ NODE"),
        string(
            "intelligenceService", "SID or unique name of the Intelligence Service.", source="§3.15 ✔ NODE"
        ),
    ),
    category=_CAT,
    source="§3.15 ✔ NODE, SNIP transcription-*",
)

RECORDING = Element(
    "Recording",
    Role.NOUN,
    "Record the call in the background (2025-11; Start only).",
    parents=("Start",),
    attributes=(
        *recording_callback_group(
            "§3.15 ✔ NODE, §4.3; defaults ?", method_confidence=RECALLED, events_confidence=RECALLED
        ),
        enum("trim", TRIM_VALUES, "Trim silence from the recording.", source="§3.15 ✔ NODE"),
        enum(
            "track",
            ("inbound", "outbound", "both"),
            "Track to record (not Stream's *_track values).",
            source="§3.15 ✔ NODE",
        ),
        enum("channels", ("mono", "dual"), "Mono or dual-channel recording.", source="§3.15 ✔ NODE"),
        string("recordingConfigurationId", "Recording configuration to apply.", source="§3.15 ✔ NODE"),
    ),
    category=_CAT,
    notes=("Only inside <Start>; <Stop> cannot hold it.",),
    source="§3.15 ✔ NODE",
)

ELEMENTS: tuple[Element, ...] = (START, STOP, STREAM, SIPREC, TRANSCRIPTION, RECORDING)

__all__ = ["ELEMENTS"]
