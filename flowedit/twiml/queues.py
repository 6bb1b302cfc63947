"""Queues and conferences: <Enqueue> (+<Task>), <Leave>, and the Dial nouns <Queue> and <Conference>.

This module owns the waiting-room part of the vocabulary (the shared twiml-reference.md §3.9,
§3.10, §3.11, §4.3). <Queue> and <Conference> are <Dial> nouns (their Dial side is in `dial`); each
must be the only noun of its Dial. The documents their `url`/`waitUrl` name may hold only a few
verbs: see rules.RESTRICTED_DOCUMENTS.
"""

from __future__ import annotations

from . import rules
from .common import (
    RECALLED,
    TRIM_VALUES,
    action_pair,
    boolean,
    callback_url,
    document_url,
    enum,
    integer,
    method,
    recording_callback_group,
    sid,
    status_callback_group,
    string,
)
from .kinds import Element, Kind, Role, Text

CONFERENCE_EVENTS: tuple[str, ...] = (
    "start",
    "end",
    "join",
    "leave",
    "mute",
    "hold",
    "modify",
    "speaker",
    "announcement",
)
"""Conference statusCallbackEvent tokens (§4.3 ✔ NODE)."""

LEAVE = Element(
    "Leave",
    Role.VERB,
    "Take the caller out of the current queue.",
    parents=("Response",),
    category="Queues & conferences",
    notes=(
        "Meaningful only in an Enqueue waitUrl document; the call continues after the <Enqueue>.",
        "PY-CH (2023-01) mentions <Parameter> in <Leave>, but no library has it; warn at most.",
    ),
    source="§3.11 ✔ PY, SNIP leave-1..3; §8.5",
)

ENQUEUE = Element(
    "Enqueue",
    Role.VERB,
    "Put the caller in a queue, playing the waitUrl document meanwhile.",
    parents=("Response",),
    children=("Task",),
    attributes=(
        *action_pair("§3.10 ✔ D-enqueue", "TwiML requested when the call leaves the queue."),
        document_url(
            "waitUrl",
            "Hold TwiML, requested again in a loop; default: Twilio's classical playlist.",
            source="§3.10 ✔ D-enqueue",
        ),
        method(
            "waitUrlMethod",
            "HTTP method for waitUrl (Twilio's own playlist is fetched with GET).",
            source="§3.10 ✔ D-enqueue",
        ),
        sid("workflowSid", "WW", "TaskRouter workflow that routes the call.", source="§3.10 ✔ D-enqueue"),
        integer(
            "maxQueueSize",
            "Largest size of the queue (older pages: 100).",
            default="1000",
            minimum=1,
            source="§3.10 ✔ PY, D-enqueue",
        ),
    ),
    text=Text(
        Kind.STRING,
        "Queue name; may be empty when workflowSid is used (14204 / 14205).",
        max_length=rules.QUEUE_NAME_MAX_CHARS,
    ),
    category="Queues & conferences",
    notes=("On leaving the queue: `action` if set, otherwise the next verb (?).",),
    source="§3.10",
)

TASK = Element(
    "Task",
    Role.NOUN,
    "TaskRouter task attributes for an Enqueue with workflowSid.",
    parents=("Enqueue",),
    attributes=(
        integer("priority", "Task priority.", source="§3.10 ✔ PY, NODE"),
        integer("timeout", "Task timeout in seconds.", source="§3.10 ✔ PY, NODE"),
    ),
    text=Text(Kind.JSON, "JSON object of task attributes (14221 if invalid).", required=True),
    category="Queues & conferences",
    max_count_in_parent=1,
    source="§3.10 ✔ PY, NODE, SNIP",
)

_CONF_SRC = "§3.9 ✔ PY/NODE; default ?"

CONFERENCE = Element(
    "Conference",
    Role.NOUN,
    "Join the caller to a named conference room.",
    parents=("Dial",),
    attributes=(
        boolean("muted", "Join muted (13230).", default="false", confidence=RECALLED, source=_CONF_SRC),
        enum(
            "beep",
            ("true", "false", "onEnter", "onExit"),
            "Beep when participants join or leave (13235).",
            default="true",
            confidence=RECALLED,
            source=_CONF_SRC,
        ),
        boolean(
            "startConferenceOnEnter",
            "Start the conference when this participant joins (13232).",
            default="true",
            confidence=RECALLED,
            source=_CONF_SRC,
        ),
        boolean(
            "endConferenceOnExit",
            "End the conference when this participant leaves (13231).",
            default="false",
            confidence=RECALLED,
            source=_CONF_SRC,
        ),
        document_url(
            "waitUrl",
            'Hold TwiML (Play/Say/Pause/Redirect only, 13238); "" means silence; default: Twilio\'s hold music.',
            source="§3.9 ✔ PY, SNIP conference-6; 13233",
        ),
        method("waitMethod", "HTTP method for waitUrl (13234).", confidence=RECALLED, source=_CONF_SRC),
        integer(
            "maxParticipants",
            "Largest number of participants (≤ 250 ✔; lower bound 2 ?).",
            default="250",
            minimum=2,
            maximum=rules.CONFERENCE_MAX_PARTICIPANTS,
            confidence=RECALLED,
            source="§3.9 ✔ PY, D-conference; bound/default ?",
        ),
        enum(
            "record",
            ("do-not-record", "record-from-start"),
            "Record the conference.",
            default="do-not-record",
            confidence=RECALLED,
            source=_CONF_SRC,
        ),
        string("recordingConfigurationId", "Recording configuration to apply.", source="§3.9 ✔ PY"),
        enum(
            "region",
            ("us1", "us2", "ie1", "sg1", "br1", "au1", "jp1", "de1"),
            "Media region (default: automatic ?).",
            source="§3.9 ✔ NODE",
        ),
        sid(
            "coach",
            "CA",
            "Call SID of the participant to coach (was `whisper` until 2019).",
            source="§3.9 ✔ PY, PY-CH",
        ),
        enum(
            "trim",
            TRIM_VALUES,
            "Trim silence from the recording (13239).",
            default="trim-silence",
            confidence=RECALLED,
            source=_CONF_SRC,
        ),
        *status_callback_group(CONFERENCE_EVENTS, "§3.9 ✔ NODE, PY", method_confidence=RECALLED),
        *recording_callback_group(
            "§3.9 ✔ PY, NODE; defaults ?", method_confidence=RECALLED, events_confidence=RECALLED
        ),
        callback_url("eventCallbackUrl", "URL that receives conference events.", source="§3.9 ✔ PY"),
        enum(
            "jitterBufferSize",
            ("large", "medium", "small", "off"),
            "Jitter buffer for this participant.",
            source="§3.9 ✔ NODE",
        ),
        string(
            "participantLabel",
            "Label unique within the conference (16026 if taken).",
            source="§3.9 ✔ PY, ≈ 16026",
        ),
    ),
    text=Text(Kind.STRING, "Conference room name (account-scoped; avoid personal data).", required=True),
    category="Queues & conferences",
    notes=(
        "Must be the only noun of its <Dial>; cannot be mixed with <Number> (13000).",
        "At most 250 participants.",
    ),
    source="§3.9",
)

QUEUE = Element(
    "Queue",
    Role.NOUN,
    "Connect the caller to the next caller waiting in a queue.",
    parents=("Dial",),
    attributes=(
        document_url(
            "url",
            "TwiML played to the dequeued caller before the bridge; Play, Say, Pause, Redirect only.",
            source="§3.9 ✔ D-queue",
        ),
        method("method", "HTTP method for `url`.", source="§3.9 ✔ D-queue"),
        sid("reservationSid", None, "TaskRouter reservation SID (WR…) to accept.", source="§3.9 ✔ D-queue"),
        sid(
            "postWorkActivitySid",
            None,
            "TaskRouter activity SID (WA…) for the worker afterwards.",
            source="§3.9 ✔ D-queue",
        ),
    ),
    text=Text(
        Kind.STRING,
        "Queue name (14212 too short, 14213 too long).",
        required=True,
        max_length=rules.QUEUE_NAME_MAX_CHARS,
    ),
    category="Queues & conferences",
    notes=(
        "Should be the only noun of its <Dial> (?).",
        "An empty queue makes Dial wait up to its timeout; a missing queue reports an error to Dial action.",
        "Not valid directly under <Response> (a generator quirk in the libraries).",
    ),
    source="§3.9 ✔ D-queue",
)

ELEMENTS: tuple[Element, ...] = (ENQUEUE, TASK, LEAVE, QUEUE, CONFERENCE)

__all__ = ["ELEMENTS", "CONFERENCE_EVENTS"]
