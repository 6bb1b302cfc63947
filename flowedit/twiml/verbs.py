"""The document root and the plain verbs of TwiML Voice.

This module owns <Response> and the verbs that are not Dial, Enqueue/Leave, Connect, Start/Stop or
Pay: Say, Play, Pause, Gather, Record, Redirect, Hangup, Reject, Refer, Echo and the legacy Sms, plus
the shared <Parameter> noun. Facts come from the shared twiml-reference.md
§2 (nesting) and §3.1–§3.4, §3.11–§3.13 (attributes); `source` fields carry its keys.
"""

from __future__ import annotations

from . import rules
from .common import (
    RECALLED,
    TRIM_VALUES,
    action_pair,
    boolean,
    callback_url,
    enum,
    enum_list,
    integer,
    language,
    method,
    name_value_pair,
    recording_callback_group,
    string,
)
from .kinds import Attribute, Element, Kind, LinkRole, Role, Text
from .languages import GATHER_LANGUAGES, SAY_LANGUAGES
from .ssml import SSML_NAMES

RESPONSE_CHILDREN: tuple[str, ...] = (
    "Connect",
    "Dial",
    "Echo",
    "Enqueue",
    "Gather",
    "Hangup",
    "Leave",
    "Pause",
    "Pay",
    "Play",
    "Record",
    "Redirect",
    "Refer",
    "Reject",
    "Say",
    "Sms",
    "Start",
    "Stop",
)
"""§2: the libraries also allow Queue and Prompt here; that is a generator quirk, so they are left out."""

PARAMETER_PARENTS: tuple[str, ...] = (
    "Client",
    "Application",
    "Hangup",
    "Reject",
    "Pay",
    "Stream",
    "Siprec",
    "Transcription",
    "VirtualAgent",
    "ConversationRelay",
    "Assistant",
)
"""§2 Parameter row, plus NODE's Assistant (§3.14 "children Language, Parameter")."""

SAY_VOICE_PATTERN = (
    r"Polly\.[A-Z][A-Za-z]*(?:-(?:Neural|Generative|LongForm))?|Google\.[a-z]{2,3}(?:-[A-Za-z0-9]+)+"
)
"""Provider-prefixed voices accepted beside man/woman/alice (§3.1): Polly.<Name>[-Neural/-Generative],
Google.<lang>-<Family>-<X> (e.g. Google.en-US-Chirp3-HD-Aoede)."""

_AUDIO_PARENTS = ("Response", "Gather", "Prompt")

RESPONSE = Element(
    "Response",
    Role.ROOT,
    "The root of every TwiML document; its verbs run top to bottom.",
    children=RESPONSE_CHILDREN,
    category="Document",
    notes=(
        "Any other root element is error 12102.",
        "No current attributes; an old XSD allowed `version` (error 12101 still exists).",
        "Text directly inside <Response> means nothing to Twilio; flag it.",
        "When the last verb finishes, the call ends unless a verb handed control elsewhere.",
    ),
    source="§1.1, §1.10–§1.12, §2 ✔ PY/NODE",
)

SAY = Element(
    "Say",
    Role.VERB,
    "Speak text to the caller with a text-to-speech voice.",
    parents=_AUDIO_PARENTS,
    children=SSML_NAMES,
    attributes=(
        enum(
            "voice",
            ("man", "woman", "alice"),
            "Voice: man, woman, alice, or a provider voice such as Polly.Joanna-Neural or "
            "Google.en-US-Standard-C (NODE lists about 900). AI calls `alice` the default (conflict).",
            default="man",
            pattern=SAY_VOICE_PATTERN,
            open_values=True,
            source="§3.1 ✔ D-say (default), ✔ NODE (list); §8.7",
        ),
        language(
            "language",
            "Language and locale of the text; must suit the voice or the <Say> can fail.",
            values=SAY_LANGUAGES,
            default="en-US",
            source="§3.1 ✔ D-say, ✔ NODE",
        ),
        integer(
            "loop", "Times to repeat; 0 repeats until hang-up.", default="1", minimum=0, source="§3.1 ✔ D-say"
        ),
    ),
    text=Text(
        Kind.STRING,
        "The text to speak (SSML children may carry it instead).",
        required=True,
        alternative=tuple(n for n in SSML_NAMES if n != "break"),
        max_length=rules.SAY_MAX_CHARS,
    ),
    category="Speech & audio",
    notes=("More than 4,096 characters is warning 13521.", "13510 loop, 13511 voice, 13520 text."),
    source="§3.1",
)

PLAY = Element(
    "Play",
    Role.VERB,
    "Play an audio file, or send DTMF tones with `digits`.",
    parents=_AUDIO_PARENTS,
    attributes=(
        integer(
            "loop",
            "Times to play; 0 loops until hang-up or 1000 plays.",
            default="1",
            minimum=0,
            source="§3.2 ✔ D-play",
        ),
        Attribute(
            "digits",
            Kind.DIGITS,
            "DTMF tones to play: 0-9 A B C D # *, w = 0.5 s pause, W = 1 s (13430 if invalid).",
            pattern=r"[0-9A-DwW#*]+",
            source="§3.2 ✔ D-play, PY-REST",
        ),
    ),
    text=Text(Kind.URL, "URL of the audio to play; may be empty when `digits` is used.", link=LinkRole.MEDIA),
    category="Speech & audio",
    notes=("Non-audio content gives 13420 / 12300.",),
    source="§3.2",
)

PAUSE = Element(
    "Pause",
    Role.VERB,
    "Wait silently for a number of seconds.",
    parents=_AUDIO_PARENTS,
    attributes=(
        integer(
            "length",
            "Seconds to wait (13910 if invalid).",
            default="1",
            minimum=1,
            confidence=RECALLED,
            source="§3.3 ✔ PY (attribute), ? (default)",
        ),
    ),
    category="Speech & audio",
    source="§3.3",
)

GATHER = Element(
    "Gather",
    Role.VERB,
    "Collect keypresses or speech and send them to `action`.",
    parents=("Response",),
    children=("Say", "Play", "Pause"),
    attributes=(
        enum_list(
            "input",
            ("dtmf", "speech"),
            "Input to accept: dtmf, speech, or both.",
            default="dtmf",
            source="§3.4 ✔ D-gather (2017), NODE",
        ),
        *action_pair(
            "§3.4 ✔ D-gather (2017)", "TwiML requested with the input; default: the current document."
        ),
        integer(
            "timeout",
            "Seconds of no input before falling through.",
            default="5",
            minimum=1,
            source="§3.4 ✔ D-gather",
        ),
        Attribute(
            "finishOnKey",
            Kind.DIGITS,
            "Key that ends input: one of 0-9 # *, or empty to disable.",
            default="#",
            pattern=r"[0-9#*]?",
            source="§3.4 ✔ D-gather (2017)",
        ),
        integer(
            "numDigits",
            "Digits to collect before submitting; default unlimited.",
            minimum=1,
            source="§3.4 ✔ D-gather (2017)",
        ),
        callback_url(
            "partialResultCallback",
            "URL that receives interim speech results.",
            source="§3.4 ✔ D-gather (2017)",
        ),
        method(
            "partialResultCallbackMethod",
            "HTTP method for partialResultCallback.",
            source="§3.4 ✔ D-gather (2017)",
        ),
        language(
            "language",
            "Speech recognition language.",
            values=GATHER_LANGUAGES,
            default="en-US",
            source="§3.4 ✔ D-gather, NODE",
        ),
        string("hints", "Comma-separated words or phrases to expect.", source="§3.4 ✔ D-gather (2017)"),
        boolean(
            "bargeIn",
            "Stop the nested prompts when input starts.",
            default="true",
            source="§3.4 ✔ D-gather (2017)",
        ),
        enum(
            "speechTimeout",
            ("auto",),
            "Seconds of silence that end speech, or auto; not auto with speechModel default (13335). Default follows timeout ?.",
            pattern=r"[1-9][0-9]*",
            source="§3.4 ✔ PY",
        ),
        integer(
            "maxSpeechTime",
            "Longest speech input in seconds.",
            default="60",
            confidence=RECALLED,
            source="§3.4 ✔ PY, default ?",
        ),
        boolean(
            "profanityFilter",
            "Mask profanity in the speech result.",
            default="true",
            confidence=RECALLED,
            source="§3.4 ✔ PY, default ?",
        ),
        string("speechModel", "Speech model name (a free string since 2025-03).", source="§3.4 ✔ PY, PY-CH"),
        boolean(
            "enhanced",
            "Use the enhanced speech model.",
            default="false",
            confidence=RECALLED,
            source="§3.4 ✔ PY, default ?",
        ),
        boolean(
            "actionOnEmptyResult",
            "Request `action` even when no input arrived.",
            default="false",
            confidence=RECALLED,
            source="§3.4 ✔ PY, default ?",
        ),
        boolean("debug", "Debug output for this Gather.", source="§3.4 ✔ PY"),
    ),
    category="Input",
    notes=(
        "Only Say, Play and Pause may be nested (13320).",
        "No input before the timeout: the flow falls through to the next verb.",
        "Speech gathering lasts at most 60 s.",
    ),
    source="§3.4",
)

RECORD = Element(
    "Record",
    Role.VERB,
    "Record the caller and send the recording to `action`.",
    parents=("Response",),
    attributes=(
        *action_pair("§3.12 ✔ D-record", "TwiML requested after recording; default: the current document."),
        integer(
            "timeout",
            "Seconds of silence that end the recording.",
            default="5",
            minimum=1,
            source="§3.12 ✔ D-record",
        ),
        Attribute(
            "finishOnKey",
            Kind.DIGITS,
            "Keys that end the recording: any of 0-9 # *.",
            default="1234567890*#",
            pattern=r"[0-9#*]*",
            source="§3.12 ✔ D-record",
        ),
        integer(
            "maxLength",
            "Longest recording in seconds: above 1, up to 14400 or 86400 depending on the account.",
            default="3600",
            minimum=2,
            maximum=rules.RECORD_MAX_LENGTH_EXTENDED_ACCOUNT,
            source="§3.12 ✔ D-record",
        ),
        boolean("playBeep", "Play a beep before recording.", default="true", source="§3.12 ✔ D-record"),
        enum(
            "trim",
            TRIM_VALUES,
            "Trim leading and trailing silence.",
            default="trim-silence",
            source="§3.12 ✔ D-record",
        ),
        *recording_callback_group("§3.12 ✔ D-record"),
        boolean(
            "transcribe",
            "Transcribe the recording (not in PCI mode).",
            default="false",
            source="§3.12 ✔ D-record",
        ),
        callback_url(
            "transcribeCallback", "URL that receives the transcription (13257).", source="§3.12 ✔ D-record"
        ),
        string("recordingConfigurationId", "Recording configuration to apply.", source="§3.12 ✔ PY"),
    ),
    category="Input",
    notes=(
        "Control goes to `action`; verbs after <Record> run only when the recording is empty.",
        "Transcription is unavailable in PCI mode.",
    ),
    source="§3.12",
)

REDIRECT = Element(
    "Redirect",
    Role.VERB,
    "Continue the call with the TwiML at another URL.",
    parents=("Response",),
    attributes=(method("method", "HTTP method for the URL (13710 if invalid).", source="§3.11 ✔ PY"),),
    text=Text(
        Kind.URL,
        "URL of the next TwiML document; relative URLs resolve against this one.",
        required=True,
        link=LinkRole.DOCUMENT,
    ),
    category="Call control",
    notes=("Later verbs are unreachable.",),
    source="§3.11 ✔ PY, SNIP",
)

HANGUP = Element(
    "Hangup",
    Role.VERB,
    "End the call.",
    parents=("Response",),
    children=("Parameter",),
    category="Call control",
    notes=("Later verbs are unreachable.",),
    source="§3.11 ✔ PY, SNIP hangup-parameter",
)

REJECT = Element(
    "Reject",
    Role.VERB,
    "Refuse an incoming call without answering it.",
    parents=("Response",),
    children=("Parameter",),
    attributes=(
        enum(
            "reason",
            ("rejected", "busy"),
            "Signal sent to the caller (13810 if invalid).",
            default="rejected",
            source="§3.11 ✔ D-reject",
        ),
    ),
    category="Call control",
    notes=(
        "Unbilled only as the first verb; otherwise the call was already answered.",
        "Later verbs are ignored.",
        "D-reject says nothing may be nested, but the libraries and SNIP allow <Parameter>; allowed here.",
    ),
    source="§2, §3.11 ✔ D-reject, SNIP reject-parameter",
)

REFER = Element(
    "Refer",
    Role.VERB,
    "Transfer a SIP call elsewhere with a SIP REFER.",
    parents=("Response",),
    children=("Sip",),
    attributes=action_pair("§3.13 ✔ PY", "TwiML requested when the REFER completes.", method_default=None),
    category="Call control",
    notes=("Only on SIP call legs (13801).", "Holds one <Sip> whose text is the SIP URI (no attributes)."),
    source="§3.13 ✔ PY, SNIP refer-1..4",
)

ECHO = Element(
    "Echo",
    Role.VERB,
    "Play the caller's own audio back (a test verb).",
    parents=("Response",),
    category="Speech & audio",
    source="§3.11 ✔ PY",
)

SMS = Element(
    "Sms",
    Role.VERB,
    "Send an SMS during a call (legacy).",
    parents=("Response",),
    attributes=(
        Attribute("to", Kind.PHONE, "Number to send the message to.", source="§3.11 ✔ PY"),
        Attribute("from", Kind.PHONE, "Number to send the message from.", source="§3.11 ✔ PY"),
        *action_pair("§3.11 ✔ PY", "TwiML requested after the message is sent.", method_default=None),
        callback_url("statusCallback", "URL told the message's status.", source="§3.11 ✔ PY"),
    ),
    text=Text(Kind.STRING, "The message body.", required=True),
    category="Legacy",
    notes=(
        "Legacy voice-side verb: 13803 'SMS verb not supported in this realm'.",
        "14101–14111 cover its errors.",
    ),
    source="§2, §3.11 ✔ PY, SNIP sms-1..4",
)

PARAMETER = Element(
    "Parameter",
    Role.NOUN,
    "A custom name/value pair handed to the target, stream or callback.",
    parents=PARAMETER_PARENTS,
    attributes=name_value_pair("§2 ✔ PY, NODE", "custom parameter"),
    category="Parameters",
    source="§2 ✔ PY, NODE, SNIP parameter-1",
)

ELEMENTS: tuple[Element, ...] = (
    RESPONSE,
    SAY,
    PLAY,
    PAUSE,
    GATHER,
    RECORD,
    REDIRECT,
    HANGUP,
    REJECT,
    REFER,
    ECHO,
    SMS,
    PARAMETER,
)

__all__ = ["ELEMENTS", "RESPONSE_CHILDREN", "PARAMETER_PARENTS", "SAY_VOICE_PATTERN"]
